/**
 * `lax`'s inverse trigonometric, hyperbolic and special-function primitives (re-exported by
 * ./index): float operands only, as in JAX (`np` and `special` promote ints to float).
 */
import { asArray, type ArrayLike } from '../array/create';
import { bind, constant, isNDArray, type NDArray } from '../array/ndarray';
import type { Primitive } from '../array/primitives';

const un =
  (p: Primitive) =>
  (x: ArrayLike): NDArray =>
    bind(p, [asArray(x)]);

export const asin = un('asin'),
  acos = un('acos'),
  atan = un('atan');
export const sinh = un('sinh'),
  cosh = un('cosh'),
  asinh = un('asinh'),
  acosh = un('acosh'),
  atanh = un('atanh');
export const erf = un('erf'),
  erfc = un('erfc'),
  erfInv = un('erf_inv'),
  lgamma = un('lgamma'),
  digamma = un('digamma');
/** Whether each element is neither infinite nor NaN (a bool array). */
export const isFinite = un('is_finite');

/** The next representable number after x in the direction of y, in x's dtype; a JS number takes the other operand's shape and dtype. */
export function nextafter(x: ArrayLike, y: ArrayLike): NDArray {
  if (isNDArray(x) && !isNDArray(y)) return bind('nextafter', [x, constant(Number(y), x.dtype, x.shape, true)]);
  if (isNDArray(y) && !isNDArray(x)) return bind('nextafter', [constant(Number(x), y.dtype, y.shape, true), y]);
  return bind('nextafter', [asArray(x), asArray(y)]);
}
