/**
 * Rules of custom_jvp_call and custom_vjp_call. Under vmap the user's rules become rules that, when
 * called, trace the per-example rule and batch it with the driver's `batchProgram` (every output
 * and residual batched at 0; a cotangent for an unbatched argument is summed over the batch, as JAX
 * does). jvp of a custom_jvp calls the user's rule; its vjp traces the rule's tangent map (linear in
 * the tangents) and pulls the cotangents back through it with the driver's `vjpProgram`. vjp of a custom_vjp
 * runs fwd for the residuals and bwd on them; its jvp is an error, as in JAX.
 */
import { isFloat } from '../../array/dtype';
import { bind, constant, type NDArray } from '../../array/ndarray';
import type { BwdRuleFn, CustomJvpParams, CustomVjpParams, FwdRuleFn, JvpRuleFn } from '../../array/primitives/control';
import { GradError, type MultiJvpRule, type MultiVjpRule } from '../ad/types';
import { moveBatchAxis, type BatchContext, type Batched, type MultiBatchRule } from '../batching/types';
import { bindMulti, callProgram, traceClosed } from '../control/program';

const isBatched = (b: Batched) => b.bdim !== null;
const front = (ctx: BatchContext, b: Batched) => (b.bdim === null ? b.x : moveBatchAxis(ctx.size, b.bdim, 0, b.x));
const all = (n: number) => Array<boolean>(n).fill(true);
const zeros = (x: { dtype: NDArray['dtype']; shape: readonly number[] }) => constant(0, x.dtype, x.shape);
const floatMask = (xs: readonly { dtype: NDArray['dtype'] }[]) => xs.map((x) => isFloat(x.dtype));

/** One entry per flag: the next extra where the flag is set, else null. */
function spread(extras: readonly NDArray[], present: readonly boolean[]): (NDArray | null)[] {
  let j = 0;
  return present.map((p) => (p ? extras[j++]! : null));
}

/** A per-example view of batched values (batch axis at 0 where `batched`). */
const perExample = (xs: readonly NDArray[], batched: readonly boolean[]) => xs.map((x, i) => (batched[i] ? { ...x.aval, shape: x.shape.slice(1) } : x.aval));

/**
 * A rule for the batched node: when called, the per-example rule is traced into a program and
 * batched by the driver (so it runs once on the whole batch); every output comes out batched.
 */
function batchedRule(ctx: BatchContext, rule: (...groups: NDArray[][]) => NDArray[], batched: readonly (readonly boolean[])[]) {
  return (...groups: (readonly NDArray[])[]): NDArray[] => {
    const flags = batched.flat();
    const sizes = groups.map((g) => g.length);
    const t = traceClosed(
      groups.flatMap((g, k) => perExample(g, batched[k]!)),
      (vars) => {
        let o = 0;
        return rule(...sizes.map((n) => vars.slice(o, (o += n))));
      },
      'vmap',
    );
    const b = ctx.batchProgram(t.program, [...flags, ...t.consts.map(() => false)], all(t.program.outAvals.length));
    return callProgram(b.program, [...groups.flat(), ...t.consts, ...b.consts]);
  };
}

const customJvpBatch: MultiBatchRule = (ctx, args, p: CustomJvpParams) => {
  const a = args.slice(0, p.nArgs);
  const argB = a.map(isBatched);
  const f = ctx.batchProgram(p.fun, args.map(isBatched), all(p.fun.outAvals.length));
  // a tangent has its primal's shape, so it is batched where its argument is
  const tanB = argB.filter((_, i) => isFloat(a[i]!.x.dtype));
  const jvp: JvpRuleFn = { call: batchedRule(ctx, (x, t) => p.jvp.call(x!, t!), [argB, tanB]), toJSON: () => `vmap of ${p.jvp.toJSON()}` };
  const outs = bindMulti('custom_jvp_call', [...args.map((b) => front(ctx, b)), ...f.consts], { fun: f.program, jvp, nArgs: p.nArgs });
  return outs.map((x) => ({ x, bdim: 0 }));
};

