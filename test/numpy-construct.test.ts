/**
 * diff, convolve, cross, trapezoid, vander, repeat, roll, rot90, the triangles and diagonals
 * against numpy's documented examples (numpy 2.4, checked in Python for this file), with empty
 * inputs and misuse.
 */
import { describe, expect, it } from 'vitest';
import { np } from '../lib';
import type { NDArray } from '../lib/array/ndarray';

const v = (x: NDArray): number[] => Array.from(x.data());
const arr = (x: NDArray) => x.toArray();

describe('diff and ediff1d', () => {
  it("numpy's examples: orders, axes, bools, prepend/append", () => {
    expect(v(np.diff([1, 2, 4, 7, 0]))).toEqual([1, 2, 3, -7]);
    expect(v(np.diff([1, 2, 4, 7, 0], 2))).toEqual([1, 1, -10]);
    expect(
      arr(
        np.diff([
          [1, 3, 6, 10],
          [0, 5, 6, 8],
        ]),
      ),
    ).toEqual([
      [2, 3, 4],
      [5, 1, 2],
    ]);
    expect(
      arr(
        np.diff(
          [
            [1, 3, 6, 10],
            [0, 5, 6, 8],
          ],
          1,
          0,
        ),
      ),
    ).toEqual([[-1, 2, 0, -2]]);
    expect(np.diff(np.array([true, false, false])).toArray()).toEqual([true, false]);
    expect(v(np.diff([1, 2], 1, -1, { prepend: 0, append: [5, 6] }))).toEqual([1, 1, 3, 1]);
    expect(np.diff([1, 2, 3], 0).toArray()).toEqual([1, 2, 3]);
    expect(np.diff([1], 3).shape).toEqual([0]);
    expect(() => np.diff([1, 2], -1)).toThrow(/np.diff: order n must be a non-negative integer, got -1/);
    expect(() => np.diff(5)).toThrow(/np.diff requires an input of rank >= 1/);
  });
  it('ediff1d flattens and adds the end values in its dtype', () => {
    expect(v(np.ediff1d([1, 2, 4, 7, 0], { toBegin: -99, toEnd: [88, 99] }))).toEqual([-99, 1, 2, 3, -7, 88, 99]);
    expect(
      v(
        np.ediff1d([
          [1, 2, 4],
          [1, 6, 24],
        ]),
      ),
    ).toEqual([1, 2, -3, 5, 18]);
    expect(np.ediff1d(np.zeros([0])).shape).toEqual([0]);
  });
});

describe('convolve and correlate', () => {
  it("numpy's examples in every mode, either operand longer", () => {
    expect(v(np.convolve([1, 2, 3], [0, 1, 0.5]))).toEqual([0, 1, 2.5, 4, 1.5]);
    expect(v(np.convolve([1, 2, 3], [0, 1, 0.5], 'same'))).toEqual([1, 2.5, 4]);
    expect(v(np.convolve([1, 2, 3], [0, 1, 0.5], 'valid'))).toEqual([2.5]);
    expect(v(np.convolve([1, 2, 3, 4], [1, 2, 3], 'same'))).toEqual([4, 10, 16, 17]);
    expect(v(np.convolve([1, 1], [1, 2, 3, 4, 5], 'same'))).toEqual([1, 3, 5, 7, 9]);
    expect(v(np.correlate([1, 2, 3], [0, 1, 0.5]))).toEqual([3.5]);
    expect(v(np.correlate([1, 2, 3], [0, 1, 0.5], 'full'))).toEqual([0.5, 2, 3.5, 3, 0]);
    expect(v(np.correlate([0, 1, 0.5], [1, 2, 3], 'full'))).toEqual([0, 3, 3.5, 2, 0.5]);
    expect(v(np.correlate([1, 2], [1, 2, 3, 4, 5], 'same'))).toEqual([14, 11, 8, 5, 2]);
    expect(v(np.correlate([1, 2], [1, 2, 3, 4, 5]))).toEqual([14, 11, 8, 5]);
  });
  it('an infinite or NaN element spreads only to the outputs it touches; int stays int', () => {
    expect(v(np.convolve([Infinity, 1], [1]))).toEqual([Infinity, 1]);
    expect(v(np.convolve([1, 0, 0], [Infinity, 1]))).toEqual([Infinity, NaN, NaN, 0]); // 0 * inf inside the range, as numpy
    expect(np.convolve(np.array([1, 2], 'int32'), np.array([3], 'int32')).dtype).toBe('int32');
  });
  it('misuse names the operand and the mode', () => {
    expect(() => np.convolve([], [1])).toThrow(/np.convolve: a cannot be empty/);
    expect(() => np.convolve([[1]], [1])).toThrow(/np.convolve: a must be 1-d/);
    expect(() => np.correlate([1], [1], 'middle' as 'same')).toThrow(/np.correlate: mode must be 'full', 'same' or 'valid', got middle/);
  });
});

