/**
 * XLA's general gather and scatter: dimension numbers, JAX's shape rules (`_gather_shape_rule`,
 * `_scatter_shape_rule` in jax/_src/lax/slicing.py, same checks and messages, plus the shapes) and the
 * index geometry the kernels share. As in JAX the index vector is always the last indices axis.
 */
import type { AbstractValue } from '../ir';
import { fmtShape, ShapeError, sizeOf, stridesOf, type Shape } from '../shape';

/** How the dimensions of operand, start indices and output of a gather relate (jax.lax.GatherDimensionNumbers). */
export interface GatherDimensionNumbers {
  /** Output axes that index into a slice (ascending). */
  readonly offsetDims: readonly number[];
  /** Operand axes of slice size 1 with no output axis (ascending). */
  readonly collapsedSliceDims: readonly number[];
  /** For entry k of the index vector, the operand axis it starts. */
  readonly startIndexMap: readonly number[];
  /** Operand axes paired with `startIndicesBatchingDims` (ascending, slice size 0/1). */
  readonly operandBatchingDims: readonly number[];
  readonly startIndicesBatchingDims: readonly number[];
}

/** How the dimensions of operand, scatter indices and updates relate (jax.lax.ScatterDimensionNumbers). */
export interface ScatterDimensionNumbers {
  /** Updates axes that are window axes (ascending). */
  readonly updateWindowDims: readonly number[];
  /** Operand axes of window size 1 with no updates axis (ascending). */
  readonly insertedWindowDims: readonly number[];
  /** For entry k of the index vector, the operand axis it starts. */
  readonly scatterDimsToOperandDims: readonly number[];
  readonly operandBatchingDims: readonly number[];
  readonly scatterIndicesBatchingDims: readonly number[];
}

/**
 * Out-of-bounds handling (jax.lax.GatherScatterMode): `clip` clamps each start so the whole window
 * is in range; `fill_or_drop` fills an out-of-range gather window with the fill value and drops an
 * out-of-range scatter window; `promise_in_bounds` does what XLA does (gathers clamp, scatters drop).
 */
export type GatherScatterMode = 'clip' | 'fill_or_drop' | 'promise_in_bounds';

export interface GatherGeneralParams {
  readonly dimensionNumbers: GatherDimensionNumbers;
  readonly sliceSizes: Shape;
  readonly mode: GatherScatterMode;
  /** The fill value as text (`String(v)`, '-0' kept), so NaN and ±Infinity stay distinct params. */
  readonly fillValue: string;
  readonly indicesAreSorted: boolean;
  readonly uniqueIndices: boolean;
}

export type ScatterCombiner = 'replace' | 'add' | 'mul' | 'min' | 'max';

export interface ScatterGeneralParams {
  readonly dimensionNumbers: ScatterDimensionNumbers;
  readonly combiner: ScatterCombiner;
  readonly mode: GatherScatterMode;
  readonly indicesAreSorted: boolean;
  readonly uniqueIndices: boolean;
}

type Shaped = Pick<AbstractValue, 'shape' | 'dtype'>;
const tuple = (d: readonly number[]) => `(${d.join(', ')}${d.length === 1 ? ',' : ''})`;

function fail(op: string, msg: string, shapes: string): never {
  throw new ShapeError(`${msg} (${op}: ${shapes})`);
}

/** The checks both shape rules share, in JAX's wording. */
function dimsCheckers(op: 'gather' | 'scatter', shapes: string) {
  return {
    sorted(dims: readonly number[], name: string) {
      for (let i = 1; i < dims.length; i++) if (dims[i]! < dims[i - 1]!) fail(op, `${name} in ${op} op must be sorted; got ${tuple(dims)}`, shapes);
    },
    inRange(dims: readonly number[], rank: number, name: string) {
      for (const d of dims)
        if (!Number.isInteger(d) || d < 0 || d >= rank) fail(op, `Invalid ${name} set in ${op} op; valid range is [0, ${rank}); got: ${d}.`, shapes);
    },
    unique(dims: readonly number[], name: string) {
      if (new Set(dims).size !== dims.length) fail(op, `${name} in ${op} op must not repeat; got: ${tuple(dims)}.`, shapes);
    },
    disjoint(a: readonly number[], b: readonly number[], na: string, nb: string) {
      if (a.some((d) => b.includes(d))) fail(op, `${na} and ${nb} in ${op} op must be disjoint; got: ${tuple(a)} and ${tuple(b)}.`, shapes);
    },
  };
}

