/**
 * Index helpers and reorderings: select, the triangle/diagonal index generators, unravelIndex,
 * ravelMultiIndex, append, delete, insert (static positions), partition and argpartition (a full
 * sort is a valid partition), lexsort, the NaN-skipping median and quantiles, applyAlongAxis
 * (vmap over the other axes), broadcastShapes, matrixTranspose, vecdot, rollaxis, ndim, shape, size.
 */
import { asArray, type ArrayLike } from '../array/create';
import { isNDArray, type NDArray } from '../array/ndarray';
import { broadcastShapes as broadcastShapeList, fmtShape, ShapeError, type Shape } from '../array/shape';
import { vmap } from '../transforms/vmap';
import { add, ceil, clip, equal, floor, floorDivide, greater, isnan, multiply, remainder, round, subtract, where } from './math';
import { concatenate, expandDims, moveaxis, reshape, swapaxes, take, takeAlongAxis } from './manip';
import { argsort, sort, sum } from './reductions';
import { lerp } from './lerp';
import type { QuantileOptions } from './statistics';
import { axesOf, axisOf, cast, keepDims, promote, type Axis, type ReduceOptions } from './util';

/**
 * The choice from the first true condition, element by element, else `default` (numpy.select).
 * @example np.select([[true, false], [false, true]], [[1, 2], [3, 4]]).toArray() // [1, 4]
 */
export function select(condlist: readonly ArrayLike[], choicelist: readonly ArrayLike[], defaultValue: ArrayLike = 0): NDArray {
  if (condlist.length !== choicelist.length)
    throw new ShapeError(`np.select: condlist and choicelist must have one length, got ${condlist.length} and ${choicelist.length}`);
  let r = asArray(defaultValue);
  for (let i = condlist.length - 1; i >= 0; i--) r = where(condlist[i]!, choicelist[i]!, r);
  return r;
}

const ints = (xs: number[]): NDArray => asArray(xs, 'int32');
/** The (row, col) pairs of an n x m array whose diagonal offset j - i passes `keep`, row-major. */
function indexPairs(n: number, m: number, keep: (offset: number) => boolean): [NDArray, NDArray] {
  const rows: number[] = [],
    cols: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++)
      if (keep(j - i)) {
        rows.push(i);
        cols.push(j);
      }
  return [ints(rows), ints(cols)];
}
/**
 * The (rows, cols) of the lower triangle of an n x m array at and below the k-th diagonal, row-major.
 * @example np.trilIndices(2).map((a) => a.toArray()) // [[0, 1, 1], [0, 0, 1]]
 */
export const trilIndices = (n: number, k = 0, m = n): [NDArray, NDArray] => indexPairs(n, m, (d) => d <= k);
/**
 * The (rows, cols) of the upper triangle at and above the k-th diagonal.
 * @example np.triuIndices(2).map((a) => a.toArray()) // [[0, 0, 1], [0, 1, 1]]
 */
export const triuIndices = (n: number, k = 0, m = n): [NDArray, NDArray] => indexPairs(n, m, (d) => d >= k);
/**
 * The indices of the main diagonal of an n^ndim array, one array per axis.
 * @example np.diagIndices(2).map((a) => a.toArray()) // [[0, 1], [0, 1]]
 */
export const diagIndices = (n: number, ndim = 2): NDArray[] =>
  Array.from({ length: ndim }, () => ints(Array.from({ length: n }, (_, i) => i)));

/**
 * Flat indices into `shape` as one index array per axis (row-major).
 * @example np.unravelIndex(6, [3, 4]).map((a) => a.item()) // [1, 2]
 */
export function unravelIndex(indices: ArrayLike, shape: Shape): NDArray[] {
  const idx = cast(asArray(indices), 'int32');
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((p, q) => p * q, 1));
  return shape.map((n, d) => remainder(floorDivide(idx, strides[d]!), n));
}
/**
 * Per-axis indices into `shape` as flat row-major indices.
 * @example np.ravelMultiIndex([[1], [2]], [3, 4]).toArray() // [6]
 */
