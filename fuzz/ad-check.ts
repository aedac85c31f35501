/** The checks of the fuzzer's differentiation kinds (see ./ad.ts for what each promises). */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { GradError } from '../lib/transforms/autodiff';
import { grad, jvp, vjp } from '../lib/transforms/grad';
import { jit } from '../lib/transforms/jit';
import { vmap } from '../lib/transforms/vmap';
import { computesInFloat32, DOT_RTOL, DOT_RTOL_F32, FD_RTOL, FD_STEP } from '../properties/ad-laws';
import { bitEqual, describeHost, fromNDArray, host, stackAxis, toNDArray, type HostArray } from '../properties/host';
import { adCaseArb, describeAdCase, GRAD_JIT_ULPS, type AdCase, type AdKind } from './ad';
import type { Stats } from './check';

const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';
const range = (n: number): number[] => [...Array(n).keys()];
const floatArgs = (c: AdCase): number[] => range(c.inputs.length).filter((a) => isFloat(c.inputs[a]!.dtype));
const ulpOf = (d: DType): number => (d === 'float32' ? 2 ** -23 : 2 ** -52);
const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** The scalar loss sum(fn(xs) * w). */
const lossOf = (c: AdCase, fn: (...xs: NDArray[]) => NDArray = c.fn) => (...xs: NDArray[]) => lax.reduceSum(lax.mul(fn(...xs), toNDArray(c.weights)), [0]);
const gradOf = (c: AdCase, fn?: (...xs: NDArray[]) => NDArray) => (...xs: NDArray[]) => grad(lossOf(c, fn), { argnums: floatArgs(c) })(...xs) as NDArray[];
const example = (c: AdCase, b: number) => c.values.map((vs, a) => toNDArray(vs[c.inAxes[a] === null ? 0 : b]!));

function checkJitGrad(c: AdCase): string | null {
  const want = gradOf(c)(...example(c, 0)).map(fromNDArray);
  const jg = jit(gradOf(c));
  for (let call = 1; call <= 2; call++) {
    const got = jg(...example(c, 0)).map(fromNDArray);
    for (const [j, g] of got.entries()) {
      const d = bitEqual(g, want[j]!);
      if (d !== null) return `jit(grad(L)) differs from grad(L) for input ${floatArgs(c)[j]} on call ${call}: ${d}\n  got      ${describeHost(g)}\n  expected ${describeHost(want[j]!)}`;
    }
  }
  return null;
}

/** |got - want| <= ulps * eps * (1 + max |want|) elementwise (eps of `epsOf`), NaN equal to NaN and -0 to 0. */
function closeTo(got: HostArray, want: HostArray, ulps: number, epsOf: DType = want.dtype): string | null {
  const scale = 1 + want.data.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);
  const tol = ulps * ulpOf(epsOf) * scale;
  for (let k = 0; k < want.data.length; k++) {
    const g = got.data[k]!, w = want.data[k]!;
    if (Number.isNaN(g) && Number.isNaN(w)) continue;
    if (g === w || Math.abs(g - w) <= tol) continue;
    return `element ${k}: ${g} vs ${w} (tolerance ${tol})`;
  }
  return null;
}

function checkVmapGrad(c: AdCase): string | null {
  const fa = floatArgs(c);
  const per = range(c.size).map((b) => gradOf(c)(...example(c, b)).map(fromNDArray));
  const batchedArgs = c.values.map((vs, a) => (c.inAxes[a] === null ? toNDArray(vs[0]!) : toNDArray(stackAxis(vs, c.inAxes[a]!, c.inputs[a]!))));
  const got = (vmap(gradOf(c), { inAxes: [...c.inAxes], outAxes: 0, axisSize: c.size })(...batchedArgs) as NDArray[]).map(fromNDArray);
  for (const [j, a] of fa.entries()) {
    const want = stackAxis(per.map((g) => g[j]!), 0, c.inputs[a]!);
    const d = bitEqual(got[j]!, want);
    if (d !== null) return `vmap(grad(L)) differs from the loop of grad(L) for input ${a}: ${d}\n  got      ${describeHost(got[j]!)}\n  expected ${describeHost(want)}`;
  }
  if (c.size === 0) return null;
  // grad through a jitted program: the same gradient up to re-associated sums (GRAD_JIT_ULPS), in
  // float32 where the program computes any float32 value (see computesInFloat32)
  const once = jit(c.fn);
  const viaJit = gradOf(c, (...xs) => once(...xs))(...example(c, 0)).map(fromNDArray);
  const plain = gradOf(c)(...example(c, 0)).map(fromNDArray);
  const f32 = computesInFloat32(c.fn, example(c, 0));
  for (const [j, a] of fa.entries()) {
    const d = closeTo(viaJit[j]!, plain[j]!, GRAD_JIT_ULPS, f32 ? 'float32' : plain[j]!.dtype);
    if (d !== null) return `grad(L ∘ jit(P)) differs from grad(L) for input ${a} by more than ${GRAD_JIT_ULPS} ulps: ${d}`;
  }
  return null;
}

