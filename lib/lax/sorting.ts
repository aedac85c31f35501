/**
 * `lax.topK` and `lax.sortKeyVal` as compositions: a stable argsort of a key, then the operands
 * gathered in that order along the axis.
 */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import { bind, isNDArray, type NDArray } from '../array/ndarray';
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

/** Gathers `t` along `axis` at `order` (same shape): the axis moved last, a gather batched over the others, moved back. */
function gatherAlong(t: NDArray, order: NDArray, axis: number): NDArray {
  const nd = t.ndim;
  if (axis === nd - 1) return bind('gather', [t, order], { axis, batchDims: axis });
  const perm = [...t.shape.keys()].filter((d) => d !== axis).concat(axis);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  const last = (a: NDArray) => bind('transpose', [a], { permutation: perm });
  const g = bind('gather', [last(t), last(order)], { axis: nd - 1, batchDims: nd - 1 });
  return bind('transpose', [g], { permutation: inverse });
}

function checkDimension(fn: string, dimension: number, ndim: number): number {
  const axis = dimension < 0 ? dimension + ndim : dimension;
  if (!Number.isInteger(dimension) || axis < 0 || axis >= ndim)
    throw new RangeError(`${fn}: dimension ${dimension} is out of range for rank ${ndim}`);
  return axis;
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
  const axis = checkDimension('lax.sortKeyVal', dimension, k.ndim);
  const order = bind('argsort', [k], { axis });
  return [gatherAlong(k, order, axis), gatherAlong(v, order, axis)];
}

export interface SortOptions {
  /** The axis to sort along (default -1, the last). */
  readonly dimension?: number;
  /** Whether equal keys keep their order: accepted for JAX's signature; the sort is always stable. */
  readonly isStable?: boolean;
  /** How many leading operands are keys, compared lexicographically (default 1). */
  readonly numKeys?: number;
}

/**
 * JAX's lax.sort: one array sorted along `dimension`, or several arrays of one shape sorted
 * together, ordered lexicographically by the first `numKeys` of them (the rest are permuted alike).
 * Ascending, NaN last, -0 equal to 0, stable. Several keys are sorted least significant first, a
 * stable argsort per key (radix order), and every operand is gathered once by the final order.
 * A JS array of NDArrays is a sequence of operands; anything else is one array.
 * @example lax.sort(np.array([3, 1, 2])).toArray() // [1, 2, 3]
 * @example lax.sort([np.array([1, 0, 1]), np.array([2, 9, 1])], { numKeys: 2 }).map((a) => a.toArray()) // [[0, 1, 1], [9, 1, 2]]
 */
export function sort(operand: readonly NDArray[], options?: number | SortOptions): NDArray[];
export function sort(operand: ArrayLike, options?: number | SortOptions): NDArray;
export function sort(operand: ArrayLike | readonly NDArray[], options: number | SortOptions = {}): NDArray | NDArray[] {
  const opts = typeof options === 'number' ? { dimension: options } : options;
  const several = Array.isArray(operand) && operand.length > 0 && operand.every((o) => isNDArray(o));
  const xs = several ? (operand as readonly NDArray[]) : [asArray(operand as ArrayLike)];
  const first = xs[0]!;
  if (first.ndim === 0) throw new ShapeError('lax.sort: operands must have at least one axis, got a 0-d array');
  const bad = xs.findIndex((x) => x.shape.join() !== first.shape.join());
  if (bad >= 0)
    throw new ShapeError(
      `lax.sort: operands must have one shape, got (${first.shape.join(', ')}) for operand 0 and (${xs[bad]!.shape.join(', ')}) for operand ${bad}`,
    );
  const axis = checkDimension('lax.sort', opts.dimension ?? -1, first.ndim);
  const numKeys = opts.numKeys ?? 1;
  if (!Number.isInteger(numKeys) || numKeys < 1 || numKeys > xs.length)
    throw new RangeError(`lax.sort: numKeys must be an integer in [1, ${xs.length}] (the number of operands), got ${String(numKeys)}`);
  if (!several) return bind('sort', [first], { axis });
  // least significant key first: each stable pass keeps the order the later keys gave to its ties
  let order: NDArray | null = null;
  for (let k = numKeys - 1; k >= 0; k--) {
    const key: NDArray = order === null ? xs[k]! : gatherAlong(xs[k]!, order, axis);
    const pass = bind('argsort', [key], { axis });
    order = order === null ? pass : gatherAlong(order, pass, axis);
  }
  return xs.map((x) => gatherAlong(x, order!, axis));
}
