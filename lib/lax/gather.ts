/**
 * XLA's general gather and scatter as jax.lax has them (`gather`, `scatter`, `scatterAdd`,
 * `scatterMul`, `scatterMin`, `scatterMax`), with JAX's dimension numbers and out-of-bounds modes.
 * The index vector is the last axis of the indices, as in JAX. `gather(x, idx, axis)` and
 * `scatterAdd(x, idx, upd, axis)` with a number for the dimension numbers are the one-axis forms.
 */
import { asArray, type ArrayLike } from '../array/create';
import { defaultGatherFill } from '../array/dtype';
import { bind, isNDArray, type NDArray } from '../array/ndarray';
import type { GatherDimensionNumbers as GatherDims, GatherScatterMode, ScatterCombiner, ScatterDimensionNumbers as ScatterDims } from '../array/primitives/gather';
import type { Shape } from '../array/shape';
import { intArray } from '../numpy/int-literal';

type Batching = 'operandBatchingDims' | 'startIndicesBatchingDims' | 'scatterIndicesBatchingDims';
/** The primitive's dimension numbers with the batching dims optional (they default to none). */
type WithOptionalBatching<T> = Omit<T, Batching> & Partial<Pick<T, Batching & keyof T>>;

/** jax.lax.GatherDimensionNumbers: `offsetDims`, `collapsedSliceDims`, `startIndexMap` and, optionally, `operandBatchingDims` paired with `startIndicesBatchingDims`. */
export type GatherDimensionNumbers = WithOptionalBatching<GatherDims>;
/** jax.lax.ScatterDimensionNumbers: `updateWindowDims`, `insertedWindowDims`, `scatterDimsToOperandDims` and, optionally, `operandBatchingDims` paired with `scatterIndicesBatchingDims`. */
export type ScatterDimensionNumbers = WithOptionalBatching<ScatterDims>;

/**
 * jax.lax.GatherScatterMode: `clip` clamps starts so the window is in range; `fill` (gather) and
 * `drop` (scatter) are one mode: an out-of-range gather window reads the fill value, an out-of-range
 * scatter window is skipped; `promise_in_bounds` trusts the indices (gathers clamp, scatters drop).
 */
export type GatherScatterModeName = 'clip' | 'fill' | 'drop' | 'promise_in_bounds';

export interface GatherOptions {
  /** Default `promise_in_bounds`, as lax.gather. */
  readonly mode?: GatherScatterModeName;
  /** The value of out-of-range windows in `fill` mode; default NaN for floats, the most negative int32, the largest uint32, true. */
  readonly fillValue?: number | boolean;
  readonly indicesAreSorted?: boolean;
  readonly uniqueIndices?: boolean;
}

export interface ScatterOptions {
  /** Default `fill`/`drop` (out-of-range updates are skipped), as lax.scatter. */
  readonly mode?: GatherScatterModeName;
  readonly indicesAreSorted?: boolean;
  /** A promise that no two updates hit one element; lets the derivative of `scatter`/`scatterMul` skip the duplicate handling. */
  readonly uniqueIndices?: boolean;
}

function parseMode(api: string, mode: GatherScatterModeName | undefined, fallback: GatherScatterMode): GatherScatterMode {
  if (mode === undefined) return fallback;
  if (mode === 'clip' || mode === 'promise_in_bounds') return mode;
  if (mode === 'fill' || mode === 'drop') return 'fill_or_drop';
  throw new TypeError(`${api}: unknown mode ${JSON.stringify(mode)}; expected 'clip', 'fill', 'drop' or 'promise_in_bounds'`);
}

function checkObject(api: string, dn: unknown, fields: string): void {
  if (typeof dn !== 'object' || dn === null || Array.isArray(dn))
    throw new TypeError(`${api}: dimensionNumbers must be an object { ${fields} }, got ${JSON.stringify(dn)}`);
}

function dims(api: string, what: string, d: readonly number[] | undefined, optional: boolean): readonly number[] {
  if (d === undefined && optional) return [];
  if (!Array.isArray(d) || d.some((x) => typeof x !== 'number' || !Number.isInteger(x)))
    throw new TypeError(`${api}: dimensionNumbers.${what} must be an array of integers, got ${JSON.stringify(d)}`);
  return [...(d as number[])];
}

/** Indices as given (an integer NDArray) or a JS list of integers made int32; floats and bools are errors naming `api`. */
const indicesOf = (api: string, x: ArrayLike): NDArray => intArray(x, `${api}: indices`, { bools: 'reject' });

const fillText = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

