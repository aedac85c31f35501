/**
 * Poisson (JAX's: Knuth's product of uniforms for rate < 10, Hörmann's transformed rejection
 * above, each a `whileLoop` over the whole array until every element is done) and the
 * multivariate normal (mean + F z with F F^T = cov: Cholesky by default, or eigh / svd, as JAX).
 */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import { bind, constant, type NDArray } from '../array/ndarray';
import { broadcastShapes, fmtShape, type Shape } from '../array/shape';
import { np } from '../numpy';
import { whileLoop } from '../transforms/control/api';
import { floatDtype, normalIn, param, uniformIn, type DTypeOptions, type FloatDType } from './continuous';
import { checkKey, keyAt, shapeArg, split, type Key } from './keys';
import type { IntOptions } from './discrete';

const f32 = (v: number): NDArray => constant(v, 'float32');
const any = (x: NDArray): NDArray => np.any(x);

function knuth(k: Key, lam: NDArray, s: Shape): NDArray {
  type C = [NDArray, NDArray, Key, NDArray];
  const negLam = np.negative(lam);
  const [, kOut] = whileLoop(
    ([, , , logProd]: C) => any(np.greater(logProd, negLam)),
    ([i, kk, key, logProd]: C): C => {
      const ks = split(key, 2);
      const next = np.where(np.greater(logProd, negLam), np.add(kk, 1), kk);
      const u = uniformIn(keyAt(ks, 1), s, 'float32', 0, 1, 'poisson');
      return [np.add(i, 1), next, keyAt(ks, 0), np.add(logProd, np.log(u))];
    },
    [constant(0, 'int32'), np.zeros(s, 'int32'), k, np.zeros(s, 'float32')] as C,
  );
  return np.subtract(kOut, 1);
}

function rejection(k: Key, lam: NDArray, s: Shape): NDArray {
  type C = [NDArray, NDArray, NDArray, Key];
  const logLam = np.log(lam);
  const b = np.add(f32(0.931), np.multiply(f32(2.53), np.sqrt(lam)));
  const a = np.add(f32(-0.059), np.multiply(f32(0.02483), b));
  const invAlpha = np.add(f32(1.1239), np.divide(f32(1.1328), np.subtract(b, f32(3.4))));
  const vr = np.subtract(f32(0.9277), np.divide(f32(3.6224), np.subtract(b, f32(2))));
  const [, kOut] = whileLoop(
    ([, , accepted]: C) => any(np.logicalNot(accepted)),
    ([i, kPrev, accepted, key]: C): C => {
      const ks = split(key, 3);
      const u = np.subtract(uniformIn(keyAt(ks, 1), s, 'float32', 0, 1, 'poisson'), f32(0.5));
      const v = uniformIn(keyAt(ks, 2), s, 'float32', 0, 1, 'poisson');
      const us = np.subtract(f32(0.5), np.abs(u));
      const kk = np.floor(np.add(np.add(np.multiply(np.add(np.divide(np.multiply(f32(2), a), us), b), u), lam), f32(0.43)));
      const sv = np.log(np.divide(np.multiply(v, invAlpha), np.add(np.divide(a, np.multiply(us, us)), b)));
      const t = np.subtract(np.add(np.negative(lam), np.multiply(kk, logLam)), bind('lgamma', [np.add(kk, f32(1))]));
      const accept1 = np.logicalAnd(np.greaterEqual(us, f32(0.07)), np.lessEqual(v, vr));
      const reject = np.logicalOr(np.less(kk, f32(0)), np.logicalAnd(np.less(us, f32(0.013)), np.greater(v, us)));
      const accept = np.logicalOr(accept1, np.logicalAnd(np.logicalNot(reject), np.lessEqual(sv, t)));
      return [np.add(i, 1), np.where(accept, kk, kPrev), np.logicalOr(accepted, accept), keyAt(ks, 0)];
    },
    [constant(0, 'int32'), np.full(s, -1, 'float32'), np.zeros(s, 'bool'), k] as C,
  );
  return bind('convert', [kOut], { dtype: 'int32' });
}

