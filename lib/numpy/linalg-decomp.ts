/**
 * np.linalg's solves and decompositions, as jax.numpy.linalg has them: compositions of the
 * lax.linalg primitives (lu, triangular_solve, cholesky, qr, eigh, svd) over the trailing two axes,
 * leading axes a batch. Derivatives come from the primitives' rules.
 */
import type { ArrayLike } from '../array/create';
import type { DType } from '../array/dtype';
import { bind, constant, type NDArray } from '../array/ndarray';
import { broadcastShapes, fmtShape, ShapeError } from '../array/shape';
import * as lax from '../lax/linalg';
import { diagonal, eye, mm, mT, permuteRows, triSolve } from '../lax/linalg-ops';
import { EighResult, LstsqResult, QRResult, SlogdetResult, SVDResult } from './linalg-results';
import { abs, add, divide, equal, greater, isnan, log, multiply, notEqual, sign, square, subtract, where } from './math';
import { expandDims, reshape } from './manip';
import { any, prod, sum } from './reductions';
import { broadcastTo, cast, promote } from './util';
import { matrixNorm } from './linalg-norm';

const EPS: Record<string, number> = { float32: 2 ** -23, float64: 2 ** -52 };

/** The largest singular value of each batch (-Infinity for none). */
const largest = (s: NDArray): NDArray => bind('reduce_max', [s], { axes: [s.ndim - 1] });

/** x as a float batch of matrices [..., m, n] (square if asked), or an error naming the function and argument. */
export function matrixArg(api: string, arg: string, x: NDArray, square: boolean): { m: number; n: number; batch: number[] } {
  if (x.ndim < 2) throw new ShapeError(`np.linalg.${api}: ${arg} must have at least 2 dimensions [..., m, n], got shape ${fmtShape(x.shape)}`);
  const m = x.shape[x.ndim - 2]!, n = x.shape[x.ndim - 1]!;
  if (square && m !== n) throw new ShapeError(`np.linalg.${api}: ${arg} must be a batch of square matrices [..., n, n], got shape ${fmtShape(x.shape)}`);
  return { m, n, batch: x.shape.slice(0, -2) };
}

/** Operands promoted together to a float dtype (ints and bools to float64). */
function floats(...xs: ArrayLike[]): NDArray[] {
  const ps = promote(...xs);
  const dt: DType = ps[0]!.dtype === 'float32' ? 'float32' : 'float64';
  return ps.map((p) => cast(p, dt));
}

/** x with op(lu) = P A solved: P b, then the unit-lower and upper triangular solves. */
function luSolve(a: NDArray, b: NDArray): NDArray {
  const [lu, , perm] = lax.lu(a);
  const y = triSolve(lu, permuteRows(b, perm), { leftSide: true, lower: true, unitDiagonal: true });
  return triSolve(lu, y, { leftSide: true, lower: false });
}

/**
 * Solves a x = b by LU with partial pivoting: a [..., n, n]; b [..., n, k], or [n] (a vector, as
 * numpy 2 and JAX); leading axes broadcast. A singular a gives inf/NaN, as LAPACK.
 * @example np.linalg.solve(np.array([[2, 1], [1, 3]]), np.array([3, 5])).toArray() // [0.8, 1.4]
 */
export function solve(a: ArrayLike, b: ArrayLike): NDArray {
  const [A, B] = floats(a, b);
  const { n, batch: ab } = matrixArg('solve', 'a', A!, true);
  const vec = B!.ndim === 1;
  if (B!.ndim === 0 || B!.shape[vec ? 0 : B!.ndim - 2] !== n)
    throw new ShapeError(`np.linalg.solve: b must be [${n}] or [..., ${n}, k] to match a of shape ${fmtShape(A!.shape)}, got shape ${fmtShape(B!.shape)}`);
  const Bm = vec ? reshape(B!, [n, 1]) : B!;
  let batch: number[];
  try {
    batch = broadcastShapes(ab, Bm.shape.slice(0, -2));
  } catch {
    throw new ShapeError(`np.linalg.solve: the batch dimensions of a ${fmtShape(A!.shape)} and b ${fmtShape(B!.shape)} do not broadcast`);
  }
  const x = luSolve(broadcastTo(A!, [...batch, n, n]), broadcastTo(Bm, [...batch, ...Bm.shape.slice(-2)]));
  return vec ? reshape(x, [...batch, n]) : x;
}

/**
 * The inverse of each square matrix (a solve against the identity); a singular matrix gives inf/NaN.
 * @example np.linalg.inv(np.array([[2, 0], [0, 4]])).toArray() // [[0.5, 0], [0, 0.25]]
 */
export function inv(a: ArrayLike): NDArray {
  const [A] = floats(a);
  const { n, batch } = matrixArg('inv', 'a', A!, true);
  return luSolve(A!, eye(n, A!.dtype, batch));
}

