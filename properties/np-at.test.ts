/**
 * The vmap law for `np.at` with many runs: six operations x four out-of-bounds modes x four index
 * forms, indices past both ends and repeated (properties/numpy.test.ts runs the case briefly too).
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { atCases } from './np-cases-at';
import { nestedVmapLaw, vmapLaw } from './laws';

/** Multiply every numRuns by VMAP_LAW_RUNS_SCALE (e.g. 20 for a long bug hunt); default 1. */
const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;

describe('vmap law: np.at index updates', () => {
  for (const c of atCases)
    it(
      c.name,
      () => {
        fc.assert(vmapLaw(c), { numRuns: Math.ceil(300 * SCALE) });
        fc.assert(nestedVmapLaw(c), { numRuns: Math.ceil(60 * SCALE) });
      },
      600_000,
    );
});
