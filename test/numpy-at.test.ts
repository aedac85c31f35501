/**
 * np.at, JAX's x.at[...]: pure updates (the input untouched), duplicates (add accumulates in
 * index order, set keeps the last update, multiply/min/max combine them), the out-of-bounds
 * modes, slices, several index arrays, masks, misuse naming the index, and vmap/jit/grad.
 */
import { describe, expect, it } from 'vitest';
import { grad, jit, np, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';

const v = (x: NDArray): number[] => Array.from(x.data());
const x = np.arange(6);

describe('np.at updates', () => {
  it('set, add, multiply, min, max: pure, with duplicate indices combined', () => {
    expect(v(np.at(x, 2).set(10))).toEqual([0, 1, 10, 3, 4, 5]);
    expect(v(x)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(v(np.at(x, [0, 2, 2]).set(np.array([7, 8, 9])))).toEqual([7, 1, 9, 3, 4, 5]);
    expect(v(np.at(x, [0, 2, 2]).add(1))).toEqual([1, 1, 4, 3, 4, 5]);
    expect(v(np.at(x, [1, 1, 3]).multiply(np.array([2, 3, 4])))).toEqual([0, 6, 2, 12, 4, 5]);
    expect(v(np.at(x, [5, 5, 0]).min(np.array([3, 1, -1])))).toEqual([-1, 1, 2, 3, 4, 1]);
    expect(v(np.at(x, [0, 0]).max(np.array([3, 9])))).toEqual([9, 1, 2, 3, 4, 5]);
    expect(v(np.at(np.array([0.1, 0]), [0, 0, 0]).add(np.array([0.2, 0.3, -0.3])))).toEqual([0.1 + 0.2 + 0.3 - 0.3, 0]); // x + u1 + u2 + u3 in order
    expect(v(np.at(np.array([-0, 1]), 1).add(1))).toEqual([-0, 2]); // untouched elements keep their bits
    expect(np.at(np.array([1, 2], 'int32'), 0).set(7.9).dtype).toBe('int32');
  });
  it('out-of-bounds modes: get clamps by default, fill reads fillValue; updates drop by default, clip clamps', () => {
    expect(v(np.at(x, [-1, 0, 7]).get())).toEqual([5, 0, 5]);
    expect(v(np.at(x, [-1, 0, 7]).get({ mode: 'fill', fillValue: -5 }))).toEqual([5, 0, -5]);
    expect(v(np.at(np.array([1.5, 2]), [9]).get({ mode: 'fill' }))).toEqual([NaN]);
    expect(v(np.at(x, [7, 1, -7]).add(100))).toEqual([0, 101, 2, 3, 4, 5]);
    expect(v(np.at(x, [7]).set(100, { mode: 'clip' }))).toEqual([0, 1, 2, 3, 4, 100]);
  });
  it('slices, {} (the whole axis), several index arrays, a mask', () => {
    expect(v(np.at(x, { start: 1, step: 2 }).set(0))).toEqual([0, 0, 2, 0, 4, 0]);
    expect(v(np.at(x, { step: -2 }).get())).toEqual([5, 3, 1]);
    expect(v(np.at(x, { start: -2 }).get())).toEqual([4, 5]);
    const m = np.reshape(np.arange(12), [3, 4]);
    expect(np.at(m, {}, 1).set(-1).toArray()).toEqual([
      [0, -1, 2, 3],
      [4, -1, 6, 7],
      [8, -1, 10, 11],
    ]);
    expect(np.at(m, 1).add(100).toArray()).toEqual([
      [0, 1, 2, 3],
      [104, 105, 106, 107],
      [8, 9, 10, 11],
    ]);
    expect(v(np.at(m, [0, 2], [1, 3]).get())).toEqual([1, 11]);
    expect(np.at(m, [0, 2], [1, 3]).set(0).toArray()).toEqual([
      [0, 0, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10, 0],
    ]);
    // numpy's placement of advanced dimensions: first when separated by a slice, in place when adjacent
    expect(np.at(np.zeros([2, 3, 4]), [0, 1], {}, [1, 2]).get().shape).toEqual([2, 3]);
    expect(np.at(np.zeros([2, 3, 4]), {}, [0, 1], [1, 2]).get().shape).toEqual([2, 2]);
    expect(np.at(np.zeros([2, 3, 4]), [[0], [1]], [0, 2]).get().shape).toEqual([2, 2, 4]);
    expect(np.at(m, np.greater(m, 8)).set(0).toArray()).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 0, 0, 0],
    ]);
  });
  it('misuse names the index', () => {
    expect(() => np.at(x, 6)).toThrow(/np.at: index 6 is out of bounds for axis 0 of size 6/);
    expect(() => np.at(x, [0.5])).toThrow(/np.at: index arrays must hold integers, got dtype float64 for axis 0/);
    expect(() => np.at(x, np.array([true, false]))).toThrow(/np.at: a bool mask must have the array's shape \(6,?\), got \(2,?\)/);
    expect(() => np.at(x, 0, 0)).toThrow(/np.at: 2 indices for an array of rank 1/);
    expect(() => np.at(x, { step: 0 })).toThrow(/np.at: slice step of axis 0 must be a nonzero integer/);
    expect(() => np.at(np.array([true]), 0).multiply(true)).toThrow(/a bool array has no product/);
  });
});

describe('np.at under the transforms', () => {
  const m = np.reshape(np.arange(12), [3, 4]);
  it('vmap: a per-example index array', () => {
    expect(vmap((r: NDArray, i: NDArray) => np.at(r, i).add(1))(m, np.array([0, 1, 3], 'int32')).toArray()).toEqual([
      [1, 1, 2, 3],
      [4, 6, 6, 7],
      [8, 9, 10, 12],
    ]);
  });
  it('jit: traced indices and values, the last duplicate set wins', () => {
    const f = jit((a: NDArray, i: NDArray, u: NDArray) => np.at(a, i).set(u));
    expect(v(f(np.arange(3), np.array([1, 1], 'int32'), np.array([4, 5])))).toEqual([0, 5, 2]);
  });
  it('grad: through the gathered values and the updates', () => {
    expect(v(grad((a: NDArray) => np.sum(np.at(a, [0, 0, 2]).multiply(np.array([2, 3, 4]))))(np.array([1, 5, 2])))).toEqual([6, 1, 4]);
    // set: the overwritten element gets no gradient, the last update gets it, the earlier duplicate none
    const [ga, gu] = grad((a: NDArray, u: NDArray) => np.sum(np.multiply(np.at(a, [1, 1]).set(u), np.array([1, 10, 100]))), {
      argnums: [0, 1],
    })(np.array([1, 2, 3]), np.array([7, 8])) as NDArray[];
    expect([v(ga!), v(gu!)]).toEqual([
      [1, 0, 100],
      [0, 10],
    ]);
    expect(v(grad((a: NDArray) => np.sum(np.at(a, [2, 2]).get()))(np.array([1, 2, 3])))).toEqual([0, 0, 2]);
  });
});
