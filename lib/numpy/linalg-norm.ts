/**
 * np.linalg's norms and the matrix views of trace and diagonal: vector norms (np.norm's), every
 * matrix `ord` (Frobenius, nuclear, 1, -1, ±Infinity, 2, -2), over the trailing axes by default.
 */
import { asArray, type ArrayLike } from '../array/create';
import { constant, type NDArray } from '../array/ndarray';
import { canonicalizeAxis, fmtShape, ShapeError } from '../array/shape';
import * as lax from '../lax/linalg';
import { diagonal as diagonalAxes, trace as traceAxes } from './construct';
import { abs, sqrt, square } from './math';
import { expandDims, moveaxis } from './manip';
import { max, min, norm as vectorNorm, sum } from './reductions';
import { toFloat, type ReduceOptions } from './util';

export type MatrixOrd = number | 'fro' | 'nuc' | null;

/**
 * The matrix norm of x over the axis pair `axis` (default the last two): 'fro' (null), 'nuc' (sum of
 * singular values), 1 / -1 (max / min column sum of |x|), Infinity / -Infinity (max / min row sum),
 * 2 / -2 (largest / smallest singular value).
 * @example np.linalg.matrixNorm(np.array([[3, 0], [0, 4]])).item() // 5
 */
export function matrixNorm(x: ArrayLike, ord: MatrixOrd = 'fro', axis: readonly [number, number] = [-2, -1], opts: ReduceOptions = {}): NDArray {
  const a = toFloat(x);
  if (a.ndim < 2) throw new ShapeError(`np.linalg.norm: a matrix norm needs at least 2 dimensions, got shape ${fmtShape(a.shape)}`);
  const r = canonicalizeAxis(axis[0], a.ndim, 'np.linalg.norm axis'), c = canonicalizeAxis(axis[1], a.ndim, 'np.linalg.norm axis');
  if (r === c) throw new ShapeError(`np.linalg.norm: the two axes must differ, got ${JSON.stringify(axis)}`);
  const keep = (v: NDArray) => (opts.keepdims ? expandDims(v, [r, c].sort((p, q) => p - q)) : v);
  // reduce over one axis, then the other (numbered as it is once the first is gone)
  const twice = (inner: number, outer: number, reduce: typeof max) => {
    const s = sum(abs(a), inner, opts);
    return extreme(s, !opts.keepdims && outer > inner ? outer - 1 : outer, reduce, opts);
  };
  if (ord === null || ord === 'fro') return sqrt(sum(square(a), [r, c], opts));
  if (ord === 1) return twice(r, c, max);
  if (ord === -1) return twice(r, c, min);
  if (ord === Infinity) return twice(c, r, max);
  if (ord === -Infinity) return twice(c, r, min);
  if (ord === 'nuc' || ord === 2 || ord === -2) {
    const s = lax.svd(moveaxis(a, [r, c], [-2, -1]), { computeUv: false });
    return keep(ord === 'nuc' ? sum(s, -1) : extreme(s, s.ndim - 1, ord === 2 ? max : min, {}));
  }
  throw new TypeError(`np.linalg.norm: invalid matrix norm order ${String(ord)} (use 'fro', 'nuc', 1, -1, 2, -2, Infinity or -Infinity)`);
}

/**
 * max or min over `axis` of nonnegative values; over an empty axis (where numpy and JAX raise) the
 * norm of the empty map: 0 for a max, Infinity for a min.
 */
function extreme(v: NDArray, axis: number, reduce: typeof max, opts: ReduceOptions): NDArray {
  if (v.shape[axis] !== 0) return reduce(v, axis, opts);
  const shape = opts.keepdims ? v.shape.map((d, i) => (i === axis ? 1 : d)) : v.shape.filter((_, i) => i !== axis);
  return constant(reduce === max ? 0 : Infinity, v.dtype, shape);
}

/** The orders that have a matrix norm. */
const MATRIX_ORDS: readonly MatrixOrd[] = [null, 'fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity];

/**
 * numpy.linalg.norm: with `axis` a number, a vector norm along it; a pair, a matrix norm over it;
 * omitted, the 2-norm of all elements when `ord` is null, else a vector norm of a 1-d x or a matrix
 * norm of a 2-d x. Where JAX raises instead (a pair with an order that has no matrix norm, more
 * than two axes, or an order with no axis for x of more than 2 dimensions) this is np.norm: the
 * vector norm over those axes.
 * @example np.linalg.norm(np.array([[1, 2], [3, 4]]), 1).item() // 6
 */
export function norm(x: ArrayLike, ord: MatrixOrd = null, axis?: number | readonly number[] | null, opts: ReduceOptions = {}): NDArray {
  const a = toFloat(x);
  const pair = axis === undefined || axis === null ? (ord !== null && a.ndim === 2 ? ([0, 1] as const) : undefined) : typeof axis !== 'number' && axis.length === 2 ? axis : undefined;
  if (pair && MATRIX_ORDS.includes(ord)) return matrixNorm(a, ord, [pair[0]!, pair[1]!], opts);
  return vectorNorm(a, ord as number | 'fro' | null, axis ?? undefined, opts);
}

/**
 * The sum of the offset diagonal of each matrix (the last two axes).
 * @example np.linalg.trace(np.array([[1, 2], [3, 4]])).item() // 5
 */
export const trace = (x: ArrayLike, offset = 0): NDArray => traceAxes(x, offset, -2, -1);

/**
 * The offset diagonal of each matrix (the last two axes), as the last axis.
 * @example np.linalg.diagonal(np.array([[1, 2], [3, 4]]), 1).toArray() // [2]
 */
export const diagonal = (x: ArrayLike, offset = 0): NDArray => diagonalAxes(x, offset, -2, -1);

/**
 * The last two axes swapped.
 * @example np.linalg.matrixTranspose(np.zeros([5, 2, 3])).shape // [5, 3, 2]
 */
export const matrixTranspose = (x: ArrayLike): NDArray => {
  const a = asArray(x);
  if (a.ndim < 2) throw new ShapeError(`np.linalg.matrixTranspose: x must have at least 2 dimensions, got shape ${fmtShape(a.shape)}`);
  return moveaxis(a, -1, -2);
};
