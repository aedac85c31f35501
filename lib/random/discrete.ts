/**
 * Discrete samplers in JAX's algorithms: bernoulli compares uniforms, randint reduces two 32-bit
 * words modulo the span with wrapping uint32 arithmetic (JAX's bits), categorical is the Gumbel-max
 * trick, permutation sorts by random 32-bit keys (stable, as lax.sort_key_val). Their gradients
 * are zero, as in JAX.
 */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat, type DType } from '../array/dtype';
import { bind, constant, isNDArray, type NDArray } from '../array/ndarray';
import { broadcastShapes, fmtShape, sizeOf, type Shape } from '../array/shape';
import { np } from '../numpy';
import { gumbelIn, param, uniformIn, unitFloats, type FloatDType } from './continuous';
import { bits, checkKey, keyAt, shapeArg, split, type Key } from './keys';

/**
 * True with probability p (p broadcasts against `shape`; the default shape is p's): u < p with u
 * uniform in p's float dtype (float64 for a JS number).
 * @example random.bernoulli(random.key(0), 0.5, [3]).dtype // 'bool'
 */
export function bernoulli(key: Key, p: ArrayLike = 0.5, shape?: number | Shape): NDArray {
  const pa = asArray(p);
  const dtype: FloatDType = isNDArray(p) ? (isFloat(pa.dtype) ? (pa.dtype as FloatDType) : badP(pa)) : 'float64';
  const s = shape === undefined ? [...pa.shape] : shapeArg(shape, 'bernoulli');
  const pv = param(pa, dtype, s, 'bernoulli', 'p');
  return np.less(unitFloatsIn(checkKey(key, 'bernoulli'), s, dtype), pv);
}
const badP = (p: NDArray): never => {
  throw new TypeError(`random.bernoulli: p must have a float dtype, got ${p.dtype}${fmtShape(p.shape)}`);
};
const unitFloatsIn = (k: Key, s: Shape, dtype: FloatDType): NDArray => uniformIn(k, s, dtype, 0, 1, 'bernoulli');

/** The first `len` entries of a 1-d array from `start`. */
const slice1 = (x: NDArray, [start]: number[], [limit]: number[]): NDArray => bind('slice', [x], { start: [start], limit: [limit], strides: [1] });
const u32c = (v: number, shape: Shape): NDArray => np.broadcastTo(constant(v, 'uint32'), shape);
const I32_MAX = 2147483647, I32_MIN = -2147483648;

/** An integer bound as int32, clipped to int32's range as JAX's `_convert_and_clip_integer`. */
function bound(x: ArrayLike, api: string, name: string): { v: NDArray; above: NDArray } {
  const a = asArray(x);
  if (a.dtype === 'bool') throw new TypeError(`random.${api}: ${name} must be an integer, got a bool array`);
  // JS numbers past int32's range clip; `above` marks a maxval past int32's largest value
  if (!isNDArray(x) && typeof x === 'number') {
    const r = Math.trunc(x);
    return { v: constant(Math.max(I32_MIN, Math.min(I32_MAX, r)), 'int32'), above: constant(r > I32_MAX ? 1 : 0, 'bool') };
  }
  const v = a.dtype === 'int32' ? a : isFloat(a.dtype) ? bind('convert', [np.clip(np.trunc(a), I32_MIN, I32_MAX)], { dtype: 'int32' }) : bind('convert', [np.minimum(a, constant(I32_MAX, a.dtype))], { dtype: 'int32' });
  const above = a.dtype === 'int32' ? np.zeros(a.shape, 'bool') : np.greater(a, constant(I32_MAX, isFloat(a.dtype) ? a.dtype : 'float64'));
  return { v, above };
}

export interface IntOptions {
  /** int32 (the default) or uint32. */
  readonly dtype?: DType;
}

/**
 * Integers in [minval, maxval): JAX's algorithm (two words of bits per value, reduced modulo the
 * span in wrapping uint32 arithmetic), so the same key gives JAX's int32 values.
 * @example random.randint(random.key(0), [3], 5, 6).toArray() // [5, 5, 5]
 */
