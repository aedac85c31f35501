/**
 * The differentiation laws, as fast-check properties over the lax cases (./lax-cases) and random
 * programs (./programs):
 *
 * - dot-product (adjoint) test: for random tangents v and cotangents u,
 *       <vjp(f)(u), v>  ==  <u, jvp(f)(v)>        (summed over every float input / the output);
 * - grad against central finite differences;
 * - vmap(grad f) against the stacked per-example gradients, and grad of a vmapped sum against
 *   the same stack (bit for bit);
 * - jacrev == jacfwd, and a symmetric hessian.
 *
 * Every checker returns null when the law holds and a report otherwise; the transforms it uses are
 * injectable, so the tests can show that a deliberately wrong one is caught.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { grad, hessian, jacfwd, jacrev, jvp, vjp } from '../lib/transforms/grad';
import { inspect } from '../lib/transforms/jit/inspect';
import { vmap } from '../lib/transforms/vmap';
import { bitEqual, describeHost, fromNDArray, host, hostZeros, sliceAxis, stackAxis, toNDArray, type HostArray } from './host';
import type { ArrayFn, CaseArgs, LawCase } from './laws';

export const isFloatDtype = (d: DType): boolean => d === 'float32' || d === 'float64';
const range = (n: number): number[] => [...Array(n).keys()];
const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const errText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

// ------------------------------------------------------------------ float versions of the lax cases

/** Small integers (ties, zeros) and doubles in [-m, m]. */
const symmetric = (m: number): fc.Arbitrary<number> =>
  fc.oneof(
    { arbitrary: fc.integer({ min: -m, max: m }), weight: 1 },
    { arbitrary: fc.double({ min: -m, max: m, noNaN: true }), weight: 3 },
  );
const positive = fc.double({ min: 0.25, max: 4, noNaN: true });
/** ±[0.25, 4]: away from the zero a divisor or atan2's x must avoid. */
const awayFromZero = fc.tuple(fc.boolean(), positive).map(([s, v]) => (s ? -v : v));

/**
 * Where each primitive is differentiable with finite derivatives (per argument position; others:
 * symmetric(3)). The dot-product test itself needs no smoothness (both sides use the same rules at
 * the same point), only finite values: log/sqrt/rsqrt need x > 0, tan stays off its poles, a
 * divisor (div, rem, atan2's x) stays off zero.
 */
const DOMAINS: Readonly<Record<string, readonly (fc.Arbitrary<number> | undefined)[]>> = {
  log: [positive],
  sqrt: [positive],
  rsqrt: [positive],
  log1p: [fc.double({ min: -0.5, max: 3, noNaN: true })],
  tan: [fc.double({ min: -1.2, max: 1.2, noNaN: true })],
  div: [undefined, awayFromZero],
  rem: [undefined, awayFromZero],
  atan2: [undefined, awayFromZero],
  pow: [positive, symmetric(2)],
  // inside the domains, off the branch points and poles (lgamma and digamma: x > 0)
  asin: [fc.double({ min: -0.9, max: 0.9, noNaN: true })],
  acos: [fc.double({ min: -0.9, max: 0.9, noNaN: true })],
  atanh: [fc.double({ min: -0.9, max: 0.9, noNaN: true })],
  erfInv: [fc.double({ min: -0.9, max: 0.9, noNaN: true })],
  acosh: [fc.double({ min: 1.25, max: 4, noNaN: true })],
  lgamma: [positive],
  digamma: [positive],
  reduceProd: [symmetric(2)],
};

/** Whether every input is float64, int32 or bool and at least one is float64. */
const float64Instance = (c: CaseArgs): boolean => c.dtypes.some((d) => d === 'float64') && c.dtypes.every((d) => d !== 'float32');

/**
 * The cases restricted to instances whose float inputs are float64, with smooth finite values for
 * the float inputs (int and bool inputs, such as indices and predicates, keep the case's own values:
 * they have no tangent). Cases that never have a float input (not, and, convert from int...) are
 * dropped: whether a case has one is decided by sampling its instances.
 */
