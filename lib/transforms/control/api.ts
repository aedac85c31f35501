/**
 * Structured control flow with JAX's semantics (lax/control_flow): cond, switch, whileLoop,
 * foriLoop, scan, map. Operands, carries and outputs are pytrees; each body is traced ONCE into a
 * closed sub-program held by one node, eagerly as under jit. Misuse is reported before anything
 * is traced or evaluated, naming the argument path, the expected and the got types.
 */
import { asArray } from '../../array/create';
import type { AbstractValue } from '../../array/ir';
import { bind, constant, isNDArray, NDArray } from '../../array/ndarray';
import { fmtShape, shapesEqual } from '../../array/shape';
import { isMatrix } from '../../array/storage';
import { flatten, flattenWithPath, keystr, unflatten, type KeyPath, type TreeDef } from '../../pytree';
import { collectiveLevels } from '../../array/primitives/control';
import { vmap } from '../vmap';
import { traceProgram, type Program } from '../jit/program';
import { bindMulti, ClosedProgram, joinBranches, traceClosed } from './program';

/** A misuse of a control-flow function (wrong types, shapes or structure). */
export class ControlFlowError extends TypeError {
  override name = 'ControlFlowError';
}

const typeText = (a: AbstractValue) => `${a.dtype}${a.weak ? ' (weak)' : ''}${fmtShape(a.shape)}`;

interface Leaves {
  readonly arrays: NDArray[];
  readonly paths: string[];
  readonly def: TreeDef;
}

/** A pytree's leaves as arrays: JS numbers and booleans become weakly typed scalars, as in jit. */
function leavesOf(tree: unknown, root: string, api: string): Leaves {
  const [pl, def] = flattenWithPath(tree);
  const paths = pl.map(([p]) => keystr(p as KeyPath, root));
  const arrays = pl.map(([, leaf], i) => {
    if (isNDArray(leaf)) return leaf;
    if (isMatrix(leaf)) return asArray(leaf);
    if (typeof leaf === 'number' || typeof leaf === 'boolean') {
      const a = asArray(leaf);
      return new NDArray({ ...a.aval, weak: true }, 'convert', [a], { dtype: a.dtype, weak: true });
    }
    throw new ControlFlowError(`${api}: ${paths[i]} is ${leaf === null ? 'null' : `a ${typeof leaf}`}, not an array (a pytree leaf must be an NDArray, a number or a boolean)`);
  });
  return { arrays, paths, def };
}

const cast = (x: NDArray, a: AbstractValue) => (x.dtype === a.dtype ? x : bind('convert', [x], { dtype: a.dtype }));
const sameType = (a: AbstractValue, b: AbstractValue) => a.dtype === b.dtype && shapesEqual(a.shape, b.shape);

/**
 * Traces a body whose outputs must match its input carry; a weakly typed carry (a JS number) takes
 * the dtype the body gives it, as JAX promotes weak carries. Returns the settled carry.
 */
function settleCarry(api: string, what: string, carry: Leaves, trace: (avals: AbstractValue[]) => { def: TreeDef; avals: readonly AbstractValue[] }): NDArray[] {
  let arrays = carry.arrays;
  for (;;) {
    const got = trace(arrays.map((a) => a.aval));
    if (got.def.toString() !== carry.def.toString())
      throw new ControlFlowError(`${api}: ${what} carry input and carry output must have the same pytree structure, but the input is ${carry.def} and the output is ${got.def}`);
    let changed = false;
    const next = arrays.map((x, k) => {
      const o = got.avals[k]!;
      if (sameType(x.aval, o)) return x;
      if (x.weak && shapesEqual(x.shape, o.shape)) {
        changed = true;
        return cast(x, o);
      }
      throw new ControlFlowError(
        `${api}: ${what} carry input and carry output must have equal types, but the input carry component ${carry.paths[k]} has type ${typeText(x.aval)} and the corresponding output carry component has type ${typeText(o)}, so the ${x.dtype !== o.dtype ? 'dtypes' : 'shapes'} do not match`,
      );
    });
    if (!changed) return next;
    arrays = next;
  }
}

/** The one leading-axis size of the leaves (undefined when there are none); each must have a leading axis. */
function leadingAxis(api: string, xl: Leaves): number | undefined {
  xl.arrays.forEach((x, i) => {
    if (x.ndim === 0) throw new ControlFlowError(`${api} got value with no leading axis to ${api === 'lax.map' ? 'map' : 'scan'} over: ${xl.paths[i]} of type ${typeText(x.aval)}`);
  });
  const sizes = [...new Set(xl.arrays.map((x) => x.shape[0]!))];
  if (sizes.length > 1)
    throw new ControlFlowError(`${api} got values with different leading axis sizes: ${xl.arrays.map((x, i) => `${xl.paths[i]} has ${x.shape[0]}`).join(', ')}`);
  return sizes[0];
}

