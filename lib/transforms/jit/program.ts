/**
 * A traced program: the graph `f` builds on placeholder inputs, flattened into slots and
 * simplified once per input signature — dead nodes dropped (only what the outputs reach is kept),
 * var-independent subgraphs folded into constants, identities removed, common subexpressions merged.
 */
import { NDArray, nextNodeId, retainingInputs, traceVar } from '../../array/ndarray';
import type { AbstractValue } from '../../array/ir';
import type { Primitive } from '../../array/primitives';
import { collectiveLevels } from '../../array/primitives/control';
import { shapesEqual } from '../../array/shape';
import type { TreeDef } from '../../pytree';
import { tracedNodes } from '../graph';

/** Slots: [arguments..., constants..., op results...]. */
export interface Op {
  readonly prim: Primitive;
  readonly params: Readonly<Record<string, unknown>>;
  readonly inputs: readonly number[];
  readonly aval: AbstractValue;
}

export interface Program {
  readonly argAvals: readonly AbstractValue[];
  readonly consts: readonly NDArray[];
  readonly ops: readonly Op[];
  readonly outputs: readonly number[];
  readonly outDef: TreeDef;
}

/** Is this op the identity on its input? */
function isIdentity(prim: string, p: Readonly<Record<string, unknown>>, input: AbstractValue, out: AbstractValue): boolean {
  if (!shapesEqual(input.shape, out.shape) || input.dtype !== out.dtype) return false;
  if (prim === 'convert' || prim === 'reshape' || prim === 'broadcast_in_dim') return true;
  if (prim === 'transpose') return (p['permutation'] as number[]).every((d, i) => d === i);
  if (prim === 'squeeze' || prim === 'expand_dims' || prim === 'rev') return (p['dimensions'] as number[]).length === 0;
  return false;
}

/**
 * Traces `body` on placeholders of `argAvals` and returns the simplified program. `body` returns the
 * flat output arrays and their tree. With `fold: false`, what `body` computes stays in the program
 * even when it depends on no argument (only values made before the call become constants): a
 * branch of cond must not compute its captured expressions unless it is taken.
 */
export function traceProgram(
  argAvals: readonly AbstractValue[],
  body: (args: NDArray[]) => [NDArray[], TreeDef],
  transform = 'jit',
  { fold = true }: { readonly fold?: boolean } = {},
): Program {
  return retainingInputs(() => {
    const startId = nextNodeId();
    const vars = argAvals.map((a, i) => traceVar(a, { transform, level: -1, argument: `argument leaf ${i}` }));
    const [outs, outDef] = body(vars);
    const slot = new Map<NDArray, number>();
    vars.forEach((v, i) => slot.set(v, i));
    const consts: NDArray[] = [];
    // equal scalar constants (every JS number in f is a constant of its own) share one slot
    const scalarSlots = new Map<string, number>();
    const constSlot = (n: NDArray) => {
      if (!slot.has(n)) {
        const fill = n.prim === 'const' ? n.params['fill'] : undefined;
        const known = NDArray.known(n);
        const v = n.ndim !== 0 ? undefined : typeof fill === 'number' ? fill : known ? known.data[known.offset ?? 0] : undefined;
        const key = v === undefined ? undefined : `${n.dtype}|${n.weak}|${Object.is(v, -0) ? '-0' : v}`;
        const same = key === undefined ? undefined : scalarSlots.get(key);
        if (same !== undefined) slot.set(n, same);
        else {
          slot.set(n, -1 - consts.length); // renumbered below, once the constant count is known
          consts.push(n);
          if (key !== undefined) scalarSlots.set(key, slot.get(n)!);
        }
      }
      return slot.get(n)!;
    };
    const dependsOnArgs = new Set<NDArray>(vars);
    const pending: { node: NDArray; prim: Primitive; params: Readonly<Record<string, unknown>>; inputs: NDArray[] }[] = [];
    const alias = new Map<NDArray, NDArray>();
    const cse = new Map<string, NDArray>();
    const keptBroadcasts = new Set<NDArray>();
    const resolve = (n: NDArray) => alias.get(n) ?? n;
    for (const n of tracedNodes(outs, startId)) {
      if (slot.has(n) && n.prim === 'var') continue;
      const inputs = n.inputs.map(resolve);
      // a var-independent node is folded into a constant; a collective never is: it belongs to the
      // vmap of each call (its level is remapped when the program is instantiated); nor is a loop
      // whose body calls one
      const collective = collectiveLevels(n.params).length > 0;
      if (n.prim === 'var' || n.prim === 'const' || (fold && !collective && !inputs.some((i) => dependsOnArgs.has(i)))) continue;
      dependsOnArgs.add(n);
      if (inputs.length === 1 && isIdentity(n.prim, n.params, inputs[0]!.aval, n.aval)) {
        alias.set(n, inputs[0]!);
        continue;
      }
      // a float64 -> float32 convert is never merged: grad of the program would sum its uses'
      // cotangents in float32, where the unjitted function sums them in float64
      const narrowing = n.prim === 'convert' && inputs[0]!.dtype === 'float64' && n.dtype === 'float32';
      const key = `${n.prim}|${inputs.map((i) => i.id).join(',')}|${JSON.stringify(n.params)}`;
      const same = narrowing ? undefined : cse.get(key);
      if (same && same.dtype === n.dtype && shapesEqual(same.shape, n.shape)) {
        alias.set(n, same);
        continue;
      }
      if (!narrowing) cse.set(key, n);
      // a folded scalar broadcast stays an op: a fused loop reads its one value instead of a buffer
      for (const i of inputs)
        if (i.prim === 'broadcast_in_dim' && !dependsOnArgs.has(i) && !i.isConcrete && i.inputs[0]?.ndim === 0 && !keptBroadcasts.has(i)) {
          keptBroadcasts.add(i);
          pending.push({ node: i, prim: 'broadcast_in_dim', params: i.params, inputs: [i.inputs[0]!] });
        }
      pending.push({ node: n, prim: n.prim as Primitive, params: n.params, inputs });
    }
    const finalOuts = outs.map(resolve);
    // constants: every input (or output) that is neither an argument nor an op result
    const isOp = new Set(pending.map((p) => p.node));
    const slotOf = (n: NDArray) => (slot.has(n) ? slot.get(n)! : isOp.has(n) ? undefined : constSlot(n));
    for (const p of pending) p.inputs.forEach(slotOf);
    finalOuts.forEach(slotOf);
    const base = argAvals.length + consts.length;
    pending.forEach((p, k) => slot.set(p.node, base + k));
    const renumber = (s: number) => (s < 0 ? argAvals.length + (-1 - s) : s);
    const at = (n: NDArray) => renumber(slot.get(n)!);
    return {
      argAvals,
      consts,
      ops: pending.map((p) => ({ prim: p.prim, params: p.params, inputs: p.inputs.map(at), aval: p.node.aval })),
      outputs: finalOuts.map(at),
      outDef,
    };
  });
}
