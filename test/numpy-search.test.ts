/**
 * Split/stack variants, polynomials, float anatomy and type queries, searching and counting, and
 * the static-size nonzero family against numpy's documented values (numpy 2.4, checked in Python
 * for this file); the static sizes are required under vmap, with JAX's fill values.
 */
import { describe, expect, it } from 'vitest';
import { jit, np, TracerValueError, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';

const v = (x: NDArray): number[] => Array.from(x.data());
const all = (xs: NDArray[]) => xs.map((x) => x.toArray());

describe('split and stack variants', () => {
  it("numpy's examples", () => {
    expect(all(np.arraySplit(np.arange(8), 3))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7],
    ]);
    expect(all(np.arraySplit(np.arange(7), [3, 5, 10]))).toEqual([[0, 1, 2], [3, 4], [5, 6], []]);
    expect(all(np.hsplit(np.reshape(np.arange(8), [2, 4]), 2))).toEqual([
      [
        [0, 1],
        [4, 5],
      ],
      [
        [2, 3],
        [6, 7],
      ],
    ]);
    expect(all(np.vsplit(np.reshape(np.arange(4), [2, 2]), 2))).toEqual([[[0, 1]], [[2, 3]]]);
    expect(np.dsplit(np.zeros([1, 1, 4]), 2).map((x) => x.shape)).toEqual([
      [1, 1, 2],
      [1, 1, 2],
    ]);
    expect(() => np.vsplit(np.arange(4), 2)).toThrow(/np.vsplit needs an array of rank >= 2/);
    expect(
      np
        .dstack([
          [1, 2, 3],
          [2, 3, 4],
        ])
        .toArray(),
    ).toEqual([
      [
        [1, 2],
        [2, 3],
        [3, 4],
      ],
    ]);
    expect(
      np
        .columnStack([
          [1, 2, 3],
          [2, 3, 4],
        ])
        .toArray(),
    ).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect([
      np.atleast1d(5).shape,
      np.atleast2d(5).shape,
      np.atleast2d([1, 2]).shape,
      np.atleast3d([1, 2]).shape,
      np.atleast3d([[1, 2]]).shape,
    ]).toEqual([[1], [1, 1], [1, 2], [1, 2, 1], [1, 2, 1]]);
  });
});

describe('polynomials (highest power first)', () => {
  it("numpy's examples", () => {
    expect(v(np.polyval([3, 0, 1], 5))).toEqual([76]);
    expect(v(np.polyval([3, 0, 1], [0, 1, -1]))).toEqual([1, 4, 4]);
    expect(v(np.polyadd([1, 2], [9, 5, 4]))).toEqual([9, 6, 6]);
    expect(v(np.polysub([2, 10, -2], [3, 10, -4]))).toEqual([-1, 0, 2]);
    expect(v(np.polymul([1, 2, 3], [9, 5, 1]))).toEqual([9, 23, 38, 17, 3]);
    expect(v(np.polyder([1, 1, 1, 1]))).toEqual([3, 2, 1]);
    expect(v(np.polyder([1, 1, 1, 1], 3))).toEqual([6]);
    expect(v(np.polyder([5], 1))).toEqual([0]);
    expect(v(np.polyint([1, 1, 1]))).toEqual([1 / 3, 0.5, 1, 0]);
    expect(v(np.polyint([3, 2], 2, [1, 2]))).toEqual([0.5, 1, 1, 2]);
    expect(() => np.polyint([1], 2, [1])).toThrow(/np.polyint: k must hold one constant per integration \(2\), got 1/);
    expect(() => np.polyval([[1]], 2)).toThrow(/np.polyval: p must be a 1-d coefficient vector/);
  });
});