export function float64Cases(cases: readonly LawCase[]): LawCase[] {
  return cases
    .filter((c) => fc.sample(c.args, { numRuns: 60, seed: 7 }).some(float64Instance))
    .map((c) => ({
      name: c.name,
      args: c.args.filter(float64Instance).map((inst) => ({
        ...inst,
        valueArbs: inst.dtypes.map((d, a) => (d === 'float64' ? (DOMAINS[c.name]?.[a] ?? symmetric(3)) : inst.valueArbs?.[a])),
      })),
    }));
}

/**
 * The cases restricted to instances with a float (float32 or float64) input, keeping the case's own
 * values (small integers, halves, and NaN, ±Infinity, -0, huge and tiny doubles): for the
 * bit-exact laws, which need no finite derivatives.
 */
export function floatInputCases(cases: readonly LawCase[]): LawCase[] {
  const hasFloat = (c: CaseArgs) => c.dtypes.some(isFloatDtype);
  return cases
    .filter((c) => fc.sample(c.args, { numRuns: 60, seed: 7 }).some(hasFloat))
    .map((c) => ({ name: c.name, args: c.args.filter(hasFloat) }));
}

const floatOutput = (c: CaseArgs): boolean => isFloatDtype(outAval(c).dtype);

/**
 * The cases restricted to instances with a float output (a loss, a Jacobian or a cotangent needs
 * one); cases that never have one (comparisons, argmax with int32 indices...) are dropped, decided
 * by sampling as in float64Cases.
 */
export function floatOutputCases(cases: readonly LawCase[]): LawCase[] {
  return cases
    .filter((c) => fc.sample(c.args, { numRuns: 60, seed: 7 }).some(floatOutput))
    .map((c) => ({ name: c.name, args: c.args.filter(floatOutput) }));
}

// ------------------------------------------------------------------ examples

/** Per-example output shape and dtype of an instance (nothing is evaluated). */
export function outAval(c: CaseArgs): { shape: readonly number[]; dtype: DType } {
  const out = c.fn(...c.shapes.map((s, a) => toNDArray(hostZeros(s, c.dtypes[a]!))));
  return { shape: [...out.shape], dtype: out.dtype };
}

/** Host values for the instance's arguments. */
export function argValuesArb(c: CaseArgs): fc.Arbitrary<HostArray[]> {
  return fc.tuple(...c.shapes.map((_, a) => argValueArb(c, a)));
}

/** Host values for argument `a` (the case's value arbitrary; small integers and doubles by default). */
export function argValueArb(c: CaseArgs, a: number): fc.Arbitrary<HostArray> {
  const shape = c.shapes[a]!,
    d = c.dtypes[a]!;
  const n = sizeOf(shape);
  return fc.array(c.valueArbs?.[a] ?? symmetric(3), { minLength: n, maxLength: n }).map((data) => host(shape, d, data));
}

/** Tangent / cotangent values: doubles in [-1, 1] and a few small integers. */
const directionArb = fc.oneof(
  { arbitrary: fc.double({ min: -1, max: 1, noNaN: true }), weight: 4 },
  { arbitrary: fc.integer({ min: -2, max: 2 }), weight: 1 },
);
export const directionHostArb = (shape: readonly number[], dtype: DType): fc.Arbitrary<HostArray> =>
  fc.array(directionArb, { minLength: sizeOf(shape), maxLength: sizeOf(shape) }).map((d) => host(shape, dtype, d));

export interface AdExample {
  readonly name: string;
  readonly instance: CaseArgs;
  readonly values: readonly HostArray[];
  /** One tangent per float argument (in argument order). */
  readonly tangents: readonly HostArray[];
  /** The output cotangent (zeros when the output is not float: it has no cotangent). */
  readonly cotangent: HostArray;
}

const floatArgs = (c: CaseArgs): number[] => range(c.dtypes.length).filter((a) => isFloatDtype(c.dtypes[a]!));

