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

export const neg = un('neg'), exp = un('exp'), log = un('log'), log1p = un('log1p'), expm1 = un('expm1');
export const sin = un('sin'), cos = un('cos'), tan = un('tan'), tanh = un('tanh'), logistic = un('logistic');
export const sqrt = un('sqrt'), rsqrt = un('rsqrt'), abs = un('abs'), sign = un('sign');
export const floor = un('floor'), ceil = un('ceil'), not = un('not');
export const round = (x: ArrayLike, method: 'awayFromZero' | 'toEven' = 'awayFromZero'): NDArray => bind('round', [asArray(x)], { method });

export const add = bin('add'), sub = bin('sub'), mul = bin('mul'), div = bin('div'), rem = bin('rem'), pow = bin('pow');
export const max = bin('max'), min = bin('min'), atan2 = bin('atan2');
export const eq = bin('eq'), ne = bin('ne'), lt = bin('lt'), le = bin('le'), gt = bin('gt'), ge = bin('ge');
export const and = bin('and'), or = bin('or'), xor = bin('xor');

/** `pred ? onTrue : onFalse` elementwise; a scalar predicate picks a whole branch (JAX allows it). */
export const select = (pred: ArrayLike, onTrue: ArrayLike, onFalse: ArrayLike): NDArray => {
  const p = asArray(pred), t = asArray(onTrue);
  const full = p.ndim === 0 && t.ndim > 0 ? bind('broadcast_in_dim', [p], { shape: t.shape, broadcastDimensions: [] }) : p;
  return bind('select', [full, t, asArray(onFalse)]);
};
export const convertElementType = (x: ArrayLike, dtype: DType): NDArray => bind('convert', [asArray(x)], { dtype });

export const broadcastInDim = (x: ArrayLike, shape: Shape, broadcastDimensions: readonly number[]): NDArray =>
  bind('broadcast_in_dim', [asArray(x)], { shape, broadcastDimensions });
export const reshape = (x: ArrayLike, newSizes: Shape): NDArray => bind('reshape', [asArray(x)], { newSizes });
export const transpose = (x: ArrayLike, permutation: readonly number[]): NDArray => bind('transpose', [asArray(x)], { permutation });
export const squeeze = (x: ArrayLike, dimensions: readonly number[]): NDArray => bind('squeeze', [asArray(x)], { dimensions });
export const expandDims = (x: ArrayLike, dimensions: readonly number[]): NDArray => bind('expand_dims', [asArray(x)], { dimensions });
export const rev = (x: ArrayLike, dimensions: readonly number[]): NDArray => bind('rev', [asArray(x)], { dimensions });
export const slice = (x: ArrayLike, start: readonly number[], limit: readonly number[], strides?: readonly number[]): NDArray =>
  bind('slice', [asArray(x)], { start, limit, strides: strides ?? start.map(() => 1) });
export const pad = (x: ArrayLike, padValue: ArrayLike, config: readonly (readonly [number, number, number])[]): NDArray => {
  const a = asArray(x);
  return bind('pad', [a, asArray(padValue, a.dtype)], { config });
};
export const concatenate = (xs: readonly ArrayLike[], dimension: number): NDArray =>
  bind('concatenate', xs.map((x) => asArray(x)), { dimension });
export const iota = (dtype: DType, shape: Shape, dimension = 0): NDArray => bind('iota', [], { dtype, shape, dimension });

