/** The linear-algebra example runs as a user runs it (npx tsx ...) and prints what it promises. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (file: string) => execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8' });

describe('linear-algebra example', () => {
  it('gaussian-process: the likelihood falls and settles, the noise level is recovered, the gradient matches differences, predictions cover sin(3x)', () => {
    const out = run('examples/gaussian-process.ts');
    const nll = [...out.matchAll(/-log p\(y\) = (\S+)/g)].map((m) => Number(m[1]));
    expect(nll).toHaveLength(7);
    expect(nll[nll.length - 1]!).toBeLessThan(nll[0]! - 20);
    expect(Math.abs(nll[nll.length - 1]! - nll[nll.length - 2]!)).toBeLessThan(1e-3);
    const noise = Number(/noise (\S+)/.exec(out)![1]);
    expect(Math.abs(noise - 0.087)).toBeLessThan(0.02); // the data's noise: 0.3 x uniform[-0.5, 0.5), sd 0.087
    expect(Number(/max difference (\S+)/.exec(out)![1])).toBeLessThan(1e-6);
    expect(out).toContain('true function within 2 sd of the mean everywhere: true');
  });
}, 90_000);