export function randint(key: Key, shape: number | Shape, minval: ArrayLike, maxval: ArrayLike, opts: IntOptions = {}): NDArray {
  const dtype = opts.dtype ?? 'int32';
  if (dtype !== 'int32') throw new TypeError(`random.randint: dtype must be int32, got ${String(dtype)}`);
  const s = shapeArg(shape, 'randint');
  const lo = bound(minval, 'randint', 'minval'), hi = bound(maxval, 'randint', 'maxval');
  const full = broadcastShapes(s, lo.v.shape, hi.v.shape);
  if (full.length !== s.length || full.some((d, i) => d !== s[i]))
    throw new TypeError(`random.randint: minval ${fmtShape(lo.v.shape)} and maxval ${fmtShape(hi.v.shape)} must broadcast to the shape argument ${fmtShape(s)}`);
  const k = checkKey(key, 'randint');
  const ks = split(k, 2);
  const higher = bits(keyAt(ks, 0), s), lower = bits(keyAt(ks, 1), s);
  const minv = np.broadcastTo(lo.v, s), maxv = np.broadcastTo(hi.v, s);
  let span = bind('convert', [bind('sub', [maxv, minv])], { dtype: 'uint32' });
  span = bind('select', [np.lessEqual(maxv, minv), u32c(1, s), span]);
  const above = np.logicalAnd(np.broadcastTo(hi.above, s), np.greater(maxv, minv));
  span = bind('select', [above, bind('add', [span, u32c(1, s)]), span]);
  const rem = (a: NDArray, b: NDArray) => bind('rem', [a, b]);
  let multiplier = rem(u32c(2 ** 16, s), span);
  multiplier = rem(bind('mul', [multiplier, multiplier]), span);
  const offset = rem(bind('add', [bind('mul', [rem(higher, span), multiplier]), rem(lower, span)]), span);
  return bind('add', [minv, bind('convert', [offset], { dtype: 'int32' })]);
}

/**
 * Rademacher values: -1 or 1 with equal probability (2·bernoulli(0.5) - 1).
 * @example np.all(np.equal(np.abs(random.rademacher(random.key(0), [5])), 1)).item() // true
 */
export function rademacher(key: Key, shape: number | Shape = [], opts: IntOptions = {}): NDArray {
  const dtype = opts.dtype ?? 'int32';
  const b = bind('convert', [bernoulli(key, 0.5, shape)], { dtype });
  return np.subtract(np.multiply(b, 2), 1);
}

export interface CategoricalOptions {
  /** The axis of the categories (default -1). */
  readonly axis?: number;
  /** The result shape: the batch shape of logits, with any leading sample axes. */
  readonly shape?: number | Shape;
}

/**
 * Category indices drawn with probabilities softmax(logits) along `axis`: argmax(logits + gumbel).
 * @example random.categorical(random.key(0), np.log(np.array([[0, 1], [1, 0]]))).toArray() // [1, 0]
 */
export function categorical(key: Key, logits: ArrayLike, opts: CategoricalOptions = {}): NDArray {
  const l0 = asArray(logits);
  const l = isFloat(l0.dtype) ? l0 : bind('convert', [l0], { dtype: 'float64' });
  if (l.ndim === 0) throw new TypeError('random.categorical: logits must have at least one axis (the categories)');
  const nd = l.ndim, axis = (opts.axis ?? -1) < 0 ? (opts.axis ?? -1) + nd : opts.axis!;
  if (!(axis >= 0 && axis < nd)) throw new RangeError(`random.categorical: axis ${opts.axis} is out of range for logits of shape ${fmtShape(l.shape)}`);
  const batch = l.shape.filter((_, i) => i !== axis);
  const shape = opts.shape === undefined ? batch : shapeArg(opts.shape, 'categorical');
  const full = broadcastShapes(shape.slice(shape.length - batch.length), batch);
  if (shape.length < batch.length || full.some((d, i) => d !== shape[shape.length - batch.length + i]))
    throw new TypeError(`random.categorical: shape ${fmtShape(shape)} must end with the logits' batch shape ${fmtShape(batch)}`);
  const prefix = shape.slice(0, shape.length - batch.length);
  const logitsShape = [...shape.slice(shape.length - batch.length)];
  logitsShape.splice(axis, 0, l.shape[axis]!);
  const g = gumbelIn(checkKey(key, 'categorical'), [...prefix, ...logitsShape], l.dtype as FloatDType, 'categorical');
  const lx = np.reshape(l, [...prefix.map(() => 1), ...l.shape]);
  return np.argmax(np.add(g, lx), prefix.length + axis);
}

/** JAX's `_shuffle`: sort along `axis` by fresh random 32-bit keys, ⌈3 ln n / ln(2^32 - 1)⌉ times. */
function shuffle(key: Key, x: NDArray, axis: number): NDArray {
  const rounds = Math.ceil((3 * Math.log(Math.max(1, x.size))) / Math.log(4294967295));
  let k = key, out = x;
  for (let r = 0; r < rounds; r++) {
    const ks = split(k, 2);
    k = keyAt(ks, 0);
    const order = np.argsort(bits(keyAt(ks, 1), x.shape), axis);
    out = np.takeAlongAxis(out, order, axis);
  }
  return out;
}

