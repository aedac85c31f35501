/**
 * The linalg primitives under the transforms: vmap == the loop over the batch and jit == eager,
 * bit for bit, for every primitive and output; every JVP and VJP against central finite
 * differences and against each other (the dot-product test), including the rectangular LU, QR and
 * SVD cases and eigh/SVD with distinct eigen/singular values; grad of a Gaussian-process
 * log-likelihood through cholesky and triangularSolve; JAX's unimplemented derivative cases.
 *
 * Tolerances. The dot-product test compares two evaluations of the same linear map, so the sides
 * differ by the rounding of the products: relative 1e-12 is ~5000 ε, room for the O(n²) sums of
 * O(κ)-sized terms at n ≤ 4 with κ < 50. Central differences with h = 1e-6 have truncation error
 * h² ‖f'''‖ ~ 1e-12 and cancellation error ε ‖f‖ / h ~ 1e-10 (‖f‖ = O(1)): absolute 1e-7 on O(1)
 * derivatives is 1000 times that, and still catches a wrong rule (errors of O(1)).
 */
import { describe, expect, it } from 'vitest';
import { grad, hessian, jacfwd, jacrev, jit, jvp, lax, np, vjp, vmap, type NDArray } from '../lib';
import { GradError } from '../lib/transforms/ad/types';
import { randMat, sameBits, spdMat, symMat } from './linalg-reference';

type Fn = (x: NDArray) => NDArray;
const m = (a: number[][], dt: 'float32' | 'float64' = 'float64') => np.array(a, dt);
const stackOf = (xs: number[][][]) => np.array(xs);
/** A well-conditioned lower triangle. */
const triangle = (n: number, seed: number) => randMat(n, n, seed).map((row, i) => row.map((v, j) => (j < i ? v : j === i ? 3 + v : 0)));

/** One function per primitive output (and option), with per-example inputs that keep it well defined. */
const outputs: [string, Fn, (seed: number) => number[][]][] = [
  ['cholesky', (x) => lax.linalg.cholesky(x), (s) => spdMat(4, s)],
  ['triangularSolve left lower', (x) => lax.linalg.triangularSolve(x, np.astype(np.ones([4, 2]), x.dtype), { leftSide: true, lower: true }), (s) => triangle(4, s)],
  ['triangularSolve right transposeA unit', (x) => lax.linalg.triangularSolve(x, np.astype(np.ones([3, 4]), x.dtype), { lower: true, transposeA: true, unitDiagonal: true }), (s) => triangle(4, s)],
  ['triangularSolve b', (b) => lax.linalg.triangularSolve(m(triangle(4, 99), b.dtype as 'float32'), b, { leftSide: true, lower: true }), (s) => randMat(4, 3, s)],
  ['lu', (x) => lax.linalg.lu(x)[0], (s) => randMat(4, 4, s)],
  ['lu wide', (x) => lax.linalg.lu(x)[0], (s) => randMat(3, 5, s)],
  ['lu tall', (x) => lax.linalg.lu(x)[0], (s) => randMat(5, 3, s)],
  ['lu pivots', (x) => lax.linalg.lu(x)[1], (s) => randMat(4, 4, s)],
  ['lu permutation', (x) => lax.linalg.lu(x)[2], (s) => randMat(4, 4, s)],
  ['qr Q', (x) => lax.linalg.qr(x, { fullMatrices: false })[0], (s) => randMat(5, 3, s)],
  ['qr R', (x) => lax.linalg.qr(x, { fullMatrices: false })[1], (s) => randMat(5, 3, s)],
  ['qr complete Q (square)', (x) => lax.linalg.qr(x)[0], (s) => randMat(4, 4, s)],
  ['eigh v', (x) => lax.linalg.eigh(x)[0], (s) => symMat(4, s)],
  ['eigh w', (x) => lax.linalg.eigh(x)[1], (s) => symMat(4, s)],
  ['eigh w (tridiagonal QL, n = 36)', (x) => lax.linalg.eigh(x)[1], (s) => symMat(36, s)],
  ['svd s', (x) => lax.linalg.svd(x, { computeUv: false }), (s) => randMat(5, 3, s)],
  ['svd U tall', (x) => lax.linalg.svd(x, { fullMatrices: false })[0], (s) => randMat(5, 3, s)],
  ['svd Vh tall', (x) => lax.linalg.svd(x, { fullMatrices: false })[2], (s) => randMat(5, 3, s)],
  ['svd U wide', (x) => lax.linalg.svd(x, { fullMatrices: false })[0], (s) => randMat(3, 5, s)],
  ['svd Vh wide', (x) => lax.linalg.svd(x, { fullMatrices: false })[2], (s) => randMat(3, 5, s)],
  ['svd S square full', (x) => lax.linalg.svd(x)[1], (s) => randMat(4, 4, s)],
];

