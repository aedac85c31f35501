/**
 * Differentiation rules of cond, while and scan. Bodies are differentiated by the driver's
 * `ad.jvpProgram` / `ad.vjpProgram`; which carries get a tangent is found by a fixed point.
 * Reverse mode of scan (JAX's scan transpose, with the forward carries as residuals): a forward
 * scan stacks the carry entering every step, then a reverse scan pulls the cotangents back through
 * each step, accumulating the cotangents of the captured values in its carry.
 */
import { isFloat } from '../../array/dtype';
import type { AbstractValue, SubProgram } from '../../array/ir';
import { bind, constant, type NDArray } from '../../array/ndarray';
import type { CondParams, ScanParams, WhileParams } from '../../array/primitives/control';
import { GradError, type AdDriver, type MultiJvpRule, type MultiVjpRule } from '../ad/types';
import { bindMulti, callProgram, joinBranches, traceClosed } from './program';

const has = (t: NDArray | null | undefined): t is NDArray => t !== null && t !== undefined;
const zeros = (x: { dtype: NDArray['dtype']; shape: readonly number[] }) => constant(0, x.dtype, x.shape);
const unstacked = (x: NDArray): AbstractValue => ({ ...x.aval, shape: x.shape.slice(1) });
const avalOf = (x: NDArray): AbstractValue => x.aval;

/** Splits derived outputs `[...outs, ...extras for present]` into one entry (or null) per output. */
function spread(extras: readonly NDArray[], present: readonly boolean[]): (NDArray | null)[] {
  let j = 0;
  return present.map((p) => (p ? extras[j++]! : null));
}

/** Carries whose tangent is nonzero: nonzero on entry, or made so by the body (a fixed point). */
function tangentFixedPoint(ad: AdDriver, body: SubProgram, carry: boolean[], rest: readonly boolean[]): boolean[] {
  for (;;) {
    const out = ad.jvpProgram(body, [...carry, ...rest]).present;
    const next = carry.map((b, k) => b || out[k]!);
    if (next.every((b, k) => b === carry[k])) return carry;
    carry = next;
  }
}

const condJvp: MultiJvpRule = ([index, ...ops], [, ...tans], p: CondParams, _out, ad) => {
  const tIn = ops.map((_, i) => has(tans[i]));
  let ds = p.branches.map((br) => ad.jvpProgram(br, tIn));
  const union = ds[0]!.present.map((_, k) => ds.some((d) => d.present[k]));
  if (ds.some((d) => d.present.some((v, k) => v !== union[k]))) ds = p.branches.map((br) => ad.jvpProgram(br, tIn, union));
  const ts = tans.filter(has);
  const { programs, consts } = joinBranches([...ops, ...ts].map((x) => x.aval), ds);
  const outs = bindMulti('cond', [index!, ...ops, ...ts, ...consts], { branches: programs });
  return spread(outs.slice(union.length), union);
};

const condVjp: MultiVjpRule = (cts, [index, ...ops], p: CondParams, _out, ad) => {
  const ctIn = cts.map(has);
  const want = ops.map((o) => ad.needsCotangent(o));
  if (!want.some(Boolean)) return [null, ...ops.map(() => null)];
  const ds = p.branches.map((br) => ad.vjpProgram(br, ctIn, want));
  const given = cts.filter(has);
  const { programs, consts } = joinBranches([...ops, ...given].map((x) => x.aval), ds);
  const outs = bindMulti('cond', [index!, ...ops, ...given, ...consts], { branches: programs });
  return [null, ...spread(outs, want)];
};

