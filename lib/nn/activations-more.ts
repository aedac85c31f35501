/**
 * The rest of jax.nn's activations: identity, softSign, sparsePlus, sparseSigmoid, log1mexp and
 * logmeanexp, with JAX's formulas (so their derivatives at the kinks are JAX's: a `where` picks the
 * branch, clip's ties split the derivative as lax.max's JVP does) and log1mexp's custom JVP.
 */
import { asArray, type ArrayLike } from '../array/create';
import type { NDArray } from '../array/ndarray';
import { np } from '../numpy';
import { toFloat, type Axis } from '../numpy/util';
import { customJvp } from '../transforms/custom/api';

/**
 * The identity activation: x as an array, unchanged (dtype included).
 * @example nn.identity([1, -2]).toArray() // [1, -2]
 */
export const identity = (x: ArrayLike): NDArray => asArray(x);

/**
 * x / (|x| + 1); integer input is promoted to float.
 * @example nn.softSign(np.array([-1, 0, 3])).toArray() // [-0.5, 0, 0.75]
 */
export function softSign(x: ArrayLike): NDArray {
  const a = toFloat(x);
  return np.divide(a, np.add(np.abs(a), 1));
}

/**
 * 0 for x <= -1, (x + 1)² / 4 between, x for x >= 1 (smooth, convex, monotone); derivative
 * sparseSigmoid(x).
 * @example nn.sparsePlus(np.array([-2, 0, 2])).toArray() // [0, 0.25, 2]
 */
export function sparsePlus(x: ArrayLike): NDArray {
  const a = toFloat(x);
  return np.where(np.lessEqual(a, -1), 0, np.where(np.greaterEqual(a, 1), a, np.divide(np.square(np.add(a, 1)), 4)));
}

/**
 * 0 for x <= -1, (x + 1) / 2 between, 1 for x >= 1: `0.5 * clip(x + 1, 0, 2)`, as JAX writes it.
 * @example nn.sparseSigmoid(np.array([-2, 0, 2])).toArray() // [0, 0.5, 1]
 */
export const sparseSigmoid = (x: ArrayLike): NDArray => np.multiply(0.5, np.clip(np.add(toFloat(x), 1), 0, 2));

// log(1 - exp(-x)) by Mächler's switch at log 2; its derivative 1 / expm1(x) is JAX's custom JVP
const log1mexpOf = customJvp((a: NDArray) =>
  np.where(np.less(a, Math.LN2), np.log(np.negative(np.expm1(np.negative(a)))), np.log1p(np.negative(np.exp(np.negative(a))))),
);
log1mexpOf.defjvp(([a]: [NDArray], [t]: [NDArray]) => [log1mexpOf(a), np.divide(t, np.expm1(a))]);
/**
 * log(1 - exp(-x)), accurate for small and for large x (Mächler: log(-expm1(-x)) below log 2,
 * log1p(-exp(-x)) above); NaN for x < 0, -Infinity at 0.
 * @example nn.log1mexp(np.array([Math.LN2])).item() // -Math.LN2
 */
export const log1mexp = (x: ArrayLike): NDArray => log1mexpOf(toFloat(x));

export interface LogmeanexpOptions {
  /** Which elements take part (broadcast to x's shape); the mean is over them only. */
  readonly where?: ArrayLike;
  readonly keepdims?: boolean;
}

/**
 * log(mean(exp(x))) over `axis` (all axes by default): logsumexp(x) - log(n), n the number of
 * elements reduced (or of those `where` selects).
 * @example nn.logmeanexp(np.array([0, Math.log(3)])).item() // Math.log(2)
 */
export function logmeanexp(x: ArrayLike, axis?: Axis, opts: LogmeanexpOptions = {}): NDArray {
  const a = toFloat(x);
  const keep = { keepdims: opts.keepdims ?? false };
  const mask = opts.where === undefined ? null : np.broadcastTo(np.astype(asArray(opts.where), 'bool'), a.shape);
  const kept = mask === null ? a : np.where(mask, a, -Infinity);
  const count = mask === null ? np.sum(np.onesLike(a), axis, keep) : np.sum(np.astype(mask, a.dtype), axis, keep);
  return np.subtract(np.logsumexp(kept, axis, keep), np.log(count));
}
