/**
 * numpy's index expressions, parsed against an array's shape into one item per axis (JAX's
 * `index_to_gather` bookkeeping, without the gather): static integers and slices, newaxis, and
 * integer arrays for advanced indexing (bool masks become the coordinates of their true elements,
 * as JAX's `_expand_bool_indices`; their values must be known). The layout says where each item's
 * result dimensions go: advanced dimensions in place when the advanced entries are adjacent in the
 * index as written, else first (numpy's rule; integers count as advanced when arrays are present).
 */
import { asArray } from '../array/create';
import { isFloat, type TypedArray } from '../array/dtype';
import type { AtOptions, IndexEntry, IndexOptions, Mode, Slice } from '../array/index-types';
import { bind, constant, isNDArray, TracerValueError, type NDArray } from '../array/ndarray';
import { broadcastShapes, fmtShape, ShapeError, sizeOf } from '../array/shape';
import { intArray, literalArray } from './int-literal';
import { cast } from './util';

/** numpy's IndexError: an index out of range or malformed for the array it indexes. */
export class IndexError extends RangeError {
  override name = 'IndexError';
}
/** A bool mask whose values are traced (JAX's NonConcreteBooleanIndexError): its true count would set a shape. */
export class NonConcreteBooleanIndexError extends TypeError {
  override name = 'NonConcreteBooleanIndexError';
}

const MODES: readonly Mode[] = ['promise_in_bounds', 'clip', 'drop', 'fill'];
/** The options' mode (`dflt` when absent), checked: a misspelt mode is an error, not a silent default. */
export function modeOf(opts: AtOptions, dflt: Mode, fn: string): Mode {
  const mode = opts.mode ?? dflt;
  if (!MODES.includes(mode)) throw new TypeError(`${fn}: mode must be one of ${MODES.map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(mode)}`);
  return mode;
}

/** numpy's `np.newaxis` (null). */
export const newaxis = null;
/** numpy's `...` (Ellipsis). */
export const ellipsis = '...' as const;

export type Item =
  | { readonly kind: 'int'; readonly axis: number; readonly value: number }
  | { readonly kind: 'slice'; readonly axis: number; readonly start: number; readonly step: number; readonly count: number }
  | { readonly kind: 'newaxis' }
  | { readonly kind: 'array'; readonly axis: number; readonly coords: NDArray };

export interface ParsedIndex {
  readonly items: readonly Item[];
  /** The broadcast shape of the integer arrays ([] when there are none). */
  readonly advShape: readonly number[];
  readonly hasArrays: boolean;
  /** The result's shape. */
  readonly shape: readonly number[];
  /** Per item: the result dimension of a slice or newaxis (-1 for the others). */
  readonly dimOf: readonly number[];
  /** The first result dimension of the advanced block. */
  readonly advStart: number;
}

// (a mathjs Matrix says so on its prototype; null-prototype objects are plain too)
const plainObject = (e: unknown): e is Record<string, unknown> =>
  typeof e === 'object' && e !== null && !isNDArray(e) && !Array.isArray(e) && !ArrayBuffer.isView(e) && (e as { isMatrix?: unknown }).isMatrix !== true;
const onlyKeys = (e: Record<string, unknown>, keys: readonly string[]) => Object.keys(e).every((k) => keys.includes(k));
export const isSlice = (e: unknown): e is Slice => plainObject(e) && onlyKeys(e, ['start', 'stop', 'step']);
/** The options object that may end x.index's arguments: a plain object with only mode/fillValue keys (at least one). */
export const isIndexOptions = (e: unknown): e is IndexOptions =>
  plainObject(e) && Object.keys(e).length > 0 && onlyKeys(e, ['mode', 'fillValue']);

