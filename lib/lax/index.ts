/**
 * `lax`: the primitives themselves, one function each, with JAX's names (camelCase). Operands must
 * agree in shape and dtype, as in lax; a JS number operand takes the other operand's shape and dtype.
 */
import { asArray, type ArrayLike } from '../array/create';
import type { DType } from '../array/dtype';
import { bind, constant, isNDArray, type NDArray } from '../array/ndarray';
import type { Primitive } from '../array/primitives';
import type { Shape } from '../array/shape';
import { map as treeMap } from '../pytree';

const un = (p: Primitive) => (x: ArrayLike): NDArray => bind(p, [asArray(x)]);

/** Binary primitive; a JS scalar operand is filled to the other operand's shape and dtype. */
const bin = (p: Primitive) => (x: ArrayLike, y: ArrayLike): NDArray => {
  const scalar = (v: ArrayLike, like: NDArray) =>
    typeof v === 'number' || typeof v === 'boolean' ? constant(Number(v), like.dtype, like.shape, true) : asArray(v);
  if (isNDArray(x) && !isNDArray(y)) return bind(p, [x, scalar(y, x)]);
  if (isNDArray(y) && !isNDArray(x)) return bind(p, [scalar(x, y), y]);
  return bind(p, [asArray(x), asArray(y)]);
};

/**
 * Elementwise unary primitives `neg` (-x), `exp`, `log`, `log1p` (log(1 + x)) and `expm1` (exp(x) - 1), in the operand's dtype with no promotion (as in lax).
 * @example lax.neg(np.array([1, -2])).toArray() // [-1, 2]
 * @example lax.exp(np.array([0, 1])).toArray() // [1, Math.E]
 * @example lax.log(np.array([1, Math.E])).toArray() // [0, 1]
 * @example lax.log1p(np.array([0, Math.E - 1])).toArray() // [0, 1]
 * @example lax.expm1(np.array([0, Math.log(2)])).toArray() // [0, 1]
 */
export const neg = un('neg'), exp = un('exp'), log = un('log'), log1p = un('log1p'), expm1 = un('expm1');
/**
 * Elementwise unary primitives `sin`, `cos`, `tan`, `tanh` and `logistic` (1 / (1 + exp(-x))), in the operand's float dtype with no promotion (as in lax).
 * @example lax.sin(np.array([0, Math.PI / 2])).toArray() // [0, 1]
 * @example lax.cos(np.array([0, Math.PI])).toArray() // [1, -1]
 * @example lax.tan(np.array([0, Math.PI / 4])).toArray() // [0, 1]
 * @example lax.tanh(np.array([0])).toArray() // [0]
 * @example lax.logistic(np.array([0])).toArray() // [0.5]
 */
export const sin = un('sin'), cos = un('cos'), tan = un('tan'), tanh = un('tanh'), logistic = un('logistic');
/**
 * Elementwise unary primitives `sqrt`, `rsqrt` (1 / sqrt(x)), `abs` and `sign` (-1, 0 or 1), in the operand's dtype with no promotion (as in lax).
 * @example lax.sqrt(np.array([4, 9])).toArray() // [2, 3]
 * @example lax.rsqrt(np.array([4, 16])).toArray() // [0.5, 0.25]
 * @example lax.abs(np.array([-1.5, 2])).toArray() // [1.5, 2]
 * @example lax.sign(np.array([-2, 0, 5])).toArray() // [-1, 0, 1]
 */
export const sqrt = un('sqrt'), rsqrt = un('rsqrt'), abs = un('abs'), sign = un('sign');
/**
 * Elementwise unary primitives `floor` and `ceil` (of floats), and `not` (logical NOT of bools, bitwise NOT of ints).
 * @example lax.floor(np.array([-1.5, 1.5])).toArray() // [-2, 1]
 * @example lax.ceil(np.array([-1.5, 1.5])).toArray() // [-1, 2]
 * @example lax.not(np.array([true, false])).toArray() // [false, true]
 */
