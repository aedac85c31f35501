/** Shape manipulation, joining/splitting and indexing: compositions of shape and gather primitives. */
import { asArray, type ArrayLike } from '../array/create';
import { bind, constant, type NDArray } from '../array/ndarray';
import { broadcastShapes, moveAxisPerm, range, ShapeError, sizeOf, type Shape } from '../array/shape';
import { intArray } from './int-literal';
import { promote, axesOf, axisOf, broadcastTo } from './util';

/**
 * Reshape; one dimension may be -1 and is inferred.
 * @example np.reshape(np.arange(6), [2, -1]).shape // [2, 3]
 */
export function reshape(x: ArrayLike, shape: number | Shape): NDArray {
  const a = asArray(x);
  const s = typeof shape === 'number' ? [shape] : [...shape];
  const free = s.filter((d) => d === -1).length;
  if (free > 1) throw new ShapeError(`reshape: can only specify one unknown dimension, got shape (${s.join(', ')})`);
  if (free === 1) {
    const known = sizeOf(s.filter((d) => d !== -1));
    if (known === 0 || a.size % known !== 0)
      throw new ShapeError(`cannot reshape array of shape (${a.shape.join(', ')}) (size ${a.size}) into shape (${s.join(', ')})`);
    s[s.indexOf(-1)] = a.size / known;
  }
  return bind('reshape', [a], { newSizes: s });
}
/**
 * The elements of `x` as a 1-d array, in row-major order.
 * @example np.ravel([[1, 2], [3, 4]]).toArray() // [1, 2, 3, 4]
 */
export const ravel = (x: ArrayLike): NDArray => reshape(x, [-1]);

/**
 * Permutes axes (reverses them by default).
 * @example np.transpose([[1, 2], [3, 4]]).toArray() // [[1, 3], [2, 4]]
 */
export function transpose(x: ArrayLike, axes?: readonly number[]): NDArray {
  const a = asArray(x);
  const perm = axes === undefined ? range(a.ndim).reverse() : axes.map((ax) => axisOf(ax, a.ndim, 'transpose axis'));
  return bind('transpose', [a], { permutation: perm });
}

/**
 * Moves axes `source` to positions `destination` (numbers or equal-length lists).
 * @example np.moveaxis(np.zeros([2, 3, 4]), 0, -1).shape // [3, 4, 2]
 */
export function moveaxis(x: ArrayLike, source: number | readonly number[], destination: number | readonly number[]): NDArray {
  const a = asArray(x);
  const src = axesOf(source, a.ndim, 'moveaxis source');
  const dst = axesOf(destination, a.ndim, 'moveaxis destination');
  if (src.length !== dst.length) throw new ShapeError(`moveaxis: source ${JSON.stringify(source)} and destination ${JSON.stringify(destination)} differ in length`);
  if (src.length === 1) return bind('transpose', [a], { permutation: moveAxisPerm(a.ndim, src[0]!, dst[0]!) });
  const order = range(a.ndim).filter((i) => !src.includes(i));
  const pairs = dst.map((d, i) => [d, src[i]!] as const).sort((p, q) => p[0] - q[0]);
  for (const [d, s] of pairs) order.splice(d, 0, s);
  return bind('transpose', [a], { permutation: order });
}
/**
 * `x` with axes `axis1` and `axis2` interchanged (negative axes count from the end).
 * @example np.swapaxes(np.zeros([2, 3, 4]), 0, 2).shape // [4, 3, 2]
 */
