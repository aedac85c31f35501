/**
 * Selecting by index or condition: piecewise, choose, compress and extract, as JAX's. compress and
 * extract have data-dependent sizes, made static by `size` (required inside vmap and jit).
 */
import { arange, asArray, full, type ArrayLike } from '../array/create';
import type { NDArray } from '../array/ndarray';
import { fmtShape, ShapeError } from '../array/shape';
import { expandDims, moveaxis, reshape, sliceAxis, squeeze, stack, take, takeAlongAxis } from './manip';
import { astype, clip, equal, greaterEqual, less, logicalOr, remainder, where } from './math';
import { intArray } from './int-literal';
import { nonzero } from './nonzero';
import { readConcrete, staticSize } from './static-size';
import { any, argmax, cumsum, sum } from './reductions';
import { broadcastArrays, broadcastTo, cast, promote } from './util';

/** A piece of piecewise: a function of x, or a constant. */
export type Piece = ((x: NDArray) => ArrayLike) | number | boolean;

/**
 * Evaluates `funclist[i]` where `condlist[i]` holds (the last true condition wins); elsewhere the
 * extra last function (the "otherwise" piece), or 0. Pieces are functions of the whole x (so they
 * must be elementwise, as numpy's effectively are) or constants; results take x's dtype.
 * @example np.piecewise([-2, 0, 3], [np.less([-2, 0, 3], 0)], [(x) => np.negative(x), (x) => x]).toArray() // [2, 0, 3]
 */
export function piecewise(x: ArrayLike, condlist: readonly ArrayLike[], funclist: readonly Piece[]): NDArray {
  const a = asArray(x);
  const nc = condlist.length,
    nf = funclist.length;
  if (nf !== nc && nf !== nc + 1)
    throw new TypeError(`np.piecewise: with ${nc} condition(s), either ${nc} or ${nc + 1} functions are expected; got ${nf}`);
  // piece 0 is "otherwise"; piece i + 1 goes with condition i
  const pieces: Piece[] = nf === nc + 1 ? [funclist[nc]!, ...funclist.slice(0, nc)] : [0, ...funclist];
  const conds = condlist.map((c, i) => {
    const b = asArray(c);
    try {
      return broadcastTo(cast(b, 'bool'), a.shape);
    } catch {
      throw new ShapeError(`np.piecewise: condition ${i} of shape ${fmtShape(b.shape)} does not broadcast to x's shape ${fmtShape(a.shape)}`);
    }
  });
  const value = (p: Piece): NDArray => cast(broadcastTo(asArray(typeof p === 'function' ? p(a) : p), a.shape), a.dtype);
  if (nc === 0) return value(pieces[0]!);
  // the last true condition: the first position where the running count of true ones peaks
  const running = cumsum(cast(stack([full(a.shape, false, 'bool'), ...conds], 0), 'int32'), 0);
  const index = argmax(running, 0);
  let out = value(pieces[0]!);
  for (let i = 1; i <= nc; i++) out = where(equal(index, i), value(pieces[i]!), out);
  return out;
}

export interface ChooseOptions {
  /** 'raise' (default; reads `a`, so not inside vmap/jit), 'wrap' (modulo n) or 'clip'. */
  readonly mode?: 'raise' | 'wrap' | 'clip';
}

/**
 * out[...] = choices[a[...]][...]: `a` (integers) picks, elementwise, which of the n arrays to read;
 * a and every choice broadcast together.
 * @example np.choose([2, 0, 1], [[0, 1, 2], [10, 11, 12], [20, 21, 22]]).toArray() // [20, 1, 12]
 */
