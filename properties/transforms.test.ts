/**
 * Pairs of transforms on random programs (./programs): every pair of {vmap, grad (of a weighted
 * sum of the output), jit} against the direct or looped reference, bit for bit:
 *
 *   vmap∘jit   vmap(jit(P))                == stack_i P(x_i)        (random in/out axes)
 *   jit∘vmap   jit(vmap(P))                == stack_i P(x_i)
 *   vmap∘vmap  vmap(vmap(P))               == the double loop
 *   vmap∘grad  vmap(grad(L))               == stack_i grad(L)(x_i)
 *   grad∘vmap  grad(sum(vmap(P)(X) * W))   == stack_i grad(L_i)(x_i)
 *   jit∘grad   jit(grad(L))                == grad(L)
 *   grad∘jit   grad(sum(jit(P)(x) * w))    ~= grad(L)   (GRAD_JIT_ULPS: see below)
 *
 * with L = sum(P(x) * w) for random weights w (a cotangent that is not all ones, so a misplaced
 * cotangent shows). Programs run over float32, float64 and int32 with NaN, ±Infinity and -0
 * among the values; the grad pairs use float programs without converts (a float output).
 *
 * Bit-exactness holds because each side runs the same kernels on the same numbers: vmap's rules
 * keep the batch axis leading and call the per-example kernel over it, jit only removes
 * identities, merges common subexpressions (the same op on the same inputs: the same bits),
 * folds constants and fuses elementwise chains into loops that round like the kernels.
 *
 * Except grad∘jit: grad differentiates the program jit simplified, and a merged common
 * subexpression changes how cotangents are summed. Two identical broadcasts of x each pull their
 * cotangent back separately, (c1[0] + c1[1]) + (c2[0] + c2[1]); merged into one, their cotangents
 * are added first, (c1[0] + c2[0]) + (c1[1] + c2[1]): the same terms, re-associated. So grad∘jit
 * is checked to within GRAD_JIT_ULPS ulps (of the dtype; of float32 when the program computes any
 * float32 value, whose merged cotangents are summed in float32) of the largest gradient entry,
 *     |g_jit - g| <= GRAD_JIT_ULPS * eps * (1 + max |g|),   (NaN equal to NaN, -0 to 0)
 * a re-association of k terms moves a sum by at most ~k/2 ulps of the largest partial sum, and a
 * program here has at most 6 steps, so only a few cotangent terms meet. Over 48000 random programs
 * the largest difference measured was 0.125 ulps of max |g| (and the law held at 1 ulp over 8000
 * runs), so 2 ulps leaves margin while any real error (a dropped or doubled cotangent, O(|g|)) fails.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { np } from '../lib/numpy';
import { grad, jvp } from '../lib/transforms/grad';
import { jit } from '../lib/transforms/jit';
import { vmap } from '../lib/transforms/vmap';
import { computesInFloat32, directionHostArb, flatGradFn, gradCase, gradOfVmapLaw, outAval } from './ad-laws';
import { hostArrayArb, valueArb } from './arbitraries';
import { bitEqual, describeHost, fromNDArray, toNDArray, type HostArray } from './host';
import { nestedVmapLaw, vmapLawN, type ArrayFn, type CaseArgs, type VmapLike } from './laws';
import { programCase } from './programs';

const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const runs = (n: number) => ({ numRuns: Math.ceil(n * SCALE) });
const TIMEOUT = 120_000;
const errText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Any op, float32/float64/int32, NaN/±Infinity/-0 among the values. */
const anyProgram = programCase('program', { mode: 'any', maxSteps: 6 });
/** Float programs without converts (the output is float: it has a gradient). */
const floatProgram = programCase('float program', { mode: 'any', dtypes: ['float32', 'float64'], noConvert: true, maxSteps: 6 });

const vmapOfJit: VmapLike = (f, opts) => vmap(jit(f), opts);
const jitOfVmap: VmapLike = (f, opts) => jit(vmap(f, opts));

describe('vmap and jit', () => {
  it(
    'vmap∘jit: vmap(jit(P)) == stack of P over the examples',
    () => {
      fc.assert(vmapLawN(anyProgram, 1, { vmap: vmapOfJit }), runs(250));
    },
    TIMEOUT,
  );

  it(
    'jit∘vmap: jit(vmap(P)) == stack of P over the examples',
    () => {
      fc.assert(vmapLawN(anyProgram, 1, { vmap: jitOfVmap }), runs(250));
    },
    TIMEOUT,
  );

  it(
    'vmap∘vmap: vmap(vmap(P)) == the double loop',
    () => {
      fc.assert(nestedVmapLaw(anyProgram), runs(150));
    },
    TIMEOUT,
  );

  it(
    'nested, jit at every level: vmap(jit(vmap(jit(P)))) == the double loop',
    () => {
      fc.assert(vmapLawN(anyProgram, 2, { vmap: vmapOfJit }), runs(60));
    },
    TIMEOUT,
  );
});

// ------------------------------------------------------------------ with grad

