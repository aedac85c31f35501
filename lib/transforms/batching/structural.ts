/** Batching rules for shape primitives. */
import { bind, constant } from '../../array/ndarray';
import type { BroadcastInDimParams, ConcatParams, DimsParams, PadParams, ReshapeParams, SliceParams, TransposeParams } from '../../array/primitives/structural';
import { range } from '../../array/shape';
import { atFront, shiftAxis, type BatchRule } from './types';

export const structuralBatchRules = {
  broadcast_in_dim: ((ctx, [a], p: BroadcastInDimParams) => ({
    x: bind('broadcast_in_dim', [atFront(ctx, a!)], {
      shape: [ctx.size, ...p.shape],
      broadcastDimensions: [0, ...p.broadcastDimensions.map((d) => d + 1)],
    }),
    bdim: 0,
  })) satisfies BatchRule,

  reshape: ((ctx, [a], p: ReshapeParams) => ({
    x: bind('reshape', [atFront(ctx, a!)], { newSizes: [ctx.size, ...p.newSizes] }),
    bdim: 0,
  })) satisfies BatchRule,

  /** The batch axis joins the permutation in front: one transpose, no extra copy. */
  transpose: ((_ctx, [a], p: TransposeParams) => {
    const b = a!.bdim!;
    return { x: bind('transpose', [a!.x], { permutation: [b, ...p.permutation.map((d) => shiftAxis(d, b))] }), bdim: 0 };
  }) satisfies BatchRule,

  squeeze: ((_ctx, [a], p: DimsParams) => {
    const b = a!.bdim!;
    const dims = p.dimensions.map((d) => shiftAxis(d, b));
    return { x: bind('squeeze', [a!.x], { dimensions: dims }), bdim: b - dims.filter((d) => d < b).length };
  }) satisfies BatchRule,

  expand_dims: ((ctx, [a], p: DimsParams) => ({
    x: bind('expand_dims', [atFront(ctx, a!)], { dimensions: p.dimensions.map((d) => d + 1) }),
    bdim: 0,
  })) satisfies BatchRule,

  rev: ((_ctx, [a], p: DimsParams) => ({
    x: bind('rev', [a!.x], { dimensions: p.dimensions.map((d) => shiftAxis(d, a!.bdim!)) }),
    bdim: a!.bdim,
  })) satisfies BatchRule,

  slice: ((ctx, [a], p: SliceParams) => {
    const b = a!.bdim!;
    const ins = <T>(xs: readonly T[], v: T) => [...xs.slice(0, b), v, ...xs.slice(b)];
    return {
      x: bind('slice', [a!.x], { start: ins(p.start, 0), limit: ins(p.limit, ctx.size), strides: ins(p.strides, 1) }),
      bdim: b,
    };
  }) satisfies BatchRule,

  /** A batched pad value becomes a select between the padded operand and the broadcast values. */
  pad: ((ctx, [a, v], p: PadParams) => {
    if (v!.bdim === null) {
      const b = a!.bdim!;
      const config = [...p.config.slice(0, b), [0, 0, 0] as const, ...p.config.slice(b)];
      return { x: bind('pad', [a!.x, v!.x], { config }), bdim: b };
    }
    const x = atFront(ctx, a!);
    const padded = bind('pad', [x, constant(0, x.dtype)], { config: [[0, 0, 0], ...p.config] });
    const exampleShape = a!.bdim === null ? a!.x.shape : a!.x.shape.filter((_, i) => i !== a!.bdim);
    const inside = bind('pad', [constant(1, 'bool', exampleShape), constant(0, 'bool')], { config: p.config });
    const shape = padded.shape;
    const dims = range(shape.length - 1).map((d) => d + 1);
    return {
      x: bind('select', [
        bind('broadcast_in_dim', [inside], { shape, broadcastDimensions: dims }),
        padded,
        bind('broadcast_in_dim', [atFront(ctx, v!)], { shape, broadcastDimensions: [0] }),
      ]),
      bdim: 0,
    };
  }) satisfies BatchRule,

  concatenate: ((ctx, args, p: ConcatParams) => ({
    x: bind('concatenate', args.map((a) => atFront(ctx, a)), { dimension: p.dimension + 1 }),
    bdim: 0,
  })) satisfies BatchRule,

  iota: (() => {
    throw new Error('iota has no inputs, so it is never batched');
  }) satisfies BatchRule,
};
