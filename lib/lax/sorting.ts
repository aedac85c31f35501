/**
 * `lax.topK` and `lax.sortKeyVal` as compositions: a stable argsort of a key, then the operands
 * gathered in that order along the axis.
 */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import { bind, type NDArray } from '../array/ndarray';
import { ShapeError } from '../array/shape';

/**
 * The k largest elements along the last axis and their indices, [values, indices (int32)], largest
 * first; equal elements keep their order (the lower index first) and NaN counts as the largest, as
 * XLA's TopK.
 * @example lax.topK(np.array([1, 5, 3]), 2)[0].toArray() // [5, 3]
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

/**
 * keys sorted along `dimension` (NaN last, stable) and values permuted alike: JAX's
 * lax.sort_key_val, [sortedKeys, sortedValues]. keys and values have one shape.
 * @example lax.sortKeyVal(np.array([3, 1, 2]), np.array([30, 10, 20]))[1].toArray() // [10, 20, 30]
 */
export function sortKeyVal(keys: ArrayLike, values: ArrayLike, dimension = -1): [NDArray, NDArray] {
  const k = asArray(keys),
    v = asArray(values);
  if (k.ndim === 0) throw new ShapeError('lax.sortKeyVal: keys must have at least one axis, got a 0-d array');
  if (k.shape.join() !== v.shape.join())
    throw new ShapeError(`lax.sortKeyVal: keys and values must have one shape, got (${k.shape.join(', ')}) and (${v.shape.join(', ')})`);
  const axis = dimension < 0 ? dimension + k.ndim : dimension;
  if (!Number.isInteger(dimension) || axis < 0 || axis >= k.ndim)
    throw new RangeError(`lax.sortKeyVal: dimension ${dimension} is out of range for rank ${k.ndim}`);
  const order = bind('argsort', [k], { axis });
  // gather along `axis` with the other axes as batch dims: move the axis last, gather, move back
  const perm = [...k.shape.keys()].filter((d) => d !== axis).concat(axis);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  const last = (t: NDArray) => bind('transpose', [t], { permutation: perm });
  const back = (t: NDArray) => bind('transpose', [t], { permutation: inverse });
  const o = last(order);
  const pick = (t: NDArray) => back(bind('gather', [last(t), o], { axis: k.ndim - 1, batchDims: k.ndim - 1 }));
  return [pick(k), pick(v)];
}
