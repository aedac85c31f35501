/**
 * The jit laws, bit for bit (same shape, same dtype, every element equal under Object.is):
 *
 * - jit(f)(x) == f(x) for every lax case (every dtype, NaN/±Infinity/-0 among the values) and for
 *   random programs (./programs), including elementwise chains over float32, float64 and int32
 *   that jit fuses into generated loops;
 * - vmap(jit(f)) == vmap(f) and jit(vmap(f)) == vmap(f), random in/out axes, every lax case;
 * - the cache: a second call with the same signature does not trace f again; a new shape or dtype
 *   does (counting calls of f), and the cached program still gives f's bits.
 *
 * And the checkers can fail: a jit that loses -0, one that rounds through float32, and one that
 * never caches are caught.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { np } from '../lib/numpy';
import { jit } from '../lib/transforms/jit';
import { inspect } from '../lib/transforms/jit/inspect';
import { vmap, type VmapOptions } from '../lib/transforms/vmap';
import { dimArb, hostArrayArb, shapeArb, valueArb } from './arbitraries';
import { bitEqual, describeHost, fromNDArray, host, stackAxis, toNDArray, type HostArray } from './host';
import { compositionCases, laxCases } from './lax-cases';
import { describeExample, lawExampleArb, type ArrayFn, type CaseArgs, type LawCase, type LawExample } from './laws';
import { programArb, programCase } from './programs';

const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const runs = (n: number) => ({ numRuns: Math.ceil(n * SCALE) });
const TIMEOUT = 120_000;

/** What the laws call as jit (injectable, so a deliberately wrong one can be shown to fail). */
type JitLike = (f: ArrayFn) => ArrayFn;
const realJit: JitLike = (f) => jit(f);
const errText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

// ------------------------------------------------------------------ jit(f)(x) == f(x)

interface JitExample {
  readonly name: string;
  readonly instance: CaseArgs;
  readonly values: readonly HostArray[];
}

function jitExampleArb(c: LawCase): fc.Arbitrary<JitExample> {
  return c.args.chain((instance) =>
    fc
      .tuple(
        ...instance.shapes.map((s, a) => hostArrayArb(s, instance.dtypes[a]!, instance.valueArbs?.[a] ?? valueArb(instance.dtypes[a]!))),
      )
      .map((values) => {
        const ex: JitExample = { name: c.name, instance, values };
        return Object.assign(ex, { [fc.toStringMethod]: () => describeJitExample(ex) });
      }),
  );
}

function describeJitExample(ex: JitExample): string {
  const p = ex.instance.params;
  return `case ${ex.name}${p === undefined ? '' : ` ${typeof p === 'string' ? `\n${p}` : JSON.stringify(p)}`}\n  args: ${ex.values.map(describeHost).join(', ')}`;
}

/** jit(f)(x) against f(x), bit for bit; null when equal. */
function checkJit(ex: JitExample, jitImpl: JitLike = realJit): string | null {
  const args = ex.values.map(toNDArray);
  const want = fromNDArray(ex.instance.fn(...args));
  let got: HostArray;
  try {
    got = fromNDArray(jitImpl(ex.instance.fn)(...args));
  } catch (e) {
    return `jit(f) threw ${errText(e)}\n${describeJitExample(ex)}`;
  }
  const d = bitEqual(got, want);
  return d === null
    ? null
    : `jit(f)(x) != f(x): ${d}\n  jit(f)(x) ${describeHost(got)}\n  f(x)      ${describeHost(want)}\n${describeJitExample(ex)}`;
}

const jitLaw = (c: LawCase, jitImpl: JitLike = realJit): fc.IPropertyWithHooks<[JitExample]> =>
  fc.property(jitExampleArb(c), (ex) => {
    const m = checkJit(ex, jitImpl);
    if (m !== null) throw new Error(m);
  });

describe('jit(f)(x) == f(x), bit for bit: every lax case', () => {
  for (const c of [...laxCases, ...compositionCases]) it(c.name, () => fc.assert(jitLaw(c), runs(40)), TIMEOUT);
});

