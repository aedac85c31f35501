/**
 * Run by bench/native.ts in a fresh child Node, as numpy runs in its own process: times np.matmul
 * and prints the medians (ms) as JSON with whether the FMA kernels ran. Started once plainly and
 * once with --experimental-wasm-relaxed-simd (Node 20 keeps relaxed SIMD behind that flag; Node
 * 22+ has it on). In the long-lived bench process the same matmuls measured 1.5-3x slower, from
 * the heap the other cases leave behind (GC of the results).
 */
import { fmaActive, np, threadsReady } from '../lib';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 11);
const fill = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed));

await threadsReady();
const out: Record<string, number | boolean> = { fma: fmaActive() };
const cases = (['512', 'batched'] as const).flatMap((name) =>
  (['float32', 'float64'] as const).map((dt) => {
    const shape = name === '512' ? [512, 512] : [64, 128, 128];
    const size = shape.reduce((p, q) => p * q, 1);
    const x = np.reshape(np.array(fill(size, 1), dt), shape), y = np.reshape(np.array(fill(size, 2), dt), shape);
    x.buffer();
    y.buffer();
    return { key: `${name}_${dt}`, run: () => void np.matmul(x, y).buffer() };
  }),
);
// every case warmed, then a pause: V8 optimises on a background thread, which would take the
// helper thread's core from the first timings (measured: the batched case 1.5x slower)
for (let i = 0; i < 5; i++) for (const c of cases) c.run();
await new Promise((r) => setTimeout(r, 300));
for (const c of cases) {
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    c.run();
    t.push(performance.now() - t0);
  }
  out[c.key] = t.sort((p, q) => p - q)[Math.floor(t.length / 2)]!;
}
process.stdout.write(JSON.stringify(out));
process.exit(0);
