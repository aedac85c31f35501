/**
 * Tests of the law machinery itself: the host helpers are right, and the law can fail — wrong
 * "batched" functions (ignoring the batch, ignoring out_axes, permuting the batch, losing the sign
 * of zero) must each produce a counterexample.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { vmap } from '../lib/transforms/vmap';
import { ALL_DTYPES, dtypeArb, hostArrayArb, shapeArb, valueArb } from './arbitraries';
import { bitEqual, canonicalAxis, fromNDArray, host, sliceAxis, stackAxis, toNDArray, type HostArray } from './host';
import { unaryCases } from './lax-cases';
import { checkExample, describeExample, lawExampleArb, nestedVmapLaw, vmapLaw, vmapLawN, type LawCase, type LawExample, type VmapLike } from './laws';

const hostArb = (minRank = 0): fc.Arbitrary<HostArray> =>
  fc.record({ shape: shapeArb({ minRank }), dtype: dtypeArb() }).chain(({ shape, dtype }) => hostArrayArb(shape, dtype, valueArb(dtype, 'any')));

describe('host helpers', () => {
  it('stacking the slices along an axis gives the array back', () => {
    fc.assert(
      fc.property(hostArb(1), fc.nat(), fc.boolean(), (x, k, negative) => {
        const r = x.shape.length;
        const axis = (k % r) - (negative ? r : 0);
        const ax = canonicalAxis(axis, r);
        const slices = Array.from({ length: x.shape[ax]! }, (_, i) => sliceAxis(x, axis, i));
        const like = { shape: x.shape.filter((_, d) => d !== ax), dtype: x.dtype };
        expect(bitEqual(stackAxis(slices, axis, like), x)).toBeNull();
      }),
    );
  });

  it('an empty stack has a 0 at the stacked axis', () => {
    expect(stackAxis([], 1, { shape: [2, 3], dtype: 'int32' })).toEqual({ shape: [2, 0, 3], dtype: 'int32', data: [] });
    expect(stackAxis([], -1, { shape: [], dtype: 'bool' })).toEqual({ shape: [0], dtype: 'bool', data: [] });
  });

  it('stacks row-major', () => {
    const a = host([2], 'float64', [1, 2]), b = host([2], 'float64', [3, 4]);
    expect(stackAxis([a, b], 0, a).data).toEqual([1, 2, 3, 4]);
    expect(stackAxis([a, b], 1, a).data).toEqual([1, 3, 2, 4]);
    expect(sliceAxis(host([2, 3], 'int32', [0, 1, 2, 3, 4, 5]), -1, 2)).toEqual({ shape: [2], dtype: 'int32', data: [2, 5] });
  });

  it('NDArray round trip keeps every bit', () => {
    fc.assert(
      fc.property(hostArb(), (x) => {
        expect(bitEqual(fromNDArray(toNDArray(x)), x)).toBeNull();
      }),
    );
  });

  it('bitEqual is Object.is per element, plus shape and dtype', () => {
    const f = (data: number[], shape = [data.length]) => host(shape, 'float64', data);
    expect(bitEqual(f([NaN, 1]), f([NaN, 1]))).toBeNull();
    expect(bitEqual(f([0, -0]), f([0, 0]))).toMatch(/1 of 2 elements differ; first at index \[1\]: got -0, expected 0/);
    expect(bitEqual(f([1, 2]), f([1, 2], [1, 2]))).toMatch(/shape \(2,\) !== expected \(1, 2\)/);
    expect(bitEqual(host([1], 'float32', [1]), f([1]))).toMatch(/dtype float32 !== expected float64/);
    expect(bitEqual(f([]), host([0, 2], 'float64', []))).toMatch(/shape/);
  });

  it('host values are stored as the dtype stores them', () => {
    for (const dtype of ALL_DTYPES) {
      const x = host([4], dtype, [0.1, -0, 2.5, NaN]);
      expect(bitEqual(fromNDArray(toNDArray(x)), x)).toBeNull();
    }
  });
});

// ------------------------------------------------------------------ the law can fail

const neg = unaryCases.find((c) => c.name === 'neg')!;

/** neg on float64 arrays of small integers (zeros included, so neg makes -0). */
const negFloat: LawCase = {
  name: 'neg float64',
  args: shapeArb({ minRank: 1 }).map((shape) => ({ shapes: [shape], dtypes: ['float64'], fn: (x: NDArray) => lax.neg(x) })),
};