const whileJvp: MultiJvpRule = (args, tans, p: WhileParams, _out, ad) => {
  const carry = args.slice(0, p.nCarry), condConsts = args.slice(p.nCarry, p.nCarry + p.nCondConsts), bodyConsts = args.slice(p.nCarry + p.nCondConsts);
  const bcT = bodyConsts.map((_, i) => has(tans[p.nCarry + p.nCondConsts + i]));
  const carryT = tangentFixedPoint(ad, p.body, carry.map((_, k) => has(tans[k])), bcT);
  const d = ad.jvpProgram(p.body, [...carryT, ...bcT], [...carryT]);
  const constTans = tans.slice(p.nCarry + p.nCondConsts).filter(has);
  const tCarry = carry.filter((_, k) => carryT[k]);
  const avals = [...carry.map((x) => x.aval), ...tCarry.map((x) => ({ ...x.aval, weak: false }))];
  // the new carry is [primals, tangents]; consts are captured (hoisted as inputs again)
  const cond = traceClosed(avals, (vars) => callProgram(p.cond, [...vars.slice(0, p.nCarry), ...condConsts]));
  const body = traceClosed(avals, (vars) =>
    callProgram(d.program, [...vars.slice(0, p.nCarry), ...bodyConsts, ...vars.slice(p.nCarry), ...constTans, ...d.consts]),
  );
  const init = [...carry, ...tans.slice(0, p.nCarry).flatMap((t, k) => (carryT[k] ? [t ?? zeros(carry[k]!)] : []))];
  const outs = bindMulti('while', [...init, ...cond.consts, ...body.consts], { cond: cond.program, body: body.program, nCarry: init.length, nCondConsts: cond.consts.length });
  return spread(outs.slice(p.nCarry), carryT);
};

const whileVjp: MultiVjpRule = (_cts, args, _p: WhileParams, _out, ad) => {
  if (args.some((x) => ad.needsCotangent(x)))
    throw new GradError(
      'Reverse-mode differentiation does not work for lax.whileLoop or lax.foriLoop with traced start/stop values: the number of iterations is not known. Try lax.scan, or lax.foriLoop with constant (JS number) bounds.',
    );
  return args.map(() => null);
};

const scanJvp: MultiJvpRule = (args, tans, p: ScanParams, _out, ad) => {
  const { nCarry, nXs } = p;
  const carry = args.slice(0, nCarry), xs = args.slice(nCarry, nCarry + nXs), consts = args.slice(nCarry + nXs);
  const restT = [...xs, ...consts].map((_, i) => has(tans[nCarry + i]));
  const carryT = tangentFixedPoint(ad, p.body, carry.map((_, k) => has(tans[k])), restT);
  const nYs = p.body.outAvals.length - nCarry;
  const d = ad.jvpProgram(p.body, [...carryT, ...restT], [...carryT, ...Array<boolean>(nYs).fill(false)]);
  const yT = d.present.slice(nCarry);
  const tC = tans.slice(0, nCarry).flatMap((t, k) => (carryT[k] ? [t ?? zeros(carry[k]!)] : []));
  const tX = tans.slice(nCarry, nCarry + nXs).filter(has);
  const tK = tans.slice(nCarry + nXs).filter(has);
  const nTC = tC.length, nTX = tX.length;
  // new layout: carry [primals, tangents], xs [primals, tangents], consts captured
  const avals = [...carry.map(avalOf), ...tC.map(avalOf), ...xs.map(unstacked), ...tX.map(unstacked)];
  const body = traceClosed(avals, (v) => {
    const c = v.slice(0, nCarry), tc = v.slice(nCarry, nCarry + nTC), x = v.slice(nCarry + nTC, nCarry + nTC + nXs), tx = v.slice(nCarry + nTC + nXs);
    const outs = callProgram(d.program, [...c, ...x, ...consts, ...tc, ...tx, ...tK, ...d.consts]);
    const nOut = nCarry + nYs;
    const tOut = outs.slice(nOut);
    const nTCout = carryT.filter(Boolean).length;
    return [...outs.slice(0, nCarry), ...tOut.slice(0, nTCout), ...outs.slice(nCarry, nOut), ...tOut.slice(nTCout)];
  });
  const ins = [...carry, ...tC, ...xs, ...tX, ...body.consts];
  const outs = bindMulti('scan', ins, { ...p, body: body.program, nCarry: nCarry + nTC, nXs: nXs + nTX });
  const nTY = yT.filter(Boolean).length;
  const tCarryOut = outs.slice(nCarry, nCarry + nTC);
  const tYsOut = outs.slice(nCarry + nTC + nYs, nCarry + nTC + nYs + nTY);
  return [...spread(tCarryOut, carryT), ...spread(tYsOut, yT)];
};

