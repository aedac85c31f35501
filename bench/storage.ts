/**
 * Why compute buffers are flat typed arrays, not mathjs matrices: the same work on both, medians of
 * several runs after a warm-up, printed side by side. Run with `npm run bench`.
 */
import * as math from 'mathjs';
import { np, vmap, type NDArray } from '../lib';

function median(f: () => void, runs = 7): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const n = 1000;
const nested = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => ((i * n + j) % 97) / 97));
const M = math.matrix(nested);
const flat = new Float64Array(n * n).map((_, k) => (k % 97) / 97);
const X = np.array(M);
X.toArray(); // ingest once, outside the timings

const rows: [string, number][] = [];
rows.push(['mathjs exp(x*2+1), 1000x1000 DenseMatrix', median(() => void math.map(math.add(math.multiply(M, 2), 1) as math.Matrix, Math.exp))]);
rows.push(['vmap-ts np.exp(x*2+1), 1000x1000 (3 kernels, unfused)', median(() => void np.exp(np.add(np.multiply(X, 2), 1)).buffer())]);
rows.push(['hand-fused loop over a Float64Array', median(() => {
  const out = new Float64Array(flat.length);
  for (let i = 0; i < flat.length; i++) out[i] = Math.exp(flat[i]! * 2 + 1);
})]);
rows.push(['mathjs sum over axis 0, 1000x1000', median(() => void math.sum(M, 0))]);
rows.push(['vmap-ts np.sum(x, 0), 1000x1000', median(() => void np.sum(X, 0).buffer())]);

const A = np.ones([64, 128, 128]), B = np.ones([64, 128, 128]);
A.buffer(); B.buffer();
const hand = median(() => void np.matmul(A, B).buffer(), 5);
const vm = median(() => void vmap((a: NDArray, b: NDArray) => np.matmul(a, b))(A, B).buffer(), 5);
rows.push(['np.matmul [64,128,128]^2 float64 (hand-batched)', hand]);
rows.push(['vmap(matmul) [64,128,128]^2 float64', vm]);

const w = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v.toFixed(1).padStart(8)} ms`);
console.log(`ratio vmap(matmul) / matmul: ${(vm / hand).toFixed(2)}`);
console.log(`ratio mathjs / vmap-ts elementwise: ${(rows[0]![1] / rows[1]![1]).toFixed(1)}x, sum: ${(rows[3]![1] / rows[4]![1]).toFixed(1)}x`);