/** The batch size the options and arguments imply (flat use only). */
function sizeOf(args: readonly NDArray[], inAxes: readonly (number | null)[], axisSize: number | undefined): number {
  const i = inAxes.findIndex((a) => a !== null);
  return i < 0 ? axisSize! : args[i]!.shape[canonicalAxis(inAxes[i]!, args[i]!.ndim)]!;
}

/** Computes f on the first example only and repeats it: right exactly when all examples agree. */
const ignoresBatch: VmapLike = (f, opts) => (...args) => {
  const inAxes = opts.inAxes as (number | null)[];
  const size = sizeOf(args, inAxes, opts.axisSize);
  if (size === 0) return vmap(f, opts)(...args);
  const first = args.map((a, i) => (inAxes[i] === null ? a : toNDArray(sliceAxis(fromNDArray(a), inAxes[i]!, 0))));
  const y = fromNDArray(f(...first));
  return opts.outAxes === null ? toNDArray(y) : toNDArray(stackAxis(Array.from({ length: size }, () => y), opts.outAxes as number, y));
};

/** Always puts the batch axis first, whatever out_axes says. */
const ignoresOutAxes: VmapLike = (f, opts) => vmap(f, { ...opts, outAxes: opts.outAxes === null ? null : 0 });

/** Reverses the order of the examples along the out axis. */
const reversesBatch: VmapLike = (f, opts) => (...args) => {
  const y = vmap(f, opts)(...args);
  return opts.outAxes === null ? y : lax.rev(y, [canonicalAxis(opts.outAxes as number, y.ndim)]);
};

/** Adds +0 to the result: equal as numbers, but -0 becomes 0. */
const losesNegativeZero: VmapLike = (f, opts) => (...args) => {
  const y = vmap(f, opts)(...args);
  return lax.add(y, 0);
};

function counterexample(c: LawCase, stub: VmapLike, depth = 1): { ex: LawExample; message: string } {
  const r = fc.check(vmapLawN(c, depth, { vmap: stub }), { numRuns: 300 });
  expect(r.failed).toBe(true);
  const ex = r.counterexample![0];
  return { ex, message: r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance) };
}

describe('the law can fail', () => {
  it('the real vmap satisfies the law on these cases', () => {
    fc.assert(vmapLaw(neg), { numRuns: 100 });
    fc.assert(vmapLaw(negFloat), { numRuns: 100 });
    fc.assert(nestedVmapLaw(neg), { numRuns: 50 });
  });

  it('catches a "batched" function that ignores the batch', () => {
    const { ex, message } = counterexample(neg, ignoresBatch);
    expect(ex.levels[0]!.size).toBeGreaterThanOrEqual(2); // it is right for one example
    expect(message).toMatch(/vmap law broken: .*elements differ/);
    expect(message).toContain(describeExample(ex));
  });

  it('catches a "batched" function that ignores out_axes', () => {
    const { ex } = counterexample(neg, ignoresOutAxes);
    expect(checkExample(ex)).toBeNull(); // the real vmap passes the same example
  });

  it('catches a "batched" function that permutes the examples', () => {
    const { ex, message } = counterexample(neg, reversesBatch);
    expect(ex.levels[0]!.size).toBeGreaterThanOrEqual(2);
    expect(message).toMatch(/elements differ/);
  });

  it('the nested law catches a wrong inner or outer level', () => {
    for (const stub of [ignoresOutAxes, reversesBatch]) {
      const { ex, message } = counterexample(neg, stub, 2);
      expect(ex.levels).toHaveLength(2);
      expect(message).toMatch(/vmap law broken/);
      expect(checkExample(ex)).toBeNull();
    }
  });

  it('catches a lost sign of zero (the law is bit-exact, not ==)', () => {
    const { message } = counterexample(negFloat, losesNegativeZero);
    expect(message).toMatch(/got 0, expected -0/);
  });

  it('reports an exception in the batched function as a failure', () => {
    const throws: VmapLike = () => () => {
      throw new Error('no batching rule');
    };
    const { message } = counterexample(neg, throws);
    expect(message).toMatch(/threw Error: no batching rule/);
  });

  it('generates examples whose batched arguments are stacks of the per-example values', () => {
    fc.assert(
      fc.property(lawExampleArb(neg, 2), (ex) => {
        // every argument has one example per combination of the sizes of the levels mapping it
        ex.values.forEach((vs, a) => {
          const n = ex.levels.reduce((k, l) => k * (l.inAxes[a] === null ? 1 : l.size), 1);
          expect(vs.length).toBe(n);
        });
      }),
      { numRuns: 50 },
    );
  });
});
