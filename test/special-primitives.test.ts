/**
 * The inverse trigonometric, hyperbolic and special-function primitives against known answers:
 * reference values computed with mpmath at 40 digits, the edge cases numpy and scipy define
 * (±0, ±Infinity, NaN, poles), float32 as the float64 result rounded, and the derivatives JAX
 * defines. The elementwise laws (vmap, jit, jvp/vjp) run over these primitives in ../properties.
 */
import { describe, expect, it } from 'vitest';
import { grad, np, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax/special';

/** Distance in units of the last place of `want` (float64). */
function ulps(got: number, want: number): number {
  if (Object.is(got, want)) return 0;
  if (!Number.isFinite(want) || !Number.isFinite(got)) return Infinity;
  const e = Math.max(Math.floor(Math.log2(Math.abs(want))), -1022);
  return Math.abs(got - want) / 2 ** (e - 52);
}
const values = (f: (x: NDArray) => NDArray, xs: readonly number[], dtype: 'float32' | 'float64' = 'float64'): number[] =>
  Array.from(f(np.array(xs, dtype)).data());

function expectWithin(f: (x: NDArray) => NDArray, table: readonly (readonly [number, number])[], maxUlps: number): void {
  const got = values(
    f,
    table.map(([x]) => x),
  );
  table.forEach(([x, want], i) => expect(ulps(got[i]!, want), `at ${x}: got ${got[i]}, want ${want}`).toBeLessThanOrEqual(maxUlps));
}
const expectExactly = (f: (x: NDArray) => NDArray, xs: readonly number[], want: readonly number[]) => expect(values(f, xs)).toEqual(want);

// the bounds are the largest errors measured over 3000 random points against mpmath (x > 0 for lgamma and digamma)
describe('erf and erfc', () => {
  const table: [number, number, number][] = [
    [-5.5, -0.9999999999999927, 1.9999999999999927],
    [-2.5, -0.999593047982555, 1.999593047982555],
    [-0.75, -0.7111556336535151, 1.7111556336535152],
    [-1e-8, -1.1283791670955126e-8, 1.0000000112837917],
    [1e-8, 1.1283791670955126e-8, 0.9999999887162083],
    [0.1, 0.1124629160182849, 0.887537083981715],
    [0.5, 0.5204998778130465, 0.4795001221869535],
    [0.9, 0.7969082124228322, 0.20309178757716786],
    [1.25, 0.9229001282564583, 0.07709987174354177],
    [2, 0.9953222650189527, 0.004677734981047266],
    [3.75, 0.9999998862727434, 1.1372725656979665e-7],
    [6, 1, 2.1519736712498913e-17],
    [10, 1, 2.088487583762545e-45],
    [26, 1, 5.663192408856143e-296],
  ];
  it('match mpmath within 2 ulps (erf) and 3 ulps (erfc, relative even in the far tail)', () => {
    expectWithin(
      lax.erf,
      table.map(([x, e]) => [x, e] as const),
      2,
    );
    expectWithin(
      lax.erfc,
      table.map(([x, , c]) => [x, c] as const),
      3,
    );
  });
  it('keep the sign of zero and reach their limits', () => {
    expectExactly(lax.erf, [0, -0, Infinity, -Infinity], [0, -0, 1, -1]);
    expectExactly(lax.erfc, [0, -0, Infinity, -Infinity, 30], [1, 1, 0, 2, 0]);
    expect(values(lax.erf, [NaN]).concat(values(lax.erfc, [NaN]))).toEqual([NaN, NaN]);
  });
  it('float32 is the float64 result rounded', () => {
    const xs = [-2.5, -0.3, 0.1, 0.7, 1.9, 4.2];
    const xs32 = xs.map(Math.fround);
    expect(values(lax.erf, xs, 'float32')).toEqual(values(lax.erf, xs32).map(Math.fround));
    expect(values(lax.erfc, xs, 'float32')).toEqual(values(lax.erfc, xs32).map(Math.fround));
  });
});

describe('erfInv', () => {
  it('matches mpmath within 2 ulps, the tails included', () => {
    expectWithin(
      lax.erfInv,
      [
        [-0.999999, -3.458910737275499],
        [-0.5, -0.4769362762044699],
        [1e-10, 8.862269254527581e-11],
        [0.25, 0.2253120550121781],
        [0.75, 0.8134198475976185],
        [0.999, 2.3267537655135246],
        [1 - 2 ** -52, 5.805018683193453],
      ],
      2,
    );
  });
  it('is ±Infinity at ±1, NaN outside [-1, 1], and keeps the sign of zero', () => {
    expectExactly(lax.erfInv, [1, -1, 0, -0], [Infinity, -Infinity, 0, -0]);
    expect(values(lax.erfInv, [1.5, -2, Infinity, NaN])).toEqual([NaN, NaN, NaN, NaN]);
  });
  it('is the inverse of erf (checked in the well-conditioned direction, erf(erfInv(y)) == y)', () => {
    const ys = [-0.999, -0.75, -0.25, 0.125, 0.5, 0.9, 0.99];
    values((y) => lax.erf(lax.erfInv(y)), ys).forEach((v, i) => expect(ulps(v, ys[i]!)).toBeLessThanOrEqual(2));
  });
  // erfInv starts from M. Giles' approximation, whose three polynomials switch at w = -log(1 - y^2)
  // = 6.25 and 16, and takes one Halley step on erf (|y| <= 0.5) or erfc (beyond): check each seam
  it('matches mpmath within 2 ulps on both sides of every switch, and for tiny and subnormal y', () => {
    expectWithin(
      lax.erfInv,
      [
        [0.9990343066500631, 2.3336895569071454], // sqrt(1 - e^-6.25), just above
        [0.999034306650063, 2.3336895569071228], // just below
        [0.9999999437324111, 3.8397835814035615], // sqrt(1 - e^-16)
        [0.5, 0.4769362762044699],
        [0.5000000000000001, 0.47693627620447],
        [0.49999999999999994, 0.4769362762044698],
        [0.1, 0.08885599049425769],
        [-0.9, -1.1630871536766743],
        [1 - 2 ** -30, 4.328028275800946],
        [-(1 - 2 ** -45), -5.377767781541279],
        [1e-300, 8.86226925452758e-301],
        [5e-324, 5e-324], // 4.4e-324 rounds to the least subnormal
      ],
      2,
    );
  });
  it('erf(erfInv(y)) is within 2 ulps of y over a grid of 2000 points in [-0.999, 0.999]', () => {
    // the bound of the test above; the old Newton-from-a-crude-start code reached 3 ulps on this grid
    const ys = Array.from({ length: 2001 }, (_, i) => -0.999 + (1.998 * i) / 2000).filter((y) => y !== 0);
    const back = values((y) => lax.erf(lax.erfInv(y)), ys);
    const worst = Math.max(...back.map((v, i) => ulps(v, ys[i]!)));
    expect(worst).toBeLessThanOrEqual(2);
  });
});

describe('lgamma and digamma', () => {
  const table: [number, number, number][] = [
    [-2.5, -0.056243716497674054, 1.103156640645243],
    [-0.5, 1.2655121234846454, 0.03648997397857652],
    [1e-8, 18.42068073818021, -100000000.57721564],
    [0.1, 2.252712651734206, -10.423754940411076],
    [0.5, 0.5723649429247001, -1.9635100260214235],
    [1 + 1e-9, -5.772157118381039e-10, -0.5772156632565987],
    [1.4616321449683622, -0.12148629053584961, -9.241265521729427e-17],
    [1.5, -0.12078223763524522, 0.03648997397857652],
    [2.0000001, 4.227843666532498e-8, 0.4227843995918717],
    [2.5, 0.2846828704729192, 0.7031566406452432],
    [3.75, 1.486815578593417, 1.1825373886117962],
    [7.9, 8.32426586800881, 2.002238487563571],
    [8, 8.525161361065415, 2.01564147795561],
    [15.5, 26.536914491115613, 2.7082352425903653],
    [100, 359.1342053695754, 4.600161852738087],
    [1e10, 220258509288.81058, 23.025850929890456],
  ];
  it('match mpmath: lgamma within 5 ulps for x > 0, digamma within 2, with relative accuracy at their positive zeros', () => {
    expectWithin(
      lax.lgamma,
      table.filter(([x]) => x > 0).map(([x, l]) => [x, l] as const),
      5,
    );
    // below 0 the reflection formula subtracts two values of about 1.2 to make -0.056 at -2.5 (near
    // lgamma's zero at -2.457): the cancellation costs 10 ulps there
    expectWithin(
      lax.lgamma,
      table.filter(([x]) => x < 0).map(([x, l]) => [x, l] as const),
      10,
    );
    expectWithin(
      lax.digamma,
      table.map(([x, , d]) => [x, d] as const),
      2,
    );
  });
  it('lgamma is exactly 0 at 1 and 2, +Infinity at the poles, as scipy.special.gammaln', () => {
    expectExactly(lax.lgamma, [1, 2, 3, 0, -0, -1, -7, Infinity], [0, 0, Math.log(2), Infinity, Infinity, Infinity, Infinity, Infinity]);
    expect(values(lax.lgamma, [NaN])).toEqual([NaN]);
  });
  it('digamma: -Infinity at +0, +Infinity at -0, NaN at the negative integers and -Infinity, as scipy.special.psi', () => {
    expectExactly(lax.digamma, [0, -0, Infinity], [-Infinity, Infinity, Infinity]);
    expect(values(lax.digamma, [-1, -4, -Infinity, NaN])).toEqual([NaN, NaN, NaN, NaN]);
  });
});

describe('inverse trigonometric and hyperbolic functions (numpy arcsin, ..., arctanh)', () => {
  it('take the values numpy documents at their special points', () => {
    expectExactly(lax.asin, [1, -1, 0, -0], [Math.PI / 2, -Math.PI / 2, 0, -0]);
    expectExactly(lax.acos, [1, -1, 0], [0, Math.PI, Math.PI / 2]);
    expectExactly(lax.atan, [Infinity, -Infinity, -0], [Math.PI / 2, -Math.PI / 2, -0]);
    expectExactly(lax.sinh, [-0, Infinity, -Infinity], [-0, Infinity, -Infinity]);
    expectExactly(lax.cosh, [-0, -Infinity], [1, Infinity]);
    expectExactly(lax.asinh, [-0, -Infinity], [-0, -Infinity]);
    expectExactly(lax.acosh, [1, Infinity], [0, Infinity]);
    expectExactly(lax.atanh, [1, -1, -0], [Infinity, -Infinity, -0]);
    for (const [f, x] of [
      [lax.asin, 2],
      [lax.acos, -1.5],
      [lax.acosh, 0.5],
      [lax.atanh, 2],
    ] as const)
      expect(values(f, [x])).toEqual([NaN]);
  });
  it('reject int operands as lax does (np promotes them)', () => {
    expect(() => lax.asin(np.array([1], 'int32'))).toThrow(/asin does not accept dtype int32/);
    expect(() => lax.nextafter(np.array([1], 'int32'), np.array([1], 'int32'))).toThrow(/nextafter does not accept dtype int32/);
  });
});

describe('isFinite and nextafter', () => {
  it('isFinite is a bool array, false at NaN and ±Infinity', () => {
    const r = lax.isFinite(np.array([0, -0, 3e38, Infinity, -Infinity, NaN], 'float32'));
    expect(r.dtype).toBe('bool');
    expect(r.toArray()).toEqual([true, true, true, false, false, false]);
  });
  it('nextafter steps one float of the operand dtype towards y, as numpy.nextafter', () => {
    const f64 = (x: number[], y: number[]) => Array.from(lax.nextafter(np.array(x), np.array(y)).data());
    expect(f64([1, 1, 0, 0, -0, 5e-324, 2 ** -1022, -(2 ** -1022), 2, 2], [2, 0, 1, -1, 0, 0, 0, 0, 3, 1])).toEqual([
      1 + 2 ** -52,
      1 - 2 ** -53,
      5e-324,
      -5e-324,
      0,
      0,
      2 ** -1022 - 5e-324,
      -(2 ** -1022) + 5e-324,
      2 + 2 ** -51,
      2 - 2 ** -52,
    ]);
    expect(f64([Number.MAX_VALUE, Infinity, -Infinity, 3], [Infinity, 0, 0, 3])).toEqual([
      Infinity,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      3,
    ]);
    expect(f64([NaN, 1], [1, NaN])).toEqual([NaN, NaN]);
    const f32 = (x: number[], y: number[]) => Array.from(lax.nextafter(np.array(x, 'float32'), np.array(y, 'float32')).data());
    expect(f32([1, 1, 0, 2 ** -126, 3.4028234663852886e38], [2, 0, -1, 0, Infinity])).toEqual([
      1 + 2 ** -23,
      1 - 2 ** -24,
      -(2 ** -149),
      2 ** -126 - 2 ** -149,
      Infinity,
    ]);
  });
  it('nextafter takes a JS number for either operand', () => {
    expect(lax.nextafter(np.array([1, -1]), 0).toArray()).toEqual([1 - 2 ** -53, -1 + 2 ** -53]);
    expect(lax.nextafter(0, np.array([1, -1], 'float32')).toArray()).toEqual([2 ** -149, -(2 ** -149)]);
  });
});

describe('derivatives, as JAX defines them', () => {
  const d = (f: (x: NDArray) => NDArray, x: number) => grad((v: NDArray) => f(v))(np.array(x)).item();
  const cases: [string, (x: NDArray) => NDArray, number, number][] = [
    ['asin', lax.asin, 0.5, 1 / Math.sqrt(0.75)],
    ['acos', lax.acos, 0.5, -1 / Math.sqrt(0.75)],
    ['atan', lax.atan, 1, 0.5],
    ['sinh', lax.sinh, 1, Math.cosh(1)],
    ['cosh', lax.cosh, 1, Math.sinh(1)],
    ['asinh', lax.asinh, 1, Math.SQRT1_2],
    ['acosh', lax.acosh, 2, 1 / Math.sqrt(3)],
    ['atanh', lax.atanh, 0.5, 1 / 0.75],
    ['erf', lax.erf, 0, 2 / Math.sqrt(Math.PI)],
    ['erfc', lax.erfc, 1, (-2 / Math.sqrt(Math.PI)) * Math.exp(-1)],
    ['erfInv', lax.erfInv, 0, Math.sqrt(Math.PI) / 2],
    ['lgamma', lax.lgamma, 1, -0.5772156649015329],
    ['digamma (trigamma, by the series)', lax.digamma, 1, 1.6449340668482264],
    ['digamma (trigamma, far out)', lax.digamma, 100, 0.010050166663333571],
    ['digamma (trigamma, by reflection)', lax.digamma, -0.5, 8.934802200544679],
    ['digamma (trigamma, reflection near a pole)', lax.digamma, 0.25, 17.19732915450711],
  ];
  // each derivative is a short composition of rounded primitives: a few ulps, 4 at most here
  for (const [name, f, x, want] of cases) it(`${name} at ${x}`, () => expect(ulps(d(f, x), want)).toBeLessThanOrEqual(4));

  it('trigamma, the derivative of digamma, matches mpmath across both branches and is itself differentiable', () => {
    const xs = [0.7, 10.5, -3.3],
      want = [2.834049156694611, 0.09991695605912673, 14.817739525515929];
    const got = vmap(grad((v: NDArray) => lax.digamma(v)))(np.array(xs)).data();
    want.forEach((w, i) => expect(ulps(got[i]!, w)).toBeLessThanOrEqual(4));
    // polygamma(2, 1) = -2 zeta(3)
    expect(ulps(grad(grad((v: NDArray) => lax.digamma(v)))(np.array(1)).item(), -2.4041138063191885)).toBeLessThanOrEqual(64);
  });
  it('isFinite and nextafter have no tangent (a bool output; a step function)', () => {
    expect(d((x) => lax.nextafter(x, 2), 1)).toBe(0);
  });
});
