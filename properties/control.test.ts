/**
 * The laws on the control-flow cases (./control-cases: cond, switch, whileLoop, foriLoop with static
 * and traced bounds, scan with pytree carries / reverse / xs null, map with batchSize, a scan of a
 * vmap of a scan, a scan of switch and cond, and scans and conds whose bodies are random programs
 * of ./programs):
 *
 * - vmap == the stacked per-example loop, bit for bit (random in/out axes and batch sizes, 0 too),
 *   one level and two nested, also through jit (vmap∘jit and jit∘vmap);
 * - jit(f)(x) == f(x), bit for bit, on a first (tracing) and a second (cached) call;
 * - reverse mode (cond, switch, foriLoop with static bounds, scan, map): the dot-product test
 *   <vjp(u), v> == <u, jvp(v)> (DOT_RTOL, reasoning in ./ad-laws), grad == central finite
 *   differences, vmap(grad f) == the stacked gradients (bit for bit), grad of a vmapped loss == the
 *   per-example gradients (bit for bit up to the sign of zero, see below), jacfwd == jacrev;
 * - jit(grad f) == grad f (bit for bit) and grad(jit f) == grad f (2 ulps, see there);
 * - forward mode of whileLoop (and of foriLoop with traced bounds, a while loop under jit):
 *   jvp == jvp of the same loop run by JS (bit for bit) and == central finite differences;
 * - hessian through scan: symmetric and equal to the hessian of the unrolled loop;
 * - psum, pmax and pmean inside a scan body under vmap (and jit) == the lanes run in lockstep by JS;
 * - and planted bugs in the control-flow rules are caught.
 *
 * Finite differences: FD_STEP h = 1e-6 and FD_RTOL = 1e-5 of ./ad-laws, per coordinate
 * |g - fd| <= 1e-5 (1 + |fd|). The float arguments are in [-3, 3] (float64Cases), the bodies bounded
 * (tanh, sin, halving; at most 4 steps of at most 3 elements), so the loss (weights in [-2, 2]) stays
 * below ~100 and its third derivatives below ~1e3: the central difference's truncation error h^2/6
 * |L'''| ~ 2e-10 and its rounding error ~ eps |L| / h ~ 2e-8 are 500x under the tolerance, while a
 * wrong rule (a dropped carry cotangent, a swapped branch) is off by O(1). The random smooth bodies
 * keep their own inputs in [-1, 1] and every value within BOUND_LIMIT = 4 (./programs), and the
 * carry update c/2 + tanh(sum y)/4 keeps the carry within 1 over at most 4 steps: the same bounds.
 * Predicates in these cases come from int32 arguments (no kink); the predicate-from-data case is
 * left out of this law only.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { np } from '../lib/numpy';
import { hessian, jvp } from '../lib/transforms/grad';
import { jit } from '../lib/transforms/jit';
import { vmap } from '../lib/transforms/vmap';
import {
  adExampleArb,
  checkFiniteDifferences,
  checkHessianSymmetric,
  describeAdExample,
  dotProductLaw,
  FD_RTOL,
  FD_STEP,
  flatGradFn,
  float64Cases,
  gradCase,
  gradOfVmapLaw,
  JAC_RTOL,
  jacobianLaw,
  realGrad,
  type GradImpl,
} from './ad-laws';
import { hostArrayArb } from './arbitraries';
import { batchRules } from '../lib/transforms/batching';
import { jvpRules, vjpRules } from '../lib/transforms/ad';
import { condCase, condDataCase, condNanCase, controlCases, foriTracedCase, randomBodyCases, reverseControlCases, scanCase, smoothBodyCases, whileCase } from './control-cases';
import { bitEqual, describeHost, fromNDArray, host, toNDArray, type HostArray } from './host';
import { nestedVmapLaw, vmapLaw, type LawCase, type VmapLike } from './laws';

const SCALE = Number(process.env.VMAP_LAW_RUNS_SCALE ?? '1') || 1;
const runs = (n: number) => ({ numRuns: Math.ceil(n * SCALE) });
const TIMEOUT = 120_000;

const vmapOfJit: VmapLike = (f, opts) => vmap(jit(f), opts);
const jitOfVmap: VmapLike = (f, opts) => jit(vmap(f, opts));

describe('vmap of control flow == the stacked per-example loop, bit for bit', () => {
  for (const c of [...controlCases, ...randomBodyCases]) {
    it(c.name, () => fc.assert(vmapLaw(c), runs(25)), TIMEOUT);
    it(`${c.name}: vmap of vmap == the double loop`, () => fc.assert(nestedVmapLaw(c), runs(10)), TIMEOUT);
    it(`${c.name}: vmap∘jit and jit∘vmap`, () => {
      fc.assert(vmapLaw(c, { vmap: vmapOfJit }), runs(10));
      fc.assert(vmapLaw(c, { vmap: jitOfVmap }), runs(10));
    }, TIMEOUT);
  }
});

// ------------------------------------------------------------------ jit == eager

/** jit(f) on the case's arguments, called twice (trace, then the cached program), against f. */
function jitLaw(c: LawCase) {
  return fc.property(
    c.args.chain((inst) => fc.tuple(fc.constant(inst), fc.tuple(...inst.shapes.map((s, a) => hostArrayArb(s, inst.dtypes[a]!, inst.valueArbs![a]!))))),
    ([inst, values]) => {
      const args = values.map(toNDArray);
      const want = fromNDArray(inst.fn(...args));
      const jf = jit(inst.fn);
      for (const call of [1, 2]) {
        const got = fromNDArray(jf(...values.map(toNDArray)));
        const d = bitEqual(got, want);
        if (d !== null) throw new Error(`jit call ${call}: ${d}\n  ${JSON.stringify(inst.params)}\n  args ${values.map(describeHost).join(', ')}`);
      }
      expect(jf.cacheSize).toBe(1);
    },
  );
}

