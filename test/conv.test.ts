/** conv_general_dilated against a naive reference; vmap == loop bit for bit; jvp/vjp by the dot-product test and finite differences. */
import { describe, expect, it } from 'vitest';
import { grad, jit, jvp, lax, np, vjp, vmap, type NDArray } from '../lib';
import { prng } from './window-reference';

const randn = (shape: number[], seed: number) => {
  const r = prng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return np.array({ data: Float64Array.from({ length: n }, () => Math.round((r() * 2 - 1) * 8) / 4), shape });
};

interface Cfg {
  N: number; C: number; H: number; W: number; O: number; KH: number; KW: number;
  strides: [number, number]; padding: [number, number][]; lhsDil: [number, number]; rhsDil: [number, number]; G: number; BG: number;
}

/** The definition (XLA's): dilate the input, pad (negative pads crop), slide the dilated window; NCHW / OIHW. */
function naiveConv(x: Float64Array, w: Float64Array, c: Cfg): { data: number[]; shape: number[] } {
  const { N, C, H, W, O, KH, KW, strides, padding, lhsDil, rhsDil, G, BG } = c;
  const dil = (n: number, d: number) => (n === 0 ? 0 : 1 + d * (n - 1));
  const Hp = dil(H, lhsDil[0]) + padding[0]![0] + padding[0]![1], Wp = dil(W, lhsDil[1]) + padding[1]![0] + padding[1]![1];
  const kh = dil(KH, rhsDil[0]), kw = dil(KW, rhsDil[1]);
  const OH = Hp < kh ? 0 : Math.floor((Hp - kh) / strides[0]) + 1, OW = Wp < kw ? 0 : Math.floor((Wp - kw) / strides[1]) + 1;
  const I = C / G, NO = N / BG;
  const at = (n: number, ch: number, ph: number, pw: number) => {
    const dh = ph - padding[0]![0], dw = pw - padding[1]![0];
    if (dh < 0 || dw < 0 || dh % lhsDil[0] || dw % lhsDil[1]) return 0;
    const h = dh / lhsDil[0], ww = dw / lhsDil[1];
    return h < H && ww < W ? x[((n * C + ch) * H + h) * W + ww]! : 0;
  };
  const out: number[] = [];
  for (let n = 0; n < NO; n++)
    for (let o = 0; o < O; o++)
      for (let oh = 0; oh < OH; oh++)
        for (let ow = 0; ow < OW; ow++) {
          let s = 0;
          const g = Math.floor(o / (O / Math.max(G, BG)));
          const nIn = BG > 1 ? g * NO + n : n;
          for (let i = 0; i < (BG > 1 ? C : I); i++)
            for (let a = 0; a < KH; a++)
              for (let b = 0; b < KW; b++) s += at(nIn, (G > 1 ? g * I : 0) + i, oh * strides[0] + a * rhsDil[0], ow * strides[1] + b * rhsDil[1]) * w[((o * (BG > 1 ? C : I) + i) * KH + a) * KW + b]!;
          out.push(s);
        }
  return { data: out, shape: [NO, O, OH, OW] };
}

const base: Cfg = { N: 2, C: 4, H: 5, W: 6, O: 6, KH: 3, KW: 2, strides: [1, 1], padding: [[0, 0], [0, 0]], lhsDil: [1, 1], rhsDil: [1, 1], G: 1, BG: 1 };
const cases: [string, Partial<Cfg>][] = [
  ['plain', {}],
  ['strides', { strides: [2, 3] }],
  ['padding, also negative', { padding: [[1, 2], [-1, 1]] }],
  ['lhs dilation (transposed conv)', { lhsDil: [2, 1], padding: [[1, 1], [0, 2]] }],
  ['rhs dilation (atrous)', { rhsDil: [2, 2], H: 7, W: 7 }],
  ['feature groups', { G: 2, C: 4, O: 6 }],
  ['depthwise', { G: 4, C: 4, O: 8 }],
  ['batch groups', { BG: 2, N: 4, O: 6 }],
  ['everything', { strides: [2, 1], padding: [[2, 0], [1, 1]], lhsDil: [1, 2], rhsDil: [2, 1], G: 2, H: 6 }],
];

const run = (x: NDArray, w: NDArray, c: Cfg) =>
  lax.convGeneralDilated(x, w, { windowStrides: c.strides, padding: c.padding, lhsDilation: c.lhsDil, rhsDilation: c.rhsDil, featureGroupCount: c.G, batchGroupCount: c.BG });

