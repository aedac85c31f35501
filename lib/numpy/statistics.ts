/** average, ptp, cov, corrcoef, median, quantile and percentile, as numpy defines them. */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import { bind, type NDArray } from '../array/ndarray';
import { fmtShape, ShapeError } from '../array/shape';
import { clip, divide, isnan, multiply, sqrt, subtract, where } from './math';
import { lerp } from './lerp';
import { concatenate, expandDims, moveaxis, reshape, take, transpose } from './manip';
import { any, max, mean, min, sort, sum } from './reductions';
import { axesOf, cast, keepDims, promote, type Axis, type ReduceOptions } from './util';

const floating = (x: ArrayLike): NDArray => {
  const a = asArray(x);
  return isFloat(a.dtype) ? a : cast(a, 'float64');
};

export interface AverageOptions extends ReduceOptions {
  /** One weight per element (a's shape), or, with an int axis, one per position along it. */
  readonly weights?: ArrayLike;
}

/**
 * The weighted mean over `axis` (the plain mean without weights); sum(w) = 0 gives NaN or ±Infinity.
 * @example np.average([1, 2, 3], undefined, { weights: [3, 1, 0] }).item() // 1.25
 */
export function average(a: ArrayLike, axis?: Axis, opts: AverageOptions = {}): NDArray {
  const x = floating(a);
  if (opts.weights === undefined) return mean(x, axis, opts);
  const [xw, w0] = promote(x, opts.weights);
  let w = w0!;
  if (w.ndim !== xw!.ndim || fmtShape(w.shape) !== fmtShape(xw!.shape)) {
    const axes = axesOf(axis, xw!.ndim);
    if (w.ndim !== 1 || axes.length !== 1 || typeof axis !== 'number')
      throw new ShapeError(
        `np.average: weights must have a's shape ${fmtShape(xw!.shape)}, or be 1-d along an int axis, got shape ${fmtShape(w.shape)}`,
      );
    if (w.shape[0] !== xw!.shape[axes[0]!])
      throw new ShapeError(`np.average: 1-d weights must have the length ${xw!.shape[axes[0]!]} of axis ${axis}, got ${w.shape[0]}`);
    w = bind('broadcast_in_dim', [w], { shape: xw!.shape, broadcastDimensions: [axes[0]!] });
  }
  return divide(sum(multiply(xw!, w), axis, opts), sum(w, axis, opts));
}

/**
 * max - min over `axis` ("peak to peak"); bools have no difference, as in numpy.
 * @example np.ptp([4, 9, 2]).item() // 7
 */