describe('jit of control flow == eager, bit for bit (and cached)', () => {
  for (const c of [...controlCases, ...randomBodyCases]) it(c.name, () => fc.assert(jitLaw(c), runs(20)), TIMEOUT);
});

// ------------------------------------------------------------------ reverse mode

/** The cases' float64 instances with values in [-3, 3], and the random smooth bodies (their own values in [-1, 1]). */
const reverse = [...float64Cases(reverseControlCases), ...smoothBodyCases];
/**
 * Batched int32 bounds make foriLoop a while loop: no reverse mode under vmap (tested in
 * test/control). The NaN-branch cond joins here: its per-lane gradients must survive the batching.
 */
const reverseUnderVmap = reverse.filter((c) => c.name !== foriTracedCase.name);
/** The NaN-branch cond over float64 with its own values (|x| in [1/4, 3]: the taken branch is finite). */
const condNan64: LawCase = { name: condNanCase.name, args: condNanCase.args.filter((i) => i.dtypes[0] === 'float64') };
const gradWithVmap = [...reverseUnderVmap, condNan64];
const smooth = reverse.filter((c) => c.name !== condDataCase.name);

describe('dot-product test <vjp(u), v> == <u, jvp(v)> through control flow', () => {
  for (const c of reverse) it(c.name, () => fc.assert(dotProductLaw(c), runs(25)), TIMEOUT);
});

describe('grad through control flow == central finite differences', () => {
  for (const c of smooth)
    it(
      c.name,
      () =>
        fc.assert(
          fc.property(adExampleArb(c), (ex) => {
            // the float arguments are differentiated; int32 ones (predicates, bounds) stay fixed
            const fl = ex.instance.dtypes.map((d, a) => (d === 'float64' ? a : -1)).filter((a) => a >= 0);
            const fn = (...fs: NDArray[]) => ex.instance.fn(...ex.values.map((v, a) => (fl.includes(a) ? fs[fl.indexOf(a)]! : toNDArray(v))));
            const m = checkFiniteDifferences({ f: fn, describe: `case ${ex.name} ${JSON.stringify(ex.instance.params)}`, values: fl.map((a) => ex.values[a]!), weights: ex.cotangent });
            if (m !== null) throw new Error(m);
          }),
          runs(15),
        ),
      TIMEOUT,
    );
});

