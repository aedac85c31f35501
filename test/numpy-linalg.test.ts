/**
 * np.linalg against mathjs (lusolve, inv, det, eigs) and known answers; the named results
 * (fields, tuple destructuring, pytrees through vmap and jit); JAX's inf/NaN on singular input;
 * misuse errors. Tolerances: a solve of condition κ is accurate to a relative 2 κ n ε (normwise,
 * Higham Thm 9.4 with the growth factor ≤ 2 for these diagonally dominant matrices); derived
 * quantities (det via the LU diagonal, norms via the SVD) within the same c n ε as their factorization.
 */
import * as math from 'mathjs';
import { describe, expect, it } from 'vitest';
import { grad, jit, lax, np, tree, vmap, type NDArray } from '../lib';
import { SlogdetResult } from '../lib/numpy/linalg-results';
import { EPS, froH, matmulH, randMat, sameBits, symMat, toMat, within, type Mat } from './linalg-reference';

/** Diagonally dominant: κ small, no pivoting surprises. */
const wellConditioned = (n: number, seed: number): Mat => randMat(n, n, seed).map((row, i) => row.map((v, j) => (i === j ? v + n : v)));
const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol);

describe('solve, inv, det, slogdet', () => {
  const A = wellConditioned(6, 1), b = randMat(6, 1, 2).map((r) => r[0]!), B = randMat(6, 3, 3);
  const kappa = (math.norm(A, 'fro') as number) * (math.norm(math.inv(A), 'fro') as number);
  const tol = (x: Mat) => 2 * kappa * 6 * EPS.float64 * froH(x);
  it('solve a vector and a matrix right-hand side agree with mathjs lusolve within 2 κ n ε', () => {
    const x = np.linalg.solve(np.array(A), np.array(b));
    expect(x.shape).toEqual([6]);
    const ref = (math.lusolve(A, b) as Mat).map((r) => r[0]!);
    expect(within([x.toArray() as number[]], [ref], tol([ref]))).toBeNull();
    const X = toMat(np.linalg.solve(np.array(A), np.array(B)));
    const refB = [0, 1, 2].map((j) => (math.lusolve(A, B.map((r) => r[j]!)) as Mat).map((r) => r[0]!)); // mathjs solves one column at a time
    const XT = X[0]!.map((_, j) => X.map((r) => r[j]!));
    expect(within(XT, refB, tol(refB))).toBeNull();
  });
  it('leading axes broadcast: a [2, 1, n, n] with b [3, n, k] gives [2, 3, n, k], each the single solve bit for bit', () => {
    const as = [wellConditioned(3, 4), wellConditioned(3, 5)], bs = [0, 1, 2].map((s) => randMat(3, 2, 6 + s));
    const x = np.linalg.solve(np.reshape(np.array(as), [2, 1, 3, 3]), np.array(bs));
    expect(x.shape).toEqual([2, 3, 3, 2]);
    as.forEach((a, i) => bs.forEach((bb, j) => expect(sameBits(np.reshape(np.take(np.take(x, [i], 0), [j], 1), [3, 2]), np.linalg.solve(np.array(a), np.array(bb)))).toBe(true)));
  });
  it('a singular matrix gives inf/NaN (LAPACK, as JAX), no throw', () => {
    expect(np.linalg.solve(np.array([[1, 2], [2, 4]]), np.array([1, 1])).toArray()).toEqual([-Infinity, Infinity]);
    expect((np.linalg.inv(np.array([[0, 0], [0, 0]])).toArray() as number[][]).flat().every((v) => !Number.isFinite(v))).toBe(true);
  });
  it('inv agrees with mathjs; A inv(A) = I', () => {
    const ref = math.inv(A) as Mat;
    const got = toMat(np.linalg.inv(np.array(A)));
    expect(within(got, ref, tol(ref))).toBeNull();
    expect(within(matmulH(A, got), math.identity(6).valueOf() as Mat, 2 * kappa * 6 * EPS.float64)).toBeNull();
  });
  it('det: known answers exactly (products of small integers), mathjs on random matrices, 1 for 0 x 0, batched', () => {
    expect(np.linalg.det(np.array([[1, 2], [3, 4]])).toNumber()).toBe(-2);
    expect(np.linalg.det(np.array([[2, 0, 0], [0, 3, 0], [0, 0, 4]])).toNumber()).toBe(24);
    expect(np.linalg.det(np.array([[1, 2], [2, 4]])).toNumber()).toBe(0);
    expect(np.linalg.det(np.zeros([0, 0])).toNumber()).toBe(1);
    const ref = math.det(A);
    close(np.linalg.det(np.array(A)).toNumber(), ref, 8 * 6 * EPS.float64 * Math.abs(ref));
    expect(np.linalg.det(np.array([[[1, 2], [3, 4]], [[0, 1], [1, 0]]])).toArray()).toEqual([-2, -1]);
  });
  it('slogdet: a named result that destructures as [sign, logabsdet]; sign · exp(logabsdet) = det; singular: 0, -Infinity', () => {
    const r = np.linalg.slogdet(np.array([[1, 2], [3, 4]]));
    const [sign, logabsdet] = r;
    expect([sign.toNumber(), logabsdet.toNumber()]).toEqual([-1, Math.log(2)]);
    expect(r.sign).toBe(sign);
    expect(r.logabsdet).toBe(logabsdet);
    expect(Object.keys(r)).toEqual(['sign', 'logabsdet']);
    const s = np.linalg.slogdet(np.array([[1, 2], [2, 4]]));
    expect([s.sign.toNumber(), s.logabsdet.toNumber()]).toEqual([0, -Infinity]);
    const big = np.linalg.slogdet(np.multiply(np.eye(400), 10)); // det overflows, its log does not
    close(big.logabsdet.toNumber(), 400 * Math.log(10), 1e-10);
  });
  it('results are pytrees: vmap and jit return the named class; tree.leaves lists the fields in order', () => {
    const f = (x: NDArray) => np.linalg.slogdet(x);
    const xs = np.array([wellConditioned(3, 1), wellConditioned(3, 2)]);
    const v = vmap(f)(xs);
    expect(v).toBeInstanceOf(SlogdetResult);
    expect(sameBits(v.logabsdet, np.stack([f(np.array(wellConditioned(3, 1))).logabsdet, f(np.array(wellConditioned(3, 2))).logabsdet]))).toBe(true);
    expect(jit(f)(np.array(A))).toBeInstanceOf(SlogdetResult);
    const e = np.linalg.eigh(np.array(symMat(3, 1)));
    expect(tree.leaves(e)).toEqual([e.eigenvalues, e.eigenvectors]);
  });
  it('grad of logabsdet is inv(A)ᵀ (through the LU rules)', () => {
    const g = toMat(grad((x: NDArray) => np.linalg.slogdet(x).logabsdet)(np.array(A)));
    const want = math.transpose(math.inv(A)) as Mat;
    expect(within(g, want, tol(want))).toBeNull();
  });
});

