/**
 * Laws of the general gather and scatter (lax.gather / scatter / scatterAdd / Mul / Min / Max) on
 * the dimension-number layouts of JAX's testGather / testScatter (tests/lax_test.py), every mode
 * and combiner, indices reaching past both ends:
 * - the vmap law (./laws): vmap(f)(xs) == stack of f over slices, bit for bit, with random in_axes
 *   (null included: operand only, indices only, both) and out_axes, one and two levels deep;
 * - jit(f)(x) == f(x), bit for bit;
 * - the dot-product test <vjp(f)(u), v> == <u, jvp(f)(v)> (./ad-laws, DOT_RTOL) for every combiner;
 * - grad == central finite differences (./ad-laws, FD_RTOL) where the function is smooth;
 * - vmap(grad f) == stack of grad f and grad of a vmapped loss == stacked grads, bit for bit (the
 *   derivative graphs, ids trick and tie counting included, batch like everything else).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { gather, scatter, scatterAdd, scatterMax, scatterMin, scatterMul, type GatherDimensionNumbers, type GatherScatterModeName, type ScatterDimensionNumbers } from '../lib/lax/gather';
import { jit } from '../lib/transforms/jit';
import { argValuesArb, checkFiniteDifferences, dotProductLaw, gradCase, gradOfVmapLaw } from './ad-laws';
import { valueArb } from './arbitraries';
import { bitEqual, describeHost, fromNDArray, host, toNDArray } from './host';
import { lawCase, nestedVmapLaw, vmapLaw, type CaseArgs, type LawCase } from './laws';

const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const runs = (n: number) => ({ numRuns: Math.ceil(n * SCALE) });
const range = (n: number): number[] => [...Array(n).keys()];

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
type Combiner = keyof typeof SCATTERS;
const COMBINERS = Object.keys(SCATTERS) as Combiner[];

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
function gatherCase(name: string, dtypes: readonly DType[], values: (d: DType) => fc.Arbitrary<number>, inBounds = false, fillValue?: number): LawCase {
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

function scatterCase(name: string, combiners: readonly Combiner[], dtypes: readonly DType[], values: (d: DType) => fc.Arbitrary<number>, inBounds = false): LawCase {
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

const anyValue = (d: DType) => valueArb(d, 'any');
const small = (d: DType) => valueArb(d, 'small');
const gatherAny = gatherCase('gather', ['float64', 'float32', 'int32', 'bool'], anyValue);
const scatterAny = scatterCase('scatter', COMBINERS, ['float64', 'float32', 'int32'], anyValue);

describe('vmap law: gather and scatter, every mode and combiner', () => {
  it('gather, one level (operand, indices or both batched)', () => fc.assert(vmapLaw(gatherAny), runs(150)));
  it('scatter, one level', () => fc.assert(vmapLaw(scatterAny), runs(200)));
  it('gather and scatter, nested vmaps', () => {
    fc.assert(nestedVmapLaw(gatherAny), runs(50));
    fc.assert(nestedVmapLaw(scatterAny), runs(60));
  });
});

/** jit(f)(x) against f(x), bit for bit. */
const jitLaw = (c: LawCase) =>
  fc.property(
    c.args.chain((inst) => argValuesArb(inst).map((values) => ({ inst, values }))),
    ({ inst, values }) => {
      const args = values.map(toNDArray);
      const want = fromNDArray(inst.fn(...args)), got = fromNDArray(jit(inst.fn)(...args));
      const d = bitEqual(got, want);
      if (d) throw new Error(`jit(f)(x) != f(x): ${d}\n  ${describeHost(got)}\n  ${describeHost(want)}\n  ${JSON.stringify(inst.params)}`);
    },
  );

describe('jit(f)(x) == f(x), bit for bit', () => {
  it('gather', () => fc.assert(jitLaw(gatherAny), runs(60)));
  it('scatter', () => fc.assert(jitLaw(scatterAny), runs(80)));
});

describe('derivatives', () => {
  const f64 = ['float64'] as const;
  it('dot-product test: gather, and every scatter combiner (ties and duplicates included)', () => {
    fc.assert(dotProductLaw(gatherCase('gather', f64, small, true, 0.5)), runs(80));
    fc.assert(dotProductLaw(scatterCase('scatter', COMBINERS, f64, small, true)), runs(250));
  });

  it('vmap(grad f) and grad(vmap f) equal the per-example gradients, bit for bit', () => {
    const floats = ['float64', 'float32'] as const;
    const g = gatherCase('gather', floats, small), sc = scatterCase('scatter', COMBINERS, floats, small);
    fc.assert(vmapLaw(gradCase(g)), runs(40));
    fc.assert(vmapLaw(gradCase(sc)), runs(80));
    fc.assert(gradOfVmapLaw(g), runs(30));
    fc.assert(gradOfVmapLaw(sc), runs(60));
  });

  it('grad == finite differences: gather, and every scatter combiner away from ties', () => {
    // the float inputs are distinct magnitudes in [0.25, 2], at least 1.75 / n apart (n <= 60
    // elements: 0.03, far above the step 1e-6), with random signs: no min/max ties and no zero
    // factor of a product, so every case is smooth at the point
    const cases = [gatherCase('gather', f64, small, true, 0.5), scatterCase('scatter', COMBINERS, f64, small, true)];
    for (const c of cases)
      fc.assert(
        fc.property(
          c.args.chain((inst) => {
            const n = inst.shapes.filter((_, a) => a !== 1).reduce((acc, sh) => acc + sh.reduce((x, y) => x * y, 1), 0);
            const order = fc.shuffledSubarray(range(n), { minLength: n, maxLength: n });
            return fc.record({ inst: fc.constant(inst), values: argValuesArb(inst), order, signs: fc.array(fc.boolean(), { minLength: n, maxLength: n }) });
          }),
          fc.integer({ min: 1, max: 3 }),
          ({ inst, values, order, signs }, w) => {
            const idx = toNDArray(values[1]!);
            let k = 0;
            const distinct = () => (signs[k] ? -1 : 1) * (0.25 + (1.75 * order[k++]!) / order.length);
            const floats = values.filter((_, a) => a !== 1).map((v) => host(v.shape, v.dtype, v.data.map(distinct)));
            const f = (...xs: NDArray[]) => inst.fn(xs[0]!, idx, ...xs.slice(1));
            const out = f(...floats.map(toNDArray));
            const weights = host(out.shape, 'float64', range(out.shape.reduce((a, b) => a * b, 1)).map((i) => ((i * w) % 5) - 2));
            expect(checkFiniteDifferences({ f, describe: JSON.stringify(inst.params), values: floats, weights })).toBeNull();
          },
        ),
        runs(60),
      );
  });
});