export function ravelMultiIndex(multiIndex: readonly ArrayLike[], shape: Shape): NDArray {
  if (multiIndex.length !== shape.length)
    throw new ShapeError(`np.ravelMultiIndex: one index array per axis of ${fmtShape(shape)} needed, got ${multiIndex.length}`);
  return multiIndex.reduce<NDArray>((acc, ix, d) => add(multiply(acc, shape[d]!), cast(asArray(ix), 'int32')), asArray(0, 'int32'));
}

/**
 * values appended to arr along `axis` (both flattened when axis is null).
 * @example np.append([1, 2], [3, 4]).toArray() // [1, 2, 3, 4]
 */
export function append(arr: ArrayLike, values: ArrayLike, axis: number | null = null): NDArray {
  const [a, b] = promote(arr, values);
  return axis === null ? concatenate([reshape(a!, [-1]), reshape(b!, [-1])], 0) : concatenate([a!, b!], axis);
}

/**
 * arr without the given positions along `axis` (the flattened array when null); positions are static. np.delete.
 * @example np.delete([1, 2, 3, 4], 1).toArray() // [1, 3, 4]
 */
function deleteAt(arr: ArrayLike, positions: number | readonly number[], axis: number | null = null): NDArray {
  const a0 = asArray(arr);
  const a = axis === null ? reshape(a0, [-1]) : a0;
  const ax = axis === null ? 0 : axisOf(axis, a.ndim);
  const n = a.shape[ax]!;
  const drop = new Set(
    (typeof positions === 'number' ? [positions] : positions).map((p) => {
      if (!Number.isInteger(p) || p < -n || p >= n)
        throw new RangeError(`np.delete: position ${p} is out of bounds for axis ${axis ?? 0} of length ${n}`);
      return p < 0 ? p + n : p;
    }),
  );
  return take(
    a,
    Array.from({ length: n }, (_, i) => i).filter((i) => !drop.has(i)),
    ax,
  );
}

/**
 * values inserted before position `index` along `axis` (the flattened array when null).
 * @example np.insert([1, 2, 3], 1, 9).toArray() // [1, 9, 2, 3]
 */
export function insert(arr: ArrayLike, index: number, values: ArrayLike, axis: number | null = null): NDArray {
  const [a0, v0] = promote(arr, values);
  const a = axis === null ? reshape(a0!, [-1]) : a0!;
  const ax = axis === null ? 0 : axisOf(axis, a.ndim);
  const n = a.shape[ax]!;
  if (!Number.isInteger(index) || index < -n || index > n)
    throw new RangeError(`np.insert: index ${index} is out of bounds for axis ${axis ?? 0} of length ${n}`);
  const at = index < 0 ? index + n : index;
  const piece = v0!.ndim === a.ndim ? v0! : axis === null ? reshape(v0!, [-1]) : moveaxis(reshape(v0!, [...v0!.shape, 1]), -1, ax);
  const cut = (lo: number, hi: number) =>
    take(
      a,
      Array.from({ length: hi - lo }, (_, i) => lo + i),
      ax,
    );
  return concatenate([cut(0, at), piece, cut(at, n)], ax);
}

/**
 * A sorted copy: every element before `kth` is <= it and every one after is >= it (numpy leaves their order free).
 * @example np.partition([3, 1, 2], 1).toArray() // [1, 2, 3]
 */
export const partition = (a: ArrayLike, kth: number, axis = -1): NDArray => {
  const x = asArray(a);
  if (x.ndim === 0) throw new ShapeError('np.partition needs an array of rank >= 1');
  const n = x.shape[axisOf(axis, x.ndim)]!;
  if (!Number.isInteger(kth) || kth < -n || kth >= n)
    throw new RangeError(`np.partition: kth ${kth} is out of bounds for an axis of length ${n}`);
  return sort(x, axis);
};
/**
 * The indices that partition `a` along `axis` around `kth` (here a full stable argsort, which satisfies numpy's contract).
 * @example np.argpartition([3, 1, 2], 1).toArray() // [1, 2, 0]
 */
