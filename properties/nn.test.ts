/**
 * The vmap law (flat and nested, bit for bit) for every function of `nn` and `special`: they are
 * compositions, so this checks the compositions batch as the primitives do. Cases in ./nn-cases.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nn } from '../lib/nn';
import { special } from '../lib/special/namespace';
import { coveredName, nnCases } from './nn-cases';
import { nestedVmapLaw, vmapLaw } from './laws';

/** Multiply every numRuns by VMAP_LAW_RUNS_SCALE (e.g. 20 for a long bug hunt); default 1. */
const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const TIMEOUT = 600_000;

describe('nn and special cases', () => {
  it('cover every function of the two namespaces', () => {
    const names = [...Object.keys(nn).map((k) => `nn.${k}`), ...Object.keys(special).map((k) => `special.${k}`)];
    const covered = new Set(nnCases.map(coveredName));
    expect(names.filter((n) => !covered.has(n))).toEqual([]);
    expect([...covered].filter((n) => !names.includes(n))).toEqual([]);
  });
});

describe('vmap law: nn and special functions', () => {
  for (const c of nnCases)
    it(
      c.name,
      () => {
        fc.assert(vmapLaw(c), { numRuns: Math.ceil(40 * SCALE) });
        fc.assert(nestedVmapLaw(c), { numRuns: Math.ceil(15 * SCALE) });
      },
      TIMEOUT,
    );
});
