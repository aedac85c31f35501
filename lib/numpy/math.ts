/** Elementwise np functions: promotion + broadcasting around one primitive each. */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import { bind, type NDArray } from '../array/ndarray';
import { fmtShape } from '../array/shape';
import type { Primitive } from '../array/primitives';
import { broadcastArrays, cast, promote, promoteBroadcast, toFloat } from './util';

const binary = (p: Primitive) => (x: ArrayLike, y: ArrayLike): NDArray => bind(p, promoteBroadcast(x, y));
const floatUnary = (p: Primitive) => (x: ArrayLike): NDArray => bind(p, [toFloat(x)]);
const numUnary = (p: Primitive) => (x: ArrayLike): NDArray => {
  const [a] = promote(x);
  return bind(p, [a!.dtype === 'bool' ? cast(a!, 'int32') : a!]);
};
/** Promoted and broadcast operands, bools made int32 (JAX's promote_args_numeric; numpy's would be int8). */
function numericPair(x: ArrayLike, y: ArrayLike): [NDArray, NDArray] {
  const [a, b] = promoteBroadcast(x, y);
  return a!.dtype === 'bool' ? [cast(a!, 'int32'), cast(b!, 'int32')] : [a!, b!];
}
/** An arithmetic op that numpy (and jnp) define on bools as a logical one: `+` is or, `*` is and. */
const boolLogical = (p: Primitive, onBools: Primitive) => (x: ArrayLike, y: ArrayLike): NDArray => {
  const [a, b] = promoteBroadcast(x, y);
  return bind(a!.dtype === 'bool' ? onBools : p, [a!, b!]);
};
const boolArgError = (fn: string, op: string, shapes: string, instead: string) =>
  new TypeError(`np.${fn}: numpy's boolean ${op} is not supported (bool operands of shapes ${shapes}); use ${instead} instead`);

/**
 * Elementwise `x + y` with NumPy broadcasting and JAX's type promotion (on bools: logical or, as numpy).
 * @example np.add([1, 2, 3], 10).toArray() // [11, 12, 13]
 */
export const add = boolLogical('add', 'or');
/**
 * Elementwise `x - y` with NumPy broadcasting and JAX's type promotion (bools are an error, as in numpy).
 * @example np.subtract([5, 7], [1, 2]).toArray() // [4, 5]
 */
export function subtract(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteBroadcast(x, y);
  if (a!.dtype === 'bool') {
    const shapes = `${fmtShape(asArray(x).shape)} and ${fmtShape(asArray(y).shape)}`;
    throw boolArgError('subtract', 'subtract', shapes, 'np.logicalXor or np.bitwiseXor');
  }
  return bind('sub', [a!, b!]);
}
/**
 * Elementwise `x * y` with NumPy broadcasting and JAX's type promotion (on bools: logical and, as numpy).
 * @example np.multiply([[1], [2]], [3, 4]).toArray() // [[3, 4], [6, 8]]
 */
export const multiply = boolLogical('mul', 'and');
/**
 * Elementwise maximum of `x` and `y` (NaN propagates), with broadcasting and type promotion.
 * @example np.maximum([1, 5, 3], 2).toArray() // [2, 5, 3]
 */
export const maximum = binary('max');
/**
 * Elementwise minimum of `x` and `y` (NaN propagates), with broadcasting and type promotion.
 * @example np.minimum([1, 5, 3], 2).toArray() // [1, 2, 2]
 */
export const minimum = binary('min');
/**
 * Elementwise `x == y` as a bool array, with broadcasting and type promotion.
 * @example np.equal([1, 2, 3], 2).toArray() // [false, true, false]
 */
export const equal = binary('eq');
/**
 * Elementwise `x != y` as a bool array, with broadcasting and type promotion.
 * @example np.notEqual([1, 2, 3], 2).toArray() // [true, false, true]
 */
export const notEqual = binary('ne');
/**
 * Elementwise `x < y` as a bool array, with broadcasting and type promotion.
 * @example np.less([1, 2, 3], 2).toArray() // [true, false, false]
 */
export const less = binary('lt');
/**
 * Elementwise `x <= y` as a bool array, with broadcasting and type promotion.
 * @example np.lessEqual([1, 2, 3], 2).toArray() // [true, true, false]
 */
