/**
 * nn.identity, softSign, sparsePlus, sparseSigmoid, log1mexp and logmeanexp against jax.nn's
 * formulas (values derived by hand in the comments) and JAX's derivatives, including the kinks
 * (sparseSigmoid's clip splits a tie's derivative in half, as lax.max's JVP does).
 */
import { describe, expect, it } from 'vitest';
import { grad, jit, nn, np, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';

const v = (x: NDArray): number[] => Array.from(x.data());
const d = (f: (x: NDArray) => NDArray) => (x: number) => grad((a: NDArray) => np.sum(f(a)))(np.array(x)).item() as number;

describe('identity', () => {
  it('returns x unchanged (dtype included), derivative 1', () => {
    const x = np.array([1, -2], 'int32');
    expect([nn.identity(x).dtype, v(nn.identity(x))]).toEqual(['int32', [1, -2]]);
    expect(v(nn.identity([1.5, -0]))).toEqual([1.5, -0]);
    expect(d(nn.identity)(3)).toBe(1);
  });
});

describe('softSign', () => {
  it('x / (|x| + 1) (by hand: -1 -> -0.5, 3 -> 0.75), -0 stays -0, ±∞ give NaN as in JAX (∞/∞)', () => {
    expect(v(nn.softSign([-1, 0, 3]))).toEqual([-0.5, 0, 0.75]);
    expect(Object.is(nn.softSign(-0).item(), -0)).toBe(true);
    expect(v(nn.softSign([Infinity, NaN])).map(String)).toEqual(['NaN', 'NaN']);
    expect(nn.softSign(np.array([2], 'int32')).dtype).toBe('float64');
  });
  it('derivative 1 / (|x| + 1)² (1 at 0, 1/4 at ±1)', () => {
    expect([0, -1, 1, 3].map(d(nn.softSign))).toEqual([1, 0.25, 0.25, 1 / 16]);
  });
});

describe('sparsePlus and sparseSigmoid', () => {
  const xs = [-2, -1, 0, 0.5, 1, 2];
  it('values: 0 below -1, (x + 1)²/4 and (x + 1)/2 between, x and 1 above', () => {
    expect(v(nn.sparsePlus(xs))).toEqual([0, 0, 0.25, 0.5625, 1, 2]);
    expect(v(nn.sparseSigmoid(xs))).toEqual([0, 0, 0.5, 0.75, 1, 1]);
    expect(v(nn.sparsePlus([NaN])).map(String)).toEqual(['NaN']);
    expect(v(nn.sparseSigmoid([NaN])).map(String)).toEqual(['NaN']);
  });
  it("sparsePlus' is sparseSigmoid, with JAX's branch at the kinks (0 at -1, 1 at 1)", () => {
    expect(xs.map(d(nn.sparsePlus))).toEqual([0, 0, 0.5, 0.75, 1, 1]);
  });
  it("sparseSigmoid' is 1/2 inside, 0 outside, 1/4 at ±1 (JAX: 0.5·clip, clip's ties split half)", () => {
    expect(xs.map(d(nn.sparseSigmoid))).toEqual([0, 0.25, 0.5, 0.5, 0.25, 0]);
  });
});

describe('log1mexp', () => {
  it('log(1 - e^-x), accurate at both ends (by hand: ln 2 -> -ln 2; 50 -> -e^-50; 1e-20 -> ln 1e-20), -∞ at 0, NaN below', () => {
    expect(nn.log1mexp(Math.LN2).item()).toBe(-Math.LN2);
    // log1p(-e^-50) = -e^-50 - e^-100/2 - ...: -e^-50 to double precision
    expect(nn.log1mexp(50).item()).toBe(-Math.exp(-50));
    // log(-expm1(-1e-20)) = log(1e-20 - 5e-41) = ln(1e-20) to double precision
    expect(nn.log1mexp(1e-20).item()).toBeCloseTo(Math.log(1e-20), 13);
    expect(nn.log1mexp(0).item()).toBe(-Infinity);
    expect(Number.isNaN(nn.log1mexp(-1).item() as number)).toBe(true);
    expect(nn.log1mexp(Infinity).item()).toBe(-0);
  });
  it("derivative 1 / expm1(x) (JAX's custom JVP), under jit and vmap too", () => {
    for (const x of [0.01, 0.5, Math.LN2, 3, 40]) expect(d(nn.log1mexp)(x)).toBe(1 / Math.expm1(x));
    const xs = np.array([0.1, 2, 30]);
    expect(v(jit(nn.log1mexp)(xs))).toEqual(v(nn.log1mexp(xs)));
    expect(v(vmap(nn.log1mexp)(xs))).toEqual(v(nn.log1mexp(xs)));
  });
});

describe('logmeanexp', () => {
  it('logsumexp(x) - log(n) (by hand: [0, ln 3] -> ln 2), stable for large x, over an axis, keepdims', () => {
    expect(nn.logmeanexp([0, Math.log(3)]).item()).toBeCloseTo(Math.LN2, 15);
    expect(nn.logmeanexp([1000, 1000]).item()).toBe(1000);
    const x = [
      [0, Math.log(3)],
      [1, 1],
    ];
    const r = v(nn.logmeanexp(x, 1));
    expect(r[0]).toBeCloseTo(Math.LN2, 15);
    expect(r[1]).toBeCloseTo(1, 15);
    expect(nn.logmeanexp(x, 0, { keepdims: true }).shape).toEqual([1, 2]);
  });
  it('where: the mean over the selected elements only (by hand: [0, 5, ln 3] with the middle left out -> ln 2); none selected is NaN', () => {
    expect(nn.logmeanexp([0, 5, Math.log(3)], undefined, { where: [true, false, true] }).item()).toBeCloseTo(Math.LN2, 15);
    expect(Number.isNaN(nn.logmeanexp([1, 2], undefined, { where: [false, false] }).item() as number)).toBe(true);
  });
  it('its gradient is softmax (the log n is a constant): [0, ln 3] -> [1/4, 3/4]', () => {
    const g = v(grad((a: NDArray) => nn.logmeanexp(a))(np.array([0, Math.log(3)])));
    expect(g[0]).toBeCloseTo(0.25, 15);
    expect(g[1]).toBeCloseTo(0.75, 15);
    const xs = np.array([
      [0, 1],
      [2, 5],
    ]);
    expect(v(vmap((a: NDArray) => nn.logmeanexp(a))(xs))).toEqual(v(nn.logmeanexp(xs, 1)));
  });
});