/** grad with -0 made +0 (x + 0): equal as numbers, every other bit kept. */
const gradUpToZeroSign: GradImpl =
  (f) =>
  (...xs) =>
    realGrad(f)(...xs).map((g) => lax.add(g, 0));

describe('vmap and grad through control flow', () => {
  for (const c of gradWithVmap) {
    it(`vmap(grad f) == stack of grad f: ${c.name}`, () => fc.assert(vmapLaw(gradCase(c)), runs(12)), TIMEOUT);
    // A batched predicate runs every branch and selects per lane: the cotangent of an operand is
    // the sum over the branches of select(lane's branch, ct, 0), so a -0 cotangent comes back as
    // -0 + 0 = +0 where the per-example cond returns the -0 itself. Equal as numbers; every other
    // bit must match, so both sides are compared after x + 0 (which changes only -0).
    it(`grad of a vmapped loss == per-example gradients: ${c.name}`, () => fc.assert(gradOfVmapLaw(c, gradUpToZeroSign), runs(12)), TIMEOUT);
    it(`jacfwd == jacrev: ${c.name}`, () => fc.assert(jacobianLaw(c), runs(10)), TIMEOUT);
  }
});

/**
 * jit∘grad == grad bit for bit (jit only simplifies the gradient's graph); grad∘jit within
 * GRAD_JIT_ULPS = 2 ulps of 1 + max |g| (float64): grad then differentiates the program jit
 * simplified, where a merged common subexpression sums its cotangents in another order (the
 * reasoning and measurements are in ./transforms.test.ts); a wrong rule is off by O(|g|).
 */
describe('jit with grad through control flow', () => {
  const GRAD_JIT_ULPS = 2;
  for (const c of reverseUnderVmap)
    it(c.name, () => {
      fc.assert(
        fc.property(adExampleArb(c), (ex) => {
          const args = ex.values.map(toNDArray);
          const want = fromNDArray(flatGradFn(ex.instance, ex.cotangent)(...args));
          const d = bitEqual(fromNDArray(jit(flatGradFn(ex.instance, ex.cotangent))(...args)), want);
          if (d !== null) throw new Error(`jit(grad f) != grad f: ${d}\n${describeAdExample(ex)}`);
          const g = fromNDArray(flatGradFn({ ...ex.instance, fn: jit(ex.instance.fn) }, ex.cotangent)(...args));
          const tol = GRAD_JIT_ULPS * 2 ** -52 * (1 + want.data.reduce((m, x) => Math.max(m, Math.abs(x)), 0));
          g.data.forEach((x, i) => {
            if (!(Math.abs(x - want.data[i]!) <= tol)) throw new Error(`grad(jit f)[${i}] = ${x}, grad f = ${want.data[i]} (tolerance ${tol})\n${describeAdExample(ex)}`);
          });
        }),
        runs(12),
      );
    }, TIMEOUT);
});

describe('a branch off its domain on the lanes that do not take it', () => {
  // with the taken branch finite, the gradient is finite: nothing computed for the other branch
  // (its NaN value, its 0 * inf cotangent) reaches it, per example or under vmap (the laws above
  // make the batched gradients equal to these)
  it('grad of cond(x > 0, sqrt(x) y, log(-x) y) is finite', () => {
    fc.assert(
      fc.property(adExampleArb(condNan64), (ex) => {
        const g = fromNDArray(flatGradFn(ex.instance, ex.cotangent)(...ex.values.map(toNDArray)));
        if (!g.data.every(Number.isFinite)) throw new Error(`gradient ${describeHost(g)}\n${describeAdExample(ex)}`);
      }),
      runs(25),
    );
  });
});

// ------------------------------------------------------------------ forward mode of while loops

/** whileCase's loop run by JS: the predicate read after each step (values stay readable under jvp). */
function whileByJs(k: NDArray, x: NDArray): NDArray {
  let i = 0,
    v = x;
  while (i < (k.item() as number) && (np.less(np.sum(v), 5.5).item() as boolean)) {
    v = np.add(np.add(np.multiply(v, 0.5), np.tanh(v)), 1);
    i++;
  }
  return np.concatenate([np.astype(np.array([i], 'int32'), v.dtype), v]);
}

