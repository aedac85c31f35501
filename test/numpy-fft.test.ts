/**
 * np.fft against numpy's documented examples (numpy 2.4 docstrings, quoted where used), hand-derived
 * DFTs, and a direct O(n^2) float64 DFT for random inputs with a tolerance derived from the
 * arithmetic; round trips, real-input symmetry, the norm modes, padding/truncation to n, axes, the
 * shifts (exact), dtypes and misuse.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { grad, jit, jvp, np, vjp, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';
import * as fft from '../lib/numpy/fft';
import { DIRECT_MAX, LEAF_MAX } from '../lib/numpy/fft-core';

const v = (x: NDArray): number[] => Array.from(x.data());
const U = 2 ** -53; // unit roundoff of float64
const U32 = 2 ** -24;

/** A deterministic pseudo-random sequence in [-1, 1) (a 32-bit LCG), for reproducible inputs. */
function randoms(count: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** The DFT by its definition, in float64: X_k = Σ_j x_j exp(sign 2πi jk/n), the angle reduced exactly via jk mod n. */
function referenceDft(re: readonly number[], im: readonly number[], sign: 1 | -1): { re: number[]; im: number[] } {
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
function units(n: number): number {
  if (n <= LEAF_MAX) return 2 * n + 2;
  for (let r = LEAF_MAX; r >= 2; r--) if (n % r === 0) return 2 * r + 2 + 3 + units(n / r);
  if (n <= DIRECT_MAX) return 2 * n + 2;
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  return (2 * n - 1) * (3 * units(m) + 3);
}
const boundUnits = (n: number): number => Math.SQRT2 * (units(n) + 2 * n + 2);

const l1 = (re: readonly number[], im: readonly number[]) => re.reduce((s, x, i) => s + Math.abs(x) + Math.abs(im[i]!), 0);
const maxDiff = (a: readonly number[], b: readonly number[]) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

describe('numpy docstring examples', () => {
  it('fft(exp(2πi j/8)) is 8 at k = 1 and zero elsewhere (numpy: [~0, 8, ~0, ...])', () => {
    const t = np.arange(8).data() as Float64Array;
    const X = fft.fft({ real: np.array(Array.from(t, (j) => Math.cos((2 * Math.PI * j) / 8))), imag: np.array(Array.from(t, (j) => Math.sin((2 * Math.PI * j) / 8))) });
    const want = [0, 8, 0, 0, 0, 0, 0, 0];
    // inputs have rounding ~u each; the bound covers 8 of them plus the transform's
    expect(maxDiff(v(X.real), want)).toBeLessThan(boundUnits(8) * U * 16);
    expect(maxDiff(v(X.imag), [0, 0, 0, 0, 0, 0, 0, 0])).toBeLessThan(boundUnits(8) * U * 16);
  });
  it('ifft([0, 4, 0, 0]) = [1, i, -1, -i] and fft([0, 1, 0, 0]) = [1, -i, -1, i] (exact: quarter-turn twiddles are exact)', () => {
    const y = fft.ifft([0, 4, 0, 0]);
    expect(v(y.real)).toEqual([1, 0, -1, 0]);
    expect(v(y.imag)).toEqual([0, 1, 0, -1]);
    const X = fft.fft([0, 1, 0, 0]);
    expect(v(X.real)).toEqual([1, 0, -1, 0]);
    expect(v(X.imag)).toEqual([0, -1, 0, 1]);
  });
  it('rfft([0, 1, 0, 0]) = [1, -i, -1] and irfft([1, -i, -1]) = [0, 1, 0, 0]', () => {
    const X = fft.rfft([0, 1, 0, 0]);
    expect(v(X.real)).toEqual([1, 0, -1]);
    expect(v(X.imag)).toEqual([0, -1, 0]);
    expect(v(fft.irfft({ real: np.array([1, 0, -1]), imag: np.array([0, -1, 0]) }))).toEqual([0, 1, 0, 0]);
  });
  it('hfft([1, 2, 3, 4]) = hfft([1, 2, 3, 4, 3, 2], 6) = [15, -4, 0, -1, 0, -4]; ihfft inverts it', () => {
    const want = [15, -4, 0, -1, 0, -4];
    expect(maxDiff(v(fft.hfft([1, 2, 3, 4])), want)).toBeLessThan(boundUnits(6) * U * 30);
    expect(maxDiff(v(fft.hfft([1, 2, 3, 4, 3, 2], 6)), want)).toBeLessThan(boundUnits(6) * U * 30);
    const back = fft.ihfft(want);
    expect(maxDiff(v(back.real), [1, 2, 3, 4])).toBeLessThan(boundUnits(6) * U * 24);
    expect(maxDiff(v(back.imag), [0, 0, 0, 0])).toBeLessThan(boundUnits(6) * U * 24);
  });
  it('hfft of the Hermitian [[1, i], [-i, 2]] is [[1, 1], [2, -2]]', () => {
    const out = fft.hfft({ real: np.array([[1, 0], [0, 2]]), imag: np.array([[0, 1], [-1, 0]]) });
    expect(out.toArray()).toEqual([[1, 1], [2, -2]]);
  });
  it('fftn of mgrid[:3, :3, :3][0] over axes (1, 2), and with s = (2, 2) over axes (0, 1)', () => {
    const a = np.reshape(np.floor(np.divide(np.arange(27), 9)), [3, 3, 3]);
    const X = fft.fftn(a, null, [1, 2]);
    expect(maxDiff(v(X.real), [0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 18, 0, 0, 0, 0, 0, 0, 0, 0])).toBeLessThan(27 * boundUnits(9) * U * 2);
    const Y = fft.fftn(a, [2, 2], [0, 1]);
    expect(Y.real.toArray()).toEqual([[[2, 2, 2], [0, 0, 0]], [[-2, -2, -2], [0, 0, 0]]]);
  });
  it('fft2 and rfft2 of mgrid[:5, :5][0]: column 0 is 50, then -12.5 ± 12.5 i cot(πk/5) (the DFT of the ramp 0..4, times 5)', () => {
    const a = np.reshape(np.floor(np.divide(np.arange(25), 5)), [5, 5]);
    const cot = (t: number) => 1 / Math.tan(t);
    const wantRe = [50, -12.5, -12.5, -12.5, -12.5];
    const wantIm = [0, 12.5 * cot(Math.PI / 5), 12.5 * cot((2 * Math.PI) / 5), -12.5 * cot((2 * Math.PI) / 5), -12.5 * cot(Math.PI / 5)];
    for (const X of [fft.fft2(a), fft.rfft2(a)]) {
      const re = X.real.toArray() as number[][], im = X.imag.toArray() as number[][];
      const tol = 2 * boundUnits(5) * 50 * U * 8;
      expect(maxDiff(re.map((r) => r[0]!), wantRe)).toBeLessThan(tol);
      expect(maxDiff(im.map((r) => r[0]!), wantIm)).toBeLessThan(tol);
      expect(maxDiff(re.flatMap((r) => r.slice(1)), re.flatMap((r) => r.slice(1).map(() => 0)))).toBeLessThan(tol);
    }
    expect(fft.rfft2(a).real.shape).toEqual([5, 3]);
    // irfft2(rfft2(a), s=a.shape) is a
    expect(maxDiff(v(fft.irfft2(fft.rfft2(a), [5, 5])), v(a))).toBeLessThan(4 * boundUnits(5) * 50 * U * 8);
  });
  it('rfftn(ones(2, 2, 2)) is 8 at the origin; over axes (2, 0) it is 4 at [0, :, 0]; irfftn of 12 at the origin is ones(3, 2, 2)', () => {
    const a = np.ones([2, 2, 2]);
    expect(fft.rfftn(a).real.toArray()).toEqual([[[8, 0], [0, 0]], [[0, 0], [0, 0]]]);
    expect(fft.rfftn(a, null, [2, 0]).real.toArray()).toEqual([[[4, 0], [4, 0]], [[0, 0], [0, 0]]]);
    const z = v(np.zeros([3, 2, 2]));
    z[0] = 12;
    const out = fft.irfftn(np.array({ data: z, shape: [3, 2, 2] }));
    expect(out.shape).toEqual([3, 2, 2]);
    expect(maxDiff(v(out), Array<number>(12).fill(1))).toBeLessThan(2 * boundUnits(3) * 12 * U);
  });
  it('ifftn(fftn(eye(4), axes=(0,)), axes=(1,)) is eye(4) and ifft2(4 eye(4)) the anti-diagonal permutation', () => {
    const e = np.eye(4);
    const y = fft.ifftn(fft.fftn(e, null, [0]), null, [1]);
    expect(v(y.real)).toEqual(v(e));
    expect(fft.ifft2(np.multiply(e, 4)).real.toArray()).toEqual([[1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0], [0, 1, 0, 0]]);
  });
  it('fftfreq and rfftfreq: [0, 1.25, 2.5, 3.75, -5, -3.75, -2.5, -1.25] for n = 8, d = 0.1; rfftfreq(10, 1/100) is 0..50', () => {
    // numpy computes k * (1 / (n d)): the same formula in JS gives its exact doubles
    expect(v(fft.fftfreq(8, 0.1))).toEqual([0, 1, 2, 3, -4, -3, -2, -1].map((k) => k * (1 / (8 * 0.1))));
    expect(v(fft.fftfreq(10, 1 / 100)).map((x) => Math.round(x))).toEqual([0, 10, 20, 30, 40, -50, -40, -30, -20, -10]);
    expect(v(fft.rfftfreq(10, 1 / 100))).toEqual([0, 1, 2, 3, 4, 5].map((k) => k * (1 / (10 * (1 / 100)))));
    expect(v(fft.fftfreq(9, 1 / 9))).toEqual([0, 1, 2, 3, 4, -4, -3, -2, -1]);
    expect(v(fft.fftfreq(1))).toEqual([0]);
    expect(v(fft.rfftfreq(5))).toEqual([0, 0.2, 0.4]);
    expect(fft.fftfreq(4, 1, { dtype: 'float32' }).dtype).toBe('float32');
  });
  it('fftshift and ifftshift (exact): [0..4, -5..-1] -> [-5..4]; along axis 1 only; ifftshift undoes fftshift', () => {
    expect(v(fft.fftshift(fft.fftfreq(10, 0.1)))).toEqual([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4]);
    const f = np.reshape(fft.fftfreq(9, 1 / 9), [3, 3]);
    expect(fft.fftshift(f, [1]).toArray()).toEqual([[2, 0, 1], [-4, 3, 4], [-1, -3, -2]]);
    expect(fft.fftshift(f, 1).toArray()).toEqual([[2, 0, 1], [-4, 3, 4], [-1, -3, -2]]);
    expect(fft.ifftshift(fft.fftshift(f)).toArray()).toEqual(f.toArray());
    // odd length: they differ
    expect(v(fft.fftshift([0, 1, 2, -2, -1]))).toEqual([-2, -1, 0, 1, 2]);
    expect(v(fft.ifftshift([-2, -1, 0, 1, 2]))).toEqual([0, 1, 2, -2, -1]);
    const p = fft.fftshift({ real: np.array([0, 1, 2, 3]), imag: np.array([4, 5, 6, 7]) });
    expect([v(p.real), v(p.imag)]).toEqual([[2, 3, 0, 1], [6, 7, 4, 5]]);
    expect(fft.fftshift(np.zeros([0, 3])).shape).toEqual([0, 3]);
  });
});

describe('hand-derived DFTs', () => {
  it('length 3: fft([1, 2, 3]) = [6, -1.5 + (√3/2) i, -1.5 - (√3/2) i]', () => {
    // X_1 = 1 + 2ω + 3ω², ω = exp(-2πi/3) = -1/2 - (√3/2) i: real 1 - 1 - 3/2, imag -√3 + 3√3/2
    const X = fft.fft([1, 2, 3]);
    const tol = boundUnits(3) * 6 * U;
    expect(maxDiff(v(X.real), [6, -1.5, -1.5])).toBeLessThan(tol);
    expect(maxDiff(v(X.imag), [0, Math.sqrt(3) / 2, -Math.sqrt(3) / 2])).toBeLessThan(tol);
  });
  it('a unit impulse at j0 gives exp(-2πi j0 k/n), and a constant gives n δ_k (n = 6, 16, 96, 131)', () => {
    for (const n of [6, 16, 96, 131]) {
      const x = Array<number>(n).fill(0);
      x[1] = 1;
      const X = fft.fft(x);
      const want = Array.from({ length: n }, (_, k) => (2 * Math.PI * k) / n);
      const tol = boundUnits(n) * U * 2;
      expect(maxDiff(v(X.real), want.map(Math.cos))).toBeLessThan(tol);
      expect(maxDiff(v(X.imag), want.map((t) => -Math.sin(t)))).toBeLessThan(tol);
      const C = fft.fft(Array<number>(n).fill(1));
      expect(maxDiff(v(C.real), [n, ...Array<number>(n - 1).fill(0)])).toBeLessThan(boundUnits(n) * n * U);
    }
  });
});

describe('against the direct O(n^2) float64 DFT', () => {
  // lengths: leaves (1..32), leaf x leaf, primes up to DIRECT_MAX (one leaf), primes past it (Bluestein),
  // a Cooley–Tukey level over a direct leaf (194 = 2 x 97) and over Bluestein (262 = 2 x 131), powers of two
  const lengths = [1, 2, 3, 5, 8, 12, 31, 32, 33, 64, 97, 100, 127, 131, 194, 262, 1024];
  it('fft and ifft of random complex inputs, float64, within the derived bound', () => {
    for (const n of lengths) {
      const re = randoms(n, n), im = randoms(n, n + 1000);
      for (const [f, sign, scale] of [
        [fft.fft, -1, 1],
        [fft.ifft, 1, 1 / n],
      ] as const) {
        const got = f({ real: np.array(re), imag: np.array(im) });
        const ref = referenceDft(re, im, sign);
        const tol = boundUnits(n) * U * l1(re, im) * scale;
        const err = Math.max(maxDiff(v(got.real), ref.re.map((x) => x * scale)), maxDiff(v(got.imag), ref.im.map((x) => x * scale)));
        expect({ n, sign, ok: err <= tol }).toEqual({ n, sign, ok: true });
      }
    }
  });
  it('random lengths 1..400 (every path: leaves, Cooley–Tukey over leaves, direct, Bluestein, Bluestein inside Cooley–Tukey), forward and inverse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 2 ** 30 }), fc.boolean(), (n, seed, inverse) => {
        const re = randoms(n, seed), im = randoms(n, seed + 1);
        const got = (inverse ? fft.ifft : fft.fft)({ real: np.array(re), imag: np.array(im) });
        const scale = inverse ? 1 / n : 1;
        const ref = referenceDft(re, im, inverse ? 1 : -1);
        const err = Math.max(maxDiff(v(got.real), ref.re.map((x) => x * scale)), maxDiff(v(got.imag), ref.im.map((x) => x * scale)));
        return err <= boundUnits(n) * U * l1(re, im) * scale;
      }),
      { numRuns: 40 },
    );
  });
  it('float32 inputs stay float32, within the bound with u = 2^-24', () => {
    for (const n of [7, 16, 100, 131]) {
      const re = randoms(n, 3 * n).map(Math.fround), im = randoms(n, 5 * n).map(Math.fround);
      const got = fft.fft({ real: np.array(re, 'float32'), imag: np.array(im, 'float32') });
      expect(got.real.dtype).toBe('float32');
      const ref = referenceDft(re, im, -1);
      // twiddle tables are rounded to float32 too: one more u per product, inside the 2r + 2 per leaf
      const tol = boundUnits(n) * U32 * l1(re, im);
      expect(maxDiff(v(got.real), ref.re)).toBeLessThan(tol);
      expect(maxDiff(v(got.imag), ref.im)).toBeLessThan(tol);
    }
  });
});