describe('jit(f)(x) == f(x), bit for bit: random programs', () => {
  it(
    'programs over every op (float32, float64, int32; NaN, ±Infinity, -0 among the values)',
    () => {
      fc.assert(jitLaw(programCase('program', { mode: 'any', maxSteps: 8 })), runs(300));
    },
    TIMEOUT,
  );

  it(
    'elementwise chains (fused into single loops) over float32, float64 and int32',
    () => {
      fc.assert(jitLaw(programCase('elementwise chain', { mode: 'elementwise', minSteps: 2, maxSteps: 10 })), runs(400));
    },
    TIMEOUT,
  );

  it('the elementwise programs do exercise fused loops, in every dtype', () => {
    const fused: Record<string, number> = { float32: 0, float64: 0, int32: 0 };
    const total: Record<string, number> = { float32: 0, float64: 0, int32: 0 };
    for (const p of fc.sample(programArb({ mode: 'elementwise', minSteps: 2, maxSteps: 10 }), { numRuns: 150, seed: 11 })) {
      const d = p.inputs[0]!.dtype;
      total[d]!++;
      if (/# fused loop/.test(inspect(p.fn)(...p.inputs.map((a) => np.zeros(a.shape, a.dtype))))) fused[d]!++;
    }
    for (const d of ['float32', 'float64', 'int32']) expect(fused[d]!).toBeGreaterThan(total[d]! / 2);
  });
});

// ------------------------------------------------------------------ vmap and jit

/** The batched arguments of a one-level law example: each mapped argument stacked along its in-axis. */
function batchedArgs(ex: LawExample): NDArray[] {
  const l = ex.levels[0]!;
  return ex.instance.shapes.map((shape, a) => {
    const ax = l.inAxes[a] ?? null;
    const vs = ex.values[a]!;
    return toNDArray(ax === null ? vs[0]! : stackAxis(vs, ax, { shape, dtype: ex.instance.dtypes[a]! }));
  });
}

/** vmap(jit(f)) and jit(vmap(f)) against vmap(f), bit for bit, on one example. */
function checkVmapJit(ex: LawExample, jitImpl: JitLike = realJit): string | null {
  const l = ex.levels[0]!;
  const opts: VmapOptions = { inAxes: [...l.inAxes], outAxes: l.outAxes, ...(l.passAxisSize ? { axisSize: l.size } : {}) };
  const f = ex.instance.fn;
  const args = batchedArgs(ex);
  let want: HostArray;
  try {
    want = fromNDArray(vmap(f, opts)(...args));
  } catch (e) {
    return `vmap(f) threw ${errText(e)}\n${describeExample(ex)}`;
  }
  const candidates: [string, () => NDArray][] = [
    ['vmap(jit(f))', () => vmap(jitImpl(f), opts)(...args)],
    ['jit(vmap(f))', () => jitImpl(vmap(f, opts))(...args)],
  ];
  for (const [what, run] of candidates) {
    let got: HostArray;
    try {
      got = fromNDArray(run());
    } catch (e) {
      return `${what} threw ${errText(e)}\n${describeExample(ex)}`;
    }
    const d = bitEqual(got, want);
    if (d !== null)
      return `${what} != vmap(f): ${d}\n  ${what} ${describeHost(got)}\n  vmap(f) ${describeHost(want)}\n${describeExample(ex)}`;
  }
  return null;
}

const vmapJitLaw = (c: LawCase, jitImpl: JitLike = realJit) =>
  fc.property(lawExampleArb(c, 1), (ex) => {
    const m = checkVmapJit(ex, jitImpl);
    if (m !== null) throw new Error(m);
  });

describe('vmap(jit(f)) == jit(vmap(f)) == vmap(f), bit for bit, random in/out axes: every lax case', () => {
  for (const c of [...laxCases, ...compositionCases]) it(c.name, () => fc.assert(vmapJitLaw(c), runs(20)), TIMEOUT);
});

// ------------------------------------------------------------------ the cache

/** f with a trace counter. */
function counted(f: ArrayFn): { f: ArrayFn; traces: () => number } {
  let n = 0;
  return {
    f: (...xs) => {
      n++;
      return f(...xs);
    },
    traces: () => n,
  };
}

const bits = (x: NDArray, y: NDArray): string | null => bitEqual(fromNDArray(x), fromNDArray(y));

type CachingJit = (f: ArrayFn) => ArrayFn & { readonly cacheSize: number };

/**
 * One trace per signature: for a random one-input elementwise program (shape-polymorphic: every
 * value has the input's shape) and another shape, calls with the same signature (new values
 * included) trace f once; the other shape traces again; both stay cached; every result is f's bits.
 */
function cacheLaw(jitImpl: CachingJit = (f) => jit(f)) {
  const arb = fc.record({
    p: programArb({ mode: 'elementwise', maxInputs: 1, minSteps: 1, maxSteps: 6 }),
    other: shapeArb({ maxRank: 3 }),
  });
  const fill = (shape: readonly number[], dtype: DType, f: (i: number) => number) =>
    toNDArray(
      host(
        shape,
        dtype,
        Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)),
      ),
    );
  return fc.property(arb, ({ p, other }) => {
    const { dtype, shape } = p.inputs[0]!;
    fc.pre(other.length !== shape.length || other.some((n, i) => n !== shape[i]));
    const { f, traces } = counted(p.fn);
    const jf = jitImpl(f);
    const x1 = fill(shape, dtype, (i) => i - 2),
      x1b = fill(shape, dtype, (i) => 3 - i),
      x2 = fill(other, dtype, (i) => i % 5);
    const same = (x: NDArray) => expect(bits(jf(x), p.fn(x))).toBeNull();
    same(x1);
    expect(traces()).toBe(1);
    same(x1b); // new values, same signature
    same(x1);
    expect(traces()).toBe(1);
    expect(jf.cacheSize).toBe(1);
    same(x2); // a new shape
    expect(traces()).toBe(2);
    same(x1); // both signatures stay cached
    same(x2);
    expect(traces()).toBe(2);
    expect(jf.cacheSize).toBe(2);
  });
}

