/**
 * The differentiation laws (./ad-laws) for every lax primitive with float inputs (the lax cases
 * restricted to float64 and to values where the derivatives are finite) and for random smooth
 * programs (./programs):
 *
 * - dot-product test <vjp(f)(u), v> == <u, jvp(f)(v)>, tolerance DOT_RTOL (see ad-laws.ts);
 * - grad == central finite differences (h = 1e-6) on smooth float64 programs, tolerance FD_RTOL;
 * - vmap(grad f) == stack of grad(f)(x_i), bit for bit (the vmap law of ./laws on the gradient);
 * - grad of a vmapped weighted sum == stack of per-example gradients, bit for bit except where a
 *   batching rule rewrites the primitive (pad with a batched pad value), GRAD_OF_VMAP_ULPS there;
 *   these two bit-exact laws run on float32 and float64 with the cases' own values (NaN,
 *   ±Infinity and -0 included: no finite derivatives needed);
 * - jacrev == jacfwd (JAC_RTOL) and a symmetric hessian (HESS_RTOL).
 *
 * And each checker can fail: deliberately wrong JVPs, VJPs, gradients and Jacobians are caught.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { hessian, jacfwd, jvp, vjp } from '../lib/transforms/grad';
import { vmap } from '../lib/transforms/vmap';
import {
  checkDotProduct,
  checkFiniteDifferences,
  checkGradOfVmap,
  checkHessianSymmetric,
  directionHostArb,
  dotProductLaw,
  float64Cases,
  floatOutputCases,
  floatInputCases,
  GRAD_OF_VMAP_ULPS,
  gradCase,
  gradOfVmapLaw,
  jacobianLaw,
  realGrad,
  realJac,
  weightedLoss,
  type AdExample,
  type AdImpl,
  type BatchExample,
  type GradImpl,
  type JacImpl,
} from './ad-laws';
import { hostArrayArb } from './arbitraries';
import { compositionCases, laxCases } from './lax-cases';
import { vmapLaw, type ArrayFn, type LawCase, type VmapLike } from './laws';
import { describeProgram, programArb, programCase, type Program } from './programs';
import { host, type HostArray } from './host';

/** Multiply every numRuns by VMAP_LAW_RUNS_SCALE (e.g. 20 for a long bug hunt); default 1. */
const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const runs = (n: number) => ({ numRuns: Math.ceil(n * SCALE) });
const TIMEOUT = 120_000;

const floatCases = float64Cases([...laxCases, ...compositionCases]);
const withFloatOutput = floatOutputCases(floatCases);
/** float32 and float64 instances with the cases' own values, float outputs: for the bit-exact laws. */
const anyValued = floatOutputCases(floatInputCases([...laxCases, ...compositionCases]));
const named = (name: string): LawCase => floatCases.find((c) => c.name === name)!;
/** Smooth float64 programs (inputs in [-1, 1], values kept O(1)): finite derivatives everywhere. */
const smoothProgram = programCase('smooth program', { mode: 'smooth', maxSteps: 8 });

// ------------------------------------------------------------------ dot-product test

describe('dot-product test <vjp(f)(u), v> == <u, jvp(f)(v)>: every primitive with float inputs', () => {
  it('covers every lax primitive that takes a float input', () => {
    const names = floatCases.map((c) => c.name);
    for (const p of [
      'sin',
      'pow',
      'select',
      'pad',
      'reduceMax',
      'cumprod',
      'sort',
      'dotGeneral',
      'gather',
      'scatterAdd',
      'dynamicUpdateSlice',
    ])
      expect(names).toContain(p);
    // the cases with no float input at all are the only ones left out
    for (const p of ['not', 'and', 'or', 'xor', 'convertElementType int32 -> float64']) expect(names).not.toContain(p);
  });
  for (const c of floatCases) it(c.name, () => fc.assert(dotProductLaw(c), runs(60)), TIMEOUT);
  it('random smooth programs (compositions of the rules)', () => fc.assert(dotProductLaw(smoothProgram), runs(150)), TIMEOUT);
});

// ------------------------------------------------------------------ finite differences

/** A smooth float64 program, its input values (in [-1, 1]) and loss weights. */
const smoothExampleArb = (maxInputs = 2) =>
  programArb({ mode: 'smooth', maxSteps: 8, maxInputs }).chain((p) =>
    fc.record({
      p: fc.constant(p),
      values: fc.tuple(...p.inputs.map((a, i) => hostArrayArb(a.shape, a.dtype, p.valueArbs[i]!))),
      w: directionHostArb(p.out.shape, p.out.dtype),
    }),
  );

const fdExample = (p: Program, values: readonly HostArray[], w: HostArray) => ({
  f: p.fn,
  describe: describeProgram(p),
  values,
  weights: w,
});

