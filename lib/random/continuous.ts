/**
 * Continuous samplers, each JAX's algorithm written with the same primitives in the same order:
 * `uniform` builds floats from the mantissa bits exactly as JAX does (so its values are JAX's bits),
 * and the others transform uniforms, so `grad` flows through them to their parameters
 * (reparameterisation) and `vmap`/`jit` see ordinary primitives.
 */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat, type DType } from '../array/dtype';
import { bind, constant, type NDArray } from '../array/ndarray';
import { broadcastShapes, fmtShape, shapesEqual, type Shape } from '../array/shape';
import { np } from '../numpy';
import { jit } from '../transforms/jit';
import { erfInv, erfInvImpl } from './erfinv';
import { checkKey, hashCounters, shapeArg, type Key } from './keys';

/** np.finfo's tiny (smallest normal), eps (1 ulp above 1) and epsneg (1 ulp below 1). */
export const FINFO = {
  float32: { tiny: 1.1754943508222875e-38, eps: 1.1920928955078125e-7, epsneg: 5.960464477539063e-8 },
  float64: { tiny: 2.2250738585072014e-308, eps: 2.220446049250313e-16, epsneg: 1.1102230246251565e-16 },
} as const;

export type FloatDType = 'float32' | 'float64';
export interface DTypeOptions {
  /** float64 (the default, like the rest of np) or float32. */
  readonly dtype?: DType;
}

/** The dtype option of a float sampler. */
export function floatDtype(dtype: DType | undefined, api: string): FloatDType {
  const d = dtype ?? 'float64';
  if (!isFloat(d)) throw new TypeError(`random.${api}: dtype must be a float dtype (float32 or float64), got ${String(d)}`);
  return d as FloatDType;
}

const c = (v: number, dtype: DType): NDArray => constant(v, dtype);
const u32 = (v: number): NDArray => constant(v, 'uint32');
const lastWord = (pair: NDArray, i: number, shape: Shape): NDArray =>
  bind('reshape', [bind('slice', [pair], { start: [...shape.map(() => 0), i], limit: [...shape, i + 1], strides: [...shape.map(() => 1), 1] })], { newSizes: shape });

/**
 * Floats in [0, 1) from the mantissa bits, as JAX's `_uniform`: float32 takes the top 23 of 32
 * random bits, float64 the top 52 of 64 (the two hash words, high word first). For float64 the
 * value 1 + m·2^-52 minus 1 is computed as m·2^-52 directly (exactly the same number), since there
 * is no uint64 to bitcast.
 */
export function unitFloats(k: Key, shape: Shape, dtype: FloatDType, api: string): NDArray {
  if (dtype === 'float32') {
    const b = hashCounters(k, shape, 'xor', api);
    const mant = bind('or', [bind('shift_right_logical', [b, np.broadcastTo(u32(9), shape)]), np.broadcastTo(u32(0x3f800000), shape)]);
    return bind('sub', [bind('bitcast_convert_type', [mant], { dtype: 'float32' }), np.broadcastTo(c(1, 'float32'), shape)]);
  }
  const pair = hashCounters(k, shape, 'pair', api);
  const hi = bind('convert', [lastWord(pair, 0, shape)], { dtype: 'float64' });
  const lo = bind('convert', [bind('shift_right_logical', [lastWord(pair, 1, shape), np.broadcastTo(u32(12), shape)])], { dtype: 'float64' });
  const m = bind('add', [bind('mul', [hi, np.broadcastTo(c(2 ** 20, 'float64'), shape)]), lo]);
  return bind('mul', [m, np.broadcastTo(c(2 ** -52, 'float64'), shape)]);
}

/** Whether `from` broadcasts to `to` without changing it. */
export function broadcastsTo(from: Shape, to: Shape): boolean {
  try {
    return shapesEqual(broadcastShapes(to, from), to);
  } catch {
    return false;
  }
}

/** A parameter in `dtype`, checked to broadcast to `shape` without growing it (JAX's `_check_shape`). */
export function param(x: ArrayLike, dtype: DType, shape: Shape | null, api: string, name: string): NDArray {
  const a = asArray(x);
  const v = a.dtype === dtype ? a : bind('convert', [a], { dtype });
  if (shape !== null && !broadcastsTo(v.shape, shape))
    throw new TypeError(`random.${api}: ${name} of shape ${fmtShape(v.shape)} must broadcast to the shape argument ${fmtShape(shape)} without changing it`);
  return v;
}

export interface UniformOptions extends DTypeOptions {
  readonly minval?: ArrayLike;
  readonly maxval?: ArrayLike;
}

/**
 * Uniform values in [minval, maxval): JAX's bits for the same key, shape and dtype.
 * @example random.uniform(random.key(0), [3], { dtype: 'float32' })
 */
export function uniform(key: Key, shape: number | Shape = [], opts: UniformOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'uniform');
  const s = shapeArg(shape, 'uniform');
  return uniformIn(checkKey(key, 'uniform'), s, dtype, opts.minval ?? 0, opts.maxval ?? 1, 'uniform');
}

/** `floats * (maxval - minval) + minval`, then max with minval, in JAX's order. */
export function uniformIn(k: Key, s: Shape, dtype: FloatDType, minval: ArrayLike, maxval: ArrayLike, api: string): NDArray {
  const lo = param(minval, dtype, s, api, 'minval'), hi = param(maxval, dtype, s, api, 'maxval');
  const f = unitFloats(k, s, dtype, api);
  return np.maximum(lo, np.add(np.multiply(f, np.subtract(hi, lo)), lo));
}