export function choose(a: ArrayLike, choices: readonly ArrayLike[], opts: ChooseOptions = {}): NDArray {
  const mode = opts.mode ?? 'raise';
  let idx = intArray(a, 'np.choose: a');
  const n = choices.length;
  if (n === 0) throw new TypeError('np.choose: choices must hold at least one array');
  if (mode === 'wrap') idx = remainder(idx, n);
  else if (mode === 'clip') idx = clip(idx, 0, n - 1);
  else if (mode === 'raise') {
    const bad = readConcrete(
      () => idx.size > 0 && Boolean(any(logicalOr(less(idx, 0), greaterEqual(idx, n))).item()),
      "np.choose: mode 'raise' reads a's values; inside vmap/jit use { mode: 'wrap' } or { mode: 'clip' }",
    );
    if (bad) throw new RangeError(`np.choose: an entry of a is outside [0, ${n}) (mode 'raise')`);
  } else throw new TypeError(`np.choose: mode must be 'raise', 'wrap' or 'clip', got ${String(mode)}`);
  const [i, ...cs] = broadcastArrays(cast(idx, 'int32'), ...promote(...choices));
  return squeeze(takeAlongAxis(stack(cs, 0), expandDims(i!, 0), 0), 0);
}

export interface CompressOptions {
  /** The static result length along the axis (required inside vmap and jit). */
  readonly size?: number;
  /** The value of the missing results past the selected ones (default 0). */
  readonly fillValue?: number;
}

/**
 * The slices of `a` along `axis` (the flattened a when null) where the 1-d `condition` holds. A
 * condition shorter than the axis selects among the first slices only; a longer one must be false
 * past it.
 * @example np.compress([false, true, true], [[1, 2], [3, 4], [5, 6]], 0).toArray() // [[3, 4], [5, 6]]
 */
export function compress(condition: ArrayLike, a: ArrayLike, axis: number | null = null, opts: CompressOptions = {}): NDArray {
  const c0 = cast(asArray(condition), 'bool');
  if (c0.ndim !== 1) throw new ShapeError(`np.compress: condition must be 1-d, got shape ${fmtShape(c0.shape)}`);
  let arr = asArray(a);
  if (axis === null) arr = reshape(arr, [-1]);
  else if (arr.ndim === 0) throw new ShapeError('np.compress: a 0-d array has no axis to compress (pass axis null)');
  const ax = axis === null ? 0 : axis < 0 ? axis + arr.ndim : axis;
  if (ax < 0 || ax >= arr.ndim) throw new ShapeError(`np.compress: axis ${String(axis)} is out of bounds for shape ${fmtShape(arr.shape)}`);
  const len = arr.shape[ax]!;
  const cond = c0.shape[0]! > len ? sliceAxis(c0, 0, 0, len) : c0;
  if (c0.shape[0]! > len) {
    const extra = readConcrete(
      () => Boolean(any(sliceAxis(c0, 0, len, null)).item()),
      `np.compress: condition is longer than axis ${ax} (length ${len}); trim it`,
    );
    if (extra) throw new ShapeError(`np.compress: condition has true entries past the length ${len} of axis ${ax}`);
  }
  const body = sliceAxis(arr, ax, 0, cond.shape[0]!);
  const size = staticSize(cond, opts.size, 'compress');
  if (size === 0 || cond.shape[0] === 0) {
    const shape = body.shape.map((m, d) => (d === ax ? size : m));
    return astype(broadcastTo(asArray(opts.fillValue ?? 0), shape), body.dtype);
  }
  const index = nonzero(cond, { size })[0]!;
  const real = less(arange(size, 'int32'), sum(cast(cond, 'int32')));
  const picked = moveaxis(take(body, index, ax), ax, 0);
  const filled = where(reshape(real, [size, ...picked.shape.slice(1).map(() => 1)]), picked, opts.fillValue ?? 0);
  return moveaxis(cast(filled, body.dtype), 0, ax);
}

/**
 * The elements of `arr` where `condition` holds, both flattened (compress of the ravelled arrays).
 * @example np.extract(np.greater([[1, 5], [7, 2]], 3), [[1, 5], [7, 2]]).toArray() // [5, 7]
 */
export function extract(condition: ArrayLike, arr: ArrayLike, opts: CompressOptions = {}): NDArray {
  return compress(reshape(asArray(condition), [-1]), reshape(asArray(arr), [-1]), null, opts);
}
