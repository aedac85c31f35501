/**
 * properties/oracle.ts: vmapLaw and batchedEquals for user functions. The first block is the
 * README's worked example, verbatim up to the import paths (checked by the last test).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LawCase } from '../properties/laws';
import { lax } from '../lib';

// readme:start
import { fc, test } from '@fast-check/vitest';
import { expect as expectThat } from 'vitest';
import { np, type NDArray } from '../lib';
import { batchedEquals, batchedEqualsExamples, checkOracle, ndarrayArb, vmapLaw, vmapLawExamples } from '../properties/oracle';

// the per-example function under test: one input vector [3], one weight matrix [3, 2]
const layer = (x: NDArray, w: NDArray) => np.tanh(np.matmul(x, w));
const args = [ndarrayArb([3]), ndarrayArb([3, 2])] as const;

// vmap(layer) equals the loop over the examples, for random batches, in_axes and out_axes
test('vmap(layer) is the stacked loop', () => {
  fc.assert(vmapLaw(layer, args, { inAxes: 'random', outAxes: 'random' }));
});

// the same law through @fast-check/vitest's test.prop
test.prop([vmapLawExamples(layer, args, { inAxes: [0, null] })])('vmap(layer), weights shared', checkOracle);

// a hand-batched layer, checked against vmap(layer): xs is [b, 3], w is shared
const layerBatched = (xs: NDArray, w: NDArray) => np.tanh(np.matmul(xs, w));
test.prop([batchedEqualsExamples(layerBatched, layer, args, { inAxes: [0, null] })])('layerBatched is vmap(layer)', checkOracle);

// a hand-batched version with a bug (the batch comes back reversed) is caught and shrunk
test('a wrong hand-batched layer is caught', () => {
  const reversed = (xs: NDArray, w: NDArray) => np.tanh(np.matmul(np.flip(xs, 0), w));
  expectThat(() => fc.assert(batchedEquals(reversed, layer, args, { inAxes: [0, null] }), { includeErrorInReport: true })).toThrow(
    /differs from vmap\(f\)/,
  );
});
// readme:end

describe('vmapLaw', () => {
  it('holds for pytree arguments and results, numbers included', () => {
    const f = (p: { w: NDArray; b: number }, x: NDArray) => ({ y: np.add(np.dot(x, p.w), p.b), n: np.sum(x) });
    const argArbs = [fc.record({ w: ndarrayArb([2]), b: fc.integer({ min: -3, max: 3 }) }), ndarrayArb([2])] as const;
    fc.assert(vmapLaw(f, argArbs, { inAxes: [{ w: null, b: null }, 0], outAxes: { y: 0, n: 0 } }), { numRuns: 50 });
    fc.assert(vmapLaw(f, argArbs, { inAxes: 'random', outAxes: 'random' }), { numRuns: 50 });
  });

  it('shapes may vary between runs through an arbitrary of argument arbitraries', () => {
    const f = (x: NDArray) => np.cumsum(x, 0);
    fc.assert(
      vmapLaw(
        f,
        fc.integer({ min: 0, max: 4 }).map((n) => [ndarrayArb([n])] as const),
        { inAxes: 'random', outAxes: 'random' },
      ),
      { numRuns: 50 },
    );
  });

  it('a wrong vmap is caught with a readable counterexample', () => {
    const f = (x: NDArray) => np.multiply(x, 2);
    const brokenVmap = () => (x: NDArray) => np.multiply(np.flip(x, 0), 2); // ignores the axes and reverses the batch
    let message = '';
    try {
      fc.assert(vmapLaw(f, [ndarrayArb([2])], { vmap: brokenVmap }), { seed: 1, includeErrorInReport: true });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/vmap\(f\) differs from the loop over the examples/);
    expect(message).toMatch(/batch size 2/); // shrunk to the smallest batch that shows it
  });

  it('refuses axisName: collectives have no axis in the loop', () => {
    expect(() => vmapLaw((x: NDArray) => lax.psum(x, 'b'), [ndarrayArb([2])], { axisName: 'b' })).toThrow(/axisName is for batchedEquals/);
  });

  it('inconsistent shapes within a batch are reported as an arbitrary problem', () => {
    const f = (x: NDArray) => x;
    const bad = [fc.integer({ min: 1, max: 3 }).chain((n) => ndarrayArb([n]))] as const;
    expect(() => fc.assert(vmapLaw(f, bad), { numRuns: 50, includeErrorInReport: true })).toThrow(/one shape per batch/);
  });

  it('still accepts a LawCase (the primitive laws of ./laws)', () => {
    const neg: LawCase = { name: 'neg', args: fc.constant({ shapes: [[2]], dtypes: ['float64'], fn: (x: NDArray) => lax.neg(x) }) };
    fc.assert(vmapLaw(neg), { numRuns: 20 });
  });
});

describe('batchedEquals', () => {
  it('a correct hand-batched softmax over rows passes; a wrong axis fails', () => {
    const softmax = (x: NDArray) => np.softmax(x);
    const arbs = [ndarrayArb([3], { values: fc.integer({ min: -3, max: 3 }) })] as const;
    fc.assert(
      batchedEquals((xs: NDArray) => np.softmax(xs, -1), softmax, arbs, { tolerance: { rtol: 1e-12 } }),
      { numRuns: 50 },
    );
    const wrongAxis = batchedEquals((xs: NDArray) => np.softmax(xs, 0), softmax, arbs, { tolerance: { rtol: 1e-12 } });
    expect(() => fc.assert(wrongAxis, { numRuns: 50, includeErrorInReport: true })).toThrow(/hand-batched function (threw|differs)/);
  });

  it('a collective over the named axis against its hand-batched form, with random out axes', () => {
    const centre = (x: NDArray) => np.subtract(x, lax.pmean(x, 'b'));
    const centreBatched = (xs: NDArray) => np.subtract(xs, np.mean(xs, 0));
    const arbs = [ndarrayArb([2], { values: fc.double({ min: -1, max: 1, noNaN: true }) })] as const;
    fc.assert(batchedEquals(centreBatched, centre, arbs, { axisName: 'b', tolerance: { rtol: 1e-12, atol: 1e-12 } }), { numRuns: 30 });
    const moved = (xs: NDArray) => np.transpose(centreBatched(xs));
    fc.assert(batchedEquals(moved, centre, arbs, { axisName: 'b', outAxes: 1, tolerance: { rtol: 1e-12, atol: 1e-12 } }), { numRuns: 30 });
  });
});

describe('README', () => {
  it('shows the worked example above', () => {
    const source = readFileSync(new URL(import.meta.url), 'utf8');
    const block = source.slice(source.indexOf('// readme:start\n') + 16, source.indexOf('// readme:end'));
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const asInReadme = block.replace("from '../lib'", "from 'vmap-ts'").replace("from '../properties/oracle'", "from 'vmap-ts/properties'");
    expect(readme).toContain(asInReadme.trim());
  });
});
