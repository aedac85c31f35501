/**
 * Numerics at the edges: NaN, ±Infinity and -0 go through every primitive family as IEEE 754 says
 * (checked bit for bit, in float64 and float32, eagerly, under jit and under vmap), and reductions
 * of empty arrays give JAX's identities (sum 0, prod 1, max -inf, min +inf...) or JAX's errors
 * (np.max and argmax of an empty axis have no identity).
 */
import { describe, expect, it } from 'vitest';
import { jit, lax, np, pmax, pmin, psum, ShapeError, vmap, type NDArray } from '../lib';
import type { DType } from '../lib/array/dtype';

const bits = (a: NDArray): string[] => Array.from(a.data(), (v) => (Object.is(v, -0) ? '-0' : String(v)));
const want = (xs: readonly number[]): string[] => xs.map((v) => (Object.is(v, -0) ? '-0' : String(v)));
const vec = (xs: readonly number[], dtype: DType = 'float64'): NDArray => np.array({ data: xs, shape: [xs.length] }, dtype);

const NAN = NaN, INF = Infinity;
/** The special values every unary op is run on. */
const SPECIAL = [NAN, INF, -INF, 0, -0];

/**
 * Checks f eagerly, under jit (fused loops), and under vmap over a batch of two copies of the
 * arguments, bit for bit.
 */
function check(f: (...xs: NDArray[]) => NDArray, args: readonly NDArray[], expected: readonly number[], dtype?: DType): void {
  const eager = f(...args);
  expect(bits(eager)).toEqual(want(expected));
  if (dtype) expect(eager.dtype).toBe(dtype);
  expect(bits(jit(f)(...args))).toEqual(want(expected));
  expect(bits(vmap(f)(...args.map((a) => np.stack([a, a]))))).toEqual(want([...expected, ...expected]));
}

describe('NaN, ±Infinity and -0 through the elementwise primitives', () => {
  const unary: [string, (x: NDArray) => NDArray, number[]][] = [
    ['neg', lax.neg, [NAN, -INF, INF, -0, 0]],
    ['exp', lax.exp, [NAN, INF, 0, 1, 1]],
    ['log', lax.log, [NAN, INF, NAN, -INF, -INF]],
    ['log1p', lax.log1p, [NAN, INF, NAN, 0, -0]],
    ['expm1', lax.expm1, [NAN, INF, -1, 0, -0]],
    ['sin', lax.sin, [NAN, NAN, NAN, 0, -0]],
    ['cos', lax.cos, [NAN, NAN, NAN, 1, 1]],
    ['tan', lax.tan, [NAN, NAN, NAN, 0, -0]],
    ['tanh', lax.tanh, [NAN, 1, -1, 0, -0]],
    ['logistic', lax.logistic, [NAN, 1, 0, 0.5, 0.5]],
    ['sqrt', lax.sqrt, [NAN, INF, NAN, 0, -0]],
    ['rsqrt', lax.rsqrt, [NAN, 0, NAN, INF, -INF]],
    ['abs', lax.abs, [NAN, INF, INF, 0, 0]],
    ['sign', lax.sign, [NAN, 1, -1, 0, -0]],
    ['floor', lax.floor, [NAN, INF, -INF, 0, -0]],
    ['ceil', lax.ceil, [NAN, INF, -INF, 0, -0]],
    ['round away from zero', (x) => lax.round(x, 'awayFromZero'), [NAN, INF, -INF, 0, -0]],
    ['round half to even', (x) => lax.round(x, 'toEven'), [NAN, INF, -INF, 0, -0]],
  ];
  for (const dtype of ['float64', 'float32'] as const)
    it.each(unary)(`%s (${dtype})`, (_n, f, expected) => check(f, [vec(SPECIAL, dtype)], expected, dtype));

  const binary: [string, (x: NDArray, y: NDArray) => NDArray, number[], number[], number[]][] = [
    ['add', lax.add, [INF, NAN, INF, -0, 0], [-INF, 1, 1, -0, -0], [NAN, NAN, INF, -0, 0]],
    ['sub', lax.sub, [INF, NAN, -INF, -0, 0], [INF, 1, 1, 0, 0], [NAN, NAN, -INF, -0, 0]],
    ['mul', lax.mul, [0, NAN, INF, -0, -2], [INF, 0, -1, 1, 0], [NAN, NAN, -INF, -0, -0]],
    ['div', lax.div, [1, -1, 1, 0, INF], [0, 0, -0, 0, INF], [INF, -INF, -INF, NAN, NAN]],
    ['rem', lax.rem, [1, INF, 1, -0, -1], [0, 1, INF, 1, INF], [NAN, NAN, 1, -0, -1]],
    ['pow', lax.pow, [NAN, 0, 0, INF, 2], [0, -1, 0, -1, -INF], [1, INF, 1, 0, 0]],
    ['max', lax.max, [NAN, 1, INF, -INF, 2], [1, NAN, 1, 1, 3], [NAN, NAN, INF, 1, 3]],
    ['min', lax.min, [NAN, 1, INF, -INF, 2], [1, NAN, 1, 1, 3], [NAN, NAN, 1, -INF, 2]],
    ['atan2', lax.atan2, [0, -0, NAN, INF, 1], [-0, -0, 1, INF, 0], [Math.PI, -Math.PI, NAN, Math.PI / 4, Math.PI / 2]],
  ];
  it.each(binary)('%s', (_n, f, x, y, expected) => check(f, [vec(x), vec(y)], expected, 'float64'));

  it('comparisons with NaN are false (ne is true); -0 equals 0', () => {
    const x = vec([NAN, NAN, 1, -0]), y = vec([NAN, 1, NAN, 0]);
    check(lax.eq, [x, y], [0, 0, 0, 1], 'bool');
    check(lax.ne, [x, y], [1, 1, 1, 0], 'bool');
    for (const f of [lax.lt, lax.le, lax.gt, lax.ge]) check(f, [x, y], [0, 0, 0, f === lax.le || f === lax.ge ? 1 : 0], 'bool');
    check(np.isnan, [vec(SPECIAL)], [1, 0, 0, 0, 0], 'bool');
    check(np.isfinite, [vec(SPECIAL)], [0, 0, 0, 1, 1], 'bool');
  });

  it('select and convert pass NaN and -0 through; float to int saturates with NaN -> 0', () => {
    check((p, a, b) => lax.select(p, a, b), [vec([1, 0, 1], 'bool'), vec([NAN, 1, -0]), vec([2, -0, 3])], [NAN, -0, -0]);
    check((x) => lax.convertElementType(x, 'float32'), [vec([NAN, INF, -0, 1e39, -1e39])], [NAN, INF, -0, INF, -INF], 'float32');
    check((x) => lax.convertElementType(x, 'int32'), [vec(SPECIAL)], [0, 2147483647, -2147483648, 0, 0], 'int32');
    check((x) => lax.convertElementType(x, 'float64'), [vec([NAN, -0], 'float32')], [NAN, -0], 'float64');
  });

  it('float32 overflows to Infinity, int32 wraps around', () => {
    check((x) => np.multiply(x, 10), [vec([3e38, -3e38], 'float32')], [INF, -INF], 'float32');
    check((x) => lax.add(x, x), [vec([2147483647, -2147483648], 'int32')], [-2, 0], 'int32');
  });
});

