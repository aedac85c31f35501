/**
 * Gamma and the samplers built on it (beta, dirichlet), as JAX: Marsaglia and Tsang's rejection
 * method, one key per element, mapped with `vmap` (JAX's lowering off CPU; the same values as its
 * `lax.map` on CPU, since lanes are independent), with a
 * `whileLoop` for the rejections — so under `vmap` the loops run batched and under `jit` they are
 * compiled once. Shape parameters below 1 are boosted (Gamma(a) = Gamma(a + 1) · U^(1/a)).
 */
import { asArray, type ArrayLike } from '../array/create';
import { bind, constant, type NDArray } from '../array/ndarray';
import { broadcastShapes, type Shape } from '../array/shape';
import { np } from '../numpy';
import { foriLoop, whileLoop } from '../transforms/control/api';
import { customJvp } from '../transforms/custom/api';
import { vmap } from '../transforms/vmap';
import { FINFO, floatDtype, normalIn, param, uniformIn, type DTypeOptions, type FloatDType } from './continuous';
import { checkKey, keyAt, shapeArg, split, type Key } from './keys';

type KXVU = [Key, NDArray, NDArray, NDArray];

/** JAX's `_gamma_one`: one sample of Gamma(alpha) (alpha a scalar), or its log when `logSpace`. */
function gammaOne(k: Key, alpha: NDArray, logSpace: boolean): NDArray {
  const dtype = alpha.dtype as FloatDType;
  const c0 = (v: number) => constant(v, dtype);
  const zero = c0(0), one = c0(1);
  const boost = np.greaterEqual(alpha, one);
  const a = np.where(boost, alpha, np.add(alpha, one));
  const d = np.subtract(a, c0(1 / 3));
  const c = np.divide(c0(1 / 3), np.sqrt(d));
  const ks = split(k, 2);
  const uBoost = uniformIn(keyAt(ks, 1), [], dtype, 0, 1, 'gamma');
  const cond = ([, X, V, U]: KXVU) =>
    np.logicalAnd(
      np.greaterEqual(U, np.subtract(one, np.multiply(c0(0.0331), np.multiply(X, X)))),
      np.greaterEqual(np.log(U), np.add(np.multiply(X, c0(0.5)), np.multiply(d, np.add(np.subtract(one, V), np.log(V))))),
    );
  const body = ([key]: KXVU): KXVU => {
    const ks3 = split(key, 3);
    const [, x, v] = whileLoop(
      ([, , vv]: [Key, NDArray, NDArray]) => np.lessEqual(vv, zero),
      ([kk]: [Key, NDArray, NDArray]): [Key, NDArray, NDArray] => {
        const s = split(kk, 2);
        const xx = normalIn(keyAt(s, 1), [], dtype, 'gamma');
        return [keyAt(s, 0), xx, np.add(one, np.multiply(xx, c))];
      },
      [keyAt(ks3, 1), zero, c0(-1)],
    );
    const U = uniformIn(keyAt(ks3, 2), [], dtype, 0, 1, 'gamma');
    return [keyAt(ks3, 0), np.multiply(x, x), np.multiply(np.multiply(v, v), v), U];
  };
  const [, , V] = whileLoop(cond, body, [keyAt(ks, 0), zero, one, c0(2)] as KXVU);
  if (logSpace) {
    const logBoost = np.where(boost, zero, np.multiply(np.log(uBoost), np.divide(one, alpha)));
    return np.add(np.add(np.log(d), np.log(V)), logBoost);
  }
  const z = np.multiply(np.multiply(d, V), np.where(boost, one, np.power(uBoost, np.divide(one, alpha))));
  return np.where(np.equal(z, zero), c0(FINFO[dtype].tiny), z);
}

/** One key per element (split(key, size)), then `gammaOne` mapped over keys and alphas. */
function gammaImpl(k: Key, a: NDArray, logSpace: boolean): NDArray {
  const n = a.size;
  if (n === 0) return a;
  const keys = split(k, n);
  const out = vmap((kk: NDArray, al: NDArray) => gammaOne(kk, al, logSpace))(keys, np.reshape(a, [n]));
  return np.reshape(out, a.shape);
}

function gammaArgs(key: Key, a: ArrayLike, shape: number | Shape | undefined, opts: DTypeOptions, api: string): [Key, NDArray] {
  const dtype = floatDtype(opts.dtype, api);
  const a0 = asArray(a);
  const s = shape === undefined ? [...a0.shape] : shapeArg(shape, api);
  return [checkKey(key, api), np.broadcastTo(param(a0, dtype, s, api, 'a'), s)];
}

/** Terms of the series of dP(a, z)/da (P the regularised lower incomplete gamma): enough below z ~ 150. */
const SERIES_TERMS = 256;

