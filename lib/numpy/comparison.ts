/** Closeness and equality of whole arrays: isclose, allclose, arrayEqual, arrayEquiv. */
import { asArray, type ArrayLike } from '../array/create';
import { isFloat } from '../array/dtype';
import type { NDArray } from '../array/ndarray';
import { broadcastShapes, shapesEqual } from '../array/shape';
import { abs, add, equal, isfinite, isnan, lessEqual, logicalAnd, logicalOr, multiply, subtract, where } from './math';
import { all } from './reductions';
import { promoteBroadcast } from './util';

export interface IsCloseOptions {
  /** Relative tolerance, times |b| (default 1e-5). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-8). */
  readonly atol?: number;
  /** Whether NaN is close to NaN (default false). */
  readonly equalNan?: boolean;
}

/**
 * |a - b| <= atol + rtol * |b| elementwise (not symmetric, as numpy); equal infinities are close.
 * @example np.isclose([1, 2], [1 + 1e-9, 2.1]).toArray() // [true, false]
 */
export function isclose(a: ArrayLike, b: ArrayLike, opts: IsCloseOptions = {}): NDArray {
  const [x, y] = promoteBroadcast(a, b);
  if (!isFloat(x!.dtype)) return equal(x!, y!);
  const near = lessEqual(abs(subtract(x!, y!)), add(opts.atol ?? 1e-8, multiply(opts.rtol ?? 1e-5, abs(y!))));
  // infinities are close only to themselves (inf - -inf would pass the tolerance test)
  const close = where(logicalAnd(isfinite(x!), isfinite(y!)), near, equal(x!, y!));
  return opts.equalNan ? logicalOr(close, logicalAnd(isnan(x!), isnan(y!))) : close;
}

/**
 * Whether every element is close (a 0-d bool array).
 * @example np.allclose([1, 2], [1, 2 + 1e-9]).item() // true
 */
export const allclose = (a: ArrayLike, b: ArrayLike, opts: IsCloseOptions = {}): NDArray => all(isclose(a, b, opts));

/**
 * Whether the shapes are equal and every element is equal (NaN equal to NaN with equalNan); a 0-d bool array.
 * @example np.arrayEqual([1, 2], [1, 2]).item() // true
 */
export function arrayEqual(a1: ArrayLike, a2: ArrayLike, equalNan = false): NDArray {
  const x = asArray(a1),
    y = asArray(a2);
  if (!shapesEqual(x.shape, y.shape)) return asArray(false);
  return allEqual(x, y, equalNan);
}

/**
 * Whether the arrays broadcast together and are equal everywhere (a 0-d bool array).
 * @example np.arrayEquiv([1, 2], [[1, 2], [1, 2]]).item() // true
 */
export function arrayEquiv(a1: ArrayLike, a2: ArrayLike): NDArray {
  const x = asArray(a1),
    y = asArray(a2);
  try {
    broadcastShapes(x.shape, y.shape);
  } catch {
    return asArray(false);
  }
  return allEqual(x, y, false);
}

function allEqual(x: NDArray, y: NDArray, equalNan: boolean): NDArray {
  const [a, b] = promoteBroadcast(x, y);
  const eq = equal(a!, b!);
  return all(equalNan && isFloat(a!.dtype) ? logicalOr(eq, logicalAnd(isnan(a!), isnan(b!))) : eq);
}
