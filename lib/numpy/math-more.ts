/**
 * More elementwise np functions: the inverse trigonometric and hyperbolic functions (primitives),
 * and numpy's compositions of them (hypot, cbrt, logaddexp, copysign, the isinf family,
 * nanToNum, ...), each with numpy's values at ±0, ±Infinity and NaN.
 */
import type { ArrayLike } from '../array/create';
import { isFloat, type DType } from '../array/dtype';
import { bind, type NDArray } from '../array/ndarray';
import type { Primitive } from '../array/primitives';
import {
  abs,
  add,
  divide,
  equal,
  exp,
  greater,
  isnan,
  less,
  log1p,
  logicalAnd,
  logicalOr,
  maximum,
  minimum,
  multiply,
  negative,
  power,
  sin,
  sqrt,
  subtract,
  where,
} from './math';
import { promote, promoteBroadcast, toFloat } from './util';

const floatUnary =
  (p: Primitive) =>
  (x: ArrayLike): NDArray =>
    bind(p, [toFloat(x)]);
/** Operands promoted together, then to float (ints and bools become float64), and broadcast. */
const floatPair = (x: ArrayLike, y: ArrayLike): [NDArray, NDArray] => {
  const [a, b] = promote(x, y);
  const [fa, fb] = promoteBroadcast(toFloat(a!), toFloat(b!));
  return [fa!, fb!];
};
const largest = (d: DType): number => (d === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE);

/**
 * Elementwise inverse sine in radians; integer input is promoted to float.
 * @example np.arcsin([0, 1]).toArray() // [0, Math.PI / 2]
 */
export const arcsin = floatUnary('asin');
/**
 * Elementwise inverse cosine in radians; integer input is promoted to float.
 * @example np.arccos([1, 0]).toArray() // [0, Math.PI / 2]
 */
export const arccos = floatUnary('acos');
/**
 * Elementwise inverse tangent in radians; integer input is promoted to float.
 * @example np.arctan([0, 1]).toArray() // [0, Math.PI / 4]
 */
export const arctan = floatUnary('atan');
/**
 * Elementwise hyperbolic sine; integer input is promoted to float.
 * @example np.sinh([0]).toArray() // [0]
 */
export const sinh = floatUnary('sinh');
/**
 * Elementwise hyperbolic cosine; integer input is promoted to float.
 * @example np.cosh([0]).toArray() // [1]
 */
export const cosh = floatUnary('cosh');
/**
 * Elementwise inverse hyperbolic sine; integer input is promoted to float.
 * @example np.arcsinh([0]).toArray() // [0]
 */
export const arcsinh = floatUnary('asinh');
/**
 * Elementwise inverse hyperbolic cosine (NaN below 1); integer input is promoted to float.
 * @example np.arccosh([1]).toArray() // [0]
 */
export const arccosh = floatUnary('acosh');
/**
 * Elementwise inverse hyperbolic tangent; integer input is promoted to float.
 * @example np.arctanh([0]).toArray() // [0]
 */
export const arctanh = floatUnary('atanh');
// numpy 2's short names
/**
 * NumPy 2's short names for the inverse trigonometric and hyperbolic functions: `asin` is `arcsin`,
 * `acos` `arccos`, `atan` `arctan`, `asinh` `arcsinh`, `acosh` `arccosh` and `atanh` `arctanh`
 * (elementwise, in radians; integer input is promoted to float).
 * @example np.asin([1]).toArray() // [Math.PI / 2]
 * @example np.acos([-1]).toArray() // [Math.PI]
 * @example np.atan([1]).toArray() // [Math.PI / 4]
 * @example np.asinh([0]).toArray() // [0]
 * @example np.acosh([1]).toArray() // [0]
 * @example np.atanh([0]).toArray() // [0]
 */
export const asin = arcsin,
  acos = arccos,
  atan = arctan,
  asinh = arcsinh,
  acosh = arccosh,
  atanh = arctanh;

/**
 * sqrt(x^2 + y^2) without overflow or underflow in the squares; Infinity if either is infinite (even with NaN).
 * @example np.hypot([3], [4]).toArray() // [5]
 */
