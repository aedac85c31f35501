/** The vmap law (flat and nested) for small programs of several primitives. */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { compositionCases } from './lax-cases';
import { nestedVmapLaw, vmapLaw } from './laws';

const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;

describe('vmap law: compositions of primitives', () => {
  for (const c of compositionCases) {
    it(
      c.name,
      () => {
        fc.assert(vmapLaw(c), { numRuns: Math.ceil(100 * SCALE) });
        fc.assert(nestedVmapLaw(c), { numRuns: Math.ceil(40 * SCALE) });
      },
      120_000,
    );
  }
});
