/**
 * Law cases for XLA's general gather and scatter (lax.gather and lax.scatter / scatterAdd / Mul /
 * Min / Max): the dimension-number layouts of JAX's testGather and testScatter (tests/lax_test.py),
 * every out-of-bounds mode and combiner, indices past both ends of the indexed axes (or, for the
 * differentiation laws under promise_in_bounds, windows in range: its gathers clamp where its
 * scatters drop, so the two are adjoint only in range). Used by ./gather.test.ts; `gatherCases`
 * is the list for the shared lax law tables.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { gather, scatter, scatterAdd, scatterMax, scatterMin, scatterMul, type GatherDimensionNumbers, type GatherScatterModeName, type ScatterDimensionNumbers } from '../lib/lax/gather';
import { valueArb } from './arbitraries';
import { lawCase, type CaseArgs, type LawCase } from './laws';

interface GatherLayout {
  readonly operand: number[];
  readonly indices: number[];
  readonly dn: GatherDimensionNumbers;
  readonly sliceSizes: number[];
}
/** testGather's layouts (the 10s shrunk to 4s: the laws loop over every example). */
const GATHER_LAYOUTS: readonly GatherLayout[] = [
  { operand: [5], indices: [2, 1], dn: { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0] }, sliceSizes: [1] },
  { operand: [4], indices: [3, 1], dn: { offsetDims: [1], collapsedSliceDims: [], startIndexMap: [0] }, sliceSizes: [2] },
  { operand: [4, 5], indices: [3, 1], dn: { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] }, sliceSizes: [1, 3] },
  { operand: [4, 5], indices: [2, 2], dn: { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0, 1] }, sliceSizes: [1, 3] },
  { operand: [3, 4], indices: [2, 1], dn: { offsetDims: [0], collapsedSliceDims: [1], startIndexMap: [1] }, sliceSizes: [3, 1] },
  {
    operand: [2, 5],
    indices: [2, 2, 1],
    dn: { offsetDims: [], collapsedSliceDims: [1], startIndexMap: [1], operandBatchingDims: [0], startIndicesBatchingDims: [0] },
    sliceSizes: [1, 1],
  },
  {
    operand: [2, 3, 4],
    indices: [3, 2, 1],
    dn: { offsetDims: [2], collapsedSliceDims: [], startIndexMap: [2], operandBatchingDims: [0, 1], startIndicesBatchingDims: [1, 0] },
    sliceSizes: [1, 1, 3],
  },
];

interface ScatterLayout {
  readonly operand: number[];
  readonly indices: number[];
  readonly updates: number[];
  readonly dn: ScatterDimensionNumbers;
}
/** testScatter's layouts (shrunk likewise), plus 2-d windows. */
const SCATTER_LAYOUTS: readonly ScatterLayout[] = [
  { operand: [5], indices: [3, 1], updates: [3], dn: { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] } },
  { operand: [4], indices: [3, 1], updates: [3, 2], dn: { updateWindowDims: [1], insertedWindowDims: [], scatterDimsToOperandDims: [0] } },
  { operand: [4, 5], indices: [3, 1], updates: [3, 3], dn: { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0] } },
  { operand: [3, 4], indices: [2, 2], updates: [2, 2, 2], dn: { updateWindowDims: [1, 2], insertedWindowDims: [], scatterDimsToOperandDims: [0, 1] } },
  {
    operand: [2, 5],
    indices: [2, 2, 1],
    updates: [2, 2],
    dn: { updateWindowDims: [], insertedWindowDims: [1], scatterDimsToOperandDims: [1], operandBatchingDims: [0], scatterIndicesBatchingDims: [0] },
  },
  {
    operand: [2, 3, 4],
    indices: [3, 2, 1],
    updates: [3, 2, 3],
    dn: { updateWindowDims: [2], insertedWindowDims: [], scatterDimsToOperandDims: [2], operandBatchingDims: [0, 1], scatterIndicesBatchingDims: [1, 0] },
  },
];