const whileF64 = float64Cases([whileCase])[0]!;

describe('jvp of whileLoop', () => {
  it(
    'jvp(whileLoop) == jvp of the JS loop (bit for bit) and == central finite differences',
    () => {
      fc.assert(
        fc.property(adExampleArb(whileF64), (ex) => {
          const [kv, xv] = ex.values as [HostArray, HostArray];
          const k = toNDArray(kv);
          const [, t] = jvp((x: NDArray) => ex.instance.fn(k, x), [toNDArray(xv)], [toNDArray(ex.tangents[0]!)]) as [NDArray, NDArray];
          const [, tRef] = jvp((x: NDArray) => whileByJs(k, x), [toNDArray(xv)], [toNDArray(ex.tangents[0]!)]) as [NDArray, NDArray];
          const got = fromNDArray(t);
          const d = bitEqual(got, fromNDArray(tRef));
          if (d !== null) throw new Error(`jvp(while) != jvp(JS loop): ${d}\n  k ${describeHost(kv)} x ${describeHost(xv)}`);
          // (f(x + h v) - f(x - h v)) / 2h, per output (the reasoning in the header)
          const at = (s: number) => fromNDArray(ex.instance.fn(k, toNDArray(host(xv.shape, 'float64', xv.data.map((e, q) => e + s * ex.tangents[0]!.data[q]!)))));
          const hi = at(FD_STEP), lo = at(-FD_STEP);
          got.data.forEach((g, q) => {
            const fd = (hi.data[q]! - lo.data[q]!) / (2 * FD_STEP);
            if (!(Math.abs(g - fd) <= FD_RTOL * (1 + Math.abs(fd)))) throw new Error(`output ${q}: jvp ${g} but finite difference ${fd}\n  k ${describeHost(kv)} x ${describeHost(xv)}`);
          });
        }),
        runs(25),
      );
    },
    TIMEOUT,
  );

  it('jvp of foriLoop with traced bounds (a while loop under jit) == jvp with concrete bounds (a scan)', () => {
    const c = float64Cases([foriTracedCase])[0]!;
    fc.assert(
      fc.property(adExampleArb(c), (ex) => {
        const [lo, hi, x, w] = ex.values.map(toNDArray) as [NDArray, NDArray, NDArray, NDArray];
        const [tx, tw] = ex.tangents.map(toNDArray) as [NDArray, NDArray];
        const viaWhile = jit((l: NDArray, h: NDArray, a: NDArray, b: NDArray, ta: NDArray, tb: NDArray) => jvp((u: NDArray, v: NDArray) => ex.instance.fn(l, h, u, v), [a, b], [ta, tb])[1] as NDArray);
        const viaScan = jvp((u: NDArray, v: NDArray) => ex.instance.fn(lo, hi, u, v), [x, w], [tx, tw])[1] as NDArray;
        const d = bitEqual(fromNDArray(viaWhile(lo, hi, x, w, tx, tw)), fromNDArray(viaScan));
        if (d !== null) throw new Error(`${d}\n  ${ex.values.map(describeHost).join(', ')}`);
      }),
      runs(15),
    );
  }, TIMEOUT);
});

// ------------------------------------------------------------------ hessian through scan

/** The scan of scanCase's RNN step unrolled by JS (same ops, no scan node). */
const rnnLoss = (viaScan: boolean) => (x: NDArray) => {
  const w = np.sum(np.sin(x));
  const body = (h: NDArray, a: NDArray) => {
    const n = np.tanh(np.add(np.multiply(h, w), a));
    return [n, np.multiply(n, n)] as const;
  };
  if (viaScan) {
    const [h, ys] = lax.scan(body, np.multiply(x, 0.5), np.stack([x, np.cos(x), np.multiply(x, x)]));
    return np.add(np.sum(h), np.sum(ys));
  }
  let h = np.multiply(x, 0.5),
    acc = np.zeros([], 'float64');
  for (const a of [x, np.cos(x), np.multiply(x, x)]) {
    const [n, y] = body(h, a);
    h = n;
    acc = np.add(acc, np.sum(y));
  }
  return np.add(np.sum(h), acc);
};

