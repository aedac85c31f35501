/**
 * The dtype names as string constants, as jax-js's `np.float32` (`np.astype(x, np.float32)`).
 * There is no float16 dtype here, so no `np.float16`.
 */
import type { DType as DTypeName } from '../array/dtype';

/** The bool dtype's name. */
export const bool = 'bool' satisfies DTypeName;
/** The int32 dtype's name. */
export const int32 = 'int32' satisfies DTypeName;
/** The uint32 dtype's name. */
export const uint32 = 'uint32' satisfies DTypeName;
/** The float32 dtype's name. */
export const float32 = 'float32' satisfies DTypeName;
/** The float64 dtype's name. */
export const float64 = 'float64' satisfies DTypeName;

/**
 * The dtypes by name, as jax-js's `np.DType` enum (`np.DType.Float32 === 'float32'`); as a type,
 * the union of the dtype names. No Float16: there is no float16 dtype.
 */
export const DType = Object.freeze({ Float32: 'float32', Float64: 'float64', Int32: 'int32', Uint32: 'uint32', Bool: 'bool' } as const);
/** A dtype's name: 'float32' | 'float64' | 'int32' | 'uint32' | 'bool'. */
export type DType = DTypeName;
