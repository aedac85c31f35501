/**
 * Keys and raw bits: JAX's threefry2x32 PRNG with `jax_threefry_partitionable` on (JAX's default
 * since 0.5). A key is a plain uint32[2] NDArray, so keys are data every transform can carry:
 * `vmap(f)(split(key, n), xs)` gives each example its own stream.
 */
import { asArray, type ArrayLike } from '../array/create';
import type { DType } from '../array/dtype';
import { bind, constant, isNDArray, lazyLeaf, type NDArray } from '../array/ndarray';
import { checkShape, fmtShape, sizeOf, type Shape } from '../array/shape';

/** A random key: uint32[2] (JAX's raw `PRNGKey` layout). Under vmap, one key per example. */
export type Key = NDArray;

/** Checks that `key` is a uint32[2] key; `api` names the function in the error. */
export function checkKey(key: unknown, api: string): Key {
  if (!isNDArray(key)) throw new TypeError(`random.${api}: key must be a uint32[2] NDArray from random.key, split or foldIn, got ${key === null ? 'null' : typeof key}`);
  if (key.dtype !== 'uint32')
    throw new TypeError(`random.${api}: key must have dtype uint32, got a ${key.dtype}${fmtShape(key.shape)} array (make keys with random.key(seed), not np.array)`);
  if (key.shape.length !== 1 || key.shape[0] !== 2)
    throw new TypeError(
      `random.${api}: key must have shape (2,), got uint32${fmtShape(key.shape)}` +
        (key.shape.length > 1 && key.shape[key.shape.length - 1] === 2 ? ' (a batch of keys: map over it with vmap)' : ''),
    );
  return key;
}

/** The shape argument as JAX reads it: a number or a list of non-negative integers. */
export function shapeArg(shape: number | Shape, api: string): number[] {
  return checkShape(typeof shape === 'number' ? [shape] : shape, `random.${api} shape`);
}

const u32 = (v: number, shape: Shape = []): NDArray => constant(v, 'uint32', shape);
const scalarWord = (key: Key, i: number): NDArray => bind('reshape', [bind('slice', [key], { start: [i], limit: [i + 1], strides: [1] })], { newSizes: [] });
const broadcastScalar = (x: NDArray, shape: Shape): NDArray => (shape.length === 0 ? x : bind('broadcast_in_dim', [x], { shape, broadcastDimensions: [] }));

/**
 * JAX's `iota_2x32_shape`: the row-major index of every element of `shape` as a 64-bit counter,
 * in two uint32 words (hi, lo). Sizes past 2^32 are refused (hi is then always 0).
 */
function counters(shape: Shape, api: string): [NDArray, NDArray] {
  const n = sizeOf(shape);
  if (n > 2 ** 32) throw new RangeError(`random.${api}: ${n} values exceed 2^32 counters`);
  // the flat index as a constant (lax.iota's result, filled by one tight loop when first read)
  const flat = lazyLeaf({ shape: [n], dtype: 'uint32', weak: false }, () => {
    const a = new Uint32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    return a;
  });
  const lo = bind('reshape', [flat], { newSizes: shape });
  return [u32(0, shape), lo];
}

/** threefry2x32 of the key over the counters of `shape`: 'pair' gives shape + [2], 'xor' the 32-bit bits. */
export function hashCounters(key: Key, shape: Shape, output: 'pair' | 'xor', api: string): NDArray {
  const [hi, lo] = counters(shape, api);
  return bind('threefry2x32', [broadcastScalar(scalarWord(key, 0), shape), broadcastScalar(scalarWord(key, 1), shape), hi, lo], { output });
}

/**
 * A key from an integer seed, as `jax.random.key_data(jax.random.key(seed))`: `[0, seed]` for a
 * seed in int32 or uint32 range (a negative one wraps: key(-1) is [0, 4294967295], as JAX without
 * x64), `[hi, lo]` of the 64-bit two's complement for other safe integers (JAX's int64 seeds).
 * @example random.key(0).toString() // '[0 0]'
 */
