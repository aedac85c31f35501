/**
 * Searching and counting: searchsorted, digitize, interp, isin, bincount and histogram. Every
 * output shape is static: bincount and histogram take their length from `length`/`bins`, or read
 * max(x) from a concrete array (inside vmap or jit pass `length`, as JAX requires).
 */
import { asArray, zeros, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import { bind, TracerValueError, type NDArray } from '../array/ndarray';
import { fmtShape, ShapeError } from '../array/shape';
import {
  add,
  clip,
  divide,
  equal,
  greater,
  greaterEqual,
  isnan,
  less,
  lessEqual,
  logicalAnd,
  logicalNot,
  logicalOr,
  multiply,
  remainder,
  subtract,
  where,
} from './math';
import { concatenate, expandDims, reshape, sliceAxis, take } from './manip';
import { any, argsort, max, min, sum } from './reductions';
import { diff } from './sequences';
import { cast, promote, toFloat } from './util';

function sorted1d(a: ArrayLike, api: string): NDArray {
  const s = asArray(a);
  if (s.ndim !== 1) throw new ShapeError(`np.${api}: a must be a 1-d sorted array, got shape ${fmtShape(s.shape)}`);
  return s;
}

export interface SearchsortedOptions {
  /** 'left' (default): the first position where v fits; 'right': the last. */
  readonly side?: 'left' | 'right';
}

/**
 * Where each v would go in the sorted 1-d a to keep it sorted (int32, v's shape), in numpy's order
 * with NaN last: the count of a's elements before v. Linear in len(a) per element.
 * @example np.searchsorted([1, 2, 3], [2, 5]).toArray() // [1, 3]
 */
export function searchsorted(a: ArrayLike, v: ArrayLike, opts: SearchsortedOptions = {}): NDArray {
  const side = opts.side ?? 'left';
  if (side !== 'left' && side !== 'right') throw new TypeError(`np.searchsorted: side must be 'left' or 'right', got ${String(side)}`);
  const [s0, v0] = promote(sorted1d(a, 'searchsorted'), v);
  const s = reshape(s0!, [...v0!.shape.map(() => 1), -1]),
    x = expandDims(v0!, -1);
  // a[i] before v in the NaN-last order: a < v, or v is NaN and a is not; right: not (v before a)
  const before = (p: NDArray, q: NDArray) =>
    isFloat(p.dtype) ? logicalOr(less(p, q), logicalAnd(isnan(q), logicalNot(isnan(p)))) : less(p, q);
  const counted = side === 'left' ? before(s, x) : logicalNot(before(x, s));
  return sum(cast(counted, 'int32'), -1);
}

/**
 * The index of the bin of increasing `bins` each x falls in (right: bins[i-1] < x <= bins[i]).
 * @example np.digitize([0.5, 1.5, 2.5], [1, 2]).toArray() // [0, 1, 2]
 */
export function digitize(x: ArrayLike, bins: ArrayLike, right = false): NDArray {
  return searchsorted(sorted1d(bins, 'digitize'), x, { side: right ? 'left' : 'right' });
}

export interface InterpOptions {
  /** The value below xp[0] (default fp[0]). */
  readonly left?: number;
  /** The value above xp[-1] (default fp[-1]). */
  readonly right?: number;
  /**
   * The period of periodic x-coordinates (numpy's): x and xp are taken modulo |period|, xp need not
   * be sorted, and left/right are ignored (nothing lies outside one period).
   */
  readonly period?: number;
}

/**
 * Piecewise-linear interpolation of the points (xp, fp) (xp increasing) at x, as numpy.interp;
 * with `period`, of periodic data.
 * @example np.interp([1.5, 2.5], [1, 2, 3], [10, 20, 30]).toArray() // [15, 25]
 * @example np.interp([-10, 365], [190, -190, 350, -350], [5, 10, 3, 4], { period: 360 }).toArray() // [3, 3.75]
 */
export function interp(x: ArrayLike, xp: ArrayLike, fp: ArrayLike, opts: InterpOptions = {}): NDArray {
  const xs = sorted1d(xp, 'interp'),
    fs = asArray(fp);
  if (fs.ndim !== 1 || fs.shape[0] !== xs.shape[0])
    throw new ShapeError(`np.interp: fp must be 1-d of xp's length ${xs.shape[0]}, got shape ${fmtShape(fs.shape)}`);
  if (xs.shape[0] === 0) throw new ShapeError('np.interp: xp and fp cannot be empty');
  const promoted = promote(toFloat(xs), toFloat(fs), toFloat(x));
  if (opts.period !== undefined) return periodic(promoted as [NDArray, NDArray, NDArray], opts.period);
  const [px, pf, q] = promoted;
  const n = px!.shape[0]!;
  const first = take(pf!, 0),
    last = take(pf!, n - 1);
  let r: NDArray;
  if (n === 1) r = multiply(add(q!, 0), 0);
  else {
    const j = clip(subtract(searchsorted(px!, q!, { side: 'right' }), 1), 0, n - 2);
    const x0 = take(px!, j),
      x1 = take(px!, add(j, 1)),
      y0 = take(pf!, j),
      y1 = take(pf!, add(j, 1));
    const slope = divide(subtract(y1, y0), subtract(x1, x0));
    r = add(multiply(slope, subtract(q!, x0)), y0);
    r = where(equal(q!, take(px!, n - 1)), last, r);
  }
  if (n === 1) r = where(equal(q!, take(px!, 0)), first, r);
  const below = opts.left ?? first,
    above = opts.right ?? last;
  return where(less(q!, take(px!, 0)), below, where(greater(q!, take(px!, n - 1)), above, r));
}

/** numpy's periodic interp: x and xp modulo the period, xp sorted and extended by one point each way. */
function periodic([xp, fp, x]: [NDArray, NDArray, NDArray], period: number): NDArray {
  if (typeof period !== 'number' || period === 0 || !Number.isFinite(period))
    throw new RangeError(`np.interp: period must be a finite nonzero number, got ${String(period)}`);
  const p = Math.abs(period);
  const order = argsort(remainder(xp, p));
  const sx = take(remainder(xp, p), order),
    sf = take(fp, order);
  const n = sx.shape[0]!;
  const ext = concatenate([subtract(sliceAxis(sx, 0, n - 1, n), p), sx, add(sliceAxis(sx, 0, 0, 1), p)], 0);
  const efp = concatenate([sliceAxis(sf, 0, n - 1, n), sf, sliceAxis(sf, 0, 0, 1)], 0);
  return interp(remainder(x, p), ext, efp);
}

export interface IsinOptions {
  /** Whether each element is NOT in the test elements. */
  readonly invert?: boolean;
}
/**
 * Whether each element of `element` occurs among `testElements` (a bool array of element's shape).
 * @example np.isin([1, 2, 3], [2, 3]).toArray() // [false, true, true]
 */
export function isin(element: ArrayLike, testElements: ArrayLike, opts: IsinOptions = {}): NDArray {
  const [e, t] = promote(element, testElements);
  const found = any(equal(expandDims(e!, -1), reshape(t!, [...e!.shape.map(() => 1), -1])), -1);
  return opts.invert ? logicalNot(found) : found;
}

/** A static length: given, or max(x) + 1 read from a concrete x (numpy's), at least minlength. */
function staticLength(x: NDArray, given: number | undefined, minlength: number, api: string): number {
  if (given !== undefined) {
    if (!Number.isInteger(given) || given < 0) throw new RangeError(`np.${api}: length must be a non-negative integer, got ${given}`);
    return given;
  }
  if (x.size === 0) return minlength;
  try {
    return Math.max(minlength, Number(max(x).item()) + 1);
  } catch (e) {
    if (e instanceof TracerValueError)
      throw new TracerValueError(`np.${api}: the output length depends on the values of x; inside vmap/jit pass a static { length }`);
    throw e;
  }
}

export interface BincountOptions {
  /** Added per occurrence instead of 1 (x's shape). */
  readonly weights?: ArrayLike;
  /** The least output length (default 0). */
  readonly minlength?: number;
  /** The output length (required inside vmap and jit); values at or past it are dropped. */
  readonly length?: number;
}

/**
 * Occurrences (or summed weights) of each non-negative int in x; negative values are dropped.
 * @example np.bincount(np.array([0, 1, 1, 3], 'int32')).toArray() // [1, 2, 0, 1]
 */
export function bincount(x: ArrayLike, opts: BincountOptions = {}): NDArray {
  const a = reshape(asArray(x), [-1]);
  if (isFloat(a.dtype)) throw new TypeError(`np.bincount: x must hold integers, got dtype ${a.dtype}`);
  const idx = cast(a, 'int32');
  const len = staticLength(idx, opts.length, opts.minlength ?? 0, 'bincount');
  const w = opts.weights === undefined ? null : reshape(toFloat(opts.weights), [-1]);
  if (w !== null && w.shape[0] !== idx.shape[0])
    throw new ShapeError(`np.bincount: weights must have x's size ${idx.shape[0]}, got ${w.shape[0]}`);
  const ones = w ?? bind('broadcast_in_dim', [asArray(1, 'int32')], { shape: idx.shape, broadcastDimensions: [] });
  if (len === 0) return zeros([0], ones.dtype);
  const inRange = logicalAnd(greaterEqual(idx, 0), less(idx, len));
  const updates = where(inRange, ones, 0);
  return bind('scatter_add', [zeros([len], ones.dtype), clip(idx, 0, len - 1), updates], { axis: 0, batchDims: 0 });
}

export interface HistogramOptions {
  /** The lower and upper edge (default the data's min and max). */
  readonly range?: readonly [number, number];
  /** Each element counts its weight instead of 1. */
  readonly weights?: ArrayLike;
  /** Divide by the total count times the bin width (a probability density). */
  readonly density?: boolean;
}

/**
 * [counts, edges] of the flattened a: `bins` equal bins over the range, or the given increasing
 * edges. Bins are half-open [e_i, e_i+1) except the last, which includes its right edge; values
 * outside the edges are not counted.
 * @example np.histogram([1, 2, 2, 3], 2).map((a) => a.toArray()) // [[1, 3], [1, 2, 3]]
 */
export function histogram(a: ArrayLike, bins: number | ArrayLike = 10, opts: HistogramOptions = {}): [NDArray, NDArray] {
  const x = reshape(toFloat(a), [-1]);
  let edges: NDArray;
  if (typeof bins === 'number') {
    if (!Number.isInteger(bins) || bins < 1)
      throw new RangeError(`np.histogram: bins must be a positive integer or an array of edges, got ${bins}`);
    let lo: NDArray, hi: NDArray;
    if (opts.range) {
      const [l, h] = opts.range;
      if (!(l <= h)) throw new RangeError(`np.histogram: range must be [lo, hi] with lo <= hi, got [${l}, ${h}]`);
      [lo, hi] = [asArray(l === h ? l - 0.5 : l, x.dtype), asArray(l === h ? h + 0.5 : h, x.dtype)];
    } else if (x.size === 0) [lo, hi] = [asArray(0, x.dtype), asArray(1, x.dtype)];
    else {
      const same = equal(min(x), max(x));
      [lo, hi] = [where(same, subtract(min(x), 0.5), min(x)), where(same, add(max(x), 0.5), max(x))];
    }
    // numpy's linspace: i * ((hi - lo) / bins) + lo, the last edge exactly hi
    const i = asArray(
      Array.from({ length: bins + 1 }, (_, k) => k),
      x.dtype,
    );
    edges = where(equal(i, bins), hi, add(multiply(i, divide(subtract(hi, lo), bins)), lo));
  } else edges = toFloat(sorted1d(bins, 'histogram'));
  const n = edges.shape[0]! - 1;
  if (n < 1) throw new ShapeError(`np.histogram: bins must hold at least 2 edges, got ${edges.shape[0]}`);
  const last = take(edges, n);
  const j = subtract(searchsorted(edges, x, { side: 'right' }), 1);
  const bin = where(equal(x, last), n - 1, j);
  const inside = logicalAnd(greaterEqual(x, take(edges, 0)), lessEqual(x, last));
  const w = opts.weights === undefined ? null : reshape(toFloat(opts.weights), [-1]);
  const counts = bincount(where(inside, bin, -1), { length: n, ...(w ? { weights: w } : {}) });
  if (!opts.density) return [counts, edges];
  const c = toFloat(counts);
  return [divide(divide(c, sum(c)), diff(edges)), edges];
}
