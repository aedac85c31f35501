/**
 * np.fft under the transforms (vmap, jit, jvp, vjp, grad: ComplexPair is a pytree), its misuse errors
 * and its doc comments' examples.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { grad, jit, jvp, np, vjp, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';
import * as fft from '../lib/numpy/fft';
import { boundUnits, l1, maxDiff, randoms, U, v } from './fft-reference';

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