export interface PermutationOptions {
  readonly axis?: number;
  /** Shuffle each slice along `axis` independently (default false: permute whole slices). */
  readonly independent?: boolean;
}

/**
 * A random permutation of `arange(x)` (x a number) or of x's slices along `axis`.
 * @example np.sort(random.permutation(random.key(0), 4)).toArray() // [0, 1, 2, 3]
 */
export function permutation(key: Key, x: number | ArrayLike, opts: PermutationOptions = {}): NDArray {
  const k = checkKey(key, 'permutation');
  if (typeof x === 'number') {
    if (!Number.isInteger(x) || x < 0) throw new TypeError(`random.permutation: x must be a non-negative integer or an array, got ${x}`);
    return shuffle(k, np.arange(x, 'int32'), 0);
  }
  const a = asArray(x);
  if (a.ndim === 0) throw new TypeError('random.permutation: x must be an integer or at least 1-dimensional');
  const axis = (opts.axis ?? 0) < 0 ? (opts.axis ?? 0) + a.ndim : (opts.axis ?? 0);
  if (opts.independent || a.ndim === 1) return shuffle(k, a, axis);
  return np.take(a, shuffle(k, np.arange(a.shape[axis]!, 'int32'), 0), axis);
}

export interface ChoiceOptions {
  readonly shape?: number | Shape;
  /** With replacement (default true). */
  readonly replace?: boolean;
  /** Probabilities of the entries (1-d, one per entry along `axis`). */
  readonly p?: ArrayLike;
  readonly axis?: number;
}

/**
 * A sample of `a`'s entries along `axis` (or of arange(a) for a number), JAX's algorithms.
 * @example random.choice(random.key(0), 5, { shape: [3], replace: false }).shape // [3]
 */
export function choice(key: Key, a: number | ArrayLike, opts: ChoiceOptions = {}): NDArray {
  const k = checkKey(key, 'choice');
  const shape = shapeArg(opts.shape ?? [], 'choice');
  const arr = typeof a === 'number' ? null : asArray(a);
  const axis = arr === null ? 0 : (opts.axis ?? 0) < 0 ? (opts.axis ?? 0) + arr.ndim : (opts.axis ?? 0);
  const n = arr === null ? (a as number) : arr.ndim === 0 ? Number(arr.item()) : arr.shape[axis]!;
  const nDraws = sizeOf(shape);
  const pick = (ind: NDArray): NDArray => (arr === null || arr.ndim === 0 ? ind : np.take(arr, ind, axis));
  if (nDraws === 0) return np.zeros(shape, arr?.dtype ?? 'int32');
  if (!(n > 0)) throw new RangeError('random.choice: a must be greater than 0 unless no samples are taken');
  const replace = opts.replace ?? true;
  if (!replace && nDraws > n) throw new RangeError(`random.choice: cannot take ${nDraws} samples from ${n} entries without replacement`);
  let ind: NDArray;
  if (opts.p === undefined) {
    if (replace) ind = randint(k, shape, 0, n);
    else ind = np.reshape(slice1(permutation(k, n), [0], [nDraws]), shape);
  } else {
    const p0 = asArray(opts.p);
    const p = isFloat(p0.dtype) ? p0 : bind('convert', [p0], { dtype: 'float64' });
    if (p.ndim !== 1 || p.shape[0] !== n) throw new TypeError(`random.choice: p must have shape (${n},), got ${fmtShape(p.shape)}`);
    const dtype = p.dtype as FloatDType;
    if (replace) {
      const cum = np.cumsum(p);
      const last = np.reshape(slice1(cum, [n - 1], [n]), []);
      const r = np.multiply(last, np.subtract(1, unitFloats(k, shape, dtype, 'choice')));
      // searchsorted(cum, r) (left): the number of cumulative sums below r
      ind = np.sum(np.astype(np.less(np.expandDims(cum, shape.map((_, i) => i)), np.expandDims(r, -1)), 'int32'), -1);
    } else {
      const g = np.subtract(np.negative(gumbelIn(k, [n], dtype, 'choice')), np.log(p));
      ind = np.reshape(slice1(np.argsort(g), [0], [nDraws]), shape);
    }
  }
  const out = pick(ind);
  if (arr === null || arr.ndim === 0) return np.reshape(out, shape);
  return np.reshape(out, [...arr.shape.slice(0, axis), ...shape, ...arr.shape.slice(axis + 1)]);
}