function checkIndexDtype(op: string, idx: Shaped): void {
  if (idx.dtype !== 'int32' && idx.dtype !== 'uint32')
    throw new TypeError(`${op} indices must have an integer type, got ${idx.dtype} indices of shape ${fmtShape(idx.shape)}`);
}

/** The output shape of a gather, after JAX's checks (`_gather_shape_rule`). */
export function gatherShape(op: Shaped, idx: Shaped, p: GatherGeneralParams): number[] {
  const shapes = `operand shape ${fmtShape(op.shape)}, indices shape ${fmtShape(idx.shape)}, slice_sizes ${tuple(p.sliceSizes)}`;
  checkIndexDtype('gather', idx);
  const c = dimsCheckers('gather', shapes);
  const { offsetDims, collapsedSliceDims: collapsed, startIndexMap: sim, operandBatchingDims: obd, startIndicesBatchingDims: ibd } = p.dimensionNumbers;
  const r = op.shape.length, ri = idx.shape.length, ivd = ri - 1;
  if (ivd < 0) fail('gather', `Gather index leaf dimension must be within [0, rank(indices) + 1). rank(indices) is ${ri} and gather index leaf dimension is ${ivd}.`, shapes);
  c.sorted(offsetDims, 'offset_dims');
  c.unique(offsetDims, 'offset_dims');
  const outRank = offsetDims.length + ri - 1;
  offsetDims.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0 || d >= outRank)
      fail('gather', `Offset dimension ${i} in gather op is out of bounds; got ${d}, but should have been in [0, ${outRank})`, shapes);
  });
  if (sim.length !== idx.shape[ivd])
    fail('gather', `Gather op has ${sim.length} elements in start_index_map and the bound of dimension index_vector_dim=${ivd} of indices is ${idx.shape[ivd]}. These two numbers must be equal.`, shapes);
  sim.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0 || d >= r) fail('gather', `Invalid start_index_map; domain is [0, ${r}), got: ${i}->${d}.`, shapes);
  });
  c.unique(sim, 'start_index_map');
  c.sorted(collapsed, 'collapsed_slice_dims');
  c.inRange(collapsed, r, 'collapsed_slice_dims');
  c.unique(collapsed, 'collapsed_slice_dims');
  c.unique(obd, 'operand_batching_dims');
  c.sorted(obd, 'operand_batching_dims');
  c.inRange(obd, r, 'operand_batching_dims');
  c.disjoint(collapsed, obd, 'collapsed_slice_dims', 'operand_batching_dims');
  c.disjoint(sim, obd, 'start_index_map', 'operand_batching_dims');
  c.unique(ibd, 'start_indices_batching_dims');
  c.inRange(ibd, ri, 'start_indices_batching_dims');
  if (ibd.includes(ivd)) fail('gather', `Gather op cannot have the index vector dimension as a batching dimension; got ${tuple(ibd)}.`, shapes);
  if (obd.length !== ibd.length)
    fail('gather', `Gather op requires equal numbers of operand_batching_dims and start_indices_batching_dims, got ${tuple(obd)} and ${tuple(ibd)}.`, shapes);
  const opBatch = obd.map((d) => op.shape[d]!), idxBatch = ibd.map((d) => idx.shape[d]!);
  if (opBatch.some((s, i) => s !== idxBatch[i]))
    fail('gather', `Gather op requires operand batching dimensions and indices batching dimensions to have the same shape, got ${tuple(opBatch)} and ${tuple(idxBatch)}.`, shapes);
  const ss = p.sliceSizes;
  if (ss.length !== r)
    fail('gather', `Gather op must have one slice size for every input dimension; got: len(slice_sizes)=${ss.length}, input_shape.rank=${r}`, shapes);
  if (ss.length !== offsetDims.length + collapsed.length + obd.length)
    fail('gather', `All components of the offset index in a gather op must either be a offset dimension or explicitly collapsed/batching; got len(slice_sizes)=${ss.length}, output_slice_sizes=${tuple(offsetDims)}, collapsed_slice_dims=${tuple(collapsed)}, operand_batching_dims=${tuple(obd)}.`, shapes);
  const emptyIndices = sizeOf(idx.shape) === 0;
  ss.forEach((s, i) => {
    // JAX lets a slice outgrow an operand that empty indices never read, but never be negative
    if (!Number.isInteger(s) || s < 0 || (!emptyIndices && op.shape[i]! < s))
      fail('gather', `Slice size at index ${i} in gather op is out of range, must be within [0, ${op.shape[i]} + 1), got ${s}.`, shapes);
  });
  collapsed.forEach((d, i) => {
    if (ss[d] !== 1) fail('gather', `Gather op can only collapse slice dims with bound 1, but bound is ${ss[d]} for index ${d} at position ${i}.`, shapes);
  });
  obd.forEach((d, i) => {
    if (ss[d]! > 1) fail('gather', `Gather op can only have operand batching dims with bound 0/1, but bound is ${ss[d]} for index ${d} at position ${i}.`, shapes);
  });
  // _gather_shape_computation: offset dims take the kept slice sizes, the others the indices' batch dims
  const kept = ss.filter((_, i) => !collapsed.includes(i) && !obd.includes(i));
  const batch = idx.shape.slice(0, ivd);
  let a = 0, b = 0;
  return Array.from({ length: outRank }, (_, i) => (offsetDims.includes(i) ? kept[a++]! : batch[b++]!));
}

