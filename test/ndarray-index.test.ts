/**
 * x.index(...) and x.at(...): numpy's documented indexing results (numpy.org "Indexing on
 * ndarrays": basic slicing, newaxis, Ellipsis, integer arrays, booleans, combined advanced and
 * basic indexing), JAX's out-of-bounds modes (jax.Array.at: clipped by default, 'fill' reads NaN
 * or fill_value) and defaults (jax.lax.gather: NaN, the least signed, the largest unsigned, true),
 * misuse errors naming the index, axis and size, and the transforms (vmap, jit, grad scattering back).
 */
import { describe, expect, it } from 'vitest';
import { grad, jit, np, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';
import { IndexError, NonConcreteBooleanIndexError } from '../lib/numpy/index-parse';

const v = (x: NDArray): number[] => Array.from(x.data());
const arange = (n: number) => np.arange(n, 'int32');

describe('x.index: basic indexing (numpy docs)', () => {
  const x = arange(10);
  it('slices: start:stop:step, negative bounds and steps, open ends', () => {
    expect(v(x.index({ start: 1, stop: 7, step: 2 }))).toEqual([1, 3, 5]); // x[1:7:2]
    expect(v(x.index({ start: -2, stop: 10 }))).toEqual([8, 9]); // x[-2:10]
    expect(v(x.index({ start: -3, stop: 3, step: -1 }))).toEqual([7, 6, 5, 4]); // x[-3:3:-1]
    expect(v(x.index({ start: 5 }))).toEqual([5, 6, 7, 8, 9]); // x[5:]
    expect(v(x.index({ step: -1 }))).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]); // x[::-1]
    expect(x.index({ start: 7, stop: 2 }).shape).toEqual([0]); // x[7:2] is empty
  });
  it('integers (negative from the end) drop their axis; trailing axes are whole', () => {
    const y = np.reshape(arange(35), [5, 7]);
    expect(y.index(2, -1).item()).toBe(20);
    expect(v(y.index(-1))).toEqual([28, 29, 30, 31, 32, 33, 34]);
    expect(y.index(1).shape).toEqual([7]);
  });
  it("newaxis (null) and '...' (numpy docs: x of shape (2, 3, 1))", () => {
    const x3 = np.array([[[1], [2], [3]], [[4], [5], [6]]], 'int32');
    expect(x3.index({ start: 1, stop: 2 }).toArray()).toEqual([[[4], [5], [6]]]); // x[1:2]
    expect(x3.index('...', 0).toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]); // x[..., 0]
    expect(x3.index({}, null, {}, {}).shape).toEqual([2, 1, 3, 1]); // x[:, np.newaxis, :, :]
    const a = arange(5); // x[:, np.newaxis] + x[np.newaxis, :]
    expect(v(np.add(a.index({}, null), a.index(null, {})).index(1))).toEqual([1, 2, 3, 4, 5]);
    expect(x3.index('...').shape).toEqual([2, 3, 1]);
    expect(x3.index(0, '...', 0).toArray()).toEqual([1, 2, 3]);
  });
  it('basic indexing of a float array keeps the bits (-0, NaN)', () => {
    expect(v(np.array([-0, NaN, 1]).index({ stop: 2 }))).toEqual([-0, NaN]);
  });
});