export function ptp(a: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray {
  const x = asArray(a);
  if (x.dtype === 'bool')
    throw new TypeError('np.ptp: a bool array has no peak-to-peak difference (numpy raises too); cast it to int32 first');
  return subtract(max(x, axis, opts), min(x, axis, opts));
}

export interface CovOptions {
  /** Each row is a variable and each column an observation (default); false: the transpose. */
  readonly rowvar?: boolean;
  /** Normalise by N instead of N - 1. */
  readonly bias?: boolean;
  /** Normalise by N - ddof (overrides bias). */
  readonly ddof?: number;
}

/** Variables as rows [V, N], from m (1-d: one variable) and the optional extra variables y. */
function variables(m: ArrayLike, y: ArrayLike | undefined, rowvar: boolean, api: string): NDArray {
  const rows = (v: ArrayLike, name: string): NDArray => {
    const a = floating(v);
    if (a.ndim > 2) throw new ShapeError(`np.${api}: ${name} must be 1-d or 2-d, got shape ${fmtShape(a.shape)}`);
    if (a.ndim < 2) return reshape(a, [1, -1]);
    return rowvar ? a : transpose(a);
  };
  const x = rows(m, 'm');
  return y === undefined ? x : concatenate([x, rows(y, 'y')], 0);
}

/**
 * The covariance matrix of the variables (a 0-d array for a single variable, as numpy).
 * @example np.cov([[0, 1, 2], [2, 1, 0]]).toArray() // [[1, -1], [-1, 1]]
 */
export function cov(m: ArrayLike, y?: ArrayLike, opts: CovOptions = {}): NDArray {
  const x = variables(m, y, opts.rowvar ?? true, 'cov');
  const n = x.shape[1]!;
  const ddof = opts.ddof ?? (opts.bias ? 0 : 1);
  const d = subtract(x, mean(x, 1, { keepdims: true }));
  const c = divide(bind('dot_general', [d, d], { contracting: [[1], [1]], batch: [[], []] }), n - ddof);
  return x.shape[0] === 1 ? reshape(c, []) : c;
}

/**
 * Pearson correlation coefficients, clipped to [-1, 1] as numpy does.
 * @example np.corrcoef([[1, 2, 3], [3, 2, 1]]).toArray() // [[1, -1], [-1, 1]]
 */
export function corrcoef(x: ArrayLike, y?: ArrayLike, opts: Pick<CovOptions, 'rowvar'> = {}): NDArray {
  const c = cov(x, y, { rowvar: opts.rowvar ?? true });
  if (c.ndim === 0) return divide(c, c);
  const n = c.shape[0]!;
  const d = sqrt(
    take(
      reshape(c, [-1]),
      Array.from({ length: n }, (_, i) => i * (n + 1)),
    ),
  );
  const r = divide(divide(c, expandDims(d, 1)), expandDims(d, 0));
  return clip(r, -1, 1);
}

export type QuantileMethod = 'linear' | 'lower' | 'higher' | 'nearest' | 'midpoint';
export interface QuantileOptions extends ReduceOptions {
  /** How a quantile between two order statistics is taken (default 'linear'). */
  readonly method?: QuantileMethod;
}

/**
 * The q-th quantiles (q in [0, 1], a number or a list: a list adds a leading axis) over `axis`, by
 * sorting: NaN sorts last, so a slice with NaN gives NaN as in numpy.
 * @example np.quantile([1, 2, 3, 4], 0.5).item() // 2.5
 */
export function quantile(a: ArrayLike, q: number | readonly number[], axis?: Axis, opts: QuantileOptions = {}): NDArray {
  const qs = typeof q === 'number' ? [q] : [...q];
  for (const v of qs) if (!(v >= 0 && v <= 1)) throw new RangeError(`np.quantile: q must be in [0, 1], got ${v}`);
  const method = opts.method ?? 'linear';
  if (!['linear', 'lower', 'higher', 'nearest', 'midpoint'].includes(method))
    throw new TypeError(`np.quantile: method must be linear, lower, higher, nearest or midpoint, got ${String(method)}`);
  const x0 = floating(a);
  const axes = axesOf(axis, x0.ndim);
  // the reduced axes, moved last and flattened into one
  const rest = x0.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const moved = moveaxis(
    x0,
    axes,
    axes.map((_, i) => rest.length + i),
  );
  const n = axes.reduce((k, d) => k * x0.shape[d]!, 1);
  const x = reshape(moved, [...rest.map((d) => x0.shape[d]!), n]);
  if (n === 0) throw new ShapeError('np.quantile: cannot take a quantile of an empty slice');
  const s = sort(x, -1);
  const hasNan = any(isnan(x), -1);
  const at = (i: number) => take(s, [i], -1);
  const results = qs.map((qv) => {
    const pos = qv * (n - 1),
      lo = Math.floor(pos),
      hi = Math.ceil(pos),
      frac = pos - lo;
    let r: NDArray;
    if (method === 'lower') r = at(lo);
    else if (method === 'higher') r = at(hi);
    else if (method === 'nearest') r = at(frac === 0.5 ? (lo % 2 === 0 ? lo : hi) : Math.round(pos));
    else if (method === 'midpoint') r = lerp(at(lo), at(hi), 0.5);
    else r = frac === 0 ? at(lo) : lerp(at(lo), at(hi), frac);
    r = where(expandDims(hasNan, -1), NaN, r);
    const dropped = reshape(
      r,
      rest.map((d) => x0.shape[d]!),
    );
    return keepDims(dropped, axes, opts.keepdims);
  });
  if (typeof q === 'number') return results[0]!;
  return concatenate(
    results.map((r) => expandDims(r, 0)),
    0,
  );
}

/**
 * quantile with q in percent.
 * @example np.percentile([1, 2, 3, 4, 5], 50).item() // 3
 */
export function percentile(a: ArrayLike, q: number | readonly number[], axis?: Axis, opts: QuantileOptions = {}): NDArray {
  const qs = typeof q === 'number' ? q / 100 : q.map((v) => v / 100);
  return quantile(a, qs, axis, opts);
}

/**
 * The middle value (mean of the two middle values for an even count) over `axis`.
 * @example np.median([3, 1, 4, 2]).item() // 2.5
 */
export const median = (a: ArrayLike, axis?: Axis, opts?: ReduceOptions): NDArray => quantile(a, 0.5, axis, opts);