/** The updates axes paired with the indices batching dims (`_get_updates_batching_dims`). */
function updatesBatchingDims(ibd: readonly number[], uwd: readonly number[], ivd: number, updRank: number): number[] {
  const scatterDimInUpdates: (number | null)[] = Array.from({ length: ivd }, (_, i) => i);
  for (const w of uwd) scatterDimInUpdates.splice(w, 0, null);
  return ibd.map((d) => (scatterDimInUpdates.length === updRank ? scatterDimInUpdates.indexOf(d) : -1));
}

/** JAX's checks of a scatter (`_scatter_shape_rule`); the output has the operand's shape. */
export function checkScatter(name: string, op: Shaped, idx: Shaped, upd: Shaped, p: ScatterGeneralParams): void {
  const shapes = `operand ${op.dtype}${fmtShape(op.shape)}, indices shape ${fmtShape(idx.shape)}, updates ${upd.dtype}${fmtShape(upd.shape)}`;
  checkIndexDtype(name, idx);
  if (op.dtype !== upd.dtype) throw new TypeError(`${name} requires arguments to have the same dtypes, got ${op.dtype}, ${upd.dtype} (${name}: ${shapes})`);
  const c = dimsCheckers('scatter', shapes);
  const { updateWindowDims: uwd, insertedWindowDims: iwd, scatterDimsToOperandDims: sdod, operandBatchingDims: obd, scatterIndicesBatchingDims: ibd } = p.dimensionNumbers;
  const r = op.shape.length, ri = idx.shape.length, ivd = ri - 1, ru = upd.shape.length;
  if (ivd < 0) fail(name, `Scatter index leaf dimension must be within [0, rank(indices) + 1). rank(indices) is ${ri} and scatter index leaf dimension is ${ivd}.`, shapes);
  const expectedRank = ri - 1 + uwd.length;
  if (ru !== expectedRank) fail(name, `Updates tensor must be of rank ${expectedRank}; got ${ru}.`, shapes);
  c.sorted(uwd, 'update_window_dims');
  c.unique(uwd, 'update_window_dims');
  c.inRange(uwd, ru, 'update_window_dims');
  c.sorted(iwd, 'inserted_window_dims');
  c.unique(iwd, 'inserted_window_dims');
  c.inRange(iwd, r, 'inserted_window_dims');
  c.sorted(obd, 'operand_batching_dims');
  c.unique(obd, 'operand_batching_dims');
  c.inRange(obd, r, 'operand_batching_dims');
  c.disjoint(iwd, obd, 'inserted_window_dims', 'operand_batching_dims');
  c.disjoint(sdod, obd, 'scatter_dims_to_operand_dims', 'operand_batching_dims');
  c.unique(ibd, 'scatter_indices_batching_dims');
  c.inRange(ibd, ri, 'scatter_indices_batching_dims');
  if (ibd.includes(ivd)) fail(name, `Scatter op cannot have the index vector dimension as a batching dimension; got ${tuple(ibd)}.`, shapes);
  if (obd.length !== ibd.length)
    fail(name, `Scatter op requires equal numbers of operand_batching_dims and scatter_indices_batching_dims, got ${tuple(obd)} and ${tuple(ibd)}.`, shapes);
  const opBatch = obd.map((d) => op.shape[d]!), idxBatch = ibd.map((d) => idx.shape[d]!);
  if (opBatch.some((s, i) => s !== idxBatch[i]))
    fail(name, `Scatter op requires operand batching dimensions and indices batching dimensions to have the same shape, got ${tuple(opBatch)} and ${tuple(idxBatch)}.`, shapes);
  const updBatch = updatesBatchingDims(ibd, uwd, ivd, ru).map((d) => upd.shape[d]!);
  if (opBatch.some((s, i) => s !== updBatch[i]))
    fail(name, `Scatter op requires operand batching dimensions and updates batching dimensions to have the same shape, got ${tuple(opBatch)} and ${tuple(updBatch)}.`, shapes);
  const windowSize = uwd.length + iwd.length + obd.length;
  if (r !== windowSize) fail(name, `Scatter op has window of size ${windowSize}; doesn't match operand of rank ${r}.`, shapes);
  if (sdod.length !== idx.shape[ivd])
    fail(name, `Scatter op has ${sdod.length} elements in scatter_dims_to_operand_dims and the bound of dimension index_vector_dim=${ivd} of indices is ${idx.shape[ivd]}. These two numbers must be equal`, shapes);
  sdod.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0 || d >= r) fail(name, `Invalid scatter_dims_to_operand_dims mapping; domain is [0, ${r}), got: ${i}->${d}.`, shapes);
  });
  c.unique(sdod, 'scatter_dims_to_operand_dims');
  const maxSizes = op.shape.filter((_, i) => !iwd.includes(i) && !obd.includes(i));
  uwd.forEach((w, i) => {
    if (maxSizes[i]! < upd.shape[w]!)
      fail(name, `Bounds of the window dimensions of updates must not exceed the bounds of the corresponding dimensions of operand. For dimension ${w}, updates bound is ${upd.shape[w]}, operand bound is ${maxSizes[i]}.`, shapes);
  });
  let seen = 0;
  for (let i = 0; i < ru; i++) {
    if (uwd.includes(i)) continue;
    if (upd.shape[i] !== idx.shape[seen])
      fail(name, `Bounds of the scatter dimensions of updates must be the same as the bounds of the corresponding dimensions of scatter indices. For scatter dimension ${i}, updates bound is ${upd.shape[i]}, indices bound is ${idx.shape[seen]}.`, shapes);
    seen++;
  }
}

