/** Differences, convolutions, cross products, the trapezoid rule and Vandermonde matrices. */
import { asArray, zeros, type ArrayLike } from '../array/create';
import { bind, type NDArray } from '../array/ndarray';
import { fmtShape, ShapeError } from '../array/shape';
import { add, divide, multiply, notEqual, power, subtract, where } from './math';
import { concatenate, expandDims, flip, moveaxis, reshape, sliceAxis, take } from './manip';
import { sum } from './reductions';
import { axisOf, broadcastArrays, broadcastTo, cast, promote } from './util';

/** x[1:] - x[:-1] along an axis (not_equal for bools, as numpy). */
function step(a: NDArray, axis: number): NDArray {
  const hi = sliceAxis(a, axis, 1, null),
    lo = sliceAxis(a, axis, 0, -1);
  return a.dtype === 'bool' ? notEqual(hi, lo) : subtract(hi, lo);
}

export interface DiffOptions {
  /** Values put before a along the axis before differencing (a scalar is broadcast). */
  readonly prepend?: ArrayLike;
  /** Values put after a along the axis. */
  readonly append?: ArrayLike;
}

/**
 * The n-th discrete difference along `axis` (default last); each pass shortens the axis by one.
 * @example np.diff([1, 4, 9, 16]).toArray() // [3, 5, 7]
 */
export function diff(a: ArrayLike, n = 1, axis = -1, opts: DiffOptions = {}): NDArray {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`np.diff: order n must be a non-negative integer, got ${n}`);
  let x = asArray(a);
  if (x.ndim === 0) throw new ShapeError('np.diff requires an input of rank >= 1, got a 0-d array');
  const ax = axisOf(axis, x.ndim);
  const edge = (v: ArrayLike) => {
    const e = asArray(v);
    return e.ndim === 0
      ? broadcastTo(
          e,
          x.shape.map((s, d) => (d === ax ? 1 : s)),
        )
      : e;
  };
  if (opts.prepend !== undefined || opts.append !== undefined) {
    const parts = [
      ...(opts.prepend !== undefined ? [edge(opts.prepend)] : []),
      x,
      ...(opts.append !== undefined ? [edge(opts.append)] : []),
    ];
    x = concatenate(promote(...parts), ax);
  }
  for (let i = 0; i < n && x.shape[ax]! > 0; i++) x = step(x, ax);
  return x;
}

export interface Ediff1dOptions {
  readonly toEnd?: ArrayLike;
  readonly toBegin?: ArrayLike;
}
/**
 * Differences of the flattened array, with optional values before and after.
 * @example np.ediff1d([1, 2, 4, 7]).toArray() // [1, 2, 3]
 */
export function ediff1d(ary: ArrayLike, opts: Ediff1dOptions = {}): NDArray {
  const x = reshape(asArray(ary), [-1]);
  const d = x.shape[0] === 0 ? x : step(x, 0);
  const flat = (v: ArrayLike) => reshape(asArray(v), [-1]);
  const parts = [...(opts.toBegin !== undefined ? [flat(opts.toBegin)] : []), d, ...(opts.toEnd !== undefined ? [flat(opts.toEnd)] : [])];
  // numpy casts the end values to the differences' dtype
  return parts.length === 1
    ? d
    : concatenate(
        parts.map((p) => cast(p, d.dtype)),
        0,
      );
}

export type ConvolveMode = 'full' | 'same' | 'valid';

/**
 * The full discrete convolution of 1-d a and v: out[k] = sum_i a[i] v[k - i] over the i where v's
 * index is in range. v is gathered into a Toeplitz matrix at static indices, multiplied by a, the
 * out-of-range products masked to 0 (so an infinite a[i] never meets a padding 0 and makes NaN),
 * and each row summed in index order: batched and per-example results agree bit for bit.
 */