describe('round trips and symmetry', () => {
  it('ifft(fft(x)) = x within 2 (bound(n) + 1) u Σ|x|: the inverse (scaled by 1/n) adds its own bound to the forward error', () => {
    // |ifft(e)| <= max|e| for an error e of the forward transform, and ifft's own error is
    // bound(n) u (1/n) Σ|X_k| <= bound(n) u Σ|x| since Σ_k |X_k| <= n Σ_j |x_j|
    for (const n of [4, 6, 45, 128, 131, 256]) {
      const re = randoms(n, 7 * n), im = randoms(n, 11 * n);
      const back = fft.ifft(fft.fft({ real: np.array(re), imag: np.array(im) }));
      const tol = 2 * (boundUnits(n) + 1) * U * l1(re, im);
      expect(maxDiff(v(back.real), re)).toBeLessThanOrEqual(tol);
      expect(maxDiff(v(back.imag), im)).toBeLessThanOrEqual(tol);
      const r = fft.irfft(fft.rfft(re), n);
      expect(maxDiff(v(r), re)).toBeLessThanOrEqual(2 * (boundUnits(n) + 1) * U * l1(re, re.map(() => 0)));
    }
  });
  it('real input: X_0 is real (exactly, but for Bluestein), X_{n-k} = conj(X_k), and rfft is the first n/2 + 1 terms of fft', () => {
    for (const n of [8, 9, 100, 131]) {
      const x = randoms(n, 13 * n);
      const X = fft.fft(x), R = fft.rfft(x);
      const re = v(X.real), im = v(X.imag);
      const tol = 2 * boundUnits(n) * U * l1(x, x.map(() => 0));
      // the k = 0 column of a leaf and of a twiddle table is exactly (1, 0); Bluestein's chirps are not
      expect(Math.abs(im[0]!)).toBeLessThanOrEqual(n > DIRECT_MAX ? tol : 0);
      for (let k = 1; k < n; k++) {
        expect(Math.abs(re[n - k]! - re[k]!)).toBeLessThanOrEqual(tol);
        expect(Math.abs(im[n - k]! + im[k]!)).toBeLessThanOrEqual(tol);
      }
      expect(R.real.shape).toEqual([Math.floor(n / 2) + 1]);
      expect(v(R.real)).toEqual(re.slice(0, Math.floor(n / 2) + 1));
      expect(v(R.imag)).toEqual(im.slice(0, Math.floor(n / 2) + 1));
    }
  });
  it('irfft ignores the imaginary parts of the zero and Nyquist terms, as numpy does', () => {
    const a = fft.irfft({ real: np.array([1, 2, 3]), imag: np.array([0, 1, 0]) });
    const b = fft.irfft({ real: np.array([1, 2, 3]), imag: np.array([5, 1, -7]) });
    expect(v(b)).toEqual(v(a));
  });
});