describe('divmod, modf, frexp, ldexp, finfo, iinfo, promoteTypes, resultType', () => {
  it("numpy's examples and edges", () => {
    expect(all(np.divmod(np.arange(5, 'int32'), 3))).toEqual([
      [0, 0, 0, 1, 1],
      [0, 1, 2, 0, 1],
    ]);
    expect(all(np.divmod([-7, 7], [2, -2]))).toEqual([
      [-4, -4],
      [1, -1],
    ]);
    const [frac, whole] = np.modf([0, 3.5, -3.5, -3, -0, Infinity, NaN]);
    expect([v(frac!), v(whole!)]).toEqual([
      [0, 0.5, -0.5, -0, -0, 0, NaN],
      [0, 3, -3, -3, -0, Infinity, NaN],
    ]);
    const [m, e] = np.frexp([0, 1, 2, 3, -0.75, 5e-324, Number.MAX_VALUE, Infinity, NaN]);
    expect(v(m!)).toEqual([0, 0.5, 0.5, 0.75, -0.75, 0.5, 1 - 2 ** -53, Infinity, NaN]);
    expect([e!.dtype, v(e!)]).toEqual(['int32', [0, 1, 2, 2, 0, -1073, 1024, 0, 0]]);
    expect(v(np.ldexp(5, np.arange(4)))).toEqual([5, 10, 20, 40]);
    expect(v(np.ldexp([5e-324, 1e300, 1], [2000, -2000, 1024]))).toEqual([
      5e-324 * 2 ** 1000 * 2 ** 1000,
      8.709809816217217e-303,
      Infinity,
    ]);
    expect(np.finfo('float32').eps).toBe(1.1920928955078125e-7);
    expect(np.finfo(np.zeros([1])).max).toBe(Number.MAX_VALUE);
    expect(np.finfo('float64').smallestSubnormal).toBe(5e-324);
    expect([np.iinfo('int32').min, np.iinfo('uint32').max]).toEqual([-2147483648, 4294967295]);
    expect(() => np.finfo('int32')).toThrow(/np.finfo: dtype must be float32 or float64, got int32/);
    expect(() => np.iinfo('float32')).toThrow(/np.iinfo: dtype must be int32 or uint32, got float32/);
    expect([np.promoteTypes('int32', 'float32'), np.promoteTypes('bool', 'int32'), np.promoteTypes('float32', 'float64')]).toEqual([
      'float32',
      'int32',
      'float64',
    ]);
    expect([np.resultType(np.array([1], 'int32'), 2.5), np.resultType(np.array([1], 'float32'), 2.5), np.resultType('int32', 1)]).toEqual([
      'float64',
      'float32',
      'int32',
    ]);
  });
});

