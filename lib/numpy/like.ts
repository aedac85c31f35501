/** The `*Like` constructors: an array of the shape and dtype of another. */
import { asArray, ones, zeros, type ArrayLike } from '../array/create';
import type { NDArray } from '../array/ndarray';

/**
 * Zeros of `x`'s shape and dtype.
 * @example np.zerosLike(np.ones([2, 3], 'int32')) // int32 [[0 0 0] [0 0 0]]
 */
export function zerosLike(x: ArrayLike): NDArray {
  const a = asArray(x);
  return zeros(a.shape, a.dtype);
}

/**
 * Ones of `x`'s shape and dtype.
 * @example np.onesLike(np.arange(3)) // [1. 1. 1.]
 */
export function onesLike(x: ArrayLike): NDArray {
  const a = asArray(x);
  return ones(a.shape, a.dtype);
}
