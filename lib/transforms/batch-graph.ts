/**
 * The vmap interpreter: pushes batch axes through the graph traced from the per-example function,
 * one batching rule per primitive (the table in ./batching). Nodes that do not depend on the
 * mapped inputs are kept as they are. Multi-output nodes (loops, branches) get one batched value
 * per output, which their `proj` nodes read; their bodies are batched by `batchProgram`.
 */
import type { SubProgram } from '../array/ir';
import { bind, nextNodeId, traceVar, type NDArray } from '../array/ndarray';
import type { Primitive } from '../array/primitives';
import { collectiveLevels, MULTI_OUTPUT, type MultiOutputPrimitive, type ProjParams } from '../array/primitives/control';
import { batchRules, moveBatchAxis, type BatchAxis, type BatchContext, type Batched, type BatchedProgram, type BatchRule, type MultiBatchRule } from './batching';
import { bindMulti, callProgram, traceClosed } from './control/program';
import { tracedNodes } from './graph';

/** Whether a node must go through its rule even with unmapped inputs (a collective over this axis, maybe in a body). */
const namesThisAxis = (n: NDArray, ctx: BatchAxis): boolean => collectiveLevels(n.params).includes(ctx.frame.level);

type Entry = Batched | readonly Batched[];

/**
 * Rewrites the traced graph behind `outputs`. `env` starts with the trace's inputs bound to the
 * real arrays and their batch axes; the result gives each output's batched value.
 */
export function batchGraph(outputs: readonly NDArray[], env0: Map<NDArray, Batched>, axis: BatchAxis, startId: number): Batched[] {
  const ctx: BatchContext = { ...axis, batchProgram: (p, inB, force) => batchProgram(ctx, p, inB, force) };
  const env = env0 as Map<NDArray, Entry>;
  const single = (i: NDArray): Batched => (env.get(i) as Batched | undefined) ?? { x: i, bdim: null };
  for (const n of tracedNodes(outputs, startId)) {
    if (env.has(n)) continue;
    if (n.prim === 'proj') {
      const parts = env.get(n.inputs[0]!) as readonly Batched[] | undefined;
      env.set(n, parts ? parts[(n.params as unknown as ProjParams).index]! : { x: n, bdim: null });
      continue;
    }
    const ins = n.inputs.map(single);
    const multi = MULTI_OUTPUT.has(n.prim);
    if (n.prim === 'var' || n.prim === 'const') {
      env.set(n, { x: n, bdim: null });
    } else if (ins.every((b) => b.bdim === null) && !namesThisAxis(n, ctx)) {
      if (ins.every((b, k) => b.x === n.inputs[k])) continue; // unchanged: readers keep the node itself
      if (multi) env.set(n, bindMulti(n.prim as Primitive, ins.map((b) => b.x), n.params).map((x) => ({ x, bdim: null })));
      else env.set(n, { x: bind(n.prim as Primitive, ins.map((b) => b.x), n.params), bdim: null });
    } else if (multi) {
      env.set(n, (batchRules[n.prim as MultiOutputPrimitive] as MultiBatchRule)(ctx, ins, n.params));
    } else {
      env.set(n, (batchRules[n.prim as Exclude<Primitive, 'proj'>] as BatchRule)(ctx, ins, n.params));
    }
  }
  return outputs.map(single);
}

/**
 * The driver's recursion into a sub-program: traces a closed program over the batched arguments
 * (batch axis 0) that runs `prog`'s graph through `batchGraph`; each output's batch axis is moved
 * to 0, or left out when it is unbatched and not forced.
 */
export function batchProgram(ctx: BatchContext, prog: SubProgram, inBatched: readonly boolean[], forceOut?: readonly boolean[]): BatchedProgram {
  let outBatched: boolean[] = [];
  const avals = prog.argAvals.map((a, i) => (inBatched[i] ? { ...a, shape: [ctx.size, ...a.shape] } : a));
  const { program, consts } = traceClosed(
    avals,
    (vars) => {
      const startId = nextNodeId();
      const inner = prog.argAvals.map((a, i) => traceVar(a, { transform: 'vmap', level: ctx.frame.level, argument: `body argument ${i}` }));
      const env = new Map<NDArray, Batched>(inner.map((v, i) => [v, { x: vars[i]!, bdim: inBatched[i] ? 0 : null }]));
      const res = batchGraph(callProgram(prog, inner), env, ctx, startId);
      outBatched = res.map((b, k) => b.bdim !== null || forceOut?.[k] === true);
      return res.map((b, k) => (outBatched[k] ? moveBatchAxis(ctx.size, b.bdim, 0, b.x) : b.x));
    },
    'vmap',
  );
  return { program, consts, outBatched };
}
