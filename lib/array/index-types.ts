/**
 * The types of numpy-style indices, shared by `x.index(...)`, `x.at(...)` and `np.at`. Types only:
 * NDArray declares the methods, lib/numpy implements them (ndarray.ts cannot import lib/numpy).
 */
import type { ArrayLike } from './create';
import type { NDArray } from './ndarray';

/** numpy's `start:stop:step` (each optional, negative counts from the end); `{}` is the whole axis, `:`. */
export interface Slice {
  readonly start?: number | null;
  readonly stop?: number | null;
  readonly step?: number | null;
}
/** numpy's `...`: as many whole axes as the other entries leave. */
export type Ellipsis = '...';
/**
 * One entry of an index: an integer (negative counts from the end), a Slice, `null` (numpy's
 * newaxis: a new axis of length 1), `'...'`, an integer array (advanced indexing) or a bool mask
 * (the positions of its true elements; its values must be known, not traced).
 */
export type IndexEntry = number | Slice | null | Ellipsis | ArrayLike;
/** JAX's out-of-bounds modes for integer-array indices. */
export type Mode = 'promise_in_bounds' | 'clip' | 'drop' | 'fill';
export interface AtOptions {
  /**
   * Reads: 'promise_in_bounds' (default) and 'clip' clamp, 'fill' and 'drop' read `fillValue`.
   * Updates: 'drop' (default), 'fill' and 'promise_in_bounds' skip (as XLA's scatter), 'clip' clamps.
   */
  readonly mode?: Mode;
  /** What 'fill' reads out of bounds (default as JAX: NaN for floats, the least int32, the largest uint32, true for bools). */
  readonly fillValue?: number | boolean;
}
/** `x.index(...)`'s trailing options (only `mode` and `fillValue` keys, so it is never taken for a Slice). */
export type IndexOptions = AtOptions;
/** The arguments of `x.index(...)`: index entries, optionally ending with the options. */
export type IndexArgs = IndexEntry[] | [...IndexEntry[], IndexOptions];

/** What `x.at(...index)` returns: JAX's `x.at[index]`. Every method returns a new array; x is untouched. */
export interface AtRef {
  /** x[index] (numpy's indexing). */
  get(opts?: AtOptions): NDArray;
  /** x with x[index] = values (a duplicate position keeps the last update). */
  set(values: ArrayLike, opts?: AtOptions): NDArray;
  /** x with values added at index (duplicates accumulate, in index order). */
  add(values: ArrayLike, opts?: AtOptions): NDArray;
  /** x with x[index] multiplied by values (duplicates multiply together). */
  multiply(values: ArrayLike, opts?: AtOptions): NDArray;
  /** x with x[index] = minimum(x[index], values) (over duplicates too). */
  min(values: ArrayLike, opts?: AtOptions): NDArray;
  /** x with x[index] = maximum(x[index], values) (over duplicates too). */
  max(values: ArrayLike, opts?: AtOptions): NDArray;
}