export const lessEqual = binary('le');
/**
 * Elementwise `x > y` as a bool array, with broadcasting and type promotion.
 * @example np.greater([1, 2, 3], 2).toArray() // [false, false, true]
 */
export const greater = binary('gt');
/**
 * Elementwise `x >= y` as a bool array, with broadcasting and type promotion.
 * @example np.greaterEqual([1, 2, 3], 2).toArray() // [false, true, true]
 */
export const greaterEqual = binary('ge');
/**
 * Elementwise bitwise AND of integer or bool arrays (logical AND for bools), with broadcasting and type promotion.
 * @example np.bitwiseAnd(np.array([12, 10], 'int32'), 6).toArray() // [4, 2]
 */
export const bitwiseAnd = binary('and');
/**
 * Elementwise bitwise OR of integer or bool arrays (logical OR for bools), with broadcasting and type promotion.
 * @example np.bitwiseOr(np.array([12, 10], 'int32'), 6).toArray() // [14, 14]
 */
export const bitwiseOr = binary('or');
/**
 * Elementwise bitwise XOR of integer or bool arrays (logical XOR for bools), with broadcasting and type promotion.
 * @example np.bitwiseXor(np.array([12, 10], 'int32'), 6).toArray() // [10, 12]
 */
export const bitwiseXor = binary('xor');

/**
 * True division: integer operands divide as float64 (numpy's `/`).
 * @example np.divide([1, 3], 2).toArray() // [0.5, 1.5]
 */
export function divide(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteBroadcast(x, y);
  return isFloat(a!.dtype) ? bind('div', [a!, b!]) : bind('div', [cast(a!, 'float64'), cast(b!, 'float64')]);
}
/**
 * Alias of `divide`: true division, integer operands divide as float64.
 * @example np.trueDivide([1, 3], 2).toArray() // [0.5, 1.5]
 */
export const trueDivide = divide;

/**
 * Python-style floor division and modulo (the sign of the remainder follows the divisor).
 * @example np.floorDivide([7, -7], 2).toArray() // [3, -4]
 */
export function floorDivide(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = numericPair(x, y);
  if (isFloat(a!.dtype)) return bind('floor', [bind('div', [a!, b!])]);
  const q = bind('div', [a!, b!]);
  const r = bind('rem', [a!, b!]);
  const fix = logicalAnd(notEqual(r, 0), notEqual(less(r, 0), less(b!, 0)));
  return where(fix, subtract(q, 1), q);
}
/**
 * Elementwise Python-style modulo `x % y` (the result takes the divisor's sign), with broadcasting and type promotion.
 * @example np.remainder([-3, 3], 2).toArray() // [1, 1]
 */
export function remainder(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = numericPair(x, y);
  const r = bind('rem', [a!, b!]);
  const fix = logicalAnd(notEqual(r, 0), notEqual(less(r, 0), less(b!, 0)));
  return where(fix, add(r, b!), r);
}
/**
 * Alias of `remainder`: Python-style modulo, the result takes the divisor's sign.
 * @example np.mod([-7, 7], 3).toArray() // [2, 1]
 */
export const mod = remainder;
/**
 * Elementwise C-style remainder (the result takes the dividend's sign), with broadcasting and type promotion.
 * @example np.fmod([-3, 3], 2).toArray() // [-1, 1]
 */
export const fmod = (x: ArrayLike, y: ArrayLike): NDArray => bind('rem', numericPair(x, y));

/**
 * Elementwise `x ** y` with broadcasting and type promotion (ints stay ints).
 * @example np.power([1, 2, 3], 2).toArray() // [1, 4, 9]
 */
export function power(x: ArrayLike, y: ArrayLike): NDArray {
  return bind('pow', numericPair(x, y));
}
/**
 * Alias of `power`: elementwise `x ** y` with broadcasting and type promotion.
 * @example np.pow(2, [0, 1, 3]).toArray() // [1, 2, 8]
 */
export const pow = power;
/**
 * Elementwise four-quadrant arctangent of `y / x` in radians, in float, with broadcasting.
 * @example np.arctan2([1, -1], [0, 0]).toArray() // [Math.PI / 2, -Math.PI / 2]
 */
export const arctan2 = (y: ArrayLike, x: ArrayLike): NDArray => bind('atan2', promoteBroadcast(toFloat(y), toFloat(x)));

