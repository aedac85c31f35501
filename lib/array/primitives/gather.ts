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
  forEachWindow,
  gatherShape,
  windowRuns,
  type GatherGeneralParams,
  type Runs,
  type ScatterCombiner,
  type ScatterGeneralParams,
} from './gather-dims';

export * from './gather-dims';

/** Runs longer than this are copied with `set` (a memcpy); shorter ones element by element. */
const SET_RUN = 32;

function copyRuns(x: TypedArray, xo: number, y: TypedArray, yo: number, runs: Runs): void {
  for (let r = 0; r < runs.len.length; r++) {
    const a = xo + runs.a[r]!, b = yo + runs.b[r]!, len = runs.len[r]!;
    if (len > SET_RUN) y.set(x.subarray(a, a + len), b);
    else for (let t = 0; t < len; t++) y[b + t] = x[a + t]!;
  }
}

function fillRuns(y: TypedArray, yo: number, v: number, runs: Runs): void {
  for (let r = 0; r < runs.len.length; r++) y.fill(v, yo + runs.b[r]!, yo + runs.b[r]! + runs.len[r]!);
}

/** `y[a] = f(y[a], u[b])` over the runs; typed-array stores round floats and wrap ints as XLA does. */
type Combine = (y: TypedArray, yo: number, u: TypedArray, uo: number, runs: Runs) => void;
const combineWith = (f: (a: number, b: number) => number): Combine => (y, yo, u, uo, runs) => {
  for (let r = 0; r < runs.len.length; r++) {
    const a = yo + runs.a[r]!, b = uo + runs.b[r]!, len = runs.len[r]!;
    for (let t = 0; t < len; t++) y[a + t] = f(y[a + t]!, u[b + t]!);
  }
};

const replaceRuns: Combine = (y, yo, u, uo, runs) => {
  for (let r = 0; r < runs.len.length; r++) {
    const a = yo + runs.a[r]!, b = uo + runs.b[r]!, len = runs.len[r]!;
    if (len > SET_RUN) y.set(u.subarray(b, b + len), a);
    else for (let t = 0; t < len; t++) y[a + t] = u[b + t]!;
  }
};

const combiners: Record<ScatterCombiner, (dtype: DType) => Combine> = {
  replace: () => replaceRuns,
  // a sum of two int32s is exact in a double and the Int32Array store wraps it; bools add as OR
  add: (d) => (d === 'bool' ? combineWith((a, b) => a | b) : combineWith((a, b) => a + b)),
  mul: (d) => (d === 'bool' ? combineWith((a, b) => a & b) : d === 'float32' || d === 'float64' ? combineWith((a, b) => a * b) : combineWith(Math.imul)),
  min: () => combineWith(Math.min),
  max: () => combineWith(Math.max),
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
      const x = op!.data;
      forEachWindow(op!.shape, idx!.shape, idx!.data, dn.startIndexMap, dn.operandBatchingDims, dn.startIndicesBatchingDims, p.sliceSizes, p.mode, true,
        batchOut.map((d) => outSt[d]!), (start, o) => (start < 0 ? fillRuns(y.data, o, fill, runs) : copyRuns(x, start, y.data, o, runs)));
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
      const combine = combiners[p.combiner](out.dtype);
      forEachWindow(op!.shape, idx!.shape, idx!.data, dn.scatterDimsToOperandDims, dn.operandBatchingDims, dn.scatterIndicesBatchingDims, windowSizes, p.mode, false,
        scatterUpd.map((d) => updSt[d]!), (start, o) => start >= 0 && combine(y.data, start, u.data, o, runs));
      return y;
    },
  } satisfies PrimitiveSpec<ScatterGeneralParams>,
};