/** `f` as a function of its float arguments only, the others fixed at their values. */
function ofFloatArgs(c: CaseArgs, args: readonly NDArray[]): { diff: number[]; g: ArrayFn } {
  const diff = floatArgs(c);
  const g = (...ds: NDArray[]) => c.fn(...args.map((x, a) => (diff.includes(a) ? ds[diff.indexOf(a)]! : x)));
  return { diff, g };
}

export function adExampleArb(c: LawCase): fc.Arbitrary<AdExample> {
  return c.args.chain((instance) => {
    const out = outAval(instance);
    return fc
      .record({
        values: argValuesArb(instance),
        tangents: fc.tuple(...floatArgs(instance).map((a) => directionHostArb(instance.shapes[a]!, instance.dtypes[a]!))),
        cotangent: isFloatDtype(out.dtype) ? directionHostArb(out.shape, out.dtype) : fc.constant(hostZeros(out.shape, out.dtype)),
      })
      .map((r) => withReport<AdExample>({ name: c.name, instance, ...r }, describeAdExample));
  });
}

function withReport<T extends object>(x: T, describe: (x: T) => string): T {
  return Object.assign(x, { [fc.toStringMethod]: () => describe(x) });
}

export function describeAdExample(ex: AdExample): string {
  const c = ex.instance;
  return [
    `case ${ex.name}${c.params === undefined ? '' : ` ${JSON.stringify(c.params)}`}`,
    `  args: ${ex.values.map(describeHost).join(', ')}`,
    `  tangents: ${ex.tangents.map(describeHost).join(', ')}`,
    `  cotangent: ${describeHost(ex.cotangent)}`,
  ].join('\n');
}

// ------------------------------------------------------------------ the dot-product test

/** What the dot-product law calls (injectable). */
export interface AdImpl {
  readonly jvp: (f: ArrayFn, primals: NDArray[], tangents: NDArray[]) => [NDArray, NDArray];
  readonly vjp: (f: ArrayFn, ...primals: NDArray[]) => [NDArray, (ct: NDArray) => NDArray[]];
}
export const realAd: AdImpl = { jvp: (f, p, t) => jvp(f, p, t), vjp: (f, ...p) => vjp(f, ...p) };

/**
 * Tolerance of the dot-product test: |<vjp(u), v> - <u, jvp(v)>| <= DOT_RTOL * (1 + S), S the sum
 * of the absolute values of all the products in both inner products. Both sides are exact
 * linearisations of the same graph at the same point, evaluated in different orders (a
 * dot_general's JVP contracts the tangent with the other operand, its VJP the cotangent; sums are
 * re-associated): each side is a sum of at most a few hundred products of O(1) factors, each
 * carrying a relative rounding error of a few ulps (2.2e-16), so honest disagreement is below
 * ~1e-13 * (1 + S). 1e-9 leaves four orders of margin, and a wrong rule is off by O(1) * S (a
 * rule off by a relative 1e-6 is still caught: see ad.test.ts). Inputs are float64 only; the
 * float32 outputs of convert(float64 -> float32) get DOT_RTOL_F32 (the tangent is rounded to float32,
 * a relative 6e-8, while the cotangent back is exact).
 */
export const DOT_RTOL = 1e-9;
export const DOT_RTOL_F32 = 1e-6;

function inner(a: HostArray, b: HostArray): { sum: number; abs: number } {
  let sum = 0,
    abs = 0;
  a.data.forEach((x, i) => {
    const p = x * b.data[i]!;
    sum += p;
    abs += Math.abs(p);
  });
  return { sum, abs };
}

const sameAval = (x: NDArray, shape: readonly number[], dtype: DType): boolean =>
  x.dtype === dtype && x.shape.length === shape.length && x.shape.every((n, i) => n === shape[i]);

