/** Elementwise np functions: promotion + broadcasting around one primitive each. */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import { bind, type NDArray } from '../array/ndarray';
import type { Primitive } from '../array/primitives';
import { broadcastArrays, cast, promote, promoteBroadcast, toFloat } from './util';

const binary = (p: Primitive) => (x: ArrayLike, y: ArrayLike): NDArray => bind(p, promoteBroadcast(x, y));
const floatUnary = (p: Primitive) => (x: ArrayLike): NDArray => bind(p, [toFloat(x)]);
const numUnary = (p: Primitive) => (x: ArrayLike): NDArray => {
  const [a] = promote(x);
  return bind(p, [a!.dtype === 'bool' ? cast(a!, 'int32') : a!]);
};

export const add = binary('add');
export const subtract = binary('sub');
export const multiply = binary('mul');
export const maximum = binary('max');
export const minimum = binary('min');
export const equal = binary('eq');
export const notEqual = binary('ne');
export const less = binary('lt');
export const lessEqual = binary('le');
export const greater = binary('gt');
export const greaterEqual = binary('ge');
export const bitwiseAnd = binary('and');
export const bitwiseOr = binary('or');
export const bitwiseXor = binary('xor');

/** True division: integer operands divide as float64 (numpy's `/`). */
export function divide(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteBroadcast(x, y);
  return isFloat(a!.dtype) ? bind('div', [a!, b!]) : bind('div', [cast(a!, 'float64'), cast(b!, 'float64')]);
}
export const trueDivide = divide;

/** Python-style floor division and modulo (the sign of the remainder follows the divisor). */
export function floorDivide(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteBroadcast(x, y);
  if (isFloat(a!.dtype)) return bind('floor', [bind('div', [a!, b!])]);
  const q = bind('div', [a!, b!]);
  const r = bind('rem', [a!, b!]);
  const fix = logicalAnd(notEqual(r, 0), notEqual(less(r, 0), less(b!, 0)));
  return where(fix, subtract(q, 1), q);
}
export function remainder(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteBroadcast(x, y);
  const r = bind('rem', [a!, b!]);
  const fix = logicalAnd(notEqual(r, 0), notEqual(less(r, 0), less(b!, 0)));
  return where(fix, add(r, b!), r);
}
export const mod = remainder;
export const fmod = binary('rem');

export function power(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteBroadcast(x, y);
  return bind('pow', [a!, b!]);
}
export const pow = power;
export const arctan2 = (y: ArrayLike, x: ArrayLike): NDArray => bind('atan2', promoteBroadcast(toFloat(y), toFloat(x)));

export const negative = numUnary('neg');
export const abs = numUnary('abs');
export const absolute = abs;
export const sign = numUnary('sign');
export const exp = floatUnary('exp');
export const log = floatUnary('log');
export const log1p = floatUnary('log1p');
export const expm1 = floatUnary('expm1');
export const sin = floatUnary('sin');
export const cos = floatUnary('cos');
export const tan = floatUnary('tan');
export const tanh = floatUnary('tanh');
export const sqrt = floatUnary('sqrt');
export const rsqrt = floatUnary('rsqrt');
export const sigmoid = floatUnary('logistic');
export const exp2 = (x: ArrayLike): NDArray => power(2, toFloat(x));
export const log2 = (x: ArrayLike): NDArray => divide(log(x), Math.LN2);
export const log10 = (x: ArrayLike): NDArray => divide(log(x), Math.LN10);
export const square = (x: ArrayLike): NDArray => multiply(x, x);
export const reciprocal = (x: ArrayLike): NDArray => divide(1, x);
export const relu = (x: ArrayLike): NDArray => maximum(x, 0);

/** Integral values pass through floor/ceil/round unchanged, as in numpy. */
const rounding = (f: (a: NDArray) => NDArray) => (x: ArrayLike): NDArray => {
  const [a] = promote(x);
  return isFloat(a!.dtype) ? f(a!) : a!;
};
export const floor = rounding((a) => bind('floor', [a]));
export const ceil = rounding((a) => bind('ceil', [a]));
/** Round half to even, as numpy.round does. */
export const round = rounding((a) => bind('round', [a], { method: 'toEven' }));
export const trunc = rounding((a) => where(less(a, 0), bind('ceil', [a]), bind('floor', [a])));

export function logicalNot(x: ArrayLike): NDArray {
  return bind('not', [cast(asArray(x), 'bool')]);
}
export function logicalAnd(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteBroadcast(cast(asArray(x), 'bool'), cast(asArray(y), 'bool'));
  return bind('and', [a!, b!]);
}
export function logicalOr(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteBroadcast(cast(asArray(x), 'bool'), cast(asArray(y), 'bool'));
  return bind('or', [a!, b!]);
}
export const isnan = (x: ArrayLike): NDArray => notEqual(x, x);
export const isfinite = (x: ArrayLike): NDArray => {
  const a = toFloat(x);
  return logicalAnd(equal(a, a), less(abs(a), Infinity));
};

/** `where(cond, x, y)`: elementwise choice with broadcasting over all three. */
export function where(cond: ArrayLike, x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promote(x, y);
  const [c, t, f] = broadcastArrays(cast(asArray(cond), 'bool'), a!, b!);
  return bind('select', [c!, t!, f!]);
}

/** Limits values to [lo, hi] (either may be null). */
export function clip(x: ArrayLike, lo: ArrayLike | null, hi: ArrayLike | null): NDArray {
  let r = asArray(x);
  if (lo !== null) r = maximum(r, lo);
  if (hi !== null) r = minimum(r, hi);
  return r;
}

export const astype = (x: ArrayLike, dtype: Parameters<typeof cast>[1]): NDArray => cast(asArray(x), dtype);