/** 'skip' when a side is not finite (the identity holds only where both are defined). */
function checkDotProduct(c: AdCase): string | null | 'skip' {
  const fa = floatArgs(c);
  const args = example(c, 0);
  const g = (...ds: NDArray[]) => c.fn(...args.map((x, a) => (fa.includes(a) ? ds[fa.indexOf(a)]! : x)));
  const primals = fa.map((a) => args[a]!);
  const [, tout] = jvp(g, primals, c.tangents.map(toNDArray));
  const cts = vjp(g, ...primals)[1](toNDArray(c.weights)).map((x: NDArray) => fromNDArray(x));
  const inner = (x: HostArray, y: HostArray): [number, number] => {
    let sum = 0, abs = 0;
    x.data.forEach((v, k) => {
      sum += v * y.data[k]!;
      abs += Math.abs(v * y.data[k]!);
    });
    return [sum, abs];
  };
  const [right, rightAbs] = inner(c.weights, fromNDArray(tout));
  let left = 0, leftAbs = 0;
  cts.forEach((ct, j) => {
    const [s, a] = inner(ct, c.tangents[j]!);
    left += s;
    leftAbs += a;
  });
  if (![left, right, leftAbs, rightAbs].every(Number.isFinite)) return 'skip';
  const tol = (c.weights.dtype === 'float32' ? DOT_RTOL_F32 : DOT_RTOL) * (1 + leftAbs + rightAbs);
  return Math.abs(left - right) <= tol ? null : `<vjp(u), v> = ${left} but <u, jvp(v)> = ${right} (difference ${Math.abs(left - right)}, tolerance ${tol})`;
}

/**
 * jvp against central differences along the tangent: fd = (P(x + h v) - P(x - h v)) / 2h with
 * h = FD_STEP, |t - fd| <= FD_RTOL (1 + |fd|) per output element. With sum |v| <= 1 the step moves
 * every coordinate by at most h together, so the AD laws' bound for grad (properties/ad-laws.ts:
 * truncation ~2e-9, rounding ~1e-8 on smooth programs with values within 4) holds here too.
 */
function checkJvpFd(c: AdCase): string | null {
  const xs = c.values.map((vs) => vs[0]!);
  const t = fromNDArray(jvp(c.fn, xs.map(toNDArray), c.tangents.map(toNDArray))[1] as NDArray);
  const at = (d: number) => fromNDArray(c.fn(...xs.map((x, i) => toNDArray(host(x.shape, x.dtype, x.data.map((e, k) => e + d * c.tangents[i]!.data[k]!))))));
  const plus = at(FD_STEP), minus = at(-FD_STEP);
  for (let k = 0; k < t.data.length; k++) {
    const fd = (plus.data[k]! - minus.data[k]!) / (2 * FD_STEP);
    const tol = FD_RTOL * (1 + Math.abs(fd));
    if (!(Math.abs(t.data[k]! - fd) <= tol)) return `output element ${k}: jvp ${t.data[k]} but finite difference ${fd} (tolerance ${tol})`;
  }
  return null;
}

const CHECKS: Record<AdKind, (c: AdCase) => string | null | 'skip'> = {
  jvp: checkJvpFd,
  vjp: checkDotProduct,
  'vmap-grad': checkVmapGrad,
  'jit-grad': checkJitGrad,
};

/** Checks one case: null when it holds, else a report. Counts kinds (and non-finite skips) into stats. */
export function checkAdCase(c: AdCase, stats?: Stats): string | null {
  let r: string | null | 'skip' | 'refused';
  try {
    r = CHECKS[c.kind](c);
  } catch (e) {
    // reverse mode through a loop of unknown length is refused, as in JAX (a body may hold one)
    r = e instanceof GradError && /Reverse-mode differentiation does not work for lax\.whileLoop/.test(e.message) ? 'refused' : `threw ${errorText(e)}`;
  }
  if (stats) {
    stats.programs++;
    const key = r === 'skip' ? `${c.kind} (not finite: skipped)` : r === 'refused' ? `${c.kind} (reverse mode of a while loop: refused)` : c.kind;
    stats.byKind[key] = (stats.byKind[key] ?? 0) + 1;
    stats.steps += c.ops.length;
    for (const op of c.ops) stats.ops[op] = (stats.ops[op] ?? 0) + 1;
  }
  return r === null || r === 'skip' || r === 'refused' ? null : `${r}\n${describeAdCase(c)}`;
}

/** The property of the differentiation kinds (one kind, or all mixed). */
export function adProperty(kind: AdKind | undefined, maxSteps: number, stats?: Stats): fc.IPropertyWithHooks<[AdCase]> {
  return fc.property(adCaseArb(kind, maxSteps), (c) => {
    const m = checkAdCase(c, stats);
    if (m !== null) throw new Error(m);
  });
}
