/**
 * meshgrid, indices, logspace, geomspace and the closeness tests against numpy's documented
 * examples (numpy 2.4, checked in Python for this file), and the static-index compositions under
 * vmap and jit.
 */
import { describe, expect, it } from 'vitest';
import { jit, np, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';

const v = (x: NDArray): number[] => Array.from(x.data());
const arr = (x: NDArray) => x.toArray();

describe('meshgrid, indices, logspace, geomspace', () => {
  it("meshgrid: xy and ij indexing, sparse outputs (numpy's examples)", () => {
    const [xv, yv] = np.meshgrid([0, 0.5, 1], [0, 1]);
    expect([arr(xv!), arr(yv!)]).toEqual([
      [
        [0, 0.5, 1],
        [0, 0.5, 1],
      ],
      [
        [0, 0, 0],
        [1, 1, 1],
      ],
    ]);
    const [xi] = np.meshgrid([0, 0.5, 1], [0, 1], { indexing: 'ij' });
    expect(xi!.shape).toEqual([3, 2]);
    const [xs, ys] = np.meshgrid([0, 0.5, 1], [0, 1], { sparse: true });
    expect([xs!.shape, ys!.shape]).toEqual([
      [1, 3],
      [2, 1],
    ]);
    expect(np.meshgrid().length).toBe(0);
  });
  it('indices: the grid of each axis index, stacked', () => {
    expect(arr(np.indices([2, 3]))).toEqual([
      [
        [0, 0, 0],
        [1, 1, 1],
      ],
      [
        [0, 1, 2],
        [0, 1, 2],
      ],
    ]);
    expect(np.indices([]).shape).toEqual([0]);
  });
  it("logspace and geomspace: numpy's examples, exact ends, negative progressions", () => {
    expect(v(np.logspace(2, 3, 4))).toEqual([100, 215.44346900318845, 464.15888336127773, 1000]);
    expect(v(np.logspace(2, 3, 4, false, 2))).toEqual([4, 2 ** 2.25, 2 ** 2.5, 2 ** 2.75]);
    expect(v(np.geomspace(1, 1000, 4))).toEqual([1, 10, 100, 1000]);
    expect(v(np.geomspace(-1000, -1, 4))).toEqual([-1000, -100, -10, -1]);
    expect(v(np.geomspace(1, 256, 9))[8]).toBe(256);
    expect(() => np.geomspace(0, 1)).toThrow(/np.geomspace: geometric sequence cannot include zero/);
    expect(() => np.geomspace(-1, 1)).toThrow(/np.geomspace: start and stop must have one sign/);
  });
});

describe('isclose, allclose, arrayEqual, arrayEquiv', () => {
  it("numpy's examples", () => {
    expect(np.isclose([1e10, 1e-7], [1.00001e10, 1e-8]).toArray()).toEqual([true, false]);
    expect(np.isclose([1e10, 1e-8], [1.00001e10, 1e-9]).toArray()).toEqual([true, true]);
    expect(np.isclose([1, NaN, Infinity, -Infinity], [1, NaN, Infinity, Infinity]).toArray()).toEqual([true, false, true, false]);
    expect(np.isclose([NaN], [NaN], { equalNan: true }).toArray()).toEqual([true]);
    expect(np.allclose([1e10, 1e-7], [1.00001e10, 1e-8]).item()).toBe(false);
    expect(np.allclose([1e10, 1e-8], [1.00001e10, 1e-9]).item()).toBe(true);
    expect(np.allclose([], []).item()).toBe(true);
    expect(np.arrayEqual([1, 2], [1, 2]).item()).toBe(true);
    expect(np.arrayEqual([1, 2], [1, 2, 3]).item()).toBe(false);
    expect(np.arrayEqual([1, NaN], [1, NaN]).item()).toBe(false);
    expect(np.arrayEqual([1, NaN], [1, NaN], true).item()).toBe(true);
    expect(
      np
        .arrayEquiv(
          [1, 2],
          [
            [1, 2],
            [1, 2],
          ],
        )
        .item(),
    ).toBe(true);
    expect(np.arrayEquiv([1, 2], [1, 2, 3]).item()).toBe(false);
  });
});

describe('composed under the transforms', () => {
  it('vmap and jit of the static-index compositions equal the per-example results', () => {
    const f = (x: NDArray) => np.add(np.trace(np.rot90(np.tril(x))), np.sum(np.convolve(np.diag(x), np.roll(np.diag(x), 1))));
    const xs = np.reshape(np.arange(18), [2, 3, 3]);
    const each = [0, 1].map((i) => f(np.reshape(np.sliceAxis(xs, 0, i, i + 1), [3, 3])).item());
    expect(v(vmap(f)(xs))).toEqual(each);
    expect(v(jit(vmap(f))(xs))).toEqual(each);
  });
});