describe('cross, trapezoid, vander', () => {
  it("cross: numpy's examples (3 x 3, 2 x 2 -> z, 3 x 2 padded, along axis 0, broadcast)", () => {
    expect(v(np.cross([1, 2, 3], [4, 5, 6]))).toEqual([-3, 6, -3]);
    expect(v(np.cross([1, 2], [4, 5]))).toEqual([-3]);
    expect(v(np.cross([1, 2, 0], [4, 5]))).toEqual([0, 0, -3]);
    expect(
      arr(
        np.cross(
          [
            [1, 4],
            [2, 5],
            [3, 6],
          ],
          [
            [4, 1],
            [5, 2],
            [6, 3],
          ],
          0,
        ),
      ),
    ).toEqual([
      [-3, 3],
      [6, -6],
      [-3, 3],
    ]);
    expect(
      arr(
        np.cross(
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
          [1, 0, 0],
        ),
      ),
    ).toEqual([
      [0, 3, -2],
      [0, 6, -5],
    ]);
    expect(() => np.cross([1, 2, 3, 4], [1, 2, 3])).toThrow(/np.cross: a must hold vectors of length 2 or 3 along axis -1, got 4/);
  });
  it("trapezoid: numpy's examples with spacing, sample points and axes", () => {
    expect(v(np.trapezoid([1, 2, 3]))).toEqual([4]);
    expect(v(np.trapezoid([1, 2, 3], -1, { x: [4, 6, 8] }))).toEqual([8]);
    expect(v(np.trapezoid([1, 2, 3], -1, { dx: 2 }))).toEqual([8]);
    expect(
      v(
        np.trapezoid(
          [
            [0, 1, 2],
            [3, 4, 5],
          ],
          0,
        ),
      ),
    ).toEqual([1.5, 2.5, 3.5]);
    expect(
      v(
        np.trapezoid(
          [
            [0, 1, 2],
            [3, 4, 5],
          ],
          1,
        ),
      ),
    ).toEqual([2, 8]);
    expect(v(np.trapezoid([5]))).toEqual([0]);
  });
  it("vander: numpy's examples, decreasing and increasing powers, int dtype kept", () => {
    const x = np.array([1, 2, 3, 5], 'int32');
    expect(arr(np.vander(x, 3))).toEqual([
      [1, 1, 1],
      [4, 2, 1],
      [9, 3, 1],
      [25, 5, 1],
    ]);
    expect(arr(np.vander(x, undefined, true))).toEqual([
      [1, 1, 1, 1],
      [1, 2, 4, 8],
      [1, 3, 9, 27],
      [1, 5, 25, 125],
    ]);
    expect(np.vander(x).dtype).toBe('int32');
    expect(np.vander([1, 2], 0).shape).toEqual([2, 0]);
  });
});

