/**
 * `nn` against known answers: mpmath values at 40 digits for the smooth activations, JAX's
 * documented examples and kink derivatives (relu'(0) = 0, relu6'(6) = 0), stability where the
 * naive formula overflows, one-hot, standardize, and attention against a direct loop.
 */
import { describe, expect, it } from 'vitest';
import { grad, jit, nn, np, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';

function ulps(got: number, want: number): number {
  if (Object.is(got, want)) return 0;
  if (!Number.isFinite(want) || !Number.isFinite(got)) return Infinity;
  return Math.abs(got - want) / 2 ** (Math.max(Math.floor(Math.log2(Math.abs(want))), -1022) - 52);
}
const XS = [-3, -1, -0.5, 0.5, 1, 3];
const run = (f: (x: NDArray) => NDArray, xs: readonly number[]) => Array.from(f(np.array(xs)).data());
function near(f: (x: NDArray) => NDArray, want: readonly number[], maxUlps: number, xs: readonly number[] = XS): void {
  run(f, xs).forEach((g, i) => expect(ulps(g, want[i]!), `at ${xs[i]}: got ${g}, want ${want[i]}`).toBeLessThanOrEqual(maxUlps));
}
const d = (f: (x: NDArray) => NDArray, x: number) => grad((v: NDArray) => f(v))(np.array(x)).item();

describe('smooth activations match mpmath', () => {
  // each is a handful of rounded operations: a few ulps, except where the formula itself cancels
  // the formulas' own roundings set the bounds (JAX computes the same ones): erfc(-x/sqrt 2) reads a
  // rounded argument, and erfc's relative sensitivity ~2x^2 turns its half ulp into ~9 ulps at x = -3
  it('gelu: exact within 8 ulps; the tanh form within 64 where 1 + tanh(...) cancels (x = -3: 1 - 0.9976)', () => {
    near(
      (x) => nn.gelu(x, { approximate: false }),
      [-0.0040496940948902835, -0.15865525393145705, -0.15426876936299344, 0.34573123063700656, 0.8413447460685429, 2.99595030590511],
      8,
    );
    near(
      nn.gelu,
      [-0.003637392081773019, -0.1588080093917233, -0.15428599017485609, 0.34571400982514394, 0.8411919906082767, 2.996362607918227],
      64,
    );
    near(nn.gelu, [0.34571400982514394, 0.8411919906082767, 2.996362607918227], 2, [0.5, 1, 3]);
  });
  it('silu, swish, mish, softplus, selu, elu, celu', () => {
    const silu = [
      -0.14227761953270035, -0.2689414213699951, -0.18877033439907273, 0.3112296656009273, 0.7310585786300049, 2.8577223804672998,
    ];
    near(nn.silu, silu, 2);
    near(nn.swish, silu, 2);
    near(
      nn.mish,
      [-0.14564746127562458, -0.3034014613741089, -0.22074377465173, 0.37524521130489513, 0.8650983882673103, 2.9865350049679575],
      4,
    );
    near(
      nn.softplus,
      [
        0.04858735157374206, 0.3132616875182228, 0.4740769841801067, 0.9740769841801067, 1.3132616875182228, 3.048587351573742,
        4.248354255291589e-18, 40,
      ],
      2,
      [...XS, -40, 40],
    );
    near(
      nn.selu,
      [-1.670568728767112, -1.1113307378125628, -0.6917581878028713, 0.5253504936777402, 1.0507009873554805, 3.1521029620664414],
      2,
    );
    near(nn.elu, [-0.950212931632136, -0.6321205588285577, -0.3934693402873666, 0.5, 1, 3], 1);
    near((x) => nn.celu(x, 2), [-1.5537396797031404, -0.7869386805747332, -0.44239843385719024, 0.5, 1, 3], 2);
  });
  it('stay finite where exp overflows: softplus, logSigmoid, elu, mish, sigmoid at ±1000', () => {
    expect(run(nn.softplus, [-1000, 1000, 0])).toEqual([0, 1000, Math.LN2]);
    expect(run(nn.logSigmoid, [-1000, 1000])).toEqual([-1000, -0]);
    expect(run(nn.sigmoid, [-1000, 1000])).toEqual([0, 1]);
    expect(run(nn.elu, [1000, -1000])).toEqual([1000, -1]);
    expect(run(nn.mish, [1000, -1000])).toEqual([1000, -0]);
    expect(d(nn.elu, 1000)).toBe(1);
    expect(d(nn.softplus, -1000)).toBe(0);
  });
});

describe('piecewise activations, with JAX derivatives at the kinks', () => {
  it("relu: JAX's example, -0 kept, NaN -> 0 (select(x >= 0, x, 0)), relu'(0) = 0", () => {
    expect(run(nn.relu, [-2, -1, -0.5, 0, 0.5, 1, 2])).toEqual([0, 0, 0, 0, 0.5, 1, 2]);
    expect(run(nn.relu, [-0, NaN, -Infinity, Infinity])).toEqual([-0, 0, 0, Infinity]);
    expect([d(nn.relu, 0), d(nn.relu, -0), d(nn.relu, 2), d(nn.relu, -2)]).toEqual([0, 0, 1, 0]);
    expect(nn.relu(np.array([-3, 4], 'int32')).toArray()).toEqual([0, 4]);
  });
  it("relu6: clipped to [0, 6], relu6'(0) = relu6'(6) = 0", () => {
    expect(run(nn.relu6, [-1, 0, 3, 6, 7, NaN])).toEqual([0, 0, 3, 6, 6, NaN]);
    expect([0, 6, 3, -1, 7].map((x) => d(nn.relu6, x))).toEqual([0, 0, 1, 0, 0]);
  });
  it('hardTanh, hardSigmoid, hardSilu, leakyRelu, squareplus', () => {
    expect(run(nn.hardTanh, [-2, -1, 0.25, 1, 2])).toEqual([-1, -1, 0.25, 1, 1]);
    expect(run(nn.hardSigmoid, [-4, -3, 0, 3, 4])).toEqual([0, 0, 0.5, 1, 1]);
    expect(run(nn.hardSilu, [-4, 0, 1.5, 4])).toEqual([-0, 0, 1.5 * 0.75, 4]);
    expect(nn.hardSwish).toBe(nn.hardSilu);
    expect(run(nn.leakyRelu, [-2, 0, 3])).toEqual([-0.02, 0, 3]);
    expect(run((x) => nn.leakyRelu(x, 0.5), [-2])).toEqual([-1]);
    expect(run(nn.squareplus, [0, -3, 3])).toEqual([1, (-3 + Math.sqrt(13)) / 2, (3 + Math.sqrt(13)) / 2]);
    expect(run((x) => nn.squareplus(x, 0), [-2, 2])).toEqual([0, 2]);
  });
  it('derivatives of the smooth ones: softplus = sigmoid, gelu as mpmath, silu at 0 = 1/2', () => {
    expect(ulps(d(nn.softplus, 0.75), 1 / (1 + Math.exp(-0.75)))).toBeLessThanOrEqual(2);
    expect(
      ulps(
        d((x) => nn.gelu(x, { approximate: false }), 1),
        1.0833154705876864,
      ),
    ).toBeLessThanOrEqual(4);
    expect(ulps(d(nn.gelu, 1), 1.0829640838457826)).toBeLessThanOrEqual(4);
    expect(d(nn.silu, 0)).toBe(0.5);
    expect(d(nn.softplus, 0)).toBe(0.5);
  });
  it('celu rejects a non-positive alpha, naming it', () => {
    expect(() => nn.celu(np.array([1]), 0)).toThrow(/nn.celu: alpha must be a finite positive number, got 0/);
  });
});

describe('glu, softmax family, oneHot, standardize', () => {
  it('glu halves the axis and gates the first half by the sigmoid of the second', () => {
    const x = np.array([[1, 2, 0, 1000]]);
    expect(nn.glu(x).toArray()).toEqual([[0.5, 2]]);
    expect(nn.glu(np.array([[1], [0]]), 0).toArray()).toEqual([[0.5]]);
    expect(() => nn.glu(np.array([1, 2, 3]))).toThrow(/nn.glu: the length of axis -1 must be even, got 3/);
    expect(() => nn.glu(np.array([1, 2]), 1)).toThrow(/nn.glu: axis 1 is out of range/);
  });
  it('softmax, logSoftmax and logsumexp are numpy-stable (large logits)', () => {
    expect(nn.softmax(np.array([1000, 1000])).toArray()).toEqual([0.5, 0.5]);
    expect(nn.logSoftmax(np.array([0, 1000])).toArray()).toEqual([-1000, 0]);
    expect(nn.logsumexp(np.array([1000, 1000])).item()).toBe(1000 + Math.LN2);
  });
  it("oneHot: JAX's examples, out-of-range indices as zeros, axis and dtype", () => {
    expect(nn.oneHot(np.array([0, 1, 2], 'int32'), 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(nn.oneHot(np.array([-1, 3], 'int32'), 3).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    const h = nn.oneHot(np.array([2, 0], 'int32'), 3, { axis: 0, dtype: 'int32' });
    expect([h.dtype, h.toArray()]).toEqual([
      'int32',
      [
        [0, 1],
        [0, 0],
        [1, 0],
      ],
    ]);
    expect(nn.oneHot(np.array([], 'int32'), 4).shape).toEqual([0, 4]);
    expect(() => nn.oneHot(np.array([1]), 2.5)).toThrow(/nn.oneHot: numClasses must be a non-negative integer, got 2.5/);
    expect(() => nn.oneHot(np.array([1]), 2, { axis: 2 })).toThrow(/nn.oneHot: axis 2 is out of range/);
  });
  it('standardize: zero mean and (almost) unit variance, or the given statistics', () => {
    const s = nn.standardize(np.array([1, 2, 3]), -1, { epsilon: 0 }).toArray() as number[];
    expect(s.map((v) => Math.round(v * 1e12) / 1e12)).toEqual([-1.224744871392, 0, 1.224744871392]);
    expect(nn.standardize(np.array([3, 5]), -1, { mean: 1, variance: 4, epsilon: 0 }).toArray()).toEqual([1, 2]);
    expect(
      nn
        .standardize(
          np.array([
            [1, 3],
            [2, 2],
          ]),
          0,
          { epsilon: 0 },
        )
        .toArray(),
    ).toEqual([
      [-1, 1],
      [1, -1],
    ]);
  });
});

describe('dotProductAttention', () => {
  const seq = (shape: number[], seed: number) =>
    np.reshape(np.array(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 1.7 + seed))), shape);
  /** The attention written as loops over b, t, n: softmax over s of q.k * scale, then the weighted sum of v. */
  function direct(
    q: number[][][][],
    k: number[][][][],
    v: number[][][][],
    keep: (b: number, n: number, t: number, s: number) => boolean,
  ): number[][][][] {
    const H = q[0]![0]![0]!.length,
      G = q[0]![0]!.length / k[0]![0]!.length;
    return q.map((qb, b) =>
      qb.map((qt, t) =>
        qt.map((qn, n) => {
          const logits = k[b]!.map((ks, s) =>
            keep(b, n, t, s) ? qn.reduce((acc, x, h) => acc + x * ks[Math.floor(n / G)]![h]!, 0) / Math.sqrt(H) : -0.7 * Number.MAX_VALUE,
          );
          const m = Math.max(...logits),
            e = logits.map((l) => Math.exp(l - m)),
            z = e.reduce((a, b2) => a + b2, 0);
          return Array.from({ length: H }, (_, h) => e.reduce((acc, w, s) => acc + (w / z) * v[b]![s]![Math.floor(n / G)]![h]!, 0));
        }),
      ),
    );
  }
  const close = (got: NDArray, want: number[][][][]) => {
    const g = got.data(),
      w = want.flat(3);
    expect(g.length).toBe(w.length);
    w.forEach((x, i) => expect(Math.abs(g[i]! - x)).toBeLessThanOrEqual(1e-15 * 8));
  };
  const q = seq([2, 3, 4, 5], 1),
    k = seq([2, 4, 2, 5], 2),
    v = seq([2, 4, 2, 5], 3);
  const host = (x: NDArray) => x.toArray() as number[][][][];
  it('grouped heads (4 query heads over 2 key heads) match the direct loop', () => {
    close(
      nn.dotProductAttention(q, k, v),
      direct(host(q), host(k), host(v), () => true),
    );
  });
  it('causal, with a mask, and a fully masked row attends uniformly', () => {
    close(
      nn.dotProductAttention(q, k, v, { isCausal: true }),
      direct(host(q), host(k), host(v), (_b, _n, t, s) => s <= t),
    );
    const mask = np.greater(seq([1, 1, 3, 4], 4), 0);
    const m = mask.toArray() as boolean[][][][];
    close(
      nn.dotProductAttention(q, k, v, { mask }),
      direct(host(q), host(k), host(v), (_b, _n, t, s) => m[0]![0]![t]![s]!),
    );
    const none = nn.dotProductAttention(q, k, v, { mask: np.zeros([1, 1, 3, 4], 'bool') });
    close(
      none,
      direct(host(q), host(k), host(v), () => false),
    );
  });
  it('bias, scale, unbatched [T, N, H] == batch element 0, and vmap over the batch == batched', () => {
    const bias = seq([1, 4, 3, 4], 5);
    const withBias = nn.dotProductAttention(q, k, v, { bias, scale: 0.5 });
    const manual = nn.dotProductAttention(np.multiply(q, 0.5 * Math.sqrt(5)), k, v, { bias });
    close(withBias, host(manual));
    const first = (x: NDArray) => np.squeeze(np.sliceAxis(x, 0, 0, 1), 0);
    close(nn.dotProductAttention(first(q), first(k), first(v)), [host(nn.dotProductAttention(q, k, v))[0]!]);
    const perExample = vmap((a: NDArray, b: NDArray, c: NDArray) => nn.dotProductAttention(a, b, c))(q, k, v);
    expect(Array.from(perExample.data())).toEqual(Array.from(nn.dotProductAttention(q, k, v).data()));
    expect(Array.from(jit((a: NDArray, b: NDArray, c: NDArray) => nn.dotProductAttention(a, b, c))(q, k, v).data())).toEqual(
      Array.from(nn.dotProductAttention(q, k, v).data()),
    );
  });
  it('misuse names the argument', () => {
    expect(() => nn.dotProductAttention(seq([3, 4], 0), k, v)).toThrow(/query must be \[B, T, N, H\] or \[T, N, H\]/);
    expect(() => nn.dotProductAttention(q, seq([2, 4, 3, 5], 0), seq([2, 4, 3, 5], 0))).toThrow(
      /query's 4 heads must be a multiple of the key's 3 heads/,
    );
    expect(() => nn.dotProductAttention(q, k, seq([2, 4, 2, 6], 0))).toThrow(/key and value must have one shape/);
    expect(() => nn.dotProductAttention(q, k, v, { mask: np.ones([3, 4]) })).toThrow(/mask must be a bool array, got dtype float64/);
  });
});
