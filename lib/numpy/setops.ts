/**
 * Set operations on flattened arrays, as numpy's (sorted, distinct results) with JAX's static
 * `size` (required inside vmap and jit; extra results cut, missing ones `fillValue`). Each is one
 * sort plus a keep-mask over it: the first element of each run of equal values (NaNs are one run,
 * as unique's), kept when its membership test passes; membership is `isin`, under which NaN equals
 * nothing, as numpy's in1d.
 */
import { arange, asArray, full, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import type { NDArray } from '../array/ndarray';
import { concatenate, reshape, sliceAxis, take } from './manip';
import { equal, greater, isnan, less, logicalAnd, logicalNot, logicalOr, subtract, where } from './math';
import { logicalXor } from './math-extra';
import { nonzero, type SizeOptions } from './nonzero';
import { any, cumsum, sort, sum } from './reductions';
import { isin } from './search';
import { staticSize } from './static-size';
import { cast, promote } from './util';

const flat = (x: NDArray): NDArray => reshape(x, [-1]);

/** Whether each element of the sorted s starts a run of equal values (NaNs form one run). */
function runStarts(s: NDArray): NDArray {
  const n = s.shape[0]!;
  if (n === 0) return cast(s, 'bool');
  const prev = sliceAxis(s, 0, 0, -1),
    next = sliceAxis(s, 0, 1, null);
  const same = isFloat(s.dtype) ? logicalOr(equal(prev, next), logicalAnd(isnan(prev), isnan(next))) : equal(prev, next);
  return concatenate([asArray([true]), logicalNot(same)], 0);
}

/**
 * The kept elements of the sorted s, in order, as `size` values; missing ones are fillValue or,
 * by default, the smallest result (0 when there is none), as JAX's.
 */
function keptSorted(s: NDArray, keep: NDArray, opts: SizeOptions, api: string, defaultFill?: number): NDArray {
  const size = staticSize(keep, opts.size, api);
  if (size === 0 || s.shape[0] === 0) return full([size], opts.fillValue ?? defaultFill ?? 0, s.dtype);
  const index = nonzero(keep, { size })[0]!;
  const count = sum(cast(keep, 'int32'));
  const real = less(arange(size, 'int32'), count);
  const values = take(s, index);
  const fill = opts.fillValue ?? defaultFill ?? where(greater(count, 0), take(values, 0), full([], 0, s.dtype));
  return where(real, values, fill);
}

/** Both operands promoted together and flattened. */
function pair(ar1: ArrayLike, ar2: ArrayLike): [NDArray, NDArray] {
  const [a, b] = promote(ar1, ar2);
  return [flat(a!), flat(b!)];
}

/**
 * The sorted distinct values found in either array.
 * @example np.union1d([-1, 0, 1], [-2, 0, 2]).toArray() // [-2, -1, 0, 1, 2]
 */
export function union1d(ar1: ArrayLike, ar2: ArrayLike, opts: SizeOptions = {}): NDArray {
  const [a, b] = pair(ar1, ar2);
  const s = sort(concatenate([a, b], 0));
  return keptSorted(s, runStarts(s), opts, 'union1d');
}

/**
 * The sorted distinct values found in both arrays.
 * @example np.intersect1d([1, 3, 4, 3], [3, 1, 2, 1]).toArray() // [1, 3]
 */
export function intersect1d(ar1: ArrayLike, ar2: ArrayLike, opts: SizeOptions = {}): NDArray {
  const [a, b] = pair(ar1, ar2);
  const s = sort(a);
  return keptSorted(s, logicalAnd(runStarts(s), isin(s, b)), opts, 'intersect1d');
}

/**
 * The sorted distinct values of ar1 not in ar2 (ar1's dtype); the default fill is 0, as JAX's.
 * @example np.setdiff1d([1, 2, 3, 2, 4, 1], [3, 4, 5, 6]).toArray() // [1, 2]
 */
export function setdiff1d(ar1: ArrayLike, ar2: ArrayLike, opts: SizeOptions = {}): NDArray {
  const s = sort(flat(asArray(ar1)));
  return keptSorted(s, logicalAnd(runStarts(s), isin(s, ar2, { invert: true })), opts, 'setdiff1d', 0);
}

/**
 * The sorted distinct values found in exactly one of the arrays. As in numpy, NaN is never equal
 * to NaN here: an array holding NaN contributes one NaN (so NaN in both gives two).
 * @example np.setxor1d([1, 2, 3, 2, 4], [2, 3, 5, 7, 5]).toArray() // [1, 4, 5, 7]
 */
export function setxor1d(ar1: ArrayLike, ar2: ArrayLike, opts: SizeOptions = {}): NDArray {
  const [a, b] = pair(ar1, ar2);
  const s = sort(concatenate([a, b], 0));
  let keep = logicalAnd(runStarts(s), logicalXor(isin(s, a), isin(s, b)));
  if (isFloat(s.dtype) && s.shape[0]! > 0) {
    // NaNs sort last; keep as many of them as inputs hold one
    const nans = isnan(s);
    const rank = subtract(cumsum(cast(nans, 'int32')), 1);
    const wanted = sum(cast(concatenate([reshape(any(isnan(a)), [1]), reshape(any(isnan(b)), [1])], 0), 'int32'));
    keep = logicalOr(keep, logicalAnd(nans, less(rank, wanted)));
  }
  return keptSorted(s, keep, opts, 'setxor1d');
}
