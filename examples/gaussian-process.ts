/**
 * Gaussian-process regression with hyperparameters fitted by gradient descent.
 *
 * The kernel is k(x, x') = s² exp(-(x - x')² / (2 ℓ²)) plus noise σ² on the diagonal; the negative
 * log marginal likelihood of the targets y is
 *
 *     ½ yᵀ K⁻¹ y + Σ log Lᵢᵢ + (n/2) log 2π,   K = L Lᵀ (Cholesky),
 *
 * computed with one cholesky and one triangular solve (α = L⁻¹ y, so yᵀ K⁻¹ y = |α|²). `valueAndGrad`
 * differentiates through both (their rules follow JAX's), `jit` compiles the step once. The fitted
 * model then predicts a mean and a variance at test points (two more triangular solves).
 * Prints the likelihood while fitting, the fitted hyperparameters, a gradient check against central
 * differences, and the predictions against the true function.
 * Run: npx tsx examples/gaussian-process.ts
 */
import { jit, lax, np, valueAndGrad, type NDArray } from '../lib';

// 24 noisy samples of f(x) = sin(3x) on [-2, 2] (deterministic noise, so the run is reproducible)
const f = (x: NDArray) => np.sin(np.multiply(x, 3));
const n = 24;
const xs = np.linspace(-2, 2, n);
const hash = (i: number) => {
  const v = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return v - Math.floor(v) - 0.5; // uniform-looking in [-0.5, 0.5)
};
const noise = np.array(Array.from({ length: n }, (_, i) => 0.3 * hash(i))); // standard deviation 0.087
const ys = np.add(f(xs), noise);

/** The kernel matrix between a and b for hyperparameters θ = [log ℓ, log s]. */
const kernel = (a: NDArray, b: NDArray, theta: NDArray) => {
  const [len, scale] = [np.exp(np.take(theta, 0)), np.exp(np.take(theta, 1))];
  const d = np.subtract(np.reshape(a, [-1, 1]), np.reshape(b, [1, -1]));
  return np.multiply(np.square(scale), np.exp(np.divide(np.multiply(np.square(d), -0.5), np.square(len))));
};
/** K + σ² I, θ = [log ℓ, log s, log σ]. */
const trainCov = (theta: NDArray) => np.add(kernel(xs, xs, theta), np.multiply(np.eye(n), np.exp(np.multiply(np.take(theta, 2), 2))));

const negLogLikelihood = (theta: NDArray) => {
  const L = lax.linalg.cholesky(trainCov(theta));
  const alpha = lax.linalg.triangularSolve(L, np.reshape(ys, [n, 1]), { leftSide: true, lower: true });
  return np.add(np.add(np.multiply(np.sum(np.square(alpha)), 0.5), np.sum(np.log(np.diagonal(L)))), 0.5 * n * Math.log(2 * Math.PI));
};

// Adam on θ = [log ℓ, log s, log σ]
const step = jit(valueAndGrad(negLogLikelihood));
let theta = np.array([0, 0, -1]); // ℓ = 1, s = 1, σ = 0.37
let m1 = np.zeros([3]),
  m2 = np.zeros([3]);
const [lr, b1, b2] = [0.05, 0.9, 0.999];
for (let it = 1; it <= 150; it++) {
  const [value, g] = step(theta);
  if (it === 1 || it % 25 === 0) console.log(`step ${String(it).padStart(3)}  -log p(y) = ${value.toNumber().toFixed(4)}`);
  m1 = np.add(np.multiply(m1, b1), np.multiply(g, 1 - b1));
  m2 = np.add(np.multiply(m2, b2), np.multiply(np.square(g), 1 - b2));
  const update = np.divide(np.divide(m1, 1 - b1 ** it), np.add(np.sqrt(np.divide(m2, 1 - b2 ** it)), 1e-8));
  theta = np.subtract(theta, np.multiply(update, lr));
}
const [len, scale, sigma] = (np.exp(theta).toArray() as number[]).map((v) => v.toFixed(3));
console.log(`fitted lengthscale ${len}, signal scale ${scale}, noise ${sigma}`);

// the gradient at the fitted point against central differences
const [, g] = step(theta);
const h = 1e-5;
const fd = [0, 1, 2].map((i) => {
  const e = np.multiply(np.take(np.eye(3), i, 0), h);
  return (negLogLikelihood(np.add(theta, e)).toNumber() - negLogLikelihood(np.subtract(theta, e)).toNumber()) / (2 * h);
});
const gradErr = Math.max(...(g.toArray() as number[]).map((v, i) => Math.abs(v - fd[i]!)));
console.log(`gradient vs central differences: max difference ${gradErr.toExponential(2)}`);

// predictions: mean = K*ᵀ K⁻¹ y, variance = k** - |L⁻¹ K*|² (+ noise for an observation)
const xt = np.linspace(-1.75, 1.75, 8);
const L = lax.linalg.cholesky(trainCov(theta));
const Ks = kernel(xs, xt, theta); // [n, 8]
const v = lax.linalg.triangularSolve(L, Ks, { leftSide: true, lower: true });
const alpha = lax.linalg.triangularSolve(L, np.reshape(ys, [n, 1]), { leftSide: true, lower: true });
const mean = np.reshape(np.matmul(np.transpose(v), alpha), [-1]);
const variance = np.subtract(np.diagonal(kernel(xt, xt, theta)), np.sum(np.square(v), 0));
const sd = np.sqrt(variance);
console.log('     x    mean   ±2sd   sin(3x)');
const rows = [xt, mean, sd, f(xt)].map((a) => a.toArray() as number[]);
rows[0]!.forEach((_, i) => console.log(`${rows[0]![i]!.toFixed(2).padStart(6)} ${rows[1]![i]!.toFixed(3).padStart(7)} ${(2 * rows[2]![i]!).toFixed(3).padStart(6)} ${rows[3]![i]!.toFixed(3).padStart(8)}`));
const within = rows[0]!.every((_, i) => Math.abs(rows[1]![i]! - rows[3]![i]!) <= 2 * rows[2]![i]!);
console.log(`true function within 2 sd of the mean everywhere: ${within}`);