describe('NaN, ±Infinity and -0 through the other families', () => {
  it('structural primitives copy every bit (NaN, -0, ±Infinity)', () => {
    const x = vec([NAN, -0, INF, -INF, 0, 1]);
    const m = np.reshape(x, [2, 3]);
    check((v) => np.reshape(np.transpose(np.reshape(v, [2, 3])), [6]), [x], [NAN, -INF, -0, 0, INF, 1]);
    check((v) => lax.rev(v, [0]), [x], [1, 0, -INF, INF, -0, NAN]);
    check((v) => lax.slice(v, [1], [6], [2]), [x], [-0, -INF, 1]);
    check((v) => lax.pad(v, -0, [[1, 0, 1]]), [vec([NAN, INF])], [-0, NAN, -0, INF]);
    check((v) => lax.concatenate([v, lax.neg(v)], 0), [vec([NAN, -0])], [NAN, -0, NAN, 0]);
    expect(bits(lax.broadcastInDim(vec([-0, NAN]), [2, 2], [1]))).toEqual(want([-0, NAN, -0, NAN]));
    expect(bits(np.squeeze(np.expandDims(m, 0)))).toEqual(bits(m));
  });

  it('sums and products propagate NaN; Inf - Inf and 0 * Inf are NaN; -0 sums to 0 from the identity', () => {
    check((v) => lax.reduceSum(v, [0]), [vec([1, NAN, 2])], [NAN]);
    check((v) => lax.reduceSum(v, [0]), [vec([INF, -INF])], [NAN]);
    check((v) => lax.reduceSum(v, [0]), [vec([INF, 1])], [INF]);
    check((v) => lax.reduceSum(v, [0]), [vec([-0, -0])], [0]); // folded from the identity +0, as XLA does
    check((v) => lax.reduceProd(v, [0]), [vec([0, INF])], [NAN]);
    check((v) => lax.reduceProd(v, [0]), [vec([-1, 0])], [-0]);
  });

  it('max and min reductions propagate NaN (as lax.max does)', () => {
    check((v) => lax.reduceMax(v, [0]), [vec([1, NAN, 2])], [NAN]);
    check((v) => lax.reduceMin(v, [0]), [vec([1, NAN, -2])], [NAN]);
    check((v) => lax.reduceMax(v, [0]), [vec([-INF, -INF])], [-INF]);
    check((v) => np.max(v), [vec([INF, 1])], [INF]);
  });

  it('argmax/argmin: the first NaN wins', () => {
    check((v) => np.argmax(v), [vec([1, NAN, 2, NAN])], [1], 'int32');
    check((v) => np.argmin(v), [vec([1, -INF, NAN])], [2], 'int32');
    check((v) => np.argmax(v), [vec([-INF, -INF])], [0], 'int32');
  });

  it('scans carry NaN forward; sorts put NaN last and keep -0 before 0 (stable)', () => {
    check((v) => lax.cumsum(v, 0), [vec([1, NAN, 2])], [1, NAN, NAN]);
    check((v) => lax.cumsum(v, 0), [vec([INF, -INF, 1])], [INF, NAN, NAN]);
    check((v) => lax.cummax(v, 0), [vec([1, NAN, 3])], [1, NAN, NAN]);
    check((v) => lax.cummin(v, 0), [vec([1, NAN, 0])], [1, NAN, NAN]);
    check((v) => lax.cumprod(v, 0), [vec([2, INF, 0])], [2, INF, NAN]);
    check((v) => np.sort(v), [vec([NAN, 1, -INF, INF, -0, 0])], [-INF, -0, 0, 1, INF, NAN]);
    check((v) => np.sort(v), [vec([0, -0])], [0, -0]);
    check((v) => np.argsort(v), [vec([NAN, 1, -INF, INF])], [2, 1, 3, 0], 'int32');
  });

  it('dot products: 0 * Inf and NaN make NaN, Inf survives an ordinary sum', () => {
    check((a, b) => np.dot(a, b), [vec([INF, 0]), vec([0, 1])], [NAN]);
    check((a, b) => np.dot(a, b), [vec([1, NAN]), vec([0, 0])], [NAN]);
    check((a, b) => np.dot(a, b), [vec([INF, 1]), vec([1, 1])], [INF]);
    expect(bits(np.matmul(np.array([[INF, 1], [1, 1]]), np.array([[1, 0], [-1, 0]])))).toEqual(want([INF, NAN, 0, 0]));
  });

  it('gather copies NaN and -0; scatterAdd adds NaN and Infinity in', () => {
    const idx = np.array([2, 0, 0], 'int32');
    check((v) => lax.gather(v, idx, 0), [vec([NAN, 1, -0])], [-0, NAN, NAN]);
    check((v) => lax.scatterAdd(v, idx, vec([NAN, INF, -INF]), 0), [vec([1, 2, 3])], [NAN, 2, NAN]);
    check((v) => lax.dynamicSlice(v, [1], [2]), [vec([0, -0, NAN])], [-0, NAN]);
  });

  it('collectives: psum/pmax/pmin over a named axis propagate NaN and Infinity', () => {
    const x = vec([1, NAN, 2]);
    expect(bits(vmap((v: NDArray) => psum(v, 'i'), { axisName: 'i' })(x))).toEqual(want([NAN, NAN, NAN]));
    expect(bits(vmap((v: NDArray) => pmax(v, 'i'), { axisName: 'i' })(x))).toEqual(want([NAN, NAN, NAN]));
    expect(bits(vmap((v: NDArray) => pmin(v, 'i'), { axisName: 'i' })(vec([1, -INF, 2])))).toEqual(want([-INF, -INF, -INF]));
    expect(bits(vmap((v: NDArray) => psum(v, 'i'), { axisName: 'i' })(vec([INF, -INF])))).toEqual(want([NAN, NAN]));
  });
});

