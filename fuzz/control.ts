/**
 * Control-flow steps for the fuzzer's random programs: scan, cond, switch, whileLoop, foriLoop
 * (static and data-dependent bounds) and map, each with bodies that are small random programs of
 * their own (built by `buildProgram` from the step's sub-seeds, without collectives: the
 * per-example reference runs bodies eagerly, lane by lane). Carry types are kept by construction:
 * a body's new carry is the last of its values with the carry's shape and dtype (the carry itself
 * when there is none). Predicates, indices and loop bounds are computed from another value's data,
 * so under vmap lanes take different branches and run different iteration counts.
 */
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { buildProgram, describeProgram, type Aval, type Program, type Seed } from './program';

/** What a control step sees of the program being built (a subset of program.ts's Ctx). */
export interface ControlCtx {
  readonly vals: readonly Aval[];
  readonly a: number;
  readonly b: number;
  readonly p: readonly number[];
  /** Nesting depth of the program being built (0: the top level). */
  readonly depth: number;
}

type Vary = ReadonlySet<number>;

export interface ControlMade {
  readonly name: string;
  readonly text: string;
  readonly args: readonly number[];
  readonly apply: (...xs: NDArray[]) => NDArray;
  /** The levels the result varies along, given the args' (see Op.vary in ./program.ts). */
  readonly vary: (argVary: readonly Vary[]) => Set<number>;
}

/** Bodies nest control flow at most this deep. */
const MAX_DEPTH = 2;

const range = (n: number): number[] => [...Array(n).keys()];
const pick = (v: number, n: number): number => (n <= 0 ? 0 : ((v % n) + n) % n);
const same = (x: Aval, y: Aval): boolean => x.dtype === y.dtype && x.shape.length === y.shape.length && x.shape.every((n, i) => n === y.shape[i]);
const v = (i: number): string => `v${i}`;

/** A body: a random program over `inputs` (no collectives). */
const bodyOf = (inputs: readonly Aval[], seeds: readonly Seed[], depth: number): Program =>
  buildProgram(inputs, seeds, { names: [], sizes: [] }, [], { collectives: false, depth: depth + 1 });

/** Every value of the body on `xs` (inputs first). */
function run(p: Program, xs: readonly NDArray[]): NDArray[] {
  const env: NDArray[] = [...xs];
  for (const op of p.ops) env.push(op.apply(...op.args.map((i) => env[i]!)));
  return env;
}

const union = (...xs: readonly Vary[]): Set<number> => new Set(xs.flatMap((x) => [...x]));

/** Per value of the body, the levels it varies along given its inputs' (ops are unions, or their own `vary`). */
function flow(p: Program, ins: readonly Vary[]): Vary[] {
  const out: Vary[] = [...ins];
  for (const op of p.ops) out.push(op.vary ? op.vary(op.args.map((i) => out[i]!)) : union(...op.args.map((i) => out[i]!)));
  return out;
}

/** A carry's levels at the fixed point: those of init, plus what the body feeds back (batching's fixed point). */
function carryFixedPoint(init: Vary, next: (c: Vary) => Vary): Vary {
  let c = init;
  for (;;) {
    const n = union(c, next(c));
    if (n.size === c.size) return c;
    c = n;
  }
}

/** The last value of `p` with aval `like` (an input, at worst). */
const lastLike = (p: Program, like: Aval): number => {
  const k = range(p.avals.length).filter((i) => same(p.avals[i]!, like));
  return k.length ? k[k.length - 1]! : 0;
};

const indent = (p: Program, ret: string): string => `{ ${describeProgram(p).replace(/\n/g, '\n      ')}\n      return ${ret} }`;

/** A value chosen by `sel` among those `ok` accepts, or null. */
function choose(c: ControlCtx, ok: (a: Aval) => boolean, sel: number): number | null {
  const k = range(c.vals.length).filter((i) => ok(c.vals[i]!));
  return k.length ? k[pick(sel, k.length)]! : null;
}

