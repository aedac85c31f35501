/**
 * Loop definitions of the named-axis collectives, on host arrays (plain JS, never the library).
 *
 * A collective over a group of n lanes (the lanes that share every index except those of the named
 * axes, ordered by the row-major linear index over the names as given) is defined per lane k with
 * the WHOLE group visible:
 *
 *   psum      Σ_j x_j                              (bool counts as int32; the empty sum is +0)
 *   pmax/pmin max_j / min_j x_j                     (empty: -Inf/+Inf, int32 min/max)
 *   pmean     (Σ_j x_j) / n                         (float64 for int32 and float64 inputs)
 *   allGather stack_j x_j at `axis` (concatenate along `axis` when tiled)
 *   axisIndex k                                     (int32 scalar)
 *   ppermute  x_src for the pair [src, k], zeros when no pair has destination k
 *   allToAll  untiled: stack_j x_j[split = k] at concat; tiled: concat_j chunk_k(x_j) along concat
 *   psumScatter (Σ_j x_j)[dim = k]; tiled: chunk k of Σ_j x_j along dim
 */
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { allGather, allToAll, axisIndex, pmax, pmean, pmin, ppermute, psum, psumScatter, type AxisName } from '../lib/collectives';
import { canonicalAxis, castHost, hostZeros, sliceAxis, stackAxis, type HostArray } from './host';