describe('norm modes', () => {
  const x = randoms(12, 99);
  const mulAll = (xs: number[], s: number) => xs.map((t) => t * s);
  it("'ortho' and 'forward' scale the forward result by 1/√n and 1/n after the transform (exactly as numpy's fct)", () => {
    const X = fft.fft(x);
    expect(v(fft.fft(x, null, -1, { norm: 'ortho' }).real)).toEqual(mulAll(v(X.real), 1 / Math.sqrt(12)));
    expect(v(fft.fft(x, null, -1, { norm: 'forward' }).imag)).toEqual(mulAll(v(X.imag), 1 / 12));
    expect(v(fft.fft(x, null, -1, { norm: 'backward' }).real)).toEqual(v(X.real));
  });
  it("the inverse: 'backward' scales by 1/n, 'forward' not at all, 'ortho' by 1/√n", () => {
    const unscaled = fft.ifft(x, null, -1, { norm: 'forward' });
    expect(v(fft.ifft(x).real)).toEqual(mulAll(v(unscaled.real), 1 / 12));
    expect(v(fft.ifft(x, null, -1, { norm: 'ortho' }).imag)).toEqual(mulAll(v(unscaled.imag), 1 / Math.sqrt(12)));
  });
  it("'ortho' preserves the 2-norm (Parseval) and hfft/ihfft swap the directions", () => {
    const X = fft.fft(x, null, -1, { norm: 'ortho' });
    const e = (a: number[]) => a.reduce((s, t) => s + t * t, 0);
    expect(Math.abs(e(v(X.real)) + e(v(X.imag)) - e(x))).toBeLessThan(4 * boundUnits(12) * U * e(x) * 12);
    // hfft with 'forward' = irfft(conj a) with 'backward' (scaled 1/n): the hfft default times 1/n
    const a = [1, 2, 3, 4];
    expect(v(fft.hfft(a, null, -1, { norm: 'forward' }))).toEqual(v(fft.irfft(a)));
  });
});

