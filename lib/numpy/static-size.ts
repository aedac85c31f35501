/**
 * Reading values where a shape depends on them: allowed on concrete arrays, a clear error (naming
 * the function and what to pass instead) inside vmap and jit, as JAX's concrete_or_error.
 */
import { TracerValueError, type NDArray } from '../array/ndarray';
import { sum } from './reductions';
import { cast } from './util';

/** `read()` of concrete values; under a trace, a TracerValueError with `message`. */
export function readConcrete<T>(read: () => T, message: string): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof TracerValueError) throw new TracerValueError(message);
    throw e;
  }
}

/** A static result size: `given` (checked), or the count of true elements of a concrete `mask`. */
export function staticSize(mask: NDArray, given: number | undefined, api: string): number {
  if (given !== undefined) {
    if (!Number.isInteger(given) || given < 0) throw new RangeError(`np.${api}: size must be a non-negative integer, got ${String(given)}`);
    return given;
  }
  return readConcrete(
    () => Number(sum(cast(mask, 'int32')).item()),
    `np.${api}: the result's size depends on the values; inside vmap/jit pass a static { size }`,
  );
}
