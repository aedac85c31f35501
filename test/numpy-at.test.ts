/**
 * np.at, JAX's x.at[...]: pure updates (the input untouched), duplicates (add accumulates in
 * index order, set keeps the last update, multiply/min/max combine them), the out-of-bounds
 * modes, slices, several index arrays, masks, misuse naming the index, and vmap/jit/grad; min/max
 * of full-range uint32/int32 values and JAX's tie sharing in their derivatives.
 */
import { describe, expect, it } from 'vitest';
import { grad, jit, np, vmap } from '../lib';
import { ShapeError } from '../lib/array/shape';
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
  it('values that do not broadcast to the indexed shape: the error names the method, values and both shapes', () => {
    const m = np.reshape(np.arange(12), [3, 4]);
    const set = () => m.at([0, 1]).set(np.ones([3]));
    expect(set).toThrow(ShapeError);
    expect(set).toThrow('x.at(...).set: values of shape (3,) do not broadcast to the indexed shape (2, 4) (x of shape (3, 4))');
    expect(() => np.at(m, 0, { start: 1 }).min([1, 2])).toThrow(
      'np.at(...).min: values of shape (2,) do not broadcast to the indexed shape (3,) (x of shape (3, 4))',
    );
  });
  it('min/max compare full-range uint32 and int32 values as numbers', () => {
    // by hand: min(4e9, 3e9, 5) = 5 (numpy/JAX give [5, 7]); max(1, 3e9, 4e9) = 4e9
    expect(
      v(
        np
          .array([4000000000, 7], 'uint32')
          .at([0, 0])
          .min(np.array([3000000000, 5], 'uint32')),
      ),
    ).toEqual([5, 7]);
    expect(
      v(
        np
          .array([1, 7], 'uint32')
          .at([0, 0])
          .max(np.array([3000000000, 4000000000], 'uint32')),
      ),
    ).toEqual([4000000000, 7]);
    expect(
      v(
        np
          .array([0, 0], 'int32')
          .at([1, 1])
          .min(np.array([2147483647, -2147483648], 'int32')),
      ),
    ).toEqual([0, -2147483648]);
    expect(
      v(
        np
          .array([0, 0], 'int32')
          .at([1, 1])
          .max(np.array([-2147483648, 2147483647], 'int32')),
      ),
    ).toEqual([0, 2147483647]);
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
  it("grad of min/max: ties share the cotangent as JAX's scatter_min/scatter_max (_scatter_extremal_jvp)", () => {
    // two updates tie for the minimum (1 < 10): each gets 1/2 (JAX: [0.5, 0.5])
    expect(v(grad((u: NDArray) => np.sum(np.full([2], 10).at([0, 0]).min(u)))(np.array([1, 1])))).toEqual([0.5, 0.5]);
    // x[0] = 3 ties with both updates: x[0] keeps 1/3, each update 1/3 (JAX: [1/3, 1] for x, [1/3, 1/3] for u)
    const [gx, gu] = grad((x: NDArray, u: NDArray) => np.sum(x.at([0, 0]).max(u)), { argnums: [0, 1] })(
      np.array([3, 1]),
      np.array([3, 3]),
    ) as NDArray[];
    // gx[0] = 1 + 2 * (-1 + fl(1/3)) / 2: four roundings of results below 1, each <= 2^-54, so within 2^-52 of 1/3
    expect(Math.abs(v(gx!)[0]! - 1 / 3)).toBeLessThanOrEqual(2 ** -52);
    expect(v(gx!)[1]).toBe(1);
    expect(v(gu!)).toEqual([1 / 3, 1 / 3]);
    // no tie: the winning update takes it all, x[0] (overwritten) none
    expect(v(grad((u: NDArray) => np.sum(np.full([2], 10).at([0, 0, 1]).min(u)))(np.array([2, 1, 11])))).toEqual([0, 1, 0]);
  });
});
