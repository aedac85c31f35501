/**
 * np.fft against numpy's documented examples (numpy 2.4 docstrings, quoted where used), hand-derived
 * DFTs, and a direct O(n^2) float64 DFT for random inputs with a tolerance derived from the
 * arithmetic; round trips, real-input symmetry, the norm modes, padding/truncation to n, axes, the
 * shifts (exact), dtypes and misuse.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { np } from '../lib';
import * as fft from '../lib/numpy/fft';
import { DIRECT_MAX } from '../lib/numpy/fft-core';

import { boundUnits, l1, maxDiff, randoms, referenceDft, U, U32, v } from './fft-reference';

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
