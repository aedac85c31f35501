/**
 * The laws for `np.at` with many runs: six operations x four out-of-bounds modes x four index
 * forms, indices past both ends and repeated (properties/numpy.test.ts runs the case briefly too):
 * vmap (flat and nested) bit for bit; the VJP is the transpose of the JVP (float64, to DOT_RTOL as
 * in properties/ad.test.ts); vmap of grad equals the stacked gradients bit for bit, with the case's
 * own small values, so min/max ties (shared as JAX's _scatter_extremal_jvp) are common.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { atCases } from './np-cases-at';
import { dotProductLaw, float64Cases, floatOutputCases, gradCase } from './ad-laws';
import { nestedVmapLaw, vmapLaw } from './laws';

/** Multiply every numRuns by VMAP_LAW_RUNS_SCALE (e.g. 20 for a long bug hunt); default 1. */
const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const runs = (n: number) => ({ numRuns: Math.ceil(n * SCALE) });

describe('vmap law: np.at index updates', () => {
  for (const c of atCases)
    it(
      c.name,
      () => {
        fc.assert(vmapLaw(c), runs(300));
        fc.assert(nestedVmapLaw(c), runs(60));
      },
      600_000,
    );
});

describe('AD laws: np.at index updates', () => {
  for (const c of float64Cases(atCases)) it(`${c.name}: <vjp(u), v> == <u, jvp(v)>`, () => fc.assert(dotProductLaw(c), runs(100)), 600_000);
  for (const c of floatOutputCases(atCases))
    it(`${c.name}: vmap(grad f) == stacked grad f, bit for bit`, () => fc.assert(vmapLaw(gradCase(c)), runs(60)), 600_000);
});