/** The LU diagonal and the permutation's parity (+1 or -1) of each matrix. */
function luDiagSign(api: string, a: ArrayLike): { d: NDArray; parity: NDArray } {
  const [A] = floats(a);
  const { n } = matrixArg(api, 'a', A!, true);
  const [lu, pivots] = lax.lu(A!);
  const swaps = sum(cast(notEqual(pivots, bind('iota', [], { dtype: 'int32', shape: pivots.shape, dimension: pivots.ndim - 1 })), 'int32'), -1);
  const odd = equal(bind('rem', [swaps, constant(2, 'int32', swaps.shape)]), constant(1, 'int32', swaps.shape));
  const parity = where(odd, constant(-1, A!.dtype, swaps.shape), constant(1, A!.dtype, swaps.shape));
  return { d: n === 0 ? constant(1, A!.dtype, [...A!.shape.slice(0, -2), 0]) : diagonal(lu), parity };
}

/**
 * The determinant of each square matrix: the permutation's sign times the product of U's diagonal.
 * @example np.linalg.det(np.array([[1, 2], [3, 4]])).item() // -2
 */
export function det(a: ArrayLike): NDArray {
  const { d, parity } = luDiagSign('det', a);
  return add(multiply(parity, prod(d, -1)), 0); // + 0: a singular matrix's -0 becomes 0, as JAX's sign * exp(logdet)
}

/**
 * Sign and log|det| of each square matrix (a singular one: sign 0, logabsdet -Infinity).
 * @example const { sign, logabsdet } = np.linalg.slogdet(np.array([[1, 2], [3, 4]])); // -1, log 2
 */
export function slogdet(a: ArrayLike): SlogdetResult {
  const { d, parity } = luDiagSign('slogdet', a);
  return new SlogdetResult(add(multiply(parity, prod(sign(d), -1)), 0), sum(log(abs(d)), -1)); // sign 0, not -0, when singular (JAX)
}

/**
 * The Cholesky factor of each symmetric positive-definite matrix: lower (a = L Lᵀ), or upper
 * (a = Uᵀ U). NaN throughout for a matrix that is not positive definite, as JAX.
 * @example np.linalg.cholesky(np.array([[4, 2], [2, 5]])).toArray() // [[2, 0], [1, 2]]
 */
export function cholesky(a: ArrayLike, upper = false): NDArray {
  const [A] = floats(a);
  matrixArg('cholesky', 'a', A!, true);
  const L = lax.cholesky(A!);
  return upper ? mT(L) : L;
}

/**
 * QR decomposition: 'reduced' (default: Q m x k, R k x n), 'complete' (Q m x m, R m x n) or 'r'
 * (R alone).
 * @example const { Q, R } = np.linalg.qr(np.array([[3, 1], [4, 2]]));
 */
export function qr(a: ArrayLike, mode?: 'reduced' | 'complete'): QRResult;
export function qr(a: ArrayLike, mode: 'r'): NDArray;
export function qr(a: ArrayLike, mode: 'reduced' | 'complete' | 'r' = 'reduced'): QRResult | NDArray {
  if (!['reduced', 'complete', 'r'].includes(mode)) throw new TypeError(`np.linalg.qr: mode must be 'reduced', 'complete' or 'r', got ${String(mode)}`);
  const [A] = floats(a);
  matrixArg('qr', 'a', A!, false);
  const [q, r] = lax.qr(A!, { fullMatrices: mode === 'complete' });
  return mode === 'r' ? r : new QRResult(q, r);
}

/**
 * Eigenvalues (ascending) and eigenvectors (columns) of symmetric matrices; `UPLO` says which
 * triangle is read when `symmetrizeInput` is false (by default the input is symmetrized, as JAX).
 * @example np.linalg.eigh(np.array([[2, 1], [1, 2]])).eigenvalues.toArray() // [1, 3]
 */
export function eigh(a: ArrayLike, UPLO: 'L' | 'U' = 'L', symmetrizeInput = true): EighResult {
  const [A] = floats(a);
  matrixArg('eigh', 'a', A!, true);
  const [v, w] = lax.eigh(A!, { lower: UPLO !== 'U', symmetrizeInput });
  return new EighResult(w, v);
}

/**
 * The eigenvalues of symmetric matrices, ascending.
 * @example np.linalg.eigvalsh(np.array([[2, 1], [1, 2]])).toArray() // [1, 3]
 */
export const eigvalsh = (a: ArrayLike, UPLO: 'L' | 'U' = 'L'): NDArray => eigh(a, UPLO).eigenvalues;

/**
 * Singular value decomposition a = U diag(S) Vh, S descending; `fullMatrices` (default true) makes
 * U and Vh square; with `computeUv` false only S.
 * @example np.linalg.svd(np.array([[3, 0], [0, 4]]), false, false).toArray() // [4, 3]
 */