/** Checks `<vjp(f)(u), v> == <u, jvp(f)(v)>` (and the avals and primal outputs) on one example. */
export function checkDotProduct(ex: AdExample, impl: AdImpl = realAd): string | null {
  const c = ex.instance;
  const report = (m: string) => `${m}\n${describeAdExample(ex)}`;
  try {
    const args = ex.values.map(toNDArray);
    const { diff, g } = ofFloatArgs(c, args);
    const primals = diff.map((a) => args[a]!);
    const direct = fromNDArray(c.fn(...args));
    const [out, tout] = impl.jvp(g, primals, ex.tangents.map(toNDArray));
    const [out2, pull] = impl.vjp(g, ...primals);
    const cts = pull(toNDArray(ex.cotangent));
    for (const [what, o] of [
      ['jvp', out],
      ['vjp', out2],
    ] as const) {
      const d = bitEqual(fromNDArray(o), direct);
      if (d !== null) return report(`${what}'s primal output differs from f(x): ${d}`);
    }
    if (!sameAval(tout, direct.shape, direct.dtype))
      return report(`the output tangent is ${tout.dtype}(${tout.shape}), the output ${direct.dtype}(${direct.shape})`);
    if (cts.length !== diff.length) return report(`vjp returned ${cts.length} cotangents for ${diff.length} primals`);
    for (const [j, a] of diff.entries())
      if (!sameAval(cts[j]!, c.shapes[a]!, c.dtypes[a]!))
        return report(`cotangent ${j} is ${cts[j]!.dtype}(${cts[j]!.shape}), its primal ${c.dtypes[a]}(${c.shapes[a]})`);
    const t = fromNDArray(tout);
    if (!isFloatDtype(direct.dtype)) {
      // an int or bool output has no tangent: it must be zero
      return t.data.every((v) => v === 0) ? null : report(`the tangent of a ${direct.dtype} output is not zero: ${describeHost(t)}`);
    }
    const right = inner(ex.cotangent, t);
    let leftSum = 0,
      leftAbs = 0;
    cts.forEach((ct, j) => {
      const r = inner(fromNDArray(ct), ex.tangents[j]!);
      leftSum += r.sum;
      leftAbs += r.abs;
    });
    const rtol = direct.dtype === 'float32' ? DOT_RTOL_F32 : DOT_RTOL;
    const tol = rtol * (1 + leftAbs + right.abs);
    if (!(Math.abs(leftSum - right.sum) <= tol))
      return report(
        `<vjp(u), v> = ${leftSum} but <u, jvp(v)> = ${right.sum} (difference ${Math.abs(leftSum - right.sum)}, tolerance ${tol})`,
      );
    return null;
  } catch (e) {
    return report(`threw ${errText(e)}`);
  }
}

export const dotProductLaw = (c: LawCase, impl: AdImpl = realAd): fc.IPropertyWithHooks<[AdExample]> =>
  fc.property(adExampleArb(c), (ex) => {
    const m = checkDotProduct(ex, impl);
    if (m !== null) throw new Error(m);
  });

// ------------------------------------------------------------------ losses and gradients

/** What the gradient laws call as grad (injectable): the gradients w.r.t. every argument. */
export type GradImpl = (f: ArrayFn) => (...xs: NDArray[]) => NDArray[];
export const realGrad: GradImpl =
  (f) =>
  (...xs) =>
    grad(f, { argnums: range(xs.length) })(...xs) as NDArray[];

/** sum(f(xs) * w): a scalar loss whose cotangent on f's output is the (random) weights w. */
export const weightedLoss =
  (f: ArrayFn, w: HostArray): ArrayFn =>
  (...xs) => {
    const y = f(...xs);
    return lax.reduceSum(lax.mul(y, toNDArray(w)), range(y.ndim));
  };

/** The gradient of the weighted loss w.r.t. the float arguments, flattened and concatenated. */
export function flatGradFn(c: CaseArgs, w: HostArray, gradImpl: GradImpl = realGrad): ArrayFn {
  return (...args) => {
    const { diff, g } = ofFloatArgs(c, args);
    const gs = gradImpl(weightedLoss(g, w))(...diff.map((a) => args[a]!));
    return lax.concatenate(
      gs.map((x) => lax.reshape(x, [x.size])),
      0,
    );
  };
}

