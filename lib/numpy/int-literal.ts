/** Integer index arguments given as JS literals (which would otherwise become float64). */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import type { NDArray } from '../array/ndarray';

/**
 * An int32 array from a JS literal of integers, an integer array as it is; a clear error (naming
 * `what`) for fractions and float arrays.
 */
export function intArray(a: ArrayLike, what: string): NDArray {
  if (typeof a !== 'number' && !Array.isArray(a)) {
    const x = asArray(a);
    if (isFloat(x.dtype)) throw new TypeError(`${what} must hold integers, got dtype ${x.dtype}`);
    return x;
  }
  const values = asArray(a).data();
  const bad = values.findIndex((v) => !Number.isInteger(v));
  if (bad >= 0) throw new TypeError(`${what} must hold integers, got ${values[bad]} (at flat position ${bad})`);
  return asArray(a, 'int32');
}
