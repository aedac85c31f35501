/**
 * Law cases for np.fft (lib/numpy/fft.ts): one-axis transforms over short and long lengths, the
 * n-d forms, the shifts and the frequency helpers. A complex result is one array, its real and
 * imaginary parts stacked on a new last axis. Run by properties/np-fft.test.ts (vmap, jit and the
 * dot-product test); properties/numpy.test.ts counts them towards np's coverage.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { np } from '../lib/numpy';
import * as fft from '../lib/numpy/fft';
import type { ComplexPair } from '../lib/numpy/fft-core';
import { dtypeArb, FLOAT_DTYPES, NUMERIC_DTYPES, shapeArb, valueArb, valueModeArb } from './arbitraries';
import { lawCase, type ArrayFn, type CaseArgs, type LawCase } from './laws';

type Norm = fft.FftNorm | undefined;
const normArb: fc.Arbitrary<Norm> = fc.constantFrom(undefined, 'backward', 'ortho', 'forward');
const stacked = (p: ComplexPair): NDArray => np.stack([p.real, p.imag], -1);
const pair = (re: NDArray, im: NDArray): ComplexPair => ({ real: re, imag: im });

interface OneAxis {
  readonly shape: number[];
  readonly axis: number;
  readonly n: number | null;
  readonly norm: Norm;
  readonly dtype: DType;
  readonly mode: 'small' | 'halves' | 'any';
}

/**
 * A shape (rank 1..3, dims up to `maxDim`, size 0 allowed off the transformed axis), an axis (negative
 * ones included), n (null: the axis's own length, which is then made >= minLen), a norm and a dtype.
 */
function oneAxisArb(o: { lengths: readonly (number | null)[]; maxDim?: number; minLen?: number; dtypes?: readonly DType[] }): fc.Arbitrary<OneAxis> {
  return fc
    .record({
      shape: shapeArb({ minRank: 1, maxRank: 3, maxDim: o.maxDim ?? 4 }),
      axisKey: fc.integer({ min: -3, max: 2 }),
      n: fc.constantFrom(...o.lengths),
      norm: normArb,
      dtype: dtypeArb(o.dtypes ?? FLOAT_DTYPES),
      mode: valueModeArb(['small', 'halves', 'any']),
    })
    .map(({ shape, axisKey, n, norm, dtype, mode }) => {
      const ax = ((axisKey % shape.length) + shape.length) % shape.length;
      const s = shape.map((d, i) => (i === ax && n === null ? Math.max(d, o.minLen ?? 1) : d));
      return { shape: s, axis: ax - (axisKey < 0 ? shape.length : 0), n, norm, dtype, mode };
    });
}

const instance = (p: OneAxis, arity: number, fn: ArrayFn): CaseArgs => ({
  shapes: Array.from({ length: arity }, () => p.shape),
  dtypes: Array.from({ length: arity }, () => p.dtype),
  valueArbs: Array.from({ length: arity }, () => valueArb(p.dtype, p.mode)),
  fn,
  params: { axis: p.axis, n: p.n, norm: p.norm },
});

const SHORT = [null, null, 1, 2, 3, 5, 8];
// Cooley–Tukey 3 x 11, 32 x 2 and 4 x 25; Bluestein (131 is prime); 2 x 97 (an inner direct leaf)
const LONG = [33, 64, 100, 131, 194];

const complexCases = (name: string, lengths: readonly (number | null)[], maxDim?: number): LawCase[] => [
  lawCase(`fft.fft ${name}`, oneAxisArb({ lengths, maxDim }).map((p) => instance(p, 2, (re, im) => stacked(fft.fft(pair(re!, im!), p.n, p.axis, { norm: p.norm }))))),
  lawCase(`fft.ifft ${name}`, oneAxisArb({ lengths, maxDim }).map((p) => instance(p, 2, (re, im) => stacked(fft.ifft(pair(re!, im!), p.n, p.axis, { norm: p.norm }))))),
  lawCase(`fft.rfft ${name}`, oneAxisArb({ lengths, maxDim, dtypes: [...NUMERIC_DTYPES, 'bool'] }).map((p) => instance(p, 1, (x) => stacked(fft.rfft(x!, p.n, p.axis, { norm: p.norm }))))),
  lawCase(`fft.irfft ${name}`, oneAxisArb({ lengths, maxDim, minLen: 2 }).map((p) => instance(p, 2, (re, im) => fft.irfft(pair(re!, im!), p.n, p.axis, { norm: p.norm })))),
  lawCase(`fft.hfft ${name}`, oneAxisArb({ lengths, maxDim, minLen: 2 }).map((p) => instance(p, 2, (re, im) => fft.hfft(pair(re!, im!), p.n, p.axis, { norm: p.norm })))),
  lawCase(`fft.ihfft ${name}`, oneAxisArb({ lengths, maxDim }).map((p) => instance(p, 1, (x) => stacked(fft.ihfft(x!, p.n, p.axis, { norm: p.norm }))))),
];