/**
 * vmap(grad f) as a vmap-law case: the function under test is the flattened gradient of the
 * weighted loss of the case (instances with a float output: pass floatOutputCases), so the vmap law of ./laws (random in/out axes,
 * bit for bit against the stacked loop) is exactly "vmap(grad(f))(xs) == stack_i grad(f)(x_i)".
 */
export function gradCase(c: LawCase, gradImpl: GradImpl = realGrad): LawCase {
  return {
    name: `grad of ${c.name}`,
    args: c.args.filter(floatOutput).chain((inst) => {
      const out = outAval(inst);
      return directionHostArb(out.shape, out.dtype).map((w) => ({
        ...inst,
        fn: flatGradFn(inst, w, gradImpl),
        params: { of: inst.params, w: w.data },
      }));
    }),
  };
}

// ------------------------------------------------------------------ grad of a vmapped loss

export interface BatchExample {
  readonly name: string;
  readonly instance: CaseArgs;
  /** Per argument, `size` per-example values (every argument is mapped along axis 0). */
  readonly values: readonly (readonly HostArray[])[];
  /** Per example, the loss weights on the output. */
  readonly weights: readonly HostArray[];
}

export function batchExampleArb(c: LawCase, maxSize = 3): fc.Arbitrary<BatchExample> {
  return c.args.filter(floatOutput).chain((instance) => {
    const out = outAval(instance);
    return fc.integer({ min: 1, max: maxSize }).chain((size) =>
      fc
        .record({
          values: fc.tuple(...instance.shapes.map((_, a) => fc.array(argValueArb(instance, a), { minLength: size, maxLength: size }))),
          weights: fc.array(directionHostArb(out.shape, out.dtype), { minLength: size, maxLength: size }),
        })
        .map((r) => withReport<BatchExample>({ name: c.name, instance, ...r }, describeBatchExample)),
    );
  });
}

export function describeBatchExample(ex: BatchExample): string {
  const c = ex.instance;
  return [
    `case ${ex.name}${c.params === undefined ? '' : ` ${JSON.stringify(c.params)}`}`,
    ...ex.values.map((vs, a) => `  arg ${a}: ${vs.map(describeHost).join(' | ')}`),
    `  weights: ${ex.weights.map(describeHost).join(' | ')}`,
  ].join('\n');
}

/**
 * grad(X => sum(vmap(f)(X) * W)) against the stacked per-example grad(x => sum(f(x) * w_i))(x_i),
 * bit for bit when `ulps` is 0. The batched loss's cotangent on vmap(f)'s output is W, whose
 * slices are the per-example weights; nothing is summed across examples, and where a batching
 * rule is the per-example primitive with a leading batch axis, the VJP of the batched graph runs
 * the per-example VJP kernels: each slice must be the same bits.
 *
 * A batching rule that rewrites the primitive (pad with a batched pad value becomes a select
 * between the padded operand and the broadcast values) has a different VJP formula: the pad
 * value's cotangent is then the sum of the cotangent over the padding positions, where the
 * per-example pad VJP computes sum(ct) - sum(ct inside) (as JAX's does). Those agree up to the
 * rounding of sums of the cotangents: |diff| <= ulps * eps * (1 + sum |w|), eps the dtype's ulp of
 * 1 (2^-52, 2^-23) and ulps = GRAD_OF_VMAP_ULPS: a re-associated sum of k terms differs by at most
 * ~k/2 ulps of the sum of their magnitudes, and k is at most a few hundred here.
 */