/** Contiguous runs of a window: `len` elements at `a[r]` on one side, `b[r]` on the other. */
export interface Runs {
  readonly a: number[];
  readonly b: number[];
  readonly len: number[];
}

/** The window's elements in row-major order of `sizes`, merged into runs contiguous on both sides. */
export function windowRuns(sizes: readonly number[], aStrides: readonly number[], bStrides: readonly number[]): Runs {
  const runs: Runs = { a: [], b: [], len: [] };
  const n = sizeOf(sizes), nd = sizes.length;
  const at = new Array<number>(nd).fill(0);
  let oa = 0, ob = 0;
  for (let w = 0; w < n; w++) {
    const last = runs.len.length - 1;
    if (last >= 0 && runs.a[last]! + runs.len[last]! === oa && runs.b[last]! + runs.len[last]! === ob) runs.len[last]!++;
    else {
      runs.a.push(oa);
      runs.b.push(ob);
      runs.len.push(1);
    }
    for (let d = nd - 1; d >= 0; d--) {
      oa += aStrides[d]!;
      ob += bStrides[d]!;
      if (++at[d]! < sizes[d]!) break;
      oa -= sizes[d]! * aStrides[d]!;
      ob -= sizes[d]! * bStrides[d]!;
      at[d] = 0;
    }
  }
  return runs;
}

