/**
 * conv_general_dilated (XLA's convolution): any layout via dimension numbers, strides, explicit
 * (possibly negative) padding, lhs (input) and rhs (kernel) dilation, feature and batch groups.
 * The kernel gathers patches (im2col) and multiplies them by the kernel on the matmul kernels, so
 * every output sums over (input channel, window position) in row-major order from zero, rounded to
 * the dtype: a batched convolution equals the loop over its batch, bit for bit.
 */
import { allocate, type TypedArray } from '../dtype';
import type { AbstractValue, PrimitiveSpec } from '../ir';
import { makeBuffer, transposeBuffer } from '../kernels';
import { fmtShape, ShapeError, sizeOf } from '../shape';
import { wasmMatmul } from '../wasm';
import { matmulJS } from './dot';

/** Each spec lists dimension indices: [batch, feature, ...spatial] (lhs, out), [out feature, in feature, ...spatial] (rhs). */
export interface ConvDimensionNumbers {
  readonly lhs: readonly number[];
  readonly rhs: readonly number[];
  readonly out: readonly number[];
}
export interface ConvParams {
  readonly windowStrides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly lhsDilation: readonly number[];
  readonly rhsDilation: readonly number[];
  readonly dimensionNumbers: ConvDimensionNumbers;
  readonly featureGroupCount: number;
  readonly batchGroupCount: number;
}

/** 0 for an empty axis, else 1 + d * (n - 1): the extent of n points d apart. */
export const dilateDim = (n: number, d: number): number => (n === 0 ? 0 : 1 + d * (n - 1));

/** Output spatial size: floor((padded - window) / stride) + 1, or 0 when the window does not fit. */
const strideDim = (padded: number, window: number, stride: number) => (padded < window ? 0 : Math.floor((padded - window) / stride) + 1);

function check(l: AbstractValue, r: AbstractValue, p: ConvParams): void {
  const fail = (why: string): never => {
    throw new ShapeError(`conv_general_dilated ${why} (lhs shape ${fmtShape(l.shape)}, rhs shape ${fmtShape(r.shape)})`);
  };
  const nd = l.shape.length, ns = nd - 2;
  if (r.shape.length !== nd) fail(`lhs and rhs must have the same number of dimensions, but got ${nd} and ${r.shape.length}`);
  if (nd < 2) fail('needs at least a batch and a feature dimension');
  const { lhs, rhs, out } = p.dimensionNumbers;
  for (const [name, spec] of [['lhs', lhs], ['rhs', rhs], ['out', out]] as const)
    if (spec.length !== nd || new Set(spec).size !== nd || spec.some((d) => !(Number.isInteger(d) && d >= 0 && d < nd)))
      fail(`dimension_numbers.${name} must be a permutation of ${nd} dimensions, got ${JSON.stringify(spec)}`);
  for (const [name, v] of [['window_strides', p.windowStrides], ['lhs_dilation', p.lhsDilation], ['rhs_dilation', p.rhsDilation]] as const) {
    if (v.length !== ns) fail(`${name} must have one entry per spatial dimension (${ns}), got ${JSON.stringify(v)}`);
    if (v.some((x) => !(Number.isInteger(x) && x >= 1))) fail(`${name} must be positive integers, got ${JSON.stringify(v)}`);
  }
  if (p.padding.length !== ns || p.padding.some((q) => q.length !== 2 || !q.every(Number.isInteger)))
    fail(`padding must be one [low, high] integer pair per spatial dimension (${ns}), got ${JSON.stringify(p.padding)}`);
  const G = p.featureGroupCount, BG = p.batchGroupCount;
  if (!(Number.isInteger(G) && G > 0)) fail(`feature_group_count must be a positive integer, got ${G}`);
  if (!(Number.isInteger(BG) && BG > 0)) fail(`batch_group_count must be a positive integer, got ${BG}`);
  if (G > 1 && BG > 1) fail(`may have at most one of batch_group_count and feature_group_count > 1, got ${BG} and ${G}`);
  const C = l.shape[lhs[1]!]!, I = r.shape[rhs[1]!]!, O = r.shape[rhs[0]!]!, N = l.shape[lhs[0]!]!;
  if (C % G !== 0) fail(`feature_group_count must divide lhs feature dimension size, but ${G} does not divide ${C}`);
  if (C / G !== I) fail(`lhs feature dimension size divided by feature_group_count must equal the rhs input feature dimension size, but ${C} // ${G} != ${I}`);
  if (O % G !== 0) fail(`rhs output feature dimension size must be a multiple of feature_group_count, but ${O} is not a multiple of ${G}`);
  if (N % BG !== 0) fail(`batch_group_count must divide lhs batch dimension size, but ${BG} does not divide ${N}`);
  if (O % BG !== 0) fail(`rhs output feature dimension size must be a multiple of batch_group_count, but ${O} is not a multiple of ${BG}`);
  if (l.dtype !== r.dtype) throw new TypeError(`conv_general_dilated needs equal dtypes, got ${l.dtype} and ${r.dtype}`);
  if (l.dtype !== 'float32' && l.dtype !== 'float64') throw new TypeError(`conv_general_dilated needs float32 or float64 arrays, got ${l.dtype}`);
  spatialOut(l, r, p).forEach((s, i) => {
    if (s < 0) fail(`padding ${JSON.stringify(p.padding[i])} is more negative than spatial dimension ${i} is long`);
  });
}

