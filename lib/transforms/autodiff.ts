/**
 * Forward and reverse mode over the traced graph. Differentiated inputs enter as fresh identity
 * nodes, `f` runs on them (values stay readable, as in JAX's grad), and the nodes made during the
 * call are walked with the JVP table (forward) or, in reverse order, the VJP table.
 */
import { asArray } from '../array/create';
import { isFloat } from '../array/dtype';
import { bind, constant, isNDArray, nextNodeId, retainingInputs, type NDArray } from '../array/ndarray';
import type { Primitive } from '../array/primitives';
import { MULTI_OUTPUT, multiOutCount, type MultiOutputPrimitive, type ProjParams } from '../array/primitives/control';
import type { AbstractValue, SubProgram } from '../array/ir';
import { fmtShape, shapesEqual } from '../array/shape';
import { flatten, unflatten, type TreeDef } from '../pytree';
import { jvpRules, vjpRules, type AdDriver, type JvpRule, type MultiJvpRule, type MultiVjpRule, type VjpRule } from './ad';
import { add, castLike, GradError, zerosLike } from './ad/types';
import { callProgram, traceClosed } from './control/program';
import { tracedNodes } from './graph';

export { GradError };

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

/** What the walks need of a trace. */
type Walk = Pick<Trace, 'inputs' | 'outLeaves' | 'order' | 'startId'>;
type Tangents = NDArray | null | readonly (NDArray | null)[];

/** Tangents of the outputs given tangents of the inputs (forward mode); zero tangents as zeros. */
export function pushForward(t: Walk, tangents: readonly (NDArray | null)[]): NDArray[] {
  return pushForwardMaybe(t, tangents).map((x, i) => x ?? constant(0, t.outLeaves[i]!.dtype, t.outLeaves[i]!.shape));
}

/** Forward mode keeping symbolic zeros (null): a multi-output node's entry is one tangent per output. */
function pushForwardMaybe(t: Walk, tangents: readonly (NDArray | null)[]): (NDArray | null)[] {
  const env = new Map<NDArray, Tangents>();
  t.inputs.forEach((x, i) => env.set(x, tangents[i] ?? null));
  for (const { node, inputs } of t.order) {
    if (env.has(node) || node.prim === 'var' || node.prim === 'const') continue;
    if (node.prim === 'proj') {
      const parts = env.get(inputs[0]!) as readonly (NDArray | null)[] | undefined;
      env.set(node, parts?.[(node.params as unknown as ProjParams).index] ?? null);
      continue;
    }
    const ts = inputs.map((i) => (env.get(i) as NDArray | null | undefined) ?? null);
    if (ts.every((x) => x === null)) continue;
    if (MULTI_OUTPUT.has(node.prim)) env.set(node, (jvpRules[node.prim as MultiOutputPrimitive] as MultiJvpRule)(inputs, ts, node.params, node, driver(t)));
    else env.set(node, (jvpRules[node.prim as Exclude<Primitive, 'proj'>] as JvpRule)(inputs, ts, node.params, node));
  }
  return t.outLeaves.map((o) => (env.get(o) as NDArray | null | undefined) ?? null);
}