describe('factorizations and their named results', () => {
  it('cholesky lower and upper', () => {
    expect(np.linalg.cholesky(np.array([[4, 2], [2, 5]])).toArray()).toEqual([[2, 0], [1, 2]]);
    expect(np.linalg.cholesky(np.array([[4, 2], [2, 5]]), true).toArray()).toEqual([[2, 1], [0, 2]]);
  });
  it("qr: 'reduced' (default), 'complete' and 'r'", () => {
    const a = np.array(randMat(5, 3, 1));
    const { Q, R } = np.linalg.qr(a);
    expect([Q.shape, R.shape]).toEqual([[5, 3], [3, 3]]);
    const [Qc, Rc] = np.linalg.qr(a, 'complete');
    expect([Qc.shape, Rc.shape]).toEqual([[5, 5], [5, 3]]);
    expect(sameBits(np.linalg.qr(a, 'r'), R)).toBe(true);
  });
  it('eigh: { eigenvalues, eigenvectors } = [eigenvalues, eigenvectors]; eigvalsh; UPLO picks the triangle without symmetrizing', () => {
    const A = symMat(5, 2);
    const { eigenvalues, eigenvectors } = np.linalg.eigh(np.array(A));
    const [w, v] = np.linalg.eigh(np.array(A));
    expect(sameBits(w, eigenvalues) && sameBits(v, eigenvectors)).toBe(true);
    const ref = [...(math.eigs(A) as unknown as { values: number[] }).values].sort((a, b) => a - b);
    expect(within([np.linalg.eigvalsh(np.array(A)).toArray() as number[]], [ref], 4 * 5 * EPS.float64 * froH(A))).toBeNull();
    expect(np.linalg.eigh(np.array([[2, NaN], [1, 2]]), 'L', false).eigenvalues.toArray()).toEqual([1, 3]);
    expect(np.linalg.eigh(np.array([[2, 1], [NaN, 2]]), 'U', false).eigenvalues.toArray()).toEqual([1, 3]);
  });
  it('svd: full matrices by default, [U, S, Vh] in order; computeUv false and svdvals give S', () => {
    const a = np.array(randMat(4, 2, 3));
    const { U, S, Vh } = np.linalg.svd(a);
    expect([U.shape, S.shape, Vh.shape]).toEqual([[4, 4], [2], [2, 2]]);
    const [u] = np.linalg.svd(a, false);
    expect(u.shape).toEqual([4, 2]);
    expect(sameBits(np.linalg.svd(a, false, false), S) && sameBits(np.linalg.svdvals(a), S)).toBe(true);
  });
});