describe('n, axes and dtypes', () => {
  it('n pads with zeros or truncates before transforming', () => {
    const x = [1, 2, 3, 4, 5];
    expect(v(fft.fft(x, 8).real)).toEqual(v(fft.fft([1, 2, 3, 4, 5, 0, 0, 0]).real));
    expect(v(fft.fft(x, 3).imag)).toEqual(v(fft.fft([1, 2, 3]).imag));
    expect(fft.rfft(x, 8).real.shape).toEqual([5]);
    expect(fft.irfft(fft.rfft(x), 5).shape).toEqual([5]);
    expect(fft.irfft(fft.rfft(x)).shape).toEqual([4]); // default 2 (m - 1) with m = 3
  });
  it('axis 0 of a matrix transforms its columns (equal to transposing around the last-axis transform)', () => {
    const m = np.reshape(np.array(randoms(12, 5)), [3, 4]);
    const a0 = fft.fft(m, null, 0), viaT = fft.fft(np.transpose(m));
    expect(a0.real.toArray()).toEqual(np.transpose(viaT.real).toArray());
    expect(v(fft.fft(m, null, -2).imag)).toEqual(v(a0.imag));
    const col = (m.toArray() as number[][]).map((r) => r[1]!);
    const ref = referenceDft(col, [0, 0, 0], -1);
    expect(maxDiff((a0.real.toArray() as number[][]).map((r) => r[1]!), ref.re)).toBeLessThan(boundUnits(3) * U * l1(col, [0, 0, 0]));
  });
  it('fftn defaults to every axis, or the last len(s) axes given s; fft2 to the last two', () => {
    const a = np.reshape(np.array(randoms(24, 8)), [2, 3, 4]);
    expect(v(fft.fftn(a).real)).toEqual(v(fft.fftn(a, null, [0, 1, 2]).real));
    expect(v(fft.fftn(a, [3, 4]).real)).toEqual(v(fft.fftn(a, null, [1, 2]).real));
    expect(v(fft.fft2(a).imag)).toEqual(v(fft.fftn(a, null, [-2, -1]).imag));
    expect(fft.fftn(a, [5, 2]).real.shape).toEqual([2, 5, 2]);
    expect(fft.irfftn(fft.rfftn(a), [2, 3, 4]).shape).toEqual([2, 3, 4]);
  });
  it('ints and bools become float64, float32 stays, a mixed pair promotes; batch axes of size 0 pass', () => {
    expect(fft.fft(np.array([1, 2], 'int32')).real.dtype).toBe('float64');
    expect(fft.rfft(np.array([true, false])).imag.dtype).toBe('float64');
    expect(fft.irfft(np.array([1, 0, 1], 'float32')).dtype).toBe('float32');
    expect(fft.fft({ real: np.array([1, 2], 'float32'), imag: np.array([0, 1]) }).imag.dtype).toBe('float64');
    const e = fft.fft(np.zeros([0, 4]));
    expect([e.real.shape, e.imag.shape]).toEqual([[0, 4], [0, 4]]);
  });
});

