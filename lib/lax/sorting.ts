/** `lax.topK`, as a composition: a stable argsort of a descending key, then the first k. */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import { bind, type NDArray } from '../array/ndarray';
import { ShapeError } from '../array/shape';

/**
 * The k largest elements along the last axis and their indices, [values, indices (int32)], largest
 * first; equal elements keep their order (the lower index first) and NaN counts as the largest, as
 * XLA's TopK.
 */
export function topK(operand: ArrayLike, k: number): [NDArray, NDArray] {
  const x = asArray(operand);
  if (x.ndim === 0) throw new ShapeError('lax.topK: operand must have at least one axis, got a 0-d array');
  const n = x.shape[x.ndim - 1]!;
  if (!Number.isInteger(k) || k < 0 || k > n)
    throw new RangeError(`lax.topK: k must be an integer in [0, ${n}] (the last axis' length), got ${String(k)}`);
  const axis = x.ndim - 1;
  // ascending order of the key is descending order of x: -x (NaN made -inf, so first) or ~x for ints
  const key = isFloat(x.dtype)
    ? bind('select', [
        bind('ne', [x, x]),
        bind('broadcast_in_dim', [asArray(-Infinity, x.dtype)], { shape: x.shape, broadcastDimensions: [] }),
        bind('neg', [x]),
      ])
    : bind('not', [x.dtype === 'int32' ? x : bind('convert', [x], { dtype: 'int32' })]);
  const order = bind('argsort', [key], { axis });
  const start = x.shape.map(() => 0),
    limit = [...x.shape.slice(0, -1), k];
  const indices = bind('slice', [order], { start, limit, strides: x.shape.map(() => 1) });
  const values = bind('gather', [x, indices], { axis, batchDims: axis });
  return [values, indices];
}