/**
 * Elementwise `-x` (bools are an error, as in numpy and jnp).
 * @example np.negative([1, -2]).toArray() // [-1, 2]
 */
export function negative(x: ArrayLike): NDArray {
  const [a] = promote(x);
  if (a!.dtype === 'bool') throw boolArgError('negative', 'negative', fmtShape(a!.shape), 'np.logicalNot or np.invert');
  return bind('neg', [a!]);
}
/**
 * Elementwise absolute value, in the input's dtype (bools stay bool, as in numpy and jnp).
 * @example np.abs([-1.5, 2]).toArray() // [1.5, 2]
 */
export function abs(x: ArrayLike): NDArray {
  const [a] = promote(x);
  return a!.dtype === 'bool' ? a! : bind('abs', [a!]);
}
/**
 * Alias of `abs`: elementwise absolute value.
 * @example np.absolute([-3, 0, 3]).toArray() // [3, 0, 3]
 */
export const absolute = abs;
/**
 * Elementwise sign: -1, 0 or 1 (bools become int32).
 * @example np.sign([-2, 0, 5]).toArray() // [-1, 0, 1]
 */
export const sign = numUnary('sign');
/**
 * Elementwise `e ** x`; integer input is promoted to float.
 * @example np.exp([0, 1]).toArray() // [1, Math.E]
 */
export const exp = floatUnary('exp');
/**
 * Elementwise natural logarithm; integer input is promoted to float.
 * @example np.log([1, Math.E]).toArray() // [0, 1]
 */
export const log = floatUnary('log');
/**
 * Elementwise `log(1 + x)`, accurate for small x; integer input is promoted to float.
 * @example np.log1p([0, Math.E - 1]).toArray() // [0, 1]
 */
export const log1p = floatUnary('log1p');
/**
 * Elementwise `exp(x) - 1`, accurate for small x; integer input is promoted to float.
 * @example np.expm1([0, Math.log(2)]).toArray() // [0, 1]
 */
export const expm1 = floatUnary('expm1');
/**
 * Elementwise sine (radians); integer input is promoted to float.
 * @example np.sin([0, Math.PI / 2]).toArray() // [0, 1]
 */
export const sin = floatUnary('sin');
/**
 * Elementwise cosine (radians); integer input is promoted to float.
 * @example np.cos([0, Math.PI]).toArray() // [1, -1]
 */
export const cos = floatUnary('cos');
/**
 * Elementwise tangent (radians); integer input is promoted to float.
 * @example np.tan([0, Math.PI / 4]).toArray() // [0, 1]
 */
export const tan = floatUnary('tan');
/**
 * Elementwise hyperbolic tangent; integer input is promoted to float.
 * @example np.tanh([0]).toArray() // [0]
 */
export const tanh = floatUnary('tanh');
/**
 * Elementwise non-negative square root (NaN for negatives); integer input is promoted to float.
 * @example np.sqrt([4, 9]).toArray() // [2, 3]
 */
export const sqrt = floatUnary('sqrt');
/**
 * Elementwise reciprocal square root `1 / sqrt(x)`; integer input is promoted to float.
 * @example np.rsqrt([4, 16]).toArray() // [0.5, 0.25]
 */
export const rsqrt = floatUnary('rsqrt');
/**
 * Elementwise logistic sigmoid `1 / (1 + exp(-x))`; integer input is promoted to float.
 * @example np.sigmoid([0]).toArray() // [0.5]
 */
export const sigmoid = floatUnary('logistic');
/**
 * Elementwise `2 ** x`, in float.
 * @example np.exp2([0, 3]).toArray() // [1, 8]
 */
export const exp2 = (x: ArrayLike): NDArray => power(2, toFloat(x));
/**
 * Elementwise base-2 logarithm, in float.
 * @example np.log2([1, 8]).toArray() // [0, 3]
 */
export const log2 = (x: ArrayLike): NDArray => divide(log(x), Math.LN2);
/**
 * Elementwise base-10 logarithm, in float.
 * @example np.log10([1, 1000]).toArray() // [0, 3]
 */
export const log10 = (x: ArrayLike): NDArray => divide(log(x), Math.LN10);
/**
 * Elementwise `x * x`, in the input's dtype; bools square as int32 (jnp's promote_dtypes_numeric;
 * numpy's square has no bool loop and gives int8).
 * @example np.square([-2, 3]).toArray() // [4, 9]
 */