/** A number summarising x's data: the float64 sum over every axis (NaN and ±Infinity propagate). */
const total = (x: NDArray): NDArray => lax.reduceSum(lax.convertElementType(x, 'float64'), range(x.ndim));
/** An int32 in [0, n) from x's data: |int(max(x))| rem n (INT_MIN stays negative: clamped by the users). */
const smallInt = (x: NDArray, n: number): NDArray => {
  const m = x.ndim === 0 ? x : lax.reduceMax(x, range(x.ndim));
  return lax.rem(lax.abs(lax.convertElementType(m, 'int32')), n);
};

const scanStep = (c: ControlCtx, seed: Seed): ControlMade | null => {
  const carry = c.vals[c.a]!;
  const useXs = pick(c.p[0]!, 3) !== 0;
  const xs = useXs ? choose(c, (a) => a.shape.length >= 1, c.b) : null;
  const length = xs === null ? pick(c.p[1]!, 4) : c.vals[xs]!.shape[0]!;
  const inputs = xs === null ? [carry] : [carry, { ...c.vals[xs]!, shape: c.vals[xs]!.shape.slice(1) }];
  const body = bodyOf(inputs, seed.sub ?? [], c.depth);
  const newC = lastLike(body, carry), y = body.avals.length - 1;
  const reverse = (c.p[2]! & 1) === 1, outCarry = (c.p[3]! & 1) === 1;
  return {
    name: 'scan',
    text: `scan(init ${v(c.a)}, xs ${xs === null ? `null, length ${length}` : v(xs)}${reverse ? ', reverse' : ''})[${outCarry ? 'carry' : 'ys'}] body ${indent(body, `[v${newC}, v${y}]`)}`,
    args: xs === null ? [c.a] : [c.a, xs],
    vary: ([vi, vx]) => {
      const ins = (cv: Vary) => (xs === null ? [cv] : [cv, vx!]);
      const cf = carryFixedPoint(vi!, (cv) => flow(body, ins(cv))[newC]!);
      return outCarry ? new Set(cf) : new Set(flow(body, ins(cf))[y]);
    },
    apply: (init, xv) => {
      const [cf, ys] = lax.scan(
        (cv: NDArray, x: NDArray | null) => {
          const env = run(body, x === null ? [cv] : [cv, x]);
          return [env[newC]!, env[y]!] as const;
        },
        init!,
        xv ?? null,
        { length, reverse },
      );
      return outCarry ? cf : ys;
    },
  };
};

const branchStep = (c: ControlCtx, seed: Seed): ControlMade | null => {
  const x = c.a, y = pick(c.b, c.vals.length);
  const src = choose(c, () => true, c.p[0]!)!;
  const n = 2 + pick(c.p[1]!, 2); // 2 or 3 branches
  const isSwitch = n === 3 || (c.p[2]! & 1) === 1;
  const subs = seed.sub ?? [];
  const ops = [c.vals[x]!, c.vals[y]!];
  const bodies = range(n).map((k) => bodyOf(ops, subs.filter((_, i) => i % n === k), c.depth));
  const out0 = bodies[0]!.avals.length - 1;
  const like = bodies[0]!.avals[out0]!;
  // a branch without a value of branch 0's type runs branch 0's body
  const outs = bodies.map((p, k) => (k === 0 ? { p, o: out0 } : range(p.avals.length).some((i) => same(p.avals[i]!, like)) ? { p, o: lastLike(p, like) } : { p: bodies[0]!, o: out0 }));
  const fns = outs.map(({ p, o }) => (a: NDArray, b: NDArray) => run(p, [a, b])[o]!);
  const which = isSwitch ? `switch(int(max ${v(src)}) rem 5 - 1` : `cond(sum(${v(src)}) > 0`;
  return {
    name: isSwitch ? 'switch' : 'cond',
    text: `${which}, ${v(x)}, ${v(y)}) branches ${outs.map(({ p, o }) => indent(p, v(o))).join(' ')}`,
    args: [src, x, y],
    // a batched predicate or index selects between every branch's output: batched; else the union
    vary: ([vs, va, vb]) => union(vs!, ...outs.map(({ p, o }) => flow(p, [va!, vb!])[o]!)),
    apply: (s, a, b) =>
      isSwitch
        ? lax.switch(lax.sub(smallInt(s!, 5), 1), fns, a!, b!)
        : lax.cond(lax.gt(total(s!), 0), fns[1]!, fns[0]!, a!, b!),
  };
};

