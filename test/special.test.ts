/**
 * `special` against scipy.special's documented values: promotion of int operands, the limits of
 * logit and expit, and xlogy/xlog1py/entr at 0, below 0 and at NaN, with gradients free of the
 * 0 * Infinity that a naive where() would leak.
 */
import { describe, expect, it } from 'vitest';
import { grad, np, special } from '../lib';
import type { NDArray } from '../lib/array/ndarray';

const vals = (x: NDArray) => Array.from(x.data());

describe('special', () => {
  it('erf, erfc, erfinv, gammaln, digamma promote ints and bools to float64', () => {
    const i = np.array([0, 1, 2], 'int32');
    for (const f of [special.erf, special.erfc, special.erfinv, special.gammaln, special.digamma]) expect(f(i).dtype).toBe('float64');
    expect(vals(special.gammaln(i))).toEqual([Infinity, 0, 0]);
    expect(vals(special.erfinv(np.array([false, true])))).toEqual([0, Infinity]);
    expect(special.psi).toBe(special.digamma);
    expect(special.erf(np.array([0.5], 'float32')).dtype).toBe('float32');
  });
  it('logit and expit are inverse, with logit ±Infinity at 1 and 0 and NaN outside [0, 1]', () => {
    expect(vals(special.logit(np.array([0, 1, 0.5, -1, 2, NaN])))).toEqual([-Infinity, Infinity, 0, NaN, NaN, NaN]);
    expect(vals(special.expit(np.array([-Infinity, 0, Infinity])))).toEqual([0, 0.5, 1]);
    expect(special.expit(special.logit(np.array(0.25))).item()).toBeCloseTo(0.25, 15);
  });
  it('xlogy and xlog1py: 0 where x is 0 (for any y but NaN), x log y elsewhere', () => {
    expect(vals(special.xlogy(np.array([0, 0, 0, 1, 2]), np.array([NaN, 0, -1, 0, 3])))).toEqual([NaN, 0, 0, -Infinity, 2 * Math.log(3)]);
    expect(vals(special.xlog1py(np.array([0, 0, 1, 3]), np.array([-1, NaN, -1, 0.5])))).toEqual([0, NaN, -Infinity, 3 * Math.log1p(0.5)]);
    expect(special.xlogy(2, np.array([1, Math.E])).shape).toEqual([2]);
  });
  it('entr: -x log x, 0 at 0, -Infinity below 0 and at Infinity, NaN at NaN', () => {
    expect(vals(special.entr(np.array([0, -1, NaN, Infinity, 1, 0.5])))).toEqual([0, -Infinity, NaN, -Infinity, -0, -0.5 * Math.log(0.5)]);
  });
  it('gradients at the guarded points are finite (the logarithm never sees the 0 or the negative value)', () => {
    const gy = grad((y: NDArray) => np.sum(special.xlogy(np.array([0, 2]), y)))(np.array([0, 4])).toArray();
    expect(gy).toEqual([0, 0.5]);
    expect(grad((x: NDArray) => np.sum(special.entr(x)))(np.array([0, -1, 1])).toArray()).toEqual([0, 0, -1]);
    expect(grad((y: NDArray) => np.sum(special.xlog1py(np.array([0, 1]), y)))(np.array([-1, 1])).toArray()).toEqual([0, 0.5]);
  });
});
