/**
 * Laws for np.fft (lib/numpy/fft.ts), whose transforms are compositions of primitives:
 * - vmap (flat and nested) equals the stacked per-example loop, bit for bit;
 * - jit(f)(x) equals f(x), bit for bit (the same primitives, evaluated by generated loops);
 * - the dot-product test <vjp(f)(u), v> == <u, jvp(f)(v)> (every transform here is linear, so this
 *   checks the transpose of the whole composition against its linearisation), float64 inputs.
 * A complex result is returned as one array, its real and imaginary parts stacked on a new last axis.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { jit } from '../lib/transforms/jit';
import { dotProductLaw, float64Cases } from './ad-laws';
import { valueArb } from './arbitraries';
import { bitEqual, describeHost, fromNDArray, host, toNDArray } from './host';
import { nestedVmapLaw, vmapLaw, type LawCase } from './laws';
import { fftNpCases as fftCases } from './np-cases-fft';

const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const runs = (n: number) => ({ numRuns: Math.ceil(n * SCALE) });


describe('vmap law: np.fft, flat and nested, bit for bit', () => {
  for (const c of fftCases)
    it(c.name, () => {
      const long = c.name.endsWith('long');
      fc.assert(vmapLaw(c), runs(long ? 10 : 40));
      fc.assert(nestedVmapLaw(c), runs(long ? 3 : 12));
    }, 600_000);
});

/** jit(f)(x) against f(x), bit for bit, on random instances and values. */
const jitLaw = (c: LawCase) =>
  fc.property(
    c.args.chain((inst) =>
      fc
        .tuple(...inst.shapes.map((s, a) => fc.array(inst.valueArbs?.[a] ?? valueArb(inst.dtypes[a]!), { minLength: s.reduce((p, q) => p * q, 1), maxLength: s.reduce((p, q) => p * q, 1) })))
        .map((data) => ({ inst, hosts: data.map((d, a) => host(inst.shapes[a]!, inst.dtypes[a]!, d)) })),
    ),
    ({ inst, hosts }) => {
      const args = hosts.map(toNDArray);
      const want = fromNDArray(inst.fn(...args));
      const got = fromNDArray(jit(inst.fn)(...args));
      const d = bitEqual(got, want);
      if (d !== null) throw new Error(`${c.name} ${JSON.stringify(inst.params)}: jit(f)(x) != f(x): ${d}\n  jit ${describeHost(got)}\n  f   ${describeHost(want)}`);
    },
  );

describe('jit(f)(x) == f(x), bit for bit: np.fft', () => {
  for (const c of fftCases) it(c.name, () => fc.assert(jitLaw(c), runs(c.name.endsWith('long') ? 5 : 20)), 600_000);
});

describe('dot-product test (the transforms are linear): <vjp(u), v> == <u, jvp(v)>', () => {
  for (const c of float64Cases(fftCases)) it(c.name, () => fc.assert(dotProductLaw(c), runs(c.name.endsWith('long') ? 5 : 20)), 600_000);
});
