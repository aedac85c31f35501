/**
 * `lax.linalg`: the factorizations as JAX's jax.lax.linalg has them, over the trailing two axes
 * (leading axes are a batch), float32 or float64. Multi-part results are tuples in JAX's order.
 * @example const [q, r] = lax.linalg.qr(np.array([[3, 1], [4, 2]]), { fullMatrices: false });
 * @module
 */
import { asArray, type ArrayLike } from '../array/create';
import { bind, type NDArray } from '../array/ndarray';
import { matrices } from '../array/primitives/linalg';
import { bindMulti } from '../transforms/control/program';
import { sym } from './linalg-ops';

/** The float operand (int and bool inputs become float64, as JAX's promotion to the default float), checked as the primitive would. */
function floating(x: ArrayLike, prim: string, square = false, arg = 'a'): NDArray {
  const a0 = asArray(x);
  const a = a0.dtype === 'float32' || a0.dtype === 'float64' ? a0 : bind('convert', [a0], { dtype: 'float64' });
  matrices(prim, arg, a, square);
  return a;
}

/**
 * The lower Cholesky factor L (L Lᵀ = x) of each symmetric positive-definite matrix; NaN throughout
 * when it is not positive definite. `symmetrizeInput` (default true) factors (x + xᵀ)/2, otherwise
 * only the lower triangle is read.
 * @example lax.linalg.cholesky(np.array([[4, 2], [2, 5]])).toArray() // [[2, 0], [1, 2]]
 */
export function cholesky(x: ArrayLike, opts: { symmetrizeInput?: boolean } = {}): NDArray {
  const a = floating(x, 'cholesky', true);
  return bind('cholesky', [opts.symmetrizeInput === false ? a : sym(a)]);
}

export interface TriangularSolveOptions {
  /** Solve op(a) x = b (true), or x op(a) = b (false, the default as in JAX). */
  leftSide?: boolean;
  /** Read a's lower triangle (true) or its upper one (false, the default). */
  lower?: boolean;
  /** op(a) = aᵀ (default false). */
  transposeA?: boolean;
  /** Take a's diagonal as ones, unread (default false). */
  unitDiagonal?: boolean;
}

/**
 * Solves a triangular system: x with op(a) x = b (`leftSide`) or x op(a) = b, for a [..., n, n] and
 * b [..., n, k] (left) or [..., k, n] (right) with the same leading axes. A zero on a's diagonal
 * gives inf/NaN, as LAPACK's trsm.
 * @example lax.linalg.triangularSolve(np.array([[2, 0], [1, 1]]), np.array([[2], [3]]), { leftSide: true, lower: true }).toArray() // [[1], [2]]
 */
export function triangularSolve(a: ArrayLike, b: ArrayLike, opts: TriangularSolveOptions = {}): NDArray {
  const { leftSide = false, lower = false, transposeA = false, unitDiagonal = false } = opts;
  return bind('triangular_solve', [floating(a, 'triangular_solve', true), floating(b, 'triangular_solve', false, 'b')], { leftSide, lower, transposeA, unitDiagonal });
}

/**
 * LU with partial pivoting: `[lu, pivots, permutation]` where lu packs L (unit lower, below the
 * diagonal) and U, pivots[i] is the row swapped with row i, and x[permutation] = L U. Any m x n.
 * @example const [lu, pivots, perm] = lax.linalg.lu(np.array([[1, 2], [3, 4]])); perm.toArray() // [1, 0]
 */
export function lu(x: ArrayLike): [lu: NDArray, pivots: NDArray, permutation: NDArray] {
  const [l, p, q] = bindMulti('lu', [floating(x, 'lu')], {});
  return [l!, p!, q!];
}

/**
 * QR by Householder reflections: `[q, r]` with q orthonormal columns and r upper triangular;
 * `fullMatrices` (default true, as JAX) gives q m x m and r m x n, otherwise m x k and k x n.
 * @example const [q, r] = lax.linalg.qr(np.eye(3), { fullMatrices: false });
 */
export function qr(x: ArrayLike, opts: { fullMatrices?: boolean } = {}): [q: NDArray, r: NDArray] {
  const [q, r] = bindMulti('qr', [floating(x, 'qr')], { fullMatrices: opts.fullMatrices ?? true });
  return [q!, r!];
}

/**
 * Eigendecomposition of symmetric matrices: `[v, w]` with eigenvalues w ascending and the
 * eigenvectors the columns of v. `symmetrizeInput` (default true) decomposes (x + xᵀ)/2; otherwise
 * the `lower` (default) or upper triangle is read.
 * @example const [v, w] = lax.linalg.eigh(np.array([[2, 1], [1, 2]])); w.toArray() // [1, 3]
 */
export function eigh(x: ArrayLike, opts: { lower?: boolean; symmetrizeInput?: boolean } = {}): [v: NDArray, w: NDArray] {
  const a = floating(x, 'eigh', true);
  const [v, w] = bindMulti('eigh', [opts.symmetrizeInput === false ? a : sym(a)], { lower: opts.lower ?? true });
  return [v!, w!];
}

export interface SvdOptions {
  /** U m x m and Vh n x n (default true, as JAX), or m x k and k x n. */
  fullMatrices?: boolean;
  /** Return [u, s, vh] (default) or only s. */
  computeUv?: boolean;
}

/**
 * Singular value decomposition x = u diag(s) vh, singular values descending.
 * @example lax.linalg.svd(np.array([[3, 0], [0, 4]]), { computeUv: false }).toArray() // [4, 3]
 */
export function svd(x: ArrayLike, opts: SvdOptions & { computeUv: false }): NDArray;
export function svd(x: ArrayLike, opts?: SvdOptions & { computeUv?: true }): [u: NDArray, s: NDArray, vh: NDArray];
export function svd(x: ArrayLike, opts: SvdOptions = {}): NDArray | [NDArray, NDArray, NDArray] {
  const computeUv = opts.computeUv ?? true;
  const outs = bindMulti('svd', [floating(x, 'svd')], { fullMatrices: opts.fullMatrices ?? true, computeUv });
  return computeUv ? [outs[1]!, outs[0]!, outs[2]!] : outs[0]!;
}

