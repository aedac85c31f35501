/**
 * Graph helpers on batches of matrices [..., m, n] (equal leading axes, no broadcasting), shared by
 * the linalg derivative rules, lax.linalg and np.linalg: each is a few primitives.
 */
import type { DType } from '../array/dtype';
import { bind, constant, type NDArray } from '../array/ndarray';
import type { TriangularSolveParams } from '../array/primitives/linalg';
import { range } from '../array/shape';

export const add = (a: NDArray, b: NDArray): NDArray => bind('add', [a, b]);
export const sub = (a: NDArray, b: NDArray): NDArray => bind('sub', [a, b]);
export const mul = (a: NDArray, b: NDArray): NDArray => bind('mul', [a, b]);
export const div = (a: NDArray, b: NDArray): NDArray => bind('div', [a, b]);
export const neg = (a: NDArray): NDArray => bind('neg', [a]);
/** A scalar broadcast to x's shape and dtype. */
export const fillLike = (v: number, x: NDArray): NDArray => constant(v, x.dtype, x.shape);
export const scale = (x: NDArray, v: number): NDArray => mul(x, fillLike(v, x));

/** The last two axes swapped. */
export const mT = (x: NDArray): NDArray => {
  const perm = range(x.ndim);
  perm.splice(-2, 2, x.ndim - 1, x.ndim - 2);
  return bind('transpose', [x], { permutation: perm });
};

/** Batched matrix product [..., m, k] x [..., k, n]. */
export const mm = (a: NDArray, b: NDArray): NDArray => {
  const nb = a.ndim - 2;
  return bind('dot_general', [a, b], { contracting: [[nb + 1], [nb]], batch: [range(nb), range(nb)] });
};

/** x broadcast over its own leading axes: a [m, n] constant to [...batch, m, n]. */
export const toBatch = (x: NDArray, batch: readonly number[]): NDArray =>
  batch.length === 0 ? x : bind('broadcast_in_dim', [x], { shape: [...batch, ...x.shape], broadcastDimensions: range(x.ndim).map((d) => d + batch.length) });

/** Whether (i, j) has j - i <= k, as a bool [m, n]. */
const below = (m: number, n: number, k: number): NDArray =>
  bind('le', [bind('sub', [bind('iota', [], { dtype: 'int32', shape: [m, n], dimension: 1 }), bind('iota', [], { dtype: 'int32', shape: [m, n], dimension: 0 })]), constant(k, 'int32', [m, n])]);

function keep(x: NDArray, mask: NDArray): NDArray {
  return bind('select', [toBatch(mask, x.shape.slice(0, -2)), x, fillLike(0, x)]);
}
const [r, c] = [(x: NDArray) => x.shape[x.ndim - 2]!, (x: NDArray) => x.shape[x.ndim - 1]!];
/** The part of the last two axes on and below diagonal k (the rest zero). */
export const tril = (x: NDArray, k = 0): NDArray => keep(x, below(r(x), c(x), k));
/** The part of the last two axes on and above diagonal k. */
export const triu = (x: NDArray, k = 0): NDArray => keep(x, bind('not', [below(r(x), c(x), k - 1)]));

/** The n x m identity (ones on diagonal k), over `batch`. */
export const eye = (n: number, dtype: DType, batch: readonly number[] = [], m = n, k = 0): NDArray =>
  toBatch(bind('convert', [bind('eq', [bind('sub', [bind('iota', [], { dtype: 'int32', shape: [n, m], dimension: 1 }), bind('iota', [], { dtype: 'int32', shape: [n, m], dimension: 0 })]), constant(k, 'int32', [n, m])])], { dtype }), batch);

/** The main diagonal of [..., n, m] as [..., min(n, m)]: a strided slice of the flattened matrix. */
export function diagonal(x: NDArray): NDArray {
  const b = x.shape.slice(0, -2), n = r(x), m = c(x), k = Math.min(n, m);
  const flat = bind('reshape', [x], { newSizes: [...b, n * m] });
  if (k === 0) return constant(0, x.dtype, [...b, 0]);
  return bind('slice', [flat], { start: [...b.map(() => 0), 0], limit: [...b, (k - 1) * (m + 1) + 1], strides: [...b.map(() => 1), m + 1] });
}

/** [..., n] -> the [..., n, n] matrix with it on the diagonal (interior padding, exact). */
export function diagEmbed(v: NDArray): NDArray {
  const b = v.shape.slice(0, -1), n = v.shape[v.ndim - 1]!;
  if (n === 0) return constant(0, v.dtype, [...b, 0, 0]);
  const padded = bind('pad', [v, constant(0, v.dtype, [])], { config: [...b.map(() => [0, 0, 0]), [0, 0, n]] });
  return bind('reshape', [padded], { newSizes: [...b, n, n] });
}

/** v [..., n] as the row [..., 1, n] or column [..., n, 1], broadcast to [..., n, n]. */
export const asRows = (v: NDArray, rows: number): NDArray =>
  bind('broadcast_in_dim', [v], { shape: [...v.shape.slice(0, -1), rows, v.shape[v.ndim - 1]!], broadcastDimensions: [...range(v.ndim - 1), v.ndim] });
export const asCols = (v: NDArray, cols: number): NDArray =>
  bind('broadcast_in_dim', [v], { shape: [...v.shape, cols], broadcastDimensions: range(v.ndim) });

export const triSolve = (a: NDArray, b: NDArray, p: Partial<TriangularSolveParams>): NDArray =>
  bind('triangular_solve', [a, b], { leftSide: false, lower: false, transposeA: false, unitDiagonal: false, ...p });

/** Rows of x [..., m, n] picked by perm [..., m] (x[perm[i]]). */
export const permuteRows = (x: NDArray, perm: NDArray): NDArray => bind('gather', [x, perm], { axis: x.ndim - 2, batchDims: x.ndim - 2 });
/** The adjoint: row i of y goes to row perm[i]. */
export const unpermuteRows = (y: NDArray, perm: NDArray): NDArray => bind('scatter_add', [fillLike(0, y), perm, y], { axis: y.ndim - 2, batchDims: y.ndim - 2 });

/** Symmetric part (x + x^T) / 2. */
export const sym = (x: NDArray): NDArray => scale(add(x, mT(x)), 0.5);

/** Zero-padded to [..., rows, cols] (at the end of the last two axes). */
export const padTo = (x: NDArray, rows: number, cols: number): NDArray =>
  rows === r(x) && cols === c(x) ? x : bind('pad', [x, constant(0, x.dtype, [])], { config: [...x.shape.slice(0, -2).map(() => [0, 0, 0]), [0, rows - r(x), 0], [0, cols - c(x), 0]] });
/** The leading [rows, cols] block of the last two axes. */
export const block = (x: NDArray, rows: number, cols: number): NDArray =>
  rows === r(x) && cols === c(x) ? x : bind('slice', [x], { start: x.shape.map(() => 0), limit: [...x.shape.slice(0, -2), rows, cols], strides: x.shape.map(() => 1) });
