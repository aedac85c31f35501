/**
 * Law cases for the `nn` and `special` namespaces, in the style of ./np-cases: every case's name
 * starts with the name it covers (`nn.relu`, `special.xlogy`), so a test can check that none is
 * left out. Elementwise functions get every dtype and NaN, ±Infinity and -0 among the values;
 * functions with an axis or options draw them with the shapes.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { nn } from '../lib/nn';
import { np } from '../lib/numpy';
import { special } from '../lib/special/namespace';
import { ALL_DTYPES, dimArb, dtypeArb, FLOAT_DTYPES, pick, shapeArb, valueArb } from './arbitraries';
import { lawCase, type LawCase } from './laws';

/** Small integers and halves, NaN, ±Infinity, -0 and arbitrary doubles (float32 values for float32). */
function values(dtype: DType): fc.Arbitrary<number> {
  if (dtype === 'bool' || dtype === 'int32') return valueArb(dtype, 'small');
  return fc.oneof(
    valueArb(dtype, 'halves'),
    fc.constantFrom(NaN, Infinity, -Infinity, -0, 6, 1000, -1000),
    dtype === 'float32' ? fc.float() : fc.double(),
  );
}

/** A function of one array of any shape and of one of `dtypes`. */
function unary(name: string, f: (x: NDArray) => NDArray, dtypes: readonly DType[] = ALL_DTYPES): LawCase {
  return lawCase(
    name,
    fc
      .record({ shape: shapeArb(), dtype: dtypeArb(dtypes) })
      .map(({ shape, dtype }) => ({ shapes: [shape], dtypes: [dtype], valueArbs: [values(dtype)], fn: f, params: {} })),
  );
}

/** Two arrays whose shapes broadcast together (the second's trailing dims, some of them 1). */
function binary(name: string, f: (x: NDArray, y: NDArray) => NDArray): LawCase {
  return lawCase(
    name,
    fc
      .record({
        shape: shapeArb(),
        drop: fc.nat({ max: 3 }),
        ones: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        dts: fc.array(dtypeArb(), { minLength: 2, maxLength: 2 }),
      })
      .map(({ shape, drop, ones, dts }) => {
        const other = shape.slice(Math.min(drop, shape.length)).map((s, i) => (ones[i] ? 1 : s));
        return { shapes: [shape, other], dtypes: dts, valueArbs: dts.map(values), fn: f, params: { other } };
      }),
  );
}

/**
 * A float array of rank >= 1 and an axis of it (negative half the time); `even` makes that axis
 * even, `nonEmpty` at least 1 long (a max over nothing has no identity, as in numpy).
 */
function withAxis(name: string, f: (x: NDArray, axis: number) => NDArray, opts: { even?: boolean; nonEmpty?: boolean } = {}): LawCase {
  return lawCase(
    name,
    fc
      .record({ shape: shapeArb({ minRank: 1 }), ax: fc.nat(), neg: fc.boolean(), dtype: dtypeArb(FLOAT_DTYPES) })
      .map(({ shape: s, ax, neg, dtype }) => {
        const a = pick(ax, s.length);
        const shape = s.map((n, i) => (i !== a ? n : opts.even ? 2 * Math.ceil(n / 2) : opts.nonEmpty ? Math.max(1, n) : n));
        const axis = neg ? a - shape.length : a;
        return { shapes: [shape], dtypes: [dtype], valueArbs: [values(dtype)], fn: (x: NDArray) => f(x, axis), params: { axis } };
      }),
  );
}

const activations: LawCase[] = [
  ...(['relu', 'relu6', 'hardTanh'] as const).map((n) => unary(`nn.${n}`, nn[n])),
  ...(['sigmoid', 'softplus', 'logSigmoid', 'silu', 'swish', 'mish', 'selu', 'hardSigmoid', 'hardSilu', 'hardSwish'] as const).map((n) =>
    unary(`nn.${n}`, nn[n]),
  ),
  unary('nn.gelu (tanh)', (x) => nn.gelu(x)),
  unary('nn.gelu (exact)', (x) => nn.gelu(x, { approximate: false })),
  unary('nn.elu', (x) => nn.elu(x, 0.5)),
  unary('nn.celu', (x) => nn.celu(x, 2)),
  unary('nn.leakyRelu', (x) => nn.leakyRelu(x, 0.2)),
  unary('nn.squareplus', (x) => nn.squareplus(x, 1)),
  binary('nn.leakyRelu (array slope)', (x, s) => nn.leakyRelu(x, s)),
  withAxis('nn.glu', (x, axis) => nn.glu(x, axis), { even: true }),
  withAxis('nn.softmax', (x, axis) => nn.softmax(x, axis), { nonEmpty: true }),
  withAxis('nn.logSoftmax', (x, axis) => nn.logSoftmax(x, axis), { nonEmpty: true }),
  withAxis('nn.logsumexp', (x, axis) => nn.logsumexp(x, axis, { keepdims: true }), { nonEmpty: true }),
  withAxis('nn.standardize', (x, axis) => nn.standardize(x, axis)),
  ...(['identity', 'softSign', 'sparsePlus', 'sparseSigmoid', 'log1mexp'] as const).map((n) => unary(`nn.${n}`, nn[n])),
  withAxis('nn.logmeanexp', (x, axis) => nn.logmeanexp(x, axis, { keepdims: true }), { nonEmpty: true }),
  // the mask keeps every other element from the first (so never none: the mean of nothing is NaN)
  withAxis(
    'nn.logmeanexp (where)',
    (x, axis) => nn.logmeanexp(x, axis, { where: np.equal(np.remainder(np.cumsum(np.onesLike(x), axis), 2), 1) }),
    {
      nonEmpty: true,
    },
  ),
];