describe('lstsq, pinv, matrixPower, matrixRank, cond, multiDot', () => {
  it('lstsq: the line through (0, 1), (1, 2), (2, 4) is y = 5/6 + 3/2 x; residual 1/6; rank 2', () => {
    const { x, residuals, rank, s } = np.linalg.lstsq(np.array([[1, 0], [1, 1], [1, 2]]), np.array([1, 2, 4]));
    const [x0, x1] = x.toArray() as number[];
    close(x0!, 5 / 6, 16 * EPS.float64);
    close(x1!, 3 / 2, 16 * EPS.float64);
    close(residuals.toNumber(), 1 / 6, 16 * EPS.float64);
    expect(rank.toNumber()).toBe(2);
    expect(s.shape).toEqual([2]);
    const [xx] = np.linalg.lstsq(np.array([[1, 0], [1, 1], [1, 2]]), np.array([[1], [2], [4]]));
    expect(xx.shape).toEqual([2, 1]);
  });
  it('lstsq of a rank-deficient system: the minimum-norm solution, rank 1', () => {
    const r = np.linalg.lstsq(np.array([[1, 1], [1, 1]]), np.array([2, 2]));
    expect(r.rank.toNumber()).toBe(1);
    expect(within([r.x.toArray() as number[]], [[1, 1]], 8 * EPS.float64)).toBeNull();
  });
  it('pinv: inv for an invertible matrix, the Moore–Penrose identities for a tall one, zeros dropped', () => {
    const A = wellConditioned(4, 7);
    expect(within(toMat(np.linalg.pinv(np.array(A))), math.inv(A) as Mat, 1e-13)).toBeNull();
    const T = randMat(5, 3, 8), P = toMat(np.linalg.pinv(np.array(T)));
    expect(within(matmulH(matmulH(T, P), T), T, 64 * EPS.float64 * froH(T))).toBeNull();
    expect(np.linalg.pinv(np.array([[1, 0], [0, 0]])).toArray()).toEqual([[1, 0], [0, 0]]);
    expect(np.linalg.pinv(np.zeros([0, 3])).shape).toEqual([3, 0]);
  });
  it('matrixPower: repeated squaring (exact on integers), negative powers through inv, the identity for 0', () => {
    expect(np.linalg.matrixPower(np.array([[1, 1], [1, 0]], 'int32'), 10).toArray()).toEqual([[89, 55], [55, 34]]);
    expect(np.linalg.matrixPower(np.array([[2, 0], [0, 4]]), -2).toArray()).toEqual([[0.25, 0], [0, 0.0625]]);
    expect(np.linalg.matrixPower(np.zeros([2, 3, 3]), 0).toArray()).toEqual([np.eye(3).toArray(), np.eye(3).toArray()]);
  });
  it('matrixRank and cond', () => {
    expect(np.linalg.matrixRank(np.array([[1, 2], [2, 4]])).toNumber()).toBe(1);
    expect(np.linalg.matrixRank(np.eye(4)).toNumber()).toBe(4);
    expect(np.linalg.matrixRank(np.array([0, 0, 1])).toNumber()).toBe(1);
    expect(np.linalg.cond(np.array([[1, 0], [0, 2]])).toNumber()).toBe(2);
    expect(np.linalg.cond(np.array([[1, 0], [0, 2]]), -2).toNumber()).toBe(0.5);
    expect(np.linalg.cond(np.array([[1, 0], [0, 2]]), Infinity).toNumber()).toBe(2);
    expect(np.linalg.cond(np.array([[1, 0], [0, 0]]), 1).toNumber()).toBe(Infinity); // NaN from the singular inverse becomes inf
  });
  it('multiDot: the chain product in the cheapest order; 1-d ends are vectors', () => {
    const as = [[2, 30], [30, 1], [1, 40], [40, 3]].map(([r, c], i) => np.array(randMat(r!, c!, i), 'float64'));
    const ref = as.slice(1).reduce((acc, x) => np.matmul(acc, x), as[0]!);
    expect(within(toMat(np.linalg.multiDot(as)), toMat(ref), 1e-13)).toBeNull();
    expect(np.linalg.multiDot([np.ones([3]), np.ones([3, 4]), np.ones([4])]).toArray()).toBe(12);
    expect(np.linalg.multiDot([np.ones([2, 3]), np.ones([3, 4]), np.ones([4])]).toArray()).toEqual([12, 12]);
  });
});

