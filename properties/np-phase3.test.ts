/**
 * Laws beyond vmap for the np and nn names of issue 14's third batch (their vmap laws run with the
 * other np and nn cases, in numpy.test.ts and nn.test.ts):
 *
 * - jit(f)(x) == f(x), bit for bit, on the cases' own values (NaN, ±Infinity, -0 included);
 * - the dot-product test <vjp(f)(u), v> == <u, jvp(f)(v)> (ad-laws' DOT_RTOL) on float64 instances
 *   with smooth values, for every case with a float output: the derivatives of the compositions
 *   (and of the custom JVPs of i0 and log1mexp) are consistent linear maps;
 * - grad of a vmapped weighted loss == the stacked per-example gradients, bit for bit.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { jit } from '../lib/transforms/jit';
import { dotProductLaw, float64Cases, floatOutputCases, gradOfVmapLaw } from './ad-laws';
import { hostArrayArb, valueArb } from './arbitraries';
import { bitEqual, describeHost, fromNDArray, toNDArray } from './host';
import type { LawCase } from './laws';
import { nnCases } from './nn-cases';
import { phase3NpCases } from './np-cases-phase3';

const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const runs = (n: number) => ({ numRuns: Math.ceil(n * SCALE) });
const TIMEOUT = 120_000;

const NEW_NN = ['nn.identity', 'nn.softSign', 'nn.sparsePlus', 'nn.sparseSigmoid', 'nn.log1mexp', 'nn.logmeanexp'];
const cases: LawCase[] = [...phase3NpCases, ...nnCases.filter((c) => NEW_NN.includes(c.name.split(' ')[0]!))];
// trimZeros reads a concrete constant; jit would see the same constant, so it is in the jit law too
const DIFFERENTIABLE = cases.filter((c) => !/^(bitwise|leftShift|rightShift|isscalar|diagIndicesFrom|trimZeros)/.test(c.name));

/** jit(f)(x) against f(x) bit for bit, on one instance of the case with its own values. */
const jitLaw = (c: LawCase) =>
  fc.property(
    c.args.chain((inst) =>
      fc.tuple(fc.constant(inst), fc.tuple(...inst.shapes.map((s, a) => hostArrayArb(s, inst.dtypes[a]!, inst.valueArbs?.[a] ?? valueArb(inst.dtypes[a]!))))),
    ),
    ([inst, values]) => {
      const args = values.map(toNDArray);
      const want = fromNDArray(inst.fn(...args));
      const got = fromNDArray(jit(inst.fn)(...args));
      const d = bitEqual(got, want);
      if (d !== null)
        throw new Error(`${c.name}: jit(f)(x) != f(x): ${d}\n  jit ${describeHost(got)}\n  f   ${describeHost(want)}\n  params ${JSON.stringify(inst.params)}`);
    },
  );

describe('jit(f)(x) == f(x), bit for bit: the new np and nn names', () => {
  for (const c of cases) it(c.name, () => fc.assert(jitLaw(c), runs(12)), TIMEOUT);
});

/**
 * Smooth domains where symmetric(3) would hit a point where the function or its derivative is not
 * finite: log1mexp at x <= 0.
 */
const DOMAINS: Record<string, fc.Arbitrary<number>> = {
  'nn.log1mexp': fc.double({ min: 0.05, max: 5, noNaN: true }),
};
/** float64 instances with smooth values; the variance of nothing (0/0) is left out of var_. */
const smooth = float64Cases(floatOutputCases(DIFFERENTIABLE)).map((c) => ({
  name: c.name,
  args: c.args
    .filter((inst) => c.name !== 'var_' || inst.shapes.every((s) => s.every((n) => n > 0)))
    .map((inst) => (DOMAINS[c.name] ? { ...inst, valueArbs: inst.dtypes.map((d, a) => (d === 'float64' ? DOMAINS[c.name] : inst.valueArbs?.[a])) } : inst)),
}));

describe('dot-product test of jvp and vjp: the new differentiable names (float64)', () => {
  for (const c of smooth) it(c.name, () => fc.assert(dotProductLaw(c), runs(8)), TIMEOUT);
});

describe('grad of vmap == stacked grads, bit for bit: the new differentiable names', () => {
  for (const c of floatOutputCases(DIFFERENTIABLE)) it(c.name, () => fc.assert(gradOfVmapLaw(c), runs(5)), TIMEOUT);
});
