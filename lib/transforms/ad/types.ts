/** The vocabulary of differentiation rules: JVP (forward) and VJP (reverse), one entry per primitive. */
import { isFloat } from '../../array/dtype';
import { bind, constant, type NDArray } from '../../array/ndarray';

/** Tangent of the output from the primal inputs, their tangents (null: symbolically zero) and the output. */
export type JvpRule = (primals: readonly NDArray[], tangents: readonly (NDArray | null)[], params: any, out: NDArray) => NDArray | null;

/** Cotangents of the inputs (null: zero or not differentiable) from the output's cotangent. */
export type VjpRule = (ct: NDArray, primals: readonly NDArray[], params: any, out: NDArray) => (NDArray | null)[];

export const differentiable = (x: NDArray): boolean => isFloat(x.dtype);

/** A constant of x's shape and dtype. */
export const fill = (v: number, like: NDArray): NDArray => constant(v, like.dtype, like.shape);
export const zerosLike = (x: NDArray): NDArray => fill(0, x);

export const add = (a: NDArray, b: NDArray): NDArray => bind('add', [a, b]);
export const sub = (a: NDArray, b: NDArray): NDArray => bind('sub', [a, b]);
export const mul = (a: NDArray, b: NDArray): NDArray => bind('mul', [a, b]);
export const div = (a: NDArray, b: NDArray): NDArray => bind('div', [a, b]);
export const neg = (a: NDArray): NDArray => bind('neg', [a]);
export const select = (p: NDArray, a: NDArray, b: NDArray): NDArray => bind('select', [p, a, b]);

/** Sum of two possibly-zero tangents. */
export const addMaybe = (a: NDArray | null | undefined, b: NDArray | null | undefined): NDArray | null => (!a ? b ?? null : !b ? a : add(a, b));

/** A tangent made concrete (zeros for null), matching `like`. */
export const orZeros = (t: NDArray | null | undefined, like: NDArray): NDArray => t ?? zerosLike(like);

/** Casts a cotangent back to the dtype of the value it belongs to. */
export const castLike = (ct: NDArray, like: NDArray): NDArray => (ct.dtype === like.dtype ? ct : bind('convert', [ct], { dtype: like.dtype }));
