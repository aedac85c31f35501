/**
 * Host arrays: the reference side of the vmap laws. A host array is a plain `{ shape, dtype, data }`
 * with flat row-major `number[]` data. Slicing and stacking are done here in plain JS, so the
 * reference never uses the library's own shape primitives (it only builds leaves with `array` and
 * reads results with `.data()`, `.shape` and `.dtype`).
 */
import { array } from '../lib/array/create';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';

/** A host-side array: flat row-major data of `shape`, holding what a `dtype` slot holds. */
export interface HostArray {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: readonly number[];
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const fmt = (shape: readonly number[]): string => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;

/** What a slot of `dtype` stores for `v` (plain JS, not the library's cast): fround, trunc, 0/1. */
export function castHost(v: number, dtype: DType): number {
  switch (dtype) {
    case 'float64':
      return v;
    case 'float32':
      return Math.fround(v);
    case 'int32':
      return Number.isNaN(v) ? 0 : Math.max(-2147483648, Math.min(2147483647, Math.trunc(v))) || 0;
    case 'uint32': // integers wrap modulo 2^32, other values saturate (as a Uint32Array slot after XLA's convert)
      return Number.isInteger(v) ? v >>> 0 : Number.isNaN(v) ? 0 : Math.max(0, Math.min(4294967295, Math.trunc(v)));
    case 'bool':
      return v !== 0 ? 1 : 0; // NaN != 0: true, as in numpy and JAX
  }
}

/** A host array, checking that the data fills the shape and storing each value as the dtype does. */
export function host(shape: readonly number[], dtype: DType, data: readonly number[]): HostArray {
  if (data.length !== sizeOf(shape)) throw new Error(`host: ${data.length} values cannot fill shape ${fmt(shape)}`);
  return { shape: [...shape], dtype, data: data.map((v) => castHost(v, dtype)) };
}

/** A host array of zeros (the probe example for a shape). */
export const hostZeros = (shape: readonly number[], dtype: DType): HostArray => host(shape, dtype, new Array<number>(sizeOf(shape)).fill(0));

/** Reads an NDArray's shape, dtype and values (evaluates it). */
export function fromNDArray(x: NDArray): HostArray {
  return { shape: [...x.shape], dtype: x.dtype, data: Array.from(x.data()) };
}

/** A leaf NDArray holding exactly the host values. */
export function toNDArray(h: HostArray): NDArray {
  return array({ data: h.data, shape: h.shape }, h.dtype);
}

/** Maps `axis` in [-ndim, ndim) to [0, ndim); throws otherwise. */
export function canonicalAxis(axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) throw new Error(`axis ${axis} is out of range for rank ${ndim}`);
  return axis < 0 ? axis + ndim : axis;
}

/** Row-major strides. */
function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** The `index`-th slice along `axis` (that axis removed). */
export function sliceAxis(x: HostArray, axis: number, index: number): HostArray {
  const ax = canonicalAxis(axis, x.shape.length);
  const n = x.shape[ax]!;
  if (!Number.isInteger(index) || index < 0 || index >= n) throw new Error(`sliceAxis: index ${index} out of range for axis ${ax} of shape ${fmt(x.shape)}`);
  const outer = sizeOf(x.shape.slice(0, ax));
  const inner = sizeOf(x.shape.slice(ax + 1));
  const data: number[] = [];
  for (let o = 0; o < outer; o++) {
    const base = (o * n + index) * inner;
    for (let i = 0; i < inner; i++) data.push(x.data[base + i]!);
  }
  return { shape: x.shape.filter((_, d) => d !== ax), dtype: x.dtype, data };
}

/**
 * Stacks `items` (equal shapes and dtypes) along a new axis `axis` in [-(r+1), r+1). `like` gives
 * the item shape and dtype, so an empty stack still has the right shape (a 0 at `axis`).
 */
export function stackAxis(items: readonly HostArray[], axis: number, like: { readonly shape: readonly number[]; readonly dtype: DType }): HostArray {
  const r = like.shape.length;
  const ax = canonicalAxis(axis, r + 1);
  for (const it of items) {
    if (it.dtype !== like.dtype || it.shape.length !== r || it.shape.some((s, i) => s !== like.shape[i]))
      throw new Error(`stackAxis: item ${it.dtype}${fmt(it.shape)} differs from ${like.dtype}${fmt(like.shape)}`);
  }
  const n = items.length;
  const outer = sizeOf(like.shape.slice(0, ax));
  const inner = sizeOf(like.shape.slice(ax));
  const data: number[] = [];
  for (let o = 0; o < outer; o++)
    for (const it of items)
      for (let i = 0; i < inner; i++) data.push(it.data[o * inner + i]!);
  return { shape: [...like.shape.slice(0, ax), n, ...like.shape.slice(ax)], dtype: like.dtype, data };
}

/** The multi-index of flat position `i` in `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  return stridesOf(shape).map((s, d) => Math.floor(i / s) % shape[d]!);
}

const show = (v: number | undefined): string => (v === undefined ? 'missing' : Object.is(v, -0) ? '-0' : String(v));

/**
 * Bit-for-bit equality: same dtype, same shape, and every element equal under `Object.is` (so -0
 * and 0 differ and NaN equals NaN). Returns null when equal, else what differs first.
 */
export function bitEqual(actual: HostArray, expected: HostArray): string | null {
  if (actual.dtype !== expected.dtype) return `dtype ${actual.dtype} !== expected ${expected.dtype}`;
  if (actual.shape.length !== expected.shape.length || actual.shape.some((s, i) => s !== expected.shape[i]))
    return `shape ${fmt(actual.shape)} !== expected ${fmt(expected.shape)}`;
  if (actual.data.length !== expected.data.length) return `${actual.data.length} values !== expected ${expected.data.length}`;
  const bad: number[] = [];
  for (let i = 0; i < expected.data.length; i++) if (!Object.is(actual.data[i], expected.data[i])) bad.push(i);
  if (bad.length === 0) return null;
  const first = bad[0]!;
  return (
    `${bad.length} of ${expected.data.length} elements differ; first at index [${unravel(first, expected.shape).join(', ')}]: ` +
    `got ${show(actual.data[first])}, expected ${show(expected.data[first])}`
  );
}

/** A compact description for reports: `float64(2, 3)[1,2,3,4,5,6]`. */
export function describeHost(h: HostArray): string {
  return `${h.dtype}${fmt(h.shape)}[${h.data.map((v) => show(v)).join(',')}]`;
}
