/** The DP-SGD example runs as a user runs it and prints what it promises. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('examples/dp-sgd.ts', () => {
  it('per-example clipped, noised gradients through a convolution train the classifier', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/dp-sgd.ts'], { cwd: root, encoding: 'utf8' });
    const acc = [...out.matchAll(/test accuracy (\d\.\d+)/g)].map((m) => Number(m[1]));
    expect(acc[0]!).toBeLessThan(0.6);
    expect(acc[acc.length - 1]!).toBeGreaterThan(0.9);
    // clipping happened early on (the gradients were larger than C then)
    expect(Math.max(...[...out.matchAll(/(\d+)\/64 clipped/g)].map((m) => Number(m[1])))).toBeGreaterThan(0);
    expect(out).toContain('vmap(grad) equals the per-example loop of grad, bit for bit: true');
  });
}, 60_000);
