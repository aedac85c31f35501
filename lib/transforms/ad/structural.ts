/** Derivatives of shape primitives: each is linear, so the JVP applies it to the tangent and the VJP undoes it. */
import { bind, constant, type NDArray } from '../../array/ndarray';
import type { BroadcastInDimParams, ConcatParams, DimsParams, PadParams, SliceParams, TransposeParams } from '../../array/primitives/structural';
import { range } from '../../array/shape';
import { differentiable, orZeros, sub, type JvpRule, type VjpRule } from './types';

/** JVP of an op linear in its first input: the same op on the tangent. */
const linear = (prim: Parameters<typeof bind>[0]): JvpRule => ([, ...rest], [t], p) => (!t ? null : bind(prim, [t, ...rest], p));
const reshapeTo = (ct: NDArray, like: NDArray): NDArray => bind('reshape', [ct], { newSizes: like.shape });

/** Sum a cotangent over the axes a broadcast created or stretched, back to the operand's shape. */
export function unbroadcast(ct: NDArray, operand: NDArray, dims: readonly number[]): NDArray {
  const summed = range(ct.ndim).filter((d) => !dims.includes(d) || (operand.shape[dims.indexOf(d)] === 1 && ct.shape[d] !== 1));
  const s = summed.length ? bind('reduce_sum', [ct], { axes: summed }) : ct;
  return reshapeTo(s, operand);
}

export const structuralJvpRules = {
  broadcast_in_dim: linear('broadcast_in_dim'),
  reshape: linear('reshape'),
  transpose: linear('transpose'),
  squeeze: linear('squeeze'),
  expand_dims: linear('expand_dims'),
  rev: linear('rev'),
  slice: linear('slice'),
  pad: (([x, v], [t, tv], p: PadParams) =>
    t === null && tv === null ? null : bind('pad', [orZeros(t, x!), orZeros(tv, v!)], p)) satisfies JvpRule,
  concatenate: ((xs, ts, p: ConcatParams) =>
    ts.every((t) => t === null) ? null : bind('concatenate', ts.map((t, i) => orZeros(t, xs[i]!)), p)) satisfies JvpRule,
  iota: (() => null) satisfies JvpRule,
};

export const structuralVjpRules = {
  broadcast_in_dim: ((ct, [x], p: BroadcastInDimParams) => [unbroadcast(ct, x!, p.broadcastDimensions)]) satisfies VjpRule,
  reshape: ((ct, [x]) => [reshapeTo(ct, x!)]) satisfies VjpRule,
  transpose: ((ct, _x, p: TransposeParams) => {
    const inv = new Array<number>(p.permutation.length);
    p.permutation.forEach((d, i) => (inv[d] = i));
    return [bind('transpose', [ct], { permutation: inv })];
  }) satisfies VjpRule,
  squeeze: ((ct, [x]) => [reshapeTo(ct, x!)]) satisfies VjpRule,
  expand_dims: ((ct, [x]) => [reshapeTo(ct, x!)]) satisfies VjpRule,
  rev: ((ct, _x, p: DimsParams) => [bind('rev', [ct], p)]) satisfies VjpRule,
  /** Zeros everywhere the slice did not read: a pad with interior holes for the strides. */
  slice: ((ct, [x], p: SliceParams) => {
    const config = x!.shape.map((n, d) => {
      const m = ct.shape[d]!, s = p.strides[d]!;
      if (m === 0) return [0, n, 0] as const;
      const lo = p.start[d]!;
      return [lo, n - (lo + (m - 1) * s + 1), s - 1] as const;
    });
    return [bind('pad', [ct, constant(0, ct.dtype)], { config })];
  }) satisfies VjpRule,
  /** Un-pad (negated lo/hi crop, strided slice skips interior), and the pad value collects the rest. */
  pad: ((ct, [x, v], p: PadParams) => {
    const cropped = bind('pad', [ct, constant(0, ct.dtype)], { config: p.config.map(([lo, hi]) => [-lo, -hi, 0]) });
    const ctx = bind('slice', [cropped], { start: x!.shape.map(() => 0), limit: cropped.shape, strides: p.config.map(([, , i]) => i + 1) });
    const ctv = differentiable(v!) ? sub(bind('reduce_sum', [ct], { axes: range(ct.ndim) }), bind('reduce_sum', [ctx], { axes: range(ctx.ndim) })) : null;
    return [ctx, ctv];
  }) satisfies VjpRule,
  concatenate: ((ct, xs, p: ConcatParams) => {
    let at = 0;
    return xs.map((x) => {
      const start = ct.shape.map((_, d) => (d === p.dimension ? at : 0));
      at += x.shape[p.dimension]!;
      return bind('slice', [ct], { start, limit: ct.shape.map((n, d) => (d === p.dimension ? at : n)), strides: ct.shape.map(() => 1) });
    });
  }) satisfies VjpRule,
  iota: (() => []) satisfies VjpRule,
};