export const argpartition = (a: ArrayLike, kth: number, axis = -1): NDArray => {
  partition(a, kth, axis);
  return argsort(a, axis);
};

/**
 * The indirect stable sort by several keys, the LAST key primary (numpy.lexsort), of 1-d keys.
 * @example np.lexsort([[1, 0, 2], [1, 1, 0]]).toArray() // [2, 1, 0]
 */
export function lexsort(keys: readonly ArrayLike[]): NDArray {
  if (keys.length === 0) throw new ShapeError('np.lexsort needs at least one key');
  let order: NDArray | null = null;
  for (const k of keys) {
    const key = asArray(k);
    order = order === null ? argsort(key) : take(order, argsort(take(key, order)));
  }
  return order!;
}

/**
 * quantile of the non-NaN elements of each slice (NaN for an all-NaN slice).
 * @example np.nanquantile([1, NaN, 3, 5], 0.5).item() // 3
 */
export function nanquantile(a: ArrayLike, q: number | readonly number[], axis?: Axis, opts: QuantileOptions = {}): NDArray {
  for (const v of typeof q === 'number' ? [q] : q)
    if (!(v >= 0 && v <= 1)) throw new RangeError(`np.nanquantile: q must be in [0, 1], got ${v}`);
  const x0 = asArray(a);
  const x = cast(x0, x0.dtype === 'float32' ? 'float32' : 'float64');
  const axes = axesOf(axis, x.ndim);
  const rest = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const m = axes.reduce((k, d) => k * x.shape[d]!, 1);
  if (m === 0) throw new ShapeError('np.nanquantile: cannot take a quantile of an empty slice');
  const flat = reshape(
    moveaxis(
      x,
      axes,
      axes.map((_, i) => rest.length + i),
    ),
    [...rest.map((d) => x.shape[d]!), m],
  );
  const s = sort(flat, -1); // NaN last: the first `valid` entries are the numbers
  const valid = subtract(m, sum(cast(isnan(s), 'int32'), -1, { keepdims: true }));
  const method = opts.method ?? 'linear';
  const at = (i: NDArray) => takeAlongAxis(s, clip(cast(i, 'int32'), 0, m - 1), -1);
  const one = (qv: number): NDArray => {
    const pos = multiply(cast(subtract(valid, 1), s.dtype), qv);
    const lo = floor(pos),
      hi = ceil(pos),
      frac = subtract(pos, lo);
    let r: NDArray;
    if (method === 'lower') r = at(lo);
    else if (method === 'higher') r = at(hi);
    else if (method === 'midpoint') r = lerp(at(lo), at(hi), 0.5);
    else if (method === 'nearest') r = at(round(pos));
    else r = where(equal(frac, 0), at(lo), lerp(at(lo), at(hi), frac));
    r = where(greater(valid, 0), r, NaN);
    return keepDims(
      reshape(
        r,
        rest.map((d) => x.shape[d]!),
      ),
      axes,
      opts.keepdims,
    );
  };
  if (typeof q === 'number') return one(q);
  return concatenate(
    q.map((qv) => expandDims(one(qv), 0)),
    0,
  );
}
/**
 * The `q`-th percentile(s) (0..100) over `axis`, ignoring NaN: `nanquantile` with `q / 100`.
 * @example np.nanpercentile([1, NaN, 3, 5], 50).item() // 3
 */
export const nanpercentile = (a: ArrayLike, q: number | readonly number[], axis?: Axis, opts: QuantileOptions = {}): NDArray =>
  nanquantile(a, typeof q === 'number' ? q / 100 : q.map((v) => v / 100), axis, opts);
