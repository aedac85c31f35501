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

/**
 * Elementwise inverse trigonometric primitives `asin`, `acos` and `atan`, in radians; float operands only (no promotion, as in lax).
 * @example lax.asin(np.array([1])).toArray() // [Math.PI / 2]
 * @example lax.acos(np.array([-1])).toArray() // [Math.PI]
 * @example lax.atan(np.array([1])).toArray() // [Math.PI / 4]
 */
export const asin = un('asin'),
  acos = un('acos'),
  atan = un('atan');
/**
 * Elementwise hyperbolic primitives `sinh`, `cosh`, `asinh`, `acosh` and `atanh`; float operands only (no promotion, as in lax).
 * @example lax.sinh(np.array([0])).toArray() // [0]
 * @example lax.cosh(np.array([0])).toArray() // [1]
 * @example lax.asinh(np.array([0])).toArray() // [0]
 * @example lax.acosh(np.array([1])).toArray() // [0]
 * @example lax.atanh(np.array([0])).toArray() // [0]
 */
export const sinh = un('sinh'),
  cosh = un('cosh'),
  asinh = un('asinh'),
  acosh = un('acosh'),
  atanh = un('atanh');
/**
 * Elementwise special-function primitives: `erf`, `erfc` (1 - erf), `erfInv` (the inverse of erf), `lgamma` (log of the absolute gamma function) and `digamma` (its derivative); float operands only.
 * @example lax.erf(np.array([0])).toArray() // [0]
 * @example lax.erfc(np.array([0])).toArray() // [1]
 * @example lax.erfInv(np.array([0])).toArray() // [0]
 * @example lax.lgamma(np.array([1, 4])).toArray() // [0, Math.log(6)]
 * @example lax.digamma(np.array([1])).toArray() // [-0.5772156649015329]
 */
export const erf = un('erf'),
  erfc = un('erfc'),
  erfInv = un('erf_inv'),
  lgamma = un('lgamma'),
  digamma = un('digamma');
/**
 * Whether each element is neither infinite nor NaN (a bool array).
 * @example lax.isFinite(np.array([1, Infinity, NaN])).toArray() // [true, false, false]
 */
export const isFinite = un('is_finite');

/**
 * The next representable number after x in the direction of y, in x's dtype; a JS number takes the other operand's shape and dtype.
 * @example lax.nextafter(np.array([1]), 2).toArray() // [1 + Number.EPSILON]
 */
export function nextafter(x: ArrayLike, y: ArrayLike): NDArray {
  if (isNDArray(x) && !isNDArray(y)) return bind('nextafter', [x, constant(Number(y), x.dtype, x.shape, true)]);
  if (isNDArray(y) && !isNDArray(x)) return bind('nextafter', [constant(Number(x), y.dtype, y.shape, true), y]);
  return bind('nextafter', [asArray(x), asArray(y)]);
}
