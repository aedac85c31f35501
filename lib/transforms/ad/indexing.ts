/** Derivatives of the indexing primitives: gather and scatter_add are each other's adjoints. */
import { bind } from '../../array/ndarray';
import type { BatchDimsParams, DynamicSliceParams, GatherParams } from '../../array/primitives/indexing';
import { orZeros, zerosLike, type JvpRule, type VjpRule } from './types';

export const indexingJvpRules = {
  gather: (([, idx], [t], p: GatherParams) => (t ? bind('gather', [t, idx!], p) : null)) satisfies JvpRule,
  scatter_add: (([op, idx, upd], [top, , tupd], p: GatherParams) =>
    !top && !tupd ? null : bind('scatter_add', [orZeros(top, op!), idx!, orZeros(tupd, upd!)], p)) satisfies JvpRule,
  dynamic_slice: (([, ...starts], [t], p: DynamicSliceParams) => (t ? bind('dynamic_slice', [t, ...starts], p) : null)) satisfies JvpRule,
  dynamic_update_slice: (([op, upd, ...starts], [top, tupd], p: BatchDimsParams) =>
    !top && !tupd ? null : bind('dynamic_update_slice', [orZeros(top, op!), orZeros(tupd, upd!), ...starts], p)) satisfies JvpRule,
};

export const indexingVjpRules = {
  gather: ((ct, [op, idx], p: GatherParams) => [bind('scatter_add', [zerosLike(op!), idx!, ct], p), null]) satisfies VjpRule,
  scatter_add: ((ct, [, idx], p: GatherParams) => [ct, null, bind('gather', [ct, idx!], p)]) satisfies VjpRule,
  dynamic_slice: ((ct, [op, ...starts], p: DynamicSliceParams) => [
    bind('dynamic_update_slice', [zerosLike(op!), ct, ...starts], { batchDims: p.batchDims }),
    ...starts.map(() => null),
  ]) satisfies VjpRule,
  dynamic_update_slice: ((ct, [, upd, ...starts], p: BatchDimsParams) => [
    bind('dynamic_update_slice', [ct, zerosLike(upd!), ...starts], p),
    bind('dynamic_slice', [ct, ...starts], { sizes: upd!.shape.slice(p.batchDims), batchDims: p.batchDims }),
    ...starts.map(() => null),
  ]) satisfies VjpRule,
};