/**
 * Poisson counts with rate `lam` (float32 internally, as JAX), int32 by default.
 * @example random.poisson(random.key(0), 0, [3]).toArray() // [0, 0, 0]
 */
export function poisson(key: Key, lam: ArrayLike, shape?: number | Shape, opts: IntOptions = {}): NDArray {
  const dtype = opts.dtype ?? 'int32';
  if (dtype !== 'int32') throw new TypeError(`random.poisson: dtype must be int32, got ${String(dtype)}`);
  const l0 = asArray(lam);
  const s = shape === undefined ? [...l0.shape] : shapeArg(shape, 'poisson');
  const l = np.broadcastTo(param(l0, 'float32', s, 'poisson', 'lam'), s);
  const k = checkKey(key, 'poisson');
  const useKnuth = np.logicalOr(np.isnan(l), np.less(l, f32(10)));
  const lamKnuth = np.where(useKnuth, l, f32(0));
  const lamRejection = np.where(useKnuth, f32(1e5), l);
  const result = np.where(useKnuth, knuth(k, lamKnuth, s), rejection(k, lamRejection, s));
  return np.where(np.equal(l, f32(0)), constant(0, 'int32'), result);
}

export interface MultivariateNormalOptions extends DTypeOptions {
  /** The batch shape (the result's shape without the last axis). */
  readonly shape?: number | Shape;
  /** How cov is factored (JAX's options): 'cholesky' (default), or 'eigh' / 'svd' for singular covariances. */
  readonly method?: 'cholesky' | 'eigh' | 'svd';
}

/** A factor F of cov with F Fᵀ = cov, as JAX's multivariate_normal computes it. */
function factor(cov: NDArray, method: 'cholesky' | 'eigh' | 'svd'): NDArray {
  if (method === 'cholesky') return np.linalg.cholesky(cov);
  if (method === 'eigh') {
    const r = np.linalg.eigh(cov);
    return np.multiply(r.eigenvectors, np.expandDims(np.sqrt(r.eigenvalues), -2));
  }
  if (method === 'svd') {
    const r = np.linalg.svd(cov);
    return np.multiply(r.U, np.expandDims(np.sqrt(r.S), -2));
  }
  throw new TypeError(`random.multivariateNormal: method must be 'cholesky', 'eigh' or 'svd', got ${String(method)}`);
}

/**
 * Multivariate normal values: mean + F z, with F F^T = cov (Cholesky by default) and z standard normal.
 * @example random.multivariateNormal(random.key(0), np.zeros([2]), np.eye(2), { shape: [5] }).shape // [5, 2]
 */
export function multivariateNormal(key: Key, mean: ArrayLike, cov: ArrayLike, opts: MultivariateNormalOptions = {}): NDArray {
  const m0 = asArray(mean), c0 = asArray(cov);
  const dtype: FloatDType = opts.dtype ? floatDtype(opts.dtype, 'multivariateNormal') : isFloat(m0.dtype) ? (m0.dtype as FloatDType) : 'float64';
  if (m0.ndim < 1) throw new TypeError('random.multivariateNormal: mean must have at least one axis');
  const n = m0.shape[m0.ndim - 1]!;
  if (c0.ndim < 2 || c0.shape[c0.ndim - 1] !== n || c0.shape[c0.ndim - 2] !== n)
    throw new TypeError(`random.multivariateNormal: cov must have shape (..., ${n}, ${n}) for a mean of shape ${fmtShape(m0.shape)}, got ${fmtShape(c0.shape)}`);
  const batch = opts.shape === undefined ? broadcastShapes(m0.shape.slice(0, -1), c0.shape.slice(0, -2)) : shapeArg(opts.shape, 'multivariateNormal');
  const mv = param(m0, dtype, null, 'multivariateNormal', 'mean'), cv = param(c0, dtype, null, 'multivariateNormal', 'cov');
  const z = normalIn(checkKey(key, 'multivariateNormal'), [...batch, n], dtype, 'multivariateNormal');
  const lz = np.matmul(factor(cv, opts.method ?? 'cholesky'), np.expandDims(z, -1));
  return np.add(mv, np.squeeze(lz, -1));
}