export function hypot(x: ArrayLike, y: ArrayLike): NDArray {
  const [a0, b0] = floatPair(x, y);
  const a = abs(a0),
    b = abs(b0);
  const big = maximum(a, b),
    small = minimum(a, b);
  const ratio = divide(small, where(equal(big, 0), 1, big));
  const scaled = multiply(big, sqrt(add(1, multiply(ratio, ratio))));
  return where(logicalOr(equal(a, Infinity), equal(b, Infinity)), Infinity, scaled);
}

/**
 * The real cube root: |x|^(1/3) refined by one Newton step (so perfect cubes come out exact), with x's sign.
 * @example np.cbrt([-8, 27]).toArray() // [-2, 3]
 */
export function cbrt(x: ArrayLike): NDArray {
  const a = toFloat(x);
  const m = abs(a);
  const y = power(m, 1 / 3);
  const refined = subtract(y, divide(subtract(multiply(y, multiply(y, y)), m), multiply(3, multiply(y, y))));
  const r = where(logicalAnd(greater(y, 0), less(y, Infinity)), refined, y);
  return copysign(r, a);
}

/**
 * Whether the sign bit is set: true for negative numbers and -0.
 * @example np.signbit([-1, 0, 1]).toArray() // [true, false, false]
 */
export function signbit(x: ArrayLike): NDArray {
  const [a] = promote(x);
  if (!isFloat(a!.dtype)) return less(a!, 0);
  return logicalOr(less(a!, 0), logicalAnd(equal(a!, 0), less(divide(1, a!), 0)));
}

/**
 * |x1| with the sign of x2 (its sign bit: -0 counts as negative).
 * @example np.copysign([1, 2], [-1, 1]).toArray() // [-1, 2]
 */
export function copysign(x1: ArrayLike, x2: ArrayLike): NDArray {
  const [a, b] = floatPair(x1, x2);
  const m = abs(a);
  return where(signbit(b), negative(m), m);
}

/**
 * log(exp(x1) + exp(x2)) without overflow: max + log1p(exp(-|x1 - x2|)); equal infinities give themselves.
 * @example np.logaddexp([0], [0]).toArray() // [Math.LN2]
 */
export function logaddexp(x1: ArrayLike, x2: ArrayLike): NDArray {
  const [a, b] = floatPair(x1, x2);
  const d = subtract(a, b);
  return where(isnan(d), add(a, b), add(maximum(a, b), log1p(exp(negative(abs(d))))));
}

/**
 * log2(2^x1 + 2^x2) without overflow.
 * @example np.logaddexp2([1], [1]).toArray() // [2]
 */
export function logaddexp2(x1: ArrayLike, x2: ArrayLike): NDArray {
  const [a, b] = floatPair(x1, x2);
  const d = subtract(a, b);
  const tail = divide(log1p(power(2, negative(abs(d)))), Math.LN2);
  return where(isnan(d), add(a, b), add(maximum(a, b), tail));
}

/**
 * Whether each element is +Infinity or -Infinity (never for ints and bools).
 * @example np.isinf([1, Infinity, -Infinity]).toArray() // [false, true, true]
 */
export const isinf = (x: ArrayLike): NDArray => equal(abs(toFloat(x)), Infinity);
/**
 * Whether each element is +Infinity (a bool array; never for ints and bools).
 * @example np.isposinf([Infinity, -Infinity, 1]).toArray() // [true, false, false]
 */
export const isposinf = (x: ArrayLike): NDArray => equal(toFloat(x), Infinity);
/**
 * Whether each element is -Infinity (a bool array; never for ints and bools).
 * @example np.isneginf([Infinity, -Infinity, 1]).toArray() // [false, true, false]
 */
export const isneginf = (x: ArrayLike): NDArray => equal(toFloat(x), -Infinity);

export interface NanToNumOptions {
  /** What NaN becomes (default 0). */
  readonly nan?: number;
  /** What +Infinity becomes (default the dtype's largest value). */
  readonly posinf?: number;
  /** What -Infinity becomes (default the dtype's most negative value). */
  readonly neginf?: number;
}
/**
 * NaN and ±Infinity replaced by finite numbers (ints and bools pass through unchanged).
 * @example np.nanToNum([NaN, 1]).toArray() // [0, 1]
 */
