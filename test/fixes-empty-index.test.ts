/**
 * Integer-array indexing where an indexed axis has length 0: the flat strides used to be n divided
 * down by each axis length (0/0 = NaN), so the indices became float64 and the gather threw. Expected
 * shapes are numpy's (advanced dims where the index arrays broadcast to, sliced dims kept).
 */
import { describe, expect, it } from 'vitest';
import { grad, jit, np, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';

const none = () => np.array([], 'int32');

describe('reads with empty indexed axes', () => {
  it('np.at(np.zeros([0]), []).get() is an empty float array (failed before: "gather indices must be int32")', () => {
    const got = np.at(np.zeros([0]), none()).get();
    expect(got.shape).toEqual([0]);
    expect(got.dtype).toBe(np.zeros([0]).dtype);
    expect(np.zeros([0]).index(none()).shape).toEqual([0]);
  });
  it('several index arrays, the empty axis first, last or sliced', () => {
    // numpy: np.zeros((0, 3))[[], []].shape == (0,); np.zeros((3, 0))[[], []].shape == (0,)
    expect(np.zeros([0, 3]).index(none(), none()).shape).toEqual([0]);
    expect(np.zeros([3, 0]).index(none(), none()).shape).toEqual([0]);
    // numpy: np.zeros((0, 3))[[], :].shape == (0, 3); np.zeros((2, 0, 3))[:, [], :].shape == (2, 0, 3)
    expect(np.zeros([0, 3]).index(none(), {}).shape).toEqual([0, 3]);
    expect(np.zeros([2, 0, 3]).index({}, none(), {}).shape).toEqual([2, 0, 3]);
    // numpy: np.zeros((0, 3, 2))[[], :, []].shape == (0, 3) (separated arrays: advanced dims first)
    expect(np.zeros([0, 3, 2]).index(none(), {}, none()).shape).toEqual([0, 3]);
  });
  it('a length-0 axis between indexed axes of nonzero length still picks the right elements', () => {
    // strides are products of the later array axes' lengths: x[[1], :, [2]] on shape (2, 0, 3) is
    // shape (1, 0); and with the empty axis sliced away the lengths 2 and 3 give strides 3 and 1
    expect(np.zeros([2, 0, 3]).index(np.array([1], 'int32'), {}, np.array([2], 'int32')).shape).toEqual([1, 0]);
    const m = np.reshape(np.arange(6), [2, 3]);
    expect(m.index(np.array([1, 0], 'int32'), np.array([2, 1], 'int32')).toArray()).toEqual([5, 1]);
  });
  it('fill mode and a non-empty index into an empty axis', () => {
    expect(np.at(np.zeros([0]), none()).get({ mode: 'fill' }).shape).toEqual([0]);
    // numpy: IndexError (index 0 is out of bounds for axis 0 with size 0)
    expect(() => np.zeros([0]).index(np.array([0], 'int32'))).toThrow(/axis 0 of size 0/);
  });
  it('under jit, vmap and grad', () => {
    const read = (v: NDArray) => v.index(none(), {});
    expect(jit(read)(np.zeros([0, 2])).shape).toEqual([0, 2]);
    expect(vmap(read)(np.zeros([4, 0, 2])).shape).toEqual([4, 0, 2]);
    // the gradient of a sum over nothing is zero everywhere
    expect(grad((v: NDArray) => np.sum(v.index({}, none())))(np.ones([2, 0])).shape).toEqual([2, 0]);
    expect(grad((v: NDArray) => np.sum(np.at(v, {}, none()).get()))(np.ones([2, 3])).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });
});

describe('updates with empty indexed axes', () => {
  it('set/add/multiply with empty index arrays leave the array as it is', () => {
    expect(np.at(np.zeros([0]), none()).set(1).shape).toEqual([0]);
    expect(np.at(np.zeros([2, 0]), none(), none()).add(1).shape).toEqual([2, 0]);
    expect(np.at(np.zeros([0, 2]), none(), {}).multiply(3).shape).toEqual([0, 2]);
    // an empty index into a non-empty array updates nothing
    const x = np.arange(4);
    expect(np.at(x, none()).set(9).toArray()).toEqual([0, 1, 2, 3]);
    expect(np.at(np.reshape(x, [2, 2]), none(), none()).add(9).toArray()).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });
});
