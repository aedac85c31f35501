/** Arrays: construction, dtypes and promotion, laziness and memoisation, readback and printing. */
import { matrix, type Matrix } from 'mathjs';
import { describe, expect, it, vi } from 'vitest';
import { lax, np, NDArray } from '../lib';
import { evalRules } from '../lib/array/primitives';
import { allocationStats } from '../lib/array/dtype';
import { evaluate } from '../lib/array/ndarray';

const known = (x: NDArray) => NDArray.known(x) !== undefined;

describe('construction and readback', () => {
  it('from numbers, booleans, nested arrays, typed arrays, {data, shape} and NDArrays', () => {
    expect(np.array(2.5).toArray()).toBe(2.5);
    expect(np.array(true).dtype).toBe('bool');
    expect(np.array([[1, 2], [3, 4]]).shape).toEqual([2, 2]);
    expect(np.array(new Float32Array([1, 2])).dtype).toBe('float32');
    expect(np.array({ data: new Int32Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] }).toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    const a = np.array([1, 2]);
    expect(np.array(a)).toBe(a);
    expect(np.array(a, 'int32').dtype).toBe('int32');
    expect(np.array([1.7, -1.7], 'int32').toArray()).toEqual([1, -1]);
  });

  it('a typed array is copied on ingest: later writes to it do not change the array', () => {
    const buf = new Float64Array([1, 2, 3]);
    const a = np.array(buf);
    buf[0] = 99;
    expect(a.toArray()).toEqual([1, 2, 3]);
  });

  it('ragged and non-numeric input is rejected with the position', () => {
    expect(() => np.array([[1, 2], [3]])).toThrow(/ragged nested array at \[1\]/);
    expect(() => np.array([1, 'a' as never])).toThrow(/element at \[1\] is string a/);
    expect(() => np.zeros([2, -1])).toThrow(/invalid dimension -1/);
    expect(() => np.zeros([65536, 65536])).toThrow(/more than the 2147483647/);
  });

  it('mathjs matrices are wrapped lazily and read once; toMatrix returns a Matrix', () => {
    const m = matrix([[1, 2], [3, 4]]);
    const spy = vi.spyOn(m, 'valueOf');
    const a = np.array(m);
    const callsAtWrap = spy.mock.calls.length;
    expect(known(a)).toBe(false);
    expect(a.shape).toEqual([2, 2]);
    expect(np.sum(a).item()).toBe(10);
    expect(spy.mock.calls.length).toBe(callsAtWrap + 1);
    expect(np.sum(a).item()).toBe(10);
    expect(spy.mock.calls.length).toBe(callsAtWrap + 1);
    const back = np.multiply(a, 2).toMatrix() as Matrix;
    expect(back.size()).toEqual([2, 2]);
    expect(back.valueOf()).toEqual([[2, 4], [6, 8]]);
    expect(m.valueOf()).toEqual([[1, 2], [3, 4]]);
  });

  it('item, data and toArray', () => {
    expect(np.array([[5]]).item()).toBe(5);
    expect(() => np.array([1, 2]).item()).toThrow(/size 1/);
    expect(np.array([true, false]).toArray()).toEqual([true, false]);
    const d = np.array([1, 2]).data();
    d[0] = 7;
    expect(np.array([1, 2]).toArray()).toEqual([1, 2]);
  });

  it('prints like numpy', () => {
    expect(np.array([[1, 2], [3, 4]]).toString()).toBe('[[1. 2.]\n [3. 4.]]');
    expect(np.array([1.5, 2, -3]).toString()).toBe('[ 1.5  2.  -3. ]');
    expect(np.array([1, 20, 300], 'int32').toString()).toBe('[  1  20 300]');
    expect(np.array([true, false]).toString()).toBe('[ True False]');
    expect(np.zeros([2, 2, 2]).toString()).toBe('[[[0. 0.]\n  [0. 0.]]\n\n [[0. 0.]\n  [0. 0.]]]');
    expect(np.array(8).toString()).toBe('8.0');
    expect(np.array([0.1], 'float32').toString()).toBe('[0.1]');
    expect(np.array([NaN, Infinity]).toString()).toBe('[nan inf]');
    expect(np.zeros([0, 3]).toString()).toBe('[]');
  });
});

