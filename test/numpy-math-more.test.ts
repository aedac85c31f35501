/**
 * The elementwise, nan* and statistics np names against numpy's documented values (numpy 2.4,
 * checked in Python for this file): ±0, ±Infinity and NaN where numpy defines them, empty arrays,
 * dtypes, and misuse naming the argument.
 */
import { describe, expect, it } from 'vitest';
import { np } from '../lib';
import type { NDArray } from '../lib/array/ndarray';

const v = (x: NDArray): number[] => Array.from(x.data());
const I = Infinity;

describe('inverse trigonometric and hyperbolic functions', () => {
  it('promote ints to float64 and take numpy values at the edges', () => {
    expect(np.arcsin(np.array([0, 1], 'int32')).dtype).toBe('float64');
    expect(v(np.arcsin([1, -0, 2]))).toEqual([Math.PI / 2, -0, NaN]);
    expect(v(np.arccos([1, -1]))).toEqual([0, Math.PI]);
    expect(v(np.arctan([I, -I]))).toEqual([Math.PI / 2, -Math.PI / 2]);
    expect(v(np.sinh([0, -I]))).toEqual([0, -I]);
    expect(v(np.cosh([0, -I]))).toEqual([1, I]);
    expect(v(np.arcsinh([-0, I]))).toEqual([-0, I]);
    expect(v(np.arccosh([1, 0.5]))).toEqual([0, NaN]);
    expect(v(np.arctanh([1, -1, 0.5]))).toEqual([I, -I, Math.atanh(0.5)]);
    expect(np.asin).toBe(np.arcsin);
    expect(np.arctanh(np.array([0.5], 'float32')).dtype).toBe('float32');
  });
});

describe('hypot, cbrt, copysign, signbit, logaddexp', () => {
  it('hypot is overflow-free and Infinity with an infinite side even against NaN', () => {
    expect(v(np.hypot([3, 1e300, 0, I, NaN], [4, 1e300, 0, NaN, 1]))).toEqual([5, 1e300 * Math.SQRT2, 0, I, NaN]);
    expect(v(np.hypot(np.array([[3]], 'int32'), 4))).toEqual([5]);
  });
  it('cbrt: exact on perfect cubes, the sign kept, -0 and ±Infinity through', () => {
    expect(v(np.cbrt([27, -8, 0, -0, 1e-300, -I, NaN, 1000]))).toEqual([3, -2, 0, -0, 1e-100, -I, NaN, 10]);
  });
  it('copysign and signbit read the sign bit (so -0 is negative)', () => {
    expect(v(np.copysign([1, 1, -2, 3], [-0, 0, 1, -I]))).toEqual([-1, 1, 2, -3]);
    expect(np.signbit([-0, 0, -1, 2, -I]).toArray()).toEqual([true, false, true, false, true]);
    expect(np.signbit(np.array([-3, 0], 'int32')).toArray()).toEqual([true, false]);
  });
  it('logaddexp and logaddexp2 are stable and exact at the infinities', () => {
    expect(v(np.logaddexp([-I, I, 1000, 0], [-I, I, 1000, -I]))).toEqual([-I, I, 1000 + Math.LN2, 0]);
    expect(v(np.logaddexp2([1, -I, 2000], [1, 3, 2000]))).toEqual([2, 3, 2001]);
    expect(v(np.logaddexp(NaN, 1))).toEqual([NaN]);
  });
});

