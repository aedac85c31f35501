/**
 * Closed sub-programs: how bodies of higher-order primitives are traced, run and transformed.
 *
 * `traceClosed` traces a function once on placeholders (jit's `traceProgram`) and hoists every
 * value it captured into explicit arguments: the program is closed, and the captured values become
 * inputs of the node that holds it, so vmap, grad and jit see them like any other input.
 * `callProgram` instantiates a program as ordinary lazy nodes: every transform rewrites a body by
 * tracing a new closed program around `callProgram` with its own driver (batchGraph, pushForward,
 * pullBack) — one helper per transform, shared by every higher-order primitive.
 */
import type { AbstractValue, Buffer, SubProgram } from '../../array/ir';
import { contiguous, makeBuffer } from '../../array/kernels';
import { bind, NDArray } from '../../array/ndarray';
import { specOf, type Primitive } from '../../array/primitives';
import { collectiveLevels, multiOutAvals, subPrograms, type ProjParams } from '../../array/primitives/control';
import { flatten } from '../../pytree';
import { planFusion, slotAval, type FusedGroup } from '../jit/fuse';
import { traceProgram, type Op, type Program } from '../jit/program';

let nextProgramId = 0;

/** A program with no constants (all captured values are arguments), runnable on buffers. */
export class ClosedProgram implements SubProgram {
  readonly id = nextProgramId++;
  readonly argAvals: readonly AbstractValue[];
  readonly outAvals: readonly AbstractValue[];
  readonly levels: readonly number[];
  #run: ((args: readonly Buffer[]) => Buffer[]) | undefined;

  constructor(readonly program: Program) {
    this.argAvals = program.argAvals;
    this.outAvals = program.outputs.map((s) => slotAval(program, s));
    this.levels = [...new Set(program.ops.flatMap((op) => collectiveLevels(op.params)))];
  }

  run(args: readonly Buffer[]): Buffer[] {
    this.#run ??= compileProgram(this.program);
    return this.#run(args);
  }

  /** The same program with its collectives' vmap levels renamed (jit reuses programs across vmaps). */
  withLevels(rename: (level: number) => number): ClosedProgram {
    if (this.levels.every((l) => rename(l) === l)) return this;
    return new ClosedProgram({ ...this.program, ops: this.program.ops.map((op) => ({ ...op, params: renameLevels(op.params, rename) })) });
  }

  /** Params are compared and cached as JSON: a program is named by its id. */
  toJSON(): string {
    return `program#${this.id}`;
  }
}

/** A node's params with collective levels renamed, in its own and its sub-programs' ops. */
export function renameLevels(p: Readonly<Record<string, unknown>>, rename: (level: number) => number): Readonly<Record<string, unknown>> {
  if (collectiveLevels(p).length === 0) return p;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (k === 'level' && typeof v === 'number') out[k] = rename(v);
    else if (v instanceof ClosedProgram) out[k] = v.withLevels(rename);
    else if (Array.isArray(v) && v.some((x) => x instanceof ClosedProgram)) out[k] = v.map((x) => (x instanceof ClosedProgram ? x.withLevels(rename) : x));
    else out[k] = v;
  }
  return Object.freeze(out);
}

/** Runs a program's ops on buffers (arguments, then constants): fused elementwise chains as one loop, the rest by their kernels. */
export function compileProgram(prog: Program): (args: readonly Buffer[]) => Buffer[] {
  const base = prog.argAvals.length + prog.consts.length;
  const groups = new Map<number, FusedGroup>();
  const inner = new Set<number>();
  for (const g of planFusion(prog)) {
    groups.set(g.root, g);
    for (const k of g.ops) if (k !== g.root) inner.add(k);
  }
  const steps = prog.ops.map((op: Op, k) => {
    if (inner.has(k)) return undefined;
    const g = groups.get(k);
    if (g) return (slots: Buffer[]) => fix(g.run(g.leaves.map((s) => contiguous(slots[s]!)), op.aval), op.aval);
    const spec = specOf(op.prim);
    const views = spec.views === true, ins = op.inputs, n = ins.length;
    return (slots: Buffer[]) => {
      const bufs = new Array<Buffer>(n);
      for (let i = 0; i < n; i++) bufs[i] = views ? slots[ins[i]!]! : contiguous(slots[ins[i]!]!);
      return fix(spec.impl(bufs, op.params, op.aval), op.aval);
    };
  });
  const total = base + steps.length, outputs = prog.outputs, nOut = outputs.length;
  return (args) => {
    const slots = new Array<Buffer>(total);
    for (let i = 0; i < args.length; i++) slots[i] = args[i]!;
    for (let k = 0; k < steps.length; k++) {
      const step = steps[k];
      if (step) slots[base + k] = step(slots);
    }
    const out = new Array<Buffer>(nOut);
    for (let i = 0; i < nOut; i++) out[i] = slots[outputs[i]!]!;
    return out;
  };
}

