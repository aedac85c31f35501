/**
 * Activation functions of `nn`, as jax.nn defines them: compositions of primitives, written so that
 * they stay finite where the naive formula overflows, and so that their derivatives at the kinks are
 * JAX's (relu'(0) = 0, relu6'(6) = 0): a `select` picks the branch, and the derivative is the one
 * of the branch taken.
 */
import { asArray, type ArrayLike } from '../array/create';
import type { NDArray } from '../array/ndarray';
import * as laxSpecial from '../lax/special';
import { np } from '../numpy';
import { toFloat } from '../numpy/util';
import { customJvp } from '../transforms/custom/api';

const SQRT_HALF = Math.SQRT1_2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** A float operand (ints and bools become float64, as jax.nn promotes them). */
const floating = (x: ArrayLike): NDArray => toFloat(x);
/** An array operand of its own numeric dtype (bools count as int32). */
function numeric(x: ArrayLike): NDArray {
  const a = asArray(x);
  return a.dtype === 'bool' ? np.astype(a, 'int32') : a;
}
/** A finite positive number option, checked by name. */
function positive(v: number, api: string, name: string): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))
    throw new TypeError(`nn.${api}: ${name} must be a finite positive number, got ${String(v)}`);
  return v;
}

/**
 * max(x, 0) as JAX computes it: x where x >= 0 (so -0 stays -0), 0 elsewhere (NaN included), with
 * derivative 0 at 0 (JAX's choice): at ±0 the value is x * 0, whose derivative is 0.
 * @example nn.relu(np.array([-1, 0, 2])).toArray() // [0, 0, 2]
 */
export function relu(x: ArrayLike): NDArray {
  const a = numeric(x);
  return np.where(np.greater(a, 0), a, np.where(np.equal(a, 0), np.multiply(a, 0), np.zerosLike(a)));
}

/**
 * min(max(x, 0), 6), with derivative 0 at 0 and at 6 (JAX's); NaN stays NaN.
 * @example nn.relu6(np.array([-1, 3, 8])).toArray() // [0, 3, 6]
 */
export function relu6(x: ArrayLike): NDArray {
  const a = numeric(x);
  const inside = np.logicalOr(np.logicalAnd(np.greater(a, 0), np.less(a, 6)), np.isnan(a));
  return np.where(inside, a, np.where(np.greaterEqual(a, 6), np.full(a.shape, 6, a.dtype), np.zerosLike(a)));
}

/**
 * -1 below -1, 1 above 1, x between.
 * @example nn.hardTanh(np.array([-2, 0.5, 2])).toArray() // [-1, 0.5, 1]
 */
export function hardTanh(x: ArrayLike): NDArray {
  const a = numeric(x);
  return np.where(np.greater(a, 1), np.onesLike(a), np.where(np.less(a, -1), np.full(a.shape, -1, a.dtype), a));
}

/**
 * relu6(x + 3) / 6.
 * @example nn.hardSigmoid(np.array([-3, 0, 3])).toArray() // [0, 0.5, 1]
 */
export const hardSigmoid = (x: ArrayLike): NDArray => np.divide(relu6(np.add(floating(x), 3)), 6);
/**
 * x * hardSigmoid(x) (hard swish).
 * @example nn.hardSilu(np.array([-3, 0, 3])).toArray() // [0, 0, 3]
 */
export const hardSilu = (x: ArrayLike): NDArray => {
  const a = floating(x);
  return np.multiply(a, hardSigmoid(a));
};
/**
 * Alias of `hardSilu`: `x * hardSigmoid(x)` (hard swish); integer input is promoted to float.
 * @example nn.hardSwish(np.array([-3, 0, 3])).toArray() // [0, 0, 3]
 */
export const hardSwish = hardSilu;

/**
 * x if x >= 0 else negativeSlope * x.
 * @example nn.leakyRelu(np.array([-1, 2]), 0.1).toArray() // [-0.1, 2]
 */
export function leakyRelu(x: ArrayLike, negativeSlope: ArrayLike = 0.01): NDArray {
  const a = floating(x);
  return np.where(np.greaterEqual(a, 0), a, np.multiply(negativeSlope, a));
}

/**
 * 1 / (1 + exp(-x)).
 * @example nn.sigmoid(np.array([0])).toArray() // [0.5]
 */
export const sigmoid = (x: ArrayLike): NDArray => np.sigmoid(x);

/**
 * log(1 + exp(x)) as max(x, 0) + log1p(exp(-|x|)): no overflow for large x, no underflow to 0 for
 * very negative x. Its derivative is JAX's (logaddexp's custom JVP): t * sigmoid(x), so
 * softplus'(0) = 0.5 rather than whatever the kinks of max and abs would give.
 */
const softplusOf = customJvp((a: NDArray) => np.add(np.maximum(a, 0), np.log1p(np.exp(np.negative(np.abs(a))))));
softplusOf.defjvp(([a]: [NDArray], [t]: [NDArray]) => [softplusOf(a), np.multiply(t, np.sigmoid(a))]);
/**
 * `log(1 + exp(x))` elementwise, computed as `max(x, 0) + log1p(exp(-abs(x)))` (no overflow), with JAX's derivative `sigmoid(x)`; integer input is promoted to float.
 * @example nn.softplus(np.array([0])).toArray() // [Math.LN2]
 */
