/** Loops over flat buffers shared by several primitive families. */
import { allocate, type DType, type TypedArray } from './dtype';
import type { Buffer } from './ir';
import { compiled } from './loops';
import { sizeOf, stridesOf, type Shape } from './shape';

export const makeBuffer = (dtype: DType, shape: Shape, data?: TypedArray): Buffer => ({
  dtype,
  shape: [...shape],
  data: data ?? allocate(dtype, sizeOf(shape)),
});

/**
 * Copies a strided view of `src` into a new contiguous buffer of `outShape`: element `i` of the
 * output reads `src[offset + Σ idx_k * strides[k]]`. Transpose, broadcast (stride 0), slice and rev
 * (negative stride) are all this one loop.
 */
export function copyStrided(
  src: TypedArray,
  offset: number,
  strides: readonly number[],
  outShape: Shape,
  dtype: DType,
): TypedArray {
  const n = sizeOf(outShape);
  const out = allocate(dtype, n);
  if (n === 0) return out;
  const nd = outShape.length;
  if (nd === 0) {
    out[0] = src[offset]!;
    return out;
  }
  const last = outShape[nd - 1]!;
  const ls = strides[nd - 1]!;
  const idx = new Array<number>(nd).fill(0);
  let base = offset;
  if (nd >= 2 && strides[nd - 2] === 1 && ls !== 1 && last > 1) {
    // a transpose of the last two axes: copy in square tiles so both sides stay in cache
    const rows = outShape[nd - 2]!, tile = (tileCopies[dtype] ??= compiled<TileCopy>(tileSource(dtype)));
    for (let o = 0; o < n; o += rows * last) {
      tile(out, o, src, base, rows, last, ls);
      base += advance(idx, outShape, strides, nd - 2);
    }
    return out;
  }
  const row = (rowCopies[dtype] ??= compiled<RowCopy>(rowSource(dtype)));
  for (let o = 0; o < n; o += last) {
    if (ls === 1 && last >= 64) out.set(src.subarray(base, base + last), o);
    else row(out, o, src, base, last, ls);
    base += advance(idx, outShape, strides, nd - 1);
  }
  return out;
}

// The inner loops, compiled once per dtype so each stays monomorphic in its typed-array kind (and
// looked up by dtype: building the source text to find them cost more than a small copy).
const rowCopies: Partial<Record<DType, RowCopy>> = {};
const tileCopies: Partial<Record<DType, TileCopy>> = {};
type RowCopy = (out: TypedArray, o: number, src: TypedArray, p: number, len: number, ls: number) => void;
type TileCopy = (out: TypedArray, o: number, src: TypedArray, base: number, rows: number, last: number, ls: number) => void;
const rowSource = (d: DType) => `return function rowCopy_${d}(out, o, src, p, len, ls) {
  for (let j = 0; j < len; j++, p += ls) out[o + j] = src[p];
};`;
const tileSource = (d: DType) => `return function tileCopy_${d}(out, o, src, base, rows, last, ls) {
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T)
    for (let j0 = 0; j0 < last; j0 += T)
      for (let i = i0, ie = Math.min(i0 + T, rows); i < ie; i++)
        for (let j = j0, je = Math.min(j0 + T, last), q = o + i * last + j0, p = base + i + j0 * ls; j < je; j++, q++, p += ls) out[q] = src[p];
};`;

/** Steps the multi-index `idx` over axes [0, upto) like an odometer; returns how the source offset moves. */
function advance(idx: number[], shape: Shape, strides: readonly number[], upto: number): number {
  let d = 0;
  for (let k = upto - 1; k >= 0; k--) {
    idx[k]!++;
    d += strides[k]!;
    if (idx[k]! < shape[k]!) break;
    d -= strides[k]! * shape[k]!;
    idx[k] = 0;
  }
  return d;
}

/** The strides and offset a buffer is read with (row-major for a contiguous one). */
export const layoutOf = (b: Buffer): { strides: readonly number[]; offset: number } => ({
  strides: b.strides ?? stridesOf(b.shape),
  offset: b.offset ?? 0,
});

/** A contiguous row-major buffer with the same elements (the buffer itself when it already is one). */
export function contiguous(b: Buffer): Buffer {
  if (!b.strides) return b;
  return makeBuffer(b.dtype, b.shape, copyStrided(b.data, b.offset ?? 0, b.strides, b.shape, b.dtype));
}

/** A view of `b`'s storage: no copy. */
export const view = (b: Buffer, shape: Shape, strides: readonly number[], offset: number): Buffer => ({
  dtype: b.dtype,
  shape: [...shape],
  data: b.data,
  strides: [...strides],
  offset,
});

/** The one value of a view that repeats a single element (all strides 0), else undefined. */
export const broadcastScalar = (b: Buffer): number | undefined =>
  b.strides && b.strides.every((s) => s === 0) && b.data.length > 0 ? b.data[b.offset ?? 0] : undefined;

/**
 * The repeated block of a view that broadcasts a contiguous block over leading axes (strides 0
 * there, row-major after), as np makes for `x + bias`: element i of the view is block[i % length].
 */
export function broadcastRows(b: Buffer): TypedArray | undefined {
  const st = b.strides;
  if (!st) return undefined;
  let k = 0;
  while (k < st.length && st[k] === 0) k++;
  if (k === 0 || k === st.length) return undefined;
  const inner = b.shape.slice(k), want = stridesOf(inner);
  if (!want.every((w, i) => w === st[k + i] || inner[i] === 1)) return undefined;
  const off = b.offset ?? 0;
  return b.data.subarray(off, off + sizeOf(inner));
}

/** A transposed copy: output axis i is input axis perm[i]. */
export function transposeBuffer(buf: Buffer, perm: readonly number[]): Buffer {
  if (perm.every((p, i) => p === i)) return buf;
  const st = stridesOf(buf.shape);
  const outShape = perm.map((p) => buf.shape[p]!);
  return makeBuffer(buf.dtype, outShape, copyStrided(buf.data, 0, perm.map((p) => st[p]!), outShape, buf.dtype));
}

/**
 * The lanes of a contiguous buffer along `axis`: calls `fn(start, stride, length)` once for every
 * combination of the other axes. Scans, sorts and arg-reductions are written per lane.
 */
export function forEachLane(shape: Shape, axis: number, fn: (start: number, stride: number, len: number) => void): void {
  const len = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) fn(o * len * inner + i, inner, len);
}