export function svd(a: ArrayLike, fullMatrices?: boolean, computeUv?: true): SVDResult;
export function svd(a: ArrayLike, fullMatrices: boolean, computeUv: false): NDArray;
export function svd(a: ArrayLike, fullMatrices = true, computeUv = true): SVDResult | NDArray {
  const [A] = floats(a);
  matrixArg('svd', 'a', A!, false);
  if (!computeUv) return lax.svd(A!, { computeUv: false });
  const [u, s, vh] = lax.svd(A!, { fullMatrices });
  return new SVDResult(u, s, vh);
}

/**
 * The singular values, descending.
 * @example np.linalg.svdvals(np.array([[3, 0], [0, 4]])).toArray() // [4, 3]
 */
export const svdvals = (a: ArrayLike): NDArray => svd(a, false, false);

/**
 * Least squares: x minimising |a x - b|₂ for a [m, n] and b [m] or [m, k], by the SVD with singular
 * values below rcond * s_max dropped (default eps * max(m, n), as JAX); residuals are the squared
 * column norms of b - a x, rank the number of kept values.
 * @example np.linalg.lstsq(np.array([[1, 0], [1, 1], [1, 2]]), np.array([1, 2, 4])).x
 */
export function lstsq(a: ArrayLike, b: ArrayLike, rcond?: number): LstsqResult {
  const [A, B] = floats(a, b);
  if (A!.ndim !== 2) throw new ShapeError(`np.linalg.lstsq: a must be 2-d [m, n], got shape ${fmtShape(A!.shape)}`);
  const [m, n] = A!.shape as [number, number];
  if (!(B!.ndim === 1 || B!.ndim === 2) || B!.shape[0] !== m) throw new ShapeError(`np.linalg.lstsq: b must be [${m}] or [${m}, k] for a of shape ${fmtShape(A!.shape)}, got shape ${fmtShape(B!.shape)}`);
  const Bm = B!.ndim === 1 ? reshape(B!, [m, 1]) : B!;
  const [u, s, vt] = lax.svd(A!, { fullMatrices: false });
  const cut = multiply(rcond ?? EPS[A!.dtype]! * Math.max(m, n), largest(s));
  const mask = greater(s, cut);
  const safe = where(mask, s, 1);
  const sInv = expandDims(where(mask, divide(1, safe), 0), 1);
  const x = mm(mT(vt), multiply(sInv, mm(mT(u), Bm)));
  const resid = sum(square(subtract(Bm, mm(A!, x))), 0);
  const rank = sum(cast(mask, 'int32'));
  return new LstsqResult(B!.ndim === 1 ? reshape(x, [n]) : x, resid, rank, s);
}

/**
 * The Moore–Penrose pseudo-inverse by the SVD, singular values at or below rtol * s_max dropped
 * (default 10 * max(m, n) * eps, as JAX).
 * @example np.linalg.pinv(np.array([[1, 0], [0, 0]])).toArray() // [[1, 0], [0, 0]]
 */
export function pinv(a: ArrayLike, rtol?: number): NDArray {
  const [A] = floats(a);
  const { m, n, batch } = matrixArg('pinv', 'a', A!, false);
  if (m === 0 || n === 0) return constant(0, A!.dtype, [...batch, n, m]);
  const [u, s, vh] = lax.svd(A!, { fullMatrices: false });
  const cutoff = multiply(rtol ?? 10 * Math.max(m, n) * EPS[A!.dtype]!, expandDims(largest(s), -1));
  const sKept = where(greater(s, cutoff), s, Infinity);
  return mm(mT(vh), divide(mT(u), expandDims(sKept, -1)));
}

/**
 * a raised to the integer power n by repeated squaring (n < 0: of the inverse; n = 0: identity).
 * @example np.linalg.matrixPower(np.array([[1, 1], [0, 1]]), 3).toArray() // [[1, 3], [0, 1]]
 */
export function matrixPower(a: ArrayLike, n: number): NDArray {
  if (!Number.isInteger(n)) throw new TypeError(`np.linalg.matrixPower: n must be an integer, got ${n}`);
  const [p0] = promote(a);
  const { n: size, batch } = matrixArg('matrixPower', 'a', p0!, true);
  if (n === 0) return eye(size, p0!.dtype === 'bool' ? 'int32' : p0!.dtype, batch);
  const x = n < 0 ? inv(p0!) : p0!;
  let z: NDArray | undefined, result: NDArray | undefined;
  for (let k = Math.abs(n); k > 0; k = Math.floor(k / 2)) {
    z = z === undefined ? x : mm(z, z);
    if (k % 2 === 1) result = result === undefined ? z : mm(result, z);
  }
  return result!;
}

