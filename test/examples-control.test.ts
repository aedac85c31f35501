/** The control-flow example runs as a user runs it and prints what it promises. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('examples/control-flow.ts', () => {
  it('Newton stops per lane within each tolerance; grad through scan recovers the oscillator', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/control-flow.ts'], { cwd: root, encoding: 'utf8' });
    expect(out).toContain('every lane within its tolerance: true');
    const steps = [...out.matchAll(/^ {3}(\S+) +\S+ +\S+ +(\d+) {2}/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(steps).toHaveLength(5);
    // a loose tolerance stops early, a tight one late: the lanes ran different iteration counts
    expect(new Set(steps.map(([, n]) => n)).size).toBeGreaterThan(2);
    const losses = [...out.matchAll(/loss (\S+)/g)].map((m) => Number(m[1]));
    expect(losses[losses.length - 1]!).toBeLessThan(1e-20);
    expect(out).toContain('recovered c = 0.300, k = 4.000');
  });
}, 60_000);