describe('the jit cache', () => {
  it(
    'one trace per signature: the same signature again is not traced; a new shape is, then cached too',
    () => {
      fc.assert(cacheLaw(), runs(60));
    },
    TIMEOUT,
  );

  it('a new dtype traces again, and each dtype keeps its own program', () => {
    const dtypes: DType[] = ['float32', 'float64', 'int32'];
    fc.assert(
      fc.property(shapeArb(), fc.shuffledSubarray(dtypes, { minLength: 2, maxLength: 3 }), (shape, order) => {
        const g = (x: NDArray) => lax.add(lax.mul(lax.neg(x), x), lax.abs(x));
        const { f, traces } = counted(g);
        const jf = jit(f);
        const xs = order.map((d) =>
          toNDArray(
            host(
              shape,
              d,
              Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => 1.5 * i - 2),
            ),
          ),
        );
        xs.forEach((x, k) => {
          expect(bits(jf(x), g(x))).toBeNull();
          expect(traces()).toBe(k + 1);
        });
        xs.forEach((x) => expect(bits(jf(x), g(x))).toBeNull());
        expect(traces()).toBe(order.length);
        expect(jf.cacheSize).toBe(order.length);
      }),
      runs(40),
    );
  });

  it('under vmap: the same batch signature does not trace again', () => {
    fc.assert(
      fc.property(shapeArb({ maxRank: 2 }), dimArb({ allowZero: false }), (shape, n) => {
        const g = (x: NDArray) => lax.sin(lax.mul(x, x));
        const { f, traces } = counted(g);
        const jf = jit(f);
        const X = toNDArray(
          host(
            [n, ...shape],
            'float64',
            Array.from({ length: n * shape.reduce((a, b) => a * b, 1) }, (_, i) => i / 3),
          ),
        );
        const want = vmap(g)(X);
        expect(bits(vmap(jf)(X), want)).toBeNull();
        expect(bits(vmap(jf)(X), want)).toBeNull();
        expect(traces()).toBe(1);
      }),
      runs(20),
    );
  });

  it('a weak JS scalar and a float64 array are different signatures', () => {
    const { f, traces } = counted((x: NDArray) => lax.mul(x, 2));
    const jf = jit(f) as unknown as (x: unknown) => NDArray;
    expect(jf(np.array(3)).dtype).toBe('float64');
    expect(jf(3).toArray()).toBe(6);
    expect(traces()).toBe(2);
    jf(4);
    expect(traces()).toBe(2);
  });
});