export const softplus = (x: ArrayLike): NDArray => softplusOf(floating(x));

/**
 * log(sigmoid(x)) = -softplus(-x), finite where sigmoid underflows to 0.
 * @example nn.logSigmoid(np.array([0])).toArray() // [-Math.LN2]
 */
export const logSigmoid = (x: ArrayLike): NDArray => np.negative(softplus(np.negative(floating(x))));

/**
 * x * sigmoid(x).
 * @example nn.silu(np.array([0])).toArray() // [0]
 */
export const silu = (x: ArrayLike): NDArray => {
  const a = floating(x);
  return np.multiply(a, np.sigmoid(a));
};
/**
 * Alias of `silu`: `x * sigmoid(x)`; integer input is promoted to float.
 * @example nn.swish(np.array([0, 1])).toArray() // [0, 1 / (1 + Math.exp(-1))]
 */
export const swish = silu;

/**
 * x * tanh(softplus(x)).
 * @example nn.mish(np.array([0])).toArray() // [0]
 */
export const mish = (x: ArrayLike): NDArray => {
  const a = floating(x);
  return np.multiply(a, np.tanh(softplus(a)));
};

/**
 * x for x > 0, alpha * (exp(x) - 1) otherwise. The exponential sees min(x, 0) only, so a large x
 * cannot overflow into the branch not taken (inf * 0 would poison the gradient).
 * @example nn.elu(np.array([-Infinity, 0, 2])).toArray() // [-1, 0, 2]
 */
export function elu(x: ArrayLike, alpha: ArrayLike = 1): NDArray {
  const a = floating(x);
  const pos = np.greater(a, 0);
  return np.where(pos, a, np.multiply(alpha, np.expm1(np.where(pos, 0, a))));
}

/**
 * scale * elu(x, alpha) with the self-normalising constants of Klambauer et al.
 * @example nn.selu(np.array([0, 1])).toArray() // [0, 1.0507009873554805]
 */
export const selu = (x: ArrayLike): NDArray => np.multiply(SELU_SCALE, elu(x, SELU_ALPHA));

/**
 * max(x, 0) + alpha * (exp(min(x, 0) / alpha) - 1).
 * @example nn.celu(np.array([-Infinity, 0, 2])).toArray() // [-1, 0, 2]
 */
export function celu(x: ArrayLike, alpha = 1): NDArray {
  positive(alpha, 'celu', 'alpha');
  const a = floating(x);
  return np.add(np.maximum(a, 0), np.multiply(alpha, np.expm1(np.divide(np.minimum(a, 0), alpha))));
}

export interface GeluOptions {
  /** The tanh approximation (JAX's default, true) or the exact x * Phi(x) with erfc. */
  readonly approximate?: boolean;
}
/**
 * Gaussian error linear unit: x/2 * erfc(-x / sqrt 2), or its tanh approximation (the default, as in JAX).
 * @example nn.gelu(np.array([0])).toArray() // [0]
 */
export function gelu(x: ArrayLike, opts: GeluOptions = {}): NDArray {
  const a = floating(x);
  if (opts.approximate === false) return np.multiply(np.multiply(0.5, a), laxSpecial.erfc(np.multiply(np.negative(a), SQRT_HALF)));
  const inner = np.multiply(SQRT_2_OVER_PI, np.add(a, np.multiply(0.044715, np.multiply(a, np.multiply(a, a)))));
  return np.multiply(a, np.multiply(0.5, np.add(1, np.tanh(inner))));
}

/**
 * (x + sqrt(x^2 + b)) / 2.
 * @example nn.squareplus(np.array([0])).toArray() // [1]
 */
export function squareplus(x: ArrayLike, b: ArrayLike = 4): NDArray {
  const a = floating(x);
  return np.divide(np.add(a, np.sqrt(np.add(np.multiply(a, a), b))), 2);
}

/**
 * The first half of x along `axis` times the sigmoid of the second half; the axis length must be even.
 * @example nn.glu(np.array([1, 0])).toArray() // [0.5]
 */
export function glu(x: ArrayLike, axis = -1): NDArray {
  const a = floating(x);
  if (a.ndim === 0) throw new TypeError('nn.glu: x must have at least one axis, got a 0-d array');
  const ax = axis < 0 ? axis + a.ndim : axis;
  if (!Number.isInteger(axis) || ax < 0 || ax >= a.ndim)
    throw new RangeError(`nn.glu: axis ${axis} is out of range for an array of rank ${a.ndim}`);
  const n = a.shape[ax]!;
  if (n % 2 !== 0) throw new RangeError(`nn.glu: the length of axis ${axis} must be even, got ${n}`);
  const [x1, x2] = np.split(a, 2, ax);
  return np.multiply(x1!, np.sigmoid(x2!));
}
