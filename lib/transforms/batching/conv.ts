/**
 * Batching rule of conv_general_dilated (JAX's): never a loop over the batch. A batched input folds
 * its batch axis into the convolution's batch dimension, a batched kernel into its output features,
 * both batched into feature groups (or batch groups); the output's batch axis is split back out.
 */
import { bind, constant, type NDArray } from '../../array/ndarray';
import { convRules, type ConvParams } from '../../array/primitives/conv';
import { range } from '../../array/shape';
import type { BatchRule } from './types';

/** Merges axis `src` of x into axis `dst` (numbered with `src` removed) as its major part. */
export function reshapeAxisInto(src: number, dst: number, x: NDArray): NDArray {
  const perm = range(x.ndim).filter((i) => i !== src);
  perm.splice(dst, 0, src);
  const shape = x.shape.filter((_, i) => i !== src);
  shape[dst]! *= x.shape[src]!;
  return bind('reshape', [bind('transpose', [x], { permutation: perm })], { newSizes: shape });
}

/** Splits axis `src` of x into [size1, rest]. */
export function reshapeAxisOutOf(src: number, size1: number, x: NDArray): NDArray {
  const shape = [...x.shape];
  shape.splice(src, 1, size1, size1 === 0 ? 0 : shape[src]! / size1);
  return bind('reshape', [x], { newSizes: shape });
}

const conv = (l: NDArray, r: NDArray, p: ConvParams) => bind('conv_general_dilated', [l, r], p);

export const convBatchRules = {
  conv_general_dilated: ((ctx, [l, r], p: ConvParams) => {
    const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
    const lb = l!.bdim, rb = r!.bdim, B = ctx.size;
    if (B === 0) {
      // an empty batch cannot be folded into a dimension: the result is empty
      const one = (x: NDArray, b: number | null) => ({ ...x.aval, shape: x.shape.filter((_, i) => i !== b) });
      const out = convRules.conv_general_dilated.shape([one(l!.x, lb), one(r!.x, rb)], p);
      return { x: constant(0, out.dtype, [0, ...out.shape]), bdim: 0 };
    }
    if (lb !== null && rb !== null) {
      const grouped = p.batchGroupCount > 1;
      const newL = reshapeAxisInto(lb, grouped ? ls[0]! : ls[1]!, l!.x);
      const q = grouped ? { ...p, batchGroupCount: p.batchGroupCount * B } : { ...p, featureGroupCount: p.featureGroupCount * B };
      return { x: reshapeAxisOutOf(os[1]!, B, conv(newL, reshapeAxisInto(rb, rs[0]!, r!.x), q)), bdim: os[1]! };
    }
    if (lb !== null) {
      let newL: NDArray;
      if (p.batchGroupCount === 1) newL = reshapeAxisInto(lb, ls[0]!, l!.x);
      else {
        // the batch groups stay outermost in the batch dimension, our batch axis goes inside them
        newL = reshapeAxisOutOf(ls[0]! + (lb <= ls[0]! ? 1 : 0), p.batchGroupCount, l!.x);
        newL = reshapeAxisInto(lb + (ls[0]! < lb ? 1 : 0), ls[0]! + 1, newL);
        newL = reshapeAxisInto(ls[0]!, ls[0]!, newL);
      }
      return { x: reshapeAxisOutOf(os[0]!, B, conv(newL, r!.x, p)), bdim: os[0]! };
    }
    if (p.featureGroupCount === 1 && p.batchGroupCount === 1)
      return { x: reshapeAxisOutOf(os[1]!, B, conv(l!.x, reshapeAxisInto(rb!, rs[0]!, r!.x), p)), bdim: os[1]! };
    // groups must stay outermost in the output features: factor them out, put the batch inside, and back
    const gc = Math.max(p.featureGroupCount, p.batchGroupCount);
    let newR = reshapeAxisOutOf(rs[0]! + (rb! <= rs[0]! ? 1 : 0), gc, r!.x);
    newR = reshapeAxisInto(rb! + (rs[0]! < rb! ? 1 : 0), rs[0]! + 1, newR);
    newR = reshapeAxisInto(rs[0]!, rs[0]!, newR);
    let out = reshapeAxisOutOf(os[1]!, gc, conv(l!.x, newR, p));
    out = reshapeAxisOutOf(os[1]! + 1, B, out);
    return { x: reshapeAxisInto(os[1]!, os[1]! + 1, out), bdim: os[1]! };
  }) as BatchRule,
};
