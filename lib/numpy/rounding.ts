/**
 * round / around with numpy's `decimals`: JAX's rescaling (round-half-even of x·10^d, divided back)
 * for floats; integers are unchanged for d >= 0 and, for d < 0, rounded half-to-even to a multiple
 * of 10^-d as numpy does (JAX raises there).
 */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import type { NDArray } from '../array/ndarray';
import { divide, multiply, round as roundHalfEven } from './math';
import { cast } from './util';

/**
 * Round half to even to `decimals` places (negative: to tens, hundreds, ...), numpy's np.round.
 * Floats: round(x·10^d) / 10^d, so a decimal result is the nearest double to it, as in numpy and
 * JAX; -0 and NaN pass through.
 * @example np.round([1.532, 3.267], 2).toArray() // [1.53, 3.27]
 * @example np.round(np.array([1, 2, 3, 11], 'int32'), -1).toArray() // [0, 0, 0, 10]
 */
export function round(x: ArrayLike, decimals = 0): NDArray {
  if (!Number.isInteger(decimals)) throw new TypeError(`np.round: decimals must be an integer, got ${String(decimals)}`);
  const a = asArray(x);
  if (decimals === 0 || a.dtype === 'bool') return roundHalfEven(a);
  if (!isFloat(a.dtype)) {
    if (decimals > 0) return a;
    const f = 10 ** -decimals;
    return cast(multiply(roundHalfEven(divide(cast(a, 'float64'), f)), f), a.dtype);
  }
  // past the dtype's precision rounding is the identity (and 10^d would overflow), as in JAX
  if (decimals > (a.dtype === 'float32' ? 38 : 308)) return a;
  const factor = 10 ** decimals;
  return divide(roundHalfEven(multiply(a, factor)), factor);
}
/**
 * Alias of `round` (numpy's around).
 * @example np.around([0.25, 0.35], 1).toArray() // [0.2, 0.4]
 */
export const around = round;
