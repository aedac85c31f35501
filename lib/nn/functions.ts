/** `nn`'s non-elementwise functions: one-hot encoding, standardisation and scaled dot-product attention. */
import { asArray, type ArrayLike } from '../array/create';
import { isDType, isFloat, type DType } from '../array/dtype';
import { bind, type NDArray } from '../array/ndarray';
import { fmtShape, ShapeError } from '../array/shape';
import { np } from '../numpy';
import { promote, type Axis } from '../numpy/util';

export interface OneHotOptions {
  /** The result's dtype (default float64). */
  readonly dtype?: DType;
  /** Where the class axis goes in the result (default -1, last). */
  readonly axis?: number;
}

/**
 * One-hot encodes integer class indices: the result has a new axis of length `numClasses` that is 1
 * at the index and 0 elsewhere; indices outside [0, numClasses) encode as all zeros (as in JAX).
 * @example nn.oneHot([0, 2], 3).toArray() // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(x: ArrayLike, numClasses: number, opts: OneHotOptions = {}): NDArray {
  const a = asArray(x);
  if (!Number.isInteger(numClasses) || numClasses < 0)
    throw new TypeError(`nn.oneHot: numClasses must be a non-negative integer, got ${String(numClasses)}`);
  const dtype = opts.dtype ?? 'float64';
  if (!isDType(dtype)) throw new TypeError(`nn.oneHot: dtype must be a dtype name, got ${String(dtype)}`);
  const axis = opts.axis ?? -1,
    r = a.ndim + 1;
  const ax = axis < 0 ? axis + r : axis;
  if (!Number.isInteger(axis) || ax < 0 || ax >= r)
    throw new RangeError(`nn.oneHot: axis ${axis} is out of range for a result of rank ${r}`);
  const shape = [...a.shape.slice(0, ax), numClasses, ...a.shape.slice(ax)];
  const classes = bind('iota', [], { dtype: a.dtype === 'bool' ? 'int32' : a.dtype, shape, dimension: ax });
  const idx = np.broadcastTo(np.expandDims(a.dtype === 'bool' ? np.astype(a, 'int32') : a, ax), shape);
  return np.astype(np.equal(idx, classes), dtype);
}

export interface StandardizeOptions {
  /** Use this mean instead of x's (broadcasting against x). */
  readonly mean?: ArrayLike;
  /** Use this variance instead of x's. */
  readonly variance?: ArrayLike;
  /** Added to the variance before the square root (default 1e-5). */
  readonly epsilon?: number;
}

/**
 * (x - mean) / sqrt(variance + epsilon) over `axis` (default last), with jax.nn's variance
 * mean(x^2) - mean(x)^2 when none is given.
 * @example nn.standardize(np.array([1, 3])).toArray() // [-1, 1]
 */
export function standardize(x: ArrayLike, axis: Axis = -1, opts: StandardizeOptions = {}): NDArray {
  const [a] = promote(x);
  const f = isFloat(a!.dtype) ? a! : np.astype(a!, 'float64');
  const mean = opts.mean ?? np.mean(f, axis, { keepdims: true });
  const variance = opts.variance ?? np.subtract(np.mean(np.square(f), axis, { keepdims: true }), np.square(mean));
  return np.multiply(np.subtract(f, mean), np.rsqrt(np.add(variance, opts.epsilon ?? 1e-5)));
}

export interface AttentionOptions {
  /** Added to the logits; broadcasts to [B, N, T, S] ([N, T, S] unbatched). */
  readonly bias?: ArrayLike;
  /** A bool array broadcasting to the logits: false entries take no part in the attention. */
  readonly mask?: ArrayLike;
  /** The logits' scale (default 1 / sqrt(H)). */
  readonly scale?: number;
  /** Each query position t attends to key positions s <= t only. */
  readonly isCausal?: boolean;
}

/**
 * softmax(Q K^T * scale + bias, masked) V over query [B, T, N, H] (or [T, N, H]), key and value
 * [B, S, K, H]: N query heads share K key/value heads in groups of N / K (multi-query and grouped
 * attention). Masked logits become -0.7 * the dtype's largest value, as in JAX, so a fully
 * masked row attends uniformly instead of producing NaN.
 * @example nn.dotProductAttention(np.ones([1, 3, 2, 4]), np.ones([1, 5, 2, 4]), np.ones([1, 5, 2, 4])).shape // [1, 3, 2, 4]
 */