describe('x.index: advanced indexing (numpy docs)', () => {
  it('integer arrays pick along an axis; negatives count from the end', () => {
    const x = np.arange(10, 1, -1, 'int32'); // [10 9 ... 2]
    expect(v(x.index([3, 3, 1, 8]))).toEqual([7, 7, 9, 2]);
    expect(v(x.index([3, 3, -3, 8]))).toEqual([7, 7, 4, 2]);
    const m = np.array([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(m.index([1, -1]).toArray()).toEqual([
      [3, 4],
      [5, 6],
    ]);
    expect(v(m.index([0, 1, 2], [0, 1, 0]))).toEqual([1, 4, 5]);
  });
  it('several arrays broadcast together; an integer beside them broadcasts too', () => {
    const y = np.reshape(arange(35), [5, 7]);
    expect(v(y.index([0, 2, 4], [0, 1, 2]))).toEqual([0, 15, 30]);
    expect(v(y.index([0, 2, 4], 1))).toEqual([1, 15, 29]);
    expect(v(y.index([0, 2, 4]).index(1))).toEqual([14, 15, 16, 17, 18, 19, 20]);
    const x = np.reshape(arange(12), [4, 3]);
    const rows = np.array([0, 3], 'int32'),
      cols = np.array([0, 2], 'int32');
    const corners = [
      [0, 2],
      [9, 11],
    ];
    expect(
      x
        .index(
          [
            [0, 0],
            [3, 3],
          ],
          [
            [0, 2],
            [0, 2],
          ],
        )
        .toArray(),
    ).toEqual(corners);
    expect(x.index(rows.index({}, null), cols).toArray()).toEqual(corners); // x[rows[:, np.newaxis], columns]
  });
  it('combined with slices: adjacent advanced dims stay in place, separated ones go first', () => {
    const y = np.reshape(arange(35), [5, 7]);
    expect(y.index([0, 2, 4], { start: 1, stop: 3 }).toArray()).toEqual([
      [1, 2],
      [15, 16],
      [29, 30],
    ]);
    const x = np.reshape(arange(12), [4, 3]);
    expect(x.index({ start: 1, stop: 2 }, [1, 2]).toArray()).toEqual([[4, 5]]);
    // numpy docs: x.shape (10, 20, 30, 40, 50), ind_1 and ind_2 broadcasting to (2, 3, 4)
    const big = np.zeros([10, 20, 30, 40, 50]); // lazy: only shapes are computed
    const i1 = np.zeros([2, 3, 4], 'int32'),
      i2 = np.zeros([3, 4], 'int32');
    expect(big.index({}, i1, i2).shape).toEqual([10, 2, 3, 4, 40, 50]);
    expect(big.index({}, i1, {}, i2).shape).toEqual([2, 3, 4, 10, 30, 50]);
    // an integer counts as advanced: x[0, :, [1, 2]] puts the array's dim first (numpy's known surprise)
    const z = np.reshape(arange(24), [2, 3, 4]);
    expect(z.index(0, {}, [1, 2]).toArray()).toEqual([
      [1, 5, 9],
      [2, 6, 10],
    ]);
    expect(z.index({}, 0, [1, 2]).toArray()).toEqual([
      [1, 2],
      [13, 14],
    ]);
    // '...' and null between advanced entries separate them, as written (JAX #25109)
    expect(z.index([0, 1], '...', [1, 2]).shape).toEqual([2, 3]);
    expect(z.index({}, [0, 1], null, [1, 2]).shape).toEqual([2, 2, 1]);
  });
  it('bool masks select the true positions, in row-major order', () => {
    const x = np.array([
      [1, 2],
      [NaN, 3],
      [NaN, NaN],
    ]);
    expect(v(x.index(np.logicalNot(np.isnan(x))))).toEqual([1, 2, 3]); // x[~np.isnan(x)]
    const y = np.reshape(arange(35), [5, 7]);
    expect(y.index([false, false, false, true, true]).shape).toEqual([2, 7]); // x[b[:, 5]]
    expect(v(y.index([false, false, false, true, true]).index(0))).toEqual([21, 22, 23, 24, 25, 26, 27]);
    const z = np.reshape(arange(30), [2, 3, 5]);
    const b = np.array([
      [true, true, false],
      [false, true, true],
    ]);
    expect(z.index(b).toArray()).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
      [20, 21, 22, 23, 24],
      [25, 26, 27, 28, 29],
    ]);
    const r = np.array([
      [0, 1],
      [1, 1],
      [2, 2],
    ]);
    expect(r.index(np.lessEqual(np.sum(r, -1), 2), {}).toArray()).toEqual([
      [0, 1],
      [1, 1],
    ]); // x[rowsum <= 2, :]
    expect(r.index([false, false, false]).shape).toEqual([0, 2]);
  });
});

describe('x.index: out-of-bounds integer arrays (JAX modes)', () => {
  const x = np.arange(5);
  it('clamped by default and with clip; fill and drop read fillValue', () => {
    expect(v(x.index([20, -9]))).toEqual([4, 0]);
    expect(v(x.index([20, -1], { mode: 'clip' }))).toEqual([4, 4]);
    expect(v(x.index([20, -1, -6], { mode: 'fill' }))).toEqual([NaN, 4, NaN]);
    expect(v(x.index([20], { mode: 'fill', fillValue: -1 }))).toEqual([-1]);
    expect(v(x.index([20], { mode: 'drop' }))).toEqual([NaN]);
  });
  it("fill's defaults by dtype, as jax.lax.gather's", () => {
    expect(v(arange(2).index([2], { mode: 'fill' }))).toEqual([-2147483648]);
    expect(v(np.array([1], 'uint32').index([2], { mode: 'fill' }))).toEqual([4294967295]);
    expect(np.array([false]).index([2], { mode: 'fill' }).toArray()).toEqual([true]);
  });
  it('a {} argument is the whole axis, not options', () => {
    expect(np.reshape(arange(4), [2, 2]).index({}, 0).toArray()).toEqual([0, 2]);
  });
});

