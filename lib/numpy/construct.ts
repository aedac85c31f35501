/**
 * Rearranging and building arrays: repeat, roll, rot90, the flips, triangles, diagonals, trace,
 * meshgrid, indices, logspace and geomspace. Index patterns are static (known from the shapes),
 * so each is a gather at constant indices, a select against an iota mask, or a shape op.
 */
import { asArray, linspace, type ArrayLike } from '../array/create';
import { isDType, type DType } from '../array/dtype';
import { bind, type NDArray } from '../array/ndarray';
import { fmtShape, ShapeError } from '../array/shape';
import { equal, greaterEqual, multiply, power, where } from './math';
import { concatenate, flip, moveaxis, reshape, sliceAxis, stack, swapaxes, take } from './manip';
import { sum } from './reductions';
import { axisOf, broadcastTo } from './util';

const iota = (shape: readonly number[], dimension: number): NDArray => bind('iota', [], { dtype: 'int32', shape, dimension });
const checkInt = (v: number, what: string): number => {
  if (!Number.isInteger(v)) throw new TypeError(`${what} must be an integer, got ${String(v)}`);
  return v;
};

/**
 * Each element repeated `repeats` times (one count, or one per position along the axis); flattened when axis is null.
 * @example np.repeat([1, 2], 2).toArray() // [1, 1, 2, 2]
 */
export function repeat(a: ArrayLike, repeats: number | readonly number[], axis: number | null = null): NDArray {
  const x0 = asArray(a);
  const x = axis === null ? reshape(x0, [-1]) : x0;
  const ax = axis === null ? 0 : axisOf(axis, x.ndim);
  const n = x.shape[ax]!;
  const counts = typeof repeats === 'number' ? Array.from({ length: n }, () => repeats) : [...repeats];
  if (counts.length !== n)
    throw new ShapeError(`np.repeat: repeats must be one count or ${n} counts (the length of axis ${axis}), got ${counts.length}`);
  for (const c of counts)
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`np.repeat: repeats must be non-negative integers, got ${c}`);
  return take(
    x,
    counts.flatMap((c, i) => Array.from({ length: c }, () => i)),
    ax,
  );
}

/**
 * Elements shifted by `shift` along `axis` (several pairs at once), wrapping around; the flattened array when axis is null.
 * @example np.roll([1, 2, 3], 1).toArray() // [3, 1, 2]
 */
export function roll(a: ArrayLike, shift: number | readonly number[], axis: number | readonly number[] | null = null): NDArray {
  const x = asArray(a);
  if (axis === null) {
    const total = (typeof shift === 'number' ? [shift] : shift).reduce((s, v) => s + checkInt(v, 'np.roll: shift'), 0);
    return reshape(roll(reshape(x, [-1]), total, 0), x.shape);
  }
  const axes = typeof axis === 'number' ? [axis] : [...axis];
  const shifts = typeof shift === 'number' ? axes.map(() => shift) : [...shift];
  if (shifts.length !== axes.length && axes.length !== 1)
    throw new ShapeError(`np.roll: shift and axis must have one length, got ${shifts.length} and ${axes.length}`);
  const pairs = axes.length === 1 ? shifts.map((s) => [s, axes[0]!] as const) : shifts.map((s, i) => [s, axes[i]!] as const);
  return pairs.reduce((acc, [s, ax0]) => {
    const ax = axisOf(ax0, acc.ndim),
      n = acc.shape[ax]!;
    const k = n === 0 ? 0 : ((checkInt(s, 'np.roll: shift') % n) + n) % n;
    return k === 0 ? acc : concatenate([sliceAxis(acc, ax, n - k, null), sliceAxis(acc, ax, 0, n - k)], ax);
  }, x);
}

/**
 * Rotation by 90 degrees k times in the plane of `axes` (from the first axis towards the second).
 * @example np.rot90([[1, 2], [3, 4]]).toArray() // [[2, 4], [1, 3]]
 */
export function rot90(m: ArrayLike, k = 1, axes: readonly [number, number] = [0, 1]): NDArray {
  const x = asArray(m);
  if (x.ndim < 2) throw new ShapeError(`np.rot90: m must have at least 2 axes, got shape ${fmtShape(x.shape)}`);
  const a0 = axisOf(axes[0], x.ndim),
    a1 = axisOf(axes[1], x.ndim);
  if (a0 === a1) throw new ShapeError(`np.rot90: axes must be different, got ${axes[0]} and ${axes[1]}`);
  const turns = ((checkInt(k, 'np.rot90: k') % 4) + 4) % 4;
  if (turns === 0) return x;
  if (turns === 2) return flip(flip(x, a0), a1);
  return turns === 1 ? swapaxes(flip(x, a1), a0, a1) : flip(swapaxes(x, a0, a1), a1);
}

/**
 * Columns reversed (axis 1; needs rank >= 2).
 * @example np.fliplr([[1, 2], [3, 4]]).toArray() // [[2, 1], [4, 3]]
 */