describe('grad == central finite differences (h = 1e-6): random smooth float64 programs', () => {
  it(
    'sin, tanh, exp, mul, add, sum, dot_general, transpose, slice, concatenate, logsumexp, softmax, ...',
    () => {
      fc.assert(
        fc.property(smoothExampleArb(), ({ p, values, w }) => {
          const m = checkFiniteDifferences(fdExample(p, values, w));
          if (m !== null) throw new Error(m);
        }),
        runs(150),
      );
    },
    TIMEOUT,
  );
});

// ------------------------------------------------------------------ vmap and grad

describe('vmap(grad f)(xs) == stack of grad(f)(x_i), bit for bit: every primitive with a float output', () => {
  for (const c of anyValued) it(c.name, () => fc.assert(vmapLaw(gradCase(c)), runs(25)), TIMEOUT);
});

describe('grad(X => sum(vmap(f)(X) * W)) == stack of per-example gradients: every primitive with a float output', () => {
  // pad's batching rule (a batched pad value) is a select, whose VJP sums the padding cotangents
  // instead of sum(ct) - sum(ct inside): equal up to rounding (see checkGradOfVmap)
  const ulpsOf = (c: LawCase) => (c.name === 'pad' || c.name === 'pad with its own sum' ? GRAD_OF_VMAP_ULPS : 0);
  for (const c of anyValued) it(c.name, () => fc.assert(gradOfVmapLaw(c, realGrad, ulpsOf(c)), runs(25)), TIMEOUT);

  it('pad with a batched pad value is not bit-exact (the rewritten VJP sums in another order)', () => {
    // per example: the pad value's cotangent is (0.1 + 0.2 + 0.3) - 0.2 = 0.4000000000000001;
    // batched: the select's VJP sums the padding positions, 0.1 + 0.3 = 0.4
    const ex: BatchExample = {
      name: 'pad',
      instance: { shapes: [[1], []], dtypes: ['float64', 'float64'], fn: (x: NDArray, v: NDArray) => lax.pad(x, v, [[1, 1, 0]]) },
      values: [[host([1], 'float64', [5])], [host([], 'float64', [7])]],
      weights: [host([3], 'float64', [0.1, 0.2, 0.3])],
    };
    expect(checkGradOfVmap(ex)).toMatch(/argument 1: 1 of 1 elements differ; first at index \[0\]: got 0.4, expected 0.4000000000000001/);
    expect(checkGradOfVmap(ex, realGrad, GRAD_OF_VMAP_ULPS)).toBeNull();
  });
});

// ------------------------------------------------------------------ jacobians

describe('jacrev(f) == jacfwd(f): every primitive with a float output', () => {
  for (const c of withFloatOutput) it(c.name, () => fc.assert(jacobianLaw(c), runs(20)), TIMEOUT);
  it('random smooth programs', () => fc.assert(jacobianLaw(smoothProgram), runs(100)), TIMEOUT);
});

describe('hessian(f) is symmetric: random smooth float64 programs', () => {
  it(
    'one-input programs, H = jacfwd(jacrev(loss))',
    () => {
      fc.assert(
        fc.property(smoothExampleArb(1), ({ p, values, w }) => {
          const m = checkHessianSymmetric(weightedLoss(p.fn, w), values[0]!);
          if (m !== null) throw new Error(`${m}\n${describeProgram(p)}`);
        }),
        runs(60),
      );
    },
    TIMEOUT,
  );
});

// ------------------------------------------------------------------ the checkers can fail

/** fc.check that must fail; returns the failure message. */
function mustFail<T>(prop: fc.IPropertyWithHooks<[T]>, numRuns = 200): string {
  const r = fc.check(prop, { numRuns });
  expect(r.failed).toBe(true);
  return r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance);
}

