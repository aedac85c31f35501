/**
 * What the template modules spliced into ./programs.ts share: the context a template sees, what it
 * makes, and the integer indices of the index templates (constant in smooth programs, truncated
 * from the data otherwise). ./programs.ts uses these types too, with a wider context of its own.
 */
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { array } from '../lib/array/create';
import { pick } from './arbitraries';

export type Mode = 'any' | 'elementwise' | 'smooth';
export interface Val {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** A magnitude bound on the value (used by smooth programs to keep values small). */
  readonly bound: number;
}
export interface Ctx {
  readonly vals: readonly Val[];
  /** The operand (an index into vals). */
  readonly a: number;
  /** A second-operand selector. */
  readonly b: number;
  readonly p: readonly number[];
  readonly smooth: boolean;
}
export interface Made {
  readonly text: string;
  readonly args: readonly number[];
  readonly apply: (...xs: NDArray[]) => NDArray;
  readonly bound: number;
}
export interface Template {
  readonly name: string;
  readonly modes: readonly Mode[];
  readonly make: (c: Ctx) => Made | null;
}

export const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';
export const range = (n: number): number[] => [...Array(n).keys()];
export const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** Integer indices of length m into an axis of length n: where they come from and how to make them. */
export interface IndexVector {
  readonly text: string;
  /** The value the indices are truncated from, or null for constants. */
  readonly source: number | null;
  /** The int32 [m] indices, from the source value (ignored for constants). */
  readonly of: (src?: NDArray) => NDArray;
}

/**
 * numpy-style indices (negatives count from the end) for an axis of length n >= 1. Smooth programs
 * use constants (a data-derived index would make the derivative jump): in range when `inRange`
 * (promise_in_bounds), else in [-n-1, n], one out of bounds past each end. Other programs truncate
 * the first m elements of a value (chosen by `sel` among those with m elements) to int32, clamped
 * into [-n, n-1] when `inRange`: promise_in_bounds is a promise, and a broken one clamps in a read
 * but drops in its transpose (as in JAX), a documented mismatch the AD kinds would flag.
 */
export function indexVector(c: Ctx, n: number, m: number, inRange: boolean, bits: number, sel: number): IndexVector | null {
  if (c.smooth) {
    const idx = range(m).map((i) => {
      const v = bits >> (3 * i);
      return inRange ? pick(v, 2 * n) - n : pick(v, 2 * n + 2) - n - 1;
    });
    const fixed = array({ data: idx, shape: [m] }, 'int32');
    return { text: `[${idx.join(',')}]`, source: null, of: () => fixed };
  }
  const cands = range(c.vals.length).filter((i) => sizeOf(c.vals[i]!.shape) >= m);
  if (cands.length === 0) return null;
  const s = cands[pick(sel, cands.length)]!;
  const size = sizeOf(c.vals[s]!.shape);
  return {
    text: inRange ? `clamp(${-n}, int32(v${s}.flat[:${m}]), ${n - 1})` : `int32(v${s}.flat[:${m}])`,
    source: s,
    of: (v) => {
      const idx = lax.convertElementType(lax.slice(lax.reshape(v!, [size]), [0], [m]), 'int32');
      return inRange ? lax.clamp(-n, idx, n - 1) : idx;
    },
  };
}