export function fliplr(m: ArrayLike): NDArray {
  const x = asArray(m);
  if (x.ndim < 2) throw new ShapeError(`np.fliplr: m must have at least 2 axes, got shape ${fmtShape(x.shape)}`);
  return flip(x, 1);
}
/**
 * Rows reversed (axis 0; needs rank >= 1).
 * @example np.flipud([[1, 2], [3, 4]]).toArray() // [[3, 4], [1, 2]]
 */
export function flipud(m: ArrayLike): NDArray {
  const x = asArray(m);
  if (x.ndim < 1) throw new ShapeError('np.flipud: m must have at least 1 axis, got a 0-d array');
  return flip(x, 0);
}

/** Whether (i, j) of an [n, m] array lies on or below the k-th diagonal (j - i <= k). */
const lowerMask = (n: number, m: number, k: number): NDArray =>
  greaterEqual(
    bind('add', [iota([n, m], 0), bind('broadcast_in_dim', [asArray(k, 'int32')], { shape: [n, m], broadcastDimensions: [] })]),
    iota([n, m], 1),
  );

/**
 * An [N, M] array with ones at and below the k-th diagonal.
 * @example np.tri(2).toArray() // [[1, 0], [1, 1]]
 */
export function tri(n: number, m?: number, k = 0, dtype: DType = 'float64'): NDArray {
  checkInt(n, 'np.tri: N');
  checkInt(m ?? n, 'np.tri: M');
  checkInt(k, 'np.tri: k');
  if (!isDType(dtype)) throw new TypeError(`np.tri: dtype must be a dtype name, got ${String(dtype)}`);
  return bind('convert', [lowerMask(n, m ?? n, k)], { dtype });
}

/** The last two axes of m (a 1-d m is broadcast to [n, n], as numpy) with the part above (tril) or below (triu) the k-th diagonal zeroed. */
function triangle(m: ArrayLike, k: number, lower: boolean, api: string): NDArray {
  const x = asArray(m);
  if (x.ndim < 1) throw new ShapeError(`np.${api}: m must have at least 1 axis, got a 0-d array`);
  checkInt(k, `np.${api}: k`);
  const [r, c] = x.ndim === 1 ? [x.shape[0]!, x.shape[0]!] : x.shape.slice(-2);
  const mask = lower ? lowerMask(r!, c!, k) : bind('not', [lowerMask(r!, c!, k - 1)]);
  const shape = x.ndim === 1 ? [r!, c!] : x.shape;
  return where(mask, broadcastTo(x, shape), bind('convert', [asArray(0)], { dtype: x.dtype }));
}
/**
 * The lower triangle of `m` (the last two axes): elements above the `k`-th diagonal are zeroed; a 1-d `m` is first broadcast to a square matrix.
 * @example np.tril([[1, 2], [3, 4]]).toArray() // [[1, 0], [3, 4]]
 */
export const tril = (m: ArrayLike, k = 0): NDArray => triangle(m, k, true, 'tril');
/**
 * The upper triangle of `m` (the last two axes): elements below the `k`-th diagonal are zeroed; a 1-d `m` is first broadcast to a square matrix.
 * @example np.triu([[1, 2], [3, 4]]).toArray() // [[1, 2], [0, 4]]
 */
export const triu = (m: ArrayLike, k = 0): NDArray => triangle(m, k, false, 'triu');

/**
 * The diagonal of the axis1 x axis2 planes, as a new last axis (offset k: j - i = k).
 * @example np.diagonal([[1, 2], [3, 4]]).toArray() // [1, 4]
 */
export function diagonal(a: ArrayLike, offset = 0, axis1 = 0, axis2 = 1): NDArray {
  const x = asArray(a);
  if (x.ndim < 2) throw new ShapeError(`np.diagonal: a must have at least 2 axes, got shape ${fmtShape(x.shape)}`);
  const a1 = axisOf(axis1, x.ndim),
    a2 = axisOf(axis2, x.ndim);
  if (a1 === a2) throw new ShapeError(`np.diagonal: axis1 and axis2 cannot be the same, got ${axis1} and ${axis2}`);
  checkInt(offset, 'np.diagonal: offset');
  const planes = moveaxis(x, [a1, a2], [-2, -1]);
  const n = planes.shape[planes.ndim - 2]!,
    m = planes.shape[planes.ndim - 1]!;
  const len = Math.max(0, Math.min(n + Math.min(offset, 0), m - Math.max(offset, 0)));
  const flat = reshape(planes, [...planes.shape.slice(0, -2), n * m]);
  const start = offset >= 0 ? offset : -offset * m;
  return take(
    flat,
    Array.from({ length: len }, (_, i) => start + i * (m + 1)),
    -1,
  );
}

/**
 * The sum of the diagonal (over axis1 and axis2).
 * @example np.trace([[1, 2], [3, 4]]).item() // 5
 */
export const trace = (a: ArrayLike, offset = 0, axis1 = 0, axis2 = 1): NDArray => sum(diagonal(a, offset, axis1, axis2), -1);

/**
 * 1-d v: a square array with v on the k-th diagonal; 2-d v: its k-th diagonal.
 * @example np.diag([1, 2]).toArray() // [[1, 0], [0, 2]]
 */
