/** lax.topK against XLA's documented TopK: largest first, ties by lower index, NaN largest, misuse. */
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
