/**
 * The `special` namespace: scipy.special's functions as jax.scipy.special offers them. Integer and
 * bool operands become float64; everything else is a composition of primitives (erf, lgamma, ...
 * are the lax primitives of lib/lax/special), so vmap, grad and jit apply unchanged.
 */
import type { ArrayLike } from '../array/create';
import type { NDArray } from '../array/ndarray';
import * as laxSpecial from '../lax/special';
import { np } from '../numpy';
import { promoteBroadcast, toFloat } from '../numpy/util';

const floatUnary =
  (f: (x: NDArray) => NDArray) =>
  (x: ArrayLike): NDArray =>
    f(toFloat(x));
/** Two operands promoted together to a float dtype and broadcast. */
function floatPair(x: ArrayLike, y: ArrayLike): [NDArray, NDArray] {
  const [a, b] = promoteBroadcast(toFloat(x), toFloat(y));
  return [a!, b!];
}

/**
 * The error function 2/sqrt(pi) * integral_0^x exp(-t^2) dt.
 * @example special.erf([0]).toArray() // [0]
 */
export const erf = floatUnary(laxSpecial.erf);
/**
 * 1 - erf(x), accurate where erf(x) is close to 1.
 * @example special.erfc([0]).toArray() // [1]
 */
export const erfc = floatUnary(laxSpecial.erfc);
/**
 * The inverse of erf on [-1, 1] (±Infinity at ±1, NaN outside).
 * @example special.erfinv([0]).toArray() // [0]
 */
export const erfinv = floatUnary(laxSpecial.erfInv);
/**
 * log|Gamma(x)|: +Infinity at 0 and the negative integers.
 * @example special.gammaln([1, 4]).toArray() // [0, Math.log(6)]
 */
export const gammaln = floatUnary(laxSpecial.lgamma);
/**
 * The logarithmic derivative of Gamma (psi): -Infinity at +0, NaN at the negative integers.
 * @example special.digamma([1]).toArray() // [-0.5772156649015329]
 */
export const digamma = floatUnary(laxSpecial.digamma);
/**
 * Alias of `digamma`: the logarithmic derivative of Gamma (-Infinity at +0, NaN at the negative integers); integer input is promoted to float.
 * @example special.psi(np.array([1])).toArray() // [-0.5772156649015329]
 */
export const psi = digamma;
/**
 * 1 / (1 + exp(-x)), the inverse of logit.
 * @example special.expit([0]).toArray() // [0.5]
 */
export const expit = floatUnary((x) => np.sigmoid(x));
/**
 * log(p / (1 - p)): ±Infinity at 1 and 0, NaN outside [0, 1].
 * @example special.logit([0.5]).toArray() // [0]
 */
export const logit = floatUnary((p) => np.log(np.divide(p, np.subtract(1, p))));

/**
 * x * log(y), and 0 where x is 0 unless y is NaN (scipy's definition; jax.scipy gives 0 there too).
 * The logarithm reads 1 where the result is that 0, so no 0 * Infinity reaches a gradient.
 * @example special.xlogy([0, 2], [0, Math.E]).toArray() // [0, 2]
 */
export function xlogy(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = floatPair(x, y);
  const zero = np.logicalAnd(np.equal(a, 0), np.logicalNot(np.isnan(b)));
  return np.where(zero, np.zerosLike(a), np.multiply(a, np.log(np.where(zero, 1, b))));
}

/**
 * x * log1p(y), and 0 where x is 0 unless y is NaN.
 * @example special.xlog1py([0, 2], [-1, Math.E - 1]).toArray() // [0, 2]
 */
export function xlog1py(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = floatPair(x, y);
  const zero = np.logicalAnd(np.equal(a, 0), np.logicalNot(np.isnan(b)));
  return np.where(zero, np.zerosLike(a), np.multiply(a, np.log1p(np.where(zero, 0, b))));
}

/**
 * The entropy term -x log(x): 0 at 0, -Infinity below 0, NaN at NaN.
 * @example special.entr([0, 1]).toArray() // [0, 0]
 */
export function entr(x: ArrayLike): NDArray {
  const a = toFloat(x);
  const pos = np.greater(a, 0);
  const safe = np.where(pos, a, 1);
  const atZeroOrBelow = np.where(np.equal(a, 0), np.zerosLike(a), np.where(np.less(a, 0), -Infinity, a));
  return np.where(pos, np.negative(np.multiply(safe, np.log(safe))), atZeroOrBelow);
}