export const floor = un('floor'), ceil = un('ceil'), not = un('not');
/**
 * Elementwise rounding to the nearest integer, halves away from zero (the default, as lax.round) or to even with `'toEven'`.
 * @example lax.round(np.array([0.5, 1.5, -0.5])).toArray() // [1, 2, -1]
 * @example lax.round(np.array([0.5, 1.5, 2.5]), 'toEven').toArray() // [0, 2, 2]
 */
export const round = (x: ArrayLike, method: 'awayFromZero' | 'toEven' = 'awayFromZero'): NDArray => bind('round', [asArray(x)], { method });

/**
 * Elementwise binary primitives `add`, `sub`, `mul`, `div`, `rem` (C-style, the sign of the dividend) and `pow`: the operands must agree in shape and dtype (no broadcasting or promotion), and a JS number takes the other operand's shape and dtype. Integer `div` truncates towards zero.
 * @example lax.add(np.array([1, 2]), 10).toArray() // [11, 12]
 * @example lax.sub(np.array([5, 7]), np.array([1, 2])).toArray() // [4, 5]
 * @example lax.mul(np.array([2, 3]), 4).toArray() // [8, 12]
 * @example lax.div(np.array([7, -7], 'int32'), 2).toArray() // [3, -3]
 * @example lax.rem(np.array([-3, 3]), 2).toArray() // [-1, 1]
 * @example lax.pow(np.array([2, 3]), 2).toArray() // [4, 9]
 */
export const add = bin('add'), sub = bin('sub'), mul = bin('mul'), div = bin('div'), rem = bin('rem'), pow = bin('pow');
/**
 * Elementwise binary primitives `max`, `min` and `atan2` (the four-quadrant arctangent of y / x): operands agree in shape and dtype, and a JS number takes the other operand's shape and dtype.
 * @example lax.max(np.array([1, 5]), 3).toArray() // [3, 5]
 * @example lax.min(np.array([1, 5]), 3).toArray() // [1, 3]
 * @example lax.atan2(np.array([1]), np.array([0])).toArray() // [Math.PI / 2]
 */
export const max = bin('max'), min = bin('min'), atan2 = bin('atan2');
/**
 * `x` clamped into [`lo`, `hi`] elementwise, as lax.clamp (argument order min, x, max): max(lo, min(x, hi)).
 * `lo` and `hi` are JS numbers or arrays of `x`'s shape and dtype.
 * @example lax.clamp(0, np.array([-2, 1, 5]), 3).toArray() // [0, 1, 3]
 */
export const clamp = (lo: ArrayLike, x: ArrayLike, hi: ArrayLike): NDArray => max(lo, min(x, hi));
/**
 * Elementwise comparison primitives `eq`, `ne`, `lt`, `le`, `gt` and `ge`, giving bool arrays: operands agree in shape and dtype, and a JS number takes the other operand's shape and dtype.
 * @example lax.eq(np.array([1, 2, 3]), 2).toArray() // [false, true, false]
 * @example lax.ne(np.array([1, 2, 3]), 2).toArray() // [true, false, true]
 * @example lax.lt(np.array([1, 2, 3]), 2).toArray() // [true, false, false]
 * @example lax.le(np.array([1, 2, 3]), 2).toArray() // [true, true, false]
 * @example lax.gt(np.array([1, 2, 3]), 2).toArray() // [false, false, true]
 * @example lax.ge(np.array([1, 2, 3]), 2).toArray() // [false, true, true]
 */
export const eq = bin('eq'), ne = bin('ne'), lt = bin('lt'), le = bin('le'), gt = bin('gt'), ge = bin('ge');
/**
 * Elementwise `and`, `or` and `xor` primitives: logical for bools, bitwise for ints; operands agree in shape and dtype, and a JS number takes the other operand's.
 * @example lax.and(np.array([true, true]), np.array([true, false])).toArray() // [true, false]
 * @example lax.or(np.array([12, 10], 'int32'), 6).toArray() // [14, 14]
 * @example lax.xor(np.array([12, 10], 'int32'), 6).toArray() // [10, 12]
 */
