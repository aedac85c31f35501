/** Reductions, statistics, scans and sorts: reduce primitives plus keepdims/promotion bookkeeping. */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import { bind, type NDArray } from '../array/ndarray';
import type { Primitive } from '../array/primitives';
import { ShapeError, sizeOf } from '../array/shape';
import { abs, add, divide, exp, isfinite, log, multiply, notEqual, power, sqrt, subtract, where } from './math';
import { reshape } from './manip';
import { axesOf, axisOf, cast, keepDims, type Axis, type ReduceOptions } from './util';

/** Sums and products of bools count in int32, as numpy does. */
const accumulating = (x: NDArray): NDArray => (x.dtype === 'bool' ? cast(x, 'int32') : x);

function reduce(prim: Primitive, x: ArrayLike, axis: Axis, opts: ReduceOptions | undefined, prep = accumulating): NDArray {
  const a = prep(asArray(x));
  const axes = axesOf(axis, a.ndim);
  return keepDims(bind(prim, [a], { axes }), axes, opts?.keepdims);
}

/** Sum over `axis` (all axes by default). @example np.sum(x, [0, 2], { keepdims: true }) */
export const sum = (x: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray => reduce('reduce_sum', x, axis, opts);
/**
 * Product of the elements over `axis` (all axes by default; `keepdims` keeps the reduced axes as size 1).
 * @example np.prod([[1, 2], [3, 4]], 0).toArray() // [3, 8]
 */
export const prod = (x: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray => reduce('reduce_prod', x, axis, opts);

/** max/min have no identity: an empty reduction is an error, as in numpy and jnp. */
function extremum(prim: Primitive, name: string) {
  return (x: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray => {
    const a = asArray(x);
    const axes = axesOf(axis, a.ndim);
    if (axes.some((d) => a.shape[d] === 0))
      throw new ShapeError(`zero-size array to reduction operation ${name} which has no identity (shape (${a.shape.join(', ')}), axis ${JSON.stringify(axis ?? null)})`);
    return reduce(prim, a, axis, opts, (v) => v);
  };
}
/**
 * The maximum over `axis` (all axes by default; NaN propagates); an empty reduction is an error.
 * @example np.max([[1, 5], [3, 2]], 1).toArray() // [5, 3]
 */
export const max = extremum('reduce_max', 'max');
/**
 * The minimum over `axis` (all axes by default; NaN propagates); an empty reduction is an error.
 * @example np.min([[1, 5], [3, 2]], 1).toArray() // [1, 2]
 */
export const min = extremum('reduce_min', 'min');
/**
 * Alias of `max`: the maximum over `axis` (all axes by default).
 * @example np.amax([3, 7, 1]).item() // 7
 */
export const amax = max;
/**
 * Alias of `min`: the minimum over `axis` (all axes by default).
 * @example np.amin([3, 7, 1]).item() // 1
 */
export const amin = min;

/**
 * Whether any element over `axis` is true (nonzero), as a bool array; all axes by default.
 * @example np.any([[0, 0], [0, 1]], 1).toArray() // [false, true]
 */
export const any = (x: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray => reduce('reduce_max', x, axis, opts, (v) => cast(v, 'bool'));
/**
 * Whether every element over `axis` is true (nonzero), as a bool array; all axes by default.
 * @example np.all([[1, 2], [0, 1]], 1).toArray() // [true, false]
 */
export const all = (x: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray => reduce('reduce_min', x, axis, opts, (v) => cast(v, 'bool'));

const countOf = (a: NDArray, axis: Axis): number => sizeOf(axesOf(axis, a.ndim).map((d) => a.shape[d]!));
const floating = (x: ArrayLike): NDArray => {
  const a = asArray(x);
  return isFloat(a.dtype) ? a : cast(a, 'float64');
};

/**
 * Arithmetic mean; integer input averages in float64. An empty mean is NaN.
 * @example np.mean([[1, 2], [3, 4]], 0).toArray() // [2, 3]
 */
export function mean(x: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray {
  const a = floating(x);
  return divide(sum(a, axis, opts), countOf(a, axis));
}

export interface VarOptions extends ReduceOptions {
  /** Delta degrees of freedom: divide by N - ddof. */
  readonly ddof?: number;
}
/**
 * The variance over `axis` (all axes by default), the mean squared deviation divided by N - `ddof`; integer input is computed in float64.
 * @example np.variance([1, 2, 3, 4]).item() // 1.25
 */
export function variance(x: ArrayLike, axis?: Axis, opts?: VarOptions): NDArray {
  const a = floating(x);
  const d = subtract(a, mean(a, axis, { keepdims: true }));
  return divide(sum(multiply(d, d), axis, opts), countOf(a, axis) - (opts?.ddof ?? 0));
}
/**
 * The standard deviation over `axis`: the square root of `variance` (N - `ddof` in the denominator).
 * @example np.std([1, 2, 3, 4], undefined, { ddof: 1 }).item() // Math.sqrt(5 / 3)
 */
export const std = (x: ArrayLike, axis?: Axis, opts?: VarOptions): NDArray => sqrt(variance(x, axis, opts));

function argReduce(prim: Primitive) {
  return (x: ArrayLike, axis?: number | null, opts?: ReduceOptions): NDArray => {
    const a0 = asArray(x);
    const a = axis === undefined || axis === null ? reshape(a0, [-1]) : a0;
    const ax = axis === undefined || axis === null ? 0 : axisOf(axis, a.ndim);
    const r = bind(prim, [a], { axis: ax, indexDtype: 'int32' });
    return opts?.keepdims ? (axis === undefined || axis === null ? reshape(r, a0.shape.map(() => 1)) : keepDims(r, [ax], true)) : r;
  };
}
/**
 * The index (int32) of the first maximum along `axis`, or into the flattened array when `axis` is omitted.
 * @example np.argmax([[1, 9], [7, 3]], 1).toArray() // [1, 0]
 */
export const argmax = argReduce('argmax');
/**
 * The index (int32) of the first minimum along `axis`, or into the flattened array when `axis` is omitted.
 * @example np.argmin([[1, 9], [7, 3]]).item() // 0
 */
export const argmin = argReduce('argmin');

function scan(prim: Primitive, prep: (a: NDArray) => NDArray) {
  return (x: ArrayLike, axis?: number | null): NDArray => {
    const a0 = prep(asArray(x));
    const flat = axis === undefined || axis === null;
    const a = flat ? reshape(a0, [-1]) : a0;
    return bind(prim, [a], { axis: flat ? 0 : axisOf(axis, a.ndim), reverse: false });
  };
}
/**
 * The running sum along `axis` (of the flattened array when `axis` is omitted); bools count in int32.
 * @example np.cumsum([[1, 2], [3, 4]], 1).toArray() // [[1, 3], [3, 7]]
 */
export const cumsum = scan('cumsum', accumulating);
/**
 * The running product along `axis` (of the flattened array when `axis` is omitted).
 * @example np.cumprod([1, 2, 3, 4]).toArray() // [1, 2, 6, 24]
 */
export const cumprod = scan('cumprod', accumulating);
/**
 * The running maximum along `axis` (of the flattened array when `axis` is omitted).
 * @example np.cummax([1, 3, 2, 5]).toArray() // [1, 3, 3, 5]
 */
export const cummax = scan('cummax', (a) => a);
/**
 * The running minimum along `axis` (of the flattened array when `axis` is omitted).
 * @example np.cummin([4, 2, 3, 1]).toArray() // [4, 2, 2, 1]
 */
export const cummin = scan('cummin', (a) => a);

function sorting(prim: Primitive) {
  return (x: ArrayLike, axis: number | null = -1): NDArray => {
    const a0 = asArray(x);
    const a = axis === null ? reshape(a0, [-1]) : a0;
    if (a.ndim === 0) throw new ShapeError(`${prim} needs an array of rank >= 1 (or axis null), got a 0-d array`);
    return bind(prim, [a], { axis: axis === null ? 0 : axisOf(axis, a.ndim) });
  };
}
/**
 * Ascending, NaN last, stable.
 * @example np.sort([3, 1, 2]).toArray() // [1, 2, 3]
 */
export const sort = sorting('sort');
/**
 * The int32 indices that sort `x` along `axis` (default last; `null` sorts the flattened array), stable, NaN last.
 * @example np.argsort([3, 1, 2]).toArray() // [1, 2, 0]
 */
export const argsort = sorting('argsort');

/**
 * log(sum(exp(x))) computed stably: the max is subtracted first (and not when it is infinite).
 * @example np.logsumexp([0, 0]).item() // Math.LN2
 */
export function logsumexp(x: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray {
  const a = floating(x);
  // the shift is a constant to differentiation (as in jax.nn.logsumexp): the gradient is exactly softmax
  const m = max(a, axis, { keepdims: true });
  const shift = bind('stop_gradient', [where(isfinite(m), m, 0)]);
  const s = log(sum(exp(subtract(a, shift)), axis, { keepdims: true }));
  const out = reduceKeep(add(s, shift), a, axis);
  return opts?.keepdims ? out.kept : out.dropped;
}
function reduceKeep(v: NDArray, a: NDArray, axis: Axis): { kept: NDArray; dropped: NDArray } {
  const axes = axesOf(axis, a.ndim);
  return { kept: v, dropped: axes.length ? bind('squeeze', [v], { dimensions: axes }) : v };
}

/**
 * exp(x - max) / sum(exp(x - max)) along `axis` (default last).
 * @example np.softmax([0, 0]).toArray() // [0.5, 0.5]
 */
export function softmax(x: ArrayLike, axis: Axis = -1): NDArray {
  const a = floating(x);
  const e = exp(subtract(a, max(a, axis, { keepdims: true })));
  return divide(e, sum(e, axis, { keepdims: true }));
}
/**
 * `x - logsumexp(x)` along `axis` (default last), computed stably: the log of `softmax`.
 * @example np.exp(np.logSoftmax([0, 0])).toArray() // [0.5, 0.5]
 */
export function logSoftmax(x: ArrayLike, axis: Axis = -1): NDArray {
  const a = floating(x);
  const shifted = subtract(a, max(a, axis, { keepdims: true }));
  return subtract(shifted, log(sum(exp(shifted), axis, { keepdims: true })));
}

/**
 * Vector p-norms (ord 1, 2, Infinity, -Infinity, or any p) over `axis`; the 2-norm of all elements by default.
 * @example np.norm([3, 4]).item() // 5
 */
export function norm(x: ArrayLike, ord: number | 'fro' | null = null, axis?: Axis, opts?: ReduceOptions): NDArray {
  if (!(ord === null || ord === 'fro' || (typeof ord === 'number' && !Number.isNaN(ord))))
    throw new TypeError(`np.linalg.norm: ord must be a number (1, 2, Infinity, -Infinity, 0 or any p), 'fro' or null, got ${typeof ord === 'string' ? `'${ord}'` : String(ord)}`);
  const a = floating(x);
  if (ord === null || ord === 2 || ord === 'fro') return sqrt(sum(multiply(a, a), axis, opts));
  if (ord === 1) return sum(abs(a), axis, opts);
  if (ord === Infinity) return max(abs(a), axis, opts);
  if (ord === -Infinity) return min(abs(a), axis, opts);
  if (ord === 0) return sum(cast(notEqual(a, 0), a.dtype), axis, opts);
  return power(sum(power(abs(a), ord), axis, opts), 1 / ord);
}