describe('known deviations from IEEE 754 / JAX (these document bugs: each flips to a failure once fixed)', () => {
  it('pow(1, y) is 1 for every y, NaN included, and pow(-1, ±Infinity) is 1 (IEEE pow; JS Math.pow gives NaN)', () => {
    expect(bits(lax.pow(vec([1, 1, -1, 1]), vec([NAN, INF, -INF, -INF])))).toEqual(want([1, 1, 1, 1]));
  });
  it('converting NaN to bool gives true (NaN != 0, as in JAX and numpy); so np.where(NaN, a, b) picks a', () => {
    expect(lax.convertElementType(vec([NAN]), 'bool').item()).toBe(true);
    expect(np.where(vec([NAN]), 1, 2).item()).toBe(1);
  });
});

describe('reductions of empty arrays: the identities JAX gives, or its errors', () => {
  const empty = (dtype: DType = 'float64') => np.zeros([0], dtype);

  it('sum is 0 and prod is 1, in every numeric dtype, and along an empty axis of a non-empty array', () => {
    for (const dtype of ['float64', 'float32', 'int32'] as const) {
      expect(bits(np.sum(empty(dtype)))).toEqual(['0']);
      expect(np.sum(empty(dtype)).dtype).toBe(dtype);
      expect(bits(np.prod(empty(dtype)))).toEqual(['1']);
    }
    expect(np.sum(empty('bool')).toArray()).toBe(0);
    expect(np.sum(np.zeros([0, 3]), 0).toArray()).toEqual([0, 0, 0]);
    expect(np.prod(np.zeros([2, 0]), 1).toArray()).toEqual([1, 1]);
    expect(np.sum(np.zeros([2, 0]), 0).shape).toEqual([0]);
  });

  it('lax.reduceMax is -inf (the lowest value of the dtype), lax.reduceMin +inf (the highest)', () => {
    expect(bits(lax.reduceMax(empty(), [0]))).toEqual(['-Infinity']);
    expect(bits(lax.reduceMax(empty('float32'), [0]))).toEqual(['-Infinity']);
    expect(bits(lax.reduceMin(empty(), [0]))).toEqual(['Infinity']);
    expect(lax.reduceMax(empty('int32'), [0]).item()).toBe(-2147483648);
    expect(lax.reduceMin(empty('int32'), [0]).item()).toBe(2147483647);
    expect(lax.reduceMax(empty('bool'), [0]).item()).toBe(false);
    expect(lax.reduceMin(empty('bool'), [0]).item()).toBe(true);
    expect(bits(lax.reduceMax(np.zeros([2, 0]), [1]))).toEqual(['-Infinity', '-Infinity']);
  });

  it('np.any of nothing is false, np.all of nothing is true, np.mean of nothing is NaN', () => {
    expect(np.any(empty()).item()).toBe(false);
    expect(np.all(empty()).item()).toBe(true);
    expect(bits(np.mean(empty()))).toEqual(['NaN']);
    expect(bits(np.mean(np.zeros([0, 2]), 0))).toEqual(['NaN', 'NaN']);
  });

  it('np.max/np.min of an empty axis is an error; of a non-empty axis of an empty array it is an empty result', () => {
    for (const f of [np.max, np.min, np.amax, np.amin]) {
      expect(() => f(empty())).toThrow(ShapeError);
      expect(() => f(np.zeros([0, 3]), 0)).toThrow(/zero-size array to reduction operation (max|min) which has no identity/);
      expect(f(np.zeros([0, 3]), 1).shape).toEqual([0]);
    }
  });

  it('argmax/argmin of an empty axis is an error, in np and in lax', () => {
    expect(() => np.argmax(empty())).toThrow(ShapeError);
    expect(() => np.argmin(np.zeros([3, 0]), 1)).toThrow(/argmin of an empty axis: axis 1 of shape \(3, 0\) has size 0/);
    expect(() => lax.argmax(np.zeros([0, 2]), 0)).toThrow(ShapeError);
    expect(np.argmax(np.zeros([0, 2]), 1).shape).toEqual([0]);
  });

  it('empty scans and sorts are empty; empty dot products are 0', () => {
    expect(np.cumsum(empty()).shape).toEqual([0]);
    expect(np.sort(empty()).shape).toEqual([0]);
    expect(bits(np.dot(empty(), empty()))).toEqual(['0']);
    expect(np.matmul(np.zeros([2, 0]), np.zeros([0, 3])).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  it('the identities hold under vmap and jit too (a batch of empty rows, and an empty batch)', () => {
    expect(bits(vmap((r: NDArray) => lax.reduceMax(r, [0]))(np.zeros([3, 0])))).toEqual(['-Infinity', '-Infinity', '-Infinity']);
    expect(vmap((r: NDArray) => np.prod(r))(np.zeros([2, 0])).toArray()).toEqual([1, 1]);
    expect(vmap((r: NDArray) => np.sum(r))(np.zeros([0, 4])).shape).toEqual([0]);
    expect(jit((r: NDArray) => np.sum(r))(empty()).item()).toBe(0);
    expect(() => vmap((r: NDArray) => np.max(r))(np.zeros([3, 0]))).toThrow(ShapeError);
    expect(() => jit((r: NDArray) => np.argmax(r))(empty())).toThrow(ShapeError);
  });
});
