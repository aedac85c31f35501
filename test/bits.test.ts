/**
 * uint32 and the bit primitives, eagerly and fused: known answers written from XLA's semantics (so a
 * wrong scalar function, shared by the kernel and the loop, is still caught), JAX's promotion,
 * conversions, printing, errors, and generated loops (>= 2048 elements, and jit's fused chains)
 * equal to the kernels bit for bit. (Laws: properties/bits-cases.ts, run with the lax cases.)
 */
import { describe, expect, it } from 'vitest';
import { grad, jit, lax, np, threadCount, threadsReady, useThreads, type NDArray } from '../lib';
import { bind } from '../lib/array/ndarray';

const u = (xs: number[]) => np.array(xs, 'uint32');
const vals = (x: NDArray): number[] => Array.from(x.data(), Number);
const shl = (a: NDArray, b: NDArray) => bind('shift_left', [a, b]);
const shrl = (a: NDArray, b: NDArray) => bind('shift_right_logical', [a, b]);
const shra = (a: NDArray, b: NDArray) => bind('shift_right_arithmetic', [a, b]);
const bitcast = (a: NDArray, dtype: 'int32' | 'uint32' | 'float32') => bind('bitcast_convert_type', [a], { dtype });

describe('uint32', () => {
  it('stores, prints and converts as numpy/XLA do', () => {
    expect(u([0, 1, 4294967295]).toString()).toBe('[         0          1 4294967295]');
    expect(vals(np.array([-1, 2 ** 32 + 5], 'uint32'))).toEqual([4294967295, 5]); // JS integers wrap
    expect(vals(np.astype(u([4294967295, 2147483648, 7]), 'int32'))).toEqual([-1, -2147483648, 7]); // int<->uint wraps
    expect(vals(np.astype(np.array([-1, 5], 'int32'), 'uint32'))).toEqual([4294967295, 5]);
    expect(vals(np.astype(np.array([-1.5, 3.9, 5e9, NaN]), 'uint32'))).toEqual([0, 3, 4294967295, 0]); // floats saturate
    expect(vals(np.astype(np.array([3e9]), 'int32'))).toEqual([2147483647]);
    expect(vals(np.astype(u([4294967295]), 'float32'))).toEqual([4294967296]);
    expect(np.array(new Uint32Array([1, 2])).dtype).toBe('uint32');
  });

  it("promotes as JAX: uint32 with weak ints stays uint32, with int32 joins at int32 (no int64), with floats is the float", () => {
    expect(np.add(u([1]), 1).dtype).toBe('uint32');
    expect(np.add(u([1]), np.array([1], 'int32')).dtype).toBe('int32');
    expect(np.add(u([1]), np.array([true])).dtype).toBe('uint32');
    expect(np.add(u([1]), np.array([1], 'float32')).dtype).toBe('float32');
    expect(np.add(u([1]), 0.5).dtype).toBe('float64');
  });

  it('add, sub, mul, neg and not wrap modulo 2^32', () => {
    expect(vals(np.add(u([4294967295]), u([2])))).toEqual([1]);
    expect(vals(np.subtract(u([1]), u([2])))).toEqual([4294967295]);
    expect(vals(np.multiply(u([4294967295, 0x9e3779b9]), u([4294967295, 0x85ebca6b])))).toEqual([1, Number((0x9e3779b9n * 0x85ebca6bn) % 2n ** 32n)]);
    expect(vals(lax.neg(u([1])))).toEqual([4294967295]);
    expect(vals(lax.not(u([0])))).toEqual([4294967295]);
    expect(vals(lax.xor(u([0xffffffff]), u([0x0f0f0f0f])))).toEqual([0xf0f0f0f0]);
    expect(vals(np.greater(u([0x80000000]), u([1])))).toEqual([1]); // compared unsigned
  });
});

describe('shifts (XLA: the amount is unsigned, and 32 or more shifts every bit out)', () => {
  it('int32', () => {
    const i = (xs: number[]) => np.array(xs, 'int32');
    expect(vals(shl(i([1, 1, 1, 3]), i([0, 31, 32, -1])))).toEqual([1, -2147483648, 0, 0]);
    expect(vals(shrl(i([-1, -1, -8, 8]), i([28, 32, 1, -3])))).toEqual([15, 0, 2147483644, 0]);
    expect(vals(shra(i([-8, -8, 8, -1]), i([1, 40, 40, -1])))).toEqual([-4, -1, 0, -1]);
  });
  it('uint32', () => {
    expect(vals(shl(u([0xffffffff, 1]), u([4, 4294967295])))).toEqual([0xfffffff0, 0]);
    expect(vals(shrl(u([0x80000000, 0x80000000]), u([31, 32])))).toEqual([1, 0]);
    expect(vals(shra(u([0x80000000, 0x80000000, 0x40000000]), u([4, 33, 33])))).toEqual([0xf8000000, 0xffffffff, 0]);
  });
  it('rejects floats and mixed dtypes, naming both arguments', () => {
    expect(() => shl(np.array([1.5]), np.array([1]))).toThrow(/shift_left takes int32 or uint32 arrays, got float64\(1,\)/);
    expect(() => shl(u([1]), np.array([1], 'int32'))).toThrow(/shift_left requires arguments of equal shapes and dtypes, got uint32\(1,\) and int32\(1,\)/);
    expect(() => shl(u([1, 2]), u([1]))).toThrow(/uint32\(2,\) and uint32\(1,\)/);
  });
});

