/**
 * The vmap law for every lax primitive: flat (`vmap(f)`) and nested (`vmap(vmap(f))`), bit for bit
 * against the stacked per-example loop. Cases live in ./lax-cases (one row per primitive).
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { convertCases, laxCases } from './lax-cases';
import { nestedVmapLaw, vmapLaw, type LawCase } from './laws';

/** Multiply every numRuns by VMAP_LAW_RUNS_SCALE (e.g. 20 for a long bug hunt); default 1. */
const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const FLAT_RUNS = 200;
const NESTED_RUNS = 75;
const TIMEOUT = 120_000;

function runLaws(c: LawCase, flatRuns: number, nestedRuns: number): void {
  fc.assert(vmapLaw(c), { numRuns: Math.ceil(flatRuns * SCALE) });
  fc.assert(nestedVmapLaw(c), { numRuns: Math.ceil(nestedRuns * SCALE) });
}

describe('vmap law: lax primitives', () => {
  for (const c of laxCases.filter((x) => !convertCases.includes(x))) {
    it(c.name, () => runLaws(c, FLAT_RUNS, NESTED_RUNS), TIMEOUT);
  }
});

describe('vmap law: convertElementType, every dtype pair', () => {
  for (const c of convertCases) {
    it(c.name, () => runLaws(c, 50, 20), TIMEOUT);
  }
});