/** Cotangents of the inputs given cotangents of the outputs (null: none) (reverse mode). */
export function pullBack(t: Walk, cts: readonly (NDArray | null)[]): NDArray[] {
  const env = new Map<NDArray, NDArray>();
  const parts = new Map<NDArray, (NDArray | null)[]>(); // cotangents of a multi-output node's outputs
  const accumulate = (n: NDArray, c: NDArray) => {
    const prev = env.get(n);
    env.set(n, prev ? add(prev, c) : c);
  };
  t.outLeaves.forEach((o, i) => cts[i] && isFloat(o.dtype) && accumulate(o, castLike(cts[i]!, o)));
  const stops = new Set(t.inputs);
  const ad = driver(t);
  for (let k = t.order.length - 1; k >= 0; k--) {
    const { node, inputs } = t.order[k]!;
    if (node.prim === 'proj') {
      const ct = env.get(node);
      const tuple = inputs[0]!;
      if (!ct || tuple.id < t.startId) continue;
      const list = parts.get(tuple) ?? Array<NDArray | null>(multiOutCount(tuple.prim, tuple.params)).fill(null);
      const j = (node.params as unknown as ProjParams).index;
      list[j] = list[j] ? add(list[j]!, ct) : ct;
      parts.set(tuple, list);
      continue;
    }
    const multi = MULTI_OUTPUT.has(node.prim);
    const ct = multi ? parts.get(node) : env.get(node);
    if (!ct || stops.has(node) || node.prim === 'var' || node.prim === 'const') continue;
    const cin = multi
      ? (vjpRules[node.prim as MultiOutputPrimitive] as MultiVjpRule)(ct as (NDArray | null)[], inputs, node.params, node, ad)
      : (vjpRules[node.prim as Exclude<Primitive, 'proj'>] as VjpRule)(ct as NDArray, inputs, node.params, node);
    inputs.forEach((inp, j) => {
      const c = cin[j];
      if (c && inp.id >= t.startId && isFloat(inp.dtype)) accumulate(inp, castLike(c, inp));
    });
  }
  return t.inputs.map((x) => env.get(x) ?? constant(0, x.dtype, x.shape));
}

/** Traces `prog`'s graph over identity stand-ins of the first `n` placeholders (so both walks can start from them). */
function walkOf(prog: SubProgram, vars: readonly NDArray[]): Walk {
  const startId = nextNodeId();
  const inputs = vars.slice(0, prog.argAvals.length).map((v) => bind('convert', [v], { dtype: v.dtype, weak: v.weak }));
  const outLeaves = callProgram(prog, inputs);
  const order = tracedNodes(outLeaves, startId).map((node) => ({ node, inputs: [...node.inputs] }));
  return { inputs, outLeaves, order, startId };
}

const asTangent = (a: AbstractValue): AbstractValue => ({ ...a, weak: false });

/** The drivers' recursion into sub-programs, for the rules of higher-order primitives. */
const driver = (t: Walk): AdDriver => ({
  jvpProgram(prog, tangentIn, forceOut) {
    let present: boolean[] = [];
    const n = prog.argAvals.length;
    const avals = [...prog.argAvals, ...prog.argAvals.filter((_, i) => tangentIn[i]).map(asTangent)];
    const { program, consts } = traceClosed(avals, (vars) => {
      const w = walkOf(prog, vars);
      let j = n;
      const ts = pushForwardMaybe(w, prog.argAvals.map((_, i) => (tangentIn[i] ? vars[j++]! : null)));
      present = ts.map((x, k) => isFloat(w.outLeaves[k]!.dtype) && (x !== null || forceOut?.[k] === true));
      return [...w.outLeaves, ...ts.flatMap((x, k) => (present[k] ? [x ?? zerosLike(w.outLeaves[k]!)] : []))];
    }, 'jvp');
    return { program, consts, present };
  },
  vjpProgram(prog, ctIn, want) {
    const avals = [...prog.argAvals, ...prog.outAvals.filter((_, k) => ctIn[k]).map(asTangent)];
    const { program, consts } = traceClosed(avals, (vars) => {
      const w = walkOf(prog, vars);
      let j = prog.argAvals.length;
      const cin = pullBack(w, prog.outAvals.map((_, k) => (ctIn[k] ? vars[j++]! : null)));
      return cin.filter((_, i) => want[i]);
    }, 'vjp');
    return { program, consts, present: want };
  },
  needsCotangent: (x) => isFloat(x.dtype) && reachedFrom(t).has(x),
});

/** The nodes of a walk that depend on its inputs (the others have no derivative to carry). */
const reached = new WeakMap<Walk, Set<NDArray>>();
function reachedFrom(t: Walk): Set<NDArray> {
  let s = reached.get(t);
  if (!s) {
    s = new Set(t.inputs);
    for (const { node, inputs } of t.order) if (inputs.some((i) => s!.has(i))) s.add(node);
    reached.set(t, s);
  }
  return s;
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