describe('hessian through scan', () => {
  it('is symmetric and equals the hessian of the unrolled loop (JAC_RTOL)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }).chain((n) => hostArrayArb([n], 'float64', fc.double({ min: -2, max: 2, noNaN: true }))), (x) => {
        const sym = checkHessianSymmetric(rnnLoss(true), x);
        if (sym !== null) throw new Error(sym);
        const H = fromNDArray(hessian(rnnLoss(true))(toNDArray(x)) as NDArray);
        const R = fromNDArray(hessian(rnnLoss(false))(toNDArray(x)) as NDArray);
        const scale = R.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        H.data.forEach((h, i) => {
          if (!(Math.abs(h - R.data[i]!) <= JAC_RTOL * (1 + scale))) throw new Error(`H[${i}] = ${h}, unrolled ${R.data[i]}\n  x ${describeHost(x)}`);
        });
      }),
      runs(10),
    );
  }, TIMEOUT);
});


// ------------------------------------------------------------------ collectives inside bodies

/**
 * A scan whose step reads the whole batch: c' = tanh(c w + psum(x c)), y = pmax(c) - pmean(x),
 * under vmap(axisName 'i'), against the lanes run in lockstep by JS, each collective folded over the
 * lanes in lane order from its identity as the kernels fold (so bit for bit).
 */
describe('collectives inside a scan body under vmap (also jit∘vmap, vmap∘jit) == the lockstep loop over lanes', () => {
  const step = (w: NDArray) => (c: NDArray, x: NDArray) =>
    [np.tanh(np.add(np.multiply(c, w), lax.psum(np.multiply(x, c), 'i'))), np.subtract(lax.pmax(c, 'i'), lax.pmean(x, 'i'))] as const;
  it('psum, pmax, pmean', () => {
    const arb = fc.record({ b: fc.integer({ min: 1, max: 4 }), t: fc.integer({ min: 0, max: 4 }), n: fc.integer({ min: 0, max: 2 }) }).chain(({ b, t, n }) =>
      fc.tuple(hostArrayArb([b, n], 'float64', fc.double({ min: -2, max: 2, noNaN: true })), hostArrayArb([b, t, n], 'float64', fc.double({ min: -2, max: 2, noNaN: true })), hostArrayArb([], 'float64', fc.double({ min: -2, max: 2, noNaN: true }))),
    );
    fc.assert(
      fc.property(arb, ([c0, xs, w]) => {
        const [B, T, n] = xs.shape as [number, number, number];
        const W = toNDArray(w);
        const f = (c: NDArray, x: NDArray) => lax.scan(step(W), c, x);
        const impls = [vmap(f, { axisName: 'i' }), jit(vmap(f, { axisName: 'i' })), vmap(jit(f), { axisName: 'i' })];
        const [gotC, gotY] = impls[(B + T) % 3]!(toNDArray(c0), toNDArray(xs));
        // lockstep: per step, every lane's values, the collectives folded over the lanes in order
        const row = (h: HostArray, i: number, k: number) => toNDArray(host([n], 'float64', h.data.slice((i * T + k) * n, (i * T + k + 1) * n)));
        let cs = Array.from({ length: B }, (_, i) => toNDArray(host([n], 'float64', c0.data.slice(i * n, (i + 1) * n))));
        const ys: NDArray[][] = cs.map(() => []);
        for (let k = 0; k < T; k++) {
          const x = cs.map((_, i) => row(xs, i, k));
          const fold = (vals: NDArray[], f: (a: NDArray, b: NDArray) => NDArray, init: number) => vals.reduce(f, np.full([n], init));
          const ps = fold(x.map((xi, i) => np.multiply(xi, cs[i]!)), np.add, 0);
          const mx = fold(cs, np.maximum, -Infinity);
          const mean = np.divide(fold(x, np.add, 0), B);
          cs.forEach((_, i) => ys[i]!.push(np.subtract(mx, mean)));
          cs = cs.map((ci) => np.tanh(np.add(np.multiply(ci, W), ps)));
        }
        const d1 = bitEqual(fromNDArray(gotC), fromNDArray(np.stack(cs)));
        const wantY = host([B, T, n], 'float64', ys.flatMap((y) => y.flatMap((e) => [...e.data()])));
        const d2 = bitEqual(fromNDArray(gotY), wantY);
        if (d1 !== null || d2 !== null) throw new Error(`carry: ${d1}; ys: ${d2}\n  c0 ${describeHost(c0)} xs ${describeHost(xs)} w ${describeHost(w)}`);
      }),
      runs(20),
    );
  }, TIMEOUT);
});