describe('conv_general_dilated', () => {
  it.each(cases)('equals the definition: %s', (_, over) => {
    const c = { ...base, ...over };
    const I = c.BG > 1 ? c.C : c.C / c.G;
    const x = randn([c.N, c.C, c.H, c.W], 1), w = randn([c.O, I, c.KH, c.KW], 2);
    const want = naiveConv(x.data() as Float64Array, w.data() as Float64Array, c);
    const got = run(x, w, c);
    expect(got.shape).toEqual(want.shape);
    expect(Array.from(got.data())).toEqual(want.data); // quarter-integer values: every sum is exact
  });

  it('layouts: NHWC/HWIO/NHWC equals NCHW/OIHW/NCHW transposed; SAME padding keeps ceil(n / stride)', () => {
    const x = randn([2, 3, 7, 5], 3), w = randn([4, 3, 3, 3], 4);
    const ref = lax.convGeneralDilated(x, w, { windowStrides: [2, 2], padding: 'SAME' });
    expect(ref.shape).toEqual([2, 4, 4, 3]);
    const nhwc = lax.convGeneralDilated(np.transpose(x, [0, 2, 3, 1]), np.transpose(w, [2, 3, 1, 0]), {
      windowStrides: [2, 2],
      padding: 'SAME',
      dimensionNumbers: ['NHWC', 'HWIO', 'NHWC'],
    });
    expect(Array.from(np.transpose(nhwc, [0, 3, 1, 2]).data())).toEqual(Array.from(ref.data()));
    expect(lax.padtypeToPads([7], [3], [2], 'SAME')).toEqual([[1, 1]]);
    expect(lax.padtypeToPads([6], [4], [1], 'SAME_LOWER')).toEqual([[2, 1]]);
  });

  it('1-d and 3-d convolutions and float32', () => {
    const x1 = randn([2, 3, 9], 5), w1 = randn([2, 3, 4], 6);
    const y1 = lax.convGeneralDilated(x1, w1, { windowStrides: [2], padding: [[1, 1]] });
    const y2 = lax.convGeneralDilated(np.expandDims(x1, 2), np.expandDims(w1, 2), { windowStrides: [1, 2], padding: [[0, 0], [1, 1]] });
    expect(Array.from(y1.data())).toEqual(Array.from(np.squeeze(y2, 2).data()));
    const x3 = randn([1, 2, 3, 4, 5], 7), w3 = randn([2, 2, 2, 2, 2], 8);
    const y3 = lax.convGeneralDilated(x3, w3);
    expect(y3.shape).toEqual([1, 2, 2, 3, 4]);
    const f = lax.convGeneralDilated(np.astype(x1, 'float32'), np.astype(w1, 'float32'), { windowStrides: [2], padding: [[1, 1]] });
    expect(f.dtype).toBe('float32');
    expect(Array.from(f.data())).toEqual(Array.from(y1.data()));
  });

  it.each([
    ['input', [0, null]],
    ['kernel', [null, 0]],
    ['both', [0, 0]],
  ] as const)('vmap over the %s equals the loop bit for bit (with feature and batch groups)', (_, inAxes) => {
    for (const over of [{}, { G: 2 }, { BG: 2, N: 4 }, { strides: [2, 1] as [number, number], padding: [[1, 0], [0, 1]] as [number, number][] }]) {
      const c = { ...base, ...over };
      const I = c.BG > 1 ? c.C : c.C / c.G;
      const B = 3;
      const xs = randn([B, c.N, c.C, c.H, c.W], 9), ws = randn([B, c.O, I, c.KH, c.KW], 10);
      const x0 = randn([c.N, c.C, c.H, c.W], 11), w0 = randn([c.O, I, c.KH, c.KW], 12);
      const f = (x: NDArray, w: NDArray) => run(x, w, c);
      const args = [inAxes[0] === 0 ? xs : x0, inAxes[1] === 0 ? ws : w0] as const;
      const batched = vmap(f, { inAxes: [...inAxes] })(...args);
      const loop = np.stack([0, 1, 2].map((b) => f(inAxes[0] === 0 ? np.take(xs, b, 0) : x0, inAxes[1] === 0 ? np.take(ws, b, 0) : w0)));
      expect(batched.shape).toEqual(loop.shape);
      expect(Array.from(batched.data())).toEqual(Array.from(loop.data()));
    }
  });

  it.each(cases)('vjp is the transpose of jvp (dot-product test) and matches finite differences: %s', (_, over) => {
    const c = { ...base, ...over };
    const I = c.BG > 1 ? c.C : c.C / c.G;
    const x = randn([c.N, c.C, c.H, c.W], 13), w = randn([c.O, I, c.KH, c.KW], 14);
    const tx = randn(x.shape as number[], 15), tw = randn(w.shape as number[], 16);
    const f = (a: NDArray, b: NDArray) => run(a, b, c);
    const [y, tangent] = jvp(f, [x, w], [tx, tw]);
    const u = randn(y.shape as number[], 17);
    const [cx, cw] = vjp(f, x, w)[1](u);
    const lhs = np.add(np.vdot(cx, tx), np.vdot(cw, tw)).item() as number;
    const rhs = np.vdot(u, tangent).item() as number;
    // quarter-integer data: every product and sum here is exact in float64
    expect(lhs).toBe(rhs);
    // the conv is bilinear, so the central difference with step 1 is exact too
    const fd = np.multiply(np.subtract(f(np.add(x, tx), np.add(w, tw)), f(np.subtract(x, tx), np.subtract(w, tw))), 0.5);
    // (f(x + t, w + s) - f(x - t, w - s)) / 2 = f(t, w) + f(x, s): the f(t, s) terms cancel
    expect(Array.from(fd.data())).toEqual(Array.from(tangent.data()));
  });

  it('grad and jit compose; jit equals eager bit for bit', () => {
    const x = randn([2, 3, 6, 6], 18), w = randn([4, 3, 3, 3], 19);
    const loss = (w: NDArray, x: NDArray) => np.sum(np.tanh(lax.convGeneralDilated(x, w, { padding: 'SAME', windowStrides: [2, 2] })));
    const g = grad(loss)(w, x);
    expect(Array.from(jit(grad(loss))(w, x).data())).toEqual(Array.from(g.data()));
    const perExample = vmap(grad(loss), { inAxes: [null, 0] })(w, np.expandDims(x, 1));
    // the batch's gradient sums the same terms as the per-example ones, re-associated: each entry sums
    // 2 examples x 3 x 3 output positions = 18 products |ct * x| <= 1 * 2, so the two orders differ by
    // at most 18 roundings of a sum bounded by 36: 18 * 2^-52 * 36
    const summed = Array.from(np.sum(perExample, 0).data(), Number), whole = Array.from(g.data(), Number);
    summed.forEach((v, k) => expect(Math.abs(v - whole[k]!)).toBeLessThanOrEqual(18 * 2 ** -52 * 36));
  });

  it('convTranspose inverts the shape of a strided conv and matches the gradient of the conv', () => {
    const x = randn([1, 4, 4, 2], 20), w = randn([3, 3, 2, 5], 21); // NHWC, HWIO
    const y = lax.convTranspose(x, w, [2, 2], 'SAME');
    expect(y.shape).toEqual([1, 8, 8, 5]);
    const fwd = (z: NDArray) => lax.convGeneralDilated(z, w, { windowStrides: [2, 2], padding: 'SAME', dimensionNumbers: ['NHWC', 'HWOI', 'NHWC'] });
    const [, back] = vjp(fwd, np.zeros([1, 8, 8, 5]));
    const viaGrad = back(x)[0] as NDArray;
    const t = lax.convTranspose(x, w, [2, 2], 'SAME', { transposeKernel: true, dimensionNumbers: ['NHWC', 'HWOI', 'NHWC'] });
    expect(Array.from(t.data())).toEqual(Array.from(viaGrad.data()));
  });

  it('misuse names the argument and the shapes', () => {
    const x = np.zeros([1, 4, 5, 5]), w = np.zeros([6, 3, 3, 3]);
    expect(() => lax.convGeneralDilated(x, w)).toThrow(
      /lhs feature dimension size divided by feature_group_count must equal the rhs input feature dimension size, but 4 \/\/ 1 != 3 \(lhs shape \(1, 4, 5, 5\), rhs shape \(6, 3, 3, 3\)\)/,
    );
    expect(() => lax.convGeneralDilated(x, np.zeros([6, 2, 3, 3]), { featureGroupCount: 3 })).toThrow(/feature_group_count must divide lhs feature dimension size, but 3 does not divide 4/);
    expect(() => lax.convGeneralDilated(x, np.zeros([6, 4, 3]))).toThrow(/convolution requires lhs and rhs ndim to be equal, got shapes \(1, 4, 5, 5\) and \(6, 4, 3\)/);
    expect(() => lax.convGeneralDilated(x, np.zeros([6, 4, 3, 3]), { windowStrides: [0, 1] })).toThrow(/window_strides must be positive integers/);
    expect(() => lax.convGeneralDilated(x, np.zeros([6, 4, 3, 3]), { dimensionNumbers: ['NCHW', 'OIHW', 'NCXW'] })).toThrow(/same set of spatial characters/);
    expect(() => lax.convGeneralDilated(x, np.zeros([6, 4, 3, 3]), { padding: 'FULL' as never })).toThrow(/Unrecognized padding type/);
  });
});
