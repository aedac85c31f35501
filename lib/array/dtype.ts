/** Element types, their storage, and JAX-style promotion (with weak JS-number scalars). */

export type DType = 'bool' | 'int32' | 'uint32' | 'float32' | 'float64';
export const DTYPES: readonly DType[] = ['bool', 'int32', 'uint32', 'float32', 'float64'];

export type TypedArray = Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array;

export function isDType(x: unknown): x is DType {
  return typeof x === 'string' && (DTYPES as readonly string[]).includes(x);
}

/** Bytes allocated by kernels so far: benchmarks read it to bound peak memory. */
export const allocationStats = { bytes: 0 };

/**
 * A new zeroed array in an ordinary ArrayBuffer (V8 does not count SharedArrayBuffers towards GC
 * pressure). Made by the typed-array constructor: small ones live on V8's heap, which makes the
 * scalars of a loop body cheap (a separate ArrayBuffer costs ~0.3 us each).
 */
export function allocate(dtype: DType, size: number): TypedArray {
  allocationStats.bytes += size * (dtype === 'float64' ? 8 : dtype === 'bool' ? 1 : 4);
  switch (dtype) {
    case 'bool':
      return new Uint8Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'uint32':
      return new Uint32Array(size);
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
  }
}

export const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';
/** JAX's fill for out-of-bounds gathers in 'fill' mode: NaN, the least int32, the largest uint32, true. */
export const defaultGatherFill = (d: DType): number | boolean =>
  isFloat(d) ? NaN : d === 'int32' ? -2147483648 : d === 'uint32' ? 4294967295 : true;
export const isInteger = (d: DType): boolean => d === 'int32' || d === 'uint32';

/**
 * Lattice rank: bool < uint32 < int32 < float32 < float64. JAX joins uint32 and int32 at int64,
 * which it canonicalises to int32 when 64-bit ints are off; there is no int64 here, so int32.
 */
const rank: Record<DType, number> = { bool: 0, uint32: 1, int32: 2, float32: 3, float64: 4 };

/**
 * Cast a JS number to what a slot of `dtype` holds (what the typed array would store). `from` is
 * the source dtype: XLA wraps integer-to-integer converts modulo 2^32 and saturates float-to-int
 * ones; a JS number (no `from`) wraps when integral, so `np.array(-1, 'uint32')` is 4294967295.
 */
export function castScalar(v: number, dtype: DType, from?: DType): number {
  switch (dtype) {
    case 'bool':
      return v !== 0 ? 1 : 0; // NaN != 0: true, as in numpy and JAX
    case 'int32': // truncate toward zero and saturate, as XLA's float->int convert does
      if (from === 'uint32') return v | 0;
      return Number.isNaN(v) ? 0 : Math.max(-2147483648, Math.min(2147483647, Math.trunc(v)));
    case 'uint32':
      if (from === 'int32' || from === 'bool' || from === 'uint32' || (from === undefined && Number.isInteger(v))) return v >>> 0;
      return Number.isNaN(v) ? 0 : Math.max(0, Math.min(4294967295, Math.trunc(v)));
    case 'float32':
      return Math.fround(v);
    case 'float64':
      return v;
  }
}

/** An abstract type: dtype plus JAX's weak-type flag (set for values born from JS numbers). */
export interface TypeInfo {
  readonly dtype: DType;
  readonly weak: boolean;
}

/**
 * JAX's promotion for our four types: strong types take the lattice join; a weak operand only
 * contributes its kind (bool < int < float), so `int32 + 2` stays int32, `float32 + 0.5` stays
 * float32 and `int32 + 0.5` becomes float64 (the default float).
 */
export function promoteTypes(types: readonly TypeInfo[]): TypeInfo {
  const strong = types.filter((t) => !t.weak);
  const weak = types.filter((t) => t.weak);
  // JS numbers are doubles: an all-weak expression computes in float64 (bool stays bool).
  if (strong.length === 0) return { dtype: weak.every((t) => t.dtype === 'bool') ? 'bool' : 'float64', weak: true };
  let dtype = strong.reduce((a, b) => (rank[b.dtype] > rank[a.dtype] ? b : a)).dtype;
  for (const w of weak) {
    if (isFloat(w.dtype) && !isFloat(dtype)) dtype = 'float64';
    else if (w.dtype === 'int32' && dtype === 'bool') dtype = 'int32';
  }
  return { dtype, weak: false };
}

/**
 * The weak type of a JS scalar operand: booleans are bool; an integral number is a weak int (so
 * `int32Array + 1` stays int32); any other number a weak float.
 */
export function weakTypeOfScalar(v: number | boolean): TypeInfo {
  if (typeof v === 'boolean') return { dtype: 'bool', weak: true };
  const integral = Number.isInteger(v) && Math.abs(v) <= 2147483647 && !Object.is(v, -0);
  return { dtype: integral ? 'int32' : 'float64', weak: true };
}