/** A slice's static positions along an axis of length n, as start, step and count (numpy's rules). */
function sliceRange(s: Slice, n: number, axis: number, fn: string): { start: number; step: number; count: number } {
  const step = s.step ?? 1;
  if (!Number.isInteger(step) || step === 0)
    throw new TypeError(`${fn}: slice step of axis ${axis} must be a nonzero integer, got ${String(s.step)}`);
  for (const [k, v] of [
    ['start', s.start],
    ['stop', s.stop],
  ] as const)
    if (v !== null && v !== undefined && !Number.isInteger(v))
      throw new TypeError(`${fn}: slice ${k} of axis ${axis} must be an integer or null, got ${String(v)}`);
  const norm = (v: number | null | undefined, dflt: number) =>
    v === null || v === undefined ? dflt : v < 0 ? Math.max(v + n, step > 0 ? 0 : -1) : Math.min(v, step > 0 ? n : n - 1);
  const start = norm(s.start, step > 0 ? 0 : n - 1),
    stop = norm(s.stop, step > 0 ? n : -1);
  const count = Math.max(0, Math.ceil((stop - start) / step));
  return { start, step, count };
}

/** The coordinates of a mask's true elements, one int32 array per mask axis (row-major order). */
function maskCoords(mask: NDArray, axes: readonly number[], fn: string, pos: number): NDArray[] {
  let bits: TypedArray;
  try {
    bits = mask.data();
  } catch (e) {
    if (!(e instanceof TracerValueError)) throw e;
    throw new NonConcreteBooleanIndexError(
      `${fn}: the bool mask at index ${pos} (bool${fmtShape(mask.shape)}) is traced, but its values decide the result's shape; ` +
        `index with a mask whose values are known, or use np.where(mask, x, other) (JAX's NonConcreteBooleanIndexError)`,
    );
  }
  const strides = mask.shape.map((_, d) => sizeOf(mask.shape.slice(d + 1)));
  const coords: number[][] = axes.map(() => []);
  bits.forEach((b, i) => {
    if (b) strides.forEach((s, d) => coords[d]!.push(Math.floor(i / s) % mask.shape[d]!));
  });
  return coords.map((c) => asArray(c, 'int32'));
}

