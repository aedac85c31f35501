/**
 * Linear-algebra cases for `npm run bench` (issue 13): batched and single solves against jax-js's
 * np.linalg.solve and mathjs's lusolve in a loop, batched cholesky and eigh against jax-js, and a
 * 512x512 float64 cholesky's GFLOP/s against our own matmul's on the same size.
 */
import * as jax from '@jax-js/jax';
import * as math from 'mathjs';
import { lax, np, type NDArray } from '../lib';
import { ms, type Median, type Row } from './report';


/** Deterministic values in [-0.5, 0.5). */
const values = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * 0.5);
/** count matrices n x n, diagonally dominant (well conditioned, positive definite after symmetrizing). */
function matrices(count: number, n: number, seed: number): Float64Array {
  const d = values(count * n * n, seed);
  for (let b = 0; b < count; b++) for (let i = 0; i < n; i++) d[b * n * n + i * n + i] = d[b * n * n + i * n + i]! + n;
  return d;
}
const as32 = (d: Float64Array) => Float32Array.from(d);

export function linalgCases(report: (r: Row) => void, median: Median): void {
  for (const dtype of ['float32', 'float64'] as const) {
    const conv = (d: Float64Array) => (dtype === 'float32' ? as32(d) : d);
    // 1000 systems of 16x16
    const A = conv(matrices(1000, 16, 1)), B = conv(values(1000 * 16, 2));
    const a = np.array({ data: A, shape: [1000, 16, 16] }), b = np.array({ data: B, shape: [1000, 16] });
    const ours = median(() => np.linalg.solve(a, np.expandDims(b, -1)).buffer(), 5);
    const ja = jax.numpy.array(as32(Float64Array.from(A))).reshape([1000, 16, 16]), jb = jax.numpy.array(as32(Float64Array.from(B))).reshape([1000, 16, 1]);
    const theirs = median(() => jax.numpy.linalg.solve(ja.ref, jb.ref).dataSync(), 5);
    const rows64 = Array.from({ length: 1000 }, (_, k) => Array.from({ length: 16 }, (_, i) => Array.from(A.subarray(k * 256 + i * 16, k * 256 + i * 16 + 16))));
    const rhs = Array.from({ length: 1000 }, (_, k) => Array.from(B.subarray(k * 16, k * 16 + 16)));
    const mathjs = median(() => rows64.forEach((m, k) => math.lusolve(m, rhs[k]!)), 3);
    report({
      case: `13a. np.linalg.solve of 1000 16x16 systems (${dtype}; jax-js in float32, its only float here), vs jax-js and mathjs lusolve in a loop`,
      measured: `vmap-ts ${ms(ours)}, jax-js ${ms(theirs)}, mathjs ${ms(mathjs)}`,
      ratio: `${(theirs / ours).toFixed(2)}x jax-js, ${(mathjs / ours).toFixed(1)}x mathjs`,
      target: '>= 1.0x jax-js, >= 10x mathjs',
      ok: theirs / ours >= 1 && mathjs / ours >= 10,
    });
    // one 512x512 system
    const A1 = conv(matrices(1, 512, 3)), B1 = conv(values(512, 4));
    const a1 = np.array({ data: A1, shape: [512, 512] }), b1 = np.array({ data: B1, shape: [512] });
    const ours1 = median(() => np.linalg.solve(a1, b1).buffer(), 3);
    const ja1 = jax.numpy.array(as32(Float64Array.from(A1))).reshape([512, 512]), jb1 = jax.numpy.array(as32(Float64Array.from(B1))).reshape([512, 1]);
    const theirs1 = median(() => jax.numpy.linalg.solve(ja1.ref, jb1.ref).dataSync(), 3);
    report({
      case: `13b. np.linalg.solve of one 512x512 system (${dtype}; jax-js in float32), vs jax-js`,
      measured: `vmap-ts ${ms(ours1)}, jax-js ${ms(theirs1)}`,
      ratio: `${(theirs1 / ours1).toFixed(2)}x jax-js`,
      target: '>= 1.0x',
      ok: theirs1 / ours1 >= 1,
    });
  }
  // batched cholesky (1000 of 32x32) and eigh (100 of 64x64), float32 as jax-js's default
  const C = as32(matrices(1000, 32, 5)), E = as32(matrices(100, 64, 6));
  const c = np.array({ data: C, shape: [1000, 32, 32] }), e = np.array({ data: E, shape: [100, 64, 64] });
  const jc = jax.numpy.array(C).reshape([1000, 32, 32]), je = jax.numpy.array(E).reshape([100, 64, 64]);
  const oursC = median(() => lax.linalg.cholesky(c).buffer(), 5);
  const theirsC = median(() => jax.lax.linalg.cholesky(jc.ref).dataSync(), 5);
  const oursE = median(() => lax.linalg.eigh(e)[1].buffer(), 3);
  const theirsE = median(() => (jax.lax.linalg.eigh(je.ref) as unknown as jax.Array[]).forEach((x) => x.dataSync()), 3);
  report({
    case: '13c. cholesky of 1000 32x32 (float32), vs jax-js',
    measured: `vmap-ts ${ms(oursC)}, jax-js ${ms(theirsC)}`,
    ratio: `${(theirsC / oursC).toFixed(2)}x jax-js`,
    target: '>= 1.0x',
    ok: theirsC / oursC >= 1,
  });
  report({
    case: '13d. eigh of 100 64x64 (float32), vs jax-js',
    measured: `vmap-ts ${ms(oursE)}, jax-js ${ms(theirsE)}`,
    ratio: `${(theirsE / oursE).toFixed(2)}x jax-js`,
    target: '>= 1.0x',
    ok: theirsE / oursE >= 1,
  });
  // 512x512 float64 cholesky GFLOP/s (n³/3) against our matmul's (2 n³) on the same size
  const S: NDArray = np.array({ data: matrices(1, 512, 7), shape: [512, 512] });
  const chol = median(() => lax.linalg.cholesky(S, { symmetrizeInput: false }).buffer(), 5);
  const mm = median(() => np.matmul(S, S).buffer(), 5);
  const share = 512 ** 3 / 3 / chol / ((2 * 512 ** 3) / mm);
  report({
    case: '13e. cholesky 512x512 float64: GFLOP/s as a share of our matmul 512x512',
    measured: `cholesky ${ms(chol)} (${((512 ** 3 / 3 / chol) * 1e-6).toFixed(2)} GFLOP/s), matmul ${ms(mm)} (${((2 * 512 ** 3) / mm * 1e-6).toFixed(2)} GFLOP/s)`,
    ratio: `${(100 * share).toFixed(0)}%`,
    target: '>= 30%',
    ok: share >= 0.3,
  });
}
