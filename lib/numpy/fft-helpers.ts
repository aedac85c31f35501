/** The DFT's sample frequencies and the zero-frequency shifts of np.fft (see ./fft). */
import { array, asArray, type ArrayLike } from '../array/create';
import type { DType } from '../array/dtype';
import { sliceAxis } from './manip';
import { bind, type NDArray } from '../array/ndarray';
import { fmtShape, range, ShapeError } from '../array/shape';
import { isComplexPair, type ComplexPair } from './fft-core';

function checkLength(n: number, d: number, fn: string): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new ShapeError(`${fn}: n must be a positive integer, got ${String(n)}`);
  if (typeof d !== 'number' || d === 0 || !Number.isFinite(d)) throw new TypeError(`${fn}: d must be a finite nonzero number, got ${String(d)}`);
}

/** numpy's formula: integers times val = 1/(n d), in float64, then cast to `dtype`. */
const frequencies = (ks: readonly number[], n: number, d: number, dtype: DType): NDArray => {
  const val = 1 / (n * d);
  return array({ data: Float64Array.from(ks, (k) => k * val), shape: [ks.length] }, dtype);
};

/**
 * The frequencies of the DFT's terms for n samples spaced `d` apart: [0, 1, ..., (n-1)/2, -n/2, ..., -1] / (n d).
 * @example np.fft.fftfreq(4).toArray() // [0, 0.25, -0.5, -0.25]
 */
export function fftfreq(n: number, d = 1, opts: { readonly dtype?: DType } = {}): NDArray {
  checkLength(n, d, 'np.fft.fftfreq');
  const pos = Math.floor((n - 1) / 2) + 1;
  return frequencies(range(n).map((i) => (i < pos ? i : i - n)), n, d, opts.dtype ?? 'float64');
}

/**
 * The frequencies of `rfft`'s terms: [0, 1, ..., n/2] / (n d).
 * @example np.fft.rfftfreq(4).toArray() // [0, 0.25, 0.5]
 */
export function rfftfreq(n: number, d = 1, opts: { readonly dtype?: DType } = {}): NDArray {
  checkLength(n, d, 'np.fft.rfftfreq');
  return frequencies(range(Math.floor(n / 2) + 1), n, d, opts.dtype ?? 'float64');
}

/** numpy's roll of `x` by `shift(len)` along each of `axes` (default all), as slices and a concatenate. */
function rollEach(x: NDArray, axes: number | readonly number[] | null | undefined, shift: (len: number) => number, fn: string): NDArray {
  const list = axes === null || axes === undefined ? range(x.ndim) : typeof axes === 'number' ? [axes] : axes;
  let out = x;
  for (const a of list) {
    if (typeof a !== 'number' || !Number.isInteger(a) || a < -x.ndim || a >= x.ndim)
      throw new ShapeError(`${fn}: axis ${String(a)} is out of bounds for an array of shape ${fmtShape(x.shape)}`);
    const ax = a < 0 ? a + x.ndim : a;
    const len = x.shape[ax]!;
    const cut = len === 0 ? 0 : (((len - shift(len)) % len) + len) % len; // out[i] = x[(i - shift) mod len]
    if (cut === 0) continue;
    out = bind('concatenate', [sliceAxis(out, ax, cut, len), sliceAxis(out, ax, 0, cut)], { dimension: ax });
  }
  return out;
}

const shifted = (shift: (len: number) => number, fn: string) => {
  function f(x: ComplexPair, axes?: number | readonly number[] | null): ComplexPair;
  function f(x: ArrayLike, axes?: number | readonly number[] | null): NDArray;
  function f(x: ArrayLike | ComplexPair, axes?: number | readonly number[] | null): NDArray | ComplexPair {
    if (isComplexPair(x))
      return { real: rollEach(asArray(x.real), axes, shift, fn), imag: rollEach(asArray(x.imag), axes, shift, fn) };
    return rollEach(asArray(x), axes, shift, fn);
  }
  return f;
};

/**
 * Moves the zero-frequency term to the centre: numpy's roll by len/2 along each of `axes` (default all);
 * a {@link ComplexPair} shifts both parts.
 * @example np.fft.fftshift(np.fft.fftfreq(5)).toArray() // [-0.4, -0.2, 0, 0.2, 0.4]
 */
export const fftshift = shifted((len) => Math.floor(len / 2), 'np.fft.fftshift');
/**
 * The inverse of `fftshift` (they differ for odd lengths): a roll by -len/2.
 * @example np.fft.ifftshift([-2, -1, 0, 1, 2]).toArray() // [0, 1, 2, -2, -1]
 */
export const ifftshift = shifted((len) => -Math.floor(len / 2), 'np.fft.ifftshift');
