/**
 * Batching rules of the general gather/scatter, JAX's `_gather_batching_rule` and
 * `_scatter_batching_rule`: the batch axis goes to the front of every batched argument and becomes
 * an operand/indices batching dim (both batched), a leading offset/window dim (indices unbatched) or
 * a leading indices batch dim (operand unbatched); the output's batch axis is 0.
 */
import { bind } from '../../array/ndarray';
import type { GatherGeneralParams, ScatterGeneralParams } from '../../array/primitives/gather';
import { atFront, type BatchRule } from './types';

const up = (dims: readonly number[]) => dims.map((d) => d + 1);

export const gatherBatchRules = {
  gather_general: ((ctx, [op, idx], p: GatherGeneralParams) => {
    const dn = p.dimensionNumbers;
    if (idx!.bdim === null) {
      const dimensionNumbers = {
        offsetDims: [0, ...up(dn.offsetDims)],
        collapsedSliceDims: up(dn.collapsedSliceDims),
        startIndexMap: up(dn.startIndexMap),
        operandBatchingDims: up(dn.operandBatchingDims),
        startIndicesBatchingDims: dn.startIndicesBatchingDims,
      };
      return { x: bind('gather_general', [atFront(ctx, op!), idx!.x], { ...p, dimensionNumbers, sliceSizes: [ctx.size, ...p.sliceSizes] }), bdim: 0 };
    }
    if (op!.bdim === null) {
      const dimensionNumbers = { ...dn, offsetDims: up(dn.offsetDims), startIndicesBatchingDims: up(dn.startIndicesBatchingDims) };
      // batching accesses into one array: the batched indices need be neither sorted nor unique
      const params = { ...p, dimensionNumbers, indicesAreSorted: false, uniqueIndices: false };
      return { x: bind('gather_general', [op!.x, atFront(ctx, idx!)], params), bdim: 0 };
    }
    const dimensionNumbers = {
      offsetDims: up(dn.offsetDims),
      collapsedSliceDims: up(dn.collapsedSliceDims),
      startIndexMap: up(dn.startIndexMap),
      operandBatchingDims: [0, ...up(dn.operandBatchingDims)],
      startIndicesBatchingDims: [0, ...up(dn.startIndicesBatchingDims)],
    };
    const sliceSizes = [ctx.size === 0 ? 0 : 1, ...p.sliceSizes];
    return { x: bind('gather_general', [atFront(ctx, op!), atFront(ctx, idx!)], { ...p, dimensionNumbers, sliceSizes }), bdim: 0 };
  }) satisfies BatchRule,

  scatter_general: ((ctx, [op, idx, upd], p: ScatterGeneralParams) => {
    const dn = p.dimensionNumbers;
    const operand = atFront(ctx, op!), updates = atFront(ctx, upd!);
    if (idx!.bdim === null) {
      const dimensionNumbers = {
        updateWindowDims: [0, ...up(dn.updateWindowDims)],
        insertedWindowDims: up(dn.insertedWindowDims),
        scatterDimsToOperandDims: up(dn.scatterDimsToOperandDims),
        operandBatchingDims: up(dn.operandBatchingDims),
        scatterIndicesBatchingDims: dn.scatterIndicesBatchingDims,
      };
      return { x: bind('scatter_general', [operand, idx!.x, updates], { ...p, dimensionNumbers }), bdim: 0 };
    }
    const dimensionNumbers = {
      updateWindowDims: up(dn.updateWindowDims),
      insertedWindowDims: up(dn.insertedWindowDims),
      scatterDimsToOperandDims: up(dn.scatterDimsToOperandDims),
      operandBatchingDims: [0, ...up(dn.operandBatchingDims)],
      scatterIndicesBatchingDims: [0, ...up(dn.scatterIndicesBatchingDims)],
    };
    return { x: bind('scatter_general', [operand, atFront(ctx, idx!), updates], { ...p, dimensionNumbers }), bdim: 0 };
  }) satisfies BatchRule,
};
