/**
 * The Array API and jax-js names numpy 2 added or renamed (atan2, bitwiseInvert, permuteDims, var_,
 * cumulativeSum/Prod, unstack, matvec, vecmat) and small helpers over shapes (isscalar,
 * diagIndicesFrom, fromfunction, applyOverAxes): compositions of existing np functions.
 */
import { arange, asArray, full, type ArrayLike } from '../array/create';
import type { DType } from '../array/dtype';
import { isNDArray, type NDArray } from '../array/ndarray';
import { fmtShape, ShapeError } from '../array/shape';
import { vmap } from '../transforms/vmap';
import { diagIndices } from './indexing-extra';
import { matmul } from './linalg';
import { arctan2, astype } from './math';
import { invert } from './math-extra';
import { concatenate, expandDims, sliceAxis, squeeze, transpose } from './manip';
import { cumprod, cumsum, variance } from './reductions';
import { axisOf } from './util';

/**
 * Alias of `arctan2`: the angle of the point (x, y), elementwise.
 * @example np.atan2([1, -1], [0, 0]).toArray() // [Math.PI / 2, -Math.PI / 2]
 */
export const atan2 = arctan2;
/**
 * Alias of `invert`: bitwise NOT of integers, logical NOT of bools.
 * @example np.bitwiseInvert(np.array([0, 5], 'int32')).toArray() // [-1, -6]
 */
export const bitwiseInvert = invert;
/**
 * Alias of `transpose` (the Array API's name): the axes permuted by `axes`.
 * @example np.permuteDims(np.zeros([2, 3, 4]), [2, 0, 1]).shape // [4, 2, 3]
 */
export const permuteDims = (x: ArrayLike, axes?: readonly number[]): NDArray => transpose(x, axes);
/**
 * Alias of `var` (jax-js's name, `var` being a reserved word in JS declarations).
 * @example np.var_([1, 2, 3, 4]).item() // 1.25
 */
export const var_ = variance;

export interface CumulativeOptions {
  /** The accumulation axis: required when x has rank > 1. */
  readonly axis?: number;
  /** The result's dtype (the input is cast first). */
  readonly dtype?: DType;
  /** Prepend the identity (0 for sums, 1 for products) along the axis. */
  readonly includeInitial?: boolean;
}

function cumulative(name: string, scan: (x: NDArray, axis: number) => NDArray, identity: number) {
  return (x: ArrayLike, opts: CumulativeOptions = {}): NDArray => {
    let a = asArray(x);
    if (a.ndim === 0) throw new ShapeError(`np.${name}: x must have rank >= 1, got a scalar (shape [])`);
    if (opts.axis === undefined && a.ndim > 1)
      throw new ShapeError(`np.${name}: axis is required for an array of rank ${a.ndim} (shape ${fmtShape(a.shape)})`);
    const ax = axisOf(opts.axis ?? 0, a.ndim, `np.${name} axis`);
    if (opts.dtype !== undefined) a = astype(a, opts.dtype);
    const out = scan(a, ax);
    if (!opts.includeInitial) return out;
    const initShape = out.shape.map((n, d) => (d === ax ? 1 : n));
    return concatenate([full(initShape, identity, out.dtype), out], ax);
  };
}
/**
 * The running sum along `axis` (the Array API's cumulative_sum: the axis is required above rank 1;
 * `includeInitial` prepends a 0).
 * @example np.cumulativeSum([1, 2, 3], { includeInitial: true }).toArray() // [0, 1, 3, 6]
 */
export const cumulativeSum = cumulative('cumulativeSum', (a, ax) => cumsum(a, ax), 0);
/**
 * The running product along `axis` (the Array API's cumulative_prod: the axis is required above
 * rank 1; `includeInitial` prepends a 1).
 * @example np.cumulativeProd([1, 2, 3], { includeInitial: true }).toArray() // [1, 1, 2, 6]
 */
export const cumulativeProd = cumulative('cumulativeProd', (a, ax) => cumprod(a, ax), 1);

/**
 * The slices of x along `axis` (default 0), as a list: the inverse of `stack`.
 * @example np.unstack([[1, 2], [3, 4]]).map((r) => r.toArray()) // [[1, 2], [3, 4]]
 */
export function unstack(x: ArrayLike, axis = 0): NDArray[] {
  const a = asArray(x);
  if (a.ndim === 0) throw new ShapeError('np.unstack: x must have rank >= 1, got a scalar (shape [])');
  const ax = axisOf(axis, a.ndim, 'np.unstack axis');
  return Array.from({ length: a.shape[ax]! }, (_, i) => squeeze(sliceAxis(a, ax, i, i + 1), ax));
}

/**
 * Matrix-vector product over the last axes: x1 [..., m, n] times x2 [..., n] is [..., m], the
 * leading axes broadcast (numpy 2.2's matvec).
 * @example np.matvec([[1, 2], [3, 4]], [1, 1]).toArray() // [3, 7]
 */