describe('isinf family, nanToNum, and the rest', () => {
  it('isinf, isposinf, isneginf (false for ints)', () => {
    const x = [I, -I, NaN, 0];
    expect(np.isinf(x).toArray()).toEqual([true, true, false, false]);
    expect(np.isposinf(x).toArray()).toEqual([true, false, false, false]);
    expect(np.isneginf(x).toArray()).toEqual([false, true, false, false]);
    expect(np.isinf(np.array([1], 'int32')).toArray()).toEqual([false]);
  });
  it('nanToNum: numpy defaults (the dtype largest value), given values, ints unchanged', () => {
    expect(v(np.nanToNum([I, -I, NaN, -128, 128]))).toEqual([Number.MAX_VALUE, -Number.MAX_VALUE, 0, -128, 128]);
    expect(v(np.nanToNum(np.array([I, NaN], 'float32')))).toEqual([3.4028234663852886e38, 0]);
    expect(v(np.nanToNum([I, -I, NaN], { nan: 1, posinf: 2, neginf: 3 }))).toEqual([2, 3, 1]);
    expect(np.nanToNum(np.array([5], 'int32')).dtype).toBe('int32');
  });
  it('deg2rad/radians, rad2deg/degrees, heaviside, sinc, fmax, fmin, positive, floatPower, nextafter', () => {
    expect(v(np.deg2rad([180, -90]))).toEqual([Math.PI, -Math.PI / 2]);
    expect(v(np.degrees([Math.PI]))).toEqual([180]);
    expect(v(np.heaviside([-1.5, 0, 2, NaN], 0.5))).toEqual([0, 0.5, 1, NaN]);
    expect(v(np.sinc([0, 1, 0.5]))).toEqual([1, Math.sin(Math.PI) / Math.PI, Math.sin(Math.PI / 2) / (Math.PI / 2)]);
    expect(v(np.fmax([2, 3, NaN], [NaN, 1, NaN]))).toEqual([2, 3, NaN]);
    expect(v(np.fmin([2, 3, NaN], [NaN, 1, NaN]))).toEqual([2, 1, NaN]);
    expect(np.positive(np.array([-1], 'int32')).toArray()).toEqual([-1]);
    expect(np.floatPower(np.array([2], 'int32'), -1).toArray()).toEqual([0.5]);
    expect(v(np.nextafter([1, 0], [2, -1]))).toEqual([1 + 2 ** -52, -5e-324]);
    expect(v(np.nextafter(np.array([1], 'int32'), 2))).toEqual([1 + 2 ** -52]);
  });
});

describe('nan reductions', () => {
  const x = np.array([
    [1, NaN],
    [3, 4],
  ]);
  it('skip NaN: sum, prod, max, min, mean, var, std', () => {
    expect(v(np.nansum(x))).toEqual([8]);
    expect(v(np.nansum(x, 0))).toEqual([4, 4]);
    expect(v(np.nanprod(x, 1))).toEqual([1, 12]);
    expect(v(np.nanmax(x, 1))).toEqual([1, 4]);
    expect(v(np.nanmin(x, 0, { keepdims: true }))).toEqual([1, 4]);
    expect(np.nanmin(x, 0, { keepdims: true }).shape).toEqual([1, 2]);
    expect(v(np.nanmean([NaN, 1, 3]))).toEqual([2]);
    expect(v(np.nanvar([1, NaN, 3]))).toEqual([1]);
    expect(v(np.nanstd([1, NaN, 3], null, { ddof: 1 }))).toEqual([Math.SQRT2]);
  });
  it('all-NaN slices: NaN for max/min/mean, -1 for the arg versions (as JAX), 0 for nansum', () => {
    const allNan = np.array([
      [NaN, NaN],
      [1, NaN],
    ]);
    expect(v(np.nanmax(allNan, 1))).toEqual([NaN, 1]);
    expect(v(np.nanmean(allNan, 1))).toEqual([NaN, 1]);
    expect(v(np.nansum(allNan, 1))).toEqual([0, 1]);
    expect(v(np.nanargmax(allNan, 1))).toEqual([-1, 0]);
    expect(
      v(
        np.nanargmin(
          [
            [NaN, 4],
            [2, 3],
          ],
          1,
        ),
      ),
    ).toEqual([1, 0]);
    expect(v(np.nanargmax([NaN, 5, NaN]))).toEqual([1]);
  });
  it('cumulative versions count NaN as 0 and 1; ints reduce as the plain functions; empty sums are 0', () => {
    expect(v(np.nancumsum([1, NaN, 2]))).toEqual([1, 1, 3]);
    expect(v(np.nancumprod([2, NaN, 3]))).toEqual([2, 2, 6]);
    expect(np.nansum(np.array([1, 2], 'int32')).dtype).toBe('int32');
    expect(v(np.nansum(np.zeros([0])))).toEqual([0]);
    expect(v(np.nanmean(np.zeros([0])))).toEqual([NaN]);
    expect(() => np.nanmax(np.zeros([0]))).toThrow(/zero-size array to reduction operation max/);
  });
});