export function checkGradOfVmap(
  ex: BatchExample,
  gradImpl: GradImpl = realGrad,
  ulps = 0,
  vmapImpl: (f: ArrayFn) => ArrayFn = (f) => vmap(f),
): string | null {
  const c = ex.instance;
  const report = (m: string) => `${m}\n${describeBatchExample(ex)}`;
  try {
    const size = ex.weights.length;
    const diff = floatArgs(c);
    const stacked = ex.values.map((vs, a) => stackAxis(vs, 0, { shape: c.shapes[a]!, dtype: c.dtypes[a]! }));
    const W = stackAxis(ex.weights, 0, ex.weights[0]!);
    const ints = stacked.map(toNDArray);
    const batchedLoss = (...ds: NDArray[]) => {
      const ys = vmapImpl(c.fn)(...ints.map((x, a) => (diff.includes(a) ? ds[diff.indexOf(a)]! : x)));
      return lax.reduceSum(lax.mul(ys, toNDArray(W)), range(ys.ndim));
    };
    const got = gradImpl(batchedLoss)(...diff.map((a) => ints[a]!)).map(fromNDArray);
    for (const [j, a] of diff.entries()) {
      const per = range(size).map((i) => {
        const args = ex.values.map((vs) => toNDArray(vs[i]!));
        const { g } = ofFloatArgs(c, args);
        return fromNDArray(gradImpl(weightedLoss(g, ex.weights[i]!))(...diff.map((k) => args[k]!))[j]!);
      });
      const want = stackAxis(per, 0, { shape: c.shapes[a]!, dtype: c.dtypes[a]! });
      const scale = ex.weights.reduce((t, w) => t + w.data.reduce((u, v) => u + Math.abs(v), 0), 0);
      const d = ulps === 0 ? bitEqual(got[j]!, want) : closeTo(got[j]!, want, ulps * ulpOf(want.dtype), scale);
      if (d !== null)
        return report(`gradient w.r.t. argument ${a}: ${d}\n  got      ${describeHost(got[j]!)}\n  expected ${describeHost(want)}`);
    }
    return null;
  } catch (e) {
    return report(`threw ${errText(e)}`);
  }
}

/** For rules that rewrite the primitive under vmap (see checkGradOfVmap). */
export const GRAD_OF_VMAP_ULPS = 512;
const ulpOf = (d: DType): number => (d === 'float32' ? 2 ** -23 : 2 ** -52);

export const gradOfVmapLaw = (c: LawCase, gradImpl: GradImpl = realGrad, ulps = 0): fc.IPropertyWithHooks<[BatchExample]> =>
  fc.property(batchExampleArb(c), (ex) => {
    const m = checkGradOfVmap(ex, gradImpl, ulps);
    if (m !== null) throw new Error(m);
  });

// ------------------------------------------------------------------ jacobians

/**
 * Tolerance of jacrev == jacfwd: |J_rev - J_fwd| <= JAC_RTOL * (1 + max|J|) per entry. Each entry
 * is one product chain through the same local derivatives, pushed forward along a basis vector or
 * pulled back along one; the two differ only in association order (and in sums with exact
 * zeros), so honest differences are a few ulps of the largest partial products: ~1e-15 relative
 * for our O(1) values. 1e-10 is generous and still far below a wrong entry.
 */
export const JAC_RTOL = 1e-10;
/** With a float32 side (convert float64 -> float32), float32's ulps: 6e-8 relative, times a few. */
export const JAC_RTOL_F32 = 1e-6;

export interface JacImpl {
  readonly jacfwd: (f: ArrayFn, argnum: number) => (...xs: NDArray[]) => NDArray;
  readonly jacrev: (f: ArrayFn, argnum: number) => (...xs: NDArray[]) => NDArray;
}
export const realJac: JacImpl = {
  jacfwd:
    (f, k) =>
    (...xs) =>
      jacfwd(f, { argnums: k })(...xs) as NDArray,
  jacrev:
    (f, k) =>
    (...xs) =>
      jacrev(f, { argnums: k })(...xs) as NDArray,
};

