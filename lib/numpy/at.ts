/**
 * Functional index updates, JAX's `x.at[idx]`: `x.at(...index).set(v)` (and `np.at(x, ...index)`;
 * `add`, `multiply`, `min`, `max`, `get`) returns a new array; x is untouched. The index is numpy's,
 * as `x.index(...)` reads it (lib/numpy/index-parse.ts): integers, slices `{ start, stop, step }`
 * (`{}` is a whole axis), `null` (newaxis), `'...'`, integer arrays (broadcast together; their
 * dimensions go first unless adjacent) and bool masks with known values.
 *
 * `get` is x.index's read. The updates reduce to flat positions into x: `add` is one scatter-add
 * (duplicates accumulate in index order, as JAX's), and set/multiply/min/max group duplicate
 * positions by a stable sort so that `set` keeps the last update (JAX leaves it unspecified),
 * `min`/`max` the extreme one and `multiply` the product. Out-of-bounds modes as JAX's: 'clip'
 * clamps, 'drop' (the updates' default) skips, 'fill' reads `fillValue` (get) or skips (updates),
 * 'promise_in_bounds' clamps reads and skips updates (what XLA does with a broken promise). vmap, grad and jit see slice/gather/scatter-add/sort only.
 */
import { asArray, full, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import type { AtRef, IndexEntry, Mode } from '../array/index-types';
import { bind, installIndexing, type NDArray } from '../array/ndarray';
import { sizeOf } from '../array/shape';
import { modeOf, parseIndex, type ParsedIndex } from './index-parse';
import { clampCoords, index, readParsed } from './index-read';
import { add, equal, logicalAnd, maximum, minimum, multiply, notEqual, where } from './math';
import { concatenate, reshape, sliceAxis, take } from './manip';
import { argsort } from './reductions';
import { broadcastTo, cast } from './util';

export type { AtOptions, AtRef, IndexEntry, Mode, Slice } from '../array/index-types';

/** Flat positions of the selection (int32, the result's shape) and whether each is in bounds. */
interface Selection {
  readonly flat: NDArray;
  readonly inBounds: NDArray | null;
  readonly shape: readonly number[];
}

/** The flat position in x of every element of x[index]: each axis' coordinate (in range) times its stride, summed. */
function select(x: NDArray, p: ParsedIndex): Selection {
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
 * The positions an update touches: out-of-bounds ones clamped ('clip') or marked to skip ('drop',
 * 'fill', and 'promise_in_bounds', whose broken promise XLA's scatter drops, as JAX documents).
 */
function targets(sel: Selection, mode: Mode): { idx: NDArray; valid: NDArray | null } {
  const idx = reshape(sel.flat, [-1]); // in range already: select clamps every coordinate
  if (mode !== 'clip' && sel.inBounds !== null) return { idx, valid: reshape(sel.inBounds, [-1]) };
  return { idx, valid: null };
}

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
  const sel = (): Selection => (selection ??= select(a, parsed));
  const flatX = reshape(a, [-1]);
  const size = a.size;
  const updates = (values: ArrayLike) => reshape(broadcastTo(cast(asArray(values), a.dtype), parsed.shape), [-1]);
  const done = (r: NDArray) => reshape(r, a.shape);
  /** Scatters one value per touched position (dropped or duplicate slots carry `neutral`). */
  const scatter = (onto: NDArray, idx: NDArray, v: NDArray) => bind('scatter_add', [onto, idx, v], { axis: 0, batchDims: 0 });
  /** The updates grouped by position (stable: sorted by position, then by `key` within one). */
  const grouped = (idx: NDArray, v: NDArray, key: NDArray | null) => {
    const first = key === null ? null : argsort(key);
    const byIdx = first === null ? argsort(idx) : take(first, argsort(take(idx, first)));
    const si = take(idx, byIdx),
      sv = take(v, byIdx);
    const m = si.shape[0]!;
    const isLast = m === 0 ? si : concatenate([notEqual(sliceAxis(si, 0, 0, -1), sliceAxis(si, 0, 1, null)), asArray([true])], 0);
    return { si, sv, isLast };
  };
  /** x with each touched position replaced by the group's `pick` (its last element in the grouping). */
  const replaceBy = (
    idx: NDArray,
    valid: NDArray | null,
    v: NDArray,
    key: NDArray | null,
    combine: (old: NDArray, picked: NDArray) => NDArray,
  ) => {
    if (size === 0 || idx.shape[0] === 0) return a;
    // dropped updates go to a dump slot past the end: they must not end a run that holds a kept one
    const slots = valid === null ? size : size + 1;
    const { si, sv, isLast } = grouped(valid === null ? idx : where(valid, idx, size), v, key);
    const neutral = a.dtype === 'bool' ? 0 : isFloat(a.dtype) ? -0 : 0;
    const kept = (t: NDArray) => (slots === size ? t : sliceAxis(t, 0, 0, size));
    const picked = kept(
      scatter(
        full([slots], neutral, a.dtype === 'bool' ? 'int32' : a.dtype),
        si,
        where(isLast, a.dtype === 'bool' ? cast(sv, 'int32') : sv, neutral),
      ),
    );
    const written = notEqual(kept(scatter(full([slots], 0, 'int32'), si, cast(isLast, 'int32'))), 0);
    const value = a.dtype === 'bool' ? notEqual(picked, 0) : picked;
    return done(where(written, combine(flatX, value), flatX));
  };
  return {
    get(opts = {}) {
      return readParsed(a, parsed, opts, `${fn}(...).get`);
    },
    add(values, opts = {}) {
      const { idx, valid } = targets(sel(), modeOf(opts, 'drop', fn));
      if (size === 0 || idx.shape[0] === 0) return a;
      const v = updates(values);
      // -0 is the additive identity: a dropped update leaves x's bits (even -0) as they are
      const live = valid === null ? v : where(valid, v, isFloat(a.dtype) ? -0 : 0);
      if (a.dtype === 'bool') return done(notEqual(scatter(cast(flatX, 'int32'), idx, cast(live, 'int32')), 0));
      return done(scatter(flatX, idx, live));
    },
    set(values, opts = {}) {
      const { idx, valid } = targets(sel(), modeOf(opts, 'drop', fn));
      return replaceBy(idx, valid, updates(values), null, (_old, picked) => picked);
    },
    min(values, opts = {}) {
      const { idx, valid } = targets(sel(), modeOf(opts, 'drop', fn));
      const v = updates(values);
      // sorted by value descending within a position, the last of a run is its least
      return replaceBy(idx, valid, v, descending(v), minimum);
    },
    max(values, opts = {}) {
      const { idx, valid } = targets(sel(), modeOf(opts, 'drop', fn));
      const v = updates(values);
      return replaceBy(idx, valid, v, v, maximum);
    },
    multiply(values, opts = {}) {
      const { idx, valid } = targets(sel(), modeOf(opts, 'drop', fn));
      if (a.dtype === 'bool') throw new TypeError(`${fn}(...).multiply: a bool array has no product (use set or min/max)`);
      if (size === 0 || idx.shape[0] === 0) return a;
      const v = updates(values);
      // a dropped update multiplies by 1 (x * 1 is x, bit for bit)
      const { si, sv } = grouped(idx, valid === null ? v : where(valid, v, 1), null);
      // the product of each run of one position, by doubling: after the step of shift s every
      // slot holds the product of itself and up to 2s - 1 preceding slots of its run
      const m = si.shape[0]!;
      let prod = sv;
      for (let sh = 1; sh < m; sh *= 2) {
        const prevIdx = concatenate([full([sh], -1, 'int32'), sliceAxis(si, 0, 0, m - sh)], 0);
        const prev = concatenate([full([sh], 1, sv.dtype), sliceAxis(prod, 0, 0, m - sh)], 0);
        prod = where(equal(prevIdx, si), multiply(prod, prev), prod);
      }
      return replaceBy(si, null, prod, null, multiply);
    },
  };
}

/** A key whose ascending order is v's descending order (NaN still last): -v, or ~v for ints (no overflow). */
const descending = (v: NDArray): NDArray => (isFloat(v.dtype) ? multiply(v, -1) : bind('not', [cast(v, 'int32')]));

installIndexing({ at: (x, index) => atRef(x, index, 'x.at'), index: (x, args) => index(x, ...args) });
