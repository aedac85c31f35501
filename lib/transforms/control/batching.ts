/**
 * Batching rules of cond, while and scan (JAX's, from lax/control_flow): bodies are batched by the
 * driver's `ctx.batchProgram`; which carries become batched is found by a fixed point; batch axes
 * are leading (at 0) for carries and operands, at 1 for the scanned axis of xs and ys.
 */
import type { SubProgram } from '../../array/ir';
import { bind, constant, type NDArray } from '../../array/ndarray';
import type { CondParams, ScanParams, WhileParams } from '../../array/primitives/control';
import { moveBatchAxis, type BatchContext, type Batched, type MultiBatchRule } from '../batching/types';
import { bindMulti, callProgram, joinBranches, traceClosed } from './program';

const isBatched = (b: Batched) => b.bdim !== null;
const toFront = (ctx: BatchContext, b: Batched) => (b.bdim === null ? b.x : moveBatchAxis(ctx.size, b.bdim, 0, b.x));
const allBatched = (ctx: BatchContext, bs: readonly Batched[]) => bs.map((b) => moveBatchAxis(ctx.size, b.bdim, 0, b.x));
const results = (xs: readonly NDArray[], batched: readonly boolean[], at = 0): Batched[] =>
  xs.map((x, k) => ({ x, bdim: batched[k] ? at : null }));

/** pred [B] broadcast against x [B, ...]. */
const lanes = (pred: NDArray, like: NDArray) =>
  like.ndim === 1 ? pred : bind('broadcast_in_dim', [pred], { shape: like.shape, broadcastDimensions: [0] });

/** Carries that must be batched: those batched on entry, or made batched by the body (a fixed point). */
function carryFixedPoint(ctx: BatchContext, body: SubProgram, carry: boolean[], rest: readonly boolean[]): boolean[] {
  for (;;) {
    const out = ctx.batchProgram(body, [...carry, ...rest]).outBatched;
    const next = carry.map((b, k) => b || out[k]!);
    if (next.every((b, k) => b === carry[k])) return carry;
    carry = next;
  }
}

const condRule: MultiBatchRule = (ctx, [index, ...ops], p: CondParams) => {
  if (index!.bdim !== null) return selectBranches(ctx, index!, ops, p);
  const inB = ops.map(isBatched);
  let bs = p.branches.map((br) => ctx.batchProgram(br, inB));
  const union = bs[0]!.outBatched.map((_, k) => bs.some((b) => b.outBatched[k]));
  if (bs.some((b) => b.outBatched.some((v, k) => v !== union[k]))) bs = p.branches.map((br) => ctx.batchProgram(br, inB, union));
  const xs = ops.map((b) => toFront(ctx, b));
  const { programs, consts } = joinBranches(
    xs.map((x) => x.aval),
    bs.map((b) => ({ program: b.program, consts: b.consts })),
  );
  return results(bindMulti('cond', [index!.x, ...xs, ...consts], { branches: programs }), union);
};

/**
 * A batched index: every branch runs on the whole batch and select picks per lane. Each branch
 * sees its operands selected against their stop-gradient copies, so the lanes it does not own
 * send no cotangent back (a NaN there would poison the sum: JAX's issue 1052).
 */
function selectBranches(ctx: BatchContext, index: Batched, ops: readonly Batched[], p: CondParams): Batched[] {
  const idx = toFront(ctx, index);
  const xs = allBatched(ctx, ops);
  const eqK = (k: number) => bind('eq', [idx, constant(k, 'int32', idx.shape)]);
  const outs = p.branches.map((br, k) => {
    const mine = eqK(k);
    const guarded = xs.map((x) => bind('select', [lanes(mine, x), x, bind('stop_gradient', [x])]));
    const b = ctx.batchProgram(br, xs.map(() => true), br.outAvals.map(() => true));
    return callProgram(b.program, [...guarded, ...b.consts]);
  });
  // clamped like the index: below 0 takes branch 0, above n - 1 the last one
  const picked = outs[0]!.map((_, j) =>
    outs.slice(1).reduce((acc, o, k) => bind('select', [lanes(bind('ge', [idx, constant(k + 1, 'int32', idx.shape)]), acc), o[j]!, acc]), outs[0]![j]!),
  );
  return results(picked, picked.map(() => true));
}