const loopStep = (c: ControlCtx, seed: Seed): ControlMade | null => {
  const carry = c.vals[c.a]!;
  const src = choose(c, () => true, c.b)!;
  const kind = pick(c.p[0]!, 3); // 0: whileLoop, 1: foriLoop static, 2: foriLoop to a data bound
  const body = bodyOf([carry, { shape: [], dtype: 'int32' }], seed.sub ?? [], c.depth);
  const newC = lastLike(body, carry);
  const step = (i: NDArray, val: NDArray) => run(body, [val, i])[newC]!;
  const lo = pick(c.p[1]!, 3) - 1, hi = pick(c.p[2]!, 5) - 1;
  const ret = `${indent(body, v(newC))}`;
  // the counter never varies; a bound that varies makes the predicate batched: every carry is then
  const carried = (vi: Vary) => carryFixedPoint(vi, (cv) => flow(body, [cv, new Set()])[newC]!);
  if (kind === 1)
    return { name: 'foriLoop', text: `foriLoop(${lo}, ${hi}, init ${v(c.a)}) body(v0, i = v1) ${ret}`, args: [c.a], vary: ([vi]) => new Set(carried(vi!)), apply: (init) => lax.foriLoop(lo, hi, step, init!) };
  if (kind === 2)
    return {
      name: 'foriLoopTraced',
      text: `foriLoop(${lo}, |int(max ${v(src)})| rem 4, init ${v(c.a)}) body(v0, i = v1) ${ret}`,
      args: [c.a, src],
      vary: ([vi, vs]) => union(carried(vi!), vs!),
      apply: (init, s) => lax.foriLoop(lo, smallInt(s!, 4), step, init!),
    };
  return {
    name: 'whileLoop',
    text: `whileLoop(i < |int(max ${v(src)})| rem 4, init [0, ${v(c.a)}]) body(v0, i = v1) ${ret}`,
    args: [c.a, src],
    vary: ([vi, vs]) => union(carried(vi!), vs!),
    apply: (init, s) => {
      const bound = smallInt(s!, 4);
      const [, out] = lax.whileLoop(
        ([i]: [NDArray, NDArray]) => lax.lt(i, bound),
        ([i, val]: [NDArray, NDArray]) => [lax.add(i, 1), step(i, val)] as [NDArray, NDArray],
        [lax.convertElementType(0, 'int32'), init!] as [NDArray, NDArray],
      );
      return out;
    },
  };
};

const mapStep = (c: ControlCtx, seed: Seed): ControlMade | null => {
  const xs = choose(c, (a) => a.shape.length >= 1, c.a);
  if (xs === null) return null;
  const body = bodyOf([{ ...c.vals[xs]!, shape: c.vals[xs]!.shape.slice(1) }], seed.sub ?? [], c.depth);
  const o = body.avals.length - 1;
  const batchSize = [undefined, 1, 2, 3][pick(c.p[0]!, 4)];
  return {
    name: 'map',
    text: `map(${v(xs)}${batchSize ? `, batchSize ${batchSize}` : ''}) f ${indent(body, v(o))}`,
    args: [xs],
    vary: ([vx]) => new Set(flow(body, [vx!])[o]),
    apply: (x) => lax.map((e: NDArray) => run(body, [e])[o]!, x!, batchSize === undefined ? {} : { batchSize }),
  };
};

const STEPS = [scanStep, branchStep, loopStep, mapStep];

/** A control-flow step for `seed` (kind picks the template), or null when none fits or bodies are too deep. */
export function controlStep(c: ControlCtx, seed: Seed): ControlMade | null {
  if (c.depth >= MAX_DEPTH) return null;
  return STEPS[pick(seed.kind, STEPS.length)]!(c, seed);
}