describe('bitcast_convert_type', () => {
  it('reads the same four bytes as another type', () => {
    expect(vals(bitcast(np.array([1, -2, 0.5], 'float32'), 'uint32'))).toEqual([0x3f800000, 0xc0000000, 0x3f000000]);
    expect(vals(bitcast(u([0x3f800000, 0x7f800000]), 'float32'))).toEqual([1, Infinity]);
    expect(vals(bitcast(u([0xffffffff]), 'int32'))).toEqual([-1]);
    expect(Object.is(vals(bitcast(u([0x80000000]), 'float32'))[0], -0)).toBe(true);
  });
  it('rejects other widths', () => {
    expect(() => bitcast(np.array([1]), 'uint32')).toThrow(/bitcast_convert_type converts between int32, uint32, float32 \(same width\), got float64\(1,\) to uint32/);
  });
  it('has no derivative (zero, as JAX)', () => {
    expect(grad((x: NDArray) => np.sum(np.astype(bitcast(x, 'uint32'), 'float32')))(np.array([1, 2], 'float32')).toArray()).toEqual([0, 0]);
  });
});

describe('threefry2x32 over threads', () => {
  it('a large xor hash split over the worker threads equals one thread, and the pair form', async () => {
    await threadsReady();
    const n = 3 * 2 ** 16 + 5;
    const lo = np.array(Uint32Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 0));
    const k = (v: number) => np.full([n], v, 'uint32');
    const xor = () => bind('threefry2x32', [k(0x13198a2e), k(0x03707344), k(7), lo], { output: 'xor' }).data();
    const many = xor(), before = threadCount();
    useThreads(1);
    const one = xor();
    useThreads(before);
    expect(Array.from(many)).toEqual(Array.from(one));
    const pair = bind('threefry2x32', [k(0x13198a2e), k(0x03707344), k(7), lo], { output: 'pair' }).data();
    for (let i = 0; i < n; i += 997) expect(many[i]).toBe((pair[2 * i]! ^ pair[2 * i + 1]!) >>> 0);
  });
});

describe('generated loops equal the kernels', () => {
  const n = 4099; // past the eager loop threshold (2048), and not a multiple of 8
  const a = np.array(Uint32Array.from({ length: n }, (_, i) => (i * 0x9e3779b9) >>> 0));
  const b = np.array(Uint32Array.from({ length: n }, (_, i) => i % 37)); // amounts 0..36: some out of range

  it('eager loops over 4099 elements give the per-element known answers', () => {
    const av = vals(a), bv = vals(b);
    expect(vals(shl(a, b))).toEqual(av.map((x, i) => (bv[i]! >= 32 ? 0 : (x << bv[i]!) >>> 0)));
    expect(vals(shrl(a, b))).toEqual(av.map((x, i) => (bv[i]! >= 32 ? 0 : x >>> bv[i]!)));
    expect(vals(shra(a, b))).toEqual(av.map((x, i) => ((bv[i]! >= 32 ? x >> 31 : x >> bv[i]!) >>> 0)));
    expect(vals(np.multiply(a, a))).toEqual(av.map((x) => Math.imul(x, x) >>> 0));
    expect(vals(np.add(a, a))).toEqual(av.map((x) => (x + x) >>> 0));
  });

  it("jit fuses a uniform's bit chain into one loop with the eager bits", () => {
    const f = (x: NDArray) => np.subtract(bitcast(np.bitwiseOr(shrl(x, np.full(x.shape, 9, 'uint32')), np.full(x.shape, 0x3f800000, 'uint32')), 'float32'), 1);
    const eager = vals(f(a));
    expect(vals(jit(f)(a))).toEqual(eager);
    expect(eager.every((v) => v >= 0 && v < 1)).toBe(true);
    const rot = (x: NDArray) => np.bitwiseOr(shl(x, np.full(x.shape, 13, 'uint32')), shrl(x, np.full(x.shape, 19, 'uint32')));
    expect(vals(jit(rot)(a))).toEqual(vals(a).map((x) => ((x << 13) | (x >>> 19)) >>> 0));
  });
});
