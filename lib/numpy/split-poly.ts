/**
 * The split and stack variants (arraySplit, hsplit, vsplit, dsplit, dstack, columnStack,
 * atleast1d/2d/3d) and the polynomial helpers on coefficient vectors, highest power first
 * (polyval, polyadd, polysub, polymul, polyder, polyint), as numpy defines them.
 */
import { asArray, zeros, type ArrayLike } from '../array/create';
import type { NDArray } from '../array/ndarray';
import { fmtShape, ShapeError } from '../array/shape';
import { add, divide, multiply, subtract } from './math';
import { concatenate, expandDims, reshape, sliceAxis, split } from './manip';
import { convolve } from './sequences';
import { axisOf, cast, promote } from './util';

/**
 * Splits into `sections` parts that may differ by one in length (the first ones longer), or at indices.
 * @example np.arraySplit(np.arange(5), 2).map((a) => a.toArray()) // [[0, 1, 2], [3, 4]]
 */
export function arraySplit(x: ArrayLike, sections: number | readonly number[], axis = 0): NDArray[] {
  const a = asArray(x);
  if (typeof sections !== 'number') return split(a, sections, axis);
  if (!Number.isInteger(sections) || sections <= 0)
    throw new RangeError(`np.arraySplit: sections must be a positive integer, got ${sections}`);
  const n = a.shape[axisOf(axis, a.ndim)]!;
  const each = Math.floor(n / sections),
    extra = n % sections;
  const cuts: number[] = [];
  for (let i = 1, at = 0; i < sections; i++) cuts.push((at += each + (i <= extra ? 1 : 0)));
  return split(a, cuts, axis);
}

function needRank(a: NDArray, r: number, api: string): NDArray {
  if (a.ndim < r) throw new ShapeError(`np.${api} needs an array of rank >= ${r}, got shape ${fmtShape(a.shape)}`);
  return a;
}
/**
 * split along axis 1 (axis 0 for 1-d arrays).
 * @example np.hsplit(np.zeros([2, 4]), 2).map((a) => a.shape) // [[2, 2], [2, 2]]
 */
export const hsplit = (x: ArrayLike, sections: number | readonly number[]): NDArray[] => {
  const a = needRank(asArray(x), 1, 'hsplit');
  return split(a, sections, a.ndim === 1 ? 0 : 1);
};
/**
 * split along axis 0 (rank >= 2).
 * @example np.vsplit(np.zeros([4, 2]), 2).map((a) => a.shape) // [[2, 2], [2, 2]]
 */
export const vsplit = (x: ArrayLike, sections: number | readonly number[]): NDArray[] =>
  split(needRank(asArray(x), 2, 'vsplit'), sections, 0);
/**
 * split along axis 2 (rank >= 3).
 * @example np.dsplit(np.zeros([1, 1, 4]), 2).map((a) => a.shape) // [[1, 1, 2], [1, 1, 2]]
 */
export const dsplit = (x: ArrayLike, sections: number | readonly number[]): NDArray[] =>
  split(needRank(asArray(x), 3, 'dsplit'), sections, 2);

/**
 * At least one axis: a 0-d array becomes [1].
 * @example np.atleast1d(5).shape // [1]
 */
export const atleast1d = (x: ArrayLike): NDArray => {
  const a = asArray(x);
  return a.ndim >= 1 ? a : reshape(a, [1]);
};
/**
 * At least two axes: [n] becomes [1, n].
 * @example np.atleast2d([1, 2]).shape // [1, 2]
 */
export const atleast2d = (x: ArrayLike): NDArray => {
  const a = asArray(x);
  return a.ndim >= 2 ? a : reshape(a, [1, a.ndim === 0 ? 1 : a.shape[0]!]);
};
/**
 * At least three axes: [n] becomes [1, n, 1] and [m, n] becomes [m, n, 1], as numpy.
 * @example np.atleast3d([1, 2]).shape // [1, 2, 1]
 */
export const atleast3d = (x: ArrayLike): NDArray => {
  const a = asArray(x);
  if (a.ndim >= 3) return a;
  if (a.ndim === 2) return expandDims(a, 2);
  return reshape(a, [1, a.ndim === 0 ? 1 : a.shape[0]!, 1]);
};

/**
 * Stacks along a third axis (arrays made at least 3-d first).
 * @example np.dstack([[1, 2], [3, 4]]).shape // [1, 2, 2]
 */
export function dstack(xs: readonly ArrayLike[]): NDArray {
  if (xs.length === 0) throw new ShapeError('np.dstack needs at least one array');
  return concatenate(xs.map(atleast3d), 2);
}
/**
 * 1-d arrays become columns of a 2-d array; 2-d arrays are joined along axis 1.
 * @example np.columnStack([[1, 2], [3, 4]]).toArray() // [[1, 3], [2, 4]]
 */
