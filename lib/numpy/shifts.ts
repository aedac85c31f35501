/**
 * Bit shifts and population count, as jnp: promotion to a numeric dtype (bools become int32), then
 * XLA's shift primitives (a shift by 32 or more, or by a negative count, gives 0 — or the sign
 * bits for an arithmetic right shift). bitwiseCount is a SWAR popcount of |x| in uint32.
 */
import type { ArrayLike } from '../array/create';
import { isInteger } from '../array/dtype';
import { bind, type NDArray } from '../array/ndarray';
import { intArray } from './int-literal';
import { abs, add, bitwiseAnd, subtract } from './math';
import { cast, promoteBroadcast } from './util';

/** The promoted integer operands (JS lists of integers count as int32), or a clear error for floats. */
function integers(api: string, ...xs: ArrayLike[]): NDArray[] {
  const lists = xs.map((x, i) => (Array.isArray(x) ? intArray(x, `np.${api}: operand ${i}`) : x));
  const ps = promoteBroadcast(...lists).map((p) => (p.dtype === 'bool' ? cast(p, 'int32') : p));
  if (!isInteger(ps[0]!.dtype)) throw new TypeError(`np.${api}: operands must be integers or bools, got dtype ${ps[0]!.dtype}`);
  return ps;
}

/**
 * x shifted left by y bits (elementwise, broadcast), integers and bools only.
 * @example np.leftShift(np.array([1, 2, 3], 'int32'), 2).toArray() // [4, 8, 12]
 */
export function leftShift(x: ArrayLike, y: ArrayLike): NDArray {
  return bind('shift_left', integers('leftShift', x, y));
}
/**
 * x shifted right by y bits: arithmetic (sign-filling) for int32, logical for uint32.
 * @example np.rightShift(np.array([16, -16], 'int32'), 2).toArray() // [4, -4]
 */
export function rightShift(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = integers('rightShift', x, y);
  return bind(a!.dtype === 'uint32' ? 'shift_right_logical' : 'shift_right_arithmetic', [a!, b!]);
}
/**
 * Alias of `leftShift` (the Array API's name).
 * @example np.bitwiseLeftShift(np.array([1], 'int32'), 3).toArray() // [8]
 */
export const bitwiseLeftShift = leftShift;
/**
 * Alias of `rightShift` (the Array API's name).
 * @example np.bitwiseRightShift(np.array([8], 'int32'), 3).toArray() // [1]
 */
export const bitwiseRightShift = rightShift;

const shiftRight = (v: NDArray, n: number) => bind('shift_right_logical', promoteBroadcast(v, n));

/**
 * The number of 1 bits in |x| (numpy's bitwise_count), as uint32: numpy returns uint8, which has no
 * counterpart here. |-2^31| counts as 2^31 (one bit), as in numpy.
 * @example np.bitwiseCount(np.array([64, 31, -7], 'int32')).toArray() // [1, 5, 3]
 */
export function bitwiseCount(x: ArrayLike): NDArray {
  const [a] = integers('bitwiseCount', x);
  let v = cast(a!.dtype === 'uint32' ? a! : abs(a!), 'uint32');
  // pairs, nibbles, bytes; then the byte sums folded down (no multiply: it would round past 2^53)
  v = subtract(v, bitwiseAnd(shiftRight(v, 1), 0x55555555));
  v = add(bitwiseAnd(v, 0x33333333), bitwiseAnd(shiftRight(v, 2), 0x33333333));
  v = bitwiseAnd(add(v, shiftRight(v, 4)), 0x0f0f0f0f);
  v = add(v, shiftRight(v, 8));
  v = add(v, shiftRight(v, 16));
  return bitwiseAnd(v, 0x3f);
}