export function matvec(x1: ArrayLike, x2: ArrayLike): NDArray {
  const a = asArray(x1),
    v = asArray(x2);
  if (a.ndim < 2 || v.ndim < 1 || a.shape[a.ndim - 1] !== v.shape[v.ndim - 1])
    throw new ShapeError(`np.matvec: x1 must be [..., m, n] and x2 [..., n], got shapes ${fmtShape(a.shape)} and ${fmtShape(v.shape)}`);
  return squeeze(matmul(a, expandDims(v, -1)), -1);
}

/**
 * Vector-matrix product over the last axes: x1 [..., n] times x2 [..., n, m] is [..., m], the
 * leading axes broadcast (numpy 2.2's vecmat; real dtypes only, so no conjugate).
 * @example np.vecmat([1, 1], [[1, 2], [3, 4]]).toArray() // [4, 6]
 */
export function vecmat(x1: ArrayLike, x2: ArrayLike): NDArray {
  const v = asArray(x1),
    a = asArray(x2);
  if (a.ndim < 2 || v.ndim < 1 || a.shape[a.ndim - 2] !== v.shape[v.ndim - 1])
    throw new ShapeError(`np.vecmat: x1 must be [..., n] and x2 [..., n, m], got shapes ${fmtShape(v.shape)} and ${fmtShape(a.shape)}`);
  return squeeze(matmul(expandDims(v, -2), a), -2);
}

/**
 * Whether x is a scalar: a JS number or boolean, or a 0-d array (JAX's rule, which treats 0-d
 * arrays as scalars so the answer is the same under jit). A static JS boolean.
 * @example [np.isscalar(1), np.isscalar(np.array(2)), np.isscalar([1])] // [true, true, false]
 */
export function isscalar(x: unknown): boolean {
  return typeof x === 'number' || typeof x === 'boolean' || (isNDArray(x) && x.ndim === 0);
}

/**
 * The indices of the main diagonal of `arr`, an n × n × ... array (rank >= 2, all axes equal).
 * @example np.diagIndicesFrom(np.zeros([2, 2])).map((a) => a.toArray()) // [[0, 1], [0, 1]]
 */
export function diagIndicesFrom(arr: ArrayLike): NDArray[] {
  const a = asArray(arr);
  if (a.ndim < 2 || a.shape.some((n) => n !== a.shape[0]))
    throw new ShapeError(`np.diagIndicesFrom: arr must have rank >= 2 and equal axes, got shape ${fmtShape(a.shape)}`);
  return diagIndices(a.shape[0]!, a.ndim);
}

export interface FromfunctionOptions {
  /** The dtype of the coordinates handed to f (default float64, numpy's float). */
  readonly dtype?: DType;
}

/**
 * The array whose element at (i, j, ...) is f(i, j, ...): as JAX's, f is vmapped over every axis,
 * so it sees scalar coordinates (of `dtype`) and returns a scalar (or any shape, appended).
 * @example np.fromfunction((i, j) => np.add(i, j), [2, 3]).toArray() // [[0, 1, 2], [1, 2, 3]]
 */
export function fromfunction(f: (...coords: NDArray[]) => NDArray, shape: readonly number[], opts: FromfunctionOptions = {}): NDArray {
  if (shape.some((n) => !Number.isInteger(n) || n < 0))
    throw new ShapeError(`np.fromfunction: shape must hold non-negative integers, got ${fmtShape(shape)}`);
  let g = f;
  // vmap the last coordinate innermost, so the outermost vmap makes axis 0 (JAX's order)
  for (let i = shape.length - 1; i >= 0; i--) {
    const inAxes = shape.map((_, j) => (j === i ? 0 : null));
    g = vmap(g, { inAxes }) as typeof f;
  }
  const dtype = opts.dtype ?? 'float64';
  return g(...shape.map((n) => arange(n, dtype)));
}

/**
 * Applies `func(a, axis)` for each axis in turn; a result that lost the axis gets it back (size 1),
 * so reductions keep their dims. numpy's apply_over_axes.
 * @example np.applyOverAxes((x, ax) => np.sum(x, ax), [[1, 2], [3, 4]], [0, 1]).toArray() // [[10]]
 */
export function applyOverAxes(func: (a: NDArray, axis: number) => NDArray, a: ArrayLike, axes: number | readonly number[]): NDArray {
  let r = asArray(a);
  for (const axis of typeof axes === 'number' ? [axes] : axes) {
    const b = func(r, axis);
    if (b.ndim === r.ndim) r = b;
    else if (b.ndim === r.ndim - 1) r = expandDims(b, axis);
    else
      throw new ShapeError(
        `np.applyOverAxes: func must keep the rank ${r.ndim} or drop one axis, but for axis ${axis} it returned shape ${fmtShape(b.shape)}`,
      );
  }
  return r;
}