/**
 * The number of singular values above rtol * s_max (default rtol max(m, n) * eps); for a vector,
 * whether it has a nonzero entry.
 * @example np.linalg.matrixRank(np.array([[1, 2], [2, 4]])).item() // 1
 */
export function matrixRank(M: ArrayLike, rtol?: number): NDArray {
  const [A] = floats(M);
  if (A!.ndim < 2) return cast(any(notEqual(A!, 0)), 'int32');
  const { m, n } = matrixArg('matrixRank', 'M', A!, false);
  const S = svdvals(A!);
  const tol = multiply(expandDims(largest(S), -1), rtol ?? Math.max(m, n) * EPS[A!.dtype]!);
  return sum(cast(greater(S, tol), 'int32'), -1);
}

/**
 * The condition number in norm p (None/2: s_max / s_min; -2: its inverse; 1, -1, ±Infinity and
 * 'fro': |a| |a⁻¹|). NaN from a singular matrix becomes Infinity, as JAX.
 * @example np.linalg.cond(np.array([[1, 0], [0, 2]])).item() // 2
 */
export function cond(x: ArrayLike, p: number | 'fro' | 'nuc' | null = null): NDArray {
  const [A] = floats(x);
  const { m, n } = matrixArg('cond', 'x', A!, false);
  let r: NDArray;
  if (p === null || p === 2 || p === -2) {
    const s = svdvals(A!), k = Math.min(m, n);
    const first = bind('slice', [s], { start: s.shape.map(() => 0), limit: [...s.shape.slice(0, -1), Math.min(1, k)], strides: s.shape.map(() => 1) });
    const last = bind('slice', [s], { start: [...s.shape.slice(0, -1).map(() => 0), Math.max(k - 1, 0)], limit: s.shape, strides: s.shape.map(() => 1) });
    r = reshape(p === -2 ? divide(last, first) : divide(first, last), s.shape.slice(0, -1));
  } else {
    if (m !== n) throw new ShapeError(`np.linalg.cond: x must be square for p = ${String(p)}, got shape ${fmtShape(A!.shape)}`);
    r = multiply(matrixNorm(A!, p), matrixNorm(inv(A!), p));
  }
  return where(bind('and', [isnan(r), bind('not', [any(isnan(A!), [-2, -1])])]), Infinity, r);
}

/**
 * The product of several matrices, multiplied in the cheapest order (numpy's dynamic program over
 * the chain); a 1-d first (last) argument is a row (column) vector, dropped from the result.
 * @example np.linalg.multiDot([np.ones([2, 3]), np.ones([3, 4]), np.ones([4])]).toArray() // [12, 12]
 */
export function multiDot(arrays: readonly ArrayLike[]): NDArray {
  if (arrays.length < 2) throw new ShapeError(`np.linalg.multiDot: needs at least 2 arrays, got ${arrays.length}`);
  const xs = promote(...arrays);
  const first = xs[0]!, last = xs[xs.length - 1]!;
  const ms = xs.map((x, i) => {
    const r = i === 0 && x.ndim === 1 ? reshape(x, [1, -1]) : i === xs.length - 1 && x.ndim === 1 ? reshape(x, [-1, 1]) : x;
    if (r.ndim !== 2) throw new ShapeError(`np.linalg.multiDot: array ${i} must be 2-d (the first and last may be 1-d), got shape ${fmtShape(x.shape)}`);
    if (i > 0 && r.shape[0] !== xs[i - 1]!.shape[xs[i - 1]!.ndim - 1]) throw new ShapeError(`np.linalg.multiDot: array ${i} of shape ${fmtShape(x.shape)} does not follow shape ${fmtShape(xs[i - 1]!.shape)}`);
    return r;
  });
  const dims = [ms[0]!.shape[0]!, ...ms.map((x) => x.shape[1]!)];
  const N = ms.length, cost: number[][] = [], split: number[][] = [];
  for (let i = 0; i < N; i++) {
    cost.push(Array<number>(N).fill(0));
    split.push(Array<number>(N).fill(0));
  }
  for (let len = 1; len < N; len++)
    for (let i = 0; i + len < N; i++) {
      const j = i + len;
      cost[i]![j] = Infinity;
      for (let k = i; k < j; k++) {
        const c = cost[i]![k]! + cost[k + 1]![j]! + dims[i]! * dims[k + 1]! * dims[j + 1]!;
        if (c < cost[i]![j]!) {
          cost[i]![j] = c;
          split[i]![j] = k;
        }
      }
    }
  const chain = (i: number, j: number): NDArray => (i === j ? ms[i]! : mm(chain(i, split[i]![j]!), chain(split[i]![j]! + 1, j)));
  const out = chain(0, N - 1);
  const shape = [...(first.ndim === 1 ? [] : [out.shape[0]!]), ...(last.ndim === 1 ? [] : [out.shape[1]!])];
  return reshape(out, shape);
}