/** Per index vector (row-major): the operand offset of its window and the offset of its batch position. */
export interface WindowStarts {
  /** -1 where the window is out of range and not clamped (`fill_or_drop`, or a scatter's `promise_in_bounds`). */
  readonly start: Int32Array;
  /** In the output (gather) or the updates (scatter), from `otherStrides` (one per indices batch axis). */
  readonly other: Int32Array;
}

/** Computes each index vector's window start once (clamped, or -1 when skipped) and its batch offset. */
export function windowStarts(
  opShape: Shape,
  idxShape: Shape,
  ix: ArrayLike<number>,
  startMap: readonly number[],
  operandBatching: readonly number[],
  indicesBatching: readonly number[],
  windowSizes: readonly number[],
  mode: GatherScatterMode,
  promiseClamps: boolean,
  otherStrides: readonly number[],
): WindowStarts {
  const opSt = stridesOf(opShape);
  const batch = idxShape.slice(0, -1), nb = batch.length, k = idxShape[nb]!;
  const n = sizeOf(batch);
  const start = new Int32Array(n), other = new Int32Array(n);
  const at = new Array<number>(nb).fill(0);
  const hi = startMap.map((d) => opShape[d]! - windowSizes[d]!);
  const st = startMap.map((d) => opSt[d]!);
  const checkOnly = mode === 'fill_or_drop' || (mode === 'promise_in_bounds' && !promiseClamps);
  if (k === 1 && nb === 1 && operandBatching.length === 0) {
    // a list of scalar indices (x[indices], rows...): one loop without the odometer
    const h = hi[0]!, s1 = st[0]!, os = otherStrides[0]!;
    for (let i = 0; i < n; i++) {
      const s = ix[i]!;
      start[i] = checkOnly ? (s < 0 || s > h ? -1 : s * s1) : (s < 0 ? 0 : s > h ? h : s) * s1;
      other[i] = i * os;
    }
    return { start, other };
  }
  let o = 0;
  for (let i = 0; i < n; i++) {
    let s0 = 0;
    for (let j = 0; j < k; j++) {
      const s = ix[i * k + j]!, h = hi[j]!;
      if (checkOnly) {
        if (s < 0 || s > h) {
          s0 = -1;
          break;
        }
        s0 += s * st[j]!;
      } else s0 += (s < 0 ? 0 : s > h ? h : s) * st[j]!;
    }
    if (s0 >= 0) for (let m = 0; m < operandBatching.length; m++) s0 += at[indicesBatching[m]!]! * opSt[operandBatching[m]!]!;
    start[i] = s0;
    other[i] = o;
    for (let d = nb - 1; d >= 0; d--) {
      o += otherStrides[d]!;
      if (++at[d]! < batch[d]!) break;
      o -= batch[d]! * otherStrides[d]!;
      at[d] = 0;
    }
  }
  return { start, other };
}