/** Output spatial sizes (negative: padding cuts away more than the input has). */
function spatialOut(l: AbstractValue, r: AbstractValue, p: ConvParams): number[] {
  const { lhs, rhs } = p.dimensionNumbers;
  return p.windowStrides.map((s, i) => {
    const padded = dilateDim(l.shape[lhs[2 + i]!]!, p.lhsDilation[i]!) + p.padding[i]![0] + p.padding[i]![1];
    return padded < 0 ? padded : strideDim(padded, dilateDim(r.shape[rhs[2 + i]!]!, p.rhsDilation[i]!), s);
  });
}

/** For one spatial dim: input index of (output position o, window position k), or -1 (padding or a dilation hole). */
function windowTable(inLen: number, outLen: number, k: number, stride: number, pad: number, lhsDil: number, rhsDil: number): Int32Array {
  const t = new Int32Array(outLen * k).fill(-1);
  const dilated = dilateDim(inLen, lhsDil);
  for (let o = 0; o < outLen; o++)
    for (let j = 0; j < k; j++) {
      const pos = o * stride + j * rhsDil - pad;
      if (pos >= 0 && pos < dilated && pos % lhsDil === 0) t[o * k + j] = pos / lhsDil;
    }
  return t;
}

/** Patches [rows (n, out positions), (channel, window positions)] of channels c0..c0+cg of batches n0..n0+nb. */
function im2col(x: TypedArray, dt: 'float32' | 'float64', C: number, inS: readonly number[], outS: readonly number[], K: readonly number[], t: readonly Int32Array[], n0: number, nb: number, c0: number, cg: number): TypedArray {
  const [I0, I1, I2] = inS as [number, number, number], [O0, O1, O2] = outS as [number, number, number], [K0, K1, K2] = K as [number, number, number];
  const [t0, t1, t2] = t as [Int32Array, Int32Array, Int32Array];
  const kd = cg * K0 * K1 * K2, inSize = I0 * I1 * I2;
  const p = allocate(dt, nb * O0 * O1 * O2 * kd);
  let j = 0;
  for (let n = n0; n < n0 + nb; n++)
    for (let o0 = 0; o0 < O0; o0++)
      for (let o1 = 0; o1 < O1; o1++)
        for (let o2 = 0; o2 < O2; o2++)
          for (let c = c0; c < c0 + cg; c++) {
            const xc = (n * C + c) * inSize;
            for (let k0 = 0; k0 < K0; k0++) {
              const i0 = t0[o0 * K0 + k0]!;
              for (let k1 = 0; k1 < K1; k1++) {
                const i1 = t1[o1 * K1 + k1]!;
                for (let k2 = 0; k2 < K2; k2++, j++) {
                  const i2 = t2[o2 * K2 + k2]!;
                  if (i0 >= 0 && i1 >= 0 && i2 >= 0) p[j] = x[xc + (i0 * I1 + i1) * I2 + i2]!;
                }
              }
            }
          }
  return p;
}