export interface Like {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

export type Perm = readonly (readonly [number, number])[];

export type OpSpec =
  | { readonly kind: 'psum' | 'pmean' | 'pmax' | 'pmin' }
  | { readonly kind: 'allGather'; readonly axis: number; readonly tiled: boolean }
  | { readonly kind: 'axisIndex' }
  | { readonly kind: 'ppermute'; readonly perm: Perm }
  | { readonly kind: 'allToAll'; readonly split: number; readonly concat: number; readonly tiled: boolean }
  | { readonly kind: 'psumScatter'; readonly dim: number; readonly tiled: boolean };

export type Kind = OpSpec['kind'];

/**
 * Whether the result is unmapped along the named axes (the same in every lane of the group): the
 * reductions and allGather. The others are mapped along every named axis.
 */
export const unmappedOverNames = (kind: Kind): boolean =>
  kind === 'psum' || kind === 'pmean' || kind === 'pmax' || kind === 'pmin' || kind === 'allGather';

/** Whether the result reads x at all (axisIndex does not). */
export const readsInput = (kind: Kind): boolean => kind !== 'axisIndex';

/** What the library is asked to compute: one collective on one per-lane value. */
export type CollectiveImpl = (op: OpSpec, x: NDArray, names: AxisName | readonly AxisName[]) => NDArray;

/** The library's collectives. */
export const libraryImpl: CollectiveImpl = (op, x, names) => {
  switch (op.kind) {
    case 'psum':
      return psum(x, names);
    case 'pmean':
      return pmean(x, names);
    case 'pmax':
      return pmax(x, names);
    case 'pmin':
      return pmin(x, names);
    case 'allGather':
      return allGather(x, names, { axis: op.axis, tiled: op.tiled });
    case 'axisIndex':
      return axisIndex(names);
    case 'ppermute':
      return ppermute(x, names, op.perm);
    case 'allToAll':
      return allToAll(x, names, op.split, op.concat, { tiled: op.tiled });
    case 'psumScatter':
      return psumScatter(x, names, { scatterDimension: op.dim, tiled: op.tiled });
  }
};

// ---------------------------------------------------------------------------------------------
// Host helpers (plain JS loops).

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Elements [start, start + len) of `axis`. */
export function chunkAxis(x: HostArray, axis: number, start: number, len: number): HostArray {
  const ax = canonicalAxis(axis, x.shape.length);
  const n = x.shape[ax]!;
  if (start < 0 || len < 0 || start + len > n) throw new Error(`chunkAxis: [${start}, ${start + len}) out of range for ${n}`);
  const outer = sizeOf(x.shape.slice(0, ax));
  const inner = sizeOf(x.shape.slice(ax + 1));
  const data: number[] = [];
  for (let o = 0; o < outer; o++)
    for (let i = start; i < start + len; i++)
      for (let e = 0; e < inner; e++) data.push(x.data[(o * n + i) * inner + e]!);
  const shape = [...x.shape];
  shape[ax] = len;
  return { shape, dtype: x.dtype, data };
}

/** Concatenation along an existing `axis`; `like` gives the item shape (its `axis` entry is ignored). */
export function concatAxis(items: readonly HostArray[], axis: number, like: Like): HostArray {
  const ax = canonicalAxis(axis, like.shape.length);
  for (const it of items) {
    if (it.dtype !== like.dtype || it.shape.length !== like.shape.length || it.shape.some((s, d) => d !== ax && s !== like.shape[d]))
      throw new Error(`concatAxis: item ${it.dtype}(${it.shape.join(', ')}) does not match ${like.dtype}(${like.shape.join(', ')})`);
  }
  const outer = sizeOf(like.shape.slice(0, ax));
  const inner = sizeOf(like.shape.slice(ax + 1));
  const data: number[] = [];
  for (let o = 0; o < outer; o++)
    for (const it of items) {
      const rows = it.shape[ax]!;
      for (let i = 0; i < rows * inner; i++) data.push(it.data[o * rows * inner + i]!);
    }
  const shape = [...like.shape];
  shape[ax] = items.reduce((a, it) => a + it.shape[ax]!, 0);
  return { shape, dtype: like.dtype, data };
}

/** The dtype psum produces: bool counts as int32. */
export const sumDtype = (d: DType): DType => (d === 'bool' ? 'int32' : d);

/** Σ_j x_j elementwise, accumulated from +0 in lane order. */
export function hostSum(lanes: readonly HostArray[], like: Like): HostArray {
  const dtype = sumDtype(like.dtype);
  const acc = new Array<number>(sizeOf(like.shape)).fill(0);
  for (const x of lanes) for (let e = 0; e < acc.length; e++) acc[e] = acc[e]! + x.data[e]!;
  return { shape: [...like.shape], dtype, data: acc.map((v) => castHost(v, dtype)) };
}

function hostExtreme(lanes: readonly HostArray[], like: Like, max: boolean): HostArray {
  const init = like.dtype === 'int32' ? (max ? -2147483648 : 2147483647) : like.dtype === 'bool' ? (max ? 0 : 1) : max ? -Infinity : Infinity;
  const acc = new Array<number>(sizeOf(like.shape)).fill(init);
  for (const x of lanes)
    for (let e = 0; e < acc.length; e++) {
      const v = x.data[e]!;
      if (max ? v > acc[e]! : v < acc[e]!) acc[e] = v;
    }
  return { shape: [...like.shape], dtype: like.dtype, data: acc };
}

// ---------------------------------------------------------------------------------------------
// The reference.

/** Shape and dtype of one lane's result, for per-lane input `like` and a group of n lanes. */
export function laneLike(op: OpSpec, like: Like, n: number): Like {
  const r = like.shape.length;
  switch (op.kind) {
    case 'psum':
      return { shape: like.shape, dtype: sumDtype(like.dtype) };
    case 'pmean':
      return { shape: like.shape, dtype: like.dtype === 'float32' ? 'float32' : 'float64' };
    case 'pmax':
    case 'pmin':
    case 'ppermute':
      return like;
    case 'axisIndex':
      return { shape: [], dtype: 'int32' };
    case 'allGather': {
      const shape = [...like.shape];
      if (op.tiled) shape[canonicalAxis(op.axis, r)]! *= n;
      else shape.splice(canonicalAxis(op.axis, r + 1), 0, n);
      return { shape, dtype: like.dtype };
    }
    case 'allToAll': {
      const split = canonicalAxis(op.split, r), concat = canonicalAxis(op.concat, r);
      const shape = [...like.shape];
      if (op.tiled) {
        shape[split] = n === 0 ? 0 : shape[split]! / n;
        shape[concat]! *= n;
      } else {
        shape.splice(split, 1);
        shape.splice(concat, 0, n);
      }
      return { shape, dtype: like.dtype };
    }
    case 'psumScatter': {
      const dim = canonicalAxis(op.dim, r);
      const shape = [...like.shape];
      if (op.tiled) shape[dim] = n === 0 ? 0 : shape[dim]! / n;
      else shape.splice(dim, 1);
      return { shape, dtype: sumDtype(like.dtype) };
    }
  }
}

/**
 * Lane k's result, with every lane's value of the group visible (`lanes[j]` is lane j's x, all of
 * shape and dtype `like`). For the results unmapped over the names, k is not read.
 */
export function laneRef(op: OpSpec, lanes: readonly HostArray[], k: number, like: Like): HostArray {
  const n = lanes.length;
  const r = like.shape.length;
  switch (op.kind) {
    case 'psum':
      return hostSum(lanes, like);
    case 'pmean': {
      const s = hostSum(lanes, like);
      const dtype = laneLike(op, like, n).dtype;
      return { shape: s.shape, dtype, data: s.data.map((v) => castHost(v / n, dtype)) };
    }
    case 'pmax':
      return hostExtreme(lanes, like, true);
    case 'pmin':
      return hostExtreme(lanes, like, false);
    case 'axisIndex':
      return { shape: [], dtype: 'int32', data: [k] };
    case 'allGather':
      return op.tiled ? concatAxis(lanes, op.axis, like) : stackAxis(lanes, op.axis, like);
    case 'ppermute': {
      const pair = op.perm.find(([, dst]) => dst === k);
      return pair === undefined ? hostZeros(like.shape, like.dtype) : lanes[pair[0]]!;
    }
    case 'allToAll': {
      const split = canonicalAxis(op.split, r);
      if (!op.tiled) {
        const sliceLike = { shape: like.shape.filter((_, d) => d !== split), dtype: like.dtype };
        return stackAxis(lanes.map((x) => sliceAxis(x, split, k)), op.concat, sliceLike);
      }
      const c = n === 0 ? 0 : like.shape[split]! / n;
      const chunkShape = [...like.shape];
      chunkShape[split] = c;
      return concatAxis(lanes.map((x) => chunkAxis(x, split, k * c, c)), op.concat, { shape: chunkShape, dtype: like.dtype });
    }
    case 'psumScatter': {
      const s = hostSum(lanes, like);
      const dim = canonicalAxis(op.dim, r);
      if (!op.tiled) return sliceAxis(s, dim, k);
      const c = like.shape[dim]! / n;
      return chunkAxis(s, dim, k * c, c);
    }
  }
}