/**
 * dz/da of a gamma sample z, by implicit differentiation of P(a, z) = u (JAX's `random_gamma_grad`):
 * -(dP/da) / (dP/dz). With T_n = e^-z z^(a+n) / Γ(a+n+1), P = Σ T_n and dP/da = Σ T_n (log z - ψ(a+n+1));
 * dP/dz is the density z^(a-1) e^-z / Γ(a), so each term of the ratio is z^(n+1) Γ(a) / Γ(a+n+1).
 */
export function gammaSampleGrad(a: NDArray, z: NDArray): NDArray {
  const logz = np.log(z), lga = bind('lgamma', [a]);
  const [, sum] = foriLoop(0, SERIES_TERMS, (i, [n, acc]: [NDArray, NDArray]) => {
    const an1 = np.add(a, np.add(n, 1));
    const ratio = np.exp(np.subtract(np.add(np.multiply(np.add(n, 1), logz), lga), bind('lgamma', [an1])));
    return [np.add(n, 1), np.add(acc, np.multiply(ratio, np.subtract(logz, bind('digamma', [an1]))))] as [NDArray, NDArray];
  }, [np.zerosLike(a), np.zerosLike(a)] as [NDArray, NDArray]);
  return np.negative(sum);
}

/** gammaImpl with JAX's derivative in a (implicit reparameterisation): customJvp, the key not differentiated. */
function gammaWithGrad(logSpace: boolean) {
  const f = customJvp((k: Key, a: NDArray) => gammaImpl(k, a, logSpace), { nondiffArgnums: [0] });
  f.defjvp((k: Key, [a]: NDArray[], [t]: NDArray[]) => {
    const out = f(k, a!);
    const z = logSpace ? np.exp(out) : out;
    const dz = gammaSampleGrad(a!, z);
    return [out, np.multiply(t!, logSpace ? np.divide(dz, z) : dz)];
  });
  return f;
}
const gammaSampler = gammaWithGrad(false), loggammaSampler = gammaWithGrad(true);

/**
 * Standard gamma values with shape parameter `a` (broadcast against `shape`), JAX's algorithm;
 * differentiable in `a` by implicit differentiation, as JAX.
 * @example random.gamma(random.key(0), [1, 2, 3]).shape // [3]
 */
export function gamma(key: Key, a: ArrayLike, shape?: number | Shape, opts: DTypeOptions = {}): NDArray {
  const [k, al] = gammaArgs(key, a, shape, opts, 'gamma');
  return gammaSampler(k, al);
}

/**
 * log of standard gamma values, accurate for small `a` (JAX's loggamma).
 * @example random.loggamma(random.key(0), 2, [3]).shape // [3]
 */
export function loggamma(key: Key, a: ArrayLike, shape?: number | Shape, opts: DTypeOptions = {}): NDArray {
  const [k, al] = gammaArgs(key, a, shape, opts, 'loggamma');
  return loggammaSampler(k, al);
}

/**
 * Beta(a, b) values: Ga / (Ga + Gb) from two log-gamma draws, scaled by their max (JAX).
 * @example random.beta(random.key(0), 2, 3, [4]).shape // [4]
 */
export function beta(key: Key, a: ArrayLike, b: ArrayLike, shape?: number | Shape, opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'beta');
  const a0 = asArray(a), b0 = asArray(b);
  const s = shape === undefined ? broadcastShapes(a0.shape, b0.shape) : shapeArg(shape, 'beta');
  const k = checkKey(key, 'beta');
  const ks = split(k, 2);
  const la = loggamma(keyAt(ks, 0), np.broadcastTo(param(a0, dtype, s, 'beta', 'a'), s), s, { dtype });
  const lb = loggamma(keyAt(ks, 1), np.broadcastTo(param(b0, dtype, s, 'beta', 'b'), s), s, { dtype });
  const m = np.maximum(la, lb);
  const ga = np.exp(np.subtract(la, m)), gb = np.exp(np.subtract(lb, m));
  return np.divide(ga, np.add(ga, gb));
}

/**
 * Dirichlet(alpha) values over alpha's last axis: a softmax of log-gamma draws (JAX).
 * @example np.sum(random.dirichlet(random.key(0), [1, 2, 3])).item() // 1
 */
export function dirichlet(key: Key, alpha: ArrayLike, shape?: number | Shape, opts: DTypeOptions = {}): NDArray {
  const dtype = floatDtype(opts.dtype, 'dirichlet');
  const al = asArray(alpha);
  if (al.ndim < 1) throw new TypeError(`random.dirichlet: alpha must have at least one axis, got a scalar`);
  const batch = shape === undefined ? al.shape.slice(0, -1) : shapeArg(shape, 'dirichlet');
  const s = [...batch, al.shape[al.ndim - 1]!];
  const lg = loggamma(checkKey(key, 'dirichlet'), np.broadcastTo(param(al, dtype, s, 'dirichlet', 'alpha'), s), s, { dtype });
  const e = np.exp(np.subtract(lg, bind('stop_gradient', [np.max(lg, -1, { keepdims: true })])));
  return np.divide(e, np.sum(e, -1, { keepdims: true }));
}
