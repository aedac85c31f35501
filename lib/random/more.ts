/**
 * More of jax.random's samplers, each JAX's composition of the ones before it: lognormal, pareto,
 * weibullMin, rayleigh, maxwell, doubleSidedMaxwell, chisquare, t, f, geometric, generalizedNormal.
 */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import { constant, type NDArray } from '../array/ndarray';
import { broadcastShapes, type Shape } from '../array/shape';
import { np } from '../numpy';
import { exponential, floatDtype, normal, param, uniformIn, type DTypeOptions, type FloatDType } from './continuous';
import { rademacher, type IntOptions } from './discrete';
import { gamma, loggamma } from './gamma';
import { checkKey, keyAt, shapeArg, split, type Key } from './keys';

/** The shape a sampler draws: `shape` if given, else the parameters' broadcast shape. */
const drawShape = (shape: number | Shape | undefined, api: string, ...params: NDArray[]): number[] =>
  shape === undefined ? broadcastShapes(...params.map((p) => p.shape)) : shapeArg(shape, api);
const two = (k: Key): [Key, Key] => {
  const ks = split(k, 2);
  return [keyAt(ks, 0), keyAt(ks, 1)];
};

/**
 * exp(sigma · normal): log-normal values.
 * @example np.all(np.greater(random.lognormal(random.key(0), 1, [5]), 0)).item() // true
 */
export function lognormal(key: Key, sigma: ArrayLike = 1, shape?: number | Shape, opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'lognormal');
  const s0 = asArray(sigma), s = drawShape(shape, 'lognormal', s0);
  return np.exp(np.multiply(param(s0, dtype, s, 'lognormal', 'sigma'), normal(checkKey(key, 'lognormal'), s, { dtype })));
}

/**
 * Pareto(b) values on [1, ∞): exp(exponential / b).
 * @example random.pareto(random.key(0), 3, [4]).shape // [4]
 */
export function pareto(key: Key, b: ArrayLike, shape?: number | Shape, opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'pareto');
  const b0 = asArray(b), s = drawShape(shape, 'pareto', b0);
  return np.exp(np.divide(exponential(checkKey(key, 'pareto'), s, { dtype }), param(b0, dtype, s, 'pareto', 'b')));
}

/**
 * Weibull values by the inverse CDF: (-log1p(-u))^(1/concentration) · scale.
 * @example random.weibullMin(random.key(0), 1, 2, [3]).shape // [3]
 */
export function weibullMin(key: Key, scale: ArrayLike, concentration: ArrayLike, shape: number | Shape = [], opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'weibullMin');
  const s = shapeArg(shape, 'weibullMin');
  const u = uniformIn(checkKey(key, 'weibullMin'), s, dtype, 0, 1, 'weibullMin');
  const c = param(concentration, dtype, null, 'weibullMin', 'concentration');
  return np.multiply(np.power(np.negative(np.log1p(np.negative(u))), np.divide(1, c)), param(scale, dtype, null, 'weibullMin', 'scale'));
}

/**
 * Rayleigh(scale) values: scale · sqrt(-2 log u).
 * @example random.rayleigh(random.key(0), 1, [3]).shape // [3]
 */
export function rayleigh(key: Key, scale: ArrayLike = 1, shape?: number | Shape, opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'rayleigh');
  const sc0 = asArray(scale), s = drawShape(shape, 'rayleigh', sc0);
  const u = uniformIn(checkKey(key, 'rayleigh'), s, dtype, 0, 1, 'rayleigh');
  const sc = np.broadcastTo(param(sc0, dtype, s, 'rayleigh', 'scale'), s);
  return np.multiply(sc, np.sqrt(np.multiply(np.log(u), constant(-2, dtype))));
}

/**
 * One-sided Maxwell values: the norm of three standard normals.
 * @example random.maxwell(random.key(0), [3]).shape // [3]
 */
export function maxwell(key: Key, shape: number | Shape = [], opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'maxwell');
  const z = normal(checkKey(key, 'maxwell'), [...shapeArg(shape, 'maxwell'), 3], { dtype });
  return np.sqrt(np.sum(np.square(z), -1));
}

/**
 * Double-sided Maxwell values: a random sign times a Maxwell value, scaled and shifted.
 * @example random.doubleSidedMaxwell(random.key(0), 0, 1, [4]).shape // [4]
 */
