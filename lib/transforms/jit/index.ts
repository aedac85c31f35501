/**
 * jit: trace once per input signature (tree structure, shapes, dtypes, static values, named axes in
 * scope), cache the simplified program with its fused loops, and on every call instantiate it over
 * the arguments. The result is an ordinary lazy graph (vmap, grad and nested jits see primitives);
 * only its evaluation differs: fused roots run their compiled loop.
 */
import { asArray } from '../../array/create';
import { isMatrix } from '../../array/storage';
import { evaluate, fromBuffer, isNDArray, NDArray, tracing } from '../../array/ndarray';
import type { AbstractValue, Buffer } from '../../array/ir';
import { collectiveLevels } from '../../array/primitives/control';
import { flatten, keystr, flattenWithPath, unflatten } from '../../pytree';
import { dependsOnTrace } from '../graph';
import { currentFrames } from '../trace';
import { compileProgram, renameLevels } from '../control/program';
import { planFusion, slotAval, type FusedGroup } from './fuse';
import { traceProgram, type Program } from './program';

export interface JitOptions {
  /** Positional arguments passed through as they are; their values are part of the cache key. */
  readonly staticArgnums?: number | readonly number[];
}

/** Marks a jitted function with what it compiles, so vmap(jit(f)) can compile vmap(f) instead. */
export const JITTED = Symbol('vmap-ts.jitted');

/** The function and options a jitted function was made from, or undefined for any other function. */
export const jittedSource = (f: unknown): { f: (...a: any[]) => any; opts: JitOptions } | undefined =>
  typeof f === 'function' ? (f as unknown as Record<symbol, { f: (...a: any[]) => any; opts: JitOptions } | undefined>)[JITTED] : undefined;

/** A jit misuse: an argument that is neither an array nor static. */
export class JitError extends Error {
  override name = 'JitError';
}

interface Compiled {
  readonly program: Program;
  readonly groups: readonly FusedGroup[];
  readonly frameLevels: readonly number[];
  /** The ops whose params name vmap levels (collectives, loops calling them): renamed per call. */
  readonly collectiveOps: ReadonlySet<number>;
  /** The program on buffers, for calls outside any transform (made on first such call). */
  run?: (args: readonly Buffer[]) => Buffer[];
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;
const symbolIds = new Map<symbol, number>();
/** A cache key for a static value: primitives by value, objects and symbols by identity. */
export function staticKey(v: unknown): string {
  if (typeof v === 'symbol') {
    if (!symbolIds.has(v)) symbolIds.set(v, nextObjectId++);
    return `@${symbolIds.get(v)}`;
  }
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) {
    if (!objectIds.has(v)) objectIds.set(v, nextObjectId++);
    return `#${objectIds.get(v)}`;
  }
  return `${typeof v}:${String(v)}`;
}

const avalKey = (a: AbstractValue | NDArray) => `${a.dtype}${a.weak ? '~' : ''}[${a.shape.join(',')}]`;

/** Splits the call into static values and array leaves (JS numbers become weak scalars). */
function splitArgs(args: readonly unknown[], statics: ReadonlySet<number>) {
  const dynamic = args.map((a, i) => (statics.has(i) ? null : a));
  const [pathLeaves, def] = flattenWithPath(dynamic);
  const leaves = pathLeaves.map(([path, leaf]) => {
    if (isNDArray(leaf)) return leaf;
    if (isMatrix(leaf)) return asArray(leaf); // a mathjs Matrix is an array, as everywhere else
    if (typeof leaf === 'number' || typeof leaf === 'boolean') {
      const a = asArray(leaf);
      return new NDArray({ ...a.aval, weak: true }, 'convert', [a], { dtype: a.dtype, weak: true });
    }
    throw new JitError(`jit: ${keystr(path, 'args')} is a ${typeof leaf}, not an array; mark its argument static with staticArgnums`);
  });
  return { leaves, def };
}