export const and = bin('and'), or = bin('or'), xor = bin('xor');

/**
 * `pred ? onTrue : onFalse` elementwise; a scalar predicate picks a whole branch (JAX allows it).
 * @example lax.select(np.array([true, false]), np.array([1, 2]), np.array([3, 4])).toArray() // [1, 4]
 */
export const select = (pred: ArrayLike, onTrue: ArrayLike, onFalse: ArrayLike): NDArray => {
  const p = asArray(pred), t = asArray(onTrue);
  const full = p.ndim === 0 && t.ndim > 0 ? bind('broadcast_in_dim', [p], { shape: t.shape, broadcastDimensions: [] }) : p;
  return bind('select', [full, t, asArray(onFalse)]);
};
/**
 * `x` converted elementwise to `dtype` (lax.convert_element_type; floats to ints truncate towards zero).
 * @example lax.convertElementType(np.array([1.7, -1.7]), 'int32').toArray() // [1, -1]
 */
export const convertElementType = (x: ArrayLike, dtype: DType): NDArray => bind('convert', [asArray(x)], { dtype });

/**
 * `x` broadcast to `shape`, operand axis i becoming output axis `broadcastDimensions[i]` (lax.broadcast_in_dim; size-1 axes stretch).
 * @example lax.broadcastInDim(np.array([1, 2]), [3, 2], [1]).toArray() // [[1, 2], [1, 2], [1, 2]]
 */
export const broadcastInDim = (x: ArrayLike, shape: Shape, broadcastDimensions: readonly number[]): NDArray =>
  bind('broadcast_in_dim', [asArray(x)], { shape, broadcastDimensions });
/**
 * `x` with the same elements in row-major order and the shape `newSizes` (no -1 inference, unlike np.reshape).
 * @example lax.reshape(np.arange(6), [2, 3]).toArray() // [[0, 1, 2], [3, 4, 5]]
 */
export const reshape = (x: ArrayLike, newSizes: Shape): NDArray => bind('reshape', [asArray(x)], { newSizes });
/**
 * `x` with its axes permuted: output axis i is operand axis `permutation[i]`.
 * @example lax.transpose(np.zeros([2, 3, 4]), [2, 0, 1]).shape // [4, 2, 3]
 */
export const transpose = (x: ArrayLike, permutation: readonly number[]): NDArray => bind('transpose', [asArray(x)], { permutation });
/**
 * `x` with the size-1 axes `dimensions` removed.
 * @example lax.squeeze(np.zeros([1, 3, 1]), [0, 2]).shape // [3]
 */
export const squeeze = (x: ArrayLike, dimensions: readonly number[]): NDArray => bind('squeeze', [asArray(x)], { dimensions });
/**
 * `x` with size-1 axes inserted at the output positions `dimensions`.
 * @example lax.expandDims(np.zeros([3]), [0, 2]).shape // [1, 3, 1]
 */
export const expandDims = (x: ArrayLike, dimensions: readonly number[]): NDArray => bind('expand_dims', [asArray(x)], { dimensions });
/**
 * `x` reversed along each axis in `dimensions`.
 * @example lax.rev(np.array([[1, 2], [3, 4]]), [1]).toArray() // [[2, 1], [4, 3]]
 */
export const rev = (x: ArrayLike, dimensions: readonly number[]): NDArray => bind('rev', [asArray(x)], { dimensions });
/**
 * The block of `x` from `start` (inclusive) to `limit` (exclusive) on each axis, taking every `strides[i]`-th element (default 1).
 * @example lax.slice(np.arange(10), [1], [8], [3]).toArray() // [1, 4, 7]
 */
export const slice = (x: ArrayLike, start: readonly number[], limit: readonly number[], strides?: readonly number[]): NDArray =>
  bind('slice', [asArray(x)], { start, limit, strides: strides ?? start.map(() => 1) });
/**
 * `x` padded with `padValue`: `config[i]` is `[low, high, interior]` for axis i (negative low/high crop; interior inserts between elements).
 * @example lax.pad(np.array([1, 2]), 0, [[1, 2, 1]]).toArray() // [0, 1, 0, 2, 0, 0]
 */
