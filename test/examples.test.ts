/** The examples run as a user runs them (npx tsx ...) and print what they promise. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (file: string) => execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8' });

describe('examples', () => {
  it('quickstart prints the distance table and mm(A, B) == matmul(A, B)', () => {
    const out = run('examples/quickstart.ts');
    expect(out).toContain('nearest centre per point: [ 0, 1, 0, 1, 0 ]');
    expect(out).toContain('[[20. 23. 26. 29.]\n [56. 68. 80. 92.]]');
    expect(out).toContain('equals np.matmul(A, B): true');
  });
  it('per-example gradients: training lowers the loss and the outlier has the largest gradient', () => {
    const out = run('examples/per-example-gradients.ts');
    const losses = [...out.matchAll(/loss (\d+\.\d+)/g)].map((m) => Number(m[1]));
    expect(losses[0]).toBeCloseTo(Math.log(2), 6);
    expect(losses[losses.length - 1]!).toBeLessThan(0.25);
    expect(out).toMatch(/largest first\):\n {2}example 63 {2}label 0/);
    expect(out).toContain('mean of per-example gradients equals the batch gradient: true');
    expect(out).toContain('dropout per-example gradients (vmap over split keys) equal the loop over the keys: true');
  });
}, 60_000);
