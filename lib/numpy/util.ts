/** What every np function shares: operand promotion (with weak JS scalars), broadcasting, axes. */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat, promoteTypes, weakTypeOfScalar, type DType, type TypeInfo } from '../array/dtype';
import { bind, constant, isNDArray, type NDArray } from '../array/ndarray';
import { broadcastShapes, canonicalizeAxes, canonicalizeAxis, fmtShape, range, ShapeError, shapesEqual, type Shape } from '../array/shape';

const isScalar = (x: ArrayLike): x is number | boolean => typeof x === 'number' || typeof x === 'boolean';

/** Casts to `dtype` (a no-op when it already is); keeps the weak flag only when asked. */
export function cast(x: NDArray, dtype: DType, weak = false): NDArray {
  return x.dtype === dtype && x.weak === weak ? x : x.dtype === dtype && !weak ? x : bind('convert', [x], { dtype, weak });
}

/** JAX's promotion over the operands; JS numbers are weak and become constants of the result type. */
export function promote(...xs: ArrayLike[]): NDArray[] {
  // the common case first: arrays of one dtype, none weak, need nothing
  const first = xs[0];
  if (isNDArray(first) && !first.weak && xs.every((x) => isNDArray(x) && x.dtype === first.dtype && !x.weak)) return xs as NDArray[];
  const arrays = xs.map((x) => (isScalar(x) ? null : asArray(x)));
  const infos: TypeInfo[] = xs.map((x, i) => (isScalar(x) ? weakTypeOfScalar(x) : { dtype: arrays[i]!.dtype, weak: arrays[i]!.weak }));
  const t = promoteTypes(infos);
  return xs.map((x, i) => (isScalar(x) ? constant(Number(x), t.dtype, [], t.weak) : cast(arrays[i]!, t.dtype, t.weak && arrays[i]!.weak)));
}

/**
 * NumPy broadcasting to `shape` (trailing axes align) by broadcast_in_dim.
 * @example np.broadcastTo([1, 2], [2, 2]).toArray() // [[1, 2], [1, 2]]
 */
export function broadcastTo(x: ArrayLike, shape: Shape): NDArray {
  const a = asArray(x);
  if (shapesEqual(a.shape, shape)) return a;
  const full = broadcastShapes(a.shape, shape);
  if (!shapesEqual(full, shape))
    throw new ShapeError(`cannot broadcast an array of shape ${fmtShape(a.shape)} to shape ${fmtShape(shape)}: the result would have shape ${fmtShape(full)}`);
  const lead = shape.length - a.ndim;
  return bind('broadcast_in_dim', [a], { shape, broadcastDimensions: range(a.ndim).map((d) => d + lead) });
}

/**
 * Promotes and broadcasts operands together.
 * @example np.broadcastArrays(np.array([1, 2]), np.array([[0], [1]])).map((a) => a.shape) // [[2, 2], [2, 2]]
 */
export function broadcastArrays(...xs: NDArray[]): NDArray[] {
  if (xs.every((x) => shapesEqual(x.shape, xs[0]!.shape))) return xs;
  const shape = broadcastShapes(...xs.map((x) => x.shape));
  return xs.map((x) => broadcastTo(x, shape));
}

export const promoteBroadcast = (...xs: ArrayLike[]): NDArray[] => broadcastArrays(...promote(...xs));

/** Floating operands for transcendental functions: ints and bools become float64 (as jnp does). */
export function toFloat(x: ArrayLike): NDArray {
  const [a] = promote(x);
  return isFloat(a!.dtype) ? a! : cast(a!, 'float64', a!.weak);
}

export type Axis = number | readonly number[] | null | undefined;

/** The canonical axes an `axis` argument names (all axes when null/undefined). */
export function axesOf(axis: Axis, ndim: number, what = 'axis'): number[] {
  if (axis === null || axis === undefined) return range(ndim);
  return canonicalizeAxes(typeof axis === 'number' ? [axis] : axis, ndim, what);
}

export const axisOf = (axis: number, ndim: number, what = 'axis'): number => canonicalizeAxis(axis, ndim, what);

/** Reinserts reduced axes as size 1 (keepdims). */
export function keepDims(x: NDArray, axes: readonly number[], keep: boolean | undefined): NDArray {
  return keep && axes.length > 0 ? bind('expand_dims', [x], { dimensions: [...axes].sort((a, b) => a - b) }) : x;
}

export interface ReduceOptions {
  readonly keepdims?: boolean;
}