const customVjpBatch: MultiBatchRule = (ctx, args, p: CustomVjpParams) => {
  const a = args.slice(0, p.nArgs), nOut = p.fun.outAvals.length;
  const argB = a.map(isBatched);
  const f = ctx.batchProgram(p.fun, args.map(isBatched), all(nOut));
  const fwd: FwdRuleFn = {
    call: (xs) => {
      const outs = batchedRule(ctx, (x) => p.fwd.call(x!).flat(), [argB])(xs);
      return [outs.slice(0, nOut), outs.slice(nOut)];
    },
    toJSON: () => `vmap of ${p.fwd.toJSON()}`,
  };
  const unbatchedFloat = a.filter((x) => isFloat(x.x.dtype)).map((x) => !isBatched(x));
  const bwd: BwdRuleFn = {
    // residuals and cotangents are batched (every output is); a cotangent for an unbatched argument sums over the batch
    call: (res, cts) =>
      batchedRule(ctx, (r, c) => p.bwd.call(r!, c!), [all(res.length), all(cts.length)])(res, cts).map((c, i) =>
        unbatchedFloat[i] ? bind('reduce_sum', [c], { axes: [0] }) : c,
      ),
    toJSON: () => `vmap of ${p.bwd.toJSON()}`,
  };
  const outs = bindMulti('custom_vjp_call', [...args.map((b) => front(ctx, b)), ...f.consts], { fun: f.program, fwd, bwd, nArgs: p.nArgs });
  return outs.map((x) => ({ x, bdim: 0 }));
};

const customJvpJvp: MultiJvpRule = (primals, tangents, p: CustomJvpParams) => {
  const a = primals.slice(0, p.nArgs);
  const fa = floatMask(a);
  if (!a.some((_, i) => fa[i] && tangents[i])) return p.fun.outAvals.map(() => null);
  const ts = a.flatMap((x, i) => (fa[i] ? [tangents[i] ?? zeros(x)] : []));
  return spread(p.jvp.call(a, ts), floatMask(p.fun.outAvals));
};

const customJvpVjp: MultiVjpRule = (cts, primals, p: CustomJvpParams, _out, ad) => {
  const a = primals.slice(0, p.nArgs);
  const fa = floatMask(a);
  const want = a.filter((_, i) => fa[i]).map((x) => ad.needsCotangent(x));
  const none = primals.map(() => null);
  const fo = floatMask(p.fun.outAvals);
  const given = cts.filter((c, k): c is NDArray => fo[k]! && !!c);
  if (!want.some(Boolean) || given.length === 0) return none;
  // the rule's tangents are linear in its input tangents: trace that map and pull the cotangents back through it
  const floatArgs = a.filter((_, i) => fa[i]);
  const lin = traceClosed(floatArgs.map((x) => ({ ...x.aval, weak: false })), (ts) => p.jvp.call(a, ts), 'vjp');
  const d = ad.vjpProgram(lin.program, cts.filter((_, k) => fo[k]).map((c) => !!c), [...want, ...lin.consts.map(() => false)]);
  const cin = spread(callProgram(d.program, [...floatArgs.map(zeros), ...lin.consts, ...given, ...d.consts]), want);
  let j = 0;
  return primals.map((_, i) => (i < p.nArgs && fa[i] ? cin[j++]! : null));
};

const customVjpJvp: MultiJvpRule = () => {
  throw new GradError("can't apply forward-mode autodiff (jvp) to a custom_vjp function.");
};

const customVjpVjp: MultiVjpRule = (cts, primals, p: CustomVjpParams, _out, ad) => {
  const a = primals.slice(0, p.nArgs);
  const fa = floatMask(a);
  if (!a.some((x, i) => fa[i] && ad.needsCotangent(x))) return primals.map(() => null);
  const [, res] = p.fwd.call(a);
  const ctsFull = p.fun.outAvals.flatMap((av, k) => (isFloat(av.dtype) ? [cts[k] ?? zeros(av)] : []));
  const cin = p.bwd.call(res, ctsFull);
  let j = 0;
  return primals.map((_, i) => (i < p.nArgs && fa[i] ? cin[j++]! : null));
};

export const customBatchRules = { custom_jvp_call: customJvpBatch, custom_vjp_call: customVjpBatch };
export const customJvpRules = { custom_jvp_call: customJvpJvp, custom_vjp_call: customVjpJvp };
export const customVjpRules = { custom_jvp_call: customJvpVjp, custom_vjp_call: customVjpVjp };