/**
 * Standard normal values: √2 · erfinv(u) for u uniform in (-1, 1), as JAX.
 * @example random.normal(random.key(0), [2, 3]).shape // [2, 3]
 */
export function normal(key: Key, shape: number | Shape = [], opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'normal');
  return normalJit(checkKey(key, 'normal'), shapeArg(shape, 'normal'), dtype);
}
/** Compiled once per shape and dtype, as JAX jits `_normal` (static shape and dtype): one fused program per call. */
const normalJit = jit((k: Key, s: Shape, dtype: FloatDType) => normalIn(k, s, dtype, 'normal'), { staticArgnums: [1, 2] });

export function normalIn(k: Key, s: Shape, dtype: FloatDType, api: string): NDArray {
  const lo = dtype === 'float32' ? -(1 - 2 ** -24) : -(1 - 2 ** -53); // nextafter(-1, 0)
  const u = uniformIn(k, s, dtype, lo, 1, api);
  // u depends on the key alone (no derivative flows through it): the plain composition, fused with the uniform
  return np.multiply(c(Math.SQRT2, dtype), erfInvImpl(u));
}

/**
 * Normal values truncated to (lower, upper), by inverting the CDF between erf(lower/√2) and
 * erf(upper/√2) as JAX does; differentiable in lower and upper.
 * @example np.all(np.lessEqual(np.abs(random.truncatedNormal(random.key(0), -1, 1, [100])), 1)).item() // true
 */
export function truncatedNormal(key: Key, lower: ArrayLike, upper: ArrayLike, shape?: number | Shape, opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'truncatedNormal');
  const lo0 = asArray(lower), hi0 = asArray(upper);
  const s = shape === undefined ? broadcastShapes(lo0.shape, hi0.shape) : shapeArg(shape, 'truncatedNormal');
  const lo = param(lo0, dtype, s, 'truncatedNormal', 'lower'), hi = param(hi0, dtype, s, 'truncatedNormal', 'upper');
  const sqrt2 = c(Math.SQRT2, dtype);
  const a = bind('erf', [np.broadcastTo(np.divide(lo, sqrt2), s)]), b = bind('erf', [np.broadcastTo(np.divide(hi, sqrt2), s)]);
  const u = uniformIn(checkKey(key, 'truncatedNormal'), s, dtype, a, b, 'truncatedNormal');
  const out = np.multiply(sqrt2, erfInv(u));
  const inf = (v: number, like: NDArray) => np.broadcastTo(c(v, dtype), like.shape);
  const loS = bind('stop_gradient', [lo]), hiS = bind('stop_gradient', [hi]);
  return np.clip(out, bind('nextafter', [loS, inf(Infinity, loS)]), bind('nextafter', [hiS, inf(-Infinity, hiS)]));
}

/**
 * Standard Gumbel values: -log(-log(u)) for u uniform in [tiny, 1).
 * @example random.gumbel(random.key(0), [2, 2]).shape // [2, 2]
 */
export function gumbel(key: Key, shape: number | Shape = [], opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'gumbel');
  return gumbelIn(checkKey(key, 'gumbel'), shapeArg(shape, 'gumbel'), dtype, 'gumbel');
}

export function gumbelIn(k: Key, s: Shape, dtype: FloatDType, api: string): NDArray {
  return np.negative(np.log(np.negative(np.log(uniformIn(k, s, dtype, FINFO[dtype].tiny, 1, api)))));
}

/**
 * Standard exponential values: -log1p(-u).
 * @example random.exponential(random.key(0), [3], { dtype: 'float32' }).dtype // 'float32'
 */
export function exponential(key: Key, shape: number | Shape = [], opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'exponential');
  const u = uniformIn(checkKey(key, 'exponential'), shapeArg(shape, 'exponential'), dtype, 0, 1, 'exponential');
  return np.negative(np.log1p(np.negative(u)));
}

/**
 * Standard Laplace values: sign(u) · log1p(-|u|) for u uniform in (-1, 1).
 * @example random.laplace(random.key(0), [3]).shape // [3]
 */
export function laplace(key: Key, shape: number | Shape = [], opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'laplace');
  const u = uniformIn(checkKey(key, 'laplace'), shapeArg(shape, 'laplace'), dtype, -1 + FINFO[dtype].epsneg, 1, 'laplace');
  return np.multiply(np.sign(u), np.log1p(np.negative(np.abs(u))));
}

/**
 * Standard logistic values: log(u) - log1p(-u) for u uniform in [tiny, 1).
 * @example random.logistic(random.key(0), [3]).shape // [3]
 */
export function logistic(key: Key, shape: number | Shape = [], opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'logistic');
  const u = uniformIn(checkKey(key, 'logistic'), shapeArg(shape, 'logistic'), dtype, FINFO[dtype].tiny, 1, 'logistic');
  return np.subtract(np.log(u), np.log1p(np.negative(u)));
}

/**
 * Standard Cauchy values: tan(π (u - 1/2)) for u uniform in [eps, 1).
 * @example random.cauchy(random.key(0), [2, 3]).shape // [2, 3]
 */
export function cauchy(key: Key, shape: number | Shape = [], opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'cauchy');
  const u = uniformIn(checkKey(key, 'cauchy'), shapeArg(shape, 'cauchy'), dtype, FINFO[dtype].eps, 1, 'cauchy');
  return np.tan(np.multiply(c(Math.PI, dtype), np.subtract(u, c(0.5, dtype))));
}