function maxAbs(h: HostArray): number {
  return h.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

/** Elementwise |a - b| <= rtol * (1 + scale); null when every entry is within. */
function closeTo(a: HostArray, b: HostArray, rtol: number, scale: number): string | null {
  if (a.dtype !== b.dtype || a.shape.length !== b.shape.length || a.shape.some((n, i) => n !== b.shape[i]))
    return `${a.dtype}(${a.shape}) vs ${b.dtype}(${b.shape})`;
  const tol = rtol * (1 + scale);
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i]!,
      y = b.data[i]!;
    if (!(Math.abs(x - y) <= tol) && !Object.is(x, y)) return `entry ${i}: ${x} vs ${y} (difference ${Math.abs(x - y)}, tolerance ${tol})`;
  }
  return null;
}

/** jacrev(f, argnums k) == jacfwd(f, argnums k) for every float argument k (float outputs). */
export function checkJacobians(ex: AdExample, impl: JacImpl = realJac): string | null {
  const c = ex.instance;
  const report = (m: string) => `${m}\n${describeAdExample(ex)}`;
  try {
    const args = ex.values.map(toNDArray);
    const out = outAval(c);
    for (const k of floatArgs(c)) {
      const fwd = fromNDArray(impl.jacfwd(c.fn, k)(...args));
      const rev = fromNDArray(impl.jacrev(c.fn, k)(...args));
      // as in JAX, jacfwd's blocks have the output's dtype (they are tangents of the output) and
      // jacrev's the input's (cotangents of the input): they differ for a float32 <-> float64 convert
      if (fwd.dtype !== out.dtype || rev.dtype !== c.dtypes[k])
        return report(`jacfwd is ${fwd.dtype} (output ${out.dtype}), jacrev ${rev.dtype} (input ${c.dtypes[k]})`);
      const f32 = fwd.dtype === 'float32' || rev.dtype === 'float32';
      const d = closeTo({ ...rev, dtype: fwd.dtype }, fwd, f32 ? JAC_RTOL_F32 : JAC_RTOL, Math.max(maxAbs(fwd), maxAbs(rev)));
      if (d !== null)
        return report(`jacrev != jacfwd w.r.t. argument ${k}: ${d}\n  jacrev ${describeHost(rev)}\n  jacfwd ${describeHost(fwd)}`);
    }
    return null;
  } catch (e) {
    return report(`threw ${errText(e)}`);
  }
}

export const jacobianLaw = (c: LawCase, impl: JacImpl = realJac): fc.IPropertyWithHooks<[AdExample]> =>
  fc.property(adExampleArb({ name: c.name, args: c.args.filter(floatOutput) }), (ex) => {
    const m = checkJacobians(ex, impl);
    if (m !== null) throw new Error(m);
  });

/**
 * Tolerance of the hessian's symmetry: |H[i,j] - H[j,i]| <= HESS_RTOL * (1 + max|H|). H = jacfwd
 * of jacrev: H[i,j] and H[j,i] come from different forward passes over the reverse graph, so they
 * are the same mixed partial computed along different paths and orders (for a smooth f they are
 * equal mathematically): a few ulps of the largest second-order products, which stay O(10) for
 * the bounded smooth programs. 1e-9 is generous.
 */
export const HESS_RTOL = 1e-9;

/** hessian(L)(x) is symmetric: H as an (n, n) matrix for x of size n. */
export function checkHessianSymmetric(
  loss: ArrayFn,
  x: HostArray,
  hess: (f: ArrayFn) => (x: NDArray) => NDArray = (f) => (v) => hessian(f)(v) as NDArray,
): string | null {
  try {
    const H = fromNDArray(hess(loss)(toNDArray(x)));
    const n = sizeOf(x.shape);
    const want = [...x.shape, ...x.shape];
    if (H.shape.length !== want.length || H.shape.some((s, i) => s !== want[i])) return `hessian shape (${H.shape}) is not (${want})`;
    const tol = HESS_RTOL * (1 + maxAbs(H));
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const a = H.data[i * n + j]!,
          b = H.data[j * n + i]!;
        if (!(Math.abs(a - b) <= tol)) return `H[${i},${j}] = ${a} but H[${j},${i}] = ${b} (tolerance ${tol})\n  H = ${describeHost(H)}`;
      }
    return null;
  } catch (e) {
    return `threw ${errText(e)}`;
  }
}