interface GradExample {
  readonly instance: CaseArgs;
  readonly values: readonly HostArray[];
  readonly weights: HostArray;
}

const gradExampleArb: fc.Arbitrary<GradExample> = floatProgram.args.chain((instance) => {
  const out = outAval(instance);
  return fc
    .record({
      values: fc.tuple(
        ...instance.shapes.map((s, a) => hostArrayArb(s, instance.dtypes[a]!, instance.valueArbs?.[a] ?? valueArb(instance.dtypes[a]!))),
      ),
      weights: directionHostArb(out.shape, out.dtype),
    })
    .map((r) => {
      const ex: GradExample = { instance, ...r };
      return Object.assign(ex, { [fc.toStringMethod]: () => describeGradExample(ex) });
    });
});

function describeGradExample(ex: GradExample): string {
  return `${String(ex.instance.params)}\n  inputs: ${ex.values.map(describeHost).join(', ')}\n  weights: ${describeHost(ex.weights)}`;
}

/** The flattened gradient of sum(P(x) * w) w.r.t. every input, with P replaced by `wrap(P)`. */
const gradOf = (ex: GradExample, wrap: (f: ArrayFn) => ArrayFn = (f) => f): ArrayFn =>
  flatGradFn({ ...ex.instance, fn: wrap(ex.instance.fn) }, ex.weights);

/** `got` and `want` on the example's inputs, or the report of what threw. */
function evalPair(ex: GradExample, what: string, got: ArrayFn, want: ArrayFn): { g: HostArray; w: HostArray } | string {
  const args = ex.values.map(toNDArray);
  try {
    const w = fromNDArray(want(...args));
    return { g: fromNDArray(got(...args)), w };
  } catch (e) {
    return `${what} threw ${errText(e)}\n${describeGradExample(ex)}`;
  }
}

/** `got` against `want` on the example's inputs, bit for bit. */
function checkSame(ex: GradExample, what: string, got: ArrayFn, want: ArrayFn): string | null {
  const r = evalPair(ex, what, got, want);
  if (typeof r === 'string') return r;
  const { g, w } = r;
  const d = bitEqual(g, w);
  return d === null ? null : `${what}: ${d}\n  got      ${describeHost(g)}\n  expected ${describeHost(w)}\n${describeGradExample(ex)}`;
}

/** jit∘grad: jit(grad(L)) == grad(L). */
const jitOfGradLaw = (jitImpl: (f: ArrayFn) => ArrayFn = (f) => jit(f)) =>
  fc.property(gradExampleArb, (ex) => {
    const m = checkSame(ex, 'jit(grad(L)) != grad(L)', jitImpl(gradOf(ex)), gradOf(ex));
    if (m !== null) throw new Error(m);
  });

/** grad∘jit's tolerance, in ulps of the dtype relative to 1 + max |g| (see the header). */
const GRAD_JIT_ULPS = 2;
const EPS: Record<string, number> = { float32: 2 ** -23, float64: 2 ** -52 };

/** `got` against `want` within `ulps` ulps of 1 + max |want|; NaN equals NaN. */
function checkClose(ex: GradExample, what: string, got: ArrayFn, want: ArrayFn, ulps: number, epsOf?: 'float32'): string | null {
  const r = evalPair(ex, what, got, want);
  if (typeof r === 'string') return r;
  const { g, w } = r;
  const report = (m: string) => `${what}: ${m}\n  got      ${describeHost(g)}\n  expected ${describeHost(w)}\n${describeGradExample(ex)}`;
  if (g.dtype !== w.dtype || g.shape.length !== w.shape.length || g.shape.some((n, i) => n !== w.shape[i])) return report(bitEqual(g, w)!);
  const max = w.data.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);
  const tol = ulps * EPS[epsOf ?? w.dtype]! * (1 + max);
  for (let i = 0; i < w.data.length; i++) {
    const a = g.data[i]!,
      b = w.data[i]!;
    if (!(Object.is(a, b) || Math.abs(a - b) <= tol || (Number.isNaN(a) && Number.isNaN(b))))
      return report(`entry ${i}: ${a} vs ${b} (difference ${Math.abs(a - b)}, tolerance ${tol})`);
  }
  return null;
}

/** grad∘jit: grad(sum(jit(P)(x) * w)) == grad(L), to within GRAD_JIT_ULPS. */
const gradOfJitLaw = (jitImpl: (f: ArrayFn) => ArrayFn = (f) => jit(f)) =>
  fc.property(gradExampleArb, (ex) => {
    const f32 = computesInFloat32(ex.instance.fn, ex.values.map(toNDArray)) ? 'float32' : undefined;
    const m = checkClose(ex, 'grad(L∘jit(P)) != grad(L)', gradOf(ex, jitImpl), gradOf(ex), GRAD_JIT_ULPS, f32);
    if (m !== null) throw new Error(m);
  });

