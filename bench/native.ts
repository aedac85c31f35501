/**
 * The native reference for `npm run bench` (issue 17): numpy's matmul (OpenBLAS) timed in a child
 * process in the same run, with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for that child only and
 * two threads, as vmap-ts has. Skipped, with a note, where python3 with numpy is absent.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { np } from '../lib';
import { ms, type Median, type Row } from './report';

const SCRIPT = `
import json, time
import numpy as np
out = {}
rng = np.random.default_rng(1)
for name, a_shape, b_shape in [("512", (512, 512), (512, 512)), ("batched", (64, 128, 128), (64, 128, 128))]:
    for dt in ("float32", "float64"):
        a = rng.standard_normal(a_shape).astype(dt)
        b = rng.standard_normal(b_shape).astype(dt)
        np.matmul(a, b)
        ts = []
        for _ in range(11):
            t = time.perf_counter()
            np.matmul(a, b)
            ts.append(time.perf_counter() - t)
        out[name + "_" + dt] = sorted(ts)[5] * 1000
out["version"] = np.__version__
print(json.dumps(out))
`;

/** numpy's medians in ms per case, or the reason there are none. */
function numpyTimes(): Record<string, number | string> | string {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '2' };
  delete env['OPENBLAS_CORETYPE'];
  delete env['OPENBLAS_L2_SIZE'];
  const r = spawnSync('python3', ['-c', SCRIPT], { env, encoding: 'utf8', timeout: 180_000 });
  if (r.error) return `python3 not runnable (${r.error.message})`;
  if (r.status !== 0) return `python3 with numpy not available (${(r.stderr || '').trim().split('\n').pop()})`;
  return JSON.parse(r.stdout) as Record<string, number | string>;
}

/** np.matmul medians (ms) from a fresh child Node (with relaxed SIMD: the FMA kernels), or null. */
function childTimes(fma: boolean): Record<string, number | boolean> | null {
  const child = fileURLToPath(new URL('./matmul-child.ts', import.meta.url));
  const flags = fma ? ['--experimental-wasm-relaxed-simd'] : [];
  const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', child], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) return null;
  const out = JSON.parse(r.stdout) as Record<string, number | boolean>;
  return out['fma'] === fma ? out : null;
}

/** The batched case's GFLOP/s when issue 17 was filed (BENCHMARKS.md of round one): the target is 1.5x. */
const ROUND_ONE_BATCHED: Record<string, number> = { float32: 18.9, float64: 9.83 };

export function nativeCases(report: (r: Row) => void, median: Median): void {
  const theirs = numpyTimes();
  const plain = childTimes(false), fused = childTimes(true);
  const fill = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed));
  for (const [name, a, b, flops] of [
    ['512', [512, 512], [512, 512], 2 * 512 ** 3],
    ['batched', [64, 128, 128], [64, 128, 128], 2 * 64 * 128 ** 3],
  ] as const) {
    for (const dt of ['float32', 'float64'] as const) {
      const x = np.reshape(np.array(fill(a.reduce((p, q) => p * q, 1), 1), dt), a);
      const y = np.reshape(np.array(fill(b.reduce((p, q) => p * q, 1), 2), dt), b);
      x.buffer();
      y.buffer();
      // ours as numpy's: timed in a fresh process (the in-process figure beside it)
      const here = median(() => void np.matmul(x, y).buffer());
      const fresh = plain?.[`${name}_${dt}`];
      const ours = typeof fresh === 'number' ? fresh : here;
      const where = typeof fresh === 'number' ? ` in a fresh process (${ms(here)} in this one)` : '';
      const gflops = (t: number) => flops / 1e9 / (t / 1000);
      const rate = (t: number) => `${gflops(t).toFixed(1)} GFLOP/s`;
      // the 512 case is judged against numpy, the batched one against round one's figure
      const prior = ROUND_ONE_BATCHED[dt]!;
      const target = name === '512' ? '>= 0.40x' : `>= ${(1.5 * prior).toFixed(1)} GFLOP/s (1.5x round one's ${prior})`;
      const ok = (t: number) => (name === '512' ? t / ours >= 0.4 : gflops(ours) >= 1.5 * prior);
      const what = `${name === '512' ? '512x512' : '[64,128,128]^2'} matmul ${dt}: vmap-ts vs numpy (OpenBLAS), 2 threads each`;
      if (typeof theirs === 'string') {
        report({ case: `16. ${what}`, measured: `vmap-ts ${ms(ours)} (${rate(ours)})${where}; numpy skipped: ${theirs}`, ratio: '', target, ok: name === '512' ? null : ok(0) });
        continue;
      }
      const t = theirs[`${name}_${dt}`] as number;
      report({
        case: `16. ${what}`,
        measured: `vmap-ts ${ms(ours)} (${rate(ours)})${where}, numpy ${theirs['version']} ${ms(t)} (${rate(t)})`,
        ratio: `${(t / ours).toFixed(2)}x numpy's throughput`,
        target,
        ok: ok(t),
      });
      const f = fused?.[`${name}_${dt}`];
      if (typeof f === 'number')
        report({
          case: `16f. ... on the FMA kernels (relaxed SIMD: Node 22+; here a fresh Node with --experimental-wasm-relaxed-simd)`,
          measured: `vmap-ts ${ms(f)} (${rate(f)}), numpy ${ms(t)}`,
          ratio: `${(t / f).toFixed(2)}x numpy's throughput`,
          target: '(reference)',
          ok: null,
        });
    }
  }
}