describe('x.index and x.at: misuse', () => {
  const x = np.reshape(arange(6), [2, 3]);
  it('names the index, the axis and the size', () => {
    expect(() => x.index(0, 3)).toThrow(IndexError);
    expect(() => x.index(0, 3)).toThrow(/x.index: index 3 is out of bounds for axis 1 of size 3/);
    expect(() => x.index(-3)).toThrow(/index -3 is out of bounds for axis 0 of size 2/);
    expect(() => x.index(0, 0, 0)).toThrow(/x.index: 3 indices for an array of rank 2 \(too many indices\)/);
    expect(() => x.index('...', 0, '...')).toThrow(/only have a single ellipsis/);
    expect(() => x.index(0.5)).toThrow(/x.index: index 0 must be an integer, got 0.5/);
    expect(() => x.index({}, [0.5])).toThrow(/index arrays must hold integers, got dtype float64 for axis 1 \(index 1\)/);
    expect(() => x.index([true, false, true])).toThrow(/a bool mask must have the array's shape \(2,\), got \(3,\)/);
    expect(() => x.index([0, 1], [0, 1, 2])).toThrow(/shape mismatch: indexing arrays could not be broadcast together with shapes \(2,\) \(3,\)/);
    expect(() => x.index({ step: 0 })).toThrow(/slice step of axis 0 must be a nonzero integer/);
    expect(() => x.index([0], { mode: 'wrap' as never })).toThrow(/x.index: mode must be one of 'promise_in_bounds', 'clip', 'drop', 'fill', got "wrap"/);
    expect(() => x.at(0).add(1, { mode: 'wrap' as never })).toThrow(/x.at: mode must be one of/);
    expect(() => x.index({ start: 0.5 })).toThrow(/slice start of axis 0 must be an integer or null/);
    expect(() => x.index({ begin: 1 } as never)).toThrow(/index 0 is an object with keys begin; a slice has only start, stop and step/);
    expect(() => x.index(true as never)).toThrow(/index 0 is a scalar boolean/);
    expect(() => x.index(0, undefined as never)).toThrow(/x.index: index 1 is undefined; use \{\} for a whole axis/);
    expect(() => np.zeros([0]).index([0])).toThrow(/cannot index axis 0 of size 0/);
    expect(v(np.zeros([0]).index([0], { mode: 'fill', fillValue: 3 }))).toEqual([3]);
    expect(() => x.at(2).set(1)).toThrow(/x.at: index 2 is out of bounds for axis 0 of size 2/);
    expect(() => np.array([true]).at(0).multiply(true)).toThrow(/x.at\(...\).multiply: a bool array has no product/);
  });
  it('a traced bool mask is a NonConcreteBooleanIndexError under vmap and jit', () => {
    const byMask = (a: NDArray) => a.index(np.greater(a, 1));
    expect(() => vmap(byMask)(x)).toThrow(NonConcreteBooleanIndexError);
    expect(() => jit(byMask)(x)).toThrow(/the bool mask at index 0 \(bool\(2, 3\)\) is traced/);
    // a mask that does not depend on the traced input is concrete: fine
    expect(vmap((a: NDArray) => a.index([true, false, true]))(x).toArray()).toEqual([
      [0, 2],
      [3, 5],
    ]);
  });
  it('the input is untouched', () => {
    x.at([0, 1], 0).set(9);
    expect(v(x)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('x.at: the method form of np.at, with numpy indices', () => {
  it("JAX's documented examples (jax.Array.at)", () => {
    const x = np.arange(5);
    expect(v(x.at(2).add(10))).toEqual([0, 1, 12, 3, 4]);
    expect(v(x.at([10]).add(10))).toEqual([0, 1, 2, 3, 4]); // out-of-bounds updates are dropped
    expect(v(x.at([20]).add(10, { mode: 'clip' }))).toEqual([0, 1, 2, 3, 14]);
    // GatherScatterMode.PROMISE_IN_BOUNDS: "out-of-bounds scatters will be discarded" (XLA in practice)
    expect(v(x.at([20, 1]).set(10, { mode: 'promise_in_bounds' }))).toEqual([0, 10, 2, 3, 4]);
    expect(x.at(2).get().item()).toBe(2);
    expect(v(x.at([20]).get())).toEqual([4]); // clipped
    expect(v(x.at([20]).get({ mode: 'fill' }))).toEqual([NaN]);
    expect(v(x.at([20]).get({ mode: 'fill', fillValue: -1 }))).toEqual([-1]);
  });
  it("'...', null and {} in updates; masks as numpy's x[x < 0] += 20", () => {
    expect(np.zeros([2, 3], 'int32').at('...', 1).set(5).toArray()).toEqual([
      [0, 5, 0],
      [0, 5, 0],
    ]);
    expect(v(np.zeros([3], 'int32').at(null, 0).add(1))).toEqual([1, 0, 0]);
    expect(np.zeros([2, 2], 'int32').at({}, [1]).set([[7], [8]]).toArray()).toEqual([
      [0, 7],
      [0, 8],
    ]);
    // a dropped update clamped onto a kept one's position does not hide it
    expect(v(np.arange(3).at([2, 7]).set([1, 2]))).toEqual([0, 1, 1]);
    expect(v(np.arange(3).at([2, 7, -9]).max([9, 100, 100]))).toEqual([0, 1, 9]);
    const y = np.array([1, -1, -2, 3]);
    expect(v(y.at(np.less(y, 0)).add(20))).toEqual([1, 19, 18, 3]);
    expect(v(y.at({ step: -2 }).set([10, 30]))).toEqual([1, 30, -2, 10]); // x[::-2] = [10, 30]
  });
});

describe('x.index under the transforms', () => {
  const m = np.reshape(np.arange(12), [3, 4]);
  it('vmap: per-example integer arrays, a batched array', () => {
    const pick = (r: NDArray, i: NDArray) => r.index(i);
    expect(vmap(pick)(m, np.array([[3, 0], [1, 1], [-1, 2]], 'int32')).toArray()).toEqual([
      [3, 0],
      [5, 5],
      [11, 10],
    ]);
    expect(vmap((r: NDArray) => r.index({ step: -2 }))(m).toArray()).toEqual([
      [3, 1],
      [7, 5],
      [11, 9],
    ]);
  });
  it('a traced scalar index (a 0-d int array) reads like an integer', () => {
    const row = (a: NDArray, i: NDArray) => a.index(i);
    expect(jit(row)(m, np.array(-1, 'int32')).toArray()).toEqual([8, 9, 10, 11]);
    expect(vmap(row, { inAxes: [null, 0] })(m, np.array([2, 0], 'int32')).toArray()).toEqual([
      [8, 9, 10, 11],
      [0, 1, 2, 3],
    ]);
  });
  it('jit: traced indices, fill mode', () => {
    const f = jit((a: NDArray, i: NDArray) => a.index(i, null, { mode: 'fill', fillValue: -1 }));
    expect(f(np.arange(4), np.array([3, 4], 'int32')).toArray()).toEqual([[3], [-1]]);
  });
  it('grad: the cotangent scatters back, summing duplicates; filled reads get none', () => {
    // d/dx sum(x[[0, 0, 2]]) counts how often each element is read
    expect(v(grad((a: NDArray) => np.sum(a.index([0, 0, 2])))(np.array([1, 2, 3])))).toEqual([2, 0, 1]);
    // sum(x[1:, ::-2] * w): element (i, j) gets w at its place in the slice, others 0
    const w = np.array([[1, 2], [3, 4]]);
    const g = grad((a: NDArray) => np.sum(np.multiply(a.index({ start: 1 }, { step: -2 }), w)))(m);
    expect(g.toArray()).toEqual([
      [0, 0, 0, 0],
      [0, 2, 0, 1],
      [0, 4, 0, 3],
    ]);
    expect(v(grad((a: NDArray) => np.sum(a.index([1, 9], { mode: 'fill', fillValue: 0 })))(np.array([1, 2, 3])))).toEqual([0, 1, 0]);
    // inside grad values are concrete (as in JAX), so a mask may come from the differentiated input
    expect(v(grad((a: NDArray) => np.sum(np.multiply(a.index(np.greater(a, 1)), 3)))(np.array([0, 2, 1, 5])))).toEqual([0, 3, 0, 3]);
  });
});

describe('x.index: integers past int32', () => {
  it('a JS literal past int32 is an error naming its value; uint32 arrays past int32 stay out of range (not wrapped)', () => {
    const x = np.arange(5);
    expect(() => x.index([3e9])).toThrow('x.index: index 0 must hold int32 integers, got 3000000000 (at flat position 0)');
    // 3e9 as uint32 is past the end: clamped to the last element (JAX's default), or filled
    expect(v(x.index(np.array([3e9, 1], 'uint32')))).toEqual([4, 1]);
    expect(v(x.index(np.array([3e9, 1], 'uint32'), { mode: 'fill', fillValue: -1 }))).toEqual([-1, 1]);
  });
});
