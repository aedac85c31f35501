/**
 * numpy's nan* reductions: the reduction with NaN elements left out. Each replaces NaN by the
 * reduction's identity and counts what is left; an all-NaN slice gives NaN for the max, min, mean,
 * var and std (numpy warns and returns NaN) and -1 for nanargmax/nanargmin (JAX's choice: numpy
 * raises, which a lazy value cannot). Ints and bools have no NaN and reduce as the plain versions.
 */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import type { NDArray } from '../array/ndarray';
import { divide, isnan, logicalNot, multiply, sqrt, subtract, where } from './math';
import { reshape } from './manip';
import { all, argmax, argmin, cumprod, cumsum, max, min, prod, sum, type VarOptions } from './reductions';
import { cast, type Axis, type ReduceOptions } from './util';

/** NaN replaced by `fill` (floats only; other dtypes have no NaN). */
const fillNan = (a: NDArray, fill: number): NDArray => (isFloat(a.dtype) ? where(isnan(a), fill, a) : a);
const floating = (x: ArrayLike): NDArray => {
  const a = asArray(x);
  return isFloat(a.dtype) ? a : cast(a, 'float64');
};
/** How many non-NaN elements each slice has, in a's float dtype. */
const countNotNan = (a: NDArray, axis: Axis, opts?: ReduceOptions): NDArray => sum(cast(logicalNot(isnan(a)), a.dtype), axis, opts);

/**
 * The sum over `axis` (all axes by default) with NaN counted as 0.
 * @example np.nansum([1, NaN, 2]).item() // 3
 */
export const nansum = (x: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray => sum(fillNan(asArray(x), 0), axis, opts);
/**
 * The product over `axis` (all axes by default) with NaN counted as 1.
 * @example np.nanprod([2, NaN, 3]).item() // 6
 */
export const nanprod = (x: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray => prod(fillNan(asArray(x), 1), axis, opts);

function nanExtremum(reduce: typeof max, identity: number) {
  return (x: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray => {
    const a = asArray(x);
    if (!isFloat(a.dtype)) return reduce(a, axis, opts);
    return where(all(isnan(a), axis, opts), NaN, reduce(fillNan(a, identity), axis, opts));
  };
}
/**
 * The max ignoring NaN (NaN for an all-NaN slice; an empty slice is an error, as for max).
 * @example np.nanmax([1, NaN, 3]).item() // 3
 */
export const nanmax = nanExtremum(max, -Infinity);
/**
 * The min ignoring NaN over `axis` (NaN for an all-NaN slice; an empty slice is an error, as for min).
 * @example np.nanmin([3, NaN, 1]).item() // 1
 */
export const nanmin = nanExtremum(min, Infinity);

/**
 * The mean of the non-NaN elements (NaN when there are none).
 * @example np.nanmean([1, NaN, 3]).item() // 2
 */
export function nanmean(x: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray {
  const a = floating(x);
  return divide(nansum(a, axis, opts), countNotNan(a, axis, opts));
}

/**
 * The variance of the non-NaN elements, dividing by their count minus ddof.
 * @example np.nanvar([1, NaN, 3]).item() // 1
 */
export function nanvar(x: ArrayLike, axis?: Axis, opts?: VarOptions): NDArray {
  const a = floating(x);
  const d = subtract(a, nanmean(a, axis, { keepdims: true }));
  const keep = opts?.keepdims ? { keepdims: true } : undefined;
  return divide(nansum(multiply(d, d), axis, keep), subtract(countNotNan(a, axis, keep), opts?.ddof ?? 0));
}
/**
 * The standard deviation of the non-NaN elements over `axis`: the square root of `nanvar`.
 * @example np.nanstd([1, NaN, 3]).item() // 1
 */
export const nanstd = (x: ArrayLike, axis?: Axis, opts?: VarOptions): NDArray => sqrt(nanvar(x, axis, opts));

function nanArg(arg: typeof argmax, identity: number) {
  return (x: ArrayLike, axis?: number | null, opts?: ReduceOptions): NDArray => {
    const a = asArray(x);
    if (!isFloat(a.dtype)) return arg(a, axis, opts);
    const flat = axis === undefined || axis === null;
    const allNan = all(isnan(flat ? reshape(a, [-1]) : a), flat ? 0 : axis, opts?.keepdims && !flat ? { keepdims: true } : undefined);
    const r = arg(fillNan(a, identity), axis, opts);
    return where(opts?.keepdims && flat ? reshape(allNan, r.shape) : allNan, -1, r);
  };
}
/**
 * The index of the max ignoring NaN; -1 for an all-NaN slice.
 * @example np.nanargmax([1, NaN, 3]).item() // 2
 */
export const nanargmax = nanArg(argmax, -Infinity);
/**
 * The index of the min ignoring NaN, along `axis` or into the flattened array; -1 for an all-NaN slice.
 * @example np.nanargmin([NaN, 2, 1]).item() // 2
 */
export const nanargmin = nanArg(argmin, Infinity);

/**
 * Cumulative sum/product with NaN counted as 0/1.
 * @example np.nancumsum([1, NaN, 2]).toArray() // [1, 1, 3]
 */
export const nancumsum = (x: ArrayLike, axis?: number | null): NDArray => cumsum(fillNan(asArray(x), 0), axis);
/**
 * The running product along `axis` (of the flattened array when `axis` is omitted) with NaN counted as 1.
 * @example np.nancumprod([2, NaN, 3]).toArray() // [2, 2, 6]
 */
export const nancumprod = (x: ArrayLike, axis?: number | null): NDArray => cumprod(fillNan(asArray(x), 1), axis);
