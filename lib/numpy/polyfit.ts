/**
 * Least-squares polynomial fit, as JAX's jnp.polyfit: the Vandermonde system (rows weighted by w),
 * its columns scaled to unit norm for conditioning, solved by the SVD least squares of
 * np.linalg.lstsq with rcond = len(x)·eps by default. No `roots` beside it: that needs the
 * eigenvalues of a non-symmetric companion matrix, complex in general, and there are neither a
 * general eigensolver nor complex dtypes here.
 */
import type { ArrayLike } from '../array/create';
import type { NDArray } from '../array/ndarray';
import { fmtShape, ShapeError } from '../array/shape';
import { finfo } from './floats';
import { lstsq } from './linalg-decomp';
import { expandDims } from './manip';
import { divide, multiply, sqrt } from './math';
import { sum } from './reductions';
import { vander } from './sequences';
import { promote, toFloat } from './util';

export interface PolyfitOptions {
  /** Singular values below rcond · s_max are dropped (default len(x) · eps of the dtype). */
  readonly rcond?: number;
  /** Weights of the unsquared residuals (shape [M]). */
  readonly w?: ArrayLike;
}

/** polyfit's result with `full`: the coefficients and lstsq's diagnostics. */
export interface PolyfitFull {
  readonly p: NDArray;
  readonly residuals: NDArray;
  readonly rank: NDArray;
  readonly s: NDArray;
  readonly rcond: number;
}

/**
 * The coefficients (highest power first, shape [deg + 1] or [deg + 1, K]) of the degree-`deg`
 * polynomial fitting y [M] (or [M, K]) at x [M] in the least-squares sense.
 * @example np.polyfit([0, 1, 2, 3], [1, 0, 3, 10], 2).toArray() // [2, -3, 1] (to rounding)
 */
export function polyfit(x: ArrayLike, y: ArrayLike, deg: number, opts?: PolyfitOptions & { readonly full?: false }): NDArray;
export function polyfit(x: ArrayLike, y: ArrayLike, deg: number, opts: PolyfitOptions & { readonly full: true }): PolyfitFull;
export function polyfit(x: ArrayLike, y: ArrayLike, deg: number, opts: PolyfitOptions & { readonly full?: boolean } = {}): NDArray | PolyfitFull {
  if (!Number.isInteger(deg) || deg < 0) throw new RangeError(`np.polyfit: deg must be a non-negative integer, got ${String(deg)}`);
  const [xs, ys] = promote(toFloat(x), toFloat(y));
  if (xs!.ndim !== 1 || xs!.shape[0] === 0) throw new ShapeError(`np.polyfit: x must be a non-empty 1-d array, got shape ${fmtShape(xs!.shape)}`);
  if (ys!.ndim < 1 || ys!.ndim > 2 || ys!.shape[0] !== xs!.shape[0])
    throw new ShapeError(`np.polyfit: y must be [${xs!.shape[0]}] or [${xs!.shape[0]}, K] for x of shape ${fmtShape(xs!.shape)}, got shape ${fmtShape(ys!.shape)}`);
  const rcond = opts.rcond ?? xs!.shape[0]! * finfo(xs!.dtype).eps;
  let lhs = vander(xs!, deg + 1);
  let rhs = ys!;
  if (opts.w !== undefined) {
    const w = toFloat(opts.w);
    if (w.ndim !== 1 || w.shape[0] !== xs!.shape[0])
      throw new ShapeError(`np.polyfit: w must be 1-d of x's length ${xs!.shape[0]}, got shape ${fmtShape(w.shape)}`);
    lhs = multiply(lhs, expandDims(w, 1));
    rhs = multiply(rhs, rhs.ndim === 2 ? expandDims(w, 1) : w);
  }
  const scale = sqrt(sum(multiply(lhs, lhs), 0));
  const fit = lstsq(divide(lhs, scale), rhs, rcond);
  const p = divide(fit.x, fit.x.ndim === 2 ? expandDims(scale, 1) : scale);
  return opts.full ? { p, residuals: fit.residuals, rank: fit.rank, s: fit.s, rcond } : p;
}