describe('the differentiation checkers can fail', () => {
  it('a VJP off by a relative 1e-6 is caught (the tolerance is tight)', () => {
    const scaled: AdImpl = {
      jvp: (f, p, t) => jvp(f, p, t),
      vjp: (f, ...p) => {
        const [out, pull] = vjp(f, ...p);
        return [out, (ct: NDArray) => pull(ct).map((c) => lax.mul(c, 1 + 1e-6))];
      },
    };
    expect(mustFail(dotProductLaw(named('sin'), scaled))).toMatch(/<vjp\(u\), v> = .* but <u, jvp\(v\)> = /);
  });

  it("a JVP that drops the second argument's tangent is caught", () => {
    const dropsSecond: AdImpl = {
      jvp: (f, p, t) =>
        jvp(
          f,
          p,
          t.map((x, i) => (i === 0 ? x : lax.mul(x, 0))),
        ),
      vjp: (f, ...p) => vjp(f, ...p),
    };
    mustFail(dotProductLaw(named('mul'), dropsSecond));
  });

  it('a VJP that misplaces the cotangent (transposes it back the wrong way) is caught', () => {
    // right for every cotangent that is symmetric under the reversal, e.g. all ones: the random
    // cotangents of the law are not
    const reversed: AdImpl = {
      jvp: (f, p, t) => jvp(f, p, t),
      vjp: (f, ...p) => {
        const [out, pull] = vjp(f, ...p);
        return [out, (ct: NDArray) => pull(ct).map((c) => (c.ndim > 0 ? lax.rev(c, [0]) : c))];
      },
    };
    const m = mustFail(dotProductLaw(named('transpose'), reversed));
    expect(m).toMatch(/case transpose/);
  });

  it('a wrong JVP rule (sin differentiated as sin) is reported with its example', () => {
    const ex: AdExample = {
      name: 'sin',
      instance: { shapes: [[2]], dtypes: ['float64'], fn: (x: NDArray) => lax.sin(x) },
      values: [host([2], 'float64', [0.5, 1])],
      tangents: [host([2], 'float64', [1, -1])],
      cotangent: host([2], 'float64', [0.25, 1]),
    };
    expect(checkDotProduct(ex)).toBeNull();
    const sinAsSin: AdImpl = { jvp: (f, p, t) => [f(...p), lax.mul(t[0]!, lax.sin(p[0]!))], vjp: (f, ...p) => vjp(f, ...p) };
    expect(checkDotProduct(ex, sinAsSin)).toMatch(/<vjp\(u\), v> = .*\ncase sin\n {2}args: float64\(2,\)\[0.5,1\]/);
  });

  it('a gradient off by a relative 1e-3 fails the finite-difference check', () => {
    const off: GradImpl =
      (f) =>
      (...xs) =>
        realGrad(f)(...xs).map((g) => lax.mul(g, 1.001));
    const m = mustFail(
      fc.property(smoothExampleArb(), ({ p, values, w }) => {
        const r = checkFiniteDifferences(fdExample(p, values, w), off);
        if (r !== null) throw new Error(r);
      }),
    );
    expect(m).toMatch(/grad .* but finite difference/);
  });

  it('a gradient with the wrong derivative of sin (sin instead of cos) fails the finite-difference check', () => {
    // grad of sum(sin(x) * w) computed as w * sin(x)
    const wrong: GradImpl = () => (x) => [lax.sin(x)];
    const ex = {
      f: (v: NDArray) => lax.sin(v),
      describe: 'sin',
      values: [host([3], 'float64', [0.1, 0.5, -0.7])],
      weights: host([3], 'float64', [1, 1, 1]),
    };
    expect(checkFiniteDifferences(ex)).toBeNull();
    expect(checkFiniteDifferences(ex, wrong)).toMatch(/d\/d input 0\[0\]: grad 0.0998.* but finite difference 0.995/);
  });

  it('vmap(grad f): a batched gradient that permutes the examples is caught', () => {
    const permuting: VmapLike =
      (f, opts) =>
      (...xs) => {
        const y = vmap(f, opts)(...xs);
        return opts.outAxes === null ? y : lax.rev(y, [((opts.outAxes as number) + y.ndim) % y.ndim]);
      };
    expect(mustFail(vmapLaw(gradCase(named('sin')), { vmap: permuting }))).toMatch(/vmap law broken/);
  });

  it('grad of a vmapped loss: a vmap that permutes the examples is caught', () => {
    const ex: BatchExample = {
      name: 'tanh',
      instance: { shapes: [[2]], dtypes: ['float64'], fn: (x: NDArray) => lax.tanh(x) },
      values: [[host([2], 'float64', [0.1, 0.2]), host([2], 'float64', [0.3, -0.4])]],
      weights: [host([2], 'float64', [1, 2]), host([2], 'float64', [-1, 0.5])],
    };
    expect(checkGradOfVmap(ex)).toBeNull();
    const reversing =
      (f: ArrayFn): ArrayFn =>
      (...xs) =>
        lax.rev(vmap(f)(...xs), [0]);
    expect(checkGradOfVmap(ex, realGrad, 0, reversing)).toMatch(/gradient w.r.t. argument 0: .*elements differ/);
  });

  it('a jacfwd that returns the transposed Jacobian is caught', () => {
    const transposed: JacImpl = {
      jacrev: realJac.jacrev,
      jacfwd:
        (f, k) =>
        (...xs) => {
          const j = jacfwd(f, { argnums: k })(...xs) as NDArray;
          return j.ndim === 2 ? lax.transpose(j, [1, 0]) : j;
        },
    };
    const m = mustFail(jacobianLaw(named('dotGeneral'), transposed), 300);
    expect(m).toMatch(/jacrev != jacfwd/);
  });

  it('a non-symmetric "hessian" is caught', () => {
    const x = host([2], 'float64', [0.3, -0.2]);
    const loss = (v: NDArray) => lax.reduceSum(lax.mul(lax.sin(v), lax.rev(v, [0])), [0]);
    expect(checkHessianSymmetric(loss, x)).toBeNull();
    const skewed = (f: ArrayFn) => (v: NDArray) => lax.add(hessian(f)(v) as NDArray, lax.iota('float64', [2, 2], 0));
    expect(checkHessianSymmetric(loss, x, skewed)).toMatch(/H\[0,1\] = .* but H\[1,0\] = /);
  });
});
