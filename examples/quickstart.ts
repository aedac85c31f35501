/**
 * The main job on an embedded default: per-example computations written for ONE example and
 * vectorised by vmap — distances, a batched affine layer, and matrix products built from vdot.
 * Run: npm run example
 */
import { np, vmap, type NDArray } from '../lib';

// A small embedded data set: 5 points in 3-d and 2 cluster centres.
const points = np.array([
  [0.0, 0.1, 0.2],
  [1.0, 0.9, 1.1],
  [0.2, 0.0, 0.1],
  [0.9, 1.2, 1.0],
  [0.5, 0.5, 0.5],
]);
const centres = np.array([
  [0, 0, 0],
  [1, 1, 1],
]);

// Written for one point and one centre...
const dist = (p: NDArray, c: NDArray) => np.sqrt(np.sum(np.square(np.subtract(p, c))));
// ...mapped over centres, then over points: a [5, 2] distance table.
const table = vmap(vmap(dist, { inAxes: [null, 0] }), { inAxes: [0, null] })(points, centres);
console.log('distance of each point to each centre:');
console.log(table.toString());
console.log('nearest centre per point:', np.argmin(table, 1).toArray());

// A per-example layer tanh(W x + b) over a batch of examples stored column-wise (in_axes = 1).
const W = np.array([
  [0.5, -0.2, 0.1],
  [0.3, 0.8, -0.5],
]);
const b = np.array([0.1, -0.1]);
const layer = (w: NDArray, bias: NDArray, x: NDArray) => np.tanh(np.add(np.matmul(w, x), bias));
const batched = vmap(layer, { inAxes: [null, null, 1], outAxes: 1 });
console.log('\nlayer outputs, one column per example:');
console.log(batched(W, b, np.transpose(points)).toString());

// The docstring's matrix product from a vector dot product.
const vv = (x: NDArray, y: NDArray) => np.vdot(x, y);
const mv = vmap(vv, { inAxes: [0, null] });
const mm = vmap(mv, { inAxes: [null, 1], outAxes: 1 });
const A = np.reshape(np.arange(6), [2, 3]);
const B = np.reshape(np.arange(12), [3, 4]);
console.log('\nmm(A, B) from vdot:');
console.log(mm(A, B).toString());
console.log('equals np.matmul(A, B):', np.all(np.equal(mm(A, B), np.matmul(A, B))).item());