export const pad = (x: ArrayLike, padValue: ArrayLike, config: readonly (readonly [number, number, number])[]): NDArray => {
  const a = asArray(x);
  return bind('pad', [a, asArray(padValue, a.dtype)], { config });
};
/**
 * The arrays joined along the existing axis `dimension` (same dtype; other axes must agree).
 * @example lax.concatenate([np.array([1, 2]), np.array([3])], 0).toArray() // [1, 2, 3]
 */
export const concatenate = (xs: readonly ArrayLike[], dimension: number): NDArray =>
  bind('concatenate', xs.map((x) => asArray(x)), { dimension });
/**
 * An array of `shape` and `dtype` holding the index along axis `dimension` (0, 1, 2, ...).
 * @example lax.iota('int32', [2, 3], 1).toArray() // [[0, 1, 2], [0, 1, 2]]
 */
export const iota = (dtype: DType, shape: Shape, dimension = 0): NDArray => bind('iota', [], { dtype, shape, dimension });

/**
 * The sum of `x` over the listed `axes` (which are removed).
 * @example lax.reduceSum(np.array([[1, 2], [3, 4]]), [0]).toArray() // [4, 6]
 */
export const reduceSum = (x: ArrayLike, axes: readonly number[]): NDArray => bind('reduce_sum', [asArray(x)], { axes });
/**
 * The product of `x` over the listed `axes` (which are removed).
 * @example lax.reduceProd(np.array([[1, 2], [3, 4]]), [1]).toArray() // [2, 12]
 */
export const reduceProd = (x: ArrayLike, axes: readonly number[]): NDArray => bind('reduce_prod', [asArray(x)], { axes });
/**
 * The maximum of `x` over the listed `axes` (which are removed).
 * @example lax.reduceMax(np.array([[1, 5], [3, 2]]), [1]).toArray() // [5, 3]
 */
export const reduceMax = (x: ArrayLike, axes: readonly number[]): NDArray => bind('reduce_max', [asArray(x)], { axes });
/**
 * The minimum of `x` over the listed `axes` (which are removed).
 * @example lax.reduceMin(np.array([[1, 5], [3, 2]]), [0, 1]).item() // 1
 */
export const reduceMin = (x: ArrayLike, axes: readonly number[]): NDArray => bind('reduce_min', [asArray(x)], { axes });
/**
 * The index of the first maximum along `axis` (which is removed), in `indexDtype` (default int32).
 * @example lax.argmax(np.array([[1, 9], [7, 3]]), 1).toArray() // [1, 0]
 */
export const argmax = (x: ArrayLike, axis: number, indexDtype: DType = 'int32'): NDArray => bind('argmax', [asArray(x)], { axis, indexDtype });
/**
 * The index of the first minimum along `axis` (which is removed), in `indexDtype` (default int32).
 * @example lax.argmin(np.array([[1, 9], [7, 3]]), 0).toArray() // [0, 1]
 */
export const argmin = (x: ArrayLike, axis: number, indexDtype: DType = 'int32'): NDArray => bind('argmin', [asArray(x)], { axis, indexDtype });
const scan = (p: Primitive) => (x: ArrayLike, axis: number, reverse = false): NDArray => bind(p, [asArray(x)], { axis, reverse });
/**
 * Inclusive scans along `axis`: `cumsum`, `cumprod`, `cummax` and `cummin` (from the end when `reverse` is true).
 * @example lax.cumsum(np.array([1, 2, 3]), 0).toArray() // [1, 3, 6]
 * @example lax.cumsum(np.array([1, 2, 3]), 0, true).toArray() // [6, 5, 3]
 * @example lax.cumprod(np.array([1, 2, 3, 4]), 0).toArray() // [1, 2, 6, 24]
 * @example lax.cummax(np.array([1, 3, 2]), 0).toArray() // [1, 3, 3]
 * @example lax.cummin(np.array([3, 1, 2]), 0).toArray() // [3, 1, 1]
 */
