/**
 * Control flow: cond, while and scan hold their bodies as closed sub-programs in their params and
 * make ONE node with several outputs (a tuple, read by `proj` nodes); stop_gradient is the identity
 * that differentiation treats as a constant (batched cond needs it). Evaluation runs the compiled
 * sub-programs natively in a loop: no graph node is made per iteration.
 */
import { allocate } from '../dtype';
import type { AbstractValue, Buffer, PrimitiveSpec, SubProgram, TupleBuffer } from '../ir';
import { contiguous, makeBuffer } from '../kernels';
import { fmtShape, shapesEqual, ShapeError, sizeOf } from '../shape';
import { LINALG_MULTI_OUTPUT, linalgOutAvals, linalgOutCount, type LinalgMultiOutputPrimitive } from './linalg';

/** inputs: [index (int32 scalar), ...operands]; branch k maps the operands to the outputs. */
export interface CondParams {
  readonly branches: readonly SubProgram[];
}
/** inputs: [...carry, ...condConsts, ...bodyConsts]; cond: [carry, condConsts] -> bool, body: [carry, bodyConsts] -> carry. */
export interface WhileParams {
  readonly cond: SubProgram;
  readonly body: SubProgram;
  readonly nCarry: number;
  readonly nCondConsts: number;
}
/** inputs: [...carry, ...xs, ...consts]; body: [carry, x slices, consts] -> [carry, y slices]. */
export interface ScanParams {
  readonly body: SubProgram;
  readonly nCarry: number;
  readonly nXs: number;
  readonly length: number;
  readonly reverse: boolean;
}
/** Output `index` of a multi-output node; `aval` is that output's abstract value. */
export interface ProjParams {
  readonly index: number;
  readonly aval: AbstractValue;
}

/**
 * A user's derivative rule, on flat leaves. It is called (or vmapped) by the transforms when they
 * need it, not traced when the function is called — so a rule may call its own function, as in JAX.
 */
export interface CustomRule<F> {
  readonly call: F;
  /** Params are compared and printed as JSON: a rule is named. */
  toJSON(): string;
}
/** jvp: (args, tangents of the float args) -> tangents of the float outputs (arrays: typed in the transforms). */
export type JvpRuleFn = CustomRule<(args: readonly any[], tangents: readonly any[]) => any[]>;
/** fwd: args -> [outs, residuals]; bwd: (residuals, cotangents of the float outputs) -> cotangents of the float args. */
export type FwdRuleFn = CustomRule<(args: readonly any[]) => [any[], any[]]>;
export type BwdRuleFn = CustomRule<(residuals: readonly any[], cotangents: readonly any[]) => any[]>;

/** inputs: [...args, ...consts of fun]; `fun`: [args, consts] -> outs. */
export interface CustomJvpParams {
  readonly fun: SubProgram;
  readonly jvp: JvpRuleFn;
  readonly nArgs: number;
}
export interface CustomVjpParams {
  readonly fun: SubProgram;
  readonly fwd: FwdRuleFn;
  readonly bwd: BwdRuleFn;
  readonly nArgs: number;
}

export type MultiOutputPrimitive = 'cond' | 'while' | 'scan' | 'custom_jvp_call' | 'custom_vjp_call' | LinalgMultiOutputPrimitive;
export const MULTI_OUTPUT: ReadonlySet<string> = new Set<MultiOutputPrimitive>(['cond', 'while', 'scan', 'custom_jvp_call', 'custom_vjp_call', ...(LINALG_MULTI_OUTPUT as ReadonlySet<LinalgMultiOutputPrimitive>)]);

/** The abstract value of a tuple node itself: it holds nothing (its outputs are read by `proj`). */
const TUPLE_AVAL: AbstractValue = Object.freeze({ shape: Object.freeze([0]), dtype: 'bool', weak: false });
const tuple = (parts: readonly Buffer[]): TupleBuffer => ({ dtype: 'bool', shape: [0], data: new Uint8Array(0), parts });

/** What each output of a multi-output node is (`ins`: its inputs' abstract values). */
export function multiOutAvals(prim: string, p: any, ins: readonly AbstractValue[]): AbstractValue[] {
  if (LINALG_MULTI_OUTPUT.has(prim)) return linalgOutAvals(prim, p, ins);
  if (prim === 'cond') return [...(p as CondParams).branches[0]!.outAvals];
  if (prim === 'while') return [...(p as WhileParams).body.outAvals];
  if (prim === 'custom_jvp_call' || prim === 'custom_vjp_call') return [...(p as CustomJvpParams).fun.outAvals];
  const s = p as ScanParams;
  return s.body.outAvals.map((a, k) => (k < s.nCarry ? a : { ...a, shape: [s.length, ...a.shape] }));
}

/** How many outputs a multi-output node has (from its params alone). */
export const multiOutCount = (prim: string, p: any): number => (LINALG_MULTI_OUTPUT.has(prim) ? linalgOutCount(prim, p) : multiOutAvals(prim, p, []).length);

const isSubProgram = (v: unknown): v is SubProgram =>
  typeof v === 'object' && v !== null && typeof (v as SubProgram).run === 'function' && Array.isArray((v as SubProgram).argAvals);

/** The sub-programs a node's params hold. */
export const subPrograms = (params: Readonly<Record<string, unknown>>): SubProgram[] =>
  Object.values(params).flatMap((v) => (Array.isArray(v) ? v.filter(isSubProgram) : isSubProgram(v) ? [v] : []));

/** The vmap levels a node's collectives refer to: its own, or those inside its sub-programs. */
export function collectiveLevels(params: Readonly<Record<string, unknown>>): number[] {
  const own = typeof params['level'] === 'number' ? [params['level']] : [];
  return [...own, ...subPrograms(params).flatMap((s) => s.levels)];
}