function convolveFull(a: NDArray, v: NDArray): NDArray {
  const n = a.shape[0]!,
    m = v.shape[0]!,
    rows = n + m - 1;
  const inRange = Array.from({ length: rows * n }, (_, r) => {
    const j = Math.floor(r / n) - (r % n);
    return j >= 0 && j < m;
  });
  const idx = inRange.map((ok, r) => (ok ? Math.floor(r / n) - (r % n) : 0));
  const toeplitz = reshape(take(v, idx), [rows, n]);
  const products = multiply(toeplitz, expandDims(a, 0));
  const mask = reshape(asArray(inRange.map(Number), 'bool'), [rows, n]);
  return sum(where(mask, products, zeros([], products.dtype)), 1);
}

/** A non-empty 1-d operand (bools count as int32: the product has no bool form). */
function oneD(x: ArrayLike, name: string, api: string): NDArray {
  const a0 = asArray(x);
  const a = a0.dtype === 'bool' ? cast(a0, 'int32') : a0;
  if (a.ndim !== 1) throw new ShapeError(`np.${api}: ${name} must be 1-d, got shape ${fmtShape(a.shape)}`);
  if (a.shape[0] === 0) throw new ShapeError(`np.${api}: ${name} cannot be empty`);
  return a;
}

function modeSlice(full: NDArray, n: number, m: number, mode: ConvolveMode, api: string): NDArray {
  const long = Math.max(n, m),
    short = Math.min(n, m);
  if (mode === 'full') return full;
  if (mode === 'same') return sliceAxis(full, 0, Math.floor((short - 1) / 2), Math.floor((short - 1) / 2) + long);
  if (mode === 'valid') return sliceAxis(full, 0, short - 1, long);
  throw new TypeError(`np.${api}: mode must be 'full', 'same' or 'valid', got ${String(mode)}`);
}

/**
 * The discrete linear convolution of two 1-d arrays (mode 'full' by default, as numpy).
 * @example np.convolve([1, 2, 3], [0, 1, 0.5]).toArray() // [0, 1, 2.5, 4, 1.5]
 */
export function convolve(a: ArrayLike, v: ArrayLike, mode: ConvolveMode = 'full'): NDArray {
  const [x, y] = promote(oneD(a, 'a', 'convolve'), oneD(v, 'v', 'convolve'));
  const [long, short] = x!.shape[0]! >= y!.shape[0]! ? [x!, y!] : [y!, x!];
  return modeSlice(convolveFull(long, short), x!.shape[0]!, y!.shape[0]!, mode, 'convolve');
}

/**
 * The cross-correlation sum_n a[n + k] v[n] of two 1-d arrays (mode 'valid' by default, as numpy).
 * @example np.correlate([1, 2, 3], [0, 1, 0.5]).toArray() // [3.5]
 */
export function correlate(a: ArrayLike, v: ArrayLike, mode: ConvolveMode = 'valid'): NDArray {
  const [x, y] = promote(oneD(a, 'a', 'correlate'), oneD(v, 'v', 'correlate'));
  // numpy: with v the longer, the result is the reversed correlation of v with a
  if (y!.shape[0]! > x!.shape[0]!) return flip(modeSlice(convolveFull(y!, flip(x!)), x!.shape[0]!, y!.shape[0]!, mode, 'correlate'));
  return modeSlice(convolveFull(x!, flip(y!)), x!.shape[0]!, y!.shape[0]!, mode, 'correlate');
}

/**
 * The cross product of vectors of length 2 or 3 along `axis` (default last), broadcasting the
 * other axes; two 2-vectors give the z component alone, a 2-vector with a 3-vector is padded with 0.
 * @example np.cross([1, 0, 0], [0, 1, 0]).toArray() // [0, 0, 1]
 */
