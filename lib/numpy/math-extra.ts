/**
 * More of numpy's elementwise and array-building names: logicalXor, invert, rint, fix, fabs,
 * spacing, gcd, lcm, the *Like and empty constructors, identity, copy, unwrap, gradient and kron.
 */
import { asArray, eye, full, zeros, type ArrayLike } from '../array/create';
import { isFloat, type DType } from '../array/dtype';
import { bind, type NDArray } from '../array/ndarray';
import { ShapeError } from '../array/shape';
import {
  abs,
  add,
  divide,
  equal,
  floor,
  greater,
  isfinite,
  less,
  logicalAnd,
  multiply,
  notEqual,
  remainder,
  round,
  subtract,
  trunc,
  where,
} from './math';
import { nextafter } from './math-more';
import { concatenate, expandDims, reshape, sliceAxis } from './manip';
import { cumsum } from './reductions';
import { axisOf, cast, promote, promoteBroadcast, toFloat } from './util';

/**
 * x XOR y on truth values.
 * @example np.logicalXor([0, 1, 1], [0, 0, 2]).toArray() // [false, true, false]
 */
export function logicalXor(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteBroadcast(cast(asArray(x), 'bool'), cast(asArray(y), 'bool'));
  return notEqual(a!, b!);
}

/**
 * Bitwise NOT of ints (logical NOT of bools), as numpy's invert / bitwise_not.
 * @example np.invert(np.array([0, 5], 'int32')).toArray() // [-1, -6]
 */
export function invert(x: ArrayLike): NDArray {
  const [a] = promote(x);
  if (isFloat(a!.dtype)) throw new TypeError(`np.invert: x must be an int or bool array, got dtype ${a!.dtype}`);
  return bind('not', [a!]);
}
/**
 * Alias of `invert`: elementwise bitwise NOT of an int or bool array (logical NOT for bools).
 * @example np.bitwiseNot(np.array([0, 5], 'int32')).toArray() // [-1, -6]
 */
export const bitwiseNot = invert;

/**
 * Round to the nearest integer, ties to even.
 * @example np.rint([0.5, 1.5, -1.7]).toArray() // [0, 2, -2]
 */
export const rint = (x: ArrayLike): NDArray => round(toFloat(x));
/**
 * Round toward zero (float result).
 * @example np.fix([-1.5, 1.5]).toArray() // [-1, 1]
 */
export const fix = (x: ArrayLike): NDArray => trunc(toFloat(x));
/**
 * |x| as a float.
 * @example np.fabs([-1, 2]).toArray() // [1, 2]
 */
export const fabs = (x: ArrayLike): NDArray => abs(toFloat(x));

/**
 * The distance from x to the next float away from zero (negative for negative x), as numpy.spacing.
 * @example np.spacing([1]).toArray() // [Number.EPSILON]
 */
export function spacing(x: ArrayLike): NDArray {
  const a = toFloat(x);
  const away = where(less(a, 0), -Infinity, Infinity);
  return where(isfinite(a), subtract(nextafter(a, away), a), NaN);
}

/**
 * Greatest common divisor of ints (|.|, gcd(0, 0) = 0), by a fixed 48 rounds of Euclid's algorithm (enough for int32).
 * @example np.gcd(np.array([12, 18], 'int32'), 8).toArray() // [4, 2]
 */
export function gcd(x1: ArrayLike, x2: ArrayLike): NDArray {
  const [a0, b0] = promoteBroadcast(x1, x2);
  if (isFloat(a0!.dtype)) throw new TypeError(`np.gcd: the operands must be ints, got dtype ${a0!.dtype}`);
  let a = abs(cast(a0!, 'int32')),
    b = abs(cast(b0!, 'int32'));
  for (let i = 0; i < 48; i++) {
    const zero = equal(b, 0);
    const r = remainder(a, where(zero, 1, b));
    [a, b] = [where(zero, a, b), where(zero, b, r)];
  }
  return a;
}

/**
 * Least common multiple of ints (0 when either is 0).
 * @example np.lcm(np.array([4, 6], 'int32'), 10).toArray() // [20, 30]
 */
export function lcm(x1: ArrayLike, x2: ArrayLike): NDArray {
  const g = gcd(x1, x2);
  const [a, b] = promoteBroadcast(x1, x2);
  const q = divide(abs(cast(a!, 'int32')), where(equal(g, 0), 1, g));
  return cast(abs(multiply(cast(floor(q), 'int32'), cast(b!, 'int32'))), 'int32');
}

/**
 * An array of x's shape (or `shape`) filled with `value`, in x's dtype unless given.
 * @example np.fullLike([1, 2, 3], 7).toArray() // [7, 7, 7]
 */
export function fullLike(x: ArrayLike, value: number | boolean, dtype?: DType, shape?: readonly number[]): NDArray {
  const a = asArray(x);
  return full(shape ?? a.shape, value, dtype ?? a.dtype);
}
/**
 * zeros (arrays are immutable: "uninitialised" memory does not exist here).
 * @example np.empty([2]).toArray() // [0, 0]
 */