export const cumsum = scan('cumsum'), cumprod = scan('cumprod'), cummax = scan('cummax'), cummin = scan('cummin');
/**
 * The int32 indices that stably sort `x` ascending along `axis` (default last; NaN last).
 * @example lax.argsort(np.array([3, 1, 2])).toArray() // [1, 2, 0]
 */
export const argsort = (x: ArrayLike, axis = -1): NDArray => {
  const a = asArray(x);
  return bind('argsort', [a], { axis: axis < 0 ? axis + a.ndim : axis });
};

/**
 * The generalised dot product (lax.dot_general): sums over the paired `contracting` axes of lhs and rhs, batching over the paired `batch` axes; the output is batch, then lhs free, then rhs free axes.
 * @example lax.dotGeneral(np.array([[1, 2], [3, 4]]), np.array([1, 1]), [[1], [0]]).toArray() // [3, 7]
 */
export const dotGeneral = (
  lhs: ArrayLike,
  rhs: ArrayLike,
  contracting: readonly [readonly number[], readonly number[]],
  batch: readonly [readonly number[], readonly number[]] = [[], []],
): NDArray => bind('dot_general', [asArray(lhs), asArray(rhs)], { contracting, batch });

/** A start index: an int32 array as it is (the shape rule rejects other dtypes), a JS integer as int32. */
function startIndex(s: ArrayLike, k: number, api: string): NDArray {
  if (isNDArray(s)) return s;
  if (typeof s === 'number' && !Number.isInteger(s)) throw new TypeError(`${api}: start index ${k} must be an integer, got ${s}`);
  return asArray(s, 'int32');
}
/**
 * A block of `sizes` starting at `starts` (int32 scalars), clamped into range like XLA.
 * @example lax.dynamicSlice(np.arange(5), [3], [3]).toArray() // [2, 3, 4]
 */
export const dynamicSlice = (operand: ArrayLike, starts: readonly ArrayLike[], sizes: Shape): NDArray =>
  bind('dynamic_slice', [asArray(operand), ...starts.map((s, k) => startIndex(s, k, 'dynamicSlice'))], { sizes, batchDims: 0 });
/**
 * `operand` with `update` written over the block starting at `starts` (int32 scalars), clamped into range like XLA.
 * @example lax.dynamicUpdateSlice(np.zeros([5]), np.array([1, 2]), [1]).toArray() // [0, 1, 2, 0, 0]
 */
export const dynamicUpdateSlice = (operand: ArrayLike, update: ArrayLike, starts: readonly ArrayLike[]): NDArray =>
  bind('dynamic_update_slice', [asArray(operand), asArray(update), ...starts.map((s, k) => startIndex(s, k, 'dynamicUpdateSlice'))], { batchDims: 0 });

export { allGather, allToAll, axisIndex, axisSize, CollectiveError, pmax, pmean, pmin, ppermute, psum, psumScatter } from '../collectives';
export type { AxisName } from '../collectives';

export { cond, ControlFlowError, foriLoop, map, scan, switchBranches as switch, whileLoop, type InitOf, type MapOptions, type ScanOptions } from '../transforms/control/api';
/**
 * The identity whose derivative is zero: a value (an array or a pytree of them) differentiation treats as a constant.
 * @example grad((x: NDArray) => np.multiply(x, lax.stopGradient(x)))(3).item() // 3
 */
export function stopGradient<T>(x: T): T extends number | boolean ? NDArray : T {
  return treeMap((leaf: unknown) => bind('stop_gradient', [asArray(leaf as ArrayLike)]), x) as T extends number | boolean ? NDArray : T;
}
export { conv, convGeneralDilated, convTranspose, padtypeToPads, type ConvOptions, type DimensionNumbers, type Padding } from './conv';
export { reduceWindow, type ReduceWindowOptions } from './window';
export * as linalg from './linalg';
export * from './special';
export { sort, sortKeyVal, topK, type SortOptions } from './sorting';
export * from './gather';