describe('norm, trace, diagonal', () => {
  const a = np.array([[1, -2], [3, 4]]);
  // AᵀA = [[10, 10], [10, 20]]: σ² = 15 ± √125
  const [s1, s2] = [Math.sqrt(15 + Math.sqrt(125)), Math.sqrt(15 - Math.sqrt(125))];
  const cases: [Parameters<typeof np.linalg.norm>[1], number][] = [[null, Math.sqrt(30)], ['fro', Math.sqrt(30)], ['nuc', s1 + s2], [1, 6], [-1, 4], [Infinity, 7], [-Infinity, 3], [2, s1], [-2, s2]];
  for (const [ord, want] of cases) it(`matrix ord ${String(ord)}`, () => close(np.linalg.norm(a, ord).toNumber(), want, 4 * EPS.float64 * want));
  it('an axis pair of a 3-d array, keepdims; a single axis is a vector norm; matrixNorm', () => {
    const x = np.reshape(np.arange(24), [2, 3, 4]);
    const n1 = np.linalg.norm(x, 1, [0, 2], { keepdims: true });
    expect(n1.shape).toEqual([1, 3, 1]);
    const col = (j: number) => np.max(np.sum(np.abs(np.take(x, [j], 1)), 0)).toNumber();
    expect((n1.toArray() as number[][][]).flat(2)).toEqual([0, 1, 2].map(col));
    expect(sameBits(np.linalg.norm(x, 2, [1, 2]), np.linalg.matrixNorm(x, 2))).toBe(true);
    expect(np.linalg.norm(np.array([3, 4])).toNumber()).toBe(5);
    expect(np.linalg.norm(np.array([[3, 4]]), 1, 1).toArray()).toEqual([7]);
  });
  it('trace and diagonal are over the last two axes, with an offset', () => {
    const x = np.reshape(np.arange(18), [2, 3, 3]);
    expect(np.linalg.trace(x).toArray()).toEqual([12, 39]);
    expect(np.linalg.trace(x, 1).toArray()).toEqual([6, 24]);
    expect(np.linalg.diagonal(x, -1).toArray()).toEqual([[3, 7], [12, 16]]);
    expect(np.linalg.matrixTranspose(x).shape).toEqual([2, 3, 3]);
  });
});

