/** Batching rules for elementwise primitives: unary ops keep the batch axis where it is. */
import { bind } from '../../array/ndarray';
import type { Primitive } from '../../array/primitives';
import { BINARY_PRIMS, UNARY_PRIMS } from '../../array/primitives/elementwise';
import { moveBatchAxis, type BatchRule } from './types';

const vectorized =
  (prim: Primitive): BatchRule =>
  (_ctx, [a], params) => ({ x: bind(prim, [a!.x], params), bdim: a!.bdim });

/**
 * n-ary ops on equal shapes: every operand is brought to the batch axis of the first mapped one
 * (mapped operands by a transpose, unmapped ones by a broadcast); nothing moves when they agree.
 */
const broadcasting =
  (prim: Primitive): BatchRule =>
  (ctx, args, params) => {
    const bdim = args.find((a) => a.bdim !== null)!.bdim!;
    return { x: bind(prim, args.map((a) => moveBatchAxis(ctx.size, a.bdim, bdim, a.x)), params), bdim };
  };

export const elementwiseBatchRules = {
  ...(Object.fromEntries(UNARY_PRIMS.map((p) => [p, vectorized(p)])) as Record<(typeof UNARY_PRIMS)[number], BatchRule>),
  ...(Object.fromEntries(BINARY_PRIMS.map((p) => [p, broadcasting(p)])) as Record<(typeof BINARY_PRIMS)[number], BatchRule>),
  select: broadcasting('select'),
};
