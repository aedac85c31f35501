/**
 * lax.sort over several operands (JAX's lax.sort with num_keys; sort_key_val is the two-operand,
 * one-key case): hand-derived lexicographic orders, stability, NaN last and -0 == 0, the dimension
 * option, JAX's testSortNumKeys law (the result is every operand gathered at the lexicographic
 * order of the first numKeys rows; here against a host sort with a comparator, not our code), misuse,
 * and vmap/jit bit for bit, grad scattering back through the permutation.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { grad, jit, np, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';
import { sort, sortKeyVal } from '../lib/lax/sorting';

const v = (x: NDArray): number[] => Array.from(x.data());
const vs = (xs: NDArray[]): number[][] => xs.map(v);

describe('lax.sort: several operands', () => {
  const k0 = np.array([1, 0, 1, 0]),
    k1 = np.array([2, 9, 1, 9]),
    p = np.array([10, 20, 30, 40]);
  it('numKeys 2: ordered by the first key, ties by the second, full ties keep their order', () => {
    // keys (1,2) (0,9) (1,1) (0,9): (0,9)@1 (0,9)@3 (1,1)@2 (1,2)@0
    expect(vs(sort([k0, k1, p], { numKeys: 2 }))).toEqual([
      [0, 0, 1, 1],
      [9, 9, 1, 2],
      [20, 40, 30, 10],
    ]);
  });
  it('numKeys 1 (the default): the other operands only follow', () => {
    // key [1, 0, 1, 0], stable: positions 1, 3, 0, 2
    expect(vs(sort([k0, k1, p]))).toEqual([
      [0, 0, 1, 1],
      [9, 9, 2, 1],
      [20, 40, 10, 30],
    ]);
    expect(vs(sort([k0, k1, p], { numKeys: 3 }))).toEqual([
      [0, 0, 1, 1],
      [9, 9, 1, 2],
      [20, 40, 30, 10],
    ]);
  });
  it('NaN last, -0 equal to 0 (ties broken by the next key, else kept in order)', () => {
    expect(vs(sort([np.array([NaN, 1, -Infinity]), np.array([0, 1, 2])]))).toEqual([
      [-Infinity, 1, NaN],
      [2, 1, 0],
    ]);
    expect(vs(sort([np.array([0, -0, 0]), np.array([1, 2, 3])]))).toEqual([
      [0, -0, 0],
      [1, 2, 3],
    ]);
    expect(vs(sort([np.array([0, -0]), np.array([2, 1])], { numKeys: 2 }))).toEqual([
      [-0, 0],
      [1, 2],
    ]);
  });
  it('along a dimension; one array returns one array; isStable is accepted', () => {
    const a = np.array([
      [3, 1],
      [1, 2],
    ]);
    const b = np.array([
      [30, 10],
      [10, 20],
    ]);
    const [sa, sb] = sort([a, b], { dimension: 0 });
    expect([sa!.toArray(), sb!.toArray()]).toEqual([
      [
        [1, 1],
        [3, 2],
      ],
      [
        [10, 10],
        [30, 20],
      ],
    ]);
    expect(v(sort(np.array([3, 1, 2]), { isStable: false }))).toEqual([1, 2, 3]);
    expect(sort(np.array([[3, 1, 2]]), 0).toArray()).toEqual([[3, 1, 2]]);
    expect(vs(sortKeyVal(np.array([3, 1, 2]), np.array([30, 10, 20])))).toEqual([
      [1, 2, 3],
      [10, 20, 30],
    ]);
  });
  it("JAX's testSortNumKeys: rows sorted together = each row at the lexicographic order of the key rows", () => {
    const small = fc.integer({ min: -2, max: 2 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((rows) =>
          fc.record({
            rows: fc.constant(rows),
            n: fc.integer({ min: 0, max: 6 }),
            numKeys: fc.integer({ min: 1, max: rows }),
          }),
        ).chain(({ rows, n, numKeys }) =>
          fc.record({ m: fc.array(fc.array(small, { minLength: n, maxLength: n }), { minLength: rows, maxLength: rows }), numKeys: fc.constant(numKeys) }),
        ),
        ({ m, numKeys }) => {
          const order = m[0]!.map((_, i) => i);
          order.sort((i, j) => {
            for (let k = 0; k < numKeys; k++) if (m[k]![i] !== m[k]![j]) return m[k]![i]! - m[k]![j]!;
            return 0; // Array.prototype.sort is stable
          });
          const want = m.map((row) => order.map((i) => row[i]!));
          expect(vs(sort(m.map((r) => np.array(r, 'int32')), { numKeys }))).toEqual(want);
        },
      ),
      { numRuns: 100 },
    );
  });
  it('misuse names the argument', () => {
    expect(() => sort([np.zeros([2]), np.zeros([3])])).toThrow(/lax.sort: operands must have one shape, got \(2\) for operand 0 and \(3\) for operand 1/);
    expect(() => sort([np.zeros([2]), np.zeros([2])], { numKeys: 3 })).toThrow(/lax.sort: numKeys must be an integer in \[1, 2\]/);
    expect(() => sort([np.zeros([2])], { numKeys: 0 })).toThrow(/numKeys must be an integer in \[1, 1\]/);
    expect(() => sort([np.zeros([2])], { dimension: 1 })).toThrow(/lax.sort: dimension 1 is out of range for rank 1/);
    expect(() => sort([np.array(1)])).toThrow(/lax.sort: operands must have at least one axis/);
  });
});

describe('lax.sort under the transforms', () => {
  const keys = np.array([
    [1, 0, 1],
    [2, 2, 1],
  ]);
  const vals = np.array([
    [10, 20, 30],
    [40, 50, 60],
  ]);
  const f = (k: NDArray, x: NDArray) => np.stack(sort([k, np.negative(k), x], { numKeys: 2 }));
  it('vmap and jit equal the per-example loop, bit for bit', () => {
    const want = np.stack([f(keys.index(0), vals.index(0)), f(keys.index(1), vals.index(1))]);
    expect(v(vmap(f)(keys, vals))).toEqual(v(want));
    expect(v(vmap(f, { inAxes: [1, 1], outAxes: 0 })(np.transpose(keys), np.transpose(vals)))).toEqual(v(want));
    expect(v(jit(f)(keys.index(1), vals.index(1)))).toEqual(v(want.index(1)));
  });
  it('grad: the cotangent of a sorted operand goes back through the permutation', () => {
    // keys [3, 1, 2] sort to positions 1, 2, 0: sum(w * sorted v) = w0 v1 + w1 v2 + w2 v0
    const w = np.array([1, 10, 100]);
    const g = grad((x: NDArray) => np.sum(np.multiply(sort([np.array([3, 1, 2]), x])[1]!, w)))(np.array([5, 6, 7]));
    expect(v(g)).toEqual([100, 1, 10]);
  });
});