/** Class indices from -1 to n (both ends out of range), the class axis anywhere. */
const oneHotCase = lawCase(
  'nn.oneHot',
  fc.record({ shape: shapeArb({ maxRank: 2 }), n: dimArb(), ax: fc.nat(), dtype: dtypeArb() }).map(({ shape, n, ax, dtype }) => {
    const axis = pick(ax, shape.length + 2) - 1; // -1 .. rank
    return {
      shapes: [shape],
      dtypes: ['int32' as DType],
      valueArbs: [fc.integer({ min: -1, max: n })],
      fn: (x: NDArray) => nn.oneHot(x, n, { axis, dtype }),
      params: { n, axis, dtype },
    };
  }),
);

/** Attention over [T, N, H] or [B, T, N, H] with K key heads dividing N, and random options. */
const attentionCase = lawCase(
  'nn.dotProductAttention',
  fc
    .record({
      batched: fc.boolean(),
      t: dimArb({ minDim: 1, allowZero: false }),
      s: dimArb({ minDim: 1, allowZero: false }),
      k: fc.integer({ min: 1, max: 2 }),
      g: fc.integer({ min: 1, max: 2 }),
      h: dimArb(),
      causal: fc.boolean(),
      masked: fc.boolean(),
      dtype: dtypeArb(FLOAT_DTYPES),
    })
    .map(({ batched, t, s, k, g, h, causal, masked, dtype }) => {
      const lead = batched ? [2] : [];
      const qs = [...lead, t, k * g, h],
        ks = [...lead, s, k, h];
      const mask = [...lead, 1, t, s];
      const small = fc.integer({ min: -3, max: 3 }).map((v) => v / 2);
      return {
        shapes: masked ? [qs, ks, ks, mask] : [qs, ks, ks],
        dtypes: (masked ? [dtype, dtype, dtype, 'bool'] : [dtype, dtype, dtype]) as DType[],
        valueArbs: [small, small, small, undefined],
        fn: (q: NDArray, kk: NDArray, v: NDArray, m?: NDArray) =>
          nn.dotProductAttention(q, kk, v, { isCausal: causal, ...(m ? { mask: m } : {}) }),
        params: { causal, masked },
      };
    }),
);

const specialCases: LawCase[] = [
  ...(['erf', 'erfc', 'erfinv', 'gammaln', 'digamma', 'psi', 'expit', 'logit', 'entr'] as const).map((n) =>
    unary(`special.${n}`, special[n]),
  ),
  binary('special.xlogy', special.xlogy),
  binary('special.xlog1py', special.xlog1py),
];

/** Pooling over [batch?, H, W, C] with a window that fits, strides and padding drawn. */
const poolCases: LawCase[] = (['maxPool', 'minPool', 'avgPool'] as const).map((name) =>
  lawCase(
    `nn.${name}`,
    fc
      .record({
        batched: fc.boolean(),
        hw: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 2 }),
        c: dimArb({ minDim: 1, allowZero: false }),
        win: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 2, maxLength: 2 }),
        strides: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 2, maxLength: 2 }),
        same: fc.boolean(),
        dtype: dtypeArb(FLOAT_DTYPES),
      })
      .map(({ batched, hw, c, win, strides, same, dtype }) => {
        const w = win.map((k, i) => Math.min(k, hw[i]!));
        const shape = [...(batched ? [2] : []), ...hw, c];
        const opts = { strides, padding: same ? ('SAME' as const) : ('VALID' as const) };
        return {
          shapes: [shape],
          dtypes: [dtype],
          valueArbs: [values(dtype)],
          fn: (x: NDArray) => nn[name](x, w, opts),
          params: { window: w, ...opts },
        };
      }),
  ),
);

export const nnCases: LawCase[] = [...activations, oneHotCase, attentionCase, ...poolCases, ...specialCases];

/** The `nn.x` / `special.x` name a case covers: the first word of its name. */
export const coveredName = (c: LawCase): string => c.name.split(' ')[0]!;
