/**
 * logicalXor, invert, rint, fix, spacing, gcd, lcm, the constructors, unwrap, gradient, kron,
 * select, the index generators, append/delete/insert, partition, lexsort, the NaN quantiles,
 * applyAlongAxis and the shape helpers against numpy's documented values (numpy 2.4, checked in
 * Python for this file).
 */
import { describe, expect, it } from 'vitest';
import { np } from '../lib';
import type { NDArray } from '../lib/array/ndarray';

const v = (x: NDArray): number[] => Array.from(x.data());
const all = (xs: NDArray[]) => xs.map((x) => x.toArray());

describe('elementwise extras', () => {
  it("numpy's examples, with -0 where numpy gives it", () => {
    expect(np.logicalXor([true, false, true], [true, true, false]).toArray()).toEqual([false, true, true]);
    expect(v(np.invert(np.array([13, -1], 'int32')))).toEqual([-14, 0]);
    expect(np.bitwiseNot(np.array([true, false])).toArray()).toEqual([false, true]);
    expect(() => np.invert([1.5])).toThrow(/np.invert: x must be an int or bool array, got dtype float64/);
    expect(v(np.rint([-1.5, -0.5, 0.5, 1.5, 2.5]))).toEqual([-2, -0, 0, 2, 2]);
    expect(v(np.fix([2.1, 2.9, -2.1, -2.9]))).toEqual([2, 2, -2, -2]);
    expect(v(np.fabs(np.array([-3], 'int32')))).toEqual([3]);
    expect(v(np.spacing([1, -1, 0, Infinity]))).toEqual([2 ** -52, -(2 ** -52), 5e-324, NaN]);
    expect(v(np.gcd(np.array([12, 20, -7, 0], 'int32'), np.array([20, -12, 3, 0], 'int32')))).toEqual([4, 4, 1, 0]);
    expect(v(np.gcd(np.array([1836311903], 'int32'), np.array([1134903170], 'int32')))).toEqual([1]); // consecutive Fibonacci numbers: the slowest case
    expect(v(np.lcm(np.array([12, 20, 0], 'int32'), np.array([20, -12, 5], 'int32')))).toEqual([60, 60, 0]);
    expect(() => np.gcd([1.5], [2])).toThrow(/np.gcd: the operands must be ints, got dtype float64/);
  });
  it('fullLike, empty, emptyLike, identity, copy', () => {
    const x = np.array([1, 2], 'int32');
    expect([np.fullLike(x, 7).dtype, v(np.fullLike(x, 7))]).toEqual(['int32', [7, 7]]);
    expect(v(np.fullLike(x, 0.5, 'float32', [3]))).toEqual([0.5, 0.5, 0.5]);
    expect([np.empty([2, 0]).shape, v(np.emptyLike(x))]).toEqual([
      [2, 0],
      [0, 0],
    ]);
    expect(np.identity(2).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(np.copy(x)).toBe(x);
  });
  it("unwrap, gradient, kron: numpy's examples", () => {
    expect(v(np.unwrap([0, 2 * Math.PI, 0.5 * Math.PI]))).toEqual([0, 0, Math.PI / 2]);
    expect(v(np.unwrap([0, 1, 2, -1, 0], -1, { period: 4 }))).toEqual([0, 1, 2, 3, 4]);
    expect(v(np.unwrap([1, 2, 3, 4, 5, 6, 1, 2, 3], -1, { period: 6 }))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(v(np.gradient([1, 2, 4, 7, 11, 16]) as NDArray)).toEqual([1, 1.5, 2.5, 3.5, 4.5, 5]);
    expect(v(np.gradient([1, 2, 4, 7, 11, 16], 2) as NDArray)).toEqual([0.5, 0.75, 1.25, 1.75, 2.25, 2.5]);
    expect(
      all(
        np.gradient([
          [1, 2, 6],
          [3, 4, 5],
        ]) as NDArray[],
      ),
    ).toEqual([
      [
        [2, 2, -1],
        [2, 2, -1],
      ],
      [
        [1, 2.5, 4],
        [1, 1, 1],
      ],
    ]);
    expect(() => np.gradient([1])).toThrow(/np.gradient: axis 0 needs at least 2 points, got 1/);
    expect(v(np.kron([1, 10, 100], [5, 6, 7]))).toEqual([5, 6, 7, 50, 60, 70, 500, 600, 700]);
    expect(np.kron(np.eye(2), np.ones([2, 2])).toArray()).toEqual([
      [1, 1, 0, 0],
      [1, 1, 0, 0],
      [0, 0, 1, 1],
      [0, 0, 1, 1],
    ]);
  });
});

describe('select, index generators, append, delete, insert', () => {
  it("numpy's examples", () => {
    const x = [1, 2, 3];
    expect(v(np.select([np.less(x, 2), np.greater(x, 2)], [10, 20], -1))).toEqual([10, -1, 20]);
    expect(v(np.select([np.less(x, 3), np.less(x, 2)], [x, np.negative(x)]))).toEqual([1, 2, 0]); // the first true condition wins
    expect(() => np.select([true], [])).toThrow(/np.select: condlist and choicelist must have one length, got 1 and 0/);
    expect(all(np.trilIndices(3))).toEqual([
      [0, 1, 1, 2, 2, 2],
      [0, 0, 1, 0, 1, 2],
    ]);
    expect(all(np.triuIndices(3, 1))).toEqual([
      [0, 0, 1],
      [1, 2, 2],
    ]);
    expect(all(np.trilIndices(2, 0, 3))).toEqual([
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(all(np.diagIndices(2))).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(all(np.unravelIndex([22, 41, 37], [7, 6]))).toEqual([
      [3, 6, 6],
      [4, 5, 1],
    ]);
    expect(
      v(
        np.ravelMultiIndex(
          [
            [3, 6, 6],
            [4, 5, 1],
          ],
          [7, 6],
        ),
      ),
    ).toEqual([22, 41, 37]);
    expect(v(np.append([1, 2], [[3], [4]]))).toEqual([1, 2, 3, 4]);
    expect(np.append([[1, 2]], [[3, 4]], 0).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(np.delete(np.reshape(np.arange(6), [2, 3]), [0, 2], 1).toArray()).toEqual([[1], [4]]);
    expect(v(np.delete([1, 2, 3], -1))).toEqual([1, 2]);
    expect(() => np.delete([1, 2], 5)).toThrow(/np.delete: position 5 is out of bounds for axis 0 of length 2/);
    expect(v(np.insert([1, 2, 3], 1, 9))).toEqual([1, 9, 2, 3]);
    expect(np.insert(np.reshape(np.arange(6), [2, 3]), 1, [[7], [8]], 1).toArray()).toEqual([
      [0, 7, 1, 2],
      [3, 8, 4, 5],
    ]);
    expect(v(np.insert([1, 2], 2, [5, 6]))).toEqual([1, 2, 5, 6]);
  });
});

describe('partition, lexsort, NaN quantiles', () => {
  it("numpy's examples", () => {
    const p = v(np.partition([3, 4, 2, 1], 2));
    expect(p[2]).toBe(3);
    expect(p.slice(0, 2).every((e) => e <= 3) && p.slice(3).every((e) => e >= 3)).toBe(true);
    expect(v(np.argpartition([3, 4, 2, 1], 2))[2]).toBe(0);
    expect(() => np.partition([1, 2], 2)).toThrow(/np.partition: kth 2 is out of bounds/);
    expect(
      v(
        np.lexsort([
          [1, 5, 1, 4, 3, 4, 4],
          [9, 4, 0, 4, 0, 2, 1],
        ]),
      ),
    ).toEqual([2, 4, 6, 5, 3, 1, 0]);
    expect(
      v(
        np.nanmedian([
          [10, NaN, 4],
          [3, 2, 1],
        ]),
      ),
    ).toEqual([3]);
    expect(
      v(
        np.nanmedian(
          [
            [10, NaN, 4],
            [3, 2, 1],
          ],
          0,
        ),
      ),
    ).toEqual([6.5, 2, 2.5]);
    expect(
      v(
        np.nanmedian(
          [
            [10, NaN, 4],
            [3, 2, 1],
          ],
          1,
        ),
      ),
    ).toEqual([7, 2]);
    expect(v(np.nanquantile([NaN, 1, 2, 3], 0.5))).toEqual([2]);
    expect(v(np.nanquantile([NaN, 1, 2, 3, 4], [0.25, 1]))).toEqual([1.75, 4]);
    expect(v(np.nanpercentile([NaN, 1, 2, 3, 4], 50, null, { method: 'lower' }))).toEqual([2]);
    expect(v(np.nanmedian([NaN, NaN]))).toEqual([NaN]);
  });
});

describe('applyAlongAxis and shape helpers', () => {
  it('applyAlongAxis maps every 1-d slice (scalar and vector results)', () => {
    const x = np.reshape(np.arange(6), [2, 3]);
    expect(v(np.applyAlongAxis((r) => np.sum(r), 1, x))).toEqual([3, 12]);
    expect(np.applyAlongAxis((r) => np.flip(r), 0, x).toArray()).toEqual([
      [3, 4, 5],
      [0, 1, 2],
    ]);
    expect(np.applyAlongAxis((r) => np.stack([np.min(r), np.max(r)]), 1, x).toArray()).toEqual([
      [0, 2],
      [3, 5],
    ]);
  });
  it('broadcastShapes, matrixTranspose, vecdot, rollaxis, ndim, shape, size', () => {
    expect(np.broadcastShapes([2, 1], [3], [1, 1])).toEqual([2, 3]);
    expect(() => np.broadcastShapes([2], [3])).toThrow(/cannot be broadcast/);
    expect(np.matrixTranspose(np.zeros([4, 2, 3])).shape).toEqual([4, 3, 2]);
    expect(
      v(
        np.vecdot(
          [
            [1, 2],
            [3, 4],
          ],
          [1, 1],
        ),
      ),
    ).toEqual([3, 7]);
    expect([
      np.rollaxis(np.zeros([3, 4, 5, 6]), 3, 1).shape,
      np.rollaxis(np.zeros([3, 4, 5, 6]), 2).shape,
      np.rollaxis(np.zeros([3, 4, 5, 6]), 1, 4).shape,
    ]).toEqual([
      [3, 6, 4, 5],
      [5, 3, 4, 6],
      [3, 5, 6, 4],
    ]);
    expect([np.ndim([[1, 2]]), np.shape([[1, 2]]), np.size([[1, 2]])]).toEqual([2, [1, 2], 2]);
  });
});
