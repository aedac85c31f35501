/**
 * Forward and reverse mode over the traced graph. Differentiated inputs enter as fresh identity
 * nodes, `f` runs on them (values stay readable, as in JAX's grad), and the nodes made during the
 * call are walked with the JVP table (forward) or, in reverse order, the VJP table.
 */
import { asArray } from '../array/create';
import { isFloat } from '../array/dtype';
import { bind, constant, isNDArray, nextNodeId, retainingInputs, type NDArray } from '../array/ndarray';
import type { Primitive } from '../array/primitives';
import { fmtShape, shapesEqual } from '../array/shape';
import { flatten, unflatten, type TreeDef } from '../pytree';
import { jvpRules, vjpRules } from './ad';
import { add, castLike } from './ad/types';
import { tracedNodes } from './graph';

/** A differentiation misuse (non-float input, non-scalar loss, mismatched tangents...). */
export class GradError extends Error {
  override name = 'GradError';
}

interface Entry {
  readonly node: NDArray;
  readonly inputs: readonly NDArray[];
}

/** The pieces of a traced call: the differentiated inputs' stand-ins and the graph to the outputs. */
export interface Trace {
  readonly inputs: NDArray[];
  readonly inputDefs: TreeDef[];
  readonly out: unknown;
  readonly outLeaves: NDArray[];
  readonly outDef: TreeDef;
  readonly order: Entry[];
  readonly startId: number;
}

/** Array leaves of a differentiated argument: JS numbers become float64; everything must be float. */
function diffLeaves(arg: unknown, what: string, argnum: number): [NDArray[], TreeDef] {
  const [leaves, def] = flatten(arg);
  return [
    leaves.map((l, i) => {
      const a = isNDArray(l) ? l : typeof l === 'number' ? asArray(l) : undefined;
      if (!a)
        throw new GradError(
          `${what}: leaf ${i} of argument ${argnum} is ${describe(l)}; only arrays and numbers can be differentiated (wrap it with np.array, or leave it out of argnums)`,
        );
      if (!isFloat(a.dtype))
        throw new GradError(`${what} requires float inputs, but leaf ${i} has dtype ${a.dtype} (convert it, or leave it out of argnums)`);
      return a;
    }),
    def,
  ];
}

const describe = (x: unknown): string =>
  x === null ? 'null' : typeof x === 'object' ? `a value of type ${(x as object).constructor?.name ?? 'Object'}` : `a ${typeof x}`;

/** A differentiation transform must be given a function. */
export function checkFunction(f: unknown, what: string): void {
  if (typeof f !== 'function') throw new GradError(`${what} expects a function to differentiate, got ${describe(f)}`);
}

/** Runs f with the arguments at `argnums` replaced by identity nodes the walks can recognise. */
export function traceCall(f: (...a: any[]) => unknown, args: readonly unknown[], argnums: readonly number[], what: string): Trace {
  checkFunction(f, what);
  return retainingInputs(() => {
    const startId = nextNodeId();
    const inputs: NDArray[] = [];
    const inputDefs: TreeDef[] = [];
    const callArgs = [...args];
    for (const k of argnums) {
      if (typeof k !== 'number' || !Number.isInteger(k))
        throw new GradError(`${what}: argnums must be integer argument indices, got ${typeof k === 'string' ? `'${k}'` : String(k)}`);
      if (k < 0 || k >= args.length) throw new GradError(`${what}: argnums ${k} is out of range for ${args.length} positional arguments`);
      const [leaves, def] = diffLeaves(args[k], what, k);
      const fresh = leaves.map((a) => bind('convert', [a], { dtype: a.dtype, weak: a.weak }));
      inputs.push(...fresh);
      inputDefs.push(def);
      callArgs[k] = unflatten(def, fresh);
    }
    const out = f(...callArgs);
    const [outRaw, outDef] = flatten(out);
    const outLeaves = outRaw.map((o, i) => {
      if (isNDArray(o)) return o;
      if (typeof o === 'number') return constant(o, 'float64', [], true);
      throw new GradError(`${what}: output leaf ${i} is a ${typeof o}, not an array`);
    });
    const order = tracedNodes(outLeaves, startId).map((node) => ({ node, inputs: [...node.inputs] }));
    return { inputs, inputDefs, out, outLeaves, outDef, order, startId };
  });
}

/** Tangents of the outputs given tangents of the inputs (forward mode). */
export function pushForward(t: Trace, tangents: readonly (NDArray | null)[]): NDArray[] {
  const env = new Map<NDArray, NDArray | null>();
  t.inputs.forEach((x, i) => env.set(x, tangents[i] ?? null));
  for (const { node, inputs } of t.order) {
    if (env.has(node) || node.prim === 'var' || node.prim === 'const') continue;
    const ts = inputs.map((i) => env.get(i) ?? null);
    if (ts.every((x) => x === null)) continue;
    env.set(node, jvpRules[node.prim as Primitive](inputs, ts, node.params, node));
  }
  return t.outLeaves.map((o) => env.get(o) ?? constant(0, o.dtype, o.shape));
}

/** Cotangents of the inputs given cotangents of the outputs (reverse mode). */
export function pullBack(t: Trace, cts: readonly NDArray[]): NDArray[] {
  const env = new Map<NDArray, NDArray>();
  const accumulate = (n: NDArray, c: NDArray) => {
    const prev = env.get(n);
    env.set(n, prev ? add(prev, c) : c);
  };
  t.outLeaves.forEach((o, i) => isFloat(o.dtype) && accumulate(o, castLike(cts[i]!, o)));
  const stops = new Set(t.inputs);
  for (let k = t.order.length - 1; k >= 0; k--) {
    const { node, inputs } = t.order[k]!;
    const ct = env.get(node);
    if (!ct || stops.has(node) || node.prim === 'var' || node.prim === 'const') continue;
    const cin = vjpRules[node.prim as Primitive](ct, inputs, node.params, node);
    inputs.forEach((inp, j) => {
      const c = cin[j];
      if (c && inp.id >= t.startId && isFloat(inp.dtype)) accumulate(inp, castLike(c, inp));
    });
  }
  return t.inputs.map((x) => env.get(x) ?? constant(0, x.dtype, x.shape));
}

/** Checks user-supplied tangents/cotangents against the values they belong to. */
export function matchLeaves(values: readonly NDArray[], given: unknown, what: string): NDArray[] {
  const [leaves] = flatten(given);
  if (leaves.length !== values.length) throw new GradError(`${what}: expected ${values.length} array leaves, got ${leaves.length}`);
  return leaves.map((l, i) => {
    const a = asArray(l as never);
    const v = values[i]!;
    if (!shapesEqual(a.shape, v.shape))
      throw new GradError(`${what}: leaf ${i} has shape ${fmtShape(a.shape)} but its primal has shape ${fmtShape(v.shape)}`);
    return a.dtype === v.dtype ? a : bind('convert', [a], { dtype: v.dtype });
  });
}
