/**
 * Batching rules of the collectives. Under the vmap that binds its axis ("own"), a collective
 * becomes ordinary array code over the batch axis; under any other vmap ("foreign") it stays the
 * same collective on the batched value, with its axis parameters shifted past the batch axis.
 */
import { makeBuffer } from '../array/kernels';
import { bind, constant, fromBuffer, type NDArray } from '../array/ndarray';
import { range } from '../array/shape';
import { atFront, moveBatchAxis, type BatchContext, type Batched, type BatchRule } from '../transforms/batching/types';
import type { AllGatherParams, AllToAllParams, CollectiveParams, PpermuteParams, PsumScatterParams } from './primitives';

const own = (ctx: BatchContext, p: CollectiveParams) => p.level === ctx.frame.level;

/** Merges axes `a` and `a + 1` of x (row-major: `a` is the major one). */
function mergeAxes(x: NDArray, a: number): NDArray {
  const shape = [...x.shape];
  shape.splice(a, 2, shape[a]! * shape[a + 1]!);
  return bind('reshape', [x], { newSizes: shape });
}

/** Splits axis `a` of x into [n, size / n]. */
function splitAxis(x: NDArray, a: number, n: number): NDArray {
  const shape = [...x.shape];
  shape.splice(a, 1, n, n === 0 ? 0 : shape[a]! / n);
  return bind('reshape', [x], { newSizes: shape });
}

/** Sum over the batch axis; an unmapped value counts `size` times (JAX's N * x). */
function sumOverAxis(ctx: BatchContext, b: Batched): NDArray {
  if (b.bdim !== null) return bind('reduce_sum', [b.x], { axes: [b.bdim] });
  return bind('mul', [b.x, constant(ctx.size, b.x.dtype, b.x.shape)]);
}

const reduction =
  (prim: 'psum' | 'pmax' | 'pmin'): BatchRule =>
  (ctx, [a], p: CollectiveParams) => {
    if (!own(ctx, p)) return { x: bind(prim, [a!.x], p), bdim: a!.bdim };
    if (prim === 'psum') return { x: sumOverAxis(ctx, a!), bdim: null };
    if (a!.bdim === null) return a!;
    return { x: bind(prim === 'pmax' ? 'reduce_max' : 'reduce_min', [a!.x], { axes: [a!.bdim] }), bdim: null };
  };

/** Foreign collectives with axis parameters: batch axis in front, axis parameters + 1. */
const shifted =
  (prim: 'all_gather' | 'all_to_all' | 'psum_scatter', shift: (p: any) => object) =>
  (ctx: BatchContext, a: Batched, p: object): Batched => ({ x: bind(prim, [atFront(ctx, a)], shift(p)), bdim: 0 });

export const collectiveBatchRules = {
  psum: reduction('psum'),
  pmax: reduction('pmax'),
  pmin: reduction('pmin'),

  axis_index: ((ctx) => ({ x: bind('iota', [], { dtype: 'int32', shape: [ctx.size], dimension: 0 }), bdim: 0 })) satisfies BatchRule,

  /** The batch axis moved to `axis` is the gathered array. */
  all_gather: ((ctx, [a], p: AllGatherParams) => {
    if (!own(ctx, p)) return shifted('all_gather', (q: AllGatherParams) => ({ ...q, axis: q.axis + 1 }))(ctx, a!, p);
    const g = moveBatchAxis(ctx.size, a!.bdim, p.axis, a!.x);
    return { x: p.tiled ? mergeAxes(g, p.axis) : g, bdim: null };
  }) satisfies BatchRule,

  /** out[dst] = x[src] along the batch axis; destinations no pair names receive zeros. */
  ppermute: ((ctx, [a], p: PpermuteParams) => {
    if (!own(ctx, p)) return { x: bind('ppermute', [a!.x], p), bdim: a!.bdim };
    const b = a!.bdim ?? 0;
    const x = a!.bdim === null ? moveBatchAxis(ctx.size, null, 0, a!.x) : a!.x;
    const src = new Int32Array(ctx.size), has = new Uint8Array(ctx.size);
    for (const [s, d] of p.perm) {
      src[d] = s;
      has[d] = 1;
    }
    const g = bind('gather', [x, constArray(src, 'int32')], { axis: b, batchDims: 0 });
    const mask = bind('broadcast_in_dim', [constArray(has, 'bool')], { shape: g.shape, broadcastDimensions: [b] });
    return { x: bind('select', [mask, g, constant(0, g.dtype, g.shape)]), bdim: b };
  }) satisfies BatchRule,

  /** Globally a transpose: the split axis becomes the batch axis, the batch axis lands at concat. */
  all_to_all: ((ctx, [a], p: AllToAllParams) => {
    if (!own(ctx, p)) return shifted('all_to_all', (q: AllToAllParams) => ({ ...q, splitAxis: q.splitAxis + 1, concatAxis: q.concatAxis + 1 }))(ctx, a!, p);
    let x = atFront(ctx, a!);
    if (p.tiled) x = splitAxis(x, p.splitAxis + 1, ctx.size);
    // moveaxis(x, [0, split + 1], [concat + 1, 0])
    const order = range(x.ndim).filter((d) => d !== 0 && d !== p.splitAxis + 1);
    order.splice(0, 0, p.splitAxis + 1);
    order.splice(p.concatAxis + 1, 0, 0);
    const t = bind('transpose', [x], { permutation: order });
    return { x: p.tiled ? mergeAxes(t, p.concatAxis + 1) : t, bdim: 0 };
  }) satisfies BatchRule,

  /** The summed array's scatter axis is the new batch axis: element k holds slice k. */
  psum_scatter: ((ctx, [a], p: PsumScatterParams) => {
    if (!own(ctx, p)) return shifted('psum_scatter', (q: PsumScatterParams) => ({ ...q, scatterDimension: q.scatterDimension + 1 }))(ctx, a!, p);
    const s = sumOverAxis(ctx, a!);
    return { x: p.tiled ? splitAxis(s, p.scatterDimension, ctx.size) : s, bdim: p.scatterDimension };
  }) satisfies BatchRule,
};

/** A small constant vector (permutation tables). */
const constArray = (data: Int32Array | Uint8Array, dtype: 'int32' | 'bool'): NDArray => fromBuffer(makeBuffer(dtype, [data.length], data));
