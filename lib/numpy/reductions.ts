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
export const max = extremum('reduce_max', 'max');
export const min = extremum('reduce_min', 'min');
export const amax = max;
export const amin = min;

export const any = (x: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray => reduce('reduce_max', x, axis, opts, (v) => cast(v, 'bool'));
export const all = (x: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray => reduce('reduce_min', x, axis, opts, (v) => cast(v, 'bool'));

const countOf = (a: NDArray, axis: Axis): number => sizeOf(axesOf(axis, a.ndim).map((d) => a.shape[d]!));
const floating = (x: ArrayLike): NDArray => {
  const a = asArray(x);
  return isFloat(a.dtype) ? a : cast(a, 'float64');
};

/** Arithmetic mean; integer input averages in float64. An empty mean is NaN. */
export function mean(x: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray {
  const a = floating(x);
  return divide(sum(a, axis, opts), countOf(a, axis));
}

export interface VarOptions extends ReduceOptions {
  /** Delta degrees of freedom: divide by N - ddof. */
  readonly ddof?: number;
}
export function variance(x: ArrayLike, axis?: Axis, opts?: VarOptions): NDArray {
  const a = floating(x);
  const d = subtract(a, mean(a, axis, { keepdims: true }));
  return divide(sum(multiply(d, d), axis, opts), countOf(a, axis) - (opts?.ddof ?? 0));
}
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
export const argmax = argReduce('argmax');
export const argmin = argReduce('argmin');

function scan(prim: Primitive, prep: (a: NDArray) => NDArray) {
  return (x: ArrayLike, axis?: number | null): NDArray => {
    const a0 = prep(asArray(x));
    const flat = axis === undefined || axis === null;
    const a = flat ? reshape(a0, [-1]) : a0;
    return bind(prim, [a], { axis: flat ? 0 : axisOf(axis, a.ndim), reverse: false });
  };
}
export const cumsum = scan('cumsum', accumulating);
export const cumprod = scan('cumprod', accumulating);
export const cummax = scan('cummax', (a) => a);
export const cummin = scan('cummin', (a) => a);

function sorting(prim: Primitive) {
  return (x: ArrayLike, axis: number | null = -1): NDArray => {
    const a0 = asArray(x);
    const a = axis === null ? reshape(a0, [-1]) : a0;
    if (a.ndim === 0) throw new ShapeError(`${prim} needs an array of rank >= 1 (or axis null), got a 0-d array`);
    return bind(prim, [a], { axis: axis === null ? 0 : axisOf(axis, a.ndim) });
  };
}
/** Ascending, NaN last, stable. */
export const sort = sorting('sort');
export const argsort = sorting('argsort');

/** log(sum(exp(x))) computed stably: the max is subtracted first (and not when it is infinite). */
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

/** exp(x - max) / sum(exp(x - max)) along `axis` (default last). */
export function softmax(x: ArrayLike, axis: Axis = -1): NDArray {
  const a = floating(x);
  const e = exp(subtract(a, max(a, axis, { keepdims: true })));
  return divide(e, sum(e, axis, { keepdims: true }));
}
export function logSoftmax(x: ArrayLike, axis: Axis = -1): NDArray {
  const a = floating(x);
  const shifted = subtract(a, max(a, axis, { keepdims: true }));
  return subtract(shifted, log(sum(exp(shifted), axis, { keepdims: true })));
}

/** Vector p-norms (ord 1, 2, Infinity, -Infinity, or any p) over `axis`; the 2-norm of all elements by default. */
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