describe('laziness', () => {
  it('nothing is computed until read, and each node at most once', () => {
    const spy = vi.spyOn(evalRules.exp, 'impl');
    const x = np.array([0, 1]);
    const y = np.exp(x);
    const z = np.add(y, y);
    expect(spy).not.toHaveBeenCalled();
    expect(known(z)).toBe(false);
    expect(z.toArray()).toEqual([2, 2 * Math.E]);
    expect(spy).toHaveBeenCalledTimes(1);
    z.toArray();
    np.multiply(y, 2).toArray();
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('a chain of 10^5 nodes evaluates without overflowing the stack', () => {
    let y = np.array([1, 2]);
    for (let i = 0; i < 100000; i++) y = lax.add(y, 1);
    expect(y.toArray()).toEqual([100001, 100002]);
  });

  it('computed nodes release their inputs', () => {
    const y = np.add(np.array([1]), 1);
    expect(y.inputs.length).toBe(2);
    y.toArray();
    expect(y.inputs.length).toBe(0);
  });
});

describe('views', () => {
  it('transpose, slice, rev and broadcast share their input storage; a consumer reads them strided', () => {
    const x = np.reshape(np.arange(12), [3, 4]);
    const base = x.buffer();
    const before = allocationStats.bytes;
    const views = [np.transpose(x), np.sliceAxis(x, 1, 1, null, 2), np.flip(x, 0), np.broadcastTo(np.reshape(x, [1, 3, 4]), [5, 3, 4])];
    const bufs = views.map((v) => evaluate(v));
    expect(allocationStats.bytes - before).toBe(0);
    for (const b of bufs) expect(b.data).toBe(base.data);
    expect(bufs[0]!.strides).toEqual([1, 4]);
    expect(bufs[3]!.strides).toEqual([0, 4, 1]);
    expect(views[0]!.toArray()).toEqual([[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]);
    expect(views[1]!.toArray()).toEqual([[1, 3], [5, 7], [9, 11]]);
    expect(views[2]!.toArray()).toEqual([[8, 9, 10, 11], [4, 5, 6, 7], [0, 1, 2, 3]]);
    expect(np.add(views[3]!, 1).toArray()).toEqual(Array(5).fill(np.add(x, 1).toArray()));
  });
  it('x * 2 reads the broadcast 2 once: the product is the only allocation', () => {
    const x = np.arange(1000);
    x.buffer();
    const before = allocationStats.bytes;
    np.multiply(x, 2).buffer();
    expect(allocationStats.bytes - before).toBe(1000 * 8 + 8); // the output and the 0-d constant
  });
});

describe('dtypes and promotion', () => {
  it('weak JS scalars adopt the array dtype', () => {
    expect(np.add(np.array([1], 'int32'), 2).dtype).toBe('int32');
    expect(np.add(np.array([1], 'int32'), 2.5).dtype).toBe('float64');
    expect(np.add(np.array([1], 'float32'), 2.5).dtype).toBe('float32');
    expect(np.add(np.array([true]), 1).dtype).toBe('int32');
    expect(np.multiply(4, 2).weak).toBe(true);
  });
  it('strong types join on the lattice', () => {
    expect(np.add(np.array([1], 'int32'), np.array([1], 'float32')).dtype).toBe('float32');
    expect(np.add(np.array([1], 'float32'), np.array([1])).dtype).toBe('float64');
    expect(np.divide(np.array([3], 'int32'), np.array([2], 'int32')).toArray()).toEqual([1.5]);
    expect(np.exp(np.array([0], 'int32')).dtype).toBe('float64');
    expect(np.sum(np.array([true, true, false])).toArray()).toBe(2);
  });
  it('int32 arithmetic wraps and divides like lax', () => {
    const big = np.array([2147483647], 'int32');
    expect(np.add(big, 1).toArray()).toEqual([-2147483648]);
    expect(np.multiply(big, big).toArray()).toEqual([1]);
    expect(lax.div(np.array([-7], 'int32'), np.array([2], 'int32')).toArray()).toEqual([-3]);
    expect(np.floorDivide(np.array([-7], 'int32'), 2).toArray()).toEqual([-4]);
    expect(np.remainder(np.array([-7], 'int32'), 2).toArray()).toEqual([1]);
  });
});