/** Parses `index` against `shape`. `fn` names the caller in errors. */
export function parseIndex(shape: readonly number[], index: readonly IndexEntry[], fn: string): ParsedIndex {
  const ndim = shape.length;
  // classify the entries first: masks consume as many axes as they have
  type Entry = { kind: 'int'; v: number } | { kind: 'slice'; s: Slice } | { kind: 'newaxis' } | { kind: 'ellipsis' } | { kind: 'array'; a: NDArray };
  const entries: Entry[] = index.map((e, pos) => {
    if (e === null) return { kind: 'newaxis' };
    if (e === '...') return { kind: 'ellipsis' };
    if (e === undefined) throw new TypeError(`${fn}: index ${pos} is undefined; use {} for a whole axis or null for a new one`);
    if (typeof e === 'number') {
      if (!Number.isInteger(e)) throw new TypeError(`${fn}: index ${pos} must be an integer, got ${e}`);
      return { kind: 'int', v: e };
    }
    if (typeof e === 'boolean') throw new TypeError(`${fn}: index ${pos} is a scalar boolean; use a bool array of the indexed axes' shape`);
    if (typeof e === 'string') throw new TypeError(`${fn}: index ${pos} is the string '${e}'; the only string index is '...'`);
    if (isSlice(e)) return { kind: 'slice', s: e };
    if (plainObject(e) && !('shape' in e && 'data' in e))
      throw new TypeError(`${fn}: index ${pos} is an object with keys ${Object.keys(e).join(', ')}; a slice has only start, stop and step`);
    const a = literalArray(e); // a JS list of booleans is a mask, of integers int32
    // a literal of integers past int32: intArray's error names the value (fractions are reported below, with the axis)
    if (isFloat(a.dtype) && (typeof e === 'number' || Array.isArray(e)) && [e].flat(Infinity).every((v) => typeof v !== 'number' || Number.isInteger(v)))
      intArray(e, `${fn}: index ${pos}`);
    if (a.dtype === 'bool' && a.ndim === 0) throw new TypeError(`${fn}: index ${pos} is a scalar boolean; use a bool array of the indexed axes' shape`);
    return { kind: 'array', a };
  });
  if (entries.filter((e) => e.kind === 'ellipsis').length > 1) throw new IndexError(`${fn}: an index can only have a single ellipsis ('...')`);
  const width = (e: Entry) => (e.kind === 'newaxis' || e.kind === 'ellipsis' ? 0 : e.kind === 'array' && e.a.dtype === 'bool' ? e.a.ndim : 1);
  const consumed = entries.reduce((t, e) => t + width(e), 0);
  if (consumed > ndim) throw new IndexError(`${fn}: ${consumed} indices for an array of rank ${ndim} (too many indices)`);

  // expand: '...' and the trailing axes become whole-axis slices; masks become coordinate arrays.
  // `written` counts positions in the index as written (masks expanded, '...' one), for numpy's adjacency rule
  const items: Item[] = [];
  const advancedAt: number[] = [];
  let axis = 0,
    written = 0;
  const whole = (d: number): Item => ({ kind: 'slice', axis: d, start: 0, step: 1, count: shape[d]! });
  entries.forEach((e, pos) => {
    const push = (item: Item, advanced: boolean) => {
      items.push(item);
      if (advanced) advancedAt.push(written);
    };
    if (e.kind === 'ellipsis') {
      for (let k = 0; k < ndim - consumed; k++) push(whole(axis++), false);
      written++;
    } else if (e.kind === 'newaxis') {
      push({ kind: 'newaxis' }, false);
      written++;
    } else if (e.kind === 'int') {
      const n = shape[axis]!;
      if (e.v < -n || e.v >= n) throw new IndexError(`${fn}: index ${e.v} is out of bounds for axis ${axis} of size ${n}`);
      push({ kind: 'int', axis, value: e.v < 0 ? e.v + n : e.v }, true);
      axis++;
      written++;
    } else if (e.kind === 'slice') {
      push({ kind: 'slice', axis, ...sliceRange(e.s, shape[axis]!, axis, fn) }, false);
      axis++;
      written++;
    } else if (e.a.dtype === 'bool') {
      const axes = e.a.shape.map((_, k) => axis + k);
      const expected = axes.map((d) => shape[d]!);
      if (fmtShape(e.a.shape) !== fmtShape(expected))
        throw new IndexError(
          `${fn}: a bool mask must have the array's shape ${fmtShape(expected)}, got ${fmtShape(e.a.shape)} (the mask at index ${pos} covers axes ${axes.join(', ')})`,
        );
      for (const coords of maskCoords(e.a, axes, fn, pos)) {
        push({ kind: 'array', axis: axis++, coords }, true);
        written++;
      }
    } else {
      if (isFloat(e.a.dtype)) throw new TypeError(`${fn}: index arrays must hold integers, got dtype ${e.a.dtype} for axis ${axis} (index ${pos})`);
      // uint32 coordinates past int32's range clamp to its largest value (out of range, not wrapped)
      const coords = e.a.dtype === 'uint32' ? bind('min', [e.a, constant(2147483647, 'uint32', e.a.shape)]) : e.a;
      push({ kind: 'array', axis: axis++, coords: cast(coords, 'int32') }, true);
      written++;
    }
  });
  for (; axis < ndim; axis++) items.push(whole(axis));

  const arrays = items.filter((i): i is Extract<Item, { kind: 'array' }> => i.kind === 'array');
  const hasArrays = arrays.length > 0;
  let advShape: number[] = [];
  try {
    advShape = broadcastShapes(...arrays.map((a) => a.coords.shape));
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    throw new IndexError(
      `${fn}: shape mismatch: indexing arrays could not be broadcast together with shapes ${arrays.map((a) => fmtShape(a.coords.shape)).join(' ')}`,
    );
  }
  // the advanced block: first unless the advanced entries (integers too, when arrays are present) are adjacent
  const adjacent = advancedAt.every((p, k) => k === 0 || p === advancedAt[k - 1]! + 1);
  const firstAdvanced = hasArrays ? items.findIndex((i) => i.kind === 'array' || i.kind === 'int') : -1;
  const out: number[] = [];
  const dimOf = items.map(() => -1);
  let advStart = 0;
  const placeBlock = () => {
    advStart = out.length;
    out.push(...advShape);
  };
  if (hasArrays && !adjacent) placeBlock();
  items.forEach((item, k) => {
    if (k === firstAdvanced && adjacent) placeBlock();
    if (item.kind === 'slice' || item.kind === 'newaxis') {
      dimOf[k] = out.length;
      out.push(item.kind === 'slice' ? item.count : 1);
    }
  });
  return { items, advShape, hasArrays, shape: out, dimOf, advStart };
}