/**
 * An initial carry for a body typed over `T`: where the body takes an NDArray, a JS number or boolean
 * is accepted too (it becomes a weakly typed scalar, as in JAX).
 */
export type InitOf<T> = T extends NDArray
  ? T | number | boolean
  : T extends readonly unknown[]
    ? { readonly [K in keyof T]: InitOf<T[K]> }
    : T extends object
      ? { readonly [K in keyof T]: InitOf<T[K]> }
      : T;

export interface ScanOptions {
  /** The number of steps; required when `xs` is null, checked against the leading axes otherwise. */
  readonly length?: number;
  /** Scan from the end: ys are still stored at their own index. */
  readonly reverse?: boolean;
  /** Accepted for JAX compatibility: the body already runs as one compiled sub-program per step. */
  readonly unroll?: number | boolean;
}

/**
 * `scan(f, init, xs)`: `f(carry, x) => [carry, y]` over the leading axis of every leaf of `xs`;
 * returns `[finalCarry, ys]` (ys stacked). `xs` may be null with `{ length }`.
 * @example lax.scan((c, x) => [np.add(c, x), c], 0, np.arange(4)) // [6, [0, 0, 1, 3]]
 */
export function scan<C, X, Y>(f: (carry: C, x: X) => readonly [C, Y], init: InitOf<C>, xs?: X | null, opts: ScanOptions = {}): [C, Y] {
  const api = 'lax.scan';
  if (typeof f !== 'function') throw new ControlFlowError(`${api} expects a function f(carry, x) => [carry, y], got ${typeof f}`);
  const { length: given, reverse = false, unroll = 1 } = opts;
  if (!(typeof unroll === 'boolean' || (Number.isInteger(unroll) && unroll >= 1))) throw new ControlFlowError(`${api}: unroll must be a positive integer or a boolean, got ${unroll}`);
  const xl = leavesOf(xs ?? null, 'xs', api);
  const size = leadingAxis(api, xl);
  if (given !== undefined && !(Number.isInteger(given) && given >= 0)) throw new ControlFlowError(`${api}: length must be a non-negative integer, got ${given}`);
  if (given !== undefined && size !== undefined && size !== given)
    throw new ControlFlowError(`${api} got \`length\` argument of ${given} which disagrees with leading axis sizes [${size}] (${xl.paths.join(', ')})`);
  const length = given ?? size;
  if (length === undefined) throw new ControlFlowError(`${api}: xs is null or has no leaves, so the number of steps must be given as { length }`);
  const carry = leavesOf(init, 'init', api);
  const xAvals = xl.arrays.map((x) => ({ ...x.aval, shape: x.shape.slice(1) }));
  let ys: Leaves | undefined, traced: ReturnType<typeof traceClosed> | undefined;
  const trace = (cAvals: AbstractValue[]) => {
    let outDef: TreeDef | undefined;
    traced = traceClosed([...cAvals, ...xAvals], (vars) => {
      const r = f(unflatten(carry.def, vars.slice(0, cAvals.length)) as C, unflatten(xl.def, vars.slice(cAvals.length)) as X);
      if (!Array.isArray(r) || r.length !== 2) throw new ControlFlowError(`${api}: f must return a pair [carry, y], got ${Array.isArray(r) ? `an array of length ${r.length}` : typeof r}`);
      const c = leavesOf(r[0], 'carry', api);
      ys = leavesOf(r[1], 'y', api);
      outDef = c.def;
      return [...c.arrays, ...ys.arrays];
    }, api);
    return { def: outDef!, avals: traced.program.outAvals.slice(0, cAvals.length) };
  };
  const initArrays = settleCarry(api, 'scan body function', carry, trace);
  const t = traced!;
  const outs = bindMulti('scan', [...initArrays, ...xl.arrays, ...t.consts], { body: t.program, nCarry: initArrays.length, nXs: xl.arrays.length, length, reverse });
  return [unflatten(carry.def, outs.slice(0, initArrays.length)) as C, unflatten(ys!.def, outs.slice(initArrays.length)) as Y];
}

