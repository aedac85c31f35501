/**
 * Differentially private training of a small convolutional classifier (DP-SGD, Abadi et al. 2016):
 * every step takes ONE gradient per example with `vmap(grad(loss))` — through a convolution — clips
 * each example's gradient to norm <= C, averages, and adds Gaussian noise of scale sigma * C / batch.
 * The data set is made here: 10x10 images of a horizontal or a vertical bar at a random place, with
 * noise, drawn with `random` (JAX's PRNG). Per-example gradients are exactly what vmap is for: without it, this is a loop of
 * `batch` separate backward passes.
 * Run: npx tsx examples/dp-sgd.ts
 */
import { grad, jit, lax, nn, np, random, tree, vmap, type NDArray } from '../lib';

// JAX's counter-based PRNG: a key per use, split from one seed, so every run prints the same numbers
let root = random.key(7);
/** A fresh key for each use: split the root, keep one half. */
const nextKey = () => {
  const keys = random.split(root);
  root = np.take(keys, 1, 0);
  return np.take(keys, 0, 0);
};
const normals = (shape: number[]) => random.normal(nextKey(), shape);

const S = 10;
function makeData(n: number) {
  const vertical = (random.bernoulli(nextKey(), 0.5, [n]).toArray() as boolean[]).map(Boolean);
  const at = random.randint(nextKey(), [n], 1, S - 1).toArray() as number[];
  const bars = vertical.flatMap((v, i) => Array.from({ length: S * S }, (_, p) => ((v ? p % S : Math.floor(p / S)) === at[i] ? 1 : 0)));
  const x = np.add(np.array({ data: bars, shape: [n, 1, S, S] }), np.multiply(0.3, normals([n, 1, S, S])));
  const labels = vertical.map((v) => (v ? 1 : 0));
  return { x, y: np.array(labels, 'int32'), labels };
}
const train = makeData(256), test = makeData(200);

// conv 3x3, 1 -> 4 channels, relu, global average pool per channel, then a linear layer to 2 logits
type Params = { k: NDArray; w: NDArray; b: NDArray };
let params: Params = {
  k: np.multiply(0.3, normals([4, 1, 3, 3])),
  w: np.multiply(0.3, normals([4, 2])),
  b: np.zeros([2]),
};
const logits = (p: Params, image: NDArray) => {
  const h = nn.relu(lax.conv(np.expandDims(image, 0), p.k, [1, 1], 'SAME')); // [1, 4, S, S]
  return np.add(np.matmul(np.mean(h, [0, 2, 3]), p.w), p.b);
};
const loss = (p: Params, image: NDArray, label: NDArray) => np.negative(np.take(nn.logSoftmax(logits(p, image)), label));

const C = 0.5, sigma = 0.8, lr = 4, batch = 64;
const perExampleGrads = vmap(grad(loss), { inAxes: [null, 0, 0] });
/** Clip each example's gradient (over all parameters) to norm <= C and sum. */
const clippedSum = jit((p: Params, x: NDArray, y: NDArray) => {
  const g = perExampleGrads(p, x, y) as Params;
  const sq = (tree.leaves(g) as NDArray[]).map((l) => np.sum(np.square(l), Array.from({ length: l.ndim - 1 }, (_, i) => i + 1)));
  const norms = np.sqrt(sq.reduce((a, b) => np.add(a, b)));
  const scale = np.minimum(1, np.divide(C, np.maximum(norms, 1e-12)));
  const scaled = tree.map((l: NDArray) => np.sum(np.multiply(l, np.reshape(scale, [-1, ...Array<number>(l.ndim - 1).fill(1)])), 0), g) as Params;
  return [scaled, norms] as const;
});
const accuracy = (p: Params, d: ReturnType<typeof makeData>) => {
  const pred = np.argmax(vmap((img: NDArray) => logits(p, img), { inAxes: 0 })(d.x), 1).toArray() as number[];
  return pred.filter((v, i) => v === d.labels[i]).length / pred.length;
};

console.log(`DP-SGD: ${train.labels.length} training images, batch ${batch}, clip C = ${C}, noise sigma = ${sigma}`);
console.log(`step   0  test accuracy ${accuracy(params, test).toFixed(3)}`);
for (let step = 1; step <= 60; step++) {
  const start = ((step - 1) * batch) % train.labels.length;
  const xb = lax.slice(train.x, [start, 0, 0, 0], [start + batch, 1, S, S]);
  const yb = lax.slice(train.y, [start], [start + batch]);
  const [sum, norms] = clippedSum(params, xb, yb);
  const noisy = tree.map((g: NDArray) => np.add(g, np.multiply(sigma * C, normals([...g.shape]))), sum) as Params;
  params = tree.map((p: NDArray, g: NDArray) => np.subtract(p, np.multiply(lr / batch, g)), params, noisy) as Params;
  if (step % 15 === 0) {
    const n = norms.toArray() as number[];
    const clipped = n.filter((v) => v > C).length;
    console.log(`step ${String(step).padStart(3)}  test accuracy ${accuracy(params, test).toFixed(3)}  per-example grad norms: median ${n.sort((a, b) => a - b)[n.length >> 1]!.toFixed(3)}, ${clipped}/${n.length} clipped`);
  }
}
const g0 = perExampleGrads(params, lax.slice(train.x, [0, 0, 0, 0], [3, 1, S, S]), lax.slice(train.y, [0], [3])) as Params;
const loop = [0, 1, 2].map((i) => grad(loss)(params, np.take(train.x, i, 0), np.take(train.y, i)) as Params);
const same = [0, 1, 2].every((i) => Array.from(np.take(g0.k, i, 0).data()).every((v, j) => Object.is(v, loop[i]!.k.data()[j])));
console.log(`vmap(grad) equals the per-example loop of grad, bit for bit: ${same}`);
