/**
 * Functional index updates, JAX's `x.at[idx]`: `x.at(...index).set(v)` (and `np.at(x, ...index)`;
 * `add`, `multiply`, `min`, `max`, `get`) returns a new array; x is untouched. The index is numpy's,
 * as `x.index(...)` reads it (lib/numpy/index-parse.ts): integers, slices `{ start, stop, step }`
 * (`{}` is a whole axis), `null` (newaxis), `'...'`, integer arrays (broadcast together; their
 * dimensions go first unless adjacent) and bool masks with known values.
 *
 * `get` is x.index's read. Every update is one `scatter_general` of the values into x's flat
 * positions (x flattened), with the combiner JAX's `x.at[]` uses (scatter, scatter_add, scatter_mul,
 * scatter_min, scatter_max), so vmap, grad and jit see JAX's rules: duplicates combine in index order
 * (`set` keeps the last update, which JAX leaves unspecified; min/max derivatives share ties as
 * JAX's `_scatter_extremal_jvp`). Out-of-bounds modes as JAX's: 'clip' clamps, 'drop' (the updates'
 * default) skips, 'fill' reads `fillValue` (get) or skips (updates), 'promise_in_bounds' clamps
 * reads and skips updates (what XLA does with a broken promise).
 */
import { asArray, full, type ArrayLike } from '../array/create';
import type { AtRef, IndexEntry, Mode } from '../array/index-types';
import { bind, installIndexing, type NDArray } from '../array/ndarray';
import type { ScatterCombiner } from '../array/primitives/gather';
import { fmtShape, ShapeError, sizeOf } from '../array/shape';
import { modeOf, parseIndex, type ParsedIndex } from './index-parse';
import { clampCoords, index, readParsed } from './index-read';
import { add, logicalAnd, multiply, where } from './math';
import { reshape } from './manip';
import { broadcastTo, cast } from './util';

export type { AtOptions, AtRef, IndexEntry, Mode, Slice } from '../array/index-types';

/** Flat positions of the selection (int32, the result's shape) and whether each is in bounds. */
interface Selection {
  readonly flat: NDArray;
  readonly inBounds: NDArray | null;
  readonly shape: readonly number[];
}

/** The flat position in x of every element of x[index]: each axis' coordinate (in range) times its stride, summed. */
function flatPositions(x: NDArray, p: ParsedIndex): Selection {
  const strides = x.shape.map((_, d) => sizeOf(x.shape.slice(d + 1)));
  const { shape } = p;
  const place = (t: NDArray, at: number) => bind('broadcast_in_dim', [t], { shape, broadcastDimensions: t.shape.map((_, i) => at + i) });
  let flat: NDArray | null = null;
  const plus = (t: NDArray) => (flat = flat === null ? t : add(flat, t));
  let offset = 0;
  let inBounds: NDArray | null = null;
  p.items.forEach((it, k) => {
    if (it.kind === 'int') offset += it.value * strides[it.axis]!;
    else if (it.kind === 'slice') {
      const positions = Array.from({ length: it.count }, (_, i) => (it.start + i * it.step) * strides[it.axis]!);
      plus(place(asArray(positions, 'int32'), p.dimOf[k]!));
    } else if (it.kind === 'array') {
      const { clamped, inBounds: ok } = clampCoords(place(broadcastTo(it.coords, p.advShape), p.advStart), x.shape[it.axis]!);
      inBounds = inBounds === null ? ok : logicalAnd(inBounds, ok);
      // clamped per axis ('clip'); 'drop' and 'fill' mask by inBounds instead
      plus(strides[it.axis] === 1 ? clamped : multiply(clamped, strides[it.axis]!));
    }
  });
  const total: NDArray = flat === null ? full(shape, offset, 'int32') : offset === 0 ? flat : add(flat, offset);
  return { flat: total, inBounds, shape };
}

/**
 * The flat positions an update writes, shaped [...x[index].shape, 1] (scatter's index vectors):
 * out-of-bounds ones clamped ('clip') or moved past the end, where the scatter drops them ('drop',
 * 'fill', and 'promise_in_bounds', whose broken promise XLA's scatter drops, as JAX documents).
 */
function targets(sel: Selection, mode: Mode, size: number): NDArray {
  // flatPositions clamps every coordinate, so only the marked ones need moving
  const flat = mode !== 'clip' && sel.inBounds !== null ? where(sel.inBounds, sel.flat, size) : sel.flat;
  return reshape(flat, [...sel.shape, 1]);
}

/** One element of the flattened operand per index vector. */
const FLAT_DIMS = {
  updateWindowDims: [],
  insertedWindowDims: [0],
  scatterDimsToOperandDims: [0],
  operandBatchingDims: [],
  scatterIndicesBatchingDims: [],
};

/**
 * `np.at(x, ...index)`: JAX's `x.at[index]`, with get/set/add/multiply/min/max (also `x.at(...index)`).
 * @example np.at(np.zeros([3]), 1).set(5).toArray() // [0, 5, 0]
 * @example np.at(np.zeros([3]), [0, 0, 2]).add(1).toArray() // [2, 0, 1]
 */
export const at = (x: ArrayLike, ...index: IndexEntry[]): AtRef => atRef(asArray(x), index, 'np.at');

/** The ref of `fn` ('np.at' or 'x.at', for errors). */
function atRef(a: NDArray, index: readonly IndexEntry[], fn: string): AtRef {
  const parsed = parseIndex(a.shape, index, fn);
  // the flat positions are built on first update (get reads by slicing and gathering instead)
  let selection: Selection | undefined;
  const sel = (): Selection => (selection ??= flatPositions(a, parsed));
  /** The values as x's dtype, broadcast to x[index]'s shape (a clear error naming the method if they don't). */
  const updates = (values: ArrayLike, method: string) => {
    const v = asArray(values);
    try {
      return broadcastTo(cast(v, a.dtype), parsed.shape);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      throw new ShapeError(
        `${fn}(...).${method}: values of shape ${fmtShape(v.shape)} do not broadcast to the indexed shape ${fmtShape(parsed.shape)} (x of shape ${fmtShape(a.shape)})`,
      );
    }
  };
  /** x with the values scattered into the selection by `combiner`, out-of-bounds updates as `opts.mode` says. */
  const update = (combiner: ScatterCombiner, method: string, values: ArrayLike, opts: { mode?: Mode }) => {
    const mode = modeOf(opts, 'drop', fn);
    const v = updates(values, method);
    if (a.size === 0 || v.size === 0) return a;
    const idx = targets(sel(), mode, a.size);
    const params = { dimensionNumbers: FLAT_DIMS, combiner, mode: 'fill_or_drop', indicesAreSorted: false, uniqueIndices: false } as const;
    return reshape(bind('scatter_general', [reshape(a, [-1]), idx, v], params), a.shape);
  };
  return {
    get(opts = {}) {
      return readParsed(a, parsed, opts, `${fn}(...).get`);
    },
    add: (values, opts = {}) => update('add', 'add', values, opts),
    set: (values, opts = {}) => update('replace', 'set', values, opts),
    min: (values, opts = {}) => update('min', 'min', values, opts),
    max: (values, opts = {}) => update('max', 'max', values, opts),
    multiply(values, opts = {}) {
      if (a.dtype === 'bool') throw new TypeError(`${fn}(...).multiply: a bool array has no product (use set or min/max)`);
      return update('mul', 'multiply', values, opts);
    },
  };
}

installIndexing({ at: (x, index) => atRef(x, index, 'x.at'), index: (x, args) => index(x, ...args) });