/**
 * `whileLoop(condFn, bodyFn, init)`: `while (condFn(val)) val = bodyFn(val)` as one node; `condFn`
 * returns a boolean scalar, `bodyFn` a value of the same structure and types as `init`.
 * @example lax.whileLoop((v: NDArray) => np.less(v, 10), (v: NDArray) => np.multiply(v, 2), np.array(1)).item() // 16
 */
export function whileLoop<T>(condFn: (val: T) => unknown, bodyFn: (val: T) => T, init: InitOf<T>): T {
  const api = 'lax.whileLoop';
  if (typeof condFn !== 'function' || typeof bodyFn !== 'function') throw new ControlFlowError(`${api} expects (condFn, bodyFn, initVal) with two functions`);
  const carry = leavesOf(init, 'initVal', api);
  let body: ReturnType<typeof traceClosed> | undefined;
  const arrays = settleCarry(api, 'body_fun', carry, (avals) => {
    let def: TreeDef | undefined;
    body = traceClosed(avals, (vars) => {
      const out = leavesOf(bodyFn(unflatten(carry.def, vars) as T), 'body_fun output', api);
      def = out.def;
      return out.arrays;
    }, api);
    return { def: def!, avals: body.program.outAvals };
  });
  const cond = traceClosed(arrays.map((a) => a.aval), (vars) => {
    const out = leavesOf(condFn(unflatten(carry.def, vars) as T), 'cond_fun output', api);
    const a = out.arrays[0];
    if (out.arrays.length !== 1 || a!.dtype !== 'bool' || a!.ndim !== 0)
      throw new ControlFlowError(`${api}: cond_fun must return a boolean scalar, but got output type(s) [${out.arrays.map((x) => typeText(x.aval)).join(', ')}]`);
    return [a!];
  }, api);
  const outs = bindMulti('while', [...arrays, ...cond.consts, ...body!.consts], {
    cond: cond.program,
    body: body!.program,
    nCarry: arrays.length,
    nCondConsts: cond.consts.length,
  });
  return unflatten(carry.def, outs) as T;
}

/**
 * Whether `b` can be read now: it depends on no trace placeholder and on no collective (vmap passes
 * unmapped arguments as they are, so psum of one is concrete-looking but exists only inside the vmap).
 */
function readable(b: NDArray): boolean {
  const stack = [b];
  const seen = new Set<NDArray>();
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (seen.has(x) || x.isConcrete) continue;
    seen.add(x);
    if (x.prim === 'var' || collectiveLevels(x.params).length > 0) return false;
    stack.push(...x.inputs);
  }
  return true;
}

/** A loop bound known now: a JS integer, or an integer array that depends on no trace. */
function staticBound(b: number | NDArray, what: string): number | undefined {
  if (typeof b === 'number') {
    if (!Number.isInteger(b)) throw new ControlFlowError(`lax.foriLoop: ${what} must be an integer, got ${b}`);
    return b;
  }
  if (!isNDArray(b) || b.ndim !== 0 || b.dtype !== 'int32')
    throw new ControlFlowError(`lax.foriLoop: ${what} must be a JS integer or an int32 scalar array, got ${isNDArray(b) ? typeText(b.aval) : typeof b}`);
  return readable(b) ? (b.item() as number) : undefined;
}

/**
 * `foriLoop(lower, upper, bodyFn, init)`: `for (i = lower; i < upper; i++) val = bodyFn(i, val)`.
 * Known bounds lower to a scan (reverse-differentiable); traced bounds to a while loop, as in JAX.
 * @example lax.foriLoop(0, 4, (i, v) => np.add(v, i), np.array(0)).item() // 6
 */
export function foriLoop<T>(lower: number | NDArray, upper: number | NDArray, bodyFn: (i: NDArray, val: T) => T, init: InitOf<T>): T {
  if (typeof bodyFn !== 'function') throw new ControlFlowError('lax.foriLoop expects (lower, upper, bodyFn, initVal) with bodyFn a function');
  const lo = staticBound(lower, 'lower'), hi = staticBound(upper, 'upper');
  const one = constant(1, 'int32');
  if (lo !== undefined && hi !== undefined) {
    const [[, val]] = scan(([i, v]: [NDArray, T]) => [[bind('add', [i, one]), bodyFn(i, v)] as [NDArray, T], null] as const, [constant(lo, 'int32'), init] as InitOf<[NDArray, T]>, null, {
      length: Math.max(hi - lo, 0),
    });
    return val;
  }
  const asBound = (b: number | NDArray) => (isNDArray(b) ? b : constant(b, 'int32'));
  const [, , val] = whileLoop(
    ([i, u]: [NDArray, NDArray, T]) => bind('lt', [i, u]),
    ([i, u, v]: [NDArray, NDArray, T]) => [bind('add', [i, one]), u, bodyFn(i, v)] as [NDArray, NDArray, T],
    [asBound(lower), asBound(upper), init] as InitOf<[NDArray, NDArray, T]>,
  );
  return val;
}