describe('under the transforms (ComplexPair is a pytree)', () => {
  it('vmap over the rows of a ComplexPair equals the per-row transforms, bit for bit; jit equals eager', () => {
    const re = np.reshape(np.array(randoms(3 * 12, 21)), [3, 12]), im = np.reshape(np.array(randoms(3 * 12, 22)), [3, 12]);
    const batched = vmap((p: fft.ComplexPair) => fft.fft(p))({ real: re, imag: im });
    const rows = [0, 1, 2].map((i) => fft.fft({ real: np.take(re, i, 0), imag: np.take(im, i, 0) }));
    expect(v(batched.real)).toEqual(rows.flatMap((r) => v(r.real)));
    expect(v(batched.imag)).toEqual(rows.flatMap((r) => v(r.imag)));
    const jitted = jit((p: fft.ComplexPair) => fft.ifft(p, 20))({ real: re, imag: im });
    expect(v(jitted.real)).toEqual(v(fft.ifft({ real: re, imag: im }, 20).real));
  });
  it('fft is linear, so its jvp at any point is fft of the tangent, bit for bit (the same ops on the tangent)', () => {
    for (const n of [12, 131]) {
      const at = { real: np.array(randoms(n, 41)), imag: np.array(randoms(n, 42)) };
      const t = { real: np.array(randoms(n, 43)), imag: np.array(randoms(n, 44)) };
      const [, tangentOut] = jvp((p: fft.ComplexPair) => fft.fft(p), [at], [t]) as [fft.ComplexPair, fft.ComplexPair];
      const direct = fft.fft(t);
      expect([v(tangentOut.real), v(tangentOut.imag)]).toEqual([v(direct.real), v(direct.imag)]);
    }
  });
  it("fft's vjp is the adjoint DFT, n ifft(y) (the matrix is symmetric: its adjoint is its conjugate)", () => {
    for (const n of [12, 100, 131]) {
      const at = { real: np.array(randoms(n, 51)), imag: np.array(randoms(n, 52)) };
      const y = { real: np.array(randoms(n, 53)), imag: np.array(randoms(n, 54)) };
      const [, pull] = vjp((p: fft.ComplexPair) => fft.fft(p), at);
      const [g] = pull(y) as [fft.ComplexPair];
      const want = fft.ifft(y, null, -1, { norm: 'forward' }); // unscaled: n ifft(y)
      // the pullback runs the stages transposed (a leaf's transpose is a matmul with the transposed
      // block matrix, twiddle and chirp multiplies are diagonal): the same path bound as the forward
      // transform, so each side is within bound(n) u Σ|y| of the exact n ifft(y)
      const tol = 2 * boundUnits(n) * U * l1(v(y.real), v(y.imag));
      expect(maxDiff(v(g.real), v(want.real))).toBeLessThanOrEqual(tol);
      expect(maxDiff(v(g.imag), v(want.imag))).toBeLessThanOrEqual(tol);
    }
  });
  it('grad of Σ|fft(x)|² is 2 n x (Parseval: Σ|X|² = n Σ x²), within the rounding of the two transforms', () => {
    for (const n of [8, 12, 131]) {
      const x = randoms(n, 31 * n);
      const energy = (a: NDArray) => {
        const X = fft.fft(a);
        return np.sum(np.add(np.multiply(X.real, X.real), np.multiply(X.imag, X.imag)));
      };
      const g = v(grad(energy)(np.array(x)));
      // g = 2 Re(ifft-like back-transform of X) n-scaled: each entry carries the forward and the
      // transposed transform's error, each <= bound(n) u Σ|·|, with Σ|X| <= n Σ|x|
      const tol = 2 * 2 * n * (2 * boundUnits(n) + 2) * U * l1(x, x.map(() => 0));
      expect(maxDiff(g, x.map((t) => 2 * n * t))).toBeLessThanOrEqual(tol);
    }
  });
});