export function doubleSidedMaxwell(key: Key, loc: ArrayLike, scale: ArrayLike, shape: number | Shape = [], opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'doubleSidedMaxwell');
  const l = asArray(loc), sc = asArray(scale);
  const ps = broadcastShapes(l.shape, sc.shape), s0 = shapeArg(shape, 'doubleSidedMaxwell');
  const s = [...(s0.length === 0 ? ps : s0), ...ps];
  const [km, kr] = two(checkKey(key, 'doubleSidedMaxwell'));
  const sign = rademacher(kr, s, { dtype });
  return np.add(np.multiply(np.multiply(sign, maxwell(km, s, { dtype })), param(sc, dtype, null, 'doubleSidedMaxwell', 'scale')), param(l, dtype, null, 'doubleSidedMaxwell', 'loc'));
}

/**
 * Chi-squared(df) values: 2 · exp(loggamma(df / 2)).
 * @example random.chisquare(random.key(0), 3, [5]).shape // [5]
 */
export function chisquare(key: Key, df: ArrayLike, shape?: number | Shape, opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'chisquare');
  const d0 = asArray(df), s = drawShape(shape, 'chisquare', d0);
  const half = np.divide(param(d0, dtype, s, 'chisquare', 'df'), constant(2, dtype));
  return np.multiply(np.exp(loggamma(checkKey(key, 'chisquare'), half, s, { dtype })), constant(2, dtype));
}

/**
 * Student's t(df) values: normal · sqrt((df/2) / gamma(df/2)).
 * @example random.t(random.key(0), 5, [3]).shape // [3]
 */
export function t(key: Key, df: ArrayLike, shape: number | Shape = [], opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 't');
  const s = shapeArg(shape, 't');
  const [kn, kg] = two(checkKey(key, 't'));
  const n = normal(kn, s, { dtype });
  const half = np.divide(param(df, dtype, s, 't', 'df'), constant(2, dtype));
  return np.multiply(n, np.sqrt(np.divide(half, gamma(kg, np.broadcastTo(half, s), s, { dtype }))));
}

/**
 * F(dfnum, dfden) values: (chi2(dfnum) / dfnum) / (chi2(dfden) / dfden).
 * @example random.f(random.key(0), 3, 5, [2]).shape // [2]
 */
export function f(key: Key, dfnum: ArrayLike, dfden: ArrayLike, shape?: number | Shape, opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'f');
  const n0 = asArray(dfnum), d0 = asArray(dfden), s = drawShape(shape, 'f', d0, n0);
  const [kd, kn] = two(checkKey(key, 'f'));
  const dn = np.broadcastTo(param(n0, dtype, s, 'f', 'dfnum'), s), dd = np.broadcastTo(param(d0, dtype, s, 'f', 'dfden'), s);
  return np.divide(np.divide(chisquare(kn, dn, s, { dtype }), dn), np.divide(chisquare(kd, dd, s, { dtype }), dd));
}

/**
 * Geometric(p) values on 1, 2, …: floor(log u / log1p(-p)) + 1, int32.
 * @example random.geometric(random.key(0), 1, [3]).toArray() // [1, 1, 1]
 */
export function geometric(key: Key, p: ArrayLike, shape?: number | Shape, opts: IntOptions = {}): NDArray {
  const p0 = asArray(p);
  const dtype: FloatDType = isFloat(p0.dtype) && typeof p !== 'number' ? (p0.dtype as FloatDType) : 'float64';
  const s = drawShape(shape, 'geometric', p0);
  const u = uniformIn(checkKey(key, 'geometric'), s, dtype, 0, 1, 'geometric');
  const g = np.add(np.floor(np.divide(np.log(u), np.broadcastTo(np.log1p(np.negative(param(p0, dtype, s, 'geometric', 'p'))), s))), 1);
  return np.astype(g, opts.dtype ?? 'int32');
}

/**
 * Generalized normal values (density ∝ exp(-|x|^p)): a random sign times gamma(1/p)^(1/p).
 * @example random.generalizedNormal(random.key(0), 2, [3]).shape // [3]
 */
export function generalizedNormal(key: Key, p: number, shape: number | Shape = [], opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'generalizedNormal');
  const s = shapeArg(shape, 'generalizedNormal');
  const ks = split(checkKey(key, 'generalizedNormal'), 2);
  const g = gamma(keyAt(ks, 0), 1 / p, s, { dtype });
  const r = rademacher(keyAt(ks, 1), s, { dtype });
  return np.multiply(r, np.power(g, constant(1 / p, dtype)));
}