const scanVjp: MultiVjpRule = (cts, args, p: ScanParams, _out, ad) => {
  const { nCarry, nXs, length } = p;
  const carry = args.slice(0, nCarry), xs = args.slice(nCarry, nCarry + nXs), consts = args.slice(nCarry + nXs);
  const wantX = xs.map((x) => ad.needsCotangent(x)), wantK = consts.map((x) => ad.needsCotangent(x)), wantC = carry.map((x) => ad.needsCotangent(x));
  if (![...wantX, ...wantK, ...wantC].some(Boolean)) return args.map(() => null);
  // no step ran: the carry passes through and nothing reached xs or the captured values (a zero
  // cotangent sent to them would turn into NaN through what was hoisted out of the body, e.g. 0 * inf
  // for sqrt(w) at w = 0)
  if (length === 0) return [...carry.map((_, k) => (wantC[k] ? (cts[k] ?? null) : null)), ...xs.map(() => null), ...consts.map(() => null)];
  const floatC = carry.map((x) => isFloat(x.dtype));
  const ctYs = cts.slice(nCarry);
  const ctYIn = ctYs.map(has);

  // forward: the carry entering every step, stacked (the residuals)
  const fwd = traceClosed([...carry.map(avalOf), ...xs.map(unstacked), ...consts.map(avalOf)], (v) => [
    ...callProgram(p.body, v).slice(0, nCarry),
    ...v.slice(0, nCarry),
  ]);
  const fwdOuts = bindMulti('scan', [...carry, ...xs, ...consts, ...fwd.consts], { ...p, body: fwd.program, nXs, nCarry });
  const residuals = fwdOuts.slice(nCarry);

  // backward: carry [ct of float carries, ct of wanted consts], xs [residuals, xs, given ys cts], reversed
  const d = ad.vjpProgram(p.body, [...floatC, ...ctYIn], [...floatC, ...wantX, ...wantK]);
  const ctC0 = carry.flatMap((x, k) => (floatC[k] ? [cts[k] ?? zeros(x)] : []));
  const ctK0 = consts.filter((_, i) => wantK[i]).map(zeros);
  const givenYs = ctYs.filter(has);
  const nC = ctC0.length, nK = ctK0.length, nX = wantX.filter(Boolean).length;
  const avals = [...ctC0.map(avalOf), ...ctK0.map(avalOf), ...residuals.map(unstacked), ...xs.map(unstacked), ...givenYs.map(unstacked)];
  const back = traceClosed(avals, (v) => {
    let o = 0;
    const take = (n: number) => v.slice(o, (o += n));
    const ctC = take(nC), ctK = take(nK), res = take(nCarry), x = take(nXs), ctY = take(givenYs.length);
    const cin = callProgram(d.program, [...res, ...x, ...consts, ...ctC, ...ctY, ...d.consts]);
    const cC = cin.slice(0, nC), cX = cin.slice(nC, nC + nX), cK = cin.slice(nC + nX);
    return [...cC, ...ctK.map((acc, i) => bind('add', [acc, cK[i]!])), ...cX];
  });
  const ins = [...ctC0, ...ctK0, ...residuals, ...xs, ...givenYs, ...back.consts];
  const outs = bindMulti('scan', ins, { body: back.program, nCarry: nC + nK, nXs: nCarry + nXs + givenYs.length, length, reverse: !p.reverse });
  const ctCarry = spread(outs.slice(0, nC), floatC);
  return [
    ...ctCarry.map((c, k) => (wantC[k] ? c : null)),
    ...spread(outs.slice(nC + nK), wantX),
    ...spread(outs.slice(nC, nC + nK), wantK),
  ];
};

export const controlJvpRules = {
  cond: condJvp,
  while: whileJvp,
  scan: scanJvp,
  stop_gradient: () => null,
};

export const controlVjpRules = {
  cond: condVjp,
  while: whileVjp,
  scan: scanVjp,
  stop_gradient: (_ct: NDArray, xs: readonly NDArray[]) => xs.map(() => null),
};
