/** lax.topK (XLA's TopK: largest first, ties by lower index, NaN largest) and lax.sortKeyVal, with misuse. */
import { describe, expect, it } from 'vitest';
import { grad, lax, np, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';

describe('lax.topK', () => {
  it('the k largest along the last axis with their int32 indices', () => {
    const [v, i] = lax.topK(
      np.array([
        [1, 5, 3, 5],
        [NaN, 2, 9, -1],
      ]),
      2,
    );
    expect([v.toArray(), i.dtype, i.toArray()]).toEqual([
      [
        [5, 5],
        [NaN, 9],
      ],
      'int32',
      [
        [1, 3],
        [0, 2],
      ],
    ]);
    const [vi] = lax.topK(np.array([3, -2147483648, 7], 'int32'), 3);
    expect(vi.toArray()).toEqual([7, 3, -2147483648]);
    expect(lax.topK(np.zeros([2, 3]), 0)[0].shape).toEqual([2, 0]);
  });
  it('composes with vmap and grad (the gradient reaches the selected elements)', () => {
    expect(
      vmap((r: NDArray) => lax.topK(r, 1)[0])(
        np.array([
          [1, 2],
          [4, 3],
        ]),
      ).toArray(),
    ).toEqual([[2], [4]]);
    expect(grad((x: NDArray) => np.sum(lax.topK(x, 2)[0]))(np.array([1, 4, 2, 3])).toArray()).toEqual([0, 1, 0, 1]);
  });
  it('misuse names k and the operand', () => {
    expect(() => lax.topK(np.array([1, 2]), 3)).toThrow(/lax.topK: k must be an integer in \[0, 2\]/);
    expect(() => lax.topK(np.array(1), 1)).toThrow(/lax.topK: operand must have at least one axis/);
  });
});

describe('lax.sortKeyVal', () => {
  it('sorts the keys along the dimension (stable, NaN last) and permutes the values alike', () => {
    const [k, v] = lax.sortKeyVal(
      np.array([
        [3, 1, NaN, 1],
        [2, 0, 5, -1],
      ]),
      np.array([
        [0, 1, 2, 3],
        [4, 5, 6, 7],
      ]),
      1,
    );
    expect([k.toArray(), v.toArray()]).toEqual([
      [
        [1, 1, 3, NaN],
        [-1, 0, 2, 5],
      ],
      [
        [1, 3, 0, 2],
        [7, 5, 4, 6],
      ],
    ]);
    const [k0, v0] = lax.sortKeyVal(
      np.array([
        [3, 1],
        [2, 0],
      ]),
      np.array(
        [
          [0, 1],
          [2, 3],
        ],
        'int32',
      ),
      0,
    );
    expect([k0.toArray(), v0.toArray(), v0.dtype]).toEqual([
      [
        [2, 0],
        [3, 1],
      ],
      [
        [2, 3],
        [0, 1],
      ],
      'int32',
    ]);
    expect(() => lax.sortKeyVal(np.array([1, 2]), np.array([1]))).toThrow(/lax.sortKeyVal: keys and values must have one shape/);
  });
});