export function dotProductAttention(query: ArrayLike, key: ArrayLike, value: ArrayLike, opts: AttentionOptions = {}): NDArray {
  let [q, k, v] = promote(query, key, value) as [NDArray, NDArray, NDArray];
  if (!isFloat(q.dtype)) [q, k, v] = [q, k, v].map((t) => np.astype(t, 'float64')) as [NDArray, NDArray, NDArray];
  const rank = q.ndim;
  if (rank !== 3 && rank !== 4)
    throw new ShapeError(`nn.dotProductAttention: query must be [B, T, N, H] or [T, N, H], got shape ${fmtShape(q.shape)}`);
  for (const [name, t] of [
    ['key', k],
    ['value', v],
  ] as const)
    if (t.ndim !== rank)
      throw new ShapeError(
        `nn.dotProductAttention: ${name} must have the query's rank ${rank} ([B, S, K, H]), got shape ${fmtShape(t.shape)}`,
      );
  if (rank === 3) [q, k, v] = [q, k, v].map((t) => np.expandDims(t, 0)) as [NDArray, NDArray, NDArray];
  const [B, T, N, H] = q.shape as [number, number, number, number];
  const [Bk, S, K, Hk] = k.shape as [number, number, number, number];
  if (fmtShape(k.shape) !== fmtShape(v.shape))
    throw new ShapeError(`nn.dotProductAttention: key and value must have one shape, got ${fmtShape(k.shape)} and ${fmtShape(v.shape)}`);
  if (Bk !== B || Hk !== H)
    throw new ShapeError(`nn.dotProductAttention: key's batch and head size must match query's (${B}, ${H}), got (${Bk}, ${Hk})`);
  if (K === 0 || N % K !== 0)
    throw new ShapeError(`nn.dotProductAttention: the query's ${N} heads must be a multiple of the key's ${K} heads`);
  // key/value head kk serves query heads kk * G .. kk * G + G - 1
  const grouped = (t: NDArray) => (K === N ? t : np.reshape(np.broadcastTo(np.expandDims(t, 3), [B, S, K, N / K, H]), [B, S, N, H]));
  const scale = opts.scale ?? 1 / Math.sqrt(H);
  let logits = np.multiply(np.einsum('btnh,bsnh->bnts', q, grouped(k)), scale);
  const lift = (t: ArrayLike, name: string): NDArray => {
    const a = asArray(t);
    if (rank === 3 && a.ndim > 3)
      throw new ShapeError(
        `nn.dotProductAttention: ${name} of unbatched attention must broadcast to [N, T, S], got shape ${fmtShape(a.shape)}`,
      );
    return rank === 3 && a.ndim === 3 ? np.expandDims(a, 0) : a;
  };
  if (opts.bias !== undefined) logits = np.add(logits, lift(opts.bias, 'bias'));
  let keep: NDArray | null = null;
  if (opts.mask !== undefined) {
    const m = lift(opts.mask, 'mask');
    if (m.dtype !== 'bool') throw new TypeError(`nn.dotProductAttention: mask must be a bool array, got dtype ${m.dtype}`);
    keep = m;
  }
  if (opts.isCausal) {
    const causal = np.greaterEqual(
      bind('iota', [], { dtype: 'int32', shape: [T, S], dimension: 0 }),
      bind('iota', [], { dtype: 'int32', shape: [T, S], dimension: 1 }),
    );
    keep = keep === null ? causal : np.logicalAnd(keep, causal);
  }
  if (keep !== null) {
    const largeNegative = -0.7 * (logits.dtype === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE);
    logits = np.where(keep, logits, np.astype(np.array(largeNegative), logits.dtype));
  }
  const out = np.einsum('bnts,bsnh->btnh', np.softmax(logits, -1), grouped(v));
  return rank === 3 ? np.squeeze(out, 0) : out;
}