export function diag(v: ArrayLike, k = 0): NDArray {
  const x = asArray(v);
  checkInt(k, 'np.diag: k');
  if (x.ndim === 2) return diagonal(x, k);
  if (x.ndim !== 1) throw new ShapeError(`np.diag: v must be 1-d or 2-d, got shape ${fmtShape(x.shape)}`);
  const n = x.shape[0]!,
    size = n + Math.abs(k);
  // element (i, j) on the diagonal reads v[min(i, j)]; the others read the appended zero
  const idx = Array.from({ length: size * size }, (_, p) => {
    const i = Math.floor(p / size),
      j = p % size;
    return j - i === k ? Math.min(i, j) : n;
  });
  const padded = concatenate([x, bind('convert', [asArray([0])], { dtype: x.dtype })], 0);
  return reshape(take(padded, idx), [size, size]);
}
/**
 * diag of the flattened input.
 * @example np.diagflat([[1, 2]]).toArray() // [[1, 0], [0, 2]]
 */
export const diagflat = (v: ArrayLike, k = 0): NDArray => diag(reshape(asArray(v), [-1]), k);

export interface MeshgridOptions {
  /** 'xy' (default: the first two outputs are [len(y), len(x), ...]) or 'ij' (matrix indexing). */
  readonly indexing?: 'xy' | 'ij';
  /** Outputs of size 1 along every axis but their own. */
  readonly sparse?: boolean;
}
/**
 * Coordinate arrays from 1-d coordinate vectors (flattened if not 1-d).
 * @example np.meshgrid([1, 2], [3, 4, 5]).map((a) => a.shape) // [[3, 2], [3, 2]]
 */
export function meshgrid(...args: [...ArrayLike[], MeshgridOptions] | ArrayLike[]): NDArray[] {
  const last = args[args.length - 1];
  const hasOpts =
    last !== undefined &&
    typeof last === 'object' &&
    !Array.isArray(last) &&
    !ArrayBuffer.isView(last) &&
    ('indexing' in last || 'sparse' in last);
  const opts = (hasOpts ? last : {}) as MeshgridOptions;
  const indexing = opts.indexing ?? 'xy';
  if (indexing !== 'xy' && indexing !== 'ij') throw new TypeError(`np.meshgrid: indexing must be 'xy' or 'ij', got ${String(indexing)}`);
  const xs = (hasOpts ? args.slice(0, -1) : args).map((x) => reshape(asArray(x as ArrayLike), [-1]));
  const lens = xs.map((x) => x.shape[0]!);
  const swap = indexing === 'xy' && xs.length >= 2;
  const shape = swap ? [lens[1]!, lens[0]!, ...lens.slice(2)] : lens;
  return xs.map((x, i) => {
    const d = swap && i < 2 ? 1 - i : i;
    if (opts.sparse)
      return reshape(
        x,
        shape.map((s, j) => (j === d ? s : 1)),
      );
    return bind('broadcast_in_dim', [x], { shape, broadcastDimensions: [d] });
  });
}

/**
 * An array [len(dimensions), ...dimensions] whose k-th slice holds the index along axis k.
 * @example np.indices([2, 2]).toArray() // [[[0, 0], [1, 1]], [[0, 1], [0, 1]]]
 */
export function indices(dimensions: readonly number[], dtype: DType = 'int32'): NDArray {
  dimensions.forEach((d, i) => checkInt(d, `np.indices: dimensions[${i}]`));
  if (dimensions.length === 0) return bind('convert', [iota([0], 0)], { dtype });
  return bind(
    'convert',
    [
      stack(
        dimensions.map((_, k) => iota(dimensions, k)),
        0,
      ),
    ],
    { dtype },
  );
}

/**
 * base ** linspace(start, stop, num): numbers evenly spaced on a log scale.
 * @example np.logspace(0, 2, 3).toArray() // [1, 10, 100]
 */
export function logspace(start: number, stop: number, num = 50, endpoint = true, base = 10, dtype?: DType): NDArray {
  const y = linspace(start, stop, num, endpoint);
  const r = power(base, y);
  return dtype === undefined ? r : bind('convert', [r], { dtype });
}

/**
 * A geometric progression from start to stop (both of one sign, nonzero); the ends are exact.
 * @example np.geomspace(1, 1000, 4).toArray() // [1, 10, 100, 1000]
 */
export function geomspace(start: number, stop: number, num = 50, endpoint = true, dtype?: DType): NDArray {
  if (start === 0 || stop === 0) throw new RangeError('np.geomspace: geometric sequence cannot include zero');
  if (Math.sign(start) !== Math.sign(stop))
    throw new RangeError(`np.geomspace: start and stop must have one sign (no complex results), got ${start} and ${stop}`);
  const sign = Math.sign(start);
  let r = multiply(sign, logspace(Math.log10(Math.abs(start)), Math.log10(Math.abs(stop)), num, endpoint));
  if (num > 0) {
    const first = iota([num], 0);
    r = where(equal(first, 0), start, r);
    if (endpoint && num > 1) r = where(equal(first, num - 1), stop, r);
  }
  return dtype === undefined ? r : bind('convert', [r], { dtype });
}
