/**
 * Functional index updates, JAX's `x.at[idx]`: `np.at(x, ...index).set(v)` (and `add`, `multiply`,
 * `min`, `max`, `get`) returns a new array; x is untouched. One index entry per leading axis: an
 * integer, a slice `{ start, stop, step }`, `null` (the whole axis), or an integer array (several
 * broadcast together, as numpy's advanced indexing; their dimensions go first unless they are
 * adjacent); a bool array of x's shape selects by mask (read once, so it must be concrete).
 *
 * Everything reduces to flat positions into x: `get` is one gather, `add` one scatter-add into x
 * (duplicates accumulate in index order, as JAX's), and set/multiply/min/max group duplicate
 * positions by a stable sort so that `set` keeps the last update (JAX leaves it unspecified),
 * `min`/`max` the extreme one and `multiply` the product. Out-of-bounds modes as JAX's:
 * 'promise_in_bounds' and 'clip' clamp, 'drop' (the updates' default) skips, 'fill' (get only) reads
 * `fillValue`. vmap, grad and jit see gather/scatter-add/sort primitives only.
 */
import { asArray, full, type ArrayLike } from '../array/create';
import { isFloat, type DType } from '../array/dtype';
import { bind, isNDArray, type NDArray } from '../array/ndarray';
import { fmtShape, ShapeError } from '../array/shape';
import { add, equal, greaterEqual, less, logicalAnd, maximum, minimum, multiply, notEqual, where } from './math';
import { concatenate, reshape, sliceAxis, take } from './manip';
import { argsort } from './reductions';
import { broadcastArrays, broadcastTo, cast } from './util';

export interface Slice {
  readonly start?: number | null;
  readonly stop?: number | null;
  readonly step?: number;
}
export type IndexEntry = number | Slice | null | ArrayLike;
export type Mode = 'promise_in_bounds' | 'clip' | 'drop' | 'fill';
export interface AtOptions {
  readonly mode?: Mode;
  /** What 'fill' reads out of bounds (default NaN for floats, the least int for ints, false for bools). */
  readonly fillValue?: number;
}

const isSlice = (e: unknown): e is Slice =>
  typeof e === 'object' &&
  e !== null &&
  !isNDArray(e) &&
  !Array.isArray(e) &&
  !ArrayBuffer.isView(e) &&
  ('start' in e || 'stop' in e || 'step' in e);