export function swapaxes(x: ArrayLike, axis1: number, axis2: number): NDArray {
  const a = asArray(x);
  const perm = range(a.ndim);
  const i = axisOf(axis1, a.ndim), j = axisOf(axis2, a.ndim);
  [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  return bind('transpose', [a], { permutation: perm });
}

/**
 * Inserts size-1 axes at the given output positions.
 * @example np.expandDims([1, 2], 0).shape // [1, 2]
 */
export function expandDims(x: ArrayLike, axis: number | readonly number[]): NDArray {
  const a = asArray(x);
  const n = a.ndim + (typeof axis === 'number' ? 1 : axis.length);
  return bind('expand_dims', [a], { dimensions: axesOf(axis, n, 'expandDims axis').sort((p, q) => p - q) });
}

/**
 * Removes size-1 axes (all of them by default).
 * @example np.squeeze(np.zeros([1, 3, 1])).shape // [3]
 */
export function squeeze(x: ArrayLike, axis?: number | readonly number[]): NDArray {
  const a = asArray(x);
  const dims = axis === undefined ? range(a.ndim).filter((d) => a.shape[d] === 1) : axesOf(axis, a.ndim, 'squeeze axis');
  return bind('squeeze', [a], { dimensions: dims });
}

export { broadcastTo };

/**
 * Joins arrays along an existing axis.
 * @example np.concatenate([[[1, 2]], [[3, 4]]], 0).toArray() // [[1, 2], [3, 4]]
 */
export function concatenate(xs: readonly ArrayLike[], axis = 0): NDArray {
  if (xs.length === 0) throw new ShapeError('concatenate needs at least one array');
  const arrays = promote(...xs.map((x) => asArray(x)));
  return bind('concatenate', arrays, { dimension: axisOf(axis, arrays[0]!.ndim, 'concatenate axis') });
}

/**
 * Joins arrays along a new axis.
 * @example np.stack([[1, 2], [3, 4]], 1).toArray() // [[1, 3], [2, 4]]
 */
export function stack(xs: readonly ArrayLike[], axis = 0): NDArray {
  if (xs.length === 0) throw new ShapeError('stack needs at least one array');
  const arrays = xs.map((x) => asArray(x));
  const ax = axisOf(axis, arrays[0]!.ndim + 1, 'stack axis');
  return concatenate(arrays.map((a) => bind('expand_dims', [a], { dimensions: [ax] })), ax);
}
/**
 * Stacks arrays vertically: concatenates along axis 0, 1-d arrays first made rows of shape [1, N].
 * @example np.vstack([[1, 2], [3, 4]]).toArray() // [[1, 2], [3, 4]]
 */
export const vstack = (xs: readonly ArrayLike[]): NDArray => concatenate(xs.map((x) => atleast2d(x)), 0);
/**
 * Stacks arrays horizontally: concatenates along axis 1, or axis 0 when the arrays are 1-d.
 * @example np.hstack([[1, 2], [3]]).toArray() // [1, 2, 3]
 */
export const hstack = (xs: readonly ArrayLike[]): NDArray => {
  const arrays = xs.map((x) => asArray(x));
  return concatenate(arrays, arrays[0]?.ndim === 1 ? 0 : 1);
};
const atleast2d = (x: ArrayLike): NDArray => {
  const a = asArray(x);
  return a.ndim >= 2 ? a : reshape(a, [1, -1]);
};

/**
 * Splits into `sections` equal parts, or at the given indices, along `axis`.
 * @example np.split(np.arange(4), 2).map((a) => a.toArray()) // [[0, 1], [2, 3]]
 */
export function split(x: ArrayLike, sections: number | readonly number[], axis = 0): NDArray[] {
  const a = asArray(x);
  const ax = axisOf(axis, a.ndim, 'split axis');
  const n = a.shape[ax]!;
  let cuts: number[];
  if (typeof sections === 'number') {
    if (!Number.isInteger(sections) || sections <= 0 || n % sections !== 0)
      throw new ShapeError(`split: array of size ${n} along axis ${ax} cannot be divided into ${sections} equal sections`);
    cuts = range(sections + 1).map((i) => (i * n) / sections);
  } else cuts = [0, ...sections.map((s) => Math.min(Math.max(s < 0 ? s + n : s, 0), n)), n];
  return cuts.slice(1).map((end, i) => {
    const start = Math.min(cuts[i]!, end);
    return bind('slice', [a], {
      start: a.shape.map((_, d) => (d === ax ? start : 0)),
      limit: a.shape.map((s, d) => (d === ax ? end : s)),
      strides: a.shape.map(() => 1),
    });
  });
}

/**
 * Reverses the order of elements along the given axes (all by default).
 * @example np.flip([1, 2, 3]).toArray() // [3, 2, 1]
 */
export function flip(x: ArrayLike, axis?: number | readonly number[]): NDArray {
  const a = asArray(x);
  return bind('rev', [a], { dimensions: axesOf(axis, a.ndim, 'flip axis') });
}

/**
 * Slices with numpy's start/stop/step per axis (null for the default), step > 0.
 * @example np.sliceAxis([1, 2, 3, 4], 0, 1, 3).toArray() // [2, 3]
 */
export function sliceAxis(x: ArrayLike, axis: number, start: number | null, stop: number | null, step = 1): NDArray {
  const a = asArray(x);
  const ax = axisOf(axis, a.ndim);
  const n = a.shape[ax]!;
  const norm = (v: number | null, dflt: number) => (v === null ? dflt : Math.min(Math.max(v < 0 ? v + n : v, 0), n));
  const s = norm(start, 0), e = Math.max(s, norm(stop, n));
  return bind('slice', [a], {
    start: a.shape.map((_, d) => (d === ax ? s : 0)),
    limit: a.shape.map((sz, d) => (d === ax ? e : sz)),
    strides: a.shape.map((_, d) => (d === ax ? step : 1)),
  });
}

/** Indices: integers (JS literals become int32, uint32 arrays are converted); floats and bools are errors naming the function. */
function indexArray(idx: ArrayLike, what: string): NDArray {
  const x = intArray(idx, `${what}: indices`, { bools: 'reject' });
  if (x.dtype !== 'uint32') return x;
  // uint32 indices (JAX takes them) as int32; those past int32's range clamp to its largest value,
  // which is still out of range, so still an error rather than a wrapped negative index
  return bind('convert', [bind('min', [x, constant(2147483647, 'uint32', x.shape)])], { dtype: 'int32' });
}

/**
 * Picks entries along `axis` (of the flattened array when axis is undefined); negative indices count from the end.
 * @example np.take([10, 20, 30], [2, 0]).toArray() // [30, 10]
 */
export function take(x: ArrayLike, indices: ArrayLike, axis?: number): NDArray {
  const a = axis === undefined ? reshape(x, [-1]) : asArray(x);
  return bind('gather', [a, indexArray(indices, 'np.take')], { axis: axis === undefined ? 0 : axisOf(axis, a.ndim, 'take axis'), batchDims: 0 });
}

/**
 * `out[..., i, ...] = arr[..., indices[..., i, ...], ...]` along `axis`, other axes broadcast.
 * @example np.takeAlongAxis([[10, 20], [30, 40]], [[1], [0]], 1).toArray() // [[20], [30]]
 */
export function takeAlongAxis(arr: ArrayLike, indices: ArrayLike, axis: number): NDArray {
  const a0 = asArray(arr), i0 = indexArray(indices, 'np.takeAlongAxis');
  if (a0.ndim !== i0.ndim) throw new ShapeError(`takeAlongAxis: indices of rank ${i0.ndim} must match the array's rank ${a0.ndim}`);
  const ax = axisOf(axis, a0.ndim, 'takeAlongAxis axis');
  const a = moveaxis(a0, ax, -1), i = moveaxis(i0, ax, -1);
  const lead = broadcastShapes(a.shape.slice(0, -1), i.shape.slice(0, -1));
  const g = bind('gather', [broadcastTo(a, [...lead, a.shape[a.ndim - 1]!]), broadcastTo(i, [...lead, i.shape[i.ndim - 1]!])], {
    axis: lead.length,
    batchDims: lead.length,
  });
  return moveaxis(g, -1, ax);
}

/**
 * Constant padding: `padWidth` is one [before, after] per axis, or a single pair for all.
 * @example np.pad([1, 2], 1).toArray() // [0, 1, 2, 0]
 */
export function pad(x: ArrayLike, padWidth: number | readonly [number, number] | readonly (readonly [number, number])[], constantValue = 0): NDArray {
  const a = asArray(x);
  const widths = typeof padWidth === 'number' ? a.shape.map(() => [padWidth, padWidth] as const)
    : typeof padWidth[0] === 'number' ? a.shape.map(() => padWidth as readonly [number, number])
    : (padWidth as readonly (readonly [number, number])[]);
  if (widths.length !== a.ndim) throw new ShapeError(`pad: padWidth has ${widths.length} entries for an array of rank ${a.ndim}`);
  const [v] = promote(constantValue);
  return bind('pad', [a, bind('convert', [v!], { dtype: a.dtype })], { config: widths.map(([lo, hi]) => [lo, hi, 0]) });
}

/**
 * Repeats the whole array `reps` times along each axis.
 * @example np.tile([1, 2], 2).toArray() // [1, 2, 1, 2]
 */
export function tile(x: ArrayLike, reps: number | readonly number[]): NDArray {
  const a = asArray(x);
  const r = typeof reps === 'number' ? [reps] : [...reps];
  const nd = Math.max(a.ndim, r.length);
  const shape = [...Array(nd - a.ndim).fill(1), ...a.shape];
  const rr = [...Array(nd - r.length).fill(1), ...r];
  const b = broadcastTo(reshape(a, shape.flatMap((s) => [1, s])), shape.flatMap((s, i) => [rr[i]!, s]));
  return reshape(b, shape.map((s, i) => s * rr[i]!));
}