/**
 * The median over `axis` (all axes by default), ignoring NaN: `nanquantile` at 0.5.
 * @example np.nanmedian([1, NaN, 3, 4]).item() // 3
 */
export const nanmedian = (a: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray => nanquantile(a, 0.5, axis, opts);

/**
 * f applied to every 1-d slice along `axis` (a vmap over the other axes); f's result axes replace that axis.
 * @example np.applyAlongAxis((r) => np.sum(r), 1, [[1, 2], [3, 4]]).toArray() // [3, 7]
 */
export function applyAlongAxis(f: (slice: NDArray) => NDArray, axis: number, arr: ArrayLike): NDArray {
  const a = asArray(arr);
  const ax = axisOf(axis, a.ndim);
  const moved = moveaxis(a, ax, -1);
  const lead = moved.shape.slice(0, -1);
  const flat = reshape(moved, [lead.reduce((p, q) => p * q, 1), moved.shape[moved.ndim - 1]!]);
  const out = vmap(f)(flat);
  const res = reshape(out, [...lead, ...out.shape.slice(1)]);
  return out.ndim === 1
    ? res
    : moveaxis(
        res,
        Array.from({ length: out.ndim - 1 }, (_, i) => lead.length + i),
        Array.from({ length: out.ndim - 1 }, (_, i) => ax + i),
      );
}

/**
 * The shape the given shapes broadcast to.
 * @example np.broadcastShapes([2, 1], [3]) // [2, 3]
 */
export const broadcastShapes = (...shapes: readonly Shape[]): number[] => [...broadcastShapeList(...shapes)];
/**
 * The last two axes swapped.
 * @example np.matrixTranspose(np.zeros([5, 2, 3])).shape // [5, 3, 2]
 */
export function matrixTranspose(x: ArrayLike): NDArray {
  const a = asArray(x);
  if (a.ndim < 2) throw new ShapeError(`np.matrixTranspose needs rank >= 2, got shape ${fmtShape(a.shape)}`);
  return swapaxes(a, -1, -2);
}
/**
 * The dot product of vectors along `axis` (default last), broadcasting the rest.
 * @example np.vecdot([[1, 2], [3, 4]], [1, 1]).toArray() // [3, 7]
 */
export function vecdot(x1: ArrayLike, x2: ArrayLike, axis = -1): NDArray {
  const [a, b] = promote(x1, x2);
  return sum(multiply(a!, b!), axis);
}
/**
 * Moves `axis` to before position `start` (numpy.rollaxis; prefer moveaxis).
 * @example np.rollaxis(np.zeros([2, 3, 4]), 2).shape // [4, 2, 3]
 */
export function rollaxis(a: ArrayLike, axis: number, start = 0): NDArray {
  const x = asArray(a);
  const ax = axisOf(axis, x.ndim);
  let st = start < 0 ? start + x.ndim : start;
  if (st < 0 || st > x.ndim) throw new RangeError(`np.rollaxis: start ${start} is out of range for rank ${x.ndim}`);
  if (ax < st) st -= 1;
  return ax === st ? x : moveaxis(x, ax, st);
}
/**
 * The number of axes of `x` (a JS number; a scalar has 0).
 * @example np.ndim([[1, 2], [3, 4]]) // 2
 */
export const ndim = (x: ArrayLike): number => (isNDArray(x) ? x : asArray(x)).ndim;
/**
 * The shape of `x` as an array of axis lengths.
 * @example np.shape([[1, 2, 3], [4, 5, 6]]) // [2, 3]
 */
export const shape = (x: ArrayLike): readonly number[] => (isNDArray(x) ? x : asArray(x)).shape;
/**
 * The number of elements of `x` (a JS number).
 * @example np.size([[1, 2, 3], [4, 5, 6]]) // 6
 */
export const size = (x: ArrayLike): number => (isNDArray(x) ? x : asArray(x)).size;

export { deleteAt as delete };
