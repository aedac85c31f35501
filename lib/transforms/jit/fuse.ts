/**
 * Fusion of elementwise chains. In a program, an elementwise op whose only consumer is an
 * elementwise op of the same shape is inlined into it; each root then runs as ONE generated loop
 * (compiled with `new Function` once per program) with no intermediate buffers. The loop calls the
 * same scalar functions as the unfused kernels and rounds to each intermediate's dtype, so fused and
 * unfused results are bit-identical.
 */
import { allocate } from '../../array/dtype';
import type { AbstractValue, Buffer } from '../../array/ir';
import { makeBuffer } from '../../array/kernels';
import { castExpr, COSTLY, INLINE, loopSource, runLoop } from '../../array/loops';
import { BIT_ELEMENTWISE } from '../../array/bits-scalars';
import { BINARY_PRIMS, scalarFns, UNARY_PRIMS } from '../../array/primitives/elementwise';
import { shapesEqual, sizeOf } from '../../array/shape';
import type { Program } from './program';

/** At most about this many ops per generated loop. */
const CHAIN_CUT = 256;

const ELEMENTWISE = new Set<string>([...UNARY_PRIMS, ...BINARY_PRIMS, 'round', 'select', 'convert', ...BIT_ELEMENTWISE]);

/** One fused loop: the op indices it covers (root last) and the slots it reads. */
export interface FusedGroup {
  readonly root: number;
  readonly ops: readonly number[];
  readonly leaves: readonly number[];
  readonly run: (inputs: readonly Buffer[], out: AbstractValue) => Buffer;
}

/** A scalar broadcast (0-d to any shape) is free inside a loop: read the one value once. */
const isScalarBroadcast = (prog: Program, k: number): boolean => {
  const op = prog.ops[k]!;
  return op.prim === 'broadcast_in_dim' && slotAval(prog, op.inputs[0]!).shape.length === 0;
};

export function slotAval(prog: Program, s: number): AbstractValue {
  const na = prog.argAvals.length, nc = prog.consts.length;
  return s < na ? prog.argAvals[s]! : s < na + nc ? prog.consts[s - na]!.aval : prog.ops[s - na - nc]!.aval;
}

export function planFusion(prog: Program): FusedGroup[] {
  const base = prog.argAvals.length + prog.consts.length;
  const uses = new Map<number, Set<number>>(); // slot -> the ops that read it
  prog.ops.forEach((op, k) => op.inputs.forEach((s) => uses.set(s, (uses.get(s) ?? new Set()).add(k))));
  const outputs = new Set(prog.outputs);
  const fusable = (k: number) => ELEMENTWISE.has(prog.ops[k]!.prim) || isScalarBroadcast(prog, k);
  /** k can be computed inside the loop of its single consumer. */
  const inlinable = (k: number): boolean => {
    const u = [...(uses.get(base + k) ?? [])];
    // every CHAIN_CUT-th op ends a loop: V8 does not optimise a function of thousands of statements
    // (a 3000-op chain ran 15x slower as one loop than as loops of a few hundred)
    if ((k + 1) % CHAIN_CUT === 0) return false;
    const intoLoop = (c: number) => ELEMENTWISE.has(prog.ops[c]!.prim) && shapesEqual(prog.ops[k]!.aval.shape, prog.ops[c]!.aval.shape);
    if (outputs.has(base + k) || u.length === 0) return false;
    // a scalar broadcast is a read of one value: every loop that uses it reads it, nothing is materialised
    if (isScalarBroadcast(prog, k)) return u.every(intoLoop);
    return fusable(k) && u.length === 1 && intoLoop(u[0]!);
  };
  const groups: FusedGroup[] = [];
  prog.ops.forEach((op, root) => {
    if (!ELEMENTWISE.has(op.prim) || inlinable(root)) return;
    const members: number[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (members.includes(k)) continue;
      members.push(k);
      for (const s of prog.ops[k]!.inputs) if (s >= base && inlinable(s - base)) stack.push(s - base);
    }
    if (members.length < 2) return;
    members.sort((a, b) => a - b);
    const inGroup = new Set(members.map((k) => base + k));
    const leaves = [...new Set(members.flatMap((k) => prog.ops[k]!.inputs.filter((s) => !inGroup.has(s))))];
    groups.push({ root, ops: members, leaves, run: compile(prog, members, leaves, base) });
  });
  return groups;
}

function compile(prog: Program, members: readonly number[], leaves: readonly number[], base: number) {
  const fns: ((...xs: number[]) => number)[] = [];
  const name = new Map<number, string>();
  const pre: string[] = [], body: string[] = [];
  leaves.forEach((s, j) => {
    const scalar = slotAval(prog, s).shape.length === 0;
    pre.push(`const L${j} = bufs[${j}];`);
    if (scalar) pre.push(`const s${j} = L${j}[0];`);
    name.set(s, scalar ? `s${j}` : `L${j}[i]`);
  });
  for (const k of members) {
    const op = prog.ops[k]!;
    const args = op.inputs.map((s) => name.get(s)!);
    if (op.prim === 'broadcast_in_dim') {
      name.set(base + k, args[0]!);
      continue;
    }
    const inDtype = slotAval(prog, op.inputs[op.prim === 'select' ? 1 : 0]!).dtype;
    let e = INLINE[op.prim]?.(args, inDtype);
    if (e === undefined) {
      fns.push(scalarFns[op.prim]!(inDtype, op.params));
      e = `F[${fns.length - 1}](${args.join(', ')})`;
    }
    body.push(`const v${k} = ${castExpr(e, op.aval.dtype)};`);
    name.set(base + k, `v${k}`);
  }
  const root = members[members.length - 1]!;
  const src = loopSource(pre, body, `v${root}`);
  // a loop that calls no kernel function is self-contained source, which worker threads can run
  const costly = members.some((k) => COSTLY.has(prog.ops[k]!.prim));
  const loop = fns.length > 0 ? (new Function('F', src)(fns) as (b: readonly unknown[], s: number, e: number, o: unknown) => void) : undefined;
  return (inputs: readonly Buffer[], out: AbstractValue): Buffer => {
    const data = allocate(out.dtype, sizeOf(out.shape));
    const bufs = inputs.map((b) => b.data);
    if (loop) loop(bufs, 0, data.length, data);
    else runLoop(src, bufs, data, costly);
    return makeBuffer(out.dtype, out.shape, data);
  };
}
