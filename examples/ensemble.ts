/**
 * Model ensembling: eight small MLPs trained at once. Their parameters are one pytree whose leaves
 * have a leading "member" axis; vmap over that axis (inAxes 0 for the parameters) runs every member
 * on the same inputs (inAxes null), and vmap(grad(loss)) trains each member on its own bootstrap
 * resample of the data (inAxes 0 for parameters AND data) in one jitted step. The ensemble's
 * average is more accurate than its members, and their disagreement is largest near the class
 * boundary: a cheap uncertainty estimate.
 * Run: npx tsx examples/ensemble.ts
 */
import { grad, jit, nn, np, tree, vmap, type NDArray } from '../lib';

/** mulberry32: a small deterministic PRNG, so every run prints the same numbers. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(2024);
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

// data: points in [-2, 2]², label 1 inside the circle of radius 1.3 (with 5% label noise)
const points = (n: number) => Array.from({ length: n }, () => [4 * rand() - 2, 4 * rand() - 2] as const);
const label = ([x, y]: readonly [number, number]) => (x * x + y * y < 1.69 ? 1 : 0);
const trainPts = points(256);
const trainY = trainPts.map((p) => (rand() < 0.05 ? 1 - label(p) : label(p)));
const testPts = points(1000);
const testY = testPts.map(label);
const X = np.array(trainPts.map((p) => [...p])),
  Y = np.array(trainY);
const Xtest = np.array(testPts.map((p) => [...p]));

type Params = { w1: NDArray; b1: NDArray; w2: NDArray; b2: NDArray };
const M = 8,
  H = 16,
  N = trainPts.length;

/** One member's initial parameters (small random weights). */
const init = (): { w1: number[][]; b1: number[]; w2: number[]; b2: number } => ({
  w1: Array.from({ length: 2 }, () => Array.from({ length: H }, () => normal())),
  b1: Array.from({ length: H }, () => 0.5 * normal()),
  w2: Array.from({ length: H }, () => normal() / Math.sqrt(H)),
  b2: 0,
});
// the ensemble: one pytree, every leaf stacked along a leading member axis of size M
const members = Array.from({ length: M }, init);
let ensemble: Params = {
  w1: np.array(members.map((m) => m.w1)),
  b1: np.array(members.map((m) => m.b1)),
  w2: np.array(members.map((m) => m.w2)),
  b2: np.array(members.map((m) => m.b2)),
};

/** One member's logit for ONE point x: [2] -> []. */
const logit = (p: Params, x: NDArray) => np.add(np.dot(np.tanh(np.add(np.dot(x, p.w1), p.b1)), p.w2), p.b2);
/** One member's mean logistic loss over its data. */
const loss = (p: Params, xs: NDArray, ys: NDArray) => {
  const z = vmap(logit, { inAxes: [null, 0] })(p, xs);
  return np.mean(np.subtract(nn.softplus(z), np.multiply(ys, z))); // softplus(z) = log(1 + e^z), stably
};

// each member's own bootstrap resample: indices [M, N]
const boot = np.array(
  Array.from({ length: M }, () => Array.from({ length: N }, () => Math.floor(rand() * N))),
  'int32',
);
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
const radius = testPts.map(([x, y]) => Math.hypot(x, y));
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const near = avg(spread.filter((_, i) => Math.abs(radius[i]! - 1.3) < 0.15));
const far = avg(spread.filter((_, i) => Math.abs(radius[i]! - 1.3) > 0.6));
console.log(`member disagreement (std of probabilities): near the boundary ${near.toFixed(3)}, far from it ${far.toFixed(3)}`);
