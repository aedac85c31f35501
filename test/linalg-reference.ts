/**
 * Host-side helpers for the linalg tests: seeded random matrices and plain-JS products in float64,
 * so the checks never use the kernels they check; and the error bounds the tests use.
 */
import { np, type NDArray } from '../lib';

export type Mat = number[][];
export type FloatType = 'float32' | 'float64';
export const EPS: Record<FloatType, number> = { float32: 2 ** -23, float64: 2 ** -52 };

/** Park–Miller, in [-1, 1). */
export function rng(seed: number): () => number {
  let s = (seed % 2147483646) + 1;
  return () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
}

export const randMat = (m: number, n: number, seed: number): Mat => {
  const r = rng(seed);
  return Array.from({ length: m }, () => Array.from({ length: n }, r));
};
/** R Rᵀ + n I: symmetric positive definite, condition number O(n). */
export const spdMat = (n: number, seed: number): Mat => {
  const r = randMat(n, n, seed);
  return matmulH(r, transposeH(r)).map((row, i) => row.map((v, j) => v + (i === j ? n : 0)));
};
/** Symmetric with entries in [-2, 2). */
export const symMat = (n: number, seed: number): Mat => {
  const r = randMat(n, n, seed);
  return r.map((row, i) => row.map((v, j) => v + r[j]![i]!));
};
/** Rounded to float32 when asked, so the host matrix is exactly what the kernel gets. */
export const asType = (a: Mat, dt: FloatType): Mat => (dt === 'float64' ? a : a.map((row) => row.map((v) => Math.fround(v))));

export const transposeH = (a: Mat): Mat => (a.length === 0 ? [] : a[0]!.map((_, j) => a.map((row) => row[j]!)));
export function matmulH(a: Mat, b: Mat): Mat {
  const k = b.length, n = k === 0 ? 0 : b[0]!.length;
  return a.map((row) => Array.from({ length: n }, (_, j) => row.reduce((s, v, t) => s + v * b[t]![j]!, 0)));
}
export const absH = (a: Mat): Mat => a.map((row) => row.map(Math.abs));
export const froH = (a: Mat): number => Math.sqrt(a.flat().reduce((s, v) => s + v * v, 0));
export const subH = (a: Mat, b: Mat): Mat => a.map((row, i) => row.map((v, j) => v - b[i]![j]!));
export const eyeH = (n: number): Mat => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
/** Columns scaled: a diag(s). */
export const scaleColsH = (a: Mat, s: readonly number[]): Mat => a.map((row) => row.map((v, j) => v * s[j]!));

/** An NDArray's matrix as a host matrix (values widened to float64). */
export const toMat = (x: NDArray): Mat => x.toArray() as Mat;

/** Whether every |got - want| is within the matching entry of `bound` (a matrix) or a scalar. */
export function within(got: Mat, want: Mat, bound: Mat | number): string | null {
  for (let i = 0; i < want.length; i++)
    for (let j = 0; j < want[i]!.length; j++) {
      const b = typeof bound === 'number' ? bound : bound[i]![j]!;
      const d = Math.abs(got[i]![j]! - want[i]![j]!);
      if (!(d <= b)) return `entry (${i}, ${j}): |${got[i]![j]} - ${want[i]![j]}| = ${d} > ${b}`;
    }
  return null;
}

/** Bitwise equality of two arrays' values (NaN == NaN, 0 != -0), with shapes. */
export function sameBits(a: NDArray, b: NDArray): boolean {
  if (a.shape.join() !== b.shape.join() || a.dtype !== b.dtype) return false;
  const x = a.data(), y = b.data();
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

export const array = (a: Mat, dt: FloatType = 'float64'): NDArray => np.array(a, dt);
