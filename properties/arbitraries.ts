/**
 * Reusable fast-check arbitraries for the vmap laws: shapes (with size-0 axes and 0-d), element
 * values per dtype, host arrays, in/out axes (null and negative axes included), batch sizes, and
 * small combinatorial helpers (subsets, permutations) for primitives' static parameters.
 *
 * Following STYLE.md: shapes and static parameters are built with `fc.record`/`fc.tuple` + `.map`
 * over fixed-length pools (which shrink well) rather than `.chain`.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import { host, type HostArray } from './host';

export const ALL_DTYPES: readonly DType[] = ['bool', 'int32', 'float32', 'float64'];
export const FLOAT_DTYPES: readonly DType[] = ['float32', 'float64'];
export const NUMERIC_DTYPES: readonly DType[] = ['int32', 'float32', 'float64'];
export const INT_OR_BOOL_DTYPES: readonly DType[] = ['bool', 'int32'];

export interface ShapeOptions {
  readonly minRank?: number;
  readonly maxRank?: number;
  /** Largest dimension (default 3). */
  readonly maxDim?: number;
  /** Smallest non-zero dimension (default 1). */
  readonly minDim?: number;
  /** Whether a dimension may be 0 (default true); zeros are drawn about one time in nine. */
  readonly allowZero?: boolean;
}

/** One dimension: mostly in [minDim, maxDim], sometimes 0. */
export function dimArb(opts: Pick<ShapeOptions, 'maxDim' | 'minDim' | 'allowZero'> = {}): fc.Arbitrary<number> {
  const { maxDim = 3, minDim = 1, allowZero = true } = opts;
  const pos = fc.integer({ min: Math.max(1, minDim), max: Math.max(1, minDim, maxDim) });
  return allowZero ? fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: pos, weight: 8 }) : pos;
}

/** A shape of rank in [minRank, maxRank] (defaults 0 and 3). */
export function shapeArb(opts: ShapeOptions = {}): fc.Arbitrary<number[]> {
  const { minRank = 0, maxRank = 3 } = opts;
  return fc.array(dimArb(opts), { minLength: minRank, maxLength: maxRank });
}

export const dtypeArb = (dtypes: readonly DType[] = ALL_DTYPES): fc.Arbitrary<DType> => fc.constantFrom(...dtypes);

/**
 * Element values. 'small': integers in -4..4 (and -0 for floats) so sums and products are exact;
 * 'halves': multiples of 0.5 in -4..4 (rounding ties); 'any': every value of the dtype, floats
 * with NaN, ±Infinity and -0, int32 over its whole range. bool is 0/1 in every mode.
 */
export type ValueMode = 'small' | 'halves' | 'any';
export function valueArb(dtype: DType, mode: ValueMode = 'small'): fc.Arbitrary<number> {
  if (dtype === 'bool') return fc.constantFrom(0, 1);
  if (dtype === 'int32') return mode === 'any' ? fc.integer({ min: -2147483648, max: 2147483647 }) : fc.integer({ min: -4, max: 4 });
  if (mode === 'any') return dtype === 'float32' ? fc.float() : fc.double();
  const base = mode === 'halves' ? fc.integer({ min: -8, max: 8 }).map((v) => v / 2) : fc.integer({ min: -4, max: 4 });
  return fc.oneof({ arbitrary: base, weight: 12 }, { arbitrary: fc.constant(-0), weight: 1 });
}

/** A value mode: mostly small integers, sometimes arbitrary values. */
export const valueModeArb = (modes: readonly ValueMode[] = ['small', 'small', 'any']): fc.Arbitrary<ValueMode> => fc.constantFrom(...modes);

/** A host array of a fixed shape and dtype. */
export function hostArrayArb(shape: readonly number[], dtype: DType, values: fc.Arbitrary<number> = valueArb(dtype)): fc.Arbitrary<HostArray> {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc.array(values, { minLength: n, maxLength: n }).map((data) => host(shape, dtype, data));
}

/**
 * An in_axes entry for an argument whose per-example rank is `ndim`: null (not mapped), or an axis
 * of the batched argument (rank ndim+1) in [-(ndim+1), ndim+1), negative axes included.
 */
export const inAxisArb = (ndim: number): fc.Arbitrary<number | null> =>
  fc.option(fc.integer({ min: -(ndim + 1), max: ndim }), { nil: null, freq: 4 });

/** An out_axes entry for an output of per-example rank `ndim`: an axis in [-(ndim+1), ndim+1). */
export const outAxisArb = (ndim: number): fc.Arbitrary<number> => fc.integer({ min: -(ndim + 1), max: ndim });

/** The vmapped size: 0..max (default 5). */
export const batchSizeArb = (max = 5): fc.Arbitrary<number> => fc.integer({ min: 0, max });

/** A pool of `n` booleans (a subset mask over up to n axes). */
export const maskArb = (n: number): fc.Arbitrary<boolean[]> => fc.array(fc.boolean(), { minLength: n, maxLength: n });

/** A pool of `n` integers in [min, max]. */
export const intsArb = (n: number, min: number, max: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min, max }), { minLength: n, maxLength: n });

/** A pool of sort keys: `permutationFromKeys(keys, r)` turns its first r entries into a permutation of [0, r). */
export const keysArb = (n: number): fc.Arbitrary<number[]> => intsArb(n, 0, 1000);

/** The permutation that sorts `keys[0..r)` (ties by position): a shrink-friendly random permutation. */
export function permutationFromKeys(keys: readonly number[], r: number): number[] {
  return [...Array(r).keys()].sort((a, b) => keys[a]! - keys[b]! || a - b);
}

/** The axes i < r with `mask[i]`, in the order given by `keys` (so subsets come in any order). */
export function subsetFromMask(mask: readonly boolean[], r: number, keys?: readonly number[]): number[] {
  const order = keys ? permutationFromKeys(keys, r) : [...Array(r).keys()];
  return order.filter((i) => mask[i]);
}

/** A non-negative number folded into [0, n) (0 when n is 0): picks from a pool value. */
export const pick = (v: number, n: number): number => (n <= 0 ? 0 : ((v % n) + n) % n);
