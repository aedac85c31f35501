/**
 * The relaxed-SIMD (fused multiply-add) matmul kernels. Node 20 has relaxed SIMD only behind
 * --experimental-wasm-relaxed-simd, so the kernels are checked in a child Node started with it:
 * detected at load, within the multiply-add chain's error bound of an accurate reference, bit for
 * bit the plain kernel where the arithmetic is exact (one step, small integers), different from it
 * elsewhere on a CPU with FMA (so the fused kernel really ran), and vmap still equal to the loop.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { fmaAvailable } from '../lib/array/wasm';

interface Case { dtype: string; shape: number[]; ints: boolean; worst: number; differ: number; plainVsJs: number }

const child = (): { available: boolean; active: boolean; cases: Case[]; vmapMismatches: number } => {
  const script = fileURLToPath(new URL('./fixtures/fma-child.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', script], { encoding: 'utf8', timeout: 120_000 });
  return JSON.parse(out) as { available: boolean; active: boolean; cases: Case[]; vmapMismatches: number };
};
const cpuHasFma = (() => {
  try {
    return / fma /.test(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return false;
  }
})();

describe('FMA (relaxed SIMD) matmul kernels', () => {
  it('are detected exactly when the engine validates relaxed SIMD', async () => {
    const wabt = await wabtInit();
    const probe = wabt
      .parseWat('p.wat', '(module (func (param v128 v128 v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))', { simd: true, relaxed_simd: true })
      .toBinary({}).buffer;
    const engine = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly.validate(probe);
    expect(fmaAvailable()).toBe(engine);
  });

  it('in a Node with relaxed SIMD: on by default, within the error bound, exact where the arithmetic is', () => {
    const r = child();
    expect(r.available).toBe(true);
    expect(r.active).toBe(true);
    for (const c of r.cases) {
      const label = `${c.dtype} [${c.shape.join(',')}]${c.ints ? ' integers' : ''}`;
      expect(c.worst, label).toBeLessThanOrEqual(1);
      expect(c.plainVsJs, label).toBe(0); // the plain kernel in that engine still matches JS
      // one step (K = 1) rounds a*b once either way; small integer sums are exact either way
      if (c.shape[2] === 1 || c.ints) expect(c.differ, label).toBe(0);
      else if (cpuHasFma) expect(c.differ, label).toBeGreaterThan(0);
    }
    // every float matmul runs on the FMA kernel while it is on, so vmap still equals the loop
    expect(r.vmapMismatches).toBe(0);
  }, 180_000);
});