export function key(seed: number | NDArray): Key {
  if (isNDArray(seed)) {
    if (seed.ndim !== 0 || !['int32', 'uint32', 'bool'].includes(seed.dtype))
      throw new TypeError(`random.key: seed must be an integer scalar, got a ${seed.dtype}${fmtShape(seed.shape)} array`);
    return bind('concatenate', [u32(0, [1]), bind('reshape', [bind('convert', [seed], { dtype: 'uint32' })], { newSizes: [1] })], { dimension: 0 });
  }
  if (!Number.isSafeInteger(seed)) throw new TypeError(`random.key: seed must be a safe integer, got ${seed}`);
  const words =
    seed >= -(2 ** 31) && seed < 2 ** 32 ? [0, seed >>> 0] : [Math.floor(seed / 2 ** 32) >>> 0, (seed - Math.floor(seed / 2 ** 32) * 2 ** 32) >>> 0];
  return asArray(Uint32Array.from(words));
}

/**
 * `num` new keys (or an array of keys of shape `shape`), as JAX's partitionable split: key i is
 * threefry2x32(key, (0, i)), so `split(k, n)[i]` equals `foldIn(k, i)`.
 * @example random.split(random.key(0), 3).shape // [3, 2]
 */
export function split(k: Key, num: number | Shape = 2): Key {
  const shape = shapeArg(num, 'split');
  return hashCounters(checkKey(k, 'split'), shape, 'pair', 'split');
}

/** A new key from a key and 32-bit data (a number, or an int32/uint32 scalar such as `axisIndex`). */
export function foldIn(k: Key, data: number | NDArray): Key {
  checkKey(k, 'foldIn');
  const d = isNDArray(data) ? data : constant(data >>> 0, 'uint32');
  if (d.ndim !== 0 || !['int32', 'uint32', 'bool'].includes(d.dtype))
    throw new TypeError(`random.foldIn: data must be an integer scalar, got a ${d.dtype}${fmtShape(d.shape)} array`);
  const lo = d.dtype === 'uint32' ? d : bind('convert', [d], { dtype: 'uint32' });
  const out = bind('threefry2x32', [scalarWord(k, 0), scalarWord(k, 1), u32(0), lo], { output: 'pair' });
  return out;
}

/**
 * Uniform random bits of `shape` (uint32, JAX's `random.bits` with partitionable threefry: the xor
 * of the two hash words of each element's counter).
 */
export function bits(k: Key, shape: number | Shape = [], dtype: DType = 'uint32'): NDArray {
  if (dtype !== 'uint32') throw new TypeError(`random.bits: dtype must be uint32 (the only unsigned type here), got ${dtype}`);
  return hashCounters(checkKey(k, 'bits'), shapeArg(shape, 'bits'), 'xor', 'bits');
}

/**
 * The raw threefry2x32 hash of `count` (uint32, any shape) under `keypair` (uint32[2]), as JAX's
 * `prng.threefry_2x32`: the flattened counts are split in halves that form the counter words.
 */
export function threefry2x32(keypair: ArrayLike, count: ArrayLike): NDArray {
  const k = checkKey(asArray(keypair), 'threefry2x32');
  const c = asArray(count);
  if (c.dtype !== 'uint32') throw new TypeError(`random.threefry2x32: count must be uint32, got ${c.dtype}${fmtShape(c.shape)}`);
  const n = c.size, odd = n % 2;
  let flat = bind('reshape', [c], { newSizes: [n] });
  if (odd) flat = bind('concatenate', [flat, u32(0, [1])], { dimension: 0 });
  const h = (n + odd) / 2;
  const half = (i: number) => bind('slice', [flat], { start: [i * h], limit: [(i + 1) * h], strides: [1] });
  const pair = bind('threefry2x32', [broadcastScalar(scalarWord(k, 0), [h]), broadcastScalar(scalarWord(k, 1), [h]), half(0), half(1)], { output: 'pair' });
  let out = bind('reshape', [bind('transpose', [pair], { permutation: [1, 0] })], { newSizes: [2 * h] });
  if (odd) out = bind('slice', [out], { start: [0], limit: [n], strides: [1] });
  return bind('reshape', [out], { newSizes: c.shape });
}

/** Row i of a [n, 2] key array. */
export const keyAt = (ks: Key, i: number): Key => bind('reshape', [bind('slice', [ks], { start: [i, 0], limit: [i + 1, 2], strides: [1, 1] })], { newSizes: [2] });
