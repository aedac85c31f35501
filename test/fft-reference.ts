/**
 * Shared by the np.fft tests: a seeded random source, the direct O(n^2) float64 DFT reference and
 * the error bound of the transforms' decomposition.
 */
import type { NDArray } from '../lib/array/ndarray';
import { DIRECT_MAX, LEAF_MAX } from '../lib/numpy/fft-core';

export const v = (x: NDArray): number[] => Array.from(x.data());
export const U = 2 ** -53; // unit roundoff of float64
export const U32 = 2 ** -24;

/** A deterministic pseudo-random sequence in [-1, 1) (a 32-bit LCG), for reproducible inputs. */
export function randoms(count: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** The DFT by its definition, in float64: X_k = Σ_j x_j exp(sign 2πi jk/n), the angle reduced exactly via jk mod n. */
export function referenceDft(re: readonly number[], im: readonly number[], sign: 1 | -1): { re: number[]; im: number[] } {
  const n = re.length;
  const outRe: number[] = [], outIm: number[] = [];
  for (let k = 0; k < n; k++) {
    let sr = 0, si = 0;
    for (let j = 0; j < n; j++) {
      const t = (2 * Math.PI * ((j * k) % n)) / n;
      const c = Math.cos(t), s = sign * Math.sin(t);
      sr += re[j]! * c - im[j]! * s;
      si += re[j]! * s + im[j]! * c;
    }
    outRe.push(sr);
    outIm.push(si);
  }
  return { re: outRe, im: outIm };
}

/**
 * Rounding-error bound, in units of u · Σ_j (|Re x_j| + |Im x_j|), for one output of the DFT of length
 * n. Every output is a sum over paths from each input through the stages, each path's weight a
 * product of twiddles of modulus <= 1; a stage's rounding perturbs a path by a relative γ_k ≈ k u,
 * so the error is at most (Σ over stages of k) u Σ|x|, times √2 for the real/imag mixing of a complex
 * product. A leaf of length r is a matmul row of 2r products (k = 2r + 1, +1 for its twiddle table
 * entries); a Cooley–Tukey level n = r (n/r) (r the largest divisor <= LEAF_MAX, as fft-core splits)
 * adds its twiddle multiply (k = 3) to the bound of n/r. Bluestein (n > DIRECT_MAX without such a
 * divisor): A = FFT_m(x c) has |A_k| <= Σ|x| and error units(m) u Σ|x|; the kernel B = FFT(b)/m has
 * |B_k| <= ||b||_1 / m = (2n - 1)/m and error units(m) u (2n - 1)/m; the inverse transform sums m
 * products A_k B_k: its error is at most (2n - 1)(3 units(m) + 3) u Σ|x|.
 * The reference sum has 2n products per output: k = 2n + 1 (plus its twiddle's own rounding).
 */
export function units(n: number): number {
  if (n <= LEAF_MAX) return 2 * n + 2;
  for (let r = LEAF_MAX; r >= 2; r--) if (n % r === 0) return 2 * r + 2 + 3 + units(n / r);
  if (n <= DIRECT_MAX) return 2 * n + 2;
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  return (2 * n - 1) * (3 * units(m) + 3);
}
export const boundUnits = (n: number): number => Math.SQRT2 * (units(n) + 2 * n + 2);

export const l1 = (re: readonly number[], im: readonly number[]) => re.reduce((s, x, i) => s + Math.abs(x) + Math.abs(im[i]!), 0);
export const maxDiff = (a: readonly number[], b: readonly number[]) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
