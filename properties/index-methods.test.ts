/**
 * Laws for `x.index(...)` and `x.at(...)` over random numpy indices (./index-cases): vmap and
 * vmap-of-vmap equal the stacked per-example results bit for bit, jit equals eager bit for bit,
 * the VJP is the transpose of the JVP (<vjp(u), v> = <u, jvp(v)>; both are linear maps of float64
 * values, to DOT_RTOL as in properties/ad.test.ts), and vmap of grad equals the stacked gradients.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { jit } from '../lib/transforms/jit';
import { dotProductLaw, float64Cases, floatOutputCases, gradCase } from './ad-laws';
import { bitEqual, describeHost, fromNDArray, toNDArray } from './host';
import { argValuesArb } from './ad-laws';
import { indexMethodCases } from './index-cases';
import { nestedVmapLaw, vmapLaw, type LawCase } from './laws';

const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const runs = (n: number) => ({ numRuns: Math.ceil(n * SCALE) });
const TIMEOUT = 120_000;

/** jit(f)(x) == f(x), bit for bit, for random instances and values of a case. */
const jitLaw = (c: LawCase) =>
  fc.property(
    c.args.chain((inst) => argValuesArb(inst).map((vals) => ({ inst, vals }))),
    ({ inst, vals }) => {
      const args = vals.map(toNDArray);
      const want = fromNDArray(inst.fn(...args));
      const got = fromNDArray(jit(inst.fn)(...args));
      const d = bitEqual(got, want);
      if (d !== null)
        throw new Error(`jit(f)(x) != f(x): ${d}\n  jit ${describeHost(got)}\n  eager ${describeHost(want)}\n  ${String(inst.params)}`);
    },
  );

describe('index methods: vmap, jit and AD laws', () => {
  for (const c of indexMethodCases) {
    it(`${c.name}: vmap(f) == stacked f, bit for bit (flat and nested)`, () => {
      fc.assert(vmapLaw(c), runs(150));
      fc.assert(nestedVmapLaw(c), runs(40));
    }, TIMEOUT);
    it(`${c.name}: jit(f) == f, bit for bit`, () => fc.assert(jitLaw(c), runs(60)), TIMEOUT);
  }
  for (const c of float64Cases(indexMethodCases))
    it(`${c.name}: <vjp(u), v> == <u, jvp(v)>`, () => fc.assert(dotProductLaw(c), runs(60)), TIMEOUT);
  for (const c of floatOutputCases(indexMethodCases))
    it(`${c.name}: vmap(grad f) == stacked grad f, bit for bit`, () => fc.assert(vmapLaw(gradCase(c)), runs(30)), TIMEOUT);
});
