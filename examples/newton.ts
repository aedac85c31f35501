/**
 * Batched Newton solves: a small nonlinear system per example, solved for a whole batch at once.
 * For each parameter pair p = (r, d), find where the circle x² + y² = r² meets the line x - y = d:
 *
 *     F(z; p) = [x² + y² - r², x - y - d] = 0,   z = (x, y).
 *
 * The Newton step is written for ONE system — the 2x2 Jacobian comes from jacfwd, the linear solve is
 * Cramer's rule — then vmap batches it over 1000 systems and jit compiles the batched step once.
 * Prints the worst residual per iteration (quadratic convergence), the error against the closed form
 * and a check that the batched step equals the per-system step.
 * Run: npx tsx examples/newton.ts
 */
import { jacfwd, jit, np, vmap, type NDArray } from '../lib';

const at = (v: NDArray, i: number) => np.take(v, i);

/** The residual of one system. */
const residual = (z: NDArray, p: NDArray) => {
  const [x, y, r, d] = [at(z, 0), at(z, 1), at(p, 0), at(p, 1)];
  return np.stack([np.subtract(np.add(np.square(x), np.square(y)), np.square(r)), np.subtract(np.subtract(x, y), d)]);
};

/** One Newton step for one system: z - J(z)⁻¹ F(z), the 2x2 solve by Cramer's rule. */
const newtonStep = (z: NDArray, p: NDArray) => {
  const f = residual(z, p);
  const J = jacfwd(residual)(z, p) as NDArray; // [2, 2]: dF_i / dz_j
  const [a, b, c, e] = [np.take(J, 0), np.take(J, 1), np.take(J, 2), np.take(J, 3)];
  const det = np.subtract(np.multiply(a, e), np.multiply(b, c));
  const dx = np.divide(np.subtract(np.multiply(at(f, 0), e), np.multiply(b, at(f, 1))), det);
  const dy = np.divide(np.subtract(np.multiply(a, at(f, 1)), np.multiply(c, at(f, 0))), det);
  return np.subtract(z, np.stack([dx, dy]));
};

const batchedStep = jit(vmap(newtonStep)); // ([n, 2], [n, 2]) -> [n, 2]
const batchedResidual = vmap(residual);

// 1000 systems on a grid: r in [1, 3], d in [-1, 1] (so the line always cuts the circle)
const n = 1000;
const params = np.array(Array.from({ length: n }, (_, i) => [1 + (2 * (i % 40)) / 39, -1 + (2 * Math.floor(i / 40)) / 24]));
const r = np.take(params, 0, 1),
  d = np.take(params, 1, 1);
let z = np.stack([r, np.multiply(r, 0.5)], 1); // start at (r, r/2): nearer the root with x + y > 0

const worst = (zs: NDArray) => np.max(np.abs(batchedResidual(zs, params))).item() as number;
console.log(`solving ${n} systems F(z; r, d) = 0 with one jit(vmap(newtonStep))`);
console.log(`iteration  0  max |F| = ${worst(z).toExponential(3)}`);
for (let it = 1; it <= 8; it++) {
  z = batchedStep(z, params);
  console.log(`iteration ${String(it).padStart(2)}  max |F| = ${worst(z).toExponential(3)}`);
}

// the closed form of the root with x + y > 0: x = (d + sqrt(2r² - d²)) / 2, y = x - d
const xExact = np.divide(np.add(d, np.sqrt(np.subtract(np.multiply(np.square(r), 2), np.square(d)))), 2);
const exact = np.stack([xExact, np.subtract(xExact, d)], 1);
console.log(`max |z - closed form| = ${(np.max(np.abs(np.subtract(z, exact))).item() as number).toExponential(3)}`);

// vmap changes nothing numerically: row k of the batched step is the step of system k
const k = 417;
const one = newtonStep(np.take(z, k, 0), np.take(params, k, 0));
console.log(`batched step row ${k} equals the single-system step: ${np.all(np.equal(np.take(batchedStep(z, params), k, 0), one)).item()}`);
console.log(`traced once: jit cache size ${batchedStep.cacheSize}`);