const whileRule: MultiBatchRule = (ctx, args, p: WhileParams) => {
  const carry = args.slice(0, p.nCarry), condConsts = args.slice(p.nCarry, p.nCarry + p.nCondConsts), bodyConsts = args.slice(p.nCarry + p.nCondConsts);
  const ccB = condConsts.map(isBatched), bcB = bodyConsts.map(isBatched);
  let carryB = carryFixedPoint(ctx, p.body, carry.map(isBatched), bcB);
  const unbatchedCond = ctx.batchProgram(p.cond, [...carryB, ...ccB]);
  if (!unbatchedCond.outBatched[0]) {
    const c = unbatchedCond;
    const b = ctx.batchProgram(p.body, [...carryB, ...bcB], carryB);
    const cIns = [...condConsts.map((x) => toFront(ctx, x)), ...c.consts];
    const ins = [...carry.map((x, k) => (carryB[k] ? moveBatchAxis(ctx.size, x.bdim, 0, x.x) : x.x)), ...cIns, ...bodyConsts.map((x) => toFront(ctx, x)), ...b.consts];
    return results(bindMulti('while', ins, { cond: c.program, body: b.program, nCarry: p.nCarry, nCondConsts: cIns.length }), carryB);
  }
  // a batched predicate: run until every lane is done; a finished lane keeps its carry (JAX)
  carryB = carry.map(() => true);
  const c = ctx.batchProgram(p.cond, [...carryB, ...ccB]);
  const b = ctx.batchProgram(p.body, [...carryB, ...bcB], carryB);
  const cArgs = [...condConsts.map((x) => toFront(ctx, x)), ...c.consts];
  const bArgs = [...bodyConsts.map((x) => toFront(ctx, x)), ...b.consts];
  const lanePred = (vars: readonly NDArray[]) => callProgram(c.program, [...vars, ...cArgs])[0]!;
  const anyLane = traceClosed(carry.map((x) => moveBatchAxis(ctx.size, x.bdim, 0, x.x).aval), (vars) => {
    const n = bind('reduce_max', [bind('convert', [lanePred(vars)], { dtype: 'int32' })], { axes: [0] });
    return [bind('gt', [n, constant(0, 'int32', [])])];
  });
  const step = traceClosed(carry.map((x) => moveBatchAxis(ctx.size, x.bdim, 0, x.x).aval), (vars) => {
    const pred = lanePred(vars);
    const next = callProgram(b.program, [...vars, ...bArgs]);
    return next.map((x, k) => bind('select', [lanes(pred, x), x, vars[k]!]));
  });
  const ins = [...allBatched(ctx, carry), ...anyLane.consts, ...step.consts];
  return results(bindMulti('while', ins, { cond: anyLane.program, body: step.program, nCarry: p.nCarry, nCondConsts: anyLane.consts.length }), carryB);
};

const scanRule: MultiBatchRule = (ctx, args, p: ScanParams) => {
  const carry = args.slice(0, p.nCarry), xs = args.slice(p.nCarry, p.nCarry + p.nXs), consts = args.slice(p.nCarry + p.nXs);
  const rest = [...xs.map(isBatched), ...consts.map(isBatched)];
  const carryB = carryFixedPoint(ctx, p.body, carry.map(isBatched), rest);
  const nYs = p.body.outAvals.length - p.nCarry;
  const b = ctx.batchProgram(p.body, [...carryB, ...rest], [...carryB, ...Array<boolean>(nYs).fill(false)]);
  const ins = [
    ...carry.map((x, k) => (carryB[k] ? moveBatchAxis(ctx.size, x.bdim, 0, x.x) : x.x)),
    ...xs.map((x) => (x.bdim === null ? x.x : moveBatchAxis(ctx.size, x.bdim, 1, x.x))), // scanned axis first, batch next
    ...consts.map((x) => toFront(ctx, x)),
    ...b.consts,
  ];
  const outs = bindMulti('scan', ins, { ...p, body: b.program });
  return [...results(outs.slice(0, p.nCarry), carryB), ...results(outs.slice(p.nCarry), b.outBatched.slice(p.nCarry), 1)];
};

export const controlBatchRules = {
  cond: condRule,
  while: whileRule,
  scan: scanRule,
  stop_gradient: (_ctx: BatchContext, [a]: readonly Batched[]): Batched => ({ x: bind('stop_gradient', [a!.x]), bdim: a!.bdim }),
};