describe('searchsorted, digitize, interp, isin', () => {
  it("numpy's examples, NaN sorted last", () => {
    expect(v(np.searchsorted([1, 2, 3, 4, 5], 3))).toEqual([2]);
    expect(v(np.searchsorted([1, 2, 3, 4, 5], 3, { side: 'right' }))).toEqual([3]);
    expect(v(np.searchsorted([1, 2, 3, 4, 5], [-10, 10, 2, 3]))).toEqual([0, 5, 1, 2]);
    expect(v(np.searchsorted([1, 2, NaN], [NaN, 3]))).toEqual([2, 2]);
    expect(v(np.searchsorted([], [1]))).toEqual([0]);
    expect(v(np.digitize([0.2, 6.4, 3.0, 1.6], [0, 1, 2.5, 4, 10]))).toEqual([1, 4, 3, 2]);
    expect(v(np.digitize([1, 2.5], [0, 1, 2.5], true))).toEqual([1, 2]);
    expect(v(np.interp(2.5, [1, 2, 3], [3, 2, 0]))).toEqual([1]);
    expect(v(np.interp([0, 1, 1.5, 2.72, 3.14], [1, 2, 3], [3, 2, 0]))).toEqual([3, 3, 2.5, 0.5599999999999996, 0]);
    expect(v(np.interp(3.14, [1, 2, 3], [3, 2, 0], { right: -99 }))).toEqual([-99]);
    expect(v(np.interp([0, 5, 9], [5], [7]))).toEqual([7, 7, 7]);
    expect(() => np.interp(1, [1, 2], [1])).toThrow(/np.interp: fp must be 1-d of xp's length 2/);
    expect(
      np
        .isin(
          [
            [0, 2],
            [4, 6],
          ],
          [1, 2, 4, 8],
        )
        .toArray(),
    ).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(np.isin([NaN, 1], [NaN, 1], { invert: true }).toArray()).toEqual([true, false]);
  });
});

describe('bincount and histogram', () => {
  it("numpy's examples; the length is static under vmap", () => {
    expect(v(np.bincount(np.array([0, 1, 1, 3, 2, 1, 7], 'int32')))).toEqual([1, 3, 1, 1, 0, 0, 0, 1]);
    expect(v(np.bincount(np.array([0, 1, 1, 2, 2, 2], 'int32'), { weights: [0.3, 0.5, 0.2, 0.7, 1, -0.6] }))).toEqual([0.3, 0.7, 1.1]);
    expect(v(np.bincount(np.array([1], 'int32'), { minlength: 4 }))).toEqual([0, 1, 0, 0]);
    expect(v(np.bincount(np.array([], 'int32')))).toEqual([]);
    expect(() => np.bincount([0.5])).toThrow(/np.bincount: x must hold integers, got dtype float64/);
    const counts = vmap((x: NDArray) => np.bincount(x, { length: 4 }))(
      np.array(
        [
          [0, 1, 1],
          [3, 3, 9],
        ],
        'int32',
      ),
    );
    expect(counts.toArray()).toEqual([
      [1, 2, 0, 0],
      [0, 0, 0, 2],
    ]);
    expect(() => vmap((x: NDArray) => np.bincount(x))(np.array([[0, 1]], 'int32'))).toThrow(TracerValueError);
  });
  it("histogram: numpy's examples, a constant input, density, range", () => {
    expect(all(np.histogram([1, 2, 1], [0, 1, 2, 3]))).toEqual([
      [0, 2, 1],
      [0, 1, 2, 3],
    ]);
    expect(all(np.histogram(np.arange(4), np.arange(5)))).toEqual([
      [1, 1, 1, 1],
      [0, 1, 2, 3, 4],
    ]);
    expect(all(np.histogram([1, 2, 3, 4, 5, 6], 3))).toEqual([
      [2, 2, 2],
      [1, 2.666666666666667, 4.333333333333334, 6],
    ]);
    expect(all(np.histogram([0.5], 2, { range: [0, 1] }))).toEqual([
      [0, 1],
      [0, 0.5, 1],
    ]);
    expect(all(np.histogram([1, 1], 2))).toEqual([
      [0, 2],
      [0.5, 1, 1.5],
    ]);
    expect(all(np.histogram([], 2))).toEqual([
      [0, 0],
      [0, 0.5, 1],
    ]);
    expect(v(np.histogram([1, 2, 3], 2, { density: true })[0]!)).toEqual([1 / 3, 2 / 3]);
    expect(() => np.histogram([1], 0)).toThrow(/np.histogram: bins must be a positive integer or an array of edges, got 0/);
  });
});

describe('nonzero, flatnonzero, argwhere, where(condition), unique, countNonzero', () => {
  it("numpy's examples", () => {
    const x = [
      [3, 0, 0],
      [0, 4, 0],
      [5, 6, 0],
    ];
    expect(all(np.nonzero(x))).toEqual([
      [0, 1, 2, 2],
      [0, 1, 0, 1],
    ]);
    expect(all(np.where(x))).toEqual([
      [0, 1, 2, 2],
      [0, 1, 0, 1],
    ]);
    expect(np.argwhere(np.greater(np.reshape(np.arange(6), [2, 3]), 1)).toArray()).toEqual([
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(v(np.flatnonzero([-2, -1, 0, 1, 2]))).toEqual([0, 1, 3, 4]);
    expect(v(np.unique([1, 1, 2, 2, 3, 3]))).toEqual([1, 2, 3]);
    expect(v(np.unique([3, NaN, 1, NaN]))).toEqual([1, 3, NaN]);
    expect(v(np.unique(np.zeros([0])))).toEqual([]);
    expect(
      v(
        np.countNonzero(
          [
            [0, 1, 7, 0],
            [3, 0, 2, 19],
          ],
          1,
        ),
      ),
    ).toEqual([2, 3]);
    expect(() => np.where([1], [2] as never)).toThrow(/np.where takes one argument \(condition\) or three/);
  });
  it("static sizes cut or fill (JAX's fill values), and are required under vmap and jit", () => {
    expect(all(np.nonzero([0, 5, 0, 7], { size: 3, fillValue: -1 }))).toEqual([[1, 3, -1]]);
    expect(all(np.nonzero([0, 5, 0, 7], { size: 1 }))).toEqual([[1]]);
    expect(v(np.unique([3, 1, 3], { size: 4 }))).toEqual([1, 3, 1, 1]);
    expect(v(np.unique([3, 1, 3], { size: 4, fillValue: 0 }))).toEqual([1, 3, 0, 0]);
    expect(v(np.unique(np.zeros([0]), { size: 2, fillValue: 9 }))).toEqual([9, 9]);
    const rows = vmap((r: NDArray) => np.flatnonzero(r, { size: 2, fillValue: -1 }))(
      np.array([
        [0, 1, 1],
        [1, 0, 0],
      ]),
    );
    expect(rows.toArray()).toEqual([
      [1, 2],
      [0, -1],
    ]);
    expect(v(jit((r: NDArray) => np.unique(r, { size: 2 }))(np.array([2, 2, 5])))).toEqual([2, 5]);
    expect(() => vmap((r: NDArray) => np.unique(r))(np.array([[1, 2]]))).toThrow(
      /np.unique: the result's size depends on the values; inside vmap\/jit pass a static \{ size \}/,
    );
    expect(() => np.nonzero(5)).toThrow(/np.nonzero: a 0-d array has no axes/);
  });
});
