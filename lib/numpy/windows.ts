/**
 * numpy's window functions, with JAX's formulas over n = 0 .. M-1 in float64 (the default float):
 * M = 0 is empty and M = 1 is [1].
 */
import { arange, ones, type ArrayLike } from '../array/create';
import type { NDArray } from '../array/ndarray';
import { i0 } from './bessel';
import { abs, add, cos, divide, multiply, sqrt, square, subtract } from './math';

function points(M: number, api: string): NDArray | null {
  if (!Number.isInteger(M) || M < 0) throw new RangeError(`np.${api}: M must be a non-negative integer, got ${String(M)}`);
  return M <= 1 ? null : arange(M, 'float64');
}
/** cos(k·2πn/(M-1)) over the points. */
const cosine = (n: NDArray, M: number, k: number) => cos(divide(multiply(n, 2 * k * Math.PI), M - 1));

/**
 * The Bartlett (triangular) window of M points: 1 - |2n + 1 - M| / (M - 1).
 * @example np.bartlett(5).toArray() // [0, 0.5, 1, 0.5, 0]
 */
export function bartlett(M: number): NDArray {
  const n = points(M, 'bartlett');
  return n === null ? ones([M]) : subtract(1, divide(abs(subtract(add(multiply(n, 2), 1), M)), M - 1));
}
/**
 * The Blackman window of M points: 0.42 - 0.5 cos(2πn/(M-1)) + 0.08 cos(4πn/(M-1)).
 * @example np.blackman(3).toArray() // [0.42 - 0.5 + 0.08, 1, 0.42 - 0.5 + 0.08] (about 0)
 */
export function blackman(M: number): NDArray {
  const n = points(M, 'blackman');
  return n === null ? ones([M]) : add(subtract(0.42, multiply(0.5, cosine(n, M, 1))), multiply(0.08, cosine(n, M, 2)));
}
/**
 * The Hamming window of M points: 0.54 - 0.46 cos(2πn/(M-1)).
 * @example np.hamming(3).toArray() // [0.08, 1, 0.08] (to rounding)
 */
export function hamming(M: number): NDArray {
  const n = points(M, 'hamming');
  return n === null ? ones([M]) : subtract(0.54, multiply(0.46, cosine(n, M, 1)));
}
/**
 * The Hann window of M points: 0.5 (1 - cos(2πn/(M-1))).
 * @example np.hanning(5).toArray() // [0, 0.5, 1, 0.5, 0]
 */
export function hanning(M: number): NDArray {
  const n = points(M, 'hanning');
  return n === null ? ones([M]) : multiply(0.5, subtract(1, cosine(n, M, 1)));
}
/**
 * Alias of `hanning` (jax-js's name).
 * @example np.hann(3).toArray() // [0, 1, 0]
 */
export const hann = hanning;
/**
 * The Kaiser window of M points with shape `beta`: I0(β sqrt(1 - ((n - α)/α)²)) / I0(β), α = (M-1)/2.
 * `beta` may be an array (a traced value under vmap or grad).
 * @example np.kaiser(3, 0).toArray() // [1, 1, 1]
 */
export function kaiser(M: number, beta: ArrayLike): NDArray {
  const n = points(M, 'kaiser');
  if (n === null) return ones([M]);
  const alpha = (M - 1) / 2;
  return divide(i0(multiply(beta, sqrt(subtract(1, square(divide(subtract(n, alpha), alpha)))))), i0(beta));
}