describe('misuse is a clear error naming the function and the argument', () => {
  it('n, axis, norm, parts of different shapes, rank 0, a ComplexPair to rfft, s and axes of different lengths', () => {
    expect(() => fft.fft([1, 2], 0)).toThrow(/np\.fft\.fft: n must be a positive integer, got 0 \(axis 0 of an array of shape \(2,\)\)/);
    expect(() => fft.fft([1, 2], 2.5)).toThrow(/n must be a positive integer, got 2.5/);
    expect(() => fft.ifft([[1, 2]], null, 2)).toThrow(/np\.fft\.ifft: axis 2 is out of bounds for an array of shape \(1, 2\)/);
    expect(() => fft.fft(np.zeros([2, 0]))).toThrow(/np\.fft\.fft: invalid number of data points \(0\) along axis 1 of an array of shape \(2, 0\)/);
    expect(() => fft.irfft([1])).toThrow(/np\.fft\.irfft: invalid number of data points \(0\)/);
    expect(() => fft.fft(np.array(1))).toThrow(/axis -1 is out of bounds for an array of shape \(\)/);
    expect(() => fft.fft([1, 2], null, -1, { norm: 'both' as 'ortho' })).toThrow(/np\.fft\.fft: norm must be 'backward', 'ortho' or 'forward', got both/);
    expect(() => fft.fft({ real: np.zeros([2]), imag: np.zeros([3]) })).toThrow(/np\.fft\.fft: the real and imag parts must have one shape, got \(2,\) and \(3,\)/);
    expect(() => fft.rfft({ real: np.zeros([2]), imag: np.zeros([2]) } as unknown as NDArray)).toThrow(/np\.fft\.rfft: takes a real array, got a ComplexPair/);
    expect(() => fft.fftn(np.zeros([2, 2]), [2], [0, 1])).toThrow(/np\.fft\.fftn: s \(2,\) and axes \(0, 1\) differ in length/);
    expect(() => fft.fftn(np.zeros([2, 2]), [0, 2])).toThrow(/np\.fft\.fftn: s must hold positive integers, got 0 at position 0 \(axes \(0, 1\) of an array of shape \(2, 2\)\)/);
    expect(() => fft.irfftn(np.zeros([2, 1]))).toThrow(/np\.fft\.irfftn: invalid number of data points \(0\) along axis 1 of an array of shape \(2, 1\)/);
    expect(() => fft.rfftn(np.zeros([2]), null, [])).toThrow(/np\.fft\.rfftn: needs at least one axis/);
    expect(() => fft.fftfreq(0)).toThrow(/np\.fft\.fftfreq: n must be a positive integer, got 0/);
    expect(() => fft.rfftfreq(4, 0)).toThrow(/np\.fft\.rfftfreq: d must be a finite nonzero number, got 0/);
    expect(() => fft.fftshift(np.zeros([2]), [1])).toThrow(/np\.fft\.fftshift: axis 1 is out of bounds for an array of shape \(2,\)/);
  });
});

describe('the doc comments', () => {
  it('every @example of lib/numpy/fft*.ts evaluates to the value in its comment', () => {
    const dir = fileURLToPath(new URL('../lib/numpy/', import.meta.url));
    const examples = readdirSync(dir)
      .filter((f) => /^fft.*\.ts$/.test(f))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/@example (.*) \/\/ (.*)$/gm)].map((m) => [m[1]!, m[2]!] as const));
    expect(examples.length).toBe(19);
    const npWithFft = { ...np, fft };
    for (const [code, want] of examples) {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the examples are our own source text
      const got: unknown = new Function('np', `return ${code};`)(npWithFft);
      expect({ code, got }).toEqual({ code, got: JSON.parse(want) });
    }
  });
});