/** Traces `f` at the signature of `args` into a simplified program. */
export function traceForJit(f: (...a: any[]) => unknown, args: readonly unknown[], statics: ReadonlySet<number>): { program: Program; leaves: NDArray[] } {
  const { leaves, def } = splitArgs(args, statics);
  const program = traceProgram(leaves.map((l) => l.aval), (vars) => {
    const rebuilt = unflatten(def, vars) as unknown[];
    const out = f(...args.map((a, i) => (statics.has(i) ? a : rebuilt[i])));
    const [outLeaves, outDef] = flatten(out);
    return [outLeaves.map((o, i) => {
      if (isNDArray(o)) return o;
      if (typeof o === 'number' || typeof o === 'boolean') return asArray(o);
      throw new JitError(`jit: output leaf ${i} is a ${typeof o}, not an array`);
    }), outDef];
  });
  return { program, leaves };
}

/** Builds the program's nodes over `args`; fused roots get their loop. */
function instantiate(c: Compiled, args: readonly NDArray[]): NDArray[] {
  const { program } = c;
  const frames = currentFrames();
  // collectives (also inside loop bodies) belong to the vmaps of this call, not of the traced one
  const rename = (lvl: number) => frames[c.frameLevels.indexOf(lvl)]?.level ?? lvl;
  const slots: NDArray[] = [...args, ...program.consts];
  program.ops.forEach((op, k) =>
    slots.push(new NDArray(op.aval, op.prim, op.inputs.map((s) => slots[s]!), c.collectiveOps.has(k) ? renameLevels(op.params, rename) : op.params)),
  );
  const base = program.argAvals.length + program.consts.length;
  for (const g of c.groups) slots[base + g.root]!.fusion = { inputs: g.leaves.map((s) => slots[s]!), run: g.run };
  return program.outputs.map((s) => slots[s]!);
}

/** The program run on the arguments' values now; the results are computed leaves. */
function runEagerly(c: Compiled, args: readonly NDArray[]): NDArray[] {
  const { program } = c;
  c.run ??= compileProgram(program);
  const outs = c.run([...args, ...program.consts].map((a) => evaluate(a)));
  return program.outputs.map((s, i) => fromBuffer(outs[i]!, slotAval(program, s).weak));
}

/**
 * Compiles `f`: traced once per signature, simplified, elementwise chains fused into single loops.
 * @example const f = jit((x) => np.exp(np.add(np.multiply(np.sin(x), 2), 1))); f(x); f(x) // one trace
 */
export function jit<F extends (...args: any[]) => any>(f: F, opts: JitOptions = {}): F & { readonly cacheSize: number } {
  const statics = new Set(typeof opts.staticArgnums === 'number' ? [opts.staticArgnums] : opts.staticArgnums ?? []);
  const cache = new Map<string, Compiled>();
  const jitted = (...args: unknown[]) => {
    const frames = currentFrames();
    // the common call, arrays only (no pytree, no static value, no vmap around): a short key, no flattening
    const flat = statics.size === 0 && frames.length === 0 && args.every(isNDArray);
    const { leaves, def } = flat ? { leaves: args as NDArray[], def: undefined } : splitArgs(args, statics);
    const key = flat
      ? `flat|${leaves.map(avalKey).join(';')}`
      : [
          def!.toString(),
          leaves.map(avalKey).join(';'),
          [...statics].map((i) => staticKey(args[i])).join(';'),
          frames.map((fr) => `${fr.names.map(staticKey).join(',')}:${fr.size}`).join(';'),
        ].join('|');
    let c = cache.get(key);
    if (!c) {
      const { program } = traceForJit(f, args, statics);
      const collectiveOps = new Set(program.ops.flatMap((op, k) => (collectiveLevels(op.params).length > 0 ? [k] : [])));
      c = { program, groups: planFusion(program), frameLevels: frames.map((fr) => fr.level), collectiveOps };
      if (program.consts.every((k) => !dependsOnTrace(k))) cache.set(key, c);
      else return unflatten(c.program.outDef, instantiate(c, leaves));
    }
    // outside every transform no one can see the intermediate nodes: run the program on buffers
    if (!tracing() && frames.length === 0) return unflatten(c.program.outDef, runEagerly(c, leaves));
    return unflatten(c.program.outDef, instantiate(c, leaves));
  };
  Object.defineProperty(jitted, 'cacheSize', { get: () => cache.size });
  Object.defineProperty(jitted, JITTED, { value: { f, opts } });
  return jitted as F & { readonly cacheSize: number };
}