export const square = (x: ArrayLike): NDArray => {
  const [a] = promote(x);
  const n = a!.dtype === 'bool' ? cast(a!, 'int32') : a!;
  return bind('mul', [n, n]);
};
/**
 * Elementwise `1 / x` (true division: integer input gives float64).
 * @example np.reciprocal([2, 4]).toArray() // [0.5, 0.25]
 */
export const reciprocal = (x: ArrayLike): NDArray => divide(1, x);
/**
 * Elementwise `max(x, 0)`.
 * @example np.relu([-1, 0, 2]).toArray() // [0, 0, 2]
 */
export const relu = (x: ArrayLike): NDArray => maximum(x, 0);

/** Integral values pass through floor/ceil/round unchanged, as in numpy. */
const rounding = (f: (a: NDArray) => NDArray) => (x: ArrayLike): NDArray => {
  const [a] = promote(x);
  return isFloat(a!.dtype) ? f(a!) : a!;
};
/**
 * Elementwise floor (the largest integer <= x); integer input is returned unchanged.
 * @example np.floor([-1.5, 1.5]).toArray() // [-2, 1]
 */
export const floor = rounding((a) => bind('floor', [a]));
/**
 * Elementwise ceiling (the smallest integer >= x); integer input is returned unchanged.
 * @example np.ceil([-1.5, 1.5]).toArray() // [-1, 2]
 */
export const ceil = rounding((a) => bind('ceil', [a]));
/**
 * Round half to even, as numpy.round does.
 * @example np.round([0.5, 1.5, 2.5]).toArray() // [0, 2, 2]
 */
export const round = rounding((a) => bind('round', [a], { method: 'toEven' }));
/**
 * Elementwise truncation towards zero; integer input is returned unchanged.
 * @example np.trunc([-1.7, 1.7]).toArray() // [-1, 1]
 */
export const trunc = rounding((a) => where(less(a, 0), bind('ceil', [a]), bind('floor', [a])));

/**
 * Elementwise logical NOT: `x` is read as bool (nonzero is true), the result is bool.
 * @example np.logicalNot([0, 1, 2]).toArray() // [true, false, false]
 */
export function logicalNot(x: ArrayLike): NDArray {
  return bind('not', [cast(asArray(x), 'bool')]);
}
/**
 * Elementwise logical AND of `x` and `y` read as bools, with broadcasting.
 * @example np.logicalAnd([0, 1, 2], 1).toArray() // [false, true, true]
 */
export function logicalAnd(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteBroadcast(cast(asArray(x), 'bool'), cast(asArray(y), 'bool'));
  return bind('and', [a!, b!]);
}
/**
 * Elementwise logical OR of `x` and `y` read as bools, with broadcasting.
 * @example np.logicalOr([0, 1, 0], [0, 0, 3]).toArray() // [false, true, true]
 */
export function logicalOr(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteBroadcast(cast(asArray(x), 'bool'), cast(asArray(y), 'bool'));
  return bind('or', [a!, b!]);
}
/**
 * Whether each element is NaN (a bool array; never true for ints and bools).
 * @example np.isnan([1, NaN]).toArray() // [false, true]
 */
export const isnan = (x: ArrayLike): NDArray => notEqual(x, x);
/**
 * Whether each element is neither infinite nor NaN (a bool array).
 * @example np.isfinite([1, Infinity, NaN]).toArray() // [true, false, false]
 */
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

/**
 * Limits values to [lo, hi] (either may be null).
 * @example np.clip([1, 5, 9], 2, 6).toArray() // [2, 5, 6]
 */
export function clip(x: ArrayLike, lo: ArrayLike | null, hi: ArrayLike | null): NDArray {
  let r = asArray(x);
  if (lo !== null) r = maximum(r, lo);
  if (hi !== null) r = minimum(r, hi);
  return r;
}

/**
 * `x` converted to `dtype` (floats to ints truncate towards zero, as in numpy).
 * @example np.astype([1.7, -1.7], 'int32').toArray() // [1, -1]
 */
export const astype = (x: ArrayLike, dtype: Parameters<typeof cast>[1]): NDArray => cast(asArray(x), dtype);
