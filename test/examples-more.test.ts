/** The newer examples run as a user runs them (npx tsx ...) and print what they promise. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (file: string) => execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8' });

describe('more examples', () => {
  it('newton: 1000 systems converge quadratically to the closed form, batched step == single step', () => {
    const out = run('examples/newton.ts');
    const residuals = [...out.matchAll(/max \|F\| = (\S+)/g)].map((m) => Number(m[1]));
    expect(residuals).toHaveLength(9);
    expect(residuals[residuals.length - 1]!).toBeLessThan(1e-12);
    expect(Number(/max \|z - closed form\| = (\S+)/.exec(out)![1])).toBeLessThan(1e-12);
    expect(out).toContain('equals the single-system step: true');
    expect(out).toContain('jit cache size 1');
  });

  it('ensemble: losses fall, the ensemble beats its average member, and disagrees most near the boundary', () => {
    const out = run('examples/ensemble.ts');
    const first = /step {3}0 {2}member losses (.*)/.exec(out)![1]!.split(' ').map(Number);
    const last = /step 200 {2}member losses (.*)/.exec(out)![1]!.split(' ').map(Number);
    expect(first).toHaveLength(8);
    last.forEach((l, i) => expect(l).toBeLessThan(first[i]!));
    const [, mean, ens] = /mean member accuracy (\S+), ensemble accuracy (\S+)/.exec(out)!.map(Number);
    expect(ens!).toBeGreaterThan(0.9);
    expect(ens!).toBeGreaterThanOrEqual(mean!);
    const [, near, far] = /near the boundary (\S+), far from it (\S+)/.exec(out)!.map(Number);
    expect(near!).toBeGreaterThan(far!);
  });

  it('monte-carlo: named-axis statistics match Black-Scholes and the statistics outside vmap', () => {
    const out = run('examples/monte-carlo.ts');
    expect(out).toContain('every price within 3 standard errors of Black-Scholes: true');
    expect(out).toContain('max difference 0.00e+0');
    expect(out.match(/^ +(80|90|100|110|120) /gm)).toHaveLength(5);
  });
}, 90_000);
