/**
 * Integer arguments given as JS literals, which `asArray` would make float64: the one place a JS
 * list of integers becomes int32 (indices, np.choose's `a`, shift operands, lax gather/scatter indices).
 */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import { fmtShape } from '../array/shape';
import type { NDArray } from '../array/ndarray';
import type { Nested } from '../array/storage';

const INT32_MIN = -2147483648,
  INT32_MAX = 2147483647;
const isInt32 = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;

/**
 * A JS number or (nested) list as numpy reads it, but integers as int32: all booleans make a bool
 * array (np.array([True, False])); numbers that are all int32 integers (booleans among them count
 * 0/1, as numpy's) make int32; anything else stays as `asArray` makes it (float64: the caller's
 * dtype check names it). Arrays (NDArray, typed, mathjs) pass as they are.
 * @example literalArray([1, 2]).dtype // 'int32'
 * @example literalArray([true, false]).dtype // 'bool'
 */
export function literalArray(a: ArrayLike): NDArray {
  if (typeof a === 'number') return isInt32(a) ? asArray(a, 'int32') : asArray(a);
  if (!Array.isArray(a)) return asArray(a);
  const leaves = (a as unknown[]).flat(Infinity);
  if (leaves.length > 0 && leaves.every((v) => typeof v === 'boolean')) return asArray(a);
  if (leaves.every((v) => typeof v === 'boolean' || isInt32(v))) return asArray(leaves.some((v) => typeof v === 'boolean') ? a.map(toNumbers) : a, 'int32');
  return asArray(a);
}

/** Booleans as 0/1, nested (for a literal that mixes them with numbers). */
const toNumbers = (v: unknown): Nested => (Array.isArray(v) ? v.map(toNumbers) : typeof v === 'boolean' ? Number(v) : (v as number));

export interface IntArrayOptions {
  /**
   * Whether bools are allowed (default 'keep': returned as bool, for callers that read them as
   * 0/1 or as masks) or an error ('reject': indices that must be integers, as numpy's
   * take_along_axis and JAX's lax.gather require).
   */
  readonly bools?: 'keep' | 'reject';
}

/**
 * `literalArray(a)` checked to hold integers: a clear error naming `what` for fractions and
 * out-of-int32 values in a literal (with the value and its flat position) and for float arrays
 * (and bools, with `bools: 'reject'`). Integer arrays of other dtypes (uint32) pass as they are.
 * @example intArray([2, 0], 'np.take: indices').dtype // 'int32'
 */
export function intArray(a: ArrayLike, what: string, opts: IntArrayOptions = {}): NDArray {
  const x = literalArray(a);
  if (isFloat(x.dtype)) {
    if (typeof a === 'number' || Array.isArray(a)) {
      const leaves = Array.isArray(a) ? (a as unknown[]).flat(Infinity) : [a];
      const bad = leaves.findIndex((v) => typeof v !== 'boolean' && !isInt32(v));
      const v = leaves[bad] as number;
      const kind = Number.isInteger(v) ? 'int32 integers' : 'integers';
      throw new TypeError(`${what} must hold ${kind}, got ${v} (at flat position ${bad})`);
    }
    throw new TypeError(`${what} must hold integers, got dtype ${x.dtype} of shape ${fmtShape(x.shape)} (np.astype(..., 'int32') converts)`);
  }
  if (x.dtype === 'bool' && opts.bools === 'reject') throw new TypeError(`${what} must hold integers, got dtype bool of shape ${fmtShape(x.shape)}`);
  return x;
}