// ------------------------------------------------------------------ finite differences

/**
 * grad against central finite differences, per coordinate:
 *     fd_k = (L(x + h e_k) - L(x - h e_k)) / 2h,   h = FD_STEP = 1e-6,
 *     |g_k - fd_k| <= FD_RTOL * (1 + |fd_k|),      FD_RTOL = 1e-5.
 * The error of fd is truncation h^2/6 |L'''| plus rounding ~ eps |L| / h times the condition of
 * evaluating L. The smooth programs (./programs, mode 'smooth') keep every value within a
 * magnitude of 4 (rescaling by exact powers of two) from inputs in [-1, 1], so L''' is at most
 * ~1e4 (truncation ~2e-9) and |L| at most a few hundred (rounding ~1e-8 with a conditioning of
 * 100): the honest error is below ~1e-7, two orders under the tolerance, while a wrong rule
 * (a sign, a factor, a misplaced cotangent) is off by O(1).
 */
export const FD_STEP = 1e-6;
export const FD_RTOL = 1e-5;

export interface FdExample {
  readonly f: ArrayFn;
  readonly describe: string;
  readonly values: readonly HostArray[];
  readonly weights: HostArray;
}

/** Checks grad of sum(f(xs) * w) (w.r.t. every input; all float64) against central differences. */
export function checkFiniteDifferences(ex: FdExample, gradImpl: GradImpl = realGrad): string | null {
  const report = (m: string) =>
    `${m}\n${ex.describe}\n  inputs: ${ex.values.map(describeHost).join(', ')}\n  weights: ${describeHost(ex.weights)}`;
  try {
    const loss = weightedLoss(ex.f, ex.weights);
    const xs = ex.values.map(toNDArray);
    const gs = gradImpl(loss)(...xs).map(fromNDArray);
    const at = (vals: readonly HostArray[]) => loss(...vals.map(toNDArray)).item() as number;
    for (const [j, x] of ex.values.entries()) {
      const g = gs[j]!;
      if (g.dtype !== x.dtype || g.shape.length !== x.shape.length || g.shape.some((n, i) => n !== x.shape[i]))
        return report(`gradient ${j} is ${g.dtype}(${g.shape}), its input ${x.dtype}(${x.shape})`);
      for (let k = 0; k < x.data.length; k++) {
        const moved = (d: number) =>
          ex.values.map((v, i) =>
            i === j
              ? host(
                  v.shape,
                  v.dtype,
                  v.data.map((e, q) => (q === k ? e + d : e)),
                )
              : v,
          );
        const fd = (at(moved(FD_STEP)) - at(moved(-FD_STEP))) / (2 * FD_STEP);
        const tol = FD_RTOL * (1 + Math.abs(fd));
        if (!(Math.abs(g.data[k]! - fd) <= tol))
          return report(
            `d/d input ${j}[${k}]: grad ${g.data[k]} but finite difference ${fd} (difference ${Math.abs(g.data[k]! - fd)}, tolerance ${tol})`,
          );
      }
    }
    return null;
  } catch (e) {
    return report(`threw ${errText(e)}`);
  }
}

/** Slices of a stacked host array along axis 0 (a convenience for the tests). */
export const unstack = (x: HostArray): HostArray[] => range(x.shape[0]!).map((i) => sliceAxis(x, 0, i));

/**
 * Whether any value `fn` computes at `args` is float32. grad∘jit laws then compare with float32's
 * epsilon: jit merges common subexpressions, so the cotangents of a merged float32 value are summed
 * in float32 before they reach a float64 input, where the unjitted function sums them in another
 * order (the same terms, re-associated: float32-sized differences even in a float64 gradient).
 */
export const computesInFloat32 = (fn: ArrayFn, args: readonly NDArray[]): boolean => inspect(fn)(...args).includes('float32');
