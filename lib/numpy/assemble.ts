/**
 * Building and updating whole arrays: block, resize, putAlongAxis and fillDiagonal (functional, as
 * JAX's: a new array, the input untouched; updates go through `np.at`), and trimZeros (whose size
 * depends on the values, so it reads a concrete array, as JAX's does).
 */
import { arange, asArray, zeros, type ArrayLike } from '../array/create';
import type { NDArray } from '../array/ndarray';
import { fmtShape, ShapeError } from '../array/shape';
import { at, type AtOptions } from './at';
import { intArray } from './int-literal';
import { concatenate, reshape, sliceAxis, tile } from './manip';
import { notEqual } from './math';
import { readConcrete } from './static-size';
import { broadcastTo, promote } from './util';

/** A nested list of arrays for `block`: the nesting depth picks the concatenation axes. */
export type BlockArg = ArrayLike | readonly BlockArg[];

const isList = (x: unknown): x is readonly BlockArg[] => Array.isArray(x);

/**
 * Assembles an array from nested lists of blocks, as numpy.block: the innermost lists are
 * concatenated along the last axis, the next ones along the second-to-last, and so on; blocks of
 * lower rank get leading axes of size 1 first. All leaves must sit at the same depth.
 * @example np.block([[np.eye(2), np.zeros([2, 1])], [np.ones([1, 2]), np.full([1, 1], 5)]]).shape // [3, 3]
 */