describe('repeat, roll, rot90, flips', () => {
  it("numpy's examples", () => {
    expect(v(np.repeat(3, 4))).toEqual([3, 3, 3, 3]);
    expect(
      v(
        np.repeat(
          [
            [1, 2],
            [3, 4],
          ],
          2,
        ),
      ),
    ).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(
      arr(
        np.repeat(
          [
            [1, 2],
            [3, 4],
          ],
          [1, 2],
          0,
        ),
      ),
    ).toEqual([
      [1, 2],
      [3, 4],
      [3, 4],
    ]);
    expect(
      arr(
        np.repeat(
          [
            [1, 2],
            [3, 4],
          ],
          0,
          1,
        ),
      ),
    ).toEqual([[], []]);
    expect(() => np.repeat([1, 2], [1, 2, 3], 0)).toThrow(/np.repeat: repeats must be one count or 2 counts/);
    expect(v(np.roll(np.arange(10), 2))).toEqual([8, 9, 0, 1, 2, 3, 4, 5, 6, 7]);
    expect(v(np.roll(np.arange(10), -12))).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(arr(np.roll(np.reshape(np.arange(10), [2, 5]), 1))).toEqual([
      [9, 0, 1, 2, 3],
      [4, 5, 6, 7, 8],
    ]);
    expect(arr(np.roll(np.reshape(np.arange(10), [2, 5]), [1, 1], [1, 0]))).toEqual([
      [9, 5, 6, 7, 8],
      [4, 0, 1, 2, 3],
    ]);
    expect(np.roll(np.zeros([0]), 3).shape).toEqual([0]);
    const m = [
      [1, 2],
      [3, 4],
    ];
    expect([arr(np.rot90(m)), arr(np.rot90(m, 2)), arr(np.rot90(m, -1)), arr(np.rot90(m, 4))]).toEqual([
      [
        [2, 4],
        [1, 3],
      ],
      [
        [4, 3],
        [2, 1],
      ],
      [
        [3, 1],
        [4, 2],
      ],
      m,
    ]);
    expect(arr(np.rot90(np.reshape(np.arange(8), [2, 2, 2]), 1, [1, 2]))).toEqual([
      [
        [1, 3],
        [0, 2],
      ],
      [
        [5, 7],
        [4, 6],
      ],
    ]);
    expect(arr(np.fliplr(m))).toEqual([
      [2, 1],
      [4, 3],
    ]);
    expect(arr(np.flipud(m))).toEqual([
      [3, 4],
      [1, 2],
    ]);
    expect(() => np.fliplr([1, 2])).toThrow(/np.fliplr: m must have at least 2 axes/);
  });
});

describe('triangles, diagonals, trace', () => {
  it("tri, tril, triu: numpy's examples, a 1-d input broadcast to a square", () => {
    expect(arr(np.tri(3, 5, 2, 'int32'))).toEqual([
      [1, 1, 1, 0, 0],
      [1, 1, 1, 1, 0],
      [1, 1, 1, 1, 1],
    ]);
    expect(arr(np.tri(3, 5, -1))).toEqual([
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
      [1, 1, 0, 0, 0],
    ]);
    const m = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
      [10, 11, 12],
    ];
    expect(arr(np.tril(m, -1))).toEqual([
      [0, 0, 0],
      [4, 0, 0],
      [7, 8, 0],
      [10, 11, 12],
    ]);
    expect(arr(np.triu(m, -1))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [0, 8, 9],
      [0, 0, 12],
    ]);
    expect(arr(np.tril([1, 2, 3]))).toEqual([
      [1, 0, 0],
      [1, 2, 0],
      [1, 2, 3],
    ]);
    expect(np.triu(np.zeros([2, 0, 3])).shape).toEqual([2, 0, 3]);
  });
  it("diag, diagflat, diagonal, trace: numpy's examples", () => {
    const x = np.reshape(np.arange(9), [3, 3]);
    expect([v(np.diag(x)), v(np.diag(x, 1)), v(np.diag(x, -1))]).toEqual([
      [0, 4, 8],
      [1, 5],
      [3, 7],
    ]);
    expect(arr(np.diag(np.diag(x)))).toEqual([
      [0, 0, 0],
      [0, 4, 0],
      [0, 0, 8],
    ]);
    expect(arr(np.diag([1, 2], -1))).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [0, 2, 0],
    ]);
    expect(
      arr(
        np.diagflat([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toEqual([
      [1, 0, 0, 0],
      [0, 2, 0, 0],
      [0, 0, 3, 0],
      [0, 0, 0, 4],
    ]);
    expect(arr(np.diagflat([1, 2], 1))).toEqual([
      [0, 1, 0],
      [0, 0, 2],
      [0, 0, 0],
    ]);
    expect(arr(np.diagonal(np.reshape(np.arange(8), [2, 2, 2]), 0, 0, 1))).toEqual([
      [0, 6],
      [1, 7],
    ]);
    expect(v(np.diagonal(x, 5))).toEqual([]);
    expect(v(np.trace(np.eye(3)))).toEqual([3]);
    expect(v(np.trace(np.reshape(np.arange(8), [2, 2, 2])))).toEqual([6, 8]);
    expect(() => np.diagonal([1, 2])).toThrow(/np.diagonal: a must have at least 2 axes/);
    expect(() => np.diag(np.zeros([2, 2, 2]))).toThrow(/np.diag: v must be 1-d or 2-d/);
  });
});
