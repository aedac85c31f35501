/**
 * The Array API names, shifts, constants, window functions, i0, round with decimals and the set
 * operations against numpy's (and JAX's) documented values; values not in the docs are derived by
 * hand in a comment. Transforms: each works under jit and vmap (static sizes where the size depends
 * on the values), differentiable ones under grad.
 */
import { describe, expect, it } from 'vitest';
import { grad, jit, np, TracerValueError, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';

const v = (x: NDArray): number[] => Array.from(x.data());
/** |a - b| <= tol·max(1, |b|) elementwise, same length. */
function near(actual: readonly number[], expected: readonly number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i]!))));
}

describe('Array API names', () => {
  it('atan2 and bitwiseInvert are arctan2 and invert (numpy: arctan2([0, 0, inf], [+0, -0, inf]) = [0, π, π/4])', () => {
    expect(v(np.atan2([0, 0, Infinity], [0, -0, Infinity]))).toEqual([0, Math.PI, Math.PI / 4]);
    expect(Object.is(np.atan2(-0, 1).item(), -0)).toBe(true);
    // two's complement: ~13 = -14; bools invert logically (numpy: [True, False] -> [False, True])
    expect(np.bitwiseInvert(np.array([13, 0], 'int32')).toArray()).toEqual([-14, -1]);
    expect(np.bitwiseInvert([true, false]).toArray()).toEqual([false, true]);
  });

  it('permuteDims, var_ and unstack (numpy: var([[1, 2], [3, 4]]) = 1.25, axis 0 [1, 1], axis 1 [0.25, 0.25])', () => {
    expect(np.permuteDims(np.ones([1, 2, 3]), [1, 0, 2]).shape).toEqual([2, 1, 3]);
    expect(np.var_([[1, 2], [3, 4]]).item()).toBe(1.25);
    expect(v(np.var_([[1, 2], [3, 4]], 0))).toEqual([1, 1]);
    expect(v(np.var_([[1, 2], [3, 4]], 1))).toEqual([0.25, 0.25]);
    const x = np.reshape(np.arange(24), [2, 3, 4]);
    expect(np.unstack(x, 1).map((a) => a.shape)).toEqual([
      [2, 4],
      [2, 4],
      [2, 4],
    ]);
    expect(np.stack(np.unstack(x, -1), -1).toArray()).toEqual(x.toArray());
    expect(np.unstack(np.zeros([0, 2]))).toEqual([]);
    expect(() => np.unstack(3)).toThrow(/np.unstack: x must have rank >= 1/);
  });

  it("cumulativeSum / cumulativeProd: numpy's examples, includeInitial (JAX's), the axis rule", () => {
    expect(v(np.cumulativeSum([1, 2, 3, 4, 5, 6]))).toEqual([1, 3, 6, 10, 15, 21]);
    const b = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    expect(np.cumulativeSum(b, { axis: 0 }).toArray()).toEqual([
      [1, 2, 3],
      [5, 7, 9],
    ]);
    expect(np.cumulativeSum(np.array(b, 'int32'), { axis: 1, includeInitial: true }).toArray()).toEqual([
      [0, 1, 3, 6],
      [0, 4, 9, 15],
    ]);
    expect(np.cumulativeSum(np.array(b, 'int32'), { axis: 1 }).dtype).toBe('int32');
    expect(v(np.cumulativeProd([1, 2, 3, 4, 5, 6], { dtype: 'float64' }))).toEqual([1, 2, 6, 24, 120, 720]);
    expect(np.cumulativeProd(b, { axis: 0 }).toArray()).toEqual([
      [1, 2, 3],
      [4, 10, 18],
    ]);
    expect(np.cumulativeProd(b, { axis: -1 }).toArray()).toEqual([
      [1, 2, 6],
      [4, 20, 120],
    ]);
    expect(v(np.cumulativeSum([], { includeInitial: true }))).toEqual([0]);
    expect(v(np.cumulativeProd([], { includeInitial: true }))).toEqual([1]);
    expect(() => np.cumulativeSum(b)).toThrow(/np.cumulativeSum: axis is required for an array of rank 2 \(shape \(2, 3\)\)/);
    expect(() => np.cumulativeProd(5)).toThrow(/np.cumulativeProd: x must have rank >= 1/);
    expect(() => np.cumulativeSum([1], { axis: 1 })).toThrow(/axis/);
  });

  it('matvec and vecmat broadcast leading axes (by hand: [[1, 2], [3, 4]]·[5, 6] = [17, 39], [5, 6]·[[1, 2], [3, 4]] = [23, 34])', () => {
    const A = [
      [1, 2],
      [3, 4],
    ];
    expect(v(np.matvec(A, [5, 6]))).toEqual([17, 39]);
    expect(v(np.vecmat([5, 6], A))).toEqual([23, 34]);
    expect(np.matvec(np.ones([4, 1, 3, 2]), np.ones([5, 2])).shape).toEqual([4, 5, 3]);
    expect(np.vecmat(np.ones([5, 3]), np.ones([2, 1, 3, 4])).shape).toEqual([2, 5, 4]);
    expect(() => np.matvec(A, [1, 2, 3])).toThrow(/np.matvec: x1 must be \[..., m, n\] and x2 \[..., n\], got shapes \(2, 2\) and \(3,\)/);
    expect(() => np.vecmat([1], A)).toThrow(/np.vecmat/);
  });

  it("isscalar is JAX's: JS numbers and 0-d arrays are scalars, lists and 1-d arrays not", () => {
    expect([np.isscalar(1), np.isscalar(true), np.isscalar(np.array(1)), np.isscalar([1]), np.isscalar(np.array([1])), np.isscalar('a')]).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('diagIndicesFrom, fromfunction (numpy: i == j is the identity, i + j over (3, 3)), applyOverAxes (numpy: sums over [0, 2] of arange(24) are [60, 92, 124])', () => {
    expect(np.diagIndicesFrom(np.zeros([3, 3, 3])).map(v)).toEqual([
      [0, 1, 2],
      [0, 1, 2],
      [0, 1, 2],
    ]);
    expect(() => np.diagIndicesFrom(np.zeros([2, 3]))).toThrow(/np.diagIndicesFrom: arr must have rank >= 2 and equal axes, got shape \(2, 3\)/);
    expect(np.fromfunction((i, j) => np.equal(i, j), [3, 3]).toArray()).toEqual([
      [true, false, false],
      [false, true, false],
      [false, false, true],
    ]);
    const ij = np.fromfunction((i, j) => np.add(i, j), [3, 3], { dtype: 'int32' });
    expect([ij.dtype, ij.toArray()]).toEqual([
      'int32',
      [
        [0, 1, 2],
        [1, 2, 3],
        [2, 3, 4],
      ],
    ]);
    expect(np.fromfunction((i) => np.multiply(i, 2), [0]).shape).toEqual([0]);
    const a = np.reshape(np.arange(24), [2, 3, 4]);
    expect(np.applyOverAxes((x, ax) => np.sum(x, ax), a, [0, 2]).toArray()).toEqual([[[60], [92], [124]]]);
    expect(() => np.applyOverAxes((x) => np.sum(x), a, [0])).toThrow(/np.applyOverAxes: func must keep the rank 3 or drop one axis, but for axis 0 it returned shape \(\)/);
  });
});

describe('shifts and bitwiseCount', () => {
  it("numpy's examples: left_shift(5, [1, 2, 3]) = [10, 20, 40], right_shift(10, [1, 2, 3]) = [5, 2, 1]", () => {
    expect(np.leftShift(np.array(5, 'int32'), 2).item()).toBe(20);
    expect(v(np.leftShift(np.array(5, 'int32'), [1, 2, 3]))).toEqual([10, 20, 40]);
    expect(v(np.rightShift(np.array(10, 'int32'), [1, 2, 3]))).toEqual([5, 2, 1]);
    expect(v(np.bitwiseLeftShift(np.array([1], 'int32'), 3))).toEqual([8]);
    expect(v(np.bitwiseRightShift(np.array([8], 'int32'), 3))).toEqual([1]);
  });

  it('right shifts are arithmetic for int32, logical for uint32; bools become int32; XLA: a count of 32 or more (or negative) shifts everything out', () => {
    expect(v(np.rightShift(np.array([-16, -1], 'int32'), 2))).toEqual([-4, -1]);
    expect(v(np.rightShift(np.array([0xffffffff], 'uint32'), 28))).toEqual([15]);
    const b = np.leftShift([true, false], 1);
    expect([b.dtype, v(b)]).toEqual(['int32', [2, 0]]);
    expect(v(np.leftShift(np.array([1, 1], 'int32'), np.array([32, -1], 'int32')))).toEqual([0, 0]);
    expect(v(np.rightShift(np.array([-8, 8], 'int32'), 40))).toEqual([-1, 0]);
    expect(() => np.leftShift(np.array([1.5]), 1)).toThrow(/np.leftShift: operands must be integers or bools, got dtype float64/);
    expect(() => np.leftShift([1.5], 1)).toThrow(/np.leftShift: operand 0 must hold integers, got 1.5/);
    expect(() => np.rightShift(np.array([1], 'int32'), 0.5)).toThrow(/np.rightShift: operands must be integers or bools, got dtype float/);
  });

  it('bitwiseCount counts the bits of |x| (JAX: [64, 32, 31, 20] -> [1, 1, 5, 2], [-16, -7, 7] -> [1, 3, 3]; numpy: 1023 -> 10), as uint32', () => {
    const c = np.bitwiseCount(np.array([64, 32, 31, 20], 'int32'));
    expect([c.dtype, v(c)]).toEqual(['uint32', [1, 1, 5, 2]]);
    expect(v(np.bitwiseCount(np.array([-16, -7, 7], 'int32')))).toEqual([1, 3, 3]);
    expect(v(np.bitwiseCount(np.array([1023, 0, -2147483648, 2147483647], 'int32')))).toEqual([10, 0, 1, 31]);
    expect(v(np.bitwiseCount(np.array([0xffffffff], 'uint32')))).toEqual([32]);
    expect(v(np.bitwiseCount([true, false]))).toEqual([1, 0]);
    // 2^i - 1 has i bits (numpy's example)
    expect(v(np.bitwiseCount(np.array(Array.from({ length: 16 }, (_, i) => 2 ** i - 1), 'int32')))).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(() => np.bitwiseCount(np.array([0.5]))).toThrow(/np.bitwiseCount: operands must be integers or bools, got dtype float64/);
    expect(v(jit((x: NDArray) => np.bitwiseCount(x))(np.array([7, -8], 'int32')))).toEqual([3, 1]);
  });
});

describe('constants', () => {
  it("are numpy's", () => {
    expect([np.e, np.pi, np.inf, np.eulerGamma]).toEqual([Math.E, Math.PI, Infinity, 0.5772156649015329]);
    expect(Number.isNaN(np.nan)).toBe(true);
  });

  it('dtype names: np.float32 … and the np.DType enum (jax-js names it so), usable wherever a dtype is', () => {
    expect([np.bool, np.int32, np.uint32, np.float32, np.float64]).toEqual(['bool', 'int32', 'uint32', 'float32', 'float64']);
    expect(np.DType).toEqual({ Float32: 'float32', Float64: 'float64', Int32: 'int32', Uint32: 'uint32', Bool: 'bool' });
    expect(Object.isFrozen(np.DType)).toBe(true);
    expect(np.astype(np.array([1.5, -2.5]), np.DType.Int32).dtype).toBe('int32');
    expect(np.zeros([2], np.float32).dtype).toBe('float32');
  });
});

describe('window functions', () => {
  // numpy's documented 8-digit values for M = 12
  const M12 = {
    bartlett: [0, 0.18181818, 0.36363636, 0.54545455, 0.72727273, 0.90909091],
    hanning: [0, 0.07937323, 0.29229249, 0.57115742, 0.82743037, 0.97974649],
    hamming: [0.08, 0.15302337, 0.34890909, 0.60546483, 0.84123594, 0.98136677],
    blackman: [-1.38777878e-17, 3.26064346e-2, 1.59903635e-1, 4.14397981e-1, 7.3604518e-1, 9.67046769e-1],
  } as const;
  it("match numpy's M = 12 examples to their printed digits, and are symmetric", () => {
    for (const [name, half] of Object.entries(M12)) {
      const w = v(np[name as keyof typeof M12](12));
      near(w, [...half, ...[...half].reverse()], 5e-9);
    }
    near(v(np.kaiser(12, 14)), [7.72686684e-6, 3.46009194e-3, 4.65200189e-2, 2.2973712e-1, 5.99885316e-1, 9.45674898e-1, 9.45674898e-1, 5.99885316e-1, 2.2973712e-1, 4.65200189e-2, 3.46009194e-3, 7.72686684e-6], 5e-9);
  });
  it('M = 0 is empty, M = 1 is [1]; hann is hanning; bad M is an error', () => {
    for (const w of [np.bartlett, np.blackman, np.hamming, np.hanning, np.hann, (m: number) => np.kaiser(m, 3)]) {
      expect(w(0).shape).toEqual([0]);
      expect(v(w(1))).toEqual([1]);
    }
    expect(v(np.hann(5))).toEqual(v(np.hanning(5)));
    expect(() => np.hamming(-1)).toThrow(/np.hamming: M must be a non-negative integer, got -1/);
    expect(() => np.kaiser(2.5, 1)).toThrow(/np.kaiser: M must be/);
  });
  it('kaiser is differentiable in beta and batches over it', () => {
    // d/dβ of the window's mean at β = 0 is 0 (every point is I0(0)/I0(0) = 1 to first order: I0'(0) = I1(0) = 0)
    expect(grad((b: NDArray) => np.mean(np.kaiser(5, b)))(np.array(0)).item()).toBe(0);
    const batched = vmap((b: NDArray) => np.kaiser(4, b))(np.array([0, 14]));
    expect(batched.toArray()).toEqual([v(np.kaiser(4, 0)), v(np.kaiser(4, 14))]);
  });
});

/** I0 and I1 by their power series Σ (x²/4)^k / (k!)² and Σ (x/2)^(2k+1) / (k!(k+1)!): positive terms, 80 of them. */
function seriesI(x: number, order: 0 | 1): number {
  let term = order === 0 ? 1 : x / 2,
    sum = term;
  for (let k = 1; k < 80; k++) {
    term *= (x * x) / 4 / (k * (k + order));
    sum += term;
  }
  return sum;
}

describe('i0', () => {
  it("numpy's examples: i0(0) = 1, i0([0, 1, 2, 3]) = [1, 1.26606588, 2.2795853, 4.88079259]", () => {
    expect(np.i0(0).item()).toBe(1);
    near(v(np.i0([0, 1, 2, 3])), [1, 1.26606588, 2.2795853, 4.88079259], 5e-9);
  });
  it('matches the power series across both Chebyshev intervals', () => {
    const xs = [0.1, 1, 2.5, 5, 7.9, 8, 8.1, 12, 20, 50, -3, -9];
    // Cephes' i0e has a peak relative error of 6e-16, exp and the product add 1-2 ulps, and the
    // positive series' own rounding is at most (terms summed)·eps in the worst case, 80 terms: 2e-14
    near(v(np.i0(xs)), xs.map((x) => seriesI(x, 0)), 2e-14);
    near(v(np.i0(np.array(xs, 'float32'))), xs.map((x) => seriesI(x, 0)), 1e-6);
  });
  it('is even, I0(±∞) = ∞, NaN stays NaN, integers become float64', () => {
    expect(v(np.i0([Infinity, -Infinity]))).toEqual([Infinity, Infinity]);
    expect(Number.isNaN(np.i0(NaN).item() as number)).toBe(true);
    expect(np.i0(np.array([2], 'int32')).dtype).toBe('float64');
    expect(v(np.i0([-2.5]))).toEqual(v(np.i0([2.5])));
  });
  it('its derivative is I1 (JAX: bessel_i0e JVP), jit and vmap agree', () => {
    for (const x of [0, 0.5, -2, 7.5, 9, 30]) {
      const g = grad((a: NDArray) => np.i0(a))(np.array(x)).item() as number;
      near([g], [seriesI(x, 1)], 2e-14);
    }
    const xs = np.array([0.5, 9, -30]);
    expect(v(jit((a: NDArray) => np.i0(a))(xs))).toEqual(v(np.i0(xs)));
    expect(v(vmap((a: NDArray) => np.i0(a))(xs))).toEqual(v(np.i0(xs)));
  });
});

describe('round with decimals', () => {
  it("numpy's examples", () => {
    expect(v(np.round([0.37, 1.64]))).toEqual([0, 2]);
    expect(v(np.round([0.37, 1.64], 1))).toEqual([0.4, 1.6]);
    expect(v(np.round([0.5, 1.5, 2.5, 3.5, 4.5]))).toEqual([0, 2, 2, 4, 4]);
    expect(v(np.round(np.array([1, 2, 3, 11], 'int32'), 1))).toEqual([1, 2, 3, 11]);
    expect(v(np.round(np.array([1, 2, 3, 11], 'int32'), -1))).toEqual([0, 0, 0, 10]);
    expect(Object.is(np.round(-0.4).item(), -0)).toBe(true);
    // JAX's float32 example: round([1.532, 3.267, 6.149], 2) = [1.53, 3.27, 6.15] in float32
    const f = np.round(np.array([1.532, 3.267, 6.149], 'float32'), 2);
    expect([f.dtype, v(f)]).toEqual(['float32', [1.53, 3.27, 6.15].map(Math.fround)]);
  });
  it('integers round half to even at negative decimals (by hand: 15 -> 20, 25 -> 20, -15 -> -20, 149 -> 100 at -2)', () => {
    expect(v(np.around(np.array([15, 25, -15], 'int32'), -1))).toEqual([20, 20, -20]);
    expect(v(np.around(np.array([149, 150, 250], 'int32'), -2))).toEqual([100, 200, 200]);
    expect(np.around(np.array([149], 'int32'), -2).dtype).toBe('int32');
  });
  it('NaN and ±∞ pass through; huge decimals are the identity; a fractional decimals is an error', () => {
    expect(v(np.round([NaN, Infinity, -Infinity], 3)).map(String)).toEqual(['NaN', 'Infinity', '-Infinity']);
    expect(v(np.round([1.2345], 400))).toEqual([1.2345]);
    expect(() => np.round([1], 0.5)).toThrow(/np.round: decimals must be an integer, got 0.5/);
  });
  it('works under jit, vmap and grad (the derivative of rounding is 0)', () => {
    const xs = np.array([1.25, 2.35, -0.05]);
    expect(v(jit((a: NDArray) => np.round(a, 1))(xs))).toEqual(v(np.round(xs, 1)));
    expect(v(vmap((a: NDArray) => np.around(a, 1))(xs))).toEqual(v(np.round(xs, 1)));
    expect(v(grad((a: NDArray) => np.sum(np.round(a, 2)))(xs))).toEqual([0, 0, 0]);
  });
});

describe('set operations', () => {
  it("numpy's examples", () => {
    expect(v(np.union1d([-1, 0, 1], [-2, 0, 2]))).toEqual([-2, -1, 0, 1, 2]);
    expect(v(np.intersect1d([1, 3, 4, 3], [3, 1, 2, 1]))).toEqual([1, 3]);
    expect(v(np.setdiff1d([1, 2, 3, 2, 4, 1], [3, 4, 5, 6]))).toEqual([1, 2]);
    expect(v(np.setxor1d([1, 2, 3, 2, 4], [2, 3, 5, 7, 5]))).toEqual([1, 4, 5, 7]);
    // inputs are flattened
    expect(v(np.union1d([[3, 1]], [[2], [2]]))).toEqual([1, 2, 3]);
  });
  it('static size: cut or filled (JAX: union fills with the smallest value, intersect/xor with the smallest result, setdiff with 0)', () => {
    expect(v(np.union1d([1, 2], [2, 3], { size: 5 }))).toEqual([1, 2, 3, 1, 1]);
    expect(v(np.union1d([1, 2], [2, 3], { size: 2 }))).toEqual([1, 2]);
    expect(v(np.intersect1d([5, 2, 7], [7, 5], { size: 4 }))).toEqual([5, 7, 5, 5]);
    expect(v(np.intersect1d([1, 2], [3], { size: 2 }))).toEqual([0, 0]);
    expect(v(np.setdiff1d([4, 3], [1], { size: 3 }))).toEqual([3, 4, 0]);
    expect(v(np.setxor1d([1, 2], [2, 9], { size: 3, fillValue: -1 }))).toEqual([1, 9, -1]);
  });
  it("NaN: union collapses NaNs (unique's rule); NaN equals nothing in intersect, setdiff and setxor (numpy's in1d)", () => {
    const s = (x: NDArray) => v(x).map(String);
    expect(s(np.union1d([NaN, 1], [NaN]))).toEqual(['1', 'NaN']);
    expect(s(np.intersect1d([NaN, 1], [NaN, 1]))).toEqual(['1']);
    expect(s(np.setdiff1d([NaN, NaN, 1], [NaN]))).toEqual(['1', 'NaN']);
    expect(s(np.setxor1d([NaN, 1], [NaN, NaN, 2]))).toEqual(['1', '2', 'NaN', 'NaN']);
    expect(s(np.setxor1d([NaN], [1]))).toEqual(['1', 'NaN']);
  });
  it('empty inputs, dtypes (setdiff keeps ar1 dtype, the others promote), -0 equals 0', () => {
    expect(np.union1d([], []).shape).toEqual([0]);
    expect(v(np.setdiff1d([], [1], { size: 2 }))).toEqual([0, 0]);
    expect(np.setdiff1d(np.array([1, 2], 'int32'), [1.5]).dtype).toBe('int32');
    expect(np.intersect1d(np.array([1, 2], 'int32'), np.array([2], 'float32')).dtype).toBe('float32');
    expect(v(np.intersect1d([-0], [0])).length).toBe(1);
    const b = np.union1d([true], [false, true], { size: 3 });
    expect([b.dtype, b.toArray()]).toEqual(['bool', [false, true, false]]);
  });
  it('need a static size inside vmap and jit, and batch with one', () => {
    expect(() => jit((a: NDArray) => np.union1d(a, a))(np.array([1, 2]))).toThrow(TracerValueError);
    expect(() => jit((a: NDArray) => np.setxor1d(a, a))(np.array([1, 2]))).toThrow(/np.setxor1d: .*pass a static \{ size \}/);
    const f = vmap((a: NDArray) => np.setdiff1d(a, [2, 3], { size: 2, fillValue: -1 }));
    expect(f(np.array([[1, 2, 4], [3, 3, 3]])).toArray()).toEqual([
      [1, 4],
      [-1, -1],
    ]);
    expect(() => np.union1d([1], [2], { size: -1 })).toThrow(/np.union1d: size must be a non-negative integer, got -1/);
  });
});
