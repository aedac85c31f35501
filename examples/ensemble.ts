/**
 * Model ensembling: eight small MLPs trained at once. Their parameters are one pytree whose leaves
 * have a leading "member" axis; vmap over that axis (inAxes 0 for the parameters) runs every member
 * on the same inputs (inAxes null), and vmap(grad(loss)) trains each member on its own bootstrap
 * resample of the data (inAxes 0 for parameters AND data) in one jitted step. The ensemble's
 * average is more accurate than its members, and their disagreement is largest near the class
 * boundary: a cheap uncertainty estimate.
 * Run: npx tsx examples/ensemble.ts
 */
import { grad, jit, nn, np, random, tree, vmap, type NDArray } from '../lib';

// JAX's PRNG: one key per use, folded from one seed, so every run prints the same numbers
const seed = random.key(2024);
const keyFor = (use: number) => random.foldIn(seed, use);

// data: points in [-2, 2]², label 1 inside the circle of radius 1.3 (with 5% label noise)
const points = (use: number, n: number) => random.uniform(keyFor(use), [n, 2], { minval: -2, maxval: 2 });
const label = ([x, y]: readonly number[]) => (x! * x! + y! * y! < 1.69 ? 1 : 0);
const X = points(0, 256);
const flip = random.bernoulli(keyFor(1), 0.05, [256]).toArray() as boolean[];
const trainY = (X.toArray() as number[][]).map((p, i) => (flip[i] ? 1 - label(p) : label(p)));
const Xtest = points(2, 1000);
const testPts = Xtest.toArray() as number[][];
const testY = testPts.map(label);
const Y = np.array(trainY);

type Params = { w1: NDArray; b1: NDArray; w2: NDArray; b2: NDArray };
const M = 8,
  H = 16,
  N = 256;

/** One member's initial parameters from its key (small random weights). */
const init = (k: NDArray): Params => ({
  w1: random.normal(random.foldIn(k, 0), [2, H]),
  b1: np.multiply(random.normal(random.foldIn(k, 1), [H]), 0.5),
  w2: np.divide(random.normal(random.foldIn(k, 2), [H]), Math.sqrt(H)),
  b2: np.zeros([]),
});
// the ensemble: one pytree, every leaf stacked along a leading member axis of size M (vmap over member keys)
let ensemble: Params = vmap(init)(random.split(keyFor(3), M));

/** One member's logit for ONE point x: [2] -> []. */
const logit = (p: Params, x: NDArray) => np.add(np.dot(np.tanh(np.add(np.dot(x, p.w1), p.b1)), p.w2), p.b2);
/** One member's mean logistic loss over its data. */
const loss = (p: Params, xs: NDArray, ys: NDArray) => {
  const z = vmap(logit, { inAxes: [null, 0] })(p, xs);
  return np.mean(np.subtract(nn.softplus(z), np.multiply(ys, z))); // softplus(z) = log(1 + e^z), stably
};

// each member's own bootstrap resample: indices [M, N]
const boot = random.randint(keyFor(4), [M, N], 0, N);
const Xb = np.take(X, boot, 0),
  Yb = np.take(Y, boot, 0); // [M, N, 2], [M, N]

/** One gradient step for every member at once: parameters and data are both mapped over members. */
const trainStep = jit(
  vmap(
    (p: Params, xs: NDArray, ys: NDArray) =>
      tree.map((w: NDArray, g: NDArray) => np.subtract(w, np.multiply(g, 0.5)), p, grad(loss)(p, xs, ys)) as Params,
  ),
);
const memberLosses = jit(vmap(loss));
/** Every member's probability for every point: [M, points]. */
const predictAll = jit(vmap((p: Params, xs: NDArray) => nn.sigmoid(vmap(logit, { inAxes: [null, 0] })(p, xs)), { inAxes: [0, null] }));

for (let step = 0; step <= 200; step++) {
  if (step % 100 === 0) {
    const ls = memberLosses(ensemble, Xb, Yb).toArray() as number[];
    console.log(`step ${String(step).padStart(3)}  member losses ${ls.map((l) => l.toFixed(3)).join(' ')}`);
  }
  if (step < 200) ensemble = trainStep(ensemble, Xb, Yb);
}

const probs = predictAll(ensemble, Xtest); // [M, 1000]
const accuracy = (p: NDArray) => {
  const pred = p.toArray() as number[];
  return pred.filter((q, i) => (q > 0.5 ? 1 : 0) === testY[i]).length / pred.length;
};
const memberAcc = Array.from({ length: M }, (_, m) => accuracy(np.take(probs, m, 0)));
const meanProb = np.mean(probs, 0);
console.log(`\ntest accuracy per member: ${memberAcc.map((a) => a.toFixed(3)).join(' ')}`);
console.log(
  `mean member accuracy ${(memberAcc.reduce((a, b) => a + b, 0) / M).toFixed(3)}, ensemble accuracy ${accuracy(meanProb).toFixed(3)}`,
);

// disagreement between members (std of their probabilities), near the boundary vs far from it
const spread = np.std(probs, 0).toArray() as number[];
const radius = testPts.map(([x, y]) => Math.hypot(x!, y!));
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const near = avg(spread.filter((_, i) => Math.abs(radius[i]! - 1.3) < 0.15));
const far = avg(spread.filter((_, i) => Math.abs(radius[i]! - 1.3) > 0.6));
console.log(`member disagreement (std of probabilities): near the boundary ${near.toFixed(3)}, far from it ${far.toFixed(3)}`);
