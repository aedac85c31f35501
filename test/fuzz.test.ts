/**
 * Random programs (fuzz/): 3000 per run — jit vs eager, vmap vs the per-example loop (with
 * collectives, jit inside and outside), nested vmap vs the double loop — all bit for bit — and 1100
 * checking differentiation (jvp vs finite differences, the dot-product test, vmap(grad) vs the loop,
 * jit(grad) vs grad). The checker is shown to catch planted bugs, and the command line runs a small
 * batch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { jit } from '../lib/transforms/jit';
import { vmap } from '../lib/transforms/vmap';
import { fuzzProperty, newStats, type CheckKind, type Impl } from '../fuzz/check';
import { parseArgs, runFuzz, summary } from '../fuzz/run';
import { adProperty, checkAdCase } from '../fuzz/ad-check';
import { AD_KINDS, type AdCase, type AdKind } from '../fuzz/ad';
import { host } from '../properties/host';
import { customJvp } from '../lib/transforms/custom/api';
import { np } from '../lib/numpy';

const RUNS: Record<CheckKind, number> = { jit: 800, vmap: 1400, nested: 800 };
const TIMEOUT = 60_000;

describe('random programs', () => {
  const stats = newStats();
  for (const kind of ['jit', 'vmap', 'nested'] as const) {
    it(`${kind === 'jit' ? 'jit vs eager' : kind === 'vmap' ? 'vmap vs loop' : 'nested vmap vs double loop'}: ${RUNS[kind]} programs`, () => {
      const before = stats.programs;
      fc.assert(fuzzProperty({ kind }, stats), { numRuns: RUNS[kind] });
      expect(stats.programs - before).toBe(RUNS[kind]);
    }, TIMEOUT);
  }

  it('at least 1000 programs were checked, over the whole primitive set, the collectives and control flow', () => {
    expect(stats.programs).toBeGreaterThanOrEqual(1000);
    const seen = new Set(Object.keys(stats.ops));
    for (const op of ['add', 'dotGeneral', 'gather', 'scatterAdd', 'dynamicUpdateSlice', 'argmax', 'sort', 'select', 'convert', 'psum', 'ppermute', 'allGather', 'axisIndex', 'scan', 'cond', 'switch', 'map', 'foriLoop'])
      expect(seen, op).toContain(op);
    expect(Object.keys(stats.byKind).some((k) => k.includes('jit inner'))).toBe(true);
    expect(Object.keys(stats.byKind).some((k) => k.includes('jit outer'))).toBe(true);
  });
});

describe('random programs: differentiation', () => {
  const RUNS_AD: Record<AdKind, number> = { jvp: 300, vjp: 300, 'vmap-grad': 250, 'jit-grad': 250 };
  const stats = newStats();
  for (const kind of AD_KINDS)
    it(`${kind}: ${RUNS_AD[kind]} programs`, () => {
      const before = stats.programs;
      fc.assert(adProperty(kind, 8, stats), { numRuns: RUNS_AD[kind] });
      expect(stats.programs - before).toBe(RUNS_AD[kind]);
      // most programs are checked (not skipped as non-finite or refused as a reverse-mode while loop)
      expect(stats.byKind[kind]!).toBeGreaterThan(RUNS_AD[kind] / 2);
    }, TIMEOUT);

  it('the programs reach control flow, indexing and the smooth ops', () => {
    const seen = new Set(Object.keys(stats.ops));
    for (const op of ['scan', 'cond', 'gather', 'dotGeneral', 'sin', 'tanh', 'softmax']) expect(seen, op).toContain(op);
  });
});

describe('the checker can fail', () => {
  /** A case whose function differentiates by a planted wrong rule. */
  const planted = (kind: AdKind, fn: (x: NDArray) => NDArray): AdCase => ({
    kind,
    text: 'planted',
    ops: [],
    fn,
    inputs: [{ shape: [3], dtype: 'float64' }],
    values: [[host([3], 'float64', [0.25, -0.5, 0.75])]],
    inAxes: [null],
    size: 1,
    weights: host([3], 'float64', [1, 0.5, -1]),
    tangents: [host([3], 'float64', [0.25, 0.125, -0.25])],
  });

  it('a JVP rule off by a factor is caught by the finite differences and the dot-product test', () => {
    const f = customJvp((x: NDArray) => np.sin(x));
    f.defjvp(([x]: [NDArray], [t]: [NDArray]) => [f(x), np.multiply(np.multiply(t, np.cos(x)), 1.001)]);
    expect(checkAdCase(planted('jvp', f))).toMatch(/finite difference/);
    // a tangent map that is not linear in the tangent: its transpose (vjp) and jvp disagree
    const g = customJvp((x: NDArray) => np.sin(x));
    g.defjvp(([x]: [NDArray], [t]: [NDArray]) => [g(x), np.add(np.multiply(t, np.cos(x)), np.multiply(t, t))]);
    expect(checkAdCase(planted('vjp', g))).toMatch(/<vjp\(u\), v> = /);
    expect(checkAdCase(planted('jvp', np.sin))).toBeNull();
    expect(checkAdCase(planted('vjp', np.sin))).toBeNull();
  });

  const canonical = (axis: number, ndim: number) => (axis < 0 ? axis + ndim : axis);

  it('a vmap that reverses the batch order is caught and shrunk', () => {
    const reversing: Impl = {
      jit: (f) => jit(f),
      vmap: (f, o) => {
        const g = vmap(f, o);
        return (...args) =>
          (g(...args) as NDArray[]).map((x, j) => {
            const ax = (o.outAxes as (number | null)[])[j];
            return ax === null || ax === undefined ? x : lax.rev(x, [canonical(ax, x.ndim)]);
          });
      },
    };
    const r = fc.check(fuzzProperty({ kind: 'vmap' }, undefined, reversing), { numRuns: 500 });
    expect(r.failed).toBe(true);
    expect(String((r.errorInstance as Error).message)).toMatch(/differs on call 1/);
  }, TIMEOUT);

  it('a jit that rounds float64 results through float32 is caught', () => {
    const lossy: Impl = {
      vmap: (f, o) => vmap(f, o),
      jit: (f) => {
        const g = jit(f);
        return (...args) => (g(...args) as NDArray[]).map((x) => (x.dtype === 'float64' ? lax.convertElementType(lax.convertElementType(x, 'float32'), 'float64') : x));
      },
    };
    const r = fc.check(fuzzProperty({ kind: 'jit' }, undefined, lossy), { numRuns: 500 });
    expect(r.failed).toBe(true);
  }, TIMEOUT);
});

describe('the command line', () => {
  it('parses its flags and runs a batch, reporting counts', () => {
    const opts = parseArgs(['--count', '40', '--seed', '7', '--chunk', '20', '--kind', 'nested']);
    expect(opts).toMatchObject({ count: 40, seed: 7, chunk: 20, kind: 'nested', avoidKnownBugs: false, keepGoing: false });
    expect(parseArgs(['--avoid-known-bugs']).avoidKnownBugs).toBe(true);
    expect(parseArgs(['--replay', '12:3:0:1']).replay).toEqual({ seed: 12, path: '3:0:1' });
    expect(() => parseArgs(['--kind', 'grad'])).toThrow(/--kind takes jit, vmap, nested, jvp, vjp, vmap-grad, jit-grad, got grad/);
    expect(parseArgs(['--kind', 'vmap-grad']).kind).toBe('vmap-grad');
    const lines: string[] = [];
    const res = runFuzz(opts, (l) => lines.push(l));
    expect(res.failures).toEqual([]);
    expect(res.stats.programs).toBe(40);
    expect(lines).toHaveLength(2);
    expect(summary(res)).toMatch(/checked 40 programs/);
  }, TIMEOUT);
});
