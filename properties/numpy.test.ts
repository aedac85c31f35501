/**
 * The vmap law for every function of the `np` namespace: flat (`vmap(f)`) and nested
 * (`vmap(vmap(f))`), bit for bit against the stacked per-example loop. Cases live in ./np-cases
 * (named by the np function they cover); a first test checks that no function is left out.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { np } from '../lib/numpy';
import { coveredName, npCases } from './np-cases';
import { extraNpCases } from './np-cases-extra';
import { linalgNpCases } from './linalg-cases';
import { moreNpCases } from './np-cases-more';
import { fftNpCases } from './np-cases-fft';
import { nestedVmapLaw, vmapLaw, type LawCase } from './laws';

/** Multiply every numRuns by VMAP_LAW_RUNS_SCALE (e.g. 20 for a long bug hunt); default 1. */
const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const FLAT_RUNS = 100;
const NESTED_RUNS = 40;
const TIMEOUT = 600_000;

function runLaws(c: LawCase, flatRuns: number, nestedRuns: number): void {
  fc.assert(vmapLaw(c), { numRuns: Math.ceil(flatRuns * SCALE) });
  fc.assert(nestedVmapLaw(c), { numRuns: Math.ceil(nestedRuns * SCALE) });
}

describe('np cases', () => {
  it('cover every function of the np namespace (constructors inside a mapped function)', () => {
    // functions, and the functions of sub-namespaces (linalg, fft); constants (pi, DType) need no law
    const names = Object.entries(np).flatMap(([k, v]) =>
      typeof v === 'function' ? [k] : typeof v === 'object' && v !== null ? Object.entries(v).flatMap(([m, f]) => (typeof f === 'function' ? [`${k}.${m}`] : [])) : [],
    );
    // np.fft's laws run in np-fft.test.ts; they count towards coverage here
    const covered = new Set([...npCases, ...moreNpCases, ...extraNpCases, ...linalgNpCases, ...fftNpCases].map(coveredName));
    expect(names.filter((n) => !covered.has(n))).toEqual([]);
    expect([...covered].filter((n) => !names.includes(n))).toEqual([]);
  });
});

describe('vmap law: np functions', () => {
  for (const c of npCases) {
    it(c.name, () => runLaws(c, FLAT_RUNS, NESTED_RUNS), TIMEOUT);
  }
  // compositions of the primitives above: fewer runs keep the suite's time in bounds
  for (const c of [...moreNpCases, ...extraNpCases, ...linalgNpCases]) {
    it(c.name, () => runLaws(c, 40, 15), TIMEOUT);
  }
});