/**
 * A branch as a closed program (as `traceClosed`), keeping inside it what it computes from captured
 * values: only the branch taken runs it (a vmapped cond guards its inputs, so an untaken lane's
 * sqrt(-1) sends no NaN cotangent back: JAX's issue 1052 again, for closures).
 */
function traceBranch(argAvals: readonly AbstractValue[], fn: (args: NDArray[]) => readonly NDArray[], api: string) {
  const prog = traceProgram(argAvals, (vars) => {
    const outs = [...fn(vars)];
    return [outs, flatten(outs)[1]];
  }, api, { fold: false });
  const closed: Program = { ...prog, argAvals: [...prog.argAvals, ...prog.consts.map((c) => c.aval)], consts: [] };
  return { program: new ClosedProgram(closed), consts: [...prog.consts] };
}

/** Traces each branch on the operands; outputs must agree in structure and type (weak ones follow the strong). */
function traceBranches(api: string, names: readonly string[], branches: readonly ((...ops: any[]) => unknown)[], operands: readonly unknown[]) {
  const ops = leavesOf([...operands], 'operands', api);
  const avals = ops.arrays.map((a) => a.aval);
  const trace = (fn: (...ops: any[]) => unknown, targets?: readonly AbstractValue[]) => {
    let out: Leaves | undefined;
    const t = traceBranch(avals, (vars) => {
      out = leavesOf(fn(...(unflatten(ops.def, vars) as unknown[])), 'output', api);
      return targets ? out.arrays.map((x, k) => cast(x, targets[k] ?? x.aval)) : out.arrays;
    }, api);
    return { ...t, out: out! };
  };
  let traced = branches.map((b) => trace(b));
  const first = traced[0]!.out;
  traced.forEach((t, k) => {
    if (t.out.def.toString() !== first.def.toString())
      throw new ControlFlowError(`${api}: ${names[k]} and ${names[0]} output must have same type structure, got ${t.out.def} and ${first.def}`);
  });
  const targets = first.arrays.map((_, j) => {
    const all = traced.map((t) => t.out.arrays[j]!.aval);
    const strong = all.filter((a) => !a.weak);
    const pick = strong[0] ?? all[0]!;
    all.forEach((a, k) => {
      if (!sameType(a, pick) && !(a.weak && shapesEqual(a.shape, pick.shape)))
        throw new ControlFlowError(
          `${api}: ${names[k]} and ${names[0]} output must have identical types, but at ${first.paths[j]} ${names[k]} gives ${typeText(a)} and ${names[0]} gives ${typeText(traced[0]!.out.arrays[j]!.aval)}`,
        );
    });
    return pick;
  });
  if (traced.some((t) => t.out.arrays.some((x, j) => x.dtype !== targets[j]!.dtype))) traced = branches.map((b) => trace(b, targets));
  const { programs, consts } = joinBranches(avals, traced);
  return { ops: ops.arrays, programs, consts, def: first.def };
}

function scalarIndex(x: unknown, api: string, what: string): NDArray {
  const a = typeof x === 'number' && Number.isInteger(x) ? asArray(x, 'int32') : asArray(x as never);
  if (a.ndim !== 0) throw new ControlFlowError(`${api}: ${what} must be a scalar, got an array of shape ${fmtShape(a.shape)}`);
  return a;
}

/**
 * `switch(index, branches, ...operands)`: `branches[index](...operands)` with the index clamped
 * into range, as one node (every branch traced, one run).
 * @example lax.switch(1, [(x) => np.add(x, 1), (x) => np.multiply(x, 10)], np.array(5)).item() // 50
 */
export function switchBranches<R>(index: unknown, branches: readonly ((...ops: any[]) => R)[], ...operands: unknown[]): R {
  const api = 'lax.switch';
  if (!Array.isArray(branches) || branches.length === 0) throw new ControlFlowError(`${api}: Empty branch sequence (branches must be a non-empty array of functions)`);
  branches.forEach((b, k) => {
    if (typeof b !== 'function') throw new ControlFlowError(`${api}: branches[${k}] is ${typeof b}, not a function`);
  });
  const idx = scalarIndex(index, api, 'the branch index');
  if (idx.dtype !== 'int32') throw new ControlFlowError(`${api}: the branch index must be an integer (int32), got ${typeText(idx.aval)}`);
  const clamped = bind('max', [bind('min', [idx, constant(branches.length - 1, 'int32')]), constant(0, 'int32')]);
  return branchNode(api, branches.map((_, k) => `branch ${k}`), clamped, branches, operands) as R;
}

