/**
 * Batching rules for indexing: each primitive has a `batchDims` count, so the batched problem is
 * the same primitive with the vmapped axis as one more batch dim (or as an extra operand axis).
 */
import { bind } from '../../array/ndarray';
import type { BatchDimsParams, DynamicSliceParams, GatherParams } from '../../array/primitives/indexing';
import { atFront, moveBatchAxis, type BatchRule } from './types';

export const indexingBatchRules = {
  gather: ((ctx, [op, idx], p: GatherParams) => {
    const k = p.batchDims;
    if (op!.bdim !== null && idx!.bdim !== null)
      return { x: bind('gather', [atFront(ctx, op!), atFront(ctx, idx!)], { axis: p.axis + 1, batchDims: k + 1 }), bdim: 0 };
    if (op!.bdim !== null) {
      // the batch axis becomes the first operand axis after the batch dims: out is [B, n, A, I, C]
      return { x: bind('gather', [moveBatchAxis(ctx.size, op!.bdim, k, op!.x), idx!.x], { axis: p.axis + 1, batchDims: k }), bdim: k };
    }
    // the batch axis becomes the first index axis: out is [B, A, n, I, C], the batch axis at `axis`
    return { x: bind('gather', [op!.x, moveBatchAxis(ctx.size, idx!.bdim, k, idx!.x)], p), bdim: p.axis };
  }) satisfies BatchRule,

  scatter_add: ((ctx, [op, idx, upd], p: GatherParams) => {
    const k = p.batchDims;
    if (idx!.bdim === null) {
      const place = (b: (typeof op)) => moveBatchAxis(ctx.size, b!.bdim, k, b!.x);
      return { x: bind('scatter_add', [place(op), idx!.x, place(upd)], { axis: p.axis + 1, batchDims: k }), bdim: k };
    }
    return {
      x: bind('scatter_add', [atFront(ctx, op!), atFront(ctx, idx!), atFront(ctx, upd!)], { axis: p.axis + 1, batchDims: k + 1 }),
      bdim: 0,
    };
  }) satisfies BatchRule,

  dynamic_slice: ((ctx, [op, ...starts], p: DynamicSliceParams) => ({
    x: bind('dynamic_slice', [atFront(ctx, op!), ...starts.map((s) => atFront(ctx, s))], { ...p, batchDims: p.batchDims + 1 }),
    bdim: 0,
  })) satisfies BatchRule,

  dynamic_update_slice: ((ctx, args, p: BatchDimsParams) => ({
    x: bind('dynamic_update_slice', args.map((a) => atFront(ctx, a)), { batchDims: p.batchDims + 1 }),
    bdim: 0,
  })) satisfies BatchRule,
};
