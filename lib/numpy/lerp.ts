/** A helper of the quantile functions, kept out of the np namespace. */
import type { NDArray } from '../array/ndarray';
import { add, greaterEqual, multiply, subtract, where } from './math';

/** numpy's lerp: a + (b - a) t below t = 0.5, b - (b - a)(1 - t) from 0.5 (exact at both ends). */
export function lerp(a: NDArray, b: NDArray, t: NDArray | number): NDArray {
  const d = subtract(b, a);
  return where(greaterEqual(t, 0.5), subtract(b, multiply(d, subtract(1, t))), add(a, multiply(d, t)));
}