/** A kernel may answer in a wider typed array; the node's dtype is the truth (as NDArray.compute does). */
const fix = (b: Buffer, aval: AbstractValue): Buffer => (b.dtype === aval.dtype ? b : makeBuffer(aval.dtype, aval.shape, contiguous(b).data));

/**
 * Traces `fn` on placeholders of `argAvals` into a closed program; the values it captured are
 * returned as `consts`: the program takes `[...argAvals, ...consts]`.
 */
export function traceClosed(
  argAvals: readonly AbstractValue[],
  fn: (args: NDArray[]) => readonly NDArray[],
  what = 'a control-flow body',
): { program: ClosedProgram; consts: NDArray[] } {
  const prog = traceProgram(argAvals, (vars) => {
    const outs = [...fn(vars)];
    return [outs, flatten(outs)[1]];
  }, what);
  const closed: Program = { ...prog, argAvals: [...prog.argAvals, ...prog.consts.map((c) => c.aval)], consts: [] };
  return { program: new ClosedProgram(closed), consts: [...prog.consts] };
}

/** The program's graph over `args`, as ordinary lazy nodes (multi-output ops read through `proj`). */
export function callProgram(p: SubProgram, args: readonly NDArray[]): NDArray[] {
  const prog = (p as ClosedProgram).program;
  const slots: NDArray[] = [...args];
  for (const op of prog.ops) slots.push(new NDArray(op.aval, op.prim, op.inputs.map((s) => slots[s]!), op.params));
  return prog.outputs.map((s) => slots[s]!);
}

/** Binds a multi-output primitive and returns one node per output. */
export function bindMulti(prim: Primitive, inputs: readonly NDArray[], params: object): NDArray[] {
  const node = bind(prim, inputs, params);
  return multiOutAvals(prim, params, inputs.map((i) => i.aval)).map((aval, index) => bind('proj', [node], { index, aval } satisfies ProjParams));
}

/** Whether any sub-program in these params calls a collective of vmap level `level`. */
export const callsCollective = (params: Readonly<Record<string, unknown>>, level: number): boolean =>
  subPrograms(params).some((s) => s.levels.includes(level));

/**
 * `p` as a program of `avals`, reading its old argument i from position `argMap[i]` (the others are
 * ignored): branches of one cond must all take the same arguments.
 */
export function widenArgs(p: SubProgram, avals: readonly AbstractValue[], argMap: readonly number[]): ClosedProgram {
  const prog = (p as ClosedProgram).program;
  const oldN = prog.argAvals.length;
  const re = (s: number) => (s < oldN ? argMap[s]! : s - oldN + avals.length);
  return new ClosedProgram({
    ...prog,
    argAvals: [...avals],
    ops: prog.ops.map((op) => ({ ...op, inputs: op.inputs.map(re) })),
    outputs: prog.outputs.map(re),
  });
}

/**
 * Branches traced apart, joined: every program takes `[...shared, ...consts of all branches]` and
 * reads its own consts, so they fit one cond node whose inputs are `[index, ...shared, ...consts]`.
 */
export function joinBranches(shared: readonly AbstractValue[], traced: readonly { program: SubProgram; consts: readonly NDArray[] }[]) {
  const consts = traced.flatMap((t) => t.consts);
  const avals = [...shared, ...consts.map((c) => c.aval)];
  let offset = shared.length;
  const programs = traced.map((t) => {
    const n = t.consts.length;
    const map = [...shared.keys(), ...Array.from({ length: n }, (_, j) => offset + j)];
    offset += n;
    return widenArgs(t.program, avals, map);
  });
  return { programs, consts };
}