export const empty = (shape: number | readonly number[], dtype: DType = 'float64'): NDArray => zeros(shape, dtype);
/**
 * An array of `x`'s shape and dtype (or `dtype`) filled with zeros (arrays are immutable: there is no uninitialised memory).
 * @example np.emptyLike([1, 2, 3]).toArray() // [0, 0, 0]
 */
export const emptyLike = (x: ArrayLike, dtype?: DType): NDArray => fullLike(x, 0, dtype);
/**
 * The n x n identity matrix.
 * @example np.identity(2).toArray() // [[1, 0], [0, 1]]
 */
export const identity = (n: number, dtype: DType = 'float64'): NDArray => eye(n, n, 0, dtype);
/**
 * x itself (arrays are immutable, so a copy is never needed).
 * @example np.copy([1, 2]).toArray() // [1, 2]
 */
export const copy = (x: ArrayLike): NDArray => asArray(x);

export interface UnwrapOptions {
  /** The jump that counts as a wrap (default period / 2). */
  readonly discont?: number;
  /** The period of the values (default 2 pi). */
  readonly period?: number;
}
/**
 * Removes jumps larger than discont along `axis` by adding multiples of the period (numpy.unwrap).
 * @example np.unwrap([0, 2 * Math.PI]).toArray() // [0, 0]
 */
export function unwrap(p: ArrayLike, axis = -1, opts: UnwrapOptions = {}): NDArray {
  const a = toFloat(p);
  if (a.ndim === 0) throw new ShapeError('np.unwrap: p must have at least one axis, got a 0-d array');
  const ax = axisOf(axis, a.ndim),
    period = opts.period ?? 2 * Math.PI;
  const discont = Math.max(opts.discont ?? period / 2, period / 2);
  if (a.shape[ax]! < 2) return a;
  const dd = subtract(sliceAxis(a, ax, 1, null), sliceAxis(a, ax, 0, -1));
  const half = period / 2;
  // numpy: ddmod = mod(dd + half, period) - half, with ddmod = half where ddmod == -half and dd > 0
  const m = subtract(remainder(add(dd, half), period), half);
  const ddmod = where(logicalAnd(equal(m, -half), greater(dd, 0)), half, m);
  const correction = where(less(abs(dd), discont), 0, subtract(ddmod, dd));
  const zerosHead = zeros(
    a.shape.map((d, i) => (i === ax ? 1 : d)),
    a.dtype,
  );
  return add(a, concatenate([zerosHead, cumsum(correction, ax)], ax));
}

/**
 * Second-order central differences inside, first-order one-sided at the edges, with uniform
 * spacing `dx` along `axis` (numpy.gradient for one axis; every axis when axis is null gives a list).
 * @example np.gradient([1, 4, 9, 16]).toArray() // [3, 4, 6, 7]
 */
export function gradient(f: ArrayLike, dx = 1, axis: number | null = null): NDArray | NDArray[] {
  const a = toFloat(f);
  if (axis === null) {
    const all = a.shape.map((_, d) => gradient(a, dx, d) as NDArray);
    return a.ndim === 1 ? all[0]! : all;
  }
  const ax = axisOf(axis, a.ndim),
    n = a.shape[ax]!;
  if (n < 2) throw new ShapeError(`np.gradient: axis ${axis} needs at least 2 points, got ${n}`);
  const s = (i: number, j: number | null) => sliceAxis(a, ax, i, j);
  const first = divide(subtract(s(1, 2), s(0, 1)), dx);
  const last = divide(subtract(s(n - 1, n), s(n - 2, n - 1)), dx);
  if (n === 2) return concatenate([first, last], ax);
  const inner = divide(subtract(s(2, null), s(0, -2)), 2 * dx);
  return concatenate([first, inner, last], ax);
}

/**
 * The Kronecker product: blocks a[i, j] * b, for arrays of any ranks (the lower rank padded with leading 1s).
 * @example np.kron([1, 2], [1, 10]).toArray() // [1, 10, 2, 20]
 */
export function kron(a: ArrayLike, b: ArrayLike): NDArray {
  const [x0, y0] = promote(a, b);
  const r = Math.max(x0!.ndim, y0!.ndim);
  const x = reshape(x0!, [...Array(r - x0!.ndim).fill(1), ...x0!.shape]);
  const y = reshape(y0!, [...Array(r - y0!.ndim).fill(1), ...y0!.shape]);
  // x[..., i, ...] * y[..., k, ...] on interleaved axes (i0, k0, i1, k1, ...), then merged pairwise
  const xi = x.shape.reduce((t, _, d) => expandDims(t, 2 * d + 1), x);
  const yk = y.shape.reduce((t, _, d) => expandDims(t, 2 * d), y);
  return reshape(
    multiply(xi, yk),
    x.shape.map((s, d) => s * y.shape[d]!),
  );
}
