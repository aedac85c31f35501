/**
 * The vmap interpreter: pushes batch axes through the graph traced from the per-example function,
 * one batching rule per primitive (the table in ./batching). Nodes that do not depend on the
 * mapped inputs are kept as they are.
 */
import { bind, type NDArray } from '../array/ndarray';
import type { Primitive } from '../array/primitives';
import { batchRules, type BatchContext, type Batched } from './batching';
import { tracedNodes } from './graph';

/** Whether a node must go through its rule even with unmapped inputs (a collective over this axis). */
const namesThisAxis = (n: NDArray, ctx: BatchContext): boolean => {
  return n.params['level'] === ctx.frame.level;
};

/**
 * Rewrites the traced graph behind `outputs`. `env` starts with the trace's inputs bound to the
 * real arrays and their batch axes; the result gives each output's batched value.
 */
export function batchGraph(outputs: readonly NDArray[], env: Map<NDArray, Batched>, ctx: BatchContext, startId: number): Batched[] {
  for (const n of tracedNodes(outputs, startId)) {
    if (env.has(n)) continue;
    const ins = n.inputs.map((i) => env.get(i) ?? { x: i, bdim: null });
    if (n.prim === 'var' || n.prim === 'const') {
      env.set(n, { x: n, bdim: null });
    } else if (ins.every((b) => b.bdim === null) && !namesThisAxis(n, ctx)) {
      const same = ins.every((b, k) => b.x === n.inputs[k]);
      env.set(n, { x: same ? n : bind(n.prim, ins.map((b) => b.x), n.params), bdim: null });
    } else {
      env.set(n, batchRules[n.prim as Primitive](ctx, ins, n.params));
    }
  }
  return outputs.map((o) => env.get(o) ?? { x: o, bdim: null });
}
