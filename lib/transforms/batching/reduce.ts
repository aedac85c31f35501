/** Batching rules for reductions, scans and sorts: shift the axes past the batch axis, keep it in place. */
import { bind } from '../../array/ndarray';
import type { Primitive } from '../../array/primitives';
import type { ArgParams, AxesParams, AxisParams } from '../../array/primitives/reduce';
import { shiftAxis, type BatchRule } from './types';

/** Reduce over the shifted axes; the batch axis lands where it sits among the survivors. */
const reducer =
  (prim: Primitive): BatchRule =>
  (_ctx, [a], p: AxesParams) => {
    const b = a!.bdim!;
    const axes = p.axes.map((d) => shiftAxis(d, b));
    return { x: bind(prim, [a!.x], { ...p, axes }), bdim: b - axes.filter((d) => d < b).length };
  };

const argReducer =
  (prim: Primitive): BatchRule =>
  (_ctx, [a], p: ArgParams) => {
    const b = a!.bdim!;
    const axis = shiftAxis(p.axis, b);
    return { x: bind(prim, [a!.x], { ...p, axis }), bdim: axis < b ? b - 1 : b };
  };

/** Scans and sorts act along one axis: shift it, keep the batch axis. */
const alongAxis =
  (prim: Primitive): BatchRule =>
  (_ctx, [a], p: AxisParams) => ({ x: bind(prim, [a!.x], { ...p, axis: shiftAxis(p.axis, a!.bdim!) }), bdim: a!.bdim });

export const reduceBatchRules = {
  reduce_sum: reducer('reduce_sum'),
  reduce_prod: reducer('reduce_prod'),
  reduce_max: reducer('reduce_max'),
  reduce_min: reducer('reduce_min'),
  argmax: argReducer('argmax'),
  argmin: argReducer('argmin'),
  cumsum: alongAxis('cumsum'),
  cumprod: alongAxis('cumprod'),
  cummax: alongAxis('cummax'),
  cummin: alongAxis('cummin'),
  sort: alongAxis('sort'),
  argsort: alongAxis('argsort'),
};