const MODES: readonly GatherScatterModeName[] = ['clip', 'fill', 'promise_in_bounds'];
const SCATTERS = { replace: scatter, add: scatterAdd, mul: scatterMul, min: scatterMin, max: scatterMax } as const;
export type Combiner = keyof typeof SCATTERS;
export const COMBINERS = Object.keys(SCATTERS) as Combiner[];

/**
 * Index values: past both ends of the largest indexed axis, or (inBounds) starts whose window
 * (`window[d]` long on operand axis d) fits in every indexed axis.
 */
const indexArb = (operand: readonly number[], starts: readonly number[], window: readonly number[], inBounds: boolean) =>
  inBounds
    ? fc.integer({ min: 0, max: Math.min(...starts.map((d) => operand[d]! - window[d]!)) })
    : fc.integer({ min: -2, max: Math.max(...starts.map((d) => operand[d]!)) + 1 });

/** A scatter's window length on each operand axis (1 on inserted and batching axes). */
function scatterWindow(s: ScatterLayout): number[] {
  let pos = 0;
  const dn = s.dn;
  return s.operand.map((_, d) => (dn.insertedWindowDims.includes(d) || (dn.operandBatchingDims ?? []).includes(d) ? 1 : s.updates[dn.updateWindowDims[pos++]!]!));
}

/** Gathers; `inBounds` for the AD laws under promise_in_bounds (its gathers clamp where scatters drop). */
export function gatherCase(name: string, dtypes: readonly DType[], values: (d: DType) => fc.Arbitrary<number>, inBounds = false, fillValue?: number): LawCase {
  return lawCase(
    name,
    fc.record({ g: fc.constantFrom(...GATHER_LAYOUTS), dtype: fc.constantFrom(...dtypes), mode: fc.constantFrom(...MODES) }).map(
      ({ g, dtype, mode }): CaseArgs => ({
        shapes: [g.operand, g.indices],
        dtypes: [dtype, 'int32'],
        valueArbs: [values(dtype), indexArb(g.operand, g.dn.startIndexMap, g.sliceSizes, inBounds && mode === 'promise_in_bounds')],
        fn: (op: NDArray, idx: NDArray) => gather(op, idx, g.dn, g.sliceSizes, { mode, fillValue: fillValue ?? (dtype === 'int32' ? -7 : undefined) }),
        params: { ...g, mode },
      }),
    ),
  );
}

export function scatterCase(name: string, combiners: readonly Combiner[], dtypes: readonly DType[], values: (d: DType) => fc.Arbitrary<number>, inBounds = false): LawCase {
  return lawCase(
    name,
    fc
      .record({ s: fc.constantFrom(...SCATTER_LAYOUTS), dtype: fc.constantFrom(...dtypes), mode: fc.constantFrom(...MODES), combiner: fc.constantFrom(...combiners) })
      .map(
        ({ s, dtype, mode, combiner }): CaseArgs => ({
          shapes: [s.operand, s.indices, s.updates],
          dtypes: [dtype, 'int32', dtype],
          valueArbs: [values(dtype), indexArb(s.operand, s.dn.scatterDimsToOperandDims, scatterWindow(s), inBounds && mode === 'promise_in_bounds'), values(dtype)],
          fn: (op: NDArray, idx: NDArray, upd: NDArray) => SCATTERS[combiner](op, idx, upd, s.dn, { mode }),
          params: { ...s, mode, combiner },
        }),
      ),
  );
}

export const anyValue = (d: DType) => valueArb(d, 'any');
export const small = (d: DType) => valueArb(d, 'small');
export const gatherAny = gatherCase('gather', ['float64', 'float32', 'int32', 'bool'], anyValue);
export const scatterAny = scatterCase('scatter', COMBINERS, ['float64', 'float32', 'int32'], anyValue);

/**
 * Both, every dtype, values of every kind (NaN, ±Infinity, -0, huge and tiny), for the shared lax
 * law tables (whose differentiation laws run every case: hence windows in range under
 * promise_in_bounds).
 */
export const gatherCases: readonly LawCase[] = [
  gatherCase('gatherGeneral', ['float64', 'float32', 'int32', 'bool'], anyValue, true),
  scatterCase('scatterGeneral', COMBINERS, ['float64', 'float32', 'int32'], anyValue, true),
];