// ------------------------------------------------------------------ the checkers can fail

function mustFail<T>(prop: fc.IPropertyWithHooks<[T]>, numRuns = 300): string {
  const r = fc.check(prop, { numRuns });
  expect(r.failed).toBe(true);
  return r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance);
}

const negCase = laxCases.find((c) => c.name === 'neg')!;
const expCase = laxCases.find((c) => c.name === 'exp')!;

describe('the jit checkers can fail', () => {
  it('a jit that adds +0 (so -0 becomes 0) is caught: the law is bit-exact, not ==', () => {
    const plusZero: JitLike = (f) => {
      const jf = jit(f);
      return (...xs) => {
        const y = jf(...xs);
        return y.dtype === 'float32' || y.dtype === 'float64' ? lax.add(y, 0) : y;
      };
    };
    expect(mustFail(jitLaw(negCase, plusZero))).toMatch(/got 0, expected -0/);
  });

  it('a jit that computes float64 in float32 is caught', () => {
    const viaF32: JitLike =
      (f) =>
      (...xs) => {
        const y = jit(f)(...xs.map((x) => (x.dtype === 'float64' ? lax.convertElementType(x, 'float32') : x)));
        return xs.some((x) => x.dtype === 'float64') && y.dtype === 'float32' ? lax.convertElementType(y, 'float64') : y;
      };
    expect(mustFail(jitLaw(expCase, viaF32))).toMatch(/jit\(f\)\(x\) != f\(x\)/);
    expect(mustFail(jitLaw(programCase('program', { mode: 'elementwise', dtypes: ['float64'] }), viaF32))).toMatch(
      /program \(elementwise\)/,
    );
  });

  it('a jit whose batched program permutes the examples is caught by the vmap/jit law', () => {
    const reversing: JitLike =
      (f) =>
      (...xs) => {
        const y = jit(f)(...xs);
        return y.ndim > 0 && xs.some((x) => x.ndim > 0) ? lax.rev(y, [0]) : y;
      };
    expect(mustFail(vmapJitLaw(negCase, reversing))).toMatch(/(vmap\(jit\(f\)\)|jit\(vmap\(f\)\)) != vmap\(f\)/);
  });

  it('a "jit" that never caches (traces on every call) is caught by the cache law', () => {
    const uncached: CachingJit = (f) => Object.assign((...xs: NDArray[]) => jit(f)(...xs), { cacheSize: 1 });
    expect(mustFail(cacheLaw(uncached), 50)).toMatch(/expected 3 to be 1/);
  });

  it('a jit cache keyed by shape only (ignoring the dtype) is caught', () => {
    const byShape: CachingJit = (f) => {
      const cache = new Map<string, (...xs: NDArray[]) => NDArray>();
      const run = (...xs: NDArray[]) => {
        const key = xs.map((x) => x.shape.join(',')).join(';');
        if (!cache.has(key)) {
          const dtype = xs[0]!.dtype;
          const jf = jit(f);
          cache.set(key, (...ys) => jf(...ys.map((y) => lax.convertElementType(y, dtype))));
        }
        return cache.get(key)!(...xs);
      };
      return Object.assign(run, {
        get cacheSize() {
          return cache.size;
        },
      });
    };
    const g = (x: NDArray) => lax.mul(x, 1.5);
    const jf = byShape(g);
    const x32 = toNDArray(host([2], 'float32', [1, 2])),
      x64 = toNDArray(host([2], 'float64', [1, 2]));
    expect(bits(jf(x32), g(x32))).toBeNull();
    expect(bits(jf(x64), g(x64))).toMatch(/dtype float32 !== expected float64/);
  });
});
