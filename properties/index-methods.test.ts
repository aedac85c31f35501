/**
 * Laws for `x.index(...)` and `x.at(...)` over random numpy indices (./index-cases): vmap and
 * vmap-of-vmap equal the stacked per-example results bit for bit, jit equals eager bit for bit,
 * the VJP is the transpose of the JVP (<vjp(u), v> = <u, jvp(v)>; both are linear maps of float64
 * values, to DOT_RTOL as in properties/ad.test.ts), and vmap of grad equals the stacked gradients;
 * and the results themselves equal a host reference of numpy's indexing (./index-oracle).
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { jit } from '../lib/transforms/jit';
import { dotProductLaw, float64Cases, floatOutputCases, gradCase } from './ad-laws';
import type { DType } from '../lib/array/dtype';
import type { Mode } from '../lib/array/index-types';
import { argValuesArb } from './ad-laws';
import { dtypeArb, NUMERIC_DTYPES } from './arbitraries';
import { bitEqual, castHost, describeHost, fromNDArray, host, toNDArray } from './host';
import { arrayShapes, entriesOf, indexDrawArb, indexMethodCases, resultShape } from './index-cases';
import { hostPositions } from './index-oracle';
import { values } from './np-cases';
import { nestedVmapLaw, vmapLaw, type LawCase } from './laws';

const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const runs = (n: number) => ({ numRuns: Math.ceil(n * SCALE) });
const TIMEOUT = 120_000;

/** jit(f)(x) == f(x), bit for bit, for random instances and values of a case. */
const jitLaw = (c: LawCase) =>
  fc.property(
    c.args.chain((inst) => argValuesArb(inst).map((vals) => ({ inst, vals }))),
    ({ inst, vals }) => {
      const args = vals.map(toNDArray);
      const want = fromNDArray(inst.fn(...args));
      const got = fromNDArray(jit(inst.fn)(...args));
      const d = bitEqual(got, want);
      if (d !== null)
        throw new Error(`jit(f)(x) != f(x): ${d}\n  jit ${describeHost(got)}\n  eager ${describeHost(want)}\n  ${String(inst.params)}`);
    },
  );

describe('index methods: vmap, jit and AD laws', () => {
  for (const c of indexMethodCases) {
    it(`${c.name}: vmap(f) == stacked f, bit for bit (flat and nested)`, () => {
      fc.assert(vmapLaw(c), runs(150));
      fc.assert(nestedVmapLaw(c), runs(40));
    }, TIMEOUT);
    it(`${c.name}: jit(f) == f, bit for bit`, () => fc.assert(jitLaw(c), runs(60)), TIMEOUT);
  }
  for (const c of float64Cases(indexMethodCases))
    it(`${c.name}: <vjp(u), v> == <u, jvp(v)>`, () => fc.assert(dotProductLaw(c), runs(60)), TIMEOUT);
  for (const c of floatOutputCases(indexMethodCases))
    it(`${c.name}: vmap(grad f) == stacked grad f, bit for bit`, () => fc.assert(vmapLaw(gradCase(c)), runs(30)), TIMEOUT);
});

/** Rounds a host sum to the dtype, as the array's own addition does. */
const addIn = (dtype: DType, a: number, b: number): number => (dtype === 'float32' ? Math.fround(a + b) : dtype === 'int32' ? (a + b) | 0 : a + b);
/** A host product rounded (floats) or wrapped (integers) to the dtype. */
const mulIn = (dtype: DType, a: number, b: number): number =>
  dtype === 'float32' ? Math.fround(a * b) : dtype === 'int32' ? Math.imul(a, b) : dtype === 'uint32' ? Math.imul(a, b) >>> 0 : a * b;
/**
 * The updates besides add/set, one element at a time in index order: min/max compare the values as
 * numbers (full-range uint32 too) and propagate NaN, as XLA's min/max (and order -0 below +0, as Math.min/max).
 */
const OTHER_UPDATES = {
  multiply: mulIn,
  min: (_: DType, a: number, b: number) => Math.min(a, b),
  max: (_: DType, a: number, b: number) => Math.max(a, b),
} as const;

describe('x.index and x.at == a host reference of numpy indexing (./index-oracle), bit for bit', () => {
  const exampleArb = fc
    .record({ draw: indexDrawArb, dtype: dtypeArb(NUMERIC_DTYPES), mode: fc.constantFrom<Mode>('promise_in_bounds', 'clip', 'fill', 'drop') })
    .chain(({ draw, dtype, mode }) => {
      const axisLen = Math.max(...draw.shape);
      const n = draw.shape.reduce((p, q) => p * q, 1);
      const outSize = resultShape(draw).reduce((p, q) => p * q, 1);
      return fc.record({
        draw: fc.constant(draw),
        dtype: fc.constant(dtype),
        mode: fc.constant(mode),
        x: fc.array(values(dtype, 'special'), { minLength: n, maxLength: n }),
        arrays: fc.tuple(...arrayShapes(draw).map((s) => fc.array(fc.integer({ min: -axisLen - 1, max: axisLen }), { minLength: s.length ? s[0]! : 1, maxLength: s.length ? s[0]! : 1 }))),
        u: fc.array(values(dtype, 'special'), { minLength: outSize, maxLength: outSize }),
      });
    });
  it('reads, adds (in index order), sets (the last duplicate wins), multiplies and takes min/max in every mode', () => {
    fc.assert(
      fc.property(exampleArb, ({ draw, dtype, mode, x, arrays, u }) => {
        const xs = host(draw.shape, dtype, x);
        const idx = arrays.map((a, i) => toNDArray(host(arrayShapes(draw)[i]!, 'int32', a)));
        const entries = entriesOf(draw, idx);
        const { shape, positions } = hostPositions(draw, arrays, mode);
        const fill = castHost(-7, dtype);
        const want = host(shape, dtype, positions.map((p) => (p === null ? fill : xs.data[p]!)));
        const got = fromNDArray(toNDArray(xs).index(...entries, { mode, fillValue: -7 }));
        const where = `${String(draw.entries.map((e) => e.kind))} shape ${JSON.stringify(draw.shape)} mode ${mode}`;
        const d = bitEqual(got, want);
        if (d !== null) throw new Error(`x.index: ${d}\n  got ${describeHost(got)}\n  want ${describeHost(want)}\n  ${where}`);
        const us = host(shape, dtype, u.map((w) => castHost(w, dtype)));
        const added = [...xs.data],
          set = [...xs.data];
        const others = Object.entries(OTHER_UPDATES).map(([op, f]) => ({ op: op as keyof typeof OTHER_UPDATES, f, data: [...xs.data] }));
        // updates skip what is out of bounds in every mode but 'clip' (promise_in_bounds: as XLA's scatter)
        hostPositions(draw, arrays, mode === 'clip' ? 'clip' : 'drop').positions.forEach((p, i) => {
          if (p === null) return;
          added[p] = addIn(dtype, added[p]!, us.data[i]!);
          set[p] = us.data[i]!;
          for (const o of others) o.data[p] = o.f(dtype, o.data[p]!, us.data[i]!);
        });
        for (const [op, data] of [['add', added] as const, ['set', set] as const, ...others.map((o) => [o.op, o.data] as const)]) {
          const r = fromNDArray(toNDArray(xs).at(...entries)[op](toNDArray(us), { mode }));
          const e = bitEqual(r, host(draw.shape, dtype, data));
          if (e !== null) throw new Error(`x.at ${op}: ${e}\n  got ${describeHost(r)}\n  ${where}`);
        }
      }),
      runs(300),
    );
  }, TIMEOUT);
});