export function columnStack(xs: readonly ArrayLike[]): NDArray {
  if (xs.length === 0) throw new ShapeError('np.columnStack needs at least one array');
  return concatenate(
    xs.map((x) => {
      const a = asArray(x);
      return a.ndim < 2 ? reshape(a, [-1, 1]) : a;
    }),
    1,
  );
}

/** A 1-d coefficient vector (a scalar counts as a constant polynomial). */
function coefficients(p: ArrayLike, name: string, api: string): NDArray {
  const a = asArray(p);
  if (a.ndim > 1)
    throw new ShapeError(`np.${api}: ${name} must be a 1-d coefficient vector (highest power first), got shape ${fmtShape(a.shape)}`);
  return atleast1d(a);
}

/**
 * The polynomial p (highest power first) at x, by Horner's rule: p[0] x^(n-1) + ... + p[n-1].
 * @example np.polyval([1, 2, 3], 2).item() // 11
 */
export function polyval(p: ArrayLike, x: ArrayLike): NDArray {
  const c = coefficients(p, 'p', 'polyval');
  const [, xs] = promote(c, x);
  let r = zeros(xs!.shape, xs!.dtype);
  for (let i = 0; i < c.shape[0]!; i++) r = add(multiply(r, xs!), reshape(sliceAxis(c, 0, i, i + 1), []));
  return r;
}

/** Two coefficient vectors aligned at their constant terms (the shorter padded with leading zeros). */
function aligned(a1: ArrayLike, a2: ArrayLike, api: string): [NDArray, NDArray] {
  const [p, q] = promote(coefficients(a1, 'a1', api), coefficients(a2, 'a2', api));
  const n = Math.max(p!.shape[0]!, q!.shape[0]!);
  const pad = (t: NDArray) => (t.shape[0] === n ? t : concatenate([zeros([n - t.shape[0]!], t.dtype), t], 0));
  return [pad(p!), pad(q!)];
}
/**
 * The sum of two polynomials given as coefficient vectors, highest power first (the shorter is padded at the front).
 * @example np.polyadd([1, 2], [1, 1, 1]).toArray() // [1, 2, 3]
 */
export const polyadd = (a1: ArrayLike, a2: ArrayLike): NDArray => add(...aligned(a1, a2, 'polyadd'));
/**
 * The difference `a1 - a2` of two polynomials given as coefficient vectors, highest power first.
 * @example np.polysub([1, 2], [1, 1, 1]).toArray() // [-1, 0, 1]
 */
export const polysub = (a1: ArrayLike, a2: ArrayLike): NDArray => subtract(...aligned(a1, a2, 'polysub'));
/**
 * The product polynomial: the convolution of the coefficients.
 * @example np.polymul([1, 1], [1, -1]).toArray() // [1, 0, -1]
 */
export const polymul = (a1: ArrayLike, a2: ArrayLike): NDArray =>
  convolve(coefficients(a1, 'a1', 'polymul'), coefficients(a2, 'a2', 'polymul'));

/**
 * The m-th derivative's coefficients.
 * @example np.polyder([1, 2, 3]).toArray() // [2, 2]
 */
export function polyder(p: ArrayLike, m = 1): NDArray {
  if (!Number.isInteger(m) || m < 0) throw new RangeError(`np.polyder: the order m must be a non-negative integer, got ${m}`);
  let c = coefficients(p, 'p', 'polyder');
  for (let k = 0; k < m; k++) {
    const n = c.shape[0]!;
    if (n <= 1) return zeros([1], c.dtype === 'bool' ? 'int32' : c.dtype);
    c = multiply(
      sliceAxis(c, 0, 0, n - 1),
      asArray(
        Array.from({ length: n - 1 }, (_, i) => n - 1 - i),
        c.dtype === 'bool' ? 'int32' : c.dtype,
      ),
    );
  }
  return c;
}

/**
 * The m-th antiderivative's coefficients, with integration constants k (one, or one per step; default 0).
 * @example np.polyint([3, 2]).toArray() // [1.5, 2, 0]
 */
export function polyint(p: ArrayLike, m = 1, k: number | readonly number[] = 0): NDArray {
  if (!Number.isInteger(m) || m < 0) throw new RangeError(`np.polyint: the order m must be a non-negative integer, got ${m}`);
  const ks = typeof k === 'number' ? Array.from({ length: m }, () => k) : [...k];
  if (ks.length !== m) throw new ShapeError(`np.polyint: k must hold one constant per integration (${m}), got ${ks.length}`);
  const c0 = coefficients(p, 'p', 'polyint');
  let c = c0.dtype === 'float32' || c0.dtype === 'float64' ? c0 : cast(c0, 'float64');
  for (let s = 0; s < m; s++) {
    const n = c.shape[0]!;
    const scaled = divide(
      c,
      asArray(
        Array.from({ length: n }, (_, i) => n - i),
        c.dtype,
      ),
    );
    c = concatenate([scaled, asArray([ks[s]!], c.dtype)], 0);
  }
  return c;
}
