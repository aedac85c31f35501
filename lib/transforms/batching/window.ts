/**
 * Batching rules for windowed reductions: the batch axis is one more window dimension of size 1,
 * stride 1, no padding or dilation, kept where it is (so each window folds exactly what it did).
 */
import { bind } from '../../array/ndarray';
import type { Primitive } from '../../array/primitives';
import type { SelectParams, WindowParams } from '../../array/primitives/window';
import { moveBatchAxis, type BatchRule } from './types';

const insert = <T>(xs: readonly T[], at: number, v: T): T[] => [...xs.slice(0, at), v, ...xs.slice(at)];

/** The window of the batched operand, with a trivial window dimension at the batch axis `b`. */
export const withBatchDim = (p: WindowParams, b: number): WindowParams => ({
  windowDimensions: insert(p.windowDimensions, b, 1),
  windowStrides: insert(p.windowStrides, b, 1),
  padding: insert(p.padding, b, [0, 0] as const),
  baseDilation: insert(p.baseDilation, b, 1),
  windowDilation: insert(p.windowDilation, b, 1),
});

const reducer =
  (prim: Primitive): BatchRule =>
  (_ctx, [a], p: WindowParams) => ({ x: bind(prim, [a!.x], withBatchDim(p, a!.bdim!)), bdim: a!.bdim });

/** (values, operand): both get the batch axis where the first mapped one has it. */
const selector =
  (prim: Primitive): BatchRule =>
  (ctx, [s, x], p: SelectParams) => {
    const b = s!.bdim ?? x!.bdim!;
    const args = [moveBatchAxis(ctx.size, s!.bdim, b, s!.x), moveBatchAxis(ctx.size, x!.bdim, b, x!.x)];
    return { x: bind(prim, args, { ...withBatchDim(p, b), select: p.select }), bdim: b };
  };

export const windowBatchRules = {
  reduce_window_sum: reducer('reduce_window_sum'),
  reduce_window_max: reducer('reduce_window_max'),
  reduce_window_min: reducer('reduce_window_min'),
  select_and_gather_add: selector('select_and_gather_add'),
  select_and_scatter_add: selector('select_and_scatter_add'),
};
