/** Batching rules for the bit primitives: all elementwise (threefry adds a trailing pair axis, after any batch axis). */
import { bind } from '../../array/ndarray';
import type { Primitive } from '../../array/primitives';
import { moveBatchAxis, type BatchRule } from './types';

/** Every operand is brought to the first mapped operand's batch axis; the output keeps it. */
const broadcasting =
  (prim: Primitive): BatchRule =>
  (ctx, args, params) => {
    const bdim = args.find((a) => a.bdim !== null)!.bdim!;
    return { x: bind(prim, args.map((a) => moveBatchAxis(ctx.size, a.bdim, bdim, a.x)), params), bdim };
  };

export const bitBatchRules = {
  shift_left: broadcasting('shift_left'),
  shift_right_logical: broadcasting('shift_right_logical'),
  shift_right_arithmetic: broadcasting('shift_right_arithmetic'),
  bitcast_convert_type: ((_ctx, [a], params) => ({ x: bind('bitcast_convert_type', [a!.x], params), bdim: a!.bdim })) satisfies BatchRule,
  threefry2x32: broadcasting('threefry2x32'),
};