export function block(arrays: BlockArg): NDArray {
  // a JS list is a level of nesting (numbers are 0-d leaves), as numpy reads Python lists
  const leaves: { value: NDArray; depth: number; path: string }[] = [];
  const walk = (x: BlockArg, depth: number, path: string): void => {
    if (isList(x)) {
      if (x.length === 0) throw new ShapeError(`np.block: the list at arrays${path} is empty`);
      x.forEach((c, i) => walk(c, depth + 1, `${path}[${i}]`));
    } else leaves.push({ value: asArray(x), depth, path });
  };
  walk(arrays, 0, '');
  const depth = leaves[0]!.depth;
  const odd = leaves.find((l) => l.depth !== depth);
  if (odd) throw new ShapeError(`np.block: list depths are mismatched: arrays${leaves[0]!.path} is at depth ${depth}, arrays${odd.path} at ${odd.depth}`);
  const promoted = promote(...leaves.map((l) => l.value));
  const ndim = Math.max(depth, ...promoted.map((p) => p.ndim));
  let k = 0;
  const build = (x: BlockArg, level: number): NDArray => {
    if (!isList(x)) {
      const v = promoted[k++]!;
      return v.ndim < ndim ? reshape(v, [...Array<number>(ndim - v.ndim).fill(1), ...v.shape]) : v;
    }
    const parts = x.map((c) => build(c, level + 1));
    const axis = ndim - (depth - level);
    try {
      return concatenate(parts, axis);
    } catch (e) {
      throw new ShapeError(`np.block: blocks at depth ${level + 1} do not fit along axis ${axis}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return build(arrays, 0);
}

/**
 * An array of `newShape` filled with a's elements (flattened) repeated cyclically; zeros when a is
 * empty (numpy.resize).
 * @example np.resize([1, 2, 3], [2, 4]).toArray() // [[1, 2, 3, 1], [2, 3, 1, 2]]
 */
export function resize(a: ArrayLike, newShape: number | readonly number[]): NDArray {
  const x = reshape(asArray(a), [-1]);
  const shape = typeof newShape === 'number' ? [newShape] : [...newShape];
  if (shape.some((n) => !Number.isInteger(n) || n < 0))
    throw new ShapeError(`np.resize: newShape must hold non-negative integers, got ${fmtShape(shape)}`);
  const size = shape.reduce((p, q) => p * q, 1);
  if (x.shape[0] === 0) return zeros(shape, x.dtype);
  const reps = Math.ceil(size / x.shape[0]!);
  return reshape(sliceAxis(tile(x, reps), 0, 0, size), shape);
}

/**
 * arr with arr[..., indices[..., i, ...], ...] = values along `axis` (the flattened arr when null;
 * indices then 1-d): JAX's put_along_axis (inplace=false), a new array. Indices have arr's rank;
 * their other axes broadcast against arr's; values broadcast to the indices' shape. Duplicate
 * targets keep the last value; out-of-range ones follow `mode` (default JAX's: dropped).
 * @example np.putAlongAxis([[10, 30, 20], [60, 40, 50]], np.array([[0], [1]], 'int32'), 99, 1).toArray() // [[99, 30, 20], [60, 99, 50]]
 */
export function putAlongAxis(arr: ArrayLike, indices: ArrayLike, values: ArrayLike, axis: number | null, opts: AtOptions = {}): NDArray {
  const a0 = asArray(arr);
  const idx = intArray(indices, 'np.putAlongAxis: indices', { bools: 'reject' });
  const a = axis === null ? reshape(a0, [-1]) : a0;
  const ax = axis === null ? 0 : axis < 0 ? axis + a.ndim : axis;
  if (ax < 0 || ax >= a.ndim) throw new ShapeError(`np.putAlongAxis: axis ${String(axis)} is out of bounds for shape ${fmtShape(a0.shape)}`);
  if (idx.ndim !== a.ndim)
    throw new ShapeError(`np.putAlongAxis: indices must have arr's rank ${a.ndim}${axis === null ? ' (1-d for axis null)' : ''}, got shape ${fmtShape(idx.shape)}`);
  const clash = a.shape.findIndex((n, d) => d !== ax && idx.shape[d] !== n && idx.shape[d] !== 1);
  if (clash >= 0)
    throw new ShapeError(
      `np.putAlongAxis: indices of shape ${fmtShape(idx.shape)} do not broadcast against arr's shape ${fmtShape(a.shape)} at axis ${clash}`,
    );
  let v: NDArray;
  try {
    v = broadcastTo(values, idx.shape);
  } catch {
    throw new ShapeError(`np.putAlongAxis: values of shape ${fmtShape(asArray(values).shape)} do not broadcast to the indices' shape ${fmtShape(idx.shape)}`);
  }
  // one index array per axis: the given indices along `axis`, an iota along each other one
  const entries = a.shape.map((n, d) => (d === ax ? idx : reshape(arange(n, 'int32'), a.shape.map((_, e) => (e === d ? n : 1)))));
  return reshape(at(a, ...entries).set(v, opts), a0.shape);
}

export interface FillDiagonalOptions {
  /** For a tall 2-d matrix, start again below the first square's diagonal (numpy's wrap). */
  readonly wrap?: boolean;
}

/**
 * a with its main diagonal (a[i, i, ...]) set to val, a new array: val is a scalar or an array
 * whose flattened values are used cyclically. a is 2-d, or n × n × ... (numpy's fill_diagonal).
 * @example np.fillDiagonal(np.zeros([3, 3]), [1, 2]).toArray() // [[1, 0, 0], [0, 2, 0], [0, 0, 1]]
 */
export function fillDiagonal(a: ArrayLike, val: ArrayLike, opts: FillDiagonalOptions = {}): NDArray {
  const x = asArray(a);
  if (x.ndim < 2) throw new ShapeError(`np.fillDiagonal: a must be at least 2-d, got shape ${fmtShape(x.shape)}`);
  if (x.ndim > 2 && x.shape.some((n) => n !== x.shape[0]))
    throw new ShapeError(`np.fillDiagonal: an array of rank > 2 must have equal axes, got shape ${fmtShape(x.shape)}`);
  // numpy's flat positions: a step of (1 + cols) in 2-d, 1 + n + n^2 + ... above; no wrap stops at cols^2
  const step = x.ndim === 2 ? x.shape[1]! + 1 : x.shape.reduce((s, _, d) => s + x.shape[0]! ** d, 0);
  const end = x.ndim === 2 && !opts.wrap ? Math.min(x.size, x.shape[1]! * x.shape[1]!) : x.size;
  const positions: number[] = [];
  for (let p = 0; p < end; p += step) positions.push(p);
  const v = reshape(asArray(val), [-1]);
  if (v.shape[0] === 0 || positions.length === 0) return x;
  const cycled = v.shape[0] === 1 ? v : sliceAxis(tile(v, Math.ceil(positions.length / v.shape[0]!)), 0, 0, positions.length);
  return reshape(at(reshape(x, [-1]), asArray(positions, 'int32')).set(cycled), x.shape);
}

/**
 * The 1-d filt without its leading ('f'), trailing ('b') or both ('fb', the default) zeros. Its
 * length depends on the values, so filt must be concrete (not inside vmap or jit), as in JAX.
 * @example np.trimZeros([0, 0, 1, 2, 0, 3, 0]).toArray() // [1, 2, 0, 3]
 */
export function trimZeros(filt: ArrayLike, trim = 'fb'): NDArray {
  const x = asArray(filt);
  if (x.ndim !== 1) throw new ShapeError(`np.trimZeros: filt must be 1-d, got shape ${fmtShape(x.shape)}`);
  if (!/^[fb]*$/i.test(trim)) throw new TypeError(`np.trimZeros: trim must be made of 'f' and 'b', got '${trim}'`);
  const nz = readConcrete(
    () => (notEqual(x, 0).toArray() as boolean[]).map(Boolean),
    "np.trimZeros: the result's length depends on filt's values, so filt must be concrete (not inside vmap or jit)",
  );
  const first = nz.indexOf(true);
  if (first < 0) return sliceAxis(x, 0, 0, 0);
  const start = /f/i.test(trim) ? first : 0;
  const stop = /b/i.test(trim) ? nz.lastIndexOf(true) + 1 : nz.length;
  return sliceAxis(x, 0, start, stop);
}
