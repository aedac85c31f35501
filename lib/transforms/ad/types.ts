/** The vocabulary of differentiation rules: JVP (forward) and VJP (reverse), one entry per primitive. */
import { isFloat } from '../../array/dtype';
import type { SubProgram } from '../../array/ir';
import { bind, constant, type NDArray } from '../../array/ndarray';

/** Tangent of the output from the primal inputs, their tangents (null: symbolically zero) and the output. */
export type JvpRule = (primals: readonly NDArray[], tangents: readonly (NDArray | null)[], params: any, out: NDArray) => NDArray | null;

/** Cotangents of the inputs (null: zero or not differentiable) from the output's cotangent. */
export type VjpRule = (ct: NDArray, primals: readonly NDArray[], params: any, out: NDArray) => (NDArray | null)[];

/** A differentiation misuse (non-float input, non-scalar loss, mismatched tangents...). */
export class GradError extends Error {
  override name = 'GradError';
}

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

/** A sub-program differentiated by the driver (see `AdDriver`). */
export interface DerivedProgram {
  readonly program: SubProgram;
  /** Captured values of the new program: extra inputs after the documented ones. */
  readonly consts: readonly NDArray[];
  /** Which outputs of the derived program exist (jvp: tangents of the outputs; vjp: unused). */
  readonly present: readonly boolean[];
}

/** The differentiation drivers' recursion into sub-programs, given to higher-order rules. */
export interface AdDriver {
  /**
   * `prog` pushed forward: takes `[...args, ...tangents of the args in tangentIn]`, returns
   * `[...outs, ...tangents of the outs in present]` (present: nonzero, or forced by forceOut).
   */
  jvpProgram(prog: SubProgram, tangentIn: readonly boolean[], forceOut?: readonly boolean[]): DerivedProgram;
  /**
   * `prog` pulled back: takes `[...args, ...cotangents of the outs in ctIn]`, returns the
   * cotangents of the args in `want` (zeros where none flows).
   */
  vjpProgram(prog: SubProgram, ctIn: readonly boolean[], want: readonly boolean[]): DerivedProgram;
  /** Whether reverse mode needs a cotangent for this value (it leads back to a differentiated input). */
  needsCotangent(x: NDArray): boolean;
}

/** A multi-output primitive's JVP: one tangent per output. */
export type MultiJvpRule = (
  primals: readonly NDArray[],
  tangents: readonly (NDArray | null)[],
  params: any,
  out: NDArray,
  ad: AdDriver,
) => (NDArray | null)[];

/** A multi-output primitive's VJP: cotangents of the inputs from one cotangent (or null) per output. */
export type MultiVjpRule = (cts: readonly (NDArray | null)[], primals: readonly NDArray[], params: any, out: NDArray, ad: AdDriver) => (NDArray | null)[];
