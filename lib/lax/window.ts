/**
 * `lax.reduceWindow`: JAX's reduce_window for the monoids it recognises (lax.add, lax.max and
 * lax.min), with strides, 'SAME' | 'SAME_LOWER' | 'VALID' or explicit padding, and base/window dilation.
 */
import { asArray, type ArrayLike } from '../array/create';
import type { DType } from '../array/dtype';
import { bind, isNDArray, type NDArray } from '../array/ndarray';
import type { Primitive } from '../array/primitives';
import { dilateDim, type WindowParams } from '../array/primitives/window';
import { fmtShape, ShapeError } from '../array/shape';
import { padtypeToPads, type Padding } from './conv';
import { add, max, min } from './index';

/** base_dilation and window_dilation, as JAX's keyword arguments. */
export interface ReduceWindowOptions {
  readonly baseDilation?: readonly number[];
  readonly windowDilation?: readonly number[];
}

type Computation = (x: ArrayLike, y: ArrayLike) => NDArray;

const lowest = (d: DType) => (d === 'int32' ? -2147483648 : d === 'bool' || d === 'uint32' ? 0 : -Infinity);
const highest = (d: DType) => (d === 'int32' ? 2147483647 : d === 'bool' ? 1 : d === 'uint32' ? 4294967295 : Infinity);

/** The monoid primitive of a computation and whether a JS init value is its identity for `dtype`. */
function monoid(computation: unknown): { prim: Primitive; isIdentity: (v: number, d: DType) => boolean } | undefined {
  if (computation === add) return { prim: 'reduce_window_sum', isIdentity: (v) => v === 0 };
  if (computation === max) return { prim: 'reduce_window_max', isIdentity: (v, d) => v === -Infinity || v === lowest(d) };
  if (computation === min) return { prim: 'reduce_window_min', isIdentity: (v, d) => v === Infinity || v === highest(d) };
  return undefined;
}

const list = (v: unknown): string => (Array.isArray(v) ? fmtShape(v) : String(v));

/**
 * `reduceWindow(operand, initValue, computation, windowDimensions, windowStrides, padding)`: reduces
 * every window of `operand` with `computation` (lax.add, lax.max or lax.min, recognised by
 * identity). The window has one entry per operand dimension; padding is 'SAME', 'SAME_LOWER',
 * 'VALID' (JAX's padtype_to_pads on the undilated operand and the dilated window) or one (lo, hi) pair per
 * dimension. Padding and dilation holes take no part in a window. An `initValue` that is not the
 * computation's identity (0, -Infinity, Infinity, or the dtype's extreme) is combined once with each
 * window's result, as XLA folds it in (exactly for max/min; for add, up to the order of that one sum).
 * The 7th argument is `baseDilation` (JAX's positional order, then `windowDilation`) or an options object.
 * @example lax.reduceWindow(x, -Infinity, lax.max, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID') // 2x2 max pooling, NHWC
 */
export function reduceWindow(
  operand: ArrayLike,
  initValue: ArrayLike,
  computation: Computation,
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  padding: Padding,
  baseDilation?: readonly number[] | ReduceWindowOptions,
  windowDilation?: readonly number[],
): NDArray {
  const x = asArray(operand);
  const m = monoid(computation);
  if (m === undefined) {
    const name = typeof computation === 'function' ? computation.name || 'an anonymous function' : String(computation);
    throw new TypeError(`reduceWindow: computation must be lax.add, lax.max or lax.min (recognised by identity), got ${name}`);
  }
  const opts: ReduceWindowOptions =
    Array.isArray(baseDilation) || baseDilation === undefined
      ? { baseDilation: baseDilation as readonly number[] | undefined, windowDilation }
      : (baseDilation as ReduceWindowOptions);
  const nd = x.ndim;
  const ones = x.shape.map(() => 1);
  for (const [what, v] of [
    ['windowDimensions', windowDimensions],
    ['windowStrides', windowStrides],
  ] as const)
    if (!Array.isArray(v) || v.length !== nd)
      throw new ShapeError(
        `reduceWindow: ${what} ${list(v)} must have one entry per operand dimension (operand shape ${fmtShape(x.shape)}, rank ${nd})`,
      );
  if (typeof padding === 'string' && typeof padding.toUpperCase === 'function') padding = padding.toUpperCase() as Padding;
  else if (!Array.isArray(padding) || padding.length !== nd)
    throw new ShapeError(
      `reduceWindow: padding ${JSON.stringify(padding)} must be 'SAME', 'SAME_LOWER', 'VALID' or one (lo, hi) pair per operand dimension (operand shape ${fmtShape(x.shape)}, rank ${nd})`,
    );
  // JAX's padtype_to_pads sees the operand undilated and the window dilated
  const wdil = [...(opts.windowDilation ?? ones)];
  const params: WindowParams = {
    windowDimensions: [...windowDimensions],
    windowStrides: [...windowStrides],
    padding: padtypeToPads(
      x.shape,
      windowDimensions.map((k, i) => dilateDim(k, wdil[i]!)),
      windowStrides,
      padding,
    ).map(([lo, hi]) => [lo, hi] as const),
    baseDilation: [...(opts.baseDilation ?? ones)],
    windowDilation: wdil,
  };
  const reduced = bind(m.prim, [x], params);
  if (typeof initValue === 'number' || typeof initValue === 'boolean') {
    return m.isIdentity(Number(initValue), x.dtype) ? reduced : computation(reduced, Number(initValue));
  }
  const init = isNDArray(initValue) ? initValue : asArray(initValue, x.dtype);
  if (init.ndim !== 0 || init.dtype !== x.dtype)
    throw new TypeError(
      `reduceWindow: initValue must be a scalar of the operand's dtype ${x.dtype}, got ${init.dtype}${fmtShape(init.shape)}`,
    );
  return computation(reduced, bind('broadcast_in_dim', [init], { shape: reduced.shape, broadcastDimensions: [] }));
}