/** A rank-2..3 array and a set of axes (in a random order, at least one), with an s entry per axis. */
const ndArb = (minLast: number) =>
  fc
    .record({
      shape: shapeArb({ minRank: 2, maxRank: 3, maxDim: 4, allowZero: false }),
      keys: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 3, maxLength: 3 }),
      count: fc.integer({ min: 1, max: 3 }),
      withS: fc.boolean(),
      sizes: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 3 }),
      norm: normArb,
      dtype: dtypeArb(FLOAT_DTYPES),
    })
    .map(({ shape, keys, count, withS, sizes, norm, dtype }) => {
      const order = shape.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
      const axes = order.slice(0, Math.min(count, shape.length));
      const last = axes[axes.length - 1]!;
      const s2 = shape.map((d, i) => (i === last ? Math.max(d, minLast) : d));
      return { shape: s2, axes, s: withS ? axes.map((_, i) => sizes[i]!) : null, norm, dtype };
    });

type NdParams = ReturnType<typeof ndArb> extends fc.Arbitrary<infer T> ? T : never;
/** The instance; `minAxis1` (for the 2-d cases with axes [0, 1]) is the least length of axis 1. */
const ndInstance = (p: NdParams, arity: number, fn: ArrayFn, minAxis1 = 1): CaseArgs => ({
  shapes: Array.from({ length: arity }, () => p.shape.map((d, i) => (i === 1 ? Math.max(d, minAxis1) : d))),
  dtypes: Array.from({ length: arity }, () => p.dtype),
  fn,
  params: { axes: p.axes, s: p.s, norm: p.norm },
});

const ndCases: LawCase[] = [
  lawCase('fft.fftn', ndArb(1).map((p) => ndInstance(p, 2, (re, im) => stacked(fft.fftn(pair(re!, im!), p.s, p.axes, { norm: p.norm }))))),
  lawCase('fft.ifftn', ndArb(1).map((p) => ndInstance(p, 2, (re, im) => stacked(fft.ifftn(pair(re!, im!), p.s, p.axes, { norm: p.norm }))))),
  lawCase('fft.rfftn', ndArb(1).map((p) => ndInstance(p, 1, (x) => stacked(fft.rfftn(x!, p.s, p.axes, { norm: p.norm }))))),
  lawCase('fft.irfftn', ndArb(2).map((p) => ndInstance(p, 2, (re, im) => fft.irfftn(pair(re!, im!), p.s, p.axes, { norm: p.norm })))),
  lawCase('fft.fft2', ndArb(1).map((p) => ndInstance(p, 2, (re, im) => stacked(fft.fft2(pair(re!, im!), null, [-2, -1], { norm: p.norm }))))),
  lawCase('fft.ifft2', ndArb(1).map((p) => ndInstance(p, 2, (re, im) => stacked(fft.ifft2(pair(re!, im!), null, [-2, -1], { norm: p.norm }))))),
  lawCase('fft.rfft2', ndArb(1).map((p) => ndInstance(p, 1, (x) => stacked(fft.rfft2(x!, null, [0, 1], { norm: p.norm }))))),
  lawCase('fft.irfft2', ndArb(2).map((p) => ndInstance(p, 2, (re, im) => fft.irfft2(pair(re!, im!), null, [0, 1], { norm: p.norm }), 2))),
];

const shiftCases: LawCase[] = (['fftshift', 'ifftshift'] as const).map((name) =>
  lawCase(
    `fft.${name}`,
    fc
      .record({ shape: shapeArb({ minRank: 0, maxRank: 3, maxDim: 5 }), dtype: dtypeArb([...NUMERIC_DTYPES, 'bool']), pick: fc.integer({ min: 0, max: 7 }) })
      .map(({ shape, dtype, pick }) => {
        // null (every axis) or the axes whose bit is set in `pick`
        const axes = pick === 0 ? null : shape.map((_, i) => i).filter((i) => (pick >> i) & 1);
        return { shapes: [shape], dtypes: [dtype], fn: (x: NDArray) => fft[name](x, axes), params: { axes } };
      }),
  ),
);

/** The frequency tables are constants: inside a mapped function they broadcast against the batch. */
const freqCases: LawCase[] = (['fftfreq', 'rfftfreq'] as const).map((name) =>
  lawCase(
    `fft.${name}`,
    fc.record({ len: fc.integer({ min: 1, max: 7 }), d: fc.constantFrom(1, 0.1, -2) }).map(({ len, d }) => {
      const width = name === 'fftfreq' ? len : Math.floor(len / 2) + 1;
      return { shapes: [[width]], dtypes: ['float64' as DType], fn: (x: NDArray) => np.multiply(x, fft[name](len, d)), params: { len, d } };
    }),
  ),
);

export const fftNpCases: LawCase[] = [...complexCases('short', SHORT), ...complexCases('long', LONG, 2), ...ndCases, ...shiftCases, ...freqCases];