const avalText = (a: AbstractValue) => `${a.dtype}${fmtShape(a.shape)}`;

/** The node's inputs must be what the sub-program takes (a transform bug otherwise). */
function checkArgs(what: string, prog: SubProgram, avals: readonly AbstractValue[]): void {
  const ok = prog.argAvals.length === avals.length && prog.argAvals.every((a, i) => a.dtype === avals[i]!.dtype && shapesEqual(a.shape, avals[i]!.shape));
  if (!ok) throw new ShapeError(`${what} takes (${prog.argAvals.map(avalText).join(', ')}) but got (${avals.map(avalText).join(', ')})`);
}

const truthy = (b: Buffer): boolean => b.data[b.offset ?? 0] !== 0;

export const controlRules = {
  cond: {
    shape: ([index, ...ops], p: CondParams) => {
      if (index!.dtype !== 'int32' || index!.shape.length !== 0) throw new ShapeError(`cond requires an int32 scalar index, got ${avalText(index!)}`);
      p.branches.forEach((b, k) => checkArgs(`cond branch ${k}`, b, ops));
      return TUPLE_AVAL;
    },
    impl: ([index, ...ops], p) => {
      const k = Math.min(Math.max(index!.data[0]!, 0), p.branches.length - 1); // clamped, as lax.switch
      return tuple(p.branches[k]!.run(ops));
    },
  } satisfies PrimitiveSpec<CondParams>,

  while: {
    shape: (avals, p: WhileParams) => {
      const carry = avals.slice(0, p.nCarry);
      checkArgs('while cond', p.cond, [...carry, ...avals.slice(p.nCarry, p.nCarry + p.nCondConsts)]);
      checkArgs('while body', p.body, [...carry, ...avals.slice(p.nCarry + p.nCondConsts)]);
      return TUPLE_AVAL;
    },
    impl: (ins, p) => {
      // two argument lists reused across iterations: [carry, condConsts] and [carry, bodyConsts]
      const nc = p.nCarry;
      const condArgs = ins.slice(0, nc + p.nCondConsts);
      const bodyArgs = [...ins.slice(0, nc), ...ins.slice(nc + p.nCondConsts)];
      while (truthy(p.cond.run(condArgs)[0]!)) {
        const next = p.body.run(bodyArgs);
        for (let k = 0; k < nc; k++) condArgs[k] = bodyArgs[k] = next[k]!;
      }
      return tuple(bodyArgs.slice(0, nc));
    },
  } satisfies PrimitiveSpec<WhileParams>,

  scan: {
    shape: (avals, p: ScanParams) => {
      const xs = avals.slice(p.nCarry, p.nCarry + p.nXs);
      for (const x of xs)
        if (x.shape[0] !== p.length) throw new ShapeError(`scan of length ${p.length} got an xs leaf of shape ${fmtShape(x.shape)}`);
      checkArgs('scan body', p.body, [...avals.slice(0, p.nCarry), ...xs.map((x) => ({ ...x, shape: x.shape.slice(1) })), ...avals.slice(p.nCarry + p.nXs)]);
      return TUPLE_AVAL;
    },
    impl: (ins, p) => {
      const { nCarry, nXs, length, body } = p;
      let carry = ins.slice(0, nCarry);
      const xs = ins.slice(nCarry, nCarry + nXs);
      const consts = ins.slice(nCarry + nXs);
      const xSizes = xs.map((x) => sizeOf(x.shape) / Math.max(length, 1));
      const yAvals = body.outAvals.slice(nCarry);
      const ySizes = yAvals.map((a) => sizeOf(a.shape));
      const ys = yAvals.map((a, k) => allocate(a.dtype, length * ySizes[k]!));
      for (let i = 0; i < length; i++) {
        const t = p.reverse ? length - 1 - i : i;
        const slices = xs.map((x, k) => makeBuffer(x.dtype, x.shape.slice(1), x.data.subarray(t * xSizes[k]!, (t + 1) * xSizes[k]!)));
        const out = body.run([...carry, ...slices, ...consts]);
        carry = out.slice(0, nCarry);
        for (let k = 0; k < ys.length; k++) ys[k]!.set(contiguous(out[nCarry + k]!).data, t * ySizes[k]!);
      }
      return tuple([...carry, ...ys.map((d, k) => makeBuffer(yAvals[k]!.dtype, [length, ...yAvals[k]!.shape], d))]);
    },
  } satisfies PrimitiveSpec<ScanParams>,

  // a function with a user-defined derivative evaluates as the function; its rules are for the transforms
  custom_jvp_call: {
    shape: (avals, p: CustomJvpParams) => {
      checkArgs('custom_jvp fun', p.fun, avals);
      return TUPLE_AVAL;
    },
    impl: (ins, p) => tuple(p.fun.run(ins)),
  } satisfies PrimitiveSpec<CustomJvpParams>,

  custom_vjp_call: {
    shape: (avals, p: CustomVjpParams) => {
      checkArgs('custom_vjp fun', p.fun, avals);
      return TUPLE_AVAL;
    },
    impl: (ins, p) => tuple(p.fun.run(ins)),
  } satisfies PrimitiveSpec<CustomVjpParams>,

  proj: {
    shape: ([t], p: ProjParams) => {
      if (t!.shape.length !== 1 || t!.shape[0] !== 0) throw new ShapeError('proj reads an output of a multi-output node');
      return p.aval;
    },
    impl: ([t], p) => (t as TupleBuffer).parts[p.index]!,
    views: true,
  } satisfies PrimitiveSpec<ProjParams>,

  stop_gradient: {
    shape: ([a]) => a!,
    impl: ([a]) => a!,
    views: true,
  } satisfies PrimitiveSpec<Record<string, never>>,
};