describe('vmap == loop over the batch, bit for bit', () => {
  for (const [name, f, gen] of outputs)
    it(name, () => {
      const xs = [1, 2, 3].map(gen);
      const loop = xs.map((x) => f(m(x)));
      const stacked = stackOf(xs);
      const want = np.stack(loop);
      expect(sameBits(vmap(f)(stacked), want)).toBe(true);
      // the batch axis in the middle and at the end, out_axes 1, and a nested vmap over a [2, 3] batch
      expect(sameBits(vmap(f, { inAxes: 1, outAxes: 1 })(np.moveaxis(stacked, 0, 1)), np.moveaxis(want, 0, 1))).toBe(true);
      expect(sameBits(vmap(f, { inAxes: -1 })(np.moveaxis(stacked, 0, -1)), want)).toBe(true);
      const xs6 = [4, 5, 6, 7, 8, 9].map(gen);
      const nested = vmap(vmap(f))(np.reshape(stackOf(xs6), [2, 3, ...np.array(xs6[0]!).shape]));
      expect(sameBits(nested, np.reshape(np.stack(xs6.map((x) => f(m(x)))), nested.shape))).toBe(true);
    });
  it('triangularSolve with only b mapped, and with both mapped', () => {
    const a = m(triangle(3, 5)), bs = [1, 2].map((s) => randMat(3, 2, s));
    const f = (x: NDArray, y: NDArray) => lax.linalg.triangularSolve(x, y, { leftSide: true, lower: true });
    expect(sameBits(vmap(f, { inAxes: [null, 0] })(a, stackOf(bs)), np.stack(bs.map((b) => f(a, m(b)))))).toBe(true);
    const as = [3, 4].map((s) => triangle(3, s));
    expect(sameBits(vmap(f)(stackOf(as), stackOf(bs)), np.stack(as.map((x, i) => f(m(x), m(bs[i]!)))))).toBe(true);
  });
  it('vmap of grad (per-example gradients) == the loop of grads', () => {
    const loss = (x: NDArray) => np.sum(np.sin(lax.linalg.svd(x, { computeUv: false })));
    const xs = [1, 2, 3].map((s) => randMat(4, 3, s));
    expect(sameBits(vmap(grad(loss))(stackOf(xs)), np.stack(xs.map((x) => grad(loss)(m(x)))))).toBe(true);
  });
});

describe('jit == eager, bit for bit (fusible neighbours around the kernels)', () => {
  for (const [name, f, gen] of outputs)
    for (const dt of ['float64', 'float32'] as const)
      it(`${name} ${dt}`, () => {
        const g = (x: NDArray) => {
          const y = f(np.add(np.multiply(x, 1.5), 0.25));
          return y.dtype === 'int32' ? y : np.tanh(np.multiply(y, 2));
        };
        const x = m(gen(7), dt);
        expect(sameBits(jit(g)(x), g(x))).toBe(true);
      });
  it('grad under jit == eager grad', () => {
    const loss = (x: NDArray) => np.sum(np.log(np.abs(lax.linalg.lu(x)[0])));
    const x = m(randMat(4, 4, 3));
    expect(sameBits(jit(grad(loss))(x), grad(loss)(x))).toBe(true);
  });
});

/** Central differences of f at x along t. */
const fd = (f: Fn, x: NDArray, t: NDArray, h = 1e-6) => np.divide(np.subtract(f(np.add(x, np.multiply(t, h))), f(np.subtract(x, np.multiply(t, h)))), 2 * h);

