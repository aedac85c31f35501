/**
 * Per-example gradients: trains a small logistic regression on data it generates (a fixed seed,
 * two Gaussian blobs) with jit(grad(loss)), then takes vmap(grad(loss)) to get one gradient per
 * example and prints their norms — the quantity DP-SGD clips and influence methods rank.
 * Run: npx tsx examples/per-example-gradients.ts
 */
import { grad, jit, nn, np, random, vmap, type NDArray } from '../lib';

const N = 64, D = 3;
const noise = Array.from(random.normal(random.key(7), [N * D]).data()); // JAX's PRNG: the same data every run
const labels = Array.from({ length: N }, (_, i) => (i % 2 === 0 ? 1 : 0));
// class 1 centred at (1, 1, 1), class 0 at (-1, -1, -1); the last example is a mislabelled outlier
const rows = labels.map((y, i) => Array.from({ length: D }, (_, d) => (y === 1 ? 1 : -1) + 0.8 * noise[i * D + d]!));
rows[N - 1] = [2.5, 2.5, 2.5];
const X = np.array(rows);
const Y = np.array(labels);

type Params = { w: NDArray; b: NDArray };

/** Binary cross-entropy of one example, written stably with softplus. */
const exampleLoss = (p: Params, x: NDArray, y: NDArray) => {
  const z = np.add(np.dot(x, p.w), p.b);
  // -[y log s(z) + (1 - y) log(1 - s(z))] = log(1 + e^z) - y z
  return np.subtract(nn.softplus(z), np.multiply(y, z));
};
const batchLoss = (p: Params, x: NDArray, y: NDArray) => np.mean(vmap(exampleLoss, { inAxes: [null, 0, 0] })(p, x, y));

const step = jit((p: Params, x: NDArray, y: NDArray) => {
  const g = grad(batchLoss)(p, x, y) as Params;
  return { w: np.subtract(p.w, np.multiply(g.w, 0.5)), b: np.subtract(p.b, np.multiply(g.b, 0.5)) };
});

let params: Params = { w: np.zeros(D), b: np.array(0) };
for (let epoch = 0; epoch <= 100; epoch++) {
  if (epoch % 25 === 0) console.log(`epoch ${String(epoch).padStart(3)}  loss ${(batchLoss(params, X, Y).item() as number).toFixed(6)}`);
  if (epoch < 100) params = step(params, X, Y);
}
console.log('w =', params.w.toString(), ' b =', params.b.toString());

const perExample = vmap(grad(exampleLoss), { inAxes: [null, 0, 0] })(params, X, Y) as Params;
const norms = np.sqrt(np.add(np.sum(np.square(perExample.w), 1), np.square(perExample.b)));
const order = np.argsort(np.negative(norms)).toArray() as number[];
console.log('\nper-example gradient norms (largest first):');
for (const i of order.slice(0, 5))
  console.log(`  example ${String(i).padStart(2)}  label ${labels[i]}  norm ${(np.take(norms, i).item() as number).toFixed(6)}`);
console.log(`median norm ${(np.sort(norms).toArray() as number[])[N / 2]!.toFixed(6)}`);
console.log(`mean of per-example gradients equals the batch gradient: ${np.all(
  np.less(np.abs(np.subtract(np.mean(perExample.w, 0), (grad(batchLoss)(params, X, Y) as Params).w)), 1e-12),
).item()}`);

// dropout with one key per example: every example's gradient under its own mask (keep 80% of the
// inputs, scaled by 1/0.8), batched by vmap over split keys — bit for bit the loop over the keys
const dropoutLoss = (p: Params, key: NDArray, x: NDArray, y: NDArray) =>
  exampleLoss(p, np.where(random.bernoulli(key, 0.8, x.shape), np.divide(x, 0.8), 0), y);
const keys = random.split(random.key(1), N);
const dropped = vmap(grad(dropoutLoss), { inAxes: [null, 0, 0, 0] })(params, keys, X, Y) as Params;
const row = (a: NDArray, i: number) => np.take(a, i, 0);
const sameAsLoop = Array.from({ length: N }, (_, i) => {
  const g = grad(dropoutLoss)(params, row(keys, i), row(X, i), row(Y, i)) as Params;
  return np.all(np.equal(g.w, row(dropped.w, i))).item() && np.equal(g.b, row(dropped.b, i)).item();
}).every(Boolean);
console.log(`dropout per-example gradients (vmap over split keys) equal the loop over the keys: ${sameAsLoop}`);
