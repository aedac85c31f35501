/**
 * numpy's indexing for reads, `x.index(...)` (JAX's `x[idx]`), as compositions: one `slice` (and
 * `rev` for negative steps) takes the integers and slices, then, when there are integer arrays, the
 * indexed axes are moved to the front and flattened into one, and a single `gather` picks the
 * broadcast flat coordinates; a transpose and a reshape put the dimensions where numpy puts them
 * (newaxis included). So vmap, grad (gather's transpose is scatter-add) and jit need no new rules.
 * Out-of-bounds integer-array entries follow JAX's modes: 'promise_in_bounds' (the default, as
 * jnp's) and 'clip' clamp, 'fill' and 'drop' read `fillValue` (JAX's defaults: NaN, the least
 * int32, the largest uint32, true).
 */
import { asArray } from '../array/create';
import { defaultGatherFill } from '../array/dtype';
import type { AtOptions, IndexArgs, IndexEntry } from '../array/index-types';
import { bind, type NDArray } from '../array/ndarray';
import { fmtShape, sizeOf } from '../array/shape';
import { isIndexOptions, modeOf, parseIndex, IndexError, type Item, type ParsedIndex } from './index-parse';
import { add, greaterEqual, less, logicalAnd, multiply, where } from './math';
import { reshape, take, transpose } from './manip';
import { broadcastTo, cast } from './util';

/** Coordinates of one advanced axis of length n: negatives wrapped once, then clamped into [0, n). */
export function clampCoords(c: NDArray, n: number): { clamped: NDArray; inBounds: NDArray } {
  const wrapped = where(less(c, 0), add(c, n), c);
  const inBounds = logicalAnd(greaterEqual(wrapped, 0), less(wrapped, n));
  return { clamped: where(less(wrapped, 0), 0, where(less(wrapped, n), wrapped, n - 1)), inBounds };
}

/** The `slice` (and `rev`) that applies the static integers and slices; array axes are kept whole. */
function basicSlice(x: NDArray, items: readonly Item[]): NDArray {
  const start = x.shape.map(() => 0),
    limit = [...x.shape],
    strides = x.shape.map(() => 1);
  const reversed: number[] = [];
  for (const it of items) {
    if (it.kind === 'int') [start[it.axis], limit[it.axis]] = [it.value, it.value + 1];
    else if (it.kind === 'slice') {
      const { axis, start: s, step, count } = it;
      if (count === 0) [start[axis], limit[axis]] = [0, 0];
      else if (step > 0) [start[axis], limit[axis], strides[axis]] = [s, s + (count - 1) * step + 1, step];
      else {
        // the same positions ascending, then reversed
        [start[axis], limit[axis], strides[axis]] = [s + (count - 1) * step, s + 1, -step];
        if (count > 1) reversed.push(axis);
      }
    }
  }
  const trivial = x.shape.every((n, d) => start[d] === 0 && limit[d] === n && strides[d] === 1);
  const y = trivial ? x : bind('slice', [x], { start, limit, strides });
  return reversed.length ? bind('rev', [y], { dimensions: reversed }) : y;
}

/** x[index] for a parsed index. */
export function readParsed(x: NDArray, p: ParsedIndex, opts: AtOptions, fn: string): NDArray {
  const mode = modeOf(opts, 'promise_in_bounds', fn);
  const y = basicSlice(x, p.items);
  if (!p.hasArrays) return y.shape.join() === p.shape.join() ? y : reshape(y, p.shape);
  const arrays = p.items.filter((i): i is Extract<Item, { kind: 'array' }> => i.kind === 'array');
  const arrayAxes = arrays.map((a) => a.axis);
  const restAxes = x.shape.map((_, d) => d).filter((d) => !arrayAxes.includes(d));
  const n = sizeOf(arrayAxes.map((d) => x.shape[d]!));
  const advSize = sizeOf(p.advShape);
  const fill = () => cast(asArray(opts.fillValue ?? defaultGatherFill(x.dtype)), x.dtype);
  if (n === 0 && advSize > 0) {
    const d = arrayAxes.find((a) => x.shape[a] === 0)!;
    if (mode === 'fill' || mode === 'drop') return broadcastTo(fill(), p.shape);
    throw new IndexError(`${fn}: cannot index axis ${d} of size 0 with an integer array of shape ${fmtShape(p.advShape)}`);
  }
  // the array axes first, flattened into one, then one gather of the broadcast flat coordinates
  const order = [...arrayAxes, ...restAxes];
  const moved = order.every((v, i) => v === i) ? y : transpose(y, order);
  const flatY = reshape(moved, [n, ...restAxes.map((d) => y.shape[d]!)]);
  let flat: NDArray | null = null;
  let valid: NDArray | null = null;
  // each array axis' stride in the flattened block: the product of the later array axes' lengths
  // (not n divided down, which is 0/0 when an axis has length 0)
  for (const [k, a] of arrays.entries()) {
    const len = x.shape[a.axis]!;
    const stride = sizeOf(arrayAxes.slice(k + 1).map((d) => x.shape[d]!));
    const { clamped, inBounds } = clampCoords(broadcastTo(a.coords, p.advShape), len);
    const term = stride === 1 ? clamped : multiply(clamped, stride);
    flat = flat === null ? term : add(flat, term);
    valid = valid === null ? inBounds : logicalAnd(valid, inBounds);
  }
  let got = take(flatY, flat!, 0); // [...advShape, ...rest]
  if ((mode === 'fill' || mode === 'drop') && valid !== null) {
    const mask = bind('broadcast_in_dim', [valid], { shape: got.shape, broadcastDimensions: p.advShape.map((_, i) => i) });
    got = where(mask, got, fill());
  }
  // where each gathered dimension goes: advanced ones at advStart.., sliced ones at their result dim
  // (integer axes have length 1 and are dropped by the final reshape, so they go last)
  const target = [...p.advShape.map((_, i) => p.advStart + i)];
  for (const d of restAxes) {
    const k = p.items.findIndex((it) => it.kind !== 'newaxis' && it.axis === d);
    target.push(p.items[k]!.kind === 'slice' ? p.dimOf[k]! : Infinity);
  }
  const perm = target.map((_, i) => i).sort((i, j) => target[i]! - target[j]! || i - j);
  const placed = perm.every((v, i) => v === i) ? got : transpose(got, perm);
  return placed.shape.join() === p.shape.join() ? placed : reshape(placed, p.shape);
}

/**
 * numpy's `x[...]` as a function: `index(x, ...entries, options?)`; see NDArray.index.
 * @example index(np.arange(6), [4, -1, 0]).toArray() // [4, 5, 0]
 */
export function index(x: NDArray, ...args: IndexArgs): NDArray {
  const last = args[args.length - 1];
  const opts = isIndexOptions(last) ? last : {};
  const entries = (isIndexOptions(last) ? args.slice(0, -1) : args) as IndexEntry[];
  return readParsed(x, parseIndex(x.shape, entries, 'x.index'), opts, 'x.index');
}
