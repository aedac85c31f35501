/**
 * The vmap laws for the samplers: keys (any uint32 words) and parameters batched along any axis,
 * unmapped ones, nested vmaps, vmap∘jit and jit∘vmap — each equal to the stacked per-example loop,
 * bit for bit (JAX's promise that a sampler's bits do not depend on how it is batched).
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { random } from '../lib';
import { jit } from '../lib/transforms/jit';
import { vmap } from '../lib/transforms/vmap';
import { valueArb } from './arbitraries';
import { lawCase, nestedVmapLaw, vmapLaw, type LawCase, type VmapLike } from './laws';

const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const runs = (n: number) => ({ numRuns: Math.ceil(n * SCALE) });
const TIMEOUT = 120_000;

const word = fc.integer({ min: 0, max: 4294967295 });
/** A key argument plus extra arguments of fixed shapes and dtypes. */
function keyCase(name: string, fn: (k: NDArray, ...xs: NDArray[]) => NDArray, extra: readonly [number[], DType, fc.Arbitrary<number>][] = []): LawCase {
  return lawCase(
    `random.${name}`,
    fc.constant({
      shapes: [[2], ...extra.map(([s]) => s)],
      dtypes: ['uint32' as DType, ...extra.map(([, d]) => d)],
      valueArbs: [word, ...extra.map(([, , a]) => a)],
      fn: fn as (...xs: NDArray[]) => NDArray,
    }),
  );
}
const prob = fc.double({ min: 0, max: 1, noNaN: true });

const randomCases: LawCase[] = [
  keyCase('bits', (k) => random.bits(k, [2, 3])),
  keyCase('split', (k) => random.split(k, 3)),
  keyCase('foldIn (traced data)', (k, d) => random.foldIn(k, d!), [[[], 'int32', valueArb('int32', 'any')]]),
  keyCase('uniform float64 (traced bounds)', (k, lo) => random.uniform(k, [3], { minval: lo!, maxval: 7 }), [[[3], 'float64', valueArb('float64', 'small')]]),
  keyCase('uniform float32', (k) => random.uniform(k, [4], { dtype: 'float32' })),
  keyCase('normal', (k) => random.normal(k, [3])),
  keyCase('normal float32', (k) => random.normal(k, [2, 2], { dtype: 'float32' })),
  keyCase('bernoulli (traced p)', (k, p) => random.bernoulli(k, p!), [[[4], 'float64', prob]]),
  keyCase('randint (traced maxval)', (k, hi) => random.randint(k, [3], -5, hi!), [[[3], 'int32', valueArb('int32', 'any')]]),
  keyCase('categorical (traced logits)', (k, l) => random.categorical(k, l!, { shape: [2, 3] }), [[[3, 4], 'float64', valueArb('float64', 'small')]]),
  keyCase('permutation (traced x)', (k, x) => random.permutation(k, x!), [[[5, 2], 'float64', valueArb('float64', 'small')]]),
  keyCase('truncatedNormal (traced bounds)', (k, lo) => random.truncatedNormal(k, lo!, 4, [3]), [[[3], 'float64', valueArb('float64', 'small')]]),
  keyCase('exponential float32', (k) => random.exponential(k, [3], { dtype: 'float32' })),
  keyCase('gamma (traced a)', (k, a) => random.gamma(k, a!), [[[2], 'float64', fc.double({ min: 0.2, max: 5, noNaN: true })]]),
  keyCase('poisson', (k) => random.poisson(k, 4, [3])),
];

const vmapOfJit: VmapLike = (f, opts) => vmap(jit(f), opts);
const jitOfVmap: VmapLike = (f, opts) => jit(vmap(f, opts));

describe('vmap of a sampler == the loop over its keys, bit for bit', () => {
  for (const c of randomCases) {
    it(c.name, () => fc.assert(vmapLaw(c), runs(30)), TIMEOUT);
    it(`${c.name}: vmap of vmap == the double loop`, () => fc.assert(nestedVmapLaw(c), runs(10)), TIMEOUT);
    it(`${c.name}: vmap∘jit and jit∘vmap`, () => {
      fc.assert(vmapLaw(c, { vmap: vmapOfJit }), runs(8));
      fc.assert(vmapLaw(c, { vmap: jitOfVmap }), runs(8));
    }, TIMEOUT);
  }
});