describe('derivatives: JVP == finite differences, <vjp(u), t> == <u, jvp(t)>', () => {
  for (const [name, f, gen] of outputs.filter(([n]) => !n.includes('pivots') && !n.includes('permutation')))
    it(name, () => {
      for (const seed of [1, 2]) {
        const x = m(gen(seed)), t = m(randMat(x.shape[0]!, x.shape[1]!, seed + 50));
        const [y, dy] = jvp(f, [x], [t]) as [NDArray, NDArray];
        expect(np.max(np.abs(np.subtract(fd(f, x, t), dy))).toNumber()).toBeLessThan(1e-7);
        const u = np.reshape(m(randMat(y.shape[0]!, y.shape[1] ?? 1, seed + 90)), y.shape);
        const [, back] = vjp(f, x) as unknown as [NDArray, (u: NDArray) => [NDArray]];
        const lhs = np.vdot(back(u)[0], t).toNumber(), rhs = np.vdot(u, dy).toNumber();
        expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(rhs)));
      }
    });
  it('lu: pivots and permutation have no tangent (integers), and their cotangents are ignored', () => {
    const x = m(randMat(3, 3, 1));
    const [, dp] = jvp((a: NDArray) => np.astype(lax.linalg.lu(a)[2], 'float64'), [x], [np.ones([3, 3])]) as [NDArray, NDArray];
    expect(dp.toArray()).toEqual([0, 0, 0]);
  });
  it('grad of a Gaussian-process log marginal likelihood through cholesky and triangularSolve == finite differences', () => {
    const xs = np.linspace(-2, 2, 6), ys = np.sin(np.multiply(xs, 1.3));
    const nll = (params: NDArray) => {
      const [len, noise] = [np.exp(np.take(params, 0)), np.exp(np.take(params, 1))];
      const d = np.subtract(np.reshape(xs, [-1, 1]), np.reshape(xs, [1, -1]));
      const K = np.add(np.exp(np.divide(np.multiply(np.square(d), -0.5), np.square(len))), np.multiply(np.eye(6), noise));
      const L = lax.linalg.cholesky(K);
      const alpha = lax.linalg.triangularSolve(L, np.reshape(ys, [6, 1]), { leftSide: true, lower: true });
      return np.add(np.multiply(np.sum(np.square(alpha)), 0.5), np.sum(np.log(np.diagonal(L))));
    };
    const p = np.array([0.1, -1.5]);
    const g = grad(nll)(p).toArray() as number[];
    [0, 1].forEach((i) => {
      const e = np.array(i === 0 ? [1, 0] : [0, 1]);
      expect(Math.abs(fd(nll, p, e).toNumber() - g[i]!)).toBeLessThan(1e-6);
    });
  });
  it('second order: hessian through cholesky == central differences of grad; jacfwd == jacrev for eigh, svd, qr, lu; a symmetric hessian through svd', () => {
    const x = m([[0.3, -0.2, 0.5], [0.1, 0.4, -0.3], [0.2, 0.1, 0.6]]);
    const f = (y: NDArray) => np.sum(np.log(np.diagonal(lax.linalg.cholesky(np.add(np.matmul(y, np.transpose(y)), np.multiply(np.eye(3), 3))))));
    const H = np.reshape(hessian(f)(x) as NDArray, [9, 9]);
    for (const k of [0, 4, 8]) {
      const e = np.reshape(np.array([...Array(9).keys()].map((i) => (i === k ? 1 : 0))), [3, 3]);
      const fdRow = np.reshape(fd((y) => grad(f)(y), x, e, 1e-5), [9]);
      expect(np.max(np.abs(np.subtract(np.take(H, k, 0), fdRow))).toNumber()).toBeLessThan(1e-8); // h² ‖f''''‖ + ε/h: ~1e-10
    }
    const fns: Fn[] = [(y) => lax.linalg.eigh(np.add(y, np.transpose(y)))[1], (y) => lax.linalg.svd(y, { computeUv: false }), (y) => lax.linalg.qr(y)[0], (y) => lax.linalg.lu(y)[0]];
    for (const g of fns) expect(np.max(np.abs(np.subtract(jacfwd(g)(x) as NDArray, jacrev(g)(x) as NDArray))).toNumber()).toBeLessThan(1e-13);
    const H2 = np.reshape(hessian((y: NDArray) => np.sum(lax.linalg.svd(y, { computeUv: false })))(x) as NDArray, [9, 9]);
    expect(np.max(np.abs(np.subtract(H2, np.transpose(H2)))).toNumber()).toBeLessThan(1e-13);
  });
  it("JAX's unimplemented cases are errors naming the shape: QR with m < n, fullMatrices non-square QR and SVD", () => {
    expect(() => grad((x: NDArray) => np.sum(lax.linalg.qr(x, { fullMatrices: false })[1]))(m(randMat(2, 3, 1)))).toThrow(GradError);
    expect(() => grad((x: NDArray) => np.sum(lax.linalg.qr(x)[0]))(m(randMat(3, 2, 1)))).toThrow(/qr: differentiation needs m >= n.*shape \(3, 2\) with fullMatrices true/);
    expect(() => grad((x: NDArray) => np.sum(lax.linalg.svd(x)[0]))(m(randMat(3, 2, 1)))).toThrow(/svd: differentiation with fullMatrices.*shape \(3, 2\)/);
  });
});
