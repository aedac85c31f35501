/**
 * Data-dependent sizes made static, as JAX does: nonzero, flatnonzero, argwhere, one-argument
 * where and unique take a `size` (required inside vmap and jit); without it the size is read from
 * a concrete array. Missing entries are `fillValue`. The k-th selected position is the count of
 * positions whose running total of selected elements is at most k (a search in a sorted cumsum),
 * so no loop and no scatter is needed and every transform sees primitives only.
 */
import { asArray, full, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import { TracerValueError, type NDArray } from '../array/ndarray';
import { ShapeError } from '../array/shape';
import { equal, floorDivide, isnan, less, logicalAnd, logicalNot, logicalOr, notEqual, remainder, where as where3 } from './math';
import { concatenate, reshape, sliceAxis, stack, take } from './manip';
import { cumsum, sort, sum } from './reductions';
import { searchsorted } from './search';
import { cast, type Axis, type ReduceOptions } from './util';

export interface SizeOptions {
  /** The static number of results (required inside vmap and jit): extra ones are cut, missing ones filled. */
  readonly size?: number;
  /** The value of the missing results (default 0; for unique, the smallest value). */
  readonly fillValue?: number;
}

/**
 * How many elements are not zero (NaN counts as nonzero), over `axis` (all by default).
 * @example np.countNonzero([[0, 1], [2, 3]]).item() // 3
 */
export const countNonzero = (a: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray =>
  sum(cast(notEqual(asArray(a), 0), 'int32'), axis, opts);

/** The static size: given, or the count read from a concrete selection mask. */
function sizeOf(mask: NDArray, given: number | undefined, api: string): number {
  if (given !== undefined) {
    if (!Number.isInteger(given) || given < 0) throw new RangeError(`np.${api}: size must be a non-negative integer, got ${given}`);
    return given;
  }
  try {
    return Number(sum(cast(mask, 'int32')).item());
  } catch (e) {
    if (e instanceof TracerValueError)
      throw new TracerValueError(`np.${api}: the result's size depends on the values; inside vmap/jit pass a static { size }`);
    throw e;
  }
}

/** The flat positions of the first `size` true elements of a 1-d mask, and which of the `size` slots are real. */
function selected(mask: NDArray, size: number): { index: NDArray; real: NDArray } {
  const running = cumsum(cast(mask, 'int32'));
  const k = asArray(
    Array.from({ length: size }, (_, i) => i),
    'int32',
  );
  const index = searchsorted(running, k, { side: 'right' });
  return { index, real: less(k, sum(cast(mask, 'int32'))) };
}

/**
 * The indices of the nonzero elements, one int32 array per axis (row-major order).
 * @example np.nonzero([[0, 1], [2, 0]]).map((a) => a.toArray()) // [[0, 1], [1, 0]]
 */
export function nonzero(a: ArrayLike, opts: SizeOptions = {}): NDArray[] {
  const x = asArray(a);
  if (x.ndim === 0) throw new ShapeError('np.nonzero: a 0-d array has no axes to index (use np.atleast1d)');
  const flat = reshape(notEqual(x, 0), [-1]);
  const size = sizeOf(flat, opts.size, 'nonzero');
  const { index, real } = selected(flat, size);
  const fill = opts.fillValue ?? 0;
  const strides = x.shape.map((_, d) => x.shape.slice(d + 1).reduce((p, q) => p * q, 1));
  return x.shape.map((n, d) => where3(real, remainder(floorDivide(index, strides[d]!), n), fill));
}

/**
 * The indices of the nonzero elements of the flattened array.
 * @example np.flatnonzero([[0, 1], [2, 0]]).toArray() // [1, 2]
 */
export const flatnonzero = (a: ArrayLike, opts: SizeOptions = {}): NDArray => nonzero(reshape(asArray(a), [-1]), opts)[0]!;

/**
 * The indices of the nonzero elements as rows [count, ndim].
 * @example np.argwhere([[0, 1], [1, 0]]).toArray() // [[0, 1], [1, 0]]
 */
export function argwhere(a: ArrayLike, opts: SizeOptions = {}): NDArray {
  const x = asArray(a);
  if (x.ndim === 0) throw new ShapeError('np.argwhere: a 0-d array has no axes to index (use np.atleast1d)');
  return stack(nonzero(x, opts), 1);
}

/**
 * where(condition, x, y) chooses elementwise (broadcasting all three); where(condition) alone is nonzero(condition).
 * @example np.where([true, false], [1, 2], [3, 4]).toArray() // [1, 4]
 * @example np.where([0, 3, 5]).map((a) => a.toArray()) // [[1, 2]]
 */
export function where(condition: ArrayLike, x: ArrayLike, y: ArrayLike): NDArray;
export function where(condition: ArrayLike, opts?: SizeOptions): NDArray[];
export function where(condition: ArrayLike, x?: ArrayLike | SizeOptions, y?: ArrayLike): NDArray | NDArray[] {
  if (y !== undefined) return where3(condition, x as ArrayLike, y);
  if (x === undefined || (typeof x === 'object' && !Array.isArray(x) && ('size' in x || 'fillValue' in x)))
    return nonzero(condition, (x ?? {}) as SizeOptions);
  throw new TypeError('np.where takes one argument (condition) or three (condition, x, y), got two');
}

/**
 * The sorted distinct values of the flattened array (NaNs count as one value, as numpy), the
 * first `size` of them; missing ones are fillValue (default the smallest value, as JAX).
 * @example np.unique([3, 1, 3, 2]).toArray() // [1, 2, 3]
 */
export function unique(a: ArrayLike, opts: SizeOptions = {}): NDArray {
  const s = sort(reshape(asArray(a), [-1]));
  const n = s.shape[0]!;
  if (n === 0) return opts.size ? full([opts.size], opts.fillValue ?? 0, s.dtype) : s;
  const prev = sliceAxis(s, 0, 0, -1),
    next = sliceAxis(s, 0, 1, null);
  const same = isFloat(s.dtype) ? logicalOr(equal(prev, next), logicalAnd(isnan(prev), isnan(next))) : equal(prev, next);
  const first = concatenate([asArray([true]), logicalNot(same)], 0);
  const size = sizeOf(first, opts.size, 'unique');
  const { index, real } = selected(first, size);
  const values = take(s, where3(real, index, 0));
  return where3(real, values, opts.fillValue ?? take(s, 0));
}