describe('grad with vmap and jit', () => {
  it(
    'vmap∘grad: vmap(grad(L)) == stack of grad(L) over the examples (random in/out axes)',
    () => {
      fc.assert(vmapLawN(gradCase(floatProgram), 1), runs(150));
    },
    TIMEOUT,
  );

  it(
    'grad∘vmap: grad(X => sum(vmap(P)(X) * W)) == stack of the per-example gradients',
    () => {
      // the programs' pads have a constant (unbatched) pad value, so no batching rule rewrites a
      // primitive into another formula and the law is bit-exact (see checkGradOfVmap)
      fc.assert(gradOfVmapLaw(floatProgram), runs(150));
    },
    TIMEOUT,
  );

  it(
    'jit∘grad: jit(grad(L)) == grad(L)',
    () => {
      fc.assert(jitOfGradLaw(), runs(250));
    },
    TIMEOUT,
  );

  it(
    'grad∘jit: grad of the loss of jit(P) == grad(L), to within GRAD_JIT_ULPS',
    () => {
      fc.assert(gradOfJitLaw(), runs(250));
    },
    TIMEOUT,
  );

  it('grad∘jit is not bit-exact: a merged common subexpression re-associates the cotangent sums', () => {
    // jit merges the two identical broadcasts: their cotangents are added before the broadcast's VJP
    const f = (x: NDArray) => lax.concatenate([lax.broadcastInDim(x, [2], []), lax.broadcastInDim(x, [2], [])], 0);
    const w = np.array([0.1, 0.1, 0.2, 0.3]);
    const loss = (g: ArrayFn) => (x: NDArray) => lax.reduceSum(lax.mul(g(x), w), [0]);
    const x = np.array(2);
    expect((grad(loss(f))(x) as NDArray).item()).toBe(0.7); // (0.1 + 0.1) + (0.2 + 0.3)
    expect((grad(loss(jit(f)))(x) as NDArray).item()).toBe(0.7000000000000001); // (0.1 + 0.2) + (0.1 + 0.3)
  });
});

// ------------------------------------------------------------------ regressions

describe('regressions found by these laws', () => {
  // The JVP/VJP of cummax/cummin (lib/transforms/ad/reduce.ts, scanSource) located the element each
  // output came from with eq(x, out), false for NaN: a NaN output found no source and got the "miss"
  // index (n when reverse, -1 otherwise), so gather/scatter_add indexed out of range (reverse: a
  // RangeError) or wrapped -1 to the LAST element (forward: silently wrong). Found by the grad pairs
  // above on programs like `log(v0) -> cummax(axis 0, reverse)` with a negative input.
  it('grad of a reverse cummax over a NaN does not throw', () => {
    const g = grad((x: NDArray) => lax.reduceSum(lax.cummax(x, 0, true), [0]))(np.array([NaN])) as NDArray;
    expect(g.toArray()).toEqual([1]);
    const h = grad((x: NDArray) => lax.reduceSum(lax.cummin(x, 0, true), [0]))(np.array([3, NaN])) as NDArray;
    expect(h.toArray()).toEqual([0, 2]);
  });

  it('jvp of cummax: output 0 is x[0], so its tangent is t[0] (not t[1]) even when x[0] is NaN', () => {
    const [, t] = jvp((x: NDArray) => lax.cummax(x, 0), [np.array([NaN, 1])], [np.array([1, 10])]) as [NDArray, NDArray];
    expect((t.toArray() as number[])[0]).toBe(1); // was [10, 10]
  });
});

// ------------------------------------------------------------------ the checkers can fail

function mustFail<T>(prop: fc.IPropertyWithHooks<[T]>, numRuns = 300): string {
  const r = fc.check(prop, { numRuns });
  expect(r.failed).toBe(true);
  return r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance);
}

describe('the pair checkers can fail', () => {
  it('a jit that evaluates eagerly (cutting the graph, so gradients through it vanish) is caught by grad∘jit', () => {
    // right values, wrong derivative: the output is a constant as far as grad can tell
    const eager =
      (f: ArrayFn): ArrayFn =>
      (...xs) =>
        toNDArray(fromNDArray(jit(f)(...xs)));
    expect(mustFail(gradOfJitLaw(eager))).toMatch(/grad\(L∘jit\(P\)\) != grad\(L\)/);
  });

  it('a jit that rounds float64 through float32 is caught by jit∘grad', () => {
    const viaF32 =
      (f: ArrayFn): ArrayFn =>
      (...xs) => {
        const y = jit(f)(...xs);
        return y.dtype === 'float64' ? lax.convertElementType(lax.convertElementType(y, 'float32'), 'float64') : y;
      };
    expect(mustFail(jitOfGradLaw(viaF32))).toMatch(/jit\(grad\(L\)\) != grad\(L\)/);
  });

  it('a vmap of jit that loses the sign of zero is caught by vmap∘jit', () => {
    const plusZero: VmapLike =
      (f, opts) =>
      (...xs: NDArray[]) => {
        const y = vmap(jit(f), opts)(...xs);
        return y.dtype === 'float32' || y.dtype === 'float64' ? lax.add(y, 0) : y;
      };
    expect(mustFail(vmapLawN(anyProgram, 1, { vmap: plusZero }), 500)).toMatch(/vmap law broken: .*got 0, expected -0/);
  });
});
