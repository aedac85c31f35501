/**
 * The dtype names as string constants, as jax-js's `np.float32` (`np.astype(x, np.float32)`).
 * There is no float16 dtype here, so no `np.float16`.
 */
import type { DType } from '../array/dtype';

/** The bool dtype's name. */
export const bool = 'bool' satisfies DType;
/** The int32 dtype's name. */
export const int32 = 'int32' satisfies DType;
/** The uint32 dtype's name. */
export const uint32 = 'uint32' satisfies DType;
/** The float32 dtype's name. */
export const float32 = 'float32' satisfies DType;
/** The float64 dtype's name. */
export const float64 = 'float64' satisfies DType;
