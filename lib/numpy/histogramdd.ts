/**
 * Multidimensional histograms, numpy's histogramdd and histogram2d: each coordinate is binned as
 * `histogram` bins it (equal bins over the range or the data's extent, or given increasing edges;
 * half-open bins except the last, which holds its right edge), the bin coordinates are flattened
 * row-major into one index and counted by one bincount of static length.
 */
import { asArray, type ArrayLike } from '../array/create';
import type { NDArray } from '../array/ndarray';
import { fmtShape, ShapeError } from '../array/shape';
import { reshape, sliceAxis, squeeze, stack, take } from './manip';
import { add, divide, equal, greaterEqual, lessEqual, logicalAnd, multiply, subtract, where } from './math';
import { sum } from './reductions';
import { bincount, histogram, searchsorted } from './search';
import { diff } from './sequences';
import { promote, toFloat } from './util';

/** Bins of one coordinate: a count, or increasing edges. */
export type BinSpec = number | ArrayLike;

export interface HistogramddOptions {
  /** One [lo, hi] per coordinate (null: the data's extent). */
  readonly range?: readonly (readonly [number, number] | null)[];
  /** Each sample counts its weight instead of 1 (shape [N]). */
  readonly weights?: ArrayLike;
  /** Divide by the total count times each bin's volume (a probability density). */
  readonly density?: boolean;
}

/**
 * One spec per coordinate from numpy's forms: a count or an edge array for every coordinate, or a
 * JS list of D specs (counts and/or edge arrays); a list of numbers of another length is edges.
 */
function perCoordinate(bins: BinSpec | readonly BinSpec[], d: number, api: string): BinSpec[] {
  if (!Array.isArray(bins)) return Array<BinSpec>(d).fill(bins as BinSpec);
  const list = bins as readonly BinSpec[];
  if (list.length === d) return [...list];
  if (list.every((b) => typeof b === 'number')) return Array<BinSpec>(d).fill(list as ArrayLike);
  throw new ShapeError(`np.${api}: bins must be a count, edges, or one of those per coordinate (${d}), got ${list.length} entries`);
}

/**
 * [hist, edges]: the D-dimensional histogram of N samples `sample` [N, D] (a 1-d sample is D = 1),
 * hist of shape [bins_0, ..., bins_{D-1}], one edges array per coordinate.
 * @example np.histogramdd([[0, 0], [1, 1], [1, 0.5]], 2)[0].toArray() // [[1, 0], [0, 2]]
 */
export function histogramdd(sample: ArrayLike, bins: BinSpec | readonly BinSpec[] = 10, opts: HistogramddOptions = {}): [NDArray, NDArray[]] {
  return histogramddOf(toFloat(sample), bins, opts, 'histogramdd');
}

function histogramddOf(s0: NDArray, bins: BinSpec | readonly BinSpec[], opts: HistogramddOptions, api: string): [NDArray, NDArray[]] {
  const s = s0.ndim === 1 ? reshape(s0, [-1, 1]) : s0;
  if (s.ndim !== 2) throw new ShapeError(`np.${api}: sample must be [N, D] (or [N]), got shape ${fmtShape(s0.shape)}`);
  const d = s.shape[1]!;
  const specs = perCoordinate(bins, d, api);
  if (opts.range !== undefined && opts.range.length !== d)
    throw new ShapeError(`np.${api}: range must hold one [lo, hi] (or null) per coordinate (${d}), got ${opts.range.length}`);
  const cols = Array.from({ length: d }, (_, k) => squeeze(sliceAxis(s, 1, k, k + 1), 1));
  const edges = cols.map((c, k) => {
    const r = opts.range?.[k];
    return histogram(c, specs[k] as number | ArrayLike, r ? { range: r } : {})[1];
  });
  const counts = edges.map((e) => e.shape[0]! - 1);
  // bin coordinate per sample, as histogram's: right-closed last bin, outside samples dropped
  let flat: NDArray | null = null;
  let inside: NDArray | null = null;
  cols.forEach((c, k) => {
    const e = edges[k]!,
      n = counts[k]!;
    const last = take(e, n);
    const j = where(equal(c, last), n - 1, subtract(searchsorted(e, c, { side: 'right' }), 1));
    const ok = logicalAnd(greaterEqual(c, take(e, 0)), lessEqual(c, last));
    flat = flat === null ? j : add(multiply(flat, n), j);
    inside = inside === null ? ok : logicalAnd(inside, ok);
  });
  const total = counts.reduce((p, q) => p * q, 1);
  const w = opts.weights === undefined ? null : reshape(toFloat(opts.weights), [-1]);
  if (w !== null && w.shape[0] !== s.shape[0]) throw new ShapeError(`np.${api}: weights must have one entry per sample (${s.shape[0]}), got ${w.shape[0]}`);
  const idx = d === 0 ? reshape(asArray([], 'int32'), [0]) : where(inside!, flat!, -1);
  let hist = reshape(bincount(idx, { length: total, ...(w ? { weights: w } : {}) }), counts);
  if (opts.density) {
    let volume: NDArray | null = null;
    edges.forEach((e, k) => {
      const width = reshape(diff(e), counts.map((n, m) => (m === k ? n : 1)));
      volume = volume === null ? width : multiply(volume, width);
    });
    const h = toFloat(hist);
    hist = divide(divide(h, sum(h)), volume!);
  }
  return [hist, edges];
}

/**
 * [H, xedges, yedges]: the 2-d histogram of the points (x[i], y[i]), H of shape [bins_x, bins_y]
 * (x along the first axis, as numpy).
 * @example np.histogram2d([0, 1, 1], [0, 1, 0.5], 2)[0].toArray() // [[1, 0], [0, 2]]
 */
export function histogram2d(x: ArrayLike, y: ArrayLike, bins: BinSpec | readonly [BinSpec, BinSpec] = 10, opts: HistogramddOptions = {}): [NDArray, NDArray, NDArray] {
  const xs = toFloat(x),
    ys = toFloat(y);
  if (xs.ndim !== 1 || ys.ndim !== 1 || xs.shape[0] !== ys.shape[0])
    throw new ShapeError(`np.histogram2d: x and y must be 1-d of one length, got shapes ${fmtShape(xs.shape)} and ${fmtShape(ys.shape)}`);
  const [p, q] = promote(xs, ys);
  const [h, [ex, ey]] = histogramddOf(stack([p!, q!], 1), bins, opts, 'histogram2d');
  return [h, ex!, ey!];
}