export function nanToNum(x: ArrayLike, opts: NanToNumOptions = {}): NDArray {
  const [a] = promote(x);
  if (!isFloat(a!.dtype)) return a!;
  const big = largest(a!.dtype);
  const noNan = where(isnan(a!), opts.nan ?? 0, a!);
  return where(equal(a!, Infinity), opts.posinf ?? big, where(equal(a!, -Infinity), opts.neginf ?? -big, noNan));
}

/**
 * Elementwise conversion from degrees to radians (`x * pi / 180`), in float.
 * @example np.deg2rad([180]).toArray() // [Math.PI]
 */
export const deg2rad = (x: ArrayLike): NDArray => multiply(toFloat(x), Math.PI / 180);
/**
 * Elementwise conversion from radians to degrees (`x * 180 / pi`), in float.
 * @example np.rad2deg([Math.PI]).toArray() // [180]
 */
export const rad2deg = (x: ArrayLike): NDArray => multiply(toFloat(x), 180 / Math.PI);
/**
 * Alias of `deg2rad`: degrees to radians, in float.
 * @example np.radians([90]).toArray() // [Math.PI / 2]
 */
export const radians = deg2rad;
/**
 * Alias of `rad2deg`: radians to degrees, in float.
 * @example np.degrees([Math.PI / 2]).toArray() // [90]
 */
export const degrees = rad2deg;

/**
 * 0 where x1 < 0, x2 where x1 == 0, 1 where x1 > 0, NaN where x1 is NaN.
 * @example np.heaviside([-1, 0, 2], 0.5).toArray() // [0, 0.5, 1]
 */
export function heaviside(x1: ArrayLike, x2: ArrayLike): NDArray {
  const [a, b] = floatPair(x1, x2);
  return where(isnan(a), a, where(less(a, 0), 0, where(greater(a, 0), 1, b)));
}

/**
 * sin(pi x) / (pi x), 1 at 0.
 * @example np.sinc([0, 1]).toArray() // [1, 0]
 */
export function sinc(x: ArrayLike): NDArray {
  const a = toFloat(x);
  const px = multiply(where(equal(a, 0), 1, a), Math.PI);
  return where(equal(a, 0), 1, divide(sin(px), px));
}

/**
 * Elementwise maximum ignoring NaN: the other operand where one is NaN (NaN only where both are).
 * @example np.fmax([1, NaN, 5], [2, 3, NaN]).toArray() // [2, 3, 5]
 */
export function fmax(x1: ArrayLike, x2: ArrayLike): NDArray {
  const [a, b] = promoteBroadcast(x1, x2);
  return where(isnan(b!), a!, where(isnan(a!), b!, maximum(a!, b!)));
}
/**
 * Elementwise minimum ignoring NaN: the other operand where one is NaN (NaN only where both are), with broadcasting and type promotion.
 * @example np.fmin([1, NaN, 5], [2, 3, NaN]).toArray() // [1, 3, 5]
 */
export function fmin(x1: ArrayLike, x2: ArrayLike): NDArray {
  const [a, b] = promoteBroadcast(x1, x2);
  return where(isnan(b!), a!, where(isnan(a!), b!, minimum(a!, b!)));
}

/**
 * The next float after x1 towards x2, in the promoted float dtype.
 * @example np.nextafter([1], [2]).toArray() // [1 + Number.EPSILON]
 */
export function nextafter(x1: ArrayLike, x2: ArrayLike): NDArray {
  return bind('nextafter', floatPair(x1, x2));
}

/**
 * x (a copy in numpy; arrays are immutable here).
 * @example np.positive([-1, 2]).toArray() // [-1, 2]
 */
export const positive = (x: ArrayLike): NDArray => {
  const [a] = promote(x);
  return a!;
};

/**
 * x1 ** x2 in float64 (float32 stays float32), as numpy's float_power.
 * @example np.floatPower([2, 3], 2).toArray() // [4, 9]
 */
export function floatPower(x1: ArrayLike, x2: ArrayLike): NDArray {
  const [a, b] = floatPair(x1, x2);
  return power(a, b);
}