/**
 * `cond(pred, trueFn, falseFn, ...operands)`: `pred ? trueFn(...operands) : falseFn(...operands)`
 * as one node; `pred` is a boolean (or number) scalar.
 * @example lax.cond(true, (x) => np.add(x, 1), (x) => np.subtract(x, 1), np.array(5)).item() // 6
 */
export function cond<R>(pred: unknown, trueFn: (...ops: any[]) => R, falseFn: (...ops: any[]) => R, ...operands: unknown[]): R {
  const api = 'lax.cond';
  if (typeof trueFn !== 'function' || typeof falseFn !== 'function') throw new ControlFlowError(`${api} expects (pred, trueFn, falseFn, ...operands) with two functions`);
  const p = scalarIndex(pred, api, 'pred');
  const truth = p.dtype === 'bool' ? p : bind('ne', [p, constant(0, p.dtype)]);
  return branchNode(api, ['true_fun', 'false_fun'], bind('convert', [truth], { dtype: 'int32' }), [falseFn, trueFn], operands, [1, 0]) as R;
}

function branchNode(api: string, names: string[], index: NDArray, branches: readonly ((...ops: any[]) => unknown)[], operands: unknown[], order?: number[]) {
  const named = order ? order.map((k) => names[k]!) : names;
  const t = traceBranches(api, named, branches, operands);
  const outs = bindMulti('cond', [index, ...t.ops, ...t.consts], { branches: t.programs });
  return unflatten(t.def, outs);
}

export interface MapOptions {
  /** Map this many examples at a time with vmap inside the loop (the remainder after it), as JAX. */
  readonly batchSize?: number;
}

/**
 * `map(f, xs)`: `f` over the leading axis of `xs` (a pytree) as a scan, so one example is in
 * memory at a time; with `batchSize`, `vmap(f)` over chunks of that size inside the scan.
 * @example lax.map((x: NDArray) => np.sum(x), np.array([[1, 2], [3, 4]])).toArray() // [3, 7]
 */
export function map<X, Y>(f: (x: X) => Y, xs: X, opts: MapOptions = {}): Y {
  const api = 'lax.map';
  if (typeof f !== 'function') throw new ControlFlowError(`${api} expects a function f(x), got ${typeof f}`);
  const { batchSize } = opts;
  if (!(batchSize === undefined || (Number.isInteger(batchSize) && batchSize >= 1))) throw new ControlFlowError(`${api}: batchSize must be a positive integer, got ${batchSize}`);
  const xl = leavesOf(xs, 'xs', api);
  const n = leadingAxis(api, xl);
  if (n === undefined) throw new ControlFlowError(`${api}: xs has no leaves to map over`);
  if (batchSize === undefined) return scan((_: null, x: X) => [null, f(x)] as const, null, xs)[1];
  const blocks = Math.floor(n / batchSize), main = blocks * batchSize;
  const part = (x: NDArray, from: number, to: number) =>
    bind('slice', [x], { start: x.shape.map((_, d) => (d === 0 ? from : 0)), limit: x.shape.map((s, d) => (d === 0 ? to : s)), strides: x.shape.map(() => 1) });
  const batched = vmap(f as (x: unknown) => unknown) as (x: unknown) => Y;
  const chunks = xl.arrays.map((x) => bind('reshape', [part(x, 0, main)], { newSizes: [blocks, batchSize, ...x.shape.slice(1)] }));
  const ys = scan((_: null, c: X) => [null, batched(c)] as const, null, unflatten(xl.def, chunks) as X)[1];
  const [yl, ydef] = flattenWithPath(ys);
  const flat = yl.map(([, y]) => y as NDArray).map((y) => bind('reshape', [y], { newSizes: [main, ...y.shape.slice(2)] }));
  if (main === n) return unflatten(ydef, flat) as Y;
  const rest = flattenWithPath(batched(unflatten(xl.def, xl.arrays.map((x) => part(x, main, n))) as X))[0].map(([, y]) => y as NDArray);
  return unflatten(ydef, flat.map((y, k) => bind('concatenate', [y, rest[k]!], { dimension: 0 }))) as Y;
}
