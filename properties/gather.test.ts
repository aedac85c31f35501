/**
 * Laws of the general gather and scatter (lax.gather / scatter / scatterAdd / Mul / Min / Max) on
 * the cases of ./gather-cases (JAX's testGather / testScatter layouts, every mode and combiner,
 * indices reaching past both ends):
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
import type { NDArray } from '../lib/array/ndarray';
import { jit } from '../lib/transforms/jit';
import { argValuesArb, checkFiniteDifferences, dotProductLaw, gradCase, gradOfVmapLaw } from './ad-laws';
import { COMBINERS, gatherAny, gatherCase, scatterAny, scatterCase, small } from './gather-cases';
import { bitEqual, describeHost, fromNDArray, host, toNDArray } from './host';
import { lawCase, nestedVmapLaw, vmapLaw, type LawCase } from './laws';

const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const runs = (n: number) => ({ numRuns: Math.ceil(n * SCALE) });
const range = (n: number): number[] => [...Array(n).keys()];

/** The case with every argument but `keep` fixed (constants vmap does not map): one argument batched alone. */
const onlyMapping = (c: LawCase, keep: number): LawCase =>
  lawCase(
    `${c.name}, argument ${keep} alone mapped`,
    c.args.chain((inst) =>
      argValuesArb(inst).map((values) => ({
        shapes: [inst.shapes[keep]!],
        dtypes: [inst.dtypes[keep]!],
        valueArbs: [inst.valueArbs?.[keep]],
        fn: (x: NDArray) => inst.fn(...values.map((v, a) => (a === keep ? x : toNDArray(v)))),
        params: { ...(inst.params as object), fixed: values.map((v, a) => (a === keep ? null : v.data)) },
      })),
    ),
  );

describe('vmap law: gather and scatter, every mode and combiner', () => {
  it('operand alone, indices alone, updates alone', () => {
    for (const keep of [0, 1]) fc.assert(vmapLaw(onlyMapping(gatherAny, keep)), runs(40));
    for (const keep of [0, 1, 2]) fc.assert(vmapLaw(onlyMapping(scatterAny, keep)), runs(40));
  });
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