describe('README: Linear algebra', () => {
  it('runs as written and gives what its comments say', () => {
    const a = np.array([[4, 2], [2, 5]]);
    const { sign, logabsdet } = np.linalg.slogdet(a);
    expect([sign.toNumber(), logabsdet.toNumber()]).toEqual([1, Math.log(16)]);
    const [U, S, Vh] = np.linalg.svd(a, false);
    expect(within(toMat(np.matmul(np.multiply(U, S), Vh)), [[4, 2], [2, 5]], 8 * EPS.float64 * 7)).toBeNull();
    const xs = vmap(np.linalg.solve)(np.stack([a, np.eye(2)]), np.ones([2, 2]));
    expect(sameBits(xs, np.stack([np.linalg.solve(a, np.ones([2])), np.linalg.solve(np.eye(2), np.ones([2]))]))).toBe(true);
    const y = np.array([[1], [2]]);
    const quad = (k: NDArray) => np.sum(np.square(lax.linalg.triangularSolve(lax.linalg.cholesky(k), y, { leftSide: true, lower: true })));
    const ay = math.lusolve([[4, 2], [2, 5]], [1, 2]) as Mat; // a⁻¹ y
    const want = ay.map((r) => ay.map((c) => -r[0]! * c[0]!));
    expect(within(toMat(grad(quad)(a)), want, 64 * EPS.float64)).toBeNull();
  });
});

describe('misuse errors name np.linalg, the argument and the shapes', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['solve with a non-square a', () => np.linalg.solve(np.zeros([2, 3]), np.zeros([2])), /np\.linalg\.solve: a must be a batch of square matrices \[\.\.\., n, n\], got shape \(2, 3\)/],
    ['solve with a mismatched b', () => np.linalg.solve(np.eye(3), np.zeros([2])), /np\.linalg\.solve: b must be \[3\] or \[\.\.\., 3, k\] to match a of shape \(3, 3\), got shape \(2,\)/],
    ['solve with batches that do not broadcast', () => np.linalg.solve(np.zeros([2, 3, 3]), np.zeros([4, 3, 1])), /batch dimensions of a \(2, 3, 3\) and b \(4, 3, 1\) do not broadcast/],
    ['inv of a vector', () => np.linalg.inv(np.zeros([3])), /np\.linalg\.inv: a must have at least 2 dimensions/],
    ['det of a non-square matrix', () => np.linalg.det(np.zeros([3, 2])), /np\.linalg\.det: a must be a batch of square matrices/],
    ['lstsq with a batch', () => np.linalg.lstsq(np.zeros([2, 3, 3]), np.zeros([3])), /np\.linalg\.lstsq: a must be 2-d \[m, n\], got shape \(2, 3, 3\)/],
    ['matrixPower with a fraction', () => np.linalg.matrixPower(np.eye(2), 0.5), /np\.linalg\.matrixPower: n must be an integer, got 0\.5/],
    ['qr with an unknown mode', () => np.linalg.qr(np.eye(2), 'full' as never), /np\.linalg\.qr: mode must be 'reduced', 'complete' or 'r', got full/],
    ['cond with p = 1 of a non-square matrix', () => np.linalg.cond(np.zeros([2, 3]), 1), /np\.linalg\.cond: x must be square for p = 1, got shape \(2, 3\)/],
    ['matrixNorm with an order that has no matrix norm', () => np.linalg.matrixNorm(np.eye(2), 3), /invalid matrix norm order 3/],
    ['multiDot with a misfit', () => np.linalg.multiDot([np.ones([2, 3]), np.ones([4, 2])]), /array 1 of shape \(4, 2\) does not follow shape \(2, 3\)/],
    ['eigh of a non-square matrix', () => np.linalg.eigh(np.zeros([2, 3])), /np\.linalg\.eigh: a must be a batch of square matrices/],
  ];
  for (const [name, run, msg] of cases) it(name, () => expect(run).toThrow(msg));
});
