/**
 * Differentiation of conv_general_dilated: it is bilinear, so its JVP is conv(t_lhs, rhs) +
 * conv(lhs, t_rhs), and both transposes are convolutions (JAX's _conv_general_dilated_transpose_lhs
 * and _rhs): the cotangent convolved with the reversed kernel, and the input convolved with the
 * cotangent, with strides and dilations exchanged and the paddings that undo the forward window.
 */
import { bind, constant, type NDArray } from '../../array/ndarray';
import { dilateDim, type ConvParams } from '../../array/primitives/conv';
import { reshapeAxisInto, reshapeAxisOutOf } from '../batching/conv';
import { addMaybe, type JvpRule, type VjpRule } from './types';

const conv = (l: NDArray, r: NDArray, p: ConvParams) => bind('conv_general_dilated', [l, r], p);
const swap01 = (s: readonly number[]) => [s[1]!, s[0]!, ...s.slice(2)];
const spatial = (x: NDArray, spec: readonly number[]) => spec.slice(2).map((d) => x.shape[d]!);

function transposeLhs(g: NDArray, lhs: NDArray, rhs: NDArray, p: ConvParams): NDArray {
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  let w = rhs, groups = p.featureGroupCount;
  if (p.featureGroupCount > 1 || p.batchGroupCount > 1) {
    // move the group axis from the kernel's output features into its input features
    const gc = Math.max(p.featureGroupCount, p.batchGroupCount);
    w = reshapeAxisInto(rs[0]!, rs[1]!, reshapeAxisOutOf(rs[0]!, gc, w));
    groups = gc;
  }
  const inS = spatial(lhs, ls), winS = spatial(rhs, rs), outS = spatial(g, os);
  const padding = inS.map((n, i) => {
    const ld = dilateDim(n, p.lhsDilation[i]!), rd = dilateDim(winS[i]!, p.rhsDilation[i]!), od = dilateDim(outS[i]!, p.windowStrides[i]!);
    const before = rd - p.padding[i]![0] - 1;
    return [before, ld + rd - 1 - od - before] as [number, number];
  });
  let out = conv(g, bind('rev', [w], { dimensions: rs.slice(2) }), {
    windowStrides: p.lhsDilation,
    padding,
    lhsDilation: p.windowStrides,
    rhsDilation: p.rhsDilation,
    dimensionNumbers: { lhs: os, rhs: swap01(rs), out: ls },
    featureGroupCount: groups,
    batchGroupCount: 1,
  });
  if (p.batchGroupCount > 1) out = reshapeAxisInto(ls[1]!, ls[0]!, reshapeAxisOutOf(ls[1]!, p.batchGroupCount, out));
  return out;
}

function transposeRhs(g: NDArray, lhs: NDArray, rhs: NDArray, p: ConvParams): NDArray {
  if (g.size === 0) return constant(0, rhs.dtype, rhs.shape); // no degenerate convolution with an empty window
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  const inS = spatial(lhs, ls), winS = spatial(rhs, rs), outS = spatial(g, os);
  const padding = inS.map((n, i) => {
    const ld = dilateDim(n, p.lhsDilation[i]!), rd = dilateDim(winS[i]!, p.rhsDilation[i]!), od = dilateDim(outS[i]!, p.windowStrides[i]!);
    const lo = p.padding[i]![0];
    return [lo, od - ld + (rd - lo - 1)] as [number, number];
  });
  // feature groups of the forward pass are batch groups here, and the other way round
  return conv(lhs, g, {
    windowStrides: p.rhsDilation,
    padding,
    lhsDilation: p.lhsDilation,
    rhsDilation: p.windowStrides,
    dimensionNumbers: { lhs: swap01(ls), rhs: swap01(os), out: swap01(rs) },
    featureGroupCount: p.batchGroupCount,
    batchGroupCount: p.featureGroupCount,
  });
}

export const convJvpRules = {
  conv_general_dilated: (([l, r], [tl, tr], p: ConvParams) =>
    addMaybe(tl ? conv(tl, r!, p) : null, tr ? conv(l!, tr, p) : null)) as JvpRule,
};

export const convVjpRules = {
  conv_general_dilated: ((ct, [l, r], p: ConvParams) => [transposeLhs(ct, l!, r!, p), transposeRhs(ct, l!, r!, p)]) as VjpRule,
};