/**
 * XLA's gather (jax.lax.gather): for each index vector (the last axis of `startIndices`) a slice of
 * `sliceSizes` starting there; `dimensionNumbers` say which output axes index the slice
 * (`offsetDims`), which size-1 operand axes are dropped (`collapsedSliceDims`), which operand axis
 * each index entry starts (`startIndexMap`) and which axes are batch axes of both. With a number
 * `axis` instead of dimension numbers: the one-axis gather `[B.., A.., N, C..], [B.., I..] -> [B.., A.., I.., C..]`.
 * @example lax.gather(np.array([10, 11, 12]), np.array([[0], [2], [2]], 'int32'), { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0] }, [1]).toArray() // [10, 12, 12]
 * @example lax.gather(np.array([[1, 2, 3], [4, 5, 6]]), np.array([[1]], 'int32'), { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] }, [1, 2]).toArray() // [[4, 5]]
 * @example lax.gather(np.array([1, 2]), np.array([[5]], 'int32'), { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0] }, [1], { mode: 'fill', fillValue: -1 }).toArray() // [-1]
 * @example lax.gather(np.array([10, 20, 30]), np.array([2, 0], 'int32'), 0).toArray() // [30, 10]
 */
export function gather(operand: ArrayLike, startIndices: ArrayLike, dimensionNumbers: GatherDimensionNumbers, sliceSizes: Shape, options?: GatherOptions): NDArray;
export function gather(operand: ArrayLike, indices: ArrayLike, axis: number, batchDims?: number): NDArray;
export function gather(
  operand: ArrayLike,
  startIndices: ArrayLike,
  dimensionNumbers: GatherDimensionNumbers | number,
  sliceSizes: Shape | number = 0,
  options: GatherOptions = {},
): NDArray {
  const api = 'lax.gather';
  if (typeof dimensionNumbers === 'number') return bind('gather', [asArray(operand), asArray(startIndices)], { axis: dimensionNumbers, batchDims: sliceSizes as number });
  const x = asArray(operand);
  const dn = dimensionNumbers;
  checkObject(api, dn, 'offsetDims, collapsedSliceDims, startIndexMap, operandBatchingDims?, startIndicesBatchingDims?');
  if (!Array.isArray(sliceSizes)) throw new TypeError(`${api}: sliceSizes must be an array with one size per operand axis, got ${JSON.stringify(sliceSizes)}`);
  const mode = parseMode(api, options.mode, 'promise_in_bounds');
  return bind('gather_general', [x, indicesOf(api, startIndices)], {
    dimensionNumbers: {
      offsetDims: dims(api, 'offsetDims', dn.offsetDims, false),
      collapsedSliceDims: dims(api, 'collapsedSliceDims', dn.collapsedSliceDims, false),
      startIndexMap: dims(api, 'startIndexMap', dn.startIndexMap, false),
      operandBatchingDims: dims(api, 'operandBatchingDims', dn.operandBatchingDims, true),
      startIndicesBatchingDims: dims(api, 'startIndicesBatchingDims', dn.startIndicesBatchingDims, true),
    },
    sliceSizes: [...(sliceSizes as number[])],
    mode,
    fillValue: fillText(mode === 'fill_or_drop' ? Number(options.fillValue ?? defaultGatherFill(x.dtype)) : 0),
    indicesAreSorted: options.indicesAreSorted ?? false,
    uniqueIndices: options.uniqueIndices ?? false,
  });
}

const API_NAMES: Record<ScatterCombiner, string> = {
  replace: 'lax.scatter',
  add: 'lax.scatterAdd',
  mul: 'lax.scatterMul',
  min: 'lax.scatterMin',
  max: 'lax.scatterMax',
};

function scatterWith(combiner: ScatterCombiner, operand: ArrayLike, indices: ArrayLike, updates: ArrayLike, dn: ScatterDimensionNumbers, options: ScatterOptions): NDArray {
  const api = API_NAMES[combiner];
  checkObject(api, dn, 'updateWindowDims, insertedWindowDims, scatterDimsToOperandDims, operandBatchingDims?, scatterIndicesBatchingDims?');
  const x = asArray(operand);
  const u = isNDArray(updates) ? updates : asArray(updates, x.dtype);
  return bind('scatter_general', [x, indicesOf(api, indices), u], {
    dimensionNumbers: {
      updateWindowDims: dims(api, 'updateWindowDims', dn.updateWindowDims, false),
      insertedWindowDims: dims(api, 'insertedWindowDims', dn.insertedWindowDims, false),
      scatterDimsToOperandDims: dims(api, 'scatterDimsToOperandDims', dn.scatterDimsToOperandDims, false),
      operandBatchingDims: dims(api, 'operandBatchingDims', dn.operandBatchingDims, true),
      scatterIndicesBatchingDims: dims(api, 'scatterIndicesBatchingDims', dn.scatterIndicesBatchingDims, true),
    },
    combiner,
    mode: parseMode(api, options.mode, 'fill_or_drop'),
    indicesAreSorted: options.indicesAreSorted ?? false,
    uniqueIndices: options.uniqueIndices ?? false,
  });
}