// ------------------------------------------------------------------ the laws can fail

/** Runs `body` with `table[key]` replaced by `rule` (a planted bug), restoring it after. */
function planted<T>(table: object, key: string, rule: (orig: any) => unknown, body: () => T): T {
  const t = table as Record<string, unknown>;
  const orig = t[key];
  t[key] = rule(orig);
  try {
    return body();
  } finally {
    t[key] = orig;
  }
}

function mustFail<T>(prop: fc.IPropertyWithHooks<[T]>, numRuns = 200): string {
  const r = fc.check(prop, { numRuns, seed: 42 });
  expect(r.failed).toBe(true);
  return r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance);
}

describe('the control-flow laws catch planted bugs', () => {
  it('a batched scan that runs in the wrong direction fails the vmap law', () => {
    const m = planted(batchRules, 'scan', (orig) => (ctx: unknown, args: unknown, p: { reverse: boolean }) => orig(ctx, args, { ...p, reverse: !p.reverse }), () => mustFail(vmapLaw(scanCase)));
    expect(m).toMatch(/vmap law broken/);
  });

  it('a scan VJP off by a relative 1e-6 fails the dot-product test', () => {
    const scaled = (orig: any) => (...a: unknown[]) => (orig(...a) as (NDArray | null)[]).map((c) => c && lax.mul(c, 1 + 1e-6));
    const m = planted(vjpRules, 'scan', scaled, () => mustFail(dotProductLaw(float64Cases([scanCase])[0]!)));
    expect(m).toMatch(/<vjp\(u\), v> = .* but <u, jvp\(v\)> = /);
  });

  it('a while JVP that halves the tangent of the carry fails the jvp law', () => {
    const halved = (orig: any) => (...a: unknown[]) => (orig(...a) as (NDArray | null)[]).map((t) => t && lax.mul(t, 0.5));
    const m = planted(jvpRules, 'while', halved, () =>
      mustFail(
        fc.property(adExampleArb(whileF64), (ex) => {
          const k = toNDArray(ex.values[0]!);
          const [, t] = jvp((x: NDArray) => ex.instance.fn(k, x), [toNDArray(ex.values[1]!)], [toNDArray(ex.tangents[0]!)]) as [NDArray, NDArray];
          const [, tRef] = jvp((x: NDArray) => whileByJs(k, x), [toNDArray(ex.values[1]!)], [toNDArray(ex.tangents[0]!)]) as [NDArray, NDArray];
          const d = bitEqual(fromNDArray(t), fromNDArray(tRef));
          if (d !== null) throw new Error(`jvp(while) != jvp(JS loop): ${d}`);
        }),
      ),
    );
    expect(m).toMatch(/jvp\(while\) != jvp\(JS loop\)/);
  });

  it('a batched cond that ignores the predicate (always branch 0) fails the vmap law', () => {
    const m = planted(batchRules, 'cond', (orig) => (ctx: unknown, [index, ...ops]: { x: NDArray; bdim: number | null }[], p: unknown) => orig(ctx, [{ x: lax.mul(index!.x, 0), bdim: index!.bdim }, ...ops], p), () => mustFail(vmapLaw(condCase)));
    expect(m).toMatch(/vmap law broken/);
  });
});
