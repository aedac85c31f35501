/**
 * Laws for lax.sort over several operands with numKeys (lib/lax/sorting.ts): vmap and nested vmap
 * equal the stacked per-example sorts bit for bit (NaN, ±Infinity and -0 among the keys, and small
 * integers so keys tie), and the VJP is the transpose of the JVP.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { sort } from '../lib/lax/sorting';
import { np } from '../lib/numpy';
import { dotProductLaw, float64Cases } from './ad-laws';
import { dtypeArb, NUMERIC_DTYPES, shapeArb, valueArb } from './arbitraries';
import { lawCase, nestedVmapLaw, vmapLaw } from './laws';
import { values } from './np-cases';

const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const runs = (n: number) => ({ numRuns: Math.ceil(n * SCALE) });

const sortCase = lawCase(
  'lax.sort of several operands',
  fc
    .record({
      shape: shapeArb({ minRank: 1, maxRank: 2 }),
      dtypes: fc.array(dtypeArb(NUMERIC_DTYPES), { minLength: 1, maxLength: 3 }),
      keysFrac: fc.integer({ min: 1, max: 3 }),
      dim: fc.integer({ min: -2, max: 1 }),
      tiesOnly: fc.boolean(),
    })
    .map(({ shape, dtypes, keysFrac, dim, tiesOnly }) => {
      const numKeys = Math.min(keysFrac, dtypes.length);
      const dimension = ((dim % shape.length) + shape.length) % shape.length;
      return {
        shapes: dtypes.map(() => shape),
        dtypes: dtypes as DType[],
        // small integers make ties, so later keys and stability decide the order
        valueArbs: dtypes.map((d) => (tiesOnly ? valueArb(d, 'small') : values(d, 'special'))),
        fn: (...xs: NDArray[]) => np.stack(sort(xs, { numKeys, dimension }).map((x) => np.astype(x, 'float64'))),
        params: { numKeys, dimension, dtypes },
      };
    }),
);

describe('lax.sort over several operands: laws', () => {
  it('vmap(f) == stacked f, bit for bit (flat and nested)', () => {
    fc.assert(vmapLaw(sortCase), runs(150));
    fc.assert(nestedVmapLaw(sortCase), runs(40));
  });
  for (const c of float64Cases([sortCase])) it('<vjp(u), v> == <u, jvp(v)>', () => fc.assert(dotProductLaw(c), runs(60)));
});