export function cross(a: ArrayLike, b: ArrayLike, axis = -1): NDArray {
  const [x0, y0] = promote(a, b);
  const vec = (t: NDArray, name: string) => {
    if (t.ndim === 0) throw new ShapeError(`np.cross: ${name} must have at least one axis, got a 0-d array`);
    const v = moveaxis(t, axisOf(axis, t.ndim), -1);
    const k = v.shape[v.ndim - 1]!;
    if (k !== 2 && k !== 3) throw new ShapeError(`np.cross: ${name} must hold vectors of length 2 or 3 along axis ${axis}, got ${k}`);
    return v;
  };
  let x = vec(x0!, 'a'),
    y = vec(y0!, 'b');
  const c = (t: NDArray, i: number) => take(t, i, -1);
  if (x.shape[x.ndim - 1] === 2 && y.shape[y.ndim - 1] === 2) return subtract(multiply(c(x, 0), c(y, 1)), multiply(c(x, 1), c(y, 0)));
  const pad3 = (t: NDArray) => (t.shape[t.ndim - 1] === 3 ? t : concatenate([t, zeros([...t.shape.slice(0, -1), 1], t.dtype)], -1));
  [x, y] = broadcastArrays(pad3(x), pad3(y)) as [NDArray, NDArray];
  const comp = (i: number, j: number) => subtract(multiply(c(x, i), c(y, j)), multiply(c(x, j), c(y, i)));
  const r = concatenate(
    [comp(1, 2), comp(2, 0), comp(0, 1)].map((t) => expandDims(t, -1)),
    -1,
  );
  return moveaxis(r, -1, axisOf(axis, r.ndim));
}

export interface TrapezoidOptions {
  /** Sample points (1-d along the axis, or y's shape); default: spacing dx. */
  readonly x?: ArrayLike;
  /** The spacing when x is not given (default 1). */
  readonly dx?: number;
}
/**
 * The integral of y along `axis` (default last) by the trapezoidal rule.
 * @example np.trapezoid([1, 2, 3]).item() // 4
 */
export function trapezoid(y: ArrayLike, axis = -1, opts: TrapezoidOptions = {}): NDArray {
  const [a0] = promote(y);
  const a = a0!.dtype === 'bool' || a0!.dtype === 'int32' ? bind('convert', [a0!], { dtype: 'float64' }) : a0!;
  if (a.ndim === 0) throw new ShapeError('np.trapezoid: y must have at least one axis, got a 0-d array');
  const ax = axisOf(axis, a.ndim);
  const mids = divide(add(sliceAxis(a, ax, 1, null), sliceAxis(a, ax, 0, -1)), 2);
  if (opts.x === undefined) return sum(multiply(mids, opts.dx ?? 1), ax);
  const xs = asArray(opts.x);
  let d = diff(xs, 1, xs.ndim === 1 ? 0 : ax);
  if (xs.ndim === 1) {
    if (xs.shape[0] !== a.shape[ax])
      throw new ShapeError(`np.trapezoid: x must have y's length ${a.shape[ax]} along the axis, got ${xs.shape[0]}`);
    d = bind('broadcast_in_dim', [d], { shape: mids.shape, broadcastDimensions: [ax] });
  }
  return sum(multiply(mids, d), ax);
}

/**
 * The Vandermonde matrix of 1-d x: columns x^(N-1), ..., x^0 (or increasing powers).
 * @example np.vander([1, 2], 3).toArray() // [[1, 1, 1], [4, 2, 1]]
 */
export function vander(x: ArrayLike, n?: number, increasing = false): NDArray {
  const a = asArray(x);
  if (a.ndim !== 1) throw new ShapeError(`np.vander: x must be 1-d, got shape ${fmtShape(a.shape)}`);
  const cols = n ?? a.shape[0]!;
  if (!Number.isInteger(cols) || cols < 0) throw new RangeError(`np.vander: N must be a non-negative integer, got ${String(n)}`);
  const exps = Array.from({ length: cols }, (_, j) => (increasing ? j : cols - 1 - j));
  const [base] = promote(a);
  const e = asArray(exps, base!.dtype === 'bool' ? 'int32' : base!.dtype);
  return power(expandDims(base!.dtype === 'bool' ? bind('convert', [base!], { dtype: 'int32' }) : base!, 1), expandDims(e, 0));
}