describe('average, ptp, cov, corrcoef, median, quantile', () => {
  it("average: numpy's examples, weights along an axis, misuse", () => {
    expect(v(np.average([1, 2, 3, 4]))).toEqual([2.5]);
    expect(v(np.average([1, 2, 3, 4], null, { weights: [4, 3, 2, 1] }))).toEqual([2]);
    expect(
      v(
        np.average(
          [
            [0, 1],
            [2, 3],
            [4, 5],
          ],
          1,
          { weights: [0.25, 0.75] },
        ),
      ),
    ).toEqual([0.75, 2.75, 4.75]);
    expect(() => np.average([[1, 2]], 1, { weights: [1, 2, 3] })).toThrow(
      /np.average: 1-d weights must have the length 2 of axis 1, got 3/,
    );
    expect(() => np.average([[1, 2]], null, { weights: [1, 2] })).toThrow(/np.average: weights must have a's shape/);
  });
  it('ptp is max - min (bools rejected, as numpy)', () => {
    expect(
      v(
        np.ptp(
          [
            [4, 9, 2, 10],
            [6, 9, 7, 12],
          ],
          1,
        ),
      ),
    ).toEqual([8, 6]);
    expect(() => np.ptp([true, false])).toThrow(/np.ptp: a bool array has no peak-to-peak difference/);
  });
  it("cov and corrcoef: numpy's examples, rowvar, bias, a second variable", () => {
    expect(
      np
        .cov([
          [0, 1, 2],
          [2, 1, 0],
        ])
        .toArray(),
    ).toEqual([
      [1, -1],
      [-1, 1],
    ]);
    expect(np.cov([1, 2, 3]).toArray()).toEqual(1);
    expect(np.cov([1, 2, 3], undefined, { bias: true }).item()).toBeCloseTo(2 / 3, 15);
    expect(
      np
        .cov(
          [
            [0, 2],
            [1, 1],
            [2, 0],
          ],
          undefined,
          { rowvar: false },
        )
        .toArray(),
    ).toEqual([
      [1, -1],
      [-1, 1],
    ]);
    expect(np.cov([-2.1, -1, 4.3], [3, 1.1, 0.12]).toArray()).toEqual(
      np
        .cov([
          [-2.1, -1, 4.3],
          [3, 1.1, 0.12],
        ])
        .toArray(),
    );
    expect(
      np
        .corrcoef([
          [0, 1, 2],
          [2, 1, 0],
        ])
        .toArray(),
    ).toEqual([
      [1, -1],
      [-1, 1],
    ]);
    expect(() => np.cov(np.zeros([2, 2, 2]))).toThrow(/np.cov: m must be 1-d or 2-d/);
  });
  it("median, quantile, percentile: numpy's examples, methods, NaN propagates", () => {
    const a = [
      [10, 7, 4],
      [3, 2, 1],
    ];
    expect(v(np.median(a))).toEqual([3.5]);
    expect(v(np.median(a, 0))).toEqual([6.5, 4.5, 2.5]);
    expect(v(np.median(a, 1))).toEqual([7, 2]);
    expect(np.median(a, 1, { keepdims: true }).shape).toEqual([2, 1]);
    expect(v(np.quantile([1, 2, 3, 4], [0.25, 0.5]))).toEqual([1.75, 2.5]);
    expect(v(np.percentile(a, 50, 1))).toEqual([7, 2]);
    const m = (method: 'lower' | 'higher' | 'nearest' | 'midpoint') => v(np.quantile([1, 2, 3, 4], 0.5, null, { method }));
    expect([m('lower'), m('higher'), m('nearest'), m('midpoint')]).toEqual([[2], [3], [3], [2.5]]); // nearest: index 1.5 rounds half to even
    expect(v(np.median([1, NaN, 3]))).toEqual([NaN]);
    expect(() => np.quantile([1], 1.5)).toThrow(/np.quantile: q must be in \[0, 1\], got 1.5/);
  });
});