const pad3 = (v: readonly number[], fill: number) => [...v, ...Array<number>(3 - v.length).fill(fill)];

export const convRules = {
  conv_general_dilated: {
    shape: ([l, r], p: ConvParams) => {
      check(l!, r!, p);
      const { lhs, rhs, out } = p.dimensionNumbers;
      const canon = [l!.shape[lhs[0]!]! / p.batchGroupCount, r!.shape[rhs[0]!]!, ...spatialOut(l!, r!, p)];
      const shape = new Array<number>(canon.length);
      out.forEach((d, i) => (shape[d] = canon[i]!));
      return { shape, dtype: l!.dtype, weak: l!.weak && r!.weak };
    },
    impl: ([l, r], p, outAval) => {
      const dt = outAval.dtype as 'float32' | 'float64';
      const { lhs, rhs, out } = p.dimensionNumbers;
      if (lhs.length > 5) throw new ShapeError('conv_general_dilated supports 1, 2 and 3 spatial dimensions');
      const x = transposeBuffer(l!, lhs), w = transposeBuffer(r!, rhs); // [N, C, S...], [O, I, K...]
      const [N, C] = x.shape as [number, number], [O, I] = w.shape as [number, number];
      const outS = out.slice(2).map((d) => outAval.shape[d]!);
      const K = w.shape.slice(2), G = p.featureGroupCount, BG = p.batchGroupCount;
      const tables = pad3(
        outS.map((_, i) => i),
        -1,
      ).map((i) => (i < 0 ? new Int32Array([0]) : windowTable(x.shape[2 + i]!, outS[i]!, K[i]!, p.windowStrides[i]!, p.padding[i]![0], p.lhsDilation[i]!, p.rhsDilation[i]!)));
      const groups = Math.max(G, BG), og = O / groups, nb = N / BG, cg = BG > 1 ? C : I, rows = nb * sizeOf(outS), kd = cg * sizeOf(K);
      const result = allocate(dt, rows * O); // [N, S..., O]: the matmul's rows
      for (let g = 0; g < groups; g++) {
        const patches = im2col(x.data, dt, C, pad3(x.shape.slice(2), 1), pad3(outS, 1), pad3(K, 1), tables, BG > 1 ? g * nb : 0, nb, BG > 1 ? 0 : g * cg, cg);
        // this group's kernel rows [og, kd] as [kd, og]
        const wg = transposeBuffer(makeBuffer(dt, [og, kd], w.data.subarray(g * og * kd, (g + 1) * og * kd)), [1, 0]).data;
        const prod = wasmMatmul(dt, patches, wg, 1, rows, kd, og) ?? matmulJS(dt, patches, wg, 1, rows, kd, og);
        for (let m = 0; m < rows; m++) result.set(prod.subarray(m * og, (m + 1) * og), m * O + g * og);
      }
      // [N, S..., O] -> the output layout
      const canonAxis = (i: number) => (i === 0 ? 0 : i === 1 ? out.length - 1 : i - 1);
      const perm = new Array<number>(out.length);
      out.forEach((d, i) => (perm[d] = canonAxis(i)));
      return transposeBuffer(makeBuffer(dt, [nb, ...outS, O], result), perm);
    },
  } satisfies PrimitiveSpec<ConvParams>,
};
