/**
 * XLA's general gather and scatter (`gather_general`, `scatter_general`), beside the one-axis
 * `gather`/`scatter_add` of ./indexing.ts that np.take and friends use. Kernels work on flat buffers:
 * each index vector's window offset is computed once, then the window is copied (or combined) as
 * runs that are contiguous in both the operand and the output/updates.
 */
import { castScalar, type DType, type TypedArray } from '../dtype';
import type { PrimitiveSpec } from '../ir';
import { makeBuffer } from '../kernels';
import { range, stridesOf } from '../shape';
import {
  checkScatter,
  gatherShape,
  windowRuns,
  windowStarts,
  type GatherGeneralParams,
  type Runs,
  type ScatterCombiner,
  type ScatterGeneralParams,
  type WindowStarts,
} from './gather-dims';

export * from './gather-dims';

/** Runs longer than this are copied with `set` (a memcpy); shorter ones element by element. */
const SET_RUN = 32;

/** out[other + run] = x[start + run] for every window (fill where start is -1). */
function gatherWindows(x: TypedArray, y: TypedArray, { start, other }: WindowStarts, runs: Runs, fill: number): void {
  const n = start.length;
  if (runs.len.length === 1 && runs.len[0] === 1) {
    // one element per window (x[indices]): the common case, one tight loop
    const a = runs.a[0]!, b = runs.b[0]!;
    for (let i = 0; i < n; i++) {
      const s = start[i]!;
      y[other[i]! + b] = s < 0 ? fill : x[s + a]!;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const s = start[i]!, o = other[i]!;
    for (let r = 0; r < runs.len.length; r++) {
      const b = o + runs.b[r]!, len = runs.len[r]!;
      if (s < 0) y.fill(fill, b, b + len);
      else if (len > SET_RUN) y.set(x.subarray(s + runs.a[r]!, s + runs.a[r]! + len), b);
      else for (let t = 0, a = s + runs.a[r]!; t < len; t++) y[b + t] = x[a + t]!;
    }
  }
}

/** `y[a] = f(y[a], u[b])` over every kept window; typed-array stores round floats and wrap ints as XLA does. */
function combineWindows(y: TypedArray, u: TypedArray, { start, other }: WindowStarts, runs: Runs, f: (a: number, b: number) => number): void {
  for (let i = 0; i < start.length; i++) {
    const s = start[i]!, o = other[i]!;
    if (s < 0) continue;
    for (let r = 0; r < runs.len.length; r++) {
      const a = s + runs.a[r]!, b = o + runs.b[r]!, len = runs.len[r]!;
      for (let t = 0; t < len; t++) y[a + t] = f(y[a + t]!, u[b + t]!);
    }
  }
}

/** The two combiners every gradient uses, as loops without a call per element. */
function replaceWindows(y: TypedArray, u: TypedArray, { start, other }: WindowStarts, runs: Runs): void {
  for (let i = 0; i < start.length; i++) {
    const s = start[i]!, o = other[i]!;
    if (s < 0) continue;
    for (let r = 0; r < runs.len.length; r++) {
      const a = s + runs.a[r]!, b = o + runs.b[r]!, len = runs.len[r]!;
      if (len > SET_RUN) y.set(u.subarray(b, b + len), a);
      else for (let t = 0; t < len; t++) y[a + t] = u[b + t]!;
    }
  }
}

function addWindows(y: TypedArray, u: TypedArray, { start, other }: WindowStarts, runs: Runs): void {
  // a sum of two int32s is exact in a double and the Int32Array store wraps it
  if (runs.len.length === 1 && runs.len[0] === 1) {
    // one element per window (x.at[indices].add): one tight loop, as gatherWindows has
    const a = runs.a[0]!, b = runs.b[0]!;
    for (let i = 0; i < start.length; i++) {
      const s = start[i]!;
      if (s >= 0) y[s + a] = y[s + a]! + u[other[i]! + b]!;
    }
    return;
  }
  for (let i = 0; i < start.length; i++) {
    const s = start[i]!, o = other[i]!;
    if (s < 0) continue;
    for (let r = 0; r < runs.len.length; r++) {
      const a = s + runs.a[r]!, b = o + runs.b[r]!, len = runs.len[r]!;
      for (let t = 0; t < len; t++) y[a + t] = y[a + t]! + u[b + t]!;
    }
  }
}

type Combine = (y: TypedArray, u: TypedArray, w: WindowStarts, runs: Runs) => void;
const withF = (f: (a: number, b: number) => number): Combine => (y, u, w, runs) => combineWindows(y, u, w, runs, f);
const combiners: Record<ScatterCombiner, (dtype: DType) => Combine> = {
  replace: () => replaceWindows,
  add: (d) => (d === 'bool' ? withF((a, b) => a | b) : addWindows), // bools add as OR
  mul: (d) => (d === 'bool' ? withF((a, b) => a & b) : d === 'float32' || d === 'float64' ? withF((a, b) => a * b) : withF(Math.imul)),
  min: () => withF(Math.min),
  max: () => withF(Math.max),
};

/** The operand axes that are window axes (neither collapsed/inserted nor batching), ascending. */
const windowAxes = (rank: number, dropped: readonly number[], batching: readonly number[]) =>
  range(rank).filter((d) => !dropped.includes(d) && !batching.includes(d));

/** The name a scatter's errors use: JAX's function for the combiner. */
export const scatterName = (c: ScatterCombiner): string => (c === 'replace' ? 'scatter' : `scatter_${c}`);

export const gatherRules = {
  gather_general: {
    shape: ([op, idx], p) => ({ ...op!, shape: gatherShape(op!, idx!, p) }),
    impl: ([op, idx], p, out) => {
      const dn = p.dimensionNumbers;
      const y = makeBuffer(out.dtype, out.shape);
      const opSt = stridesOf(op!.shape), outSt = stridesOf(out.shape);
      const od = windowAxes(op!.shape.length, dn.collapsedSliceDims, dn.operandBatchingDims);
      const runs = windowRuns(od.map((d) => p.sliceSizes[d]!), od.map((d) => opSt[d]!), dn.offsetDims.map((d) => outSt[d]!));
      const batchOut = range(out.shape.length).filter((d) => !dn.offsetDims.includes(d));
      const fill = castScalar(Number(p.fillValue), out.dtype);
      const starts = windowStarts(op!.shape, idx!.shape, idx!.data, dn.startIndexMap, dn.operandBatchingDims, dn.startIndicesBatchingDims, p.sliceSizes, p.mode, true,
        batchOut.map((d) => outSt[d]!));
      gatherWindows(op!.data, y.data, starts, runs, fill);
      return y;
    },
  } satisfies PrimitiveSpec<GatherGeneralParams>,

  scatter_general: {
    shape: ([op, idx, upd], p) => {
      checkScatter(scatterName(p.combiner), op!, idx!, upd!, p);
      return op!;
    },
    /** Updates are combined in row-major order of the index vectors, so batched and per-example agree bit for bit. */
    impl: ([op, idx, upd], p, out) => {
      const dn = p.dimensionNumbers, u = upd!;
      const y = makeBuffer(out.dtype, out.shape, op!.data.slice());
      const opSt = stridesOf(op!.shape), updSt = stridesOf(u.shape);
      const wd = windowAxes(op!.shape.length, dn.insertedWindowDims, dn.operandBatchingDims);
      const windowSizes = op!.shape.map(() => 1);
      wd.forEach((d, i) => (windowSizes[d] = u.shape[dn.updateWindowDims[i]!]!));
      const runs = windowRuns(dn.updateWindowDims.map((w) => u.shape[w]!), wd.map((d) => opSt[d]!), dn.updateWindowDims.map((w) => updSt[w]!));
      const scatterUpd = range(u.shape.length).filter((d) => !dn.updateWindowDims.includes(d));
      const starts = windowStarts(op!.shape, idx!.shape, idx!.data, dn.scatterDimsToOperandDims, dn.operandBatchingDims, dn.scatterIndicesBatchingDims, windowSizes, p.mode, false,
        scatterUpd.map((d) => updSt[d]!));
      combiners[p.combiner](out.dtype)(y.data, u.data, starts, runs);
      return y;
    },
  } satisfies PrimitiveSpec<ScatterGeneralParams>,
};
