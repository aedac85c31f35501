/**
 * Issue 14's check that the random programs (./programs.ts, and through it the laws and the fuzzer)
 * reach what this session added: every index-update op in every out-of-bounds mode, reads with each
 * kind of index, multi-operand sort, the DFTs, np.round with decimals and the sized set operations,
 * in the modes they are legal in (a template that stopped fitting any operand would fail here).
 * Only generation runs: programs are probed for shapes, never evaluated.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { programArb, type ProgramMode } from './programs';

/** The op texts of 3000 programs of a mode (fixed seed: the counts are deterministic). */
function opTexts(mode: ProgramMode): string[] {
  return fc.sample(programArb({ mode, maxSteps: 6 }), { numRuns: 3000, seed: 14 }).flatMap((p) => p.ops.map((o) => o.text.replace(/^v\d+ = /, '')));
}

const MODES = ['promise_in_bounds', 'clip', 'drop', 'fill'];

describe('the random programs reach the new templates', () => {
  const any = opTexts('any');
  const smooth = opTexts('smooth');
  const elementwise = opTexts('elementwise');
  const count = (texts: string[], re: RegExp) => texts.filter((t) => re.test(t)).length;

  it("index updates: every op in every mode in 'any' programs; set/add/multiply (only) in smooth ones", () => {
    for (const op of ['set', 'add', 'multiply', 'min', 'max'])
      for (const mode of MODES) expect(count(any, new RegExp(`^at_${op}\\(.*, ${mode}\\)$`)), `at_${op} ${mode}`).toBeGreaterThan(0);
    for (const op of ['set', 'add', 'multiply'])
      for (const mode of MODES) expect(count(smooth, new RegExp(`^at_${op}\\(.*, ${mode}\\)$`)), `smooth at_${op} ${mode}`).toBeGreaterThan(0);
    expect(count(smooth, /^at_(min|max)\(/)).toBe(0);
    // data-derived integer-array indices in 'any' programs, clamped when promised in bounds; constants in smooth ones
    expect(count(any, /^at_\w+\(.*int32\(v\d+\.flat/)).toBeGreaterThan(0);
    expect(count(any, /^at_\w+\(.*clamp\(.*promise_in_bounds\)$/)).toBeGreaterThan(0);
    // a promise kept: every data-derived index under promise_in_bounds is clamped
    const promised = any.filter((t) => /^(at_\w+|index)\(.*promise_in_bounds/.test(t) && t.includes('int32('));
    expect(promised.length).toBeGreaterThan(0);
    for (const t of promised) expect(t.replace(/clamp\(-\d+, int32\(v\d+\.flat\[:\d\]\), \d+\)/g, ''), t).not.toContain('int32(');
    expect(count(smooth, /flat\[/)).toBe(0);
    // integers, slices, newaxis and '...', static masks, and two arrays broadcast together
    for (const texts of [any, smooth])
      for (const re of [/^at_\w+\(v\d+, \[(:, )*-?\d+\]/, /^at_\w+\(v\d+, \[(:, )*-?\d*:/, /^at_\w+\(v\d+, \[None, /, /^at_\w+\(v\d+, \[mask\[/])
        expect(count(texts, re), String(re)).toBeGreaterThan(0);
    expect(count(smooth, /^at_\w+\(v\d+, \[\[[-\d,]+\](\[:, None\])?, (:, )*\[[-\d,]+\]\]/)).toBeGreaterThan(0);
    expect(count(any, /^at_\w+\(v\d+, \[(clamp\(-\d+, )?int32.*, (clamp\(-\d+, )?int32/)).toBeGreaterThan(0);
  });

  it('reads: integers, slices, integer arrays, a static mask and newaxis/ellipsis, in every mode', () => {
    for (const texts of [any, smooth]) {
      for (const mode of MODES) expect(count(texts, new RegExp(`^index\\(.*, ${mode}`)), mode).toBeGreaterThan(0);
      expect(count(texts, /^index\(v\d+, \[mask\[/)).toBeGreaterThan(0);
      expect(count(texts, /^index\(v\d+, \[None, /)).toBeGreaterThan(0);
      expect(count(texts, /^index\(v\d+, \[.*\[:, None\], /)).toBeGreaterThan(0); // two arrays, an outer product
      expect(count(texts, /^index\(v\d+, \[(:, )*-?\d+:-?\d*:-\d/)).toBeGreaterThan(0);
    }
  });

  it('sort over several operands (data keys only outside smooth programs), the DFTs, round and the set operations', () => {
    expect(count(any, /^sortMulti\(\[v\d+, v\d+(, v\d+)?\], dimension \d, numKeys [23]\)/)).toBeGreaterThan(0);
    expect(count(smooth, /^sortMulti\(\[key/)).toBeGreaterThan(0);
    expect(count(smooth, /^sortMulti\(\[v/)).toBe(0);
    for (const fn of ['fft', 'ifft', 'rfft', 'irfft']) {
      expect(count(any, new RegExp(`^${fn}\\(`)), fn).toBeGreaterThan(0);
      expect(count(smooth, new RegExp(`^${fn}\\(`)), `smooth ${fn}`).toBeGreaterThan(0);
    }
    expect(count(elementwise, /^round_decimals\(/)).toBeGreaterThan(0);
    for (const fn of ['setdiff1d', 'intersect1d', 'union1d', 'setxor1d']) expect(count(any, new RegExp(`^${fn}\\(.*size`)), fn).toBeGreaterThan(0);
    expect(count(smooth, /^(round_decimals|setdiff1d|union1d)\(/)).toBe(0);
  });
});