/**
 * XLA's scatter with replacement (jax.lax.scatter): each window of `updates` overwrites the operand
 * where its index vector points; of several updates to one element the last (in index order) wins.
 * @example lax.scatter(np.ones([5]), np.array([[1], [2], [4]], 'int32'), np.array([2, 3, 4]), { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] }).toArray() // [1, 2, 3, 1, 4]
 */
export const scatter = (operand: ArrayLike, scatterIndices: ArrayLike, updates: ArrayLike, dimensionNumbers: ScatterDimensionNumbers, options: ScatterOptions = {}): NDArray =>
  scatterWith('replace', operand, scatterIndices, updates, dimensionNumbers, options);

/**
 * XLA's scatter-add (jax.lax.scatter_add): the updates are added in; duplicates accumulate, in index
 * order. With a number `axis` instead of dimension numbers: the one-axis adjoint of `gather(x, idx, axis)`.
 * @example lax.scatterAdd(np.ones([5]), np.array([[1], [2], [4]], 'int32'), np.array([2, 3, 4]), { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] }).toArray() // [1, 3, 4, 1, 5]
 * @example lax.scatterAdd(np.zeros([3]), np.array([0, 0, 2], 'int32'), np.array([1, 2, 3]), 0).toArray() // [3, 0, 3]
 */
export function scatterAdd(operand: ArrayLike, scatterIndices: ArrayLike, updates: ArrayLike, dimensionNumbers: ScatterDimensionNumbers, options?: ScatterOptions): NDArray;
export function scatterAdd(operand: ArrayLike, indices: ArrayLike, updates: ArrayLike, axis: number, batchDims?: number): NDArray;
export function scatterAdd(
  operand: ArrayLike,
  scatterIndices: ArrayLike,
  updates: ArrayLike,
  dimensionNumbers: ScatterDimensionNumbers | number,
  options: ScatterOptions | number = {},
): NDArray {
  if (typeof dimensionNumbers === 'number')
    return bind('scatter_add', [asArray(operand), asArray(scatterIndices), asArray(updates)], { axis: dimensionNumbers, batchDims: typeof options === 'number' ? options : 0 });
  return scatterWith('add', operand, scatterIndices, updates, dimensionNumbers, typeof options === 'number' ? {} : options);
}

/**
 * XLA's scatter-multiply (jax.lax.scatter_mul): the operand is multiplied by the updates.
 * @example lax.scatterMul(np.full([3], 2), np.array([[0], [0], [2]], 'int32'), np.array([3, 5, 7]), { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] }).toArray() // [30, 2, 14]
 */
export const scatterMul = (operand: ArrayLike, scatterIndices: ArrayLike, updates: ArrayLike, dimensionNumbers: ScatterDimensionNumbers, options: ScatterOptions = {}): NDArray =>
  scatterWith('mul', operand, scatterIndices, updates, dimensionNumbers, options);

/**
 * XLA's scatter-min (jax.lax.scatter_min): each element becomes the minimum of itself and its updates.
 * @example lax.scatterMin(np.array([5, 5, 5]), np.array([[0], [0], [1]], 'int32'), np.array([3, 1, 9]), { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] }).toArray() // [1, 5, 5]
 */
export const scatterMin = (operand: ArrayLike, scatterIndices: ArrayLike, updates: ArrayLike, dimensionNumbers: ScatterDimensionNumbers, options: ScatterOptions = {}): NDArray =>
  scatterWith('min', operand, scatterIndices, updates, dimensionNumbers, options);

/**
 * XLA's scatter-max (jax.lax.scatter_max): each element becomes the maximum of itself and its updates.
 * @example lax.scatterMax(np.array([5, 5, 5]), np.array([[0], [0], [1]], 'int32'), np.array([3, 8, 9]), { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] }).toArray() // [8, 9, 5]
 */
export const scatterMax = (operand: ArrayLike, scatterIndices: ArrayLike, updates: ArrayLike, dimensionNumbers: ScatterDimensionNumbers, options: ScatterOptions = {}): NDArray =>
  scatterWith('max', operand, scatterIndices, updates, dimensionNumbers, options);