export const reduceSum = (x: ArrayLike, axes: readonly number[]): NDArray => bind('reduce_sum', [asArray(x)], { axes });
export const reduceProd = (x: ArrayLike, axes: readonly number[]): NDArray => bind('reduce_prod', [asArray(x)], { axes });
export const reduceMax = (x: ArrayLike, axes: readonly number[]): NDArray => bind('reduce_max', [asArray(x)], { axes });
export const reduceMin = (x: ArrayLike, axes: readonly number[]): NDArray => bind('reduce_min', [asArray(x)], { axes });
export const argmax = (x: ArrayLike, axis: number, indexDtype: DType = 'int32'): NDArray => bind('argmax', [asArray(x)], { axis, indexDtype });
export const argmin = (x: ArrayLike, axis: number, indexDtype: DType = 'int32'): NDArray => bind('argmin', [asArray(x)], { axis, indexDtype });
const scan = (p: Primitive) => (x: ArrayLike, axis: number, reverse = false): NDArray => bind(p, [asArray(x)], { axis, reverse });
export const cumsum = scan('cumsum'), cumprod = scan('cumprod'), cummax = scan('cummax'), cummin = scan('cummin');
export const sort = (x: ArrayLike, axis = -1): NDArray => {
  const a = asArray(x);
  return bind('sort', [a], { axis: axis < 0 ? axis + a.ndim : axis });
};
export const argsort = (x: ArrayLike, axis = -1): NDArray => {
  const a = asArray(x);
  return bind('argsort', [a], { axis: axis < 0 ? axis + a.ndim : axis });
};

export const dotGeneral = (
  lhs: ArrayLike,
  rhs: ArrayLike,
  contracting: readonly [readonly number[], readonly number[]],
  batch: readonly [readonly number[], readonly number[]] = [[], []],
): NDArray => bind('dot_general', [asArray(lhs), asArray(rhs)], { contracting, batch });

/** operand [B.., A.., N, C..], indices [B.., I..] -> [B.., A.., I.., C..]: picks along `axis`. */
export const gather = (operand: ArrayLike, indices: ArrayLike, axis: number, batchDims = 0): NDArray =>
  bind('gather', [asArray(operand), asArray(indices)], { axis, batchDims });
/** The adjoint of gather: adds `updates` into `operand` at the indexed positions. */
export const scatterAdd = (operand: ArrayLike, indices: ArrayLike, updates: ArrayLike, axis: number, batchDims = 0): NDArray =>
  bind('scatter_add', [asArray(operand), asArray(indices), asArray(updates)], { axis, batchDims });
/** A start index: an int32 array as it is (the shape rule rejects other dtypes), a JS integer as int32. */
function startIndex(s: ArrayLike, k: number, api: string): NDArray {
  if (isNDArray(s)) return s;
  if (typeof s === 'number' && !Number.isInteger(s)) throw new TypeError(`${api}: start index ${k} must be an integer, got ${s}`);
  return asArray(s, 'int32');
}
/** A block of `sizes` starting at `starts` (int32 scalars), clamped into range like XLA. */
export const dynamicSlice = (operand: ArrayLike, starts: readonly ArrayLike[], sizes: Shape): NDArray =>
  bind('dynamic_slice', [asArray(operand), ...starts.map((s, k) => startIndex(s, k, 'dynamicSlice'))], { sizes, batchDims: 0 });
export const dynamicUpdateSlice = (operand: ArrayLike, update: ArrayLike, starts: readonly ArrayLike[]): NDArray =>
  bind('dynamic_update_slice', [asArray(operand), asArray(update), ...starts.map((s, k) => startIndex(s, k, 'dynamicUpdateSlice'))], { batchDims: 0 });

export { allGather, allToAll, axisIndex, axisSize, CollectiveError, pmax, pmean, pmin, ppermute, psum, psumScatter } from '../collectives';
export type { AxisName } from '../collectives';

export { cond, ControlFlowError, foriLoop, map, scan, switchBranches as switch, whileLoop, type InitOf, type MapOptions, type ScanOptions } from '../transforms/control/api';
/** The identity whose derivative is zero: a value (an array or a pytree of them) differentiation treats as a constant. */
export function stopGradient<T>(x: T): T extends number | boolean ? NDArray : T {
  return treeMap((leaf: unknown) => bind('stop_gradient', [asArray(leaf as ArrayLike)]), x) as T extends number | boolean ? NDArray : T;
}
export { conv, convGeneralDilated, convTranspose, padtypeToPads, type ConvOptions, type DimensionNumbers, type Padding } from './conv';
export { reduceWindow, type ReduceWindowOptions } from './window';
export * as linalg from './linalg';
export * from './special';
export { sortKeyVal, topK } from './sorting';
