/**
 * Pooling as flax.linen has it (`max_pool`, `min_pool`, `avg_pool`): inputs are
 * (batch..., window dims..., features), channels last; the window, strides and explicit padding
 * name the window dimensions only. Each is one `lax.reduceWindow`, so vmap, grad and jit use its rules.
 */
import { asArray, type ArrayLike } from '../array/create';
import type { NDArray } from '../array/ndarray';
import { fmtShape, ShapeError } from '../array/shape';
import { add, max, min, reduceWindow, type Padding } from '../lax';
import { np } from '../numpy';

export interface PoolOptions {
  /** One stride per window dimension (default 1 each). */
  readonly strides?: readonly number[];
  /** 'VALID' (default), 'SAME', 'SAME_LOWER', or one (lo, hi) pair per window dimension. */
  readonly padding?: Padding;
}

export interface AvgPoolOptions extends PoolOptions {
  /** Divide by the full window size (default, as flax) or by the number of non-padding elements. */
  readonly countIncludePad?: boolean;
}

const ints = (v: unknown): v is readonly number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x));

/** flax's pool: a window of 1 over the batch and feature dimensions, `windowShape` over the ones between. */
function pool(api: string, x: NDArray, init: number, computation: typeof add, windowShape: readonly number[], opts: PoolOptions): NDArray {
  if (!ints(windowShape)) throw new TypeError(`nn.${api}: windowShape must be an array of integers, got ${String(windowShape)}`);
  const k = windowShape.length;
  if (x.ndim < k + 1)
    throw new ShapeError(
      `nn.${api}: inputs of shape ${fmtShape(x.shape)} must be (batch..., ${k} window dimensions, features) for windowShape ${fmtShape(windowShape)}: rank at least ${k + 1}`,
    );
  const strides = opts.strides ?? windowShape.map(() => 1);
  if (!ints(strides) || strides.length !== k)
    throw new ShapeError(
      `nn.${api}: strides ${ints(strides) ? fmtShape(strides) : String(strides)} must have one entry per window dimension, as windowShape ${fmtShape(windowShape)}`,
    );
  const lead = Array<number>(x.ndim - k - 1).fill(1);
  let padding = opts.padding ?? 'VALID';
  if (typeof padding !== 'string') {
    if (!Array.isArray(padding) || padding.length !== k)
      throw new ShapeError(
        `nn.${api}: padding ${JSON.stringify(padding)} must have one (lo, hi) pair per window dimension, as windowShape ${fmtShape(windowShape)}`,
      );
    padding = [...lead.map(() => [0, 0] as const), ...padding, [0, 0] as const];
  }
  return reduceWindow(x, init, computation, [...lead, ...windowShape, 1], [...lead, ...strides, 1], padding);
}

/**
 * Max pooling (flax's max_pool): the largest element of each window; its gradient goes to the first
 * maximal element of the window (JAX's select-and-scatter).
 * @example nn.maxPool(x, [2, 2], { strides: [2, 2] }) // x: [N, H, W, C] -> [N, H/2, W/2, C]
 */
export const maxPool = (inputs: ArrayLike, windowShape: readonly number[], opts: PoolOptions = {}): NDArray =>
  pool('maxPool', asArray(inputs), -Infinity, max, windowShape, opts);

/**
 * Min pooling (flax's min_pool): the smallest element of each window.
 * @example nn.minPool(np.reshape(np.arange(4), [1, 4, 1]), [2], { strides: [2] }).toArray() // [[[0], [2]]]
 */
export const minPool = (inputs: ArrayLike, windowShape: readonly number[], opts: PoolOptions = {}): NDArray =>
  pool('minPool', asArray(inputs), Infinity, min, windowShape, opts);

/**
 * Average pooling (flax's avg_pool): each window's sum divided by the window size, or with
 * `countIncludePad: false` by the number of its elements that are not padding.
 * @example nn.avgPool(x, [3, 3], { strides: [2, 2], padding: 'SAME', countIncludePad: false })
 */
export function avgPool(inputs: ArrayLike, windowShape: readonly number[], opts: AvgPoolOptions = {}): NDArray {
  const x = asArray(inputs);
  const sums = pool('avgPool', x, 0, add, windowShape, opts);
  if (opts.countIncludePad ?? true)
    return np.divide(
      sums,
      windowShape.reduce((a, b) => a * b, 1),
    );
  const ones = np.ones(
    [...x.shape.slice(0, -windowShape.length - 1).map(() => 1), ...x.shape.slice(-windowShape.length - 1, -1), 1],
    x.dtype,
  );
  return np.divide(sums, pool('avgPool', ones, 0, add, windowShape, opts));
}