/** The static positions a slice selects along an axis of length n (numpy's rules, negative steps too). */
function slicePositions(s: Slice, n: number, axis: number): number[] {
  const step = s.step ?? 1;
  if (!Number.isInteger(step) || step === 0)
    throw new TypeError(`np.at: slice step of axis ${axis} must be a nonzero integer, got ${String(s.step)}`);
  const norm = (v: number | null | undefined, dflt: number) =>
    v === null || v === undefined ? dflt : v < 0 ? Math.max(v + n, step > 0 ? 0 : -1) : Math.min(v, step > 0 ? n : n - 1);
  const start = norm(s.start, step > 0 ? 0 : n - 1),
    stop = norm(s.stop, step > 0 ? n : -1);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

/** Flat positions of the selection (int32, the result's shape) and whether each is in bounds. */
interface Selection {
  readonly flat: NDArray;
  readonly inBounds: NDArray | null;
  readonly shape: readonly number[];
}

function select(x: NDArray, index: readonly IndexEntry[]): Selection {
  if (index.length === 1 && isNDArray(index[0]) && index[0].dtype === 'bool') return maskSelection(x, index[0]);
  if (index.length > x.ndim) throw new ShapeError(`np.at: ${index.length} indices for an array of rank ${x.ndim}`);
  const strides = x.shape.map((_, d) => x.shape.slice(d + 1).reduce((p, q) => p * q, 1));
  const entries = [...index, ...Array<IndexEntry>(x.ndim - index.length).fill(null)];
  // per axis: a static coordinate, static positions (a result axis) or a dynamic int array
  const arrays: { axis: number; coords: NDArray }[] = [];
  const basic: { axis: number; positions: number[] }[] = [];
  let offset = 0;
  entries.forEach((e, d) => {
    const n = x.shape[d]!;
    if (typeof e === 'number') {
      if (!Number.isInteger(e) || e < -n || e >= n) throw new RangeError(`np.at: index ${e} is out of bounds for axis ${d} of size ${n}`);
      offset += (e < 0 ? e + n : e) * strides[d]!;
    } else if (e === null || isSlice(e))
      basic.push({ axis: d, positions: e === null ? Array.from({ length: n }, (_, i) => i) : slicePositions(e, n, d) });
    else {
      // a JS list of integers is an int32 index (JS numbers would make float64)
      const ints = Array.isArray(e) && (e as unknown[]).flat(Infinity).every((v) => Number.isInteger(v));
      const a = ints ? asArray(e as ArrayLike, 'int32') : asArray(e as ArrayLike);
      if (isFloat(a.dtype)) throw new TypeError(`np.at: index arrays must hold integers, got dtype ${a.dtype} for axis ${d}`);
      if (a.dtype === 'bool')
        throw new TypeError(
          `np.at: a bool index must be one mask of the array's shape ${fmtShape(x.shape)}, got one of shape ${fmtShape(a.shape)} for axis ${d}`,
        );
      arrays.push({ axis: d, coords: cast(a, 'int32') });
    }
  });
  const advShape = arrays.length ? broadcastArrays(...arrays.map((a) => a.coords))[0]!.shape : [];
  const adjacent = arrays.every((a, i) => i === 0 || a.axis === arrays[i - 1]!.axis + 1);
  const firstAdv = arrays.length ? arrays[0]!.axis : 0;
  // result axes: basic ones before the advanced block (when adjacent), the block, the rest
  const before = adjacent ? basic.filter((b) => b.axis < firstAdv) : [];
  const after = basic.filter((b) => !before.includes(b));
  const shape = [...before.map((b) => b.positions.length), ...advShape, ...after.map((b) => b.positions.length)];
  const place = (t: NDArray, at: number) => bind('broadcast_in_dim', [t], { shape, broadcastDimensions: t.shape.map((_, i) => at + i) });
  // the sum of every axis' contribution (each coordinate in range, so the sum is too)
  let flat: NDArray | null = null;
  const plus = (t: NDArray) => (flat = flat === null ? t : add(flat, t));
  const scaled = (t: NDArray, stride: number) => (stride === 1 ? t : multiply(t, stride));
  before.forEach((b, i) =>
    plus(
      place(
        asArray(
          b.positions.map((p) => p * strides[b.axis]!),
          'int32',
        ),
        i,
      ),
    ),
  );
  after.forEach((b, i) =>
    plus(
      place(
        asArray(
          b.positions.map((p) => p * strides[b.axis]!),
          'int32',
        ),
        before.length + advShape.length + i,
      ),
    ),
  );
  let inBounds: NDArray | null = null;
  for (const { axis, coords } of arrays) {
    const n = x.shape[axis]!;
    const c = place(broadcastTo(coords, advShape), before.length);
    const wrapped = where(less(c, 0), add(c, n), c);
    const ok = logicalAnd(greaterEqual(wrapped, 0), less(wrapped, n));
    inBounds = inBounds === null ? ok : logicalAnd(inBounds, ok);
    // clamped per axis ('clip'); 'drop' and 'fill' mask by inBounds instead
    plus(scaled(where(less(wrapped, 0), 0, where(less(wrapped, n), wrapped, n - 1)), strides[axis]!));
  }
  const total: NDArray = flat === null ? full(shape, offset, 'int32') : offset === 0 ? flat : add(flat, offset);
  return { flat: total, inBounds, shape };
}

/** A concrete bool mask of x's shape: the flat positions of its true elements. */
function maskSelection(x: NDArray, mask: NDArray): Selection {
  if (fmtShape(mask.shape) !== fmtShape(x.shape))
    throw new ShapeError(`np.at: a bool mask must have the array's shape ${fmtShape(x.shape)}, got ${fmtShape(mask.shape)}`);
  const bits = Array.from(mask.data());
  const positions = bits.flatMap((b, i) => (b ? [i] : []));
  return { flat: asArray(positions, 'int32'), inBounds: null, shape: [positions.length] };
}

const leastOf = (d: DType): number => (d === 'int32' ? -2147483648 : d === 'uint32' ? 0 : d === 'bool' ? 0 : NaN);

/** The positions to touch: out-of-bounds ones clamped (clip, promise_in_bounds) or marked to skip (drop). */
function targets(sel: Selection, mode: Mode): { idx: NDArray; valid: NDArray | null } {
  const idx = reshape(sel.flat, [-1]); // in range already: select clamps every coordinate
  if ((mode === 'drop' || mode === 'fill') && sel.inBounds !== null) return { idx, valid: reshape(sel.inBounds, [-1]) };
  return { idx, valid: null };
}

export interface AtRef {
  get(opts?: AtOptions): NDArray;
  set(values: ArrayLike, opts?: AtOptions): NDArray;
  add(values: ArrayLike, opts?: AtOptions): NDArray;
  multiply(values: ArrayLike, opts?: AtOptions): NDArray;
  min(values: ArrayLike, opts?: AtOptions): NDArray;
  max(values: ArrayLike, opts?: AtOptions): NDArray;
}

/**
 * `np.at(x, ...index)`: JAX's `x.at[index]`, with get/set/add/multiply/min/max.
 * @example np.at(np.zeros([3]), 1).set(5).toArray() // [0, 5, 0]
 * @example np.at(np.zeros([3]), [0, 0, 2]).add(1).toArray() // [2, 0, 1]
 */
export function at(x: ArrayLike, ...index: IndexEntry[]): AtRef {
  const a = asArray(x);
  const sel = select(a, index);
  const flatX = reshape(a, [-1]);
  const size = a.size;
  const updates = (values: ArrayLike) => reshape(broadcastTo(cast(asArray(values), a.dtype), sel.shape), [-1]);
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
    return { si, sv, isLast, byIdx };
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
    const keep = valid ?? full(idx.shape, true, 'bool');
    const { si, sv, isLast, byIdx } = grouped(idx, v, key);
    const live = logicalAnd(isLast, take(keep, byIdx));
    const neutral = a.dtype === 'bool' ? 0 : isFloat(a.dtype) ? -0 : 0;
    const picked = scatter(
      full([size], neutral, a.dtype === 'bool' ? 'int32' : a.dtype),
      si,
      where(live, a.dtype === 'bool' ? cast(sv, 'int32') : sv, neutral),
    );
    const written = notEqual(scatter(full([size], 0, 'int32'), si, cast(live, 'int32')), 0);
    const value = a.dtype === 'bool' ? notEqual(picked, 0) : picked;
    return done(where(written, combine(flatX, value), flatX));
  };
  return {
    get(opts = {}) {
      const mode = opts.mode ?? 'clip';
      if (size === 0) {
        if (sel.flat.size > 0) throw new ShapeError(`np.at(...).get: cannot index into an empty array of shape ${fmtShape(a.shape)}`);
        return reshape(flatX, sel.shape);
      }
      const { idx, valid } = targets(sel, mode);
      const got = take(flatX, idx);
      const filled =
        mode === 'fill' && valid !== null ? where(valid, got, cast(asArray(opts.fillValue ?? leastOf(a.dtype)), a.dtype)) : got;
      return reshape(filled, sel.shape);
    },
    add(values, opts = {}) {
      const { idx, valid } = targets(sel, opts.mode ?? 'drop');
      if (size === 0 || idx.shape[0] === 0) return a;
      const v = updates(values);
      // -0 is the additive identity: a dropped update leaves x's bits (even -0) as they are
      const live = valid === null ? v : where(valid, v, isFloat(a.dtype) ? -0 : 0);
      if (a.dtype === 'bool') return done(notEqual(scatter(cast(flatX, 'int32'), idx, cast(live, 'int32')), 0));
      return done(scatter(flatX, idx, live));
    },
    set(values, opts = {}) {
      const { idx, valid } = targets(sel, opts.mode ?? 'drop');
      return replaceBy(idx, valid, updates(values), null, (_old, picked) => picked);
    },
    min(values, opts = {}) {
      const { idx, valid } = targets(sel, opts.mode ?? 'drop');
      const v = updates(values);
      // sorted by value descending within a position, the last of a run is its least
      return replaceBy(idx, valid, v, descending(v), minimum);
    },
    max(values, opts = {}) {
      const { idx, valid } = targets(sel, opts.mode ?? 'drop');
      const v = updates(values);
      return replaceBy(idx, valid, v, v, maximum);
    },
    multiply(values, opts = {}) {
      const { idx, valid } = targets(sel, opts.mode ?? 'drop');
      if (a.dtype === 'bool') throw new TypeError('np.at(...).multiply: a bool array has no product (use set or min/max)');
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
