/**
 * The one JS-literal -> int32 conversion (lib/numpy/int-literal.ts) and its users: integer lists
 * become int32, bool lists stay bool (a mask when indexing, as numpy's; an error where indices must
 * be integers, as JAX's lax.gather), fractions and values beyond int32 are errors, not wrapped.
 */
import { describe, expect, it } from 'vitest';
import { lax, np } from '../lib';
import type { NDArray } from '../lib/array/ndarray';
import { intArray, literalArray } from '../lib/numpy/int-literal';

const v = (x: NDArray): number[] => Array.from(x.data());
const ELEMENTS = { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0] };

describe('literalArray / intArray', () => {
  it('integer lists are int32, bool lists bool, booleans among integers 0/1 (as np.array([1, True]))', () => {
    expect(literalArray([[1], [-2]]).dtype).toBe('int32');
    expect(literalArray(3).dtype).toBe('int32');
    expect(literalArray([true, false]).dtype).toBe('bool');
    const mixed = literalArray([1, true, false]);
    expect([mixed.dtype, v(mixed)]).toEqual(['int32', [1, 1, 0]]);
    expect([literalArray([]).dtype, literalArray([]).shape]).toEqual(['int32', [0]]);
    // not int32 integers: left as asArray makes them, for the caller's dtype check
    expect(literalArray([0.5]).dtype).toBe('float64');
    expect(literalArray([3000000000]).dtype).toBe('float64');
    expect(literalArray(np.array([1], 'uint32')).dtype).toBe('uint32');
  });
  it('intArray: bools kept unless rejected; fractions, int32 overflow and float arrays are errors naming the argument', () => {
    expect(intArray([true, false], 'f: a').dtype).toBe('bool');
    expect(() => intArray([true, false], 'f: a', { bools: 'reject' })).toThrow('f: a must hold integers, got dtype bool');
    expect(() => intArray(np.array([true]), 'f: a', { bools: 'reject' })).toThrow('f: a must hold integers, got dtype bool');
    expect(() => intArray([[1], [0.5]], 'f: a')).toThrow('f: a must hold integers, got 0.5 (at flat position 1)');
    expect(() => intArray([1, 3000000000], 'f: a')).toThrow('f: a must hold int32 integers, got 3000000000 (at flat position 1)');
    expect(() => intArray(np.array([1.5]), 'f: a')).toThrow('f: a must hold integers, got dtype float64');
    expect(v(intArray([2, -1], 'f: a'))).toEqual([2, -1]);
  });
});

describe('its users', () => {
  const x = np.arange(3);
  it('indexing: a bool list is a mask, booleans among integers are 0/1 (numpy), beyond-int32 literals are errors', () => {
    expect(v(x.index([true, false, true]))).toEqual([0, 2]);
    expect(v(x.at([true, false, true]).set(9))).toEqual([9, 1, 9]);
    expect(v(x.index([1, true]))).toEqual([1, 1]); // np.arange(3)[[1, True]] is [1, 1]
    // was wrapped to int32 (-1294967296) and clamped: a wrong answer
    expect(() => x.index([3000000000])).toThrow('x.index: index 0 must hold int32 integers, got 3000000000');
  });
  it('lax.gather/lax.scatter: bool indices are an error naming the function', () => {
    expect(() => lax.gather(np.array([10, 11, 12]), [[true], [false]], ELEMENTS, [1])).toThrow('lax.gather: indices must hold integers, got dtype bool');
    const dn = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
    expect(() => lax.scatter(np.zeros([3]), np.array([[true]]), np.ones([1]), dn)).toThrow('lax.scatter: indices must hold integers, got dtype bool');
    expect(v(lax.gather(np.array([10, 11, 12]), [[2], [0]], ELEMENTS, [1]))).toEqual([12, 10]);
  });
  it('shifts read a bool list as bools (0/1), as numpy', () => {
    const r = np.leftShift([true, false], 1);
    expect([r.dtype, v(r)]).toEqual(['int32', [2, 0]]);
  });
});
