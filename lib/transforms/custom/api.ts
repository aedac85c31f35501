/**
 * Custom derivatives with JAX's semantics (custom_derivatives.py): `customJvp(f).defjvp(rule)` and
 * `customVjp(f).defvjp(fwd, bwd)`. On every call the function is traced ONCE into a closed sub-program
 * held by one node (`custom_jvp_call` / `custom_vjp_call`), which
 * evaluates as `f`. The user's rules are held as functions and called by the transforms when they
 * need a derivative (so a rule may call `f` itself, as in JAX); vmap wraps them in vmap (a rule is
 * called once per batch, not per example), and grad/jvp use them instead of differentiating `f`.
 */
import { isFloat } from '../../array/dtype';
import type { AbstractValue } from '../../array/ir';
import { bind, constant, isNDArray, NDArray } from '../../array/ndarray';
import { asArray } from '../../array/create';
import { fmtShape, shapesEqual } from '../../array/shape';
import { flatten, flattenWithPath, keystr, unflatten, type TreeDef } from '../../pytree';
import { GradError } from '../ad/types';
import type { BwdRuleFn, FwdRuleFn, JvpRuleFn } from '../../array/primitives/control';
import { bindMulti, traceClosed } from '../control/program';

type Fn = (...args: any[]) => any;

export interface CustomOptions {
  /** Positions of arguments that are not differentiated: passed first to the rules, as JAX does. */
  readonly nondiffArgnums?: readonly number[];
}

/** Array leaves of a pytree: JS numbers become float64 arrays (weakly typed, as in jit). */
function arrayLeaves(tree: unknown, what: string): [NDArray[], TreeDef] {
  const [pl, def] = flattenWithPath(tree);
  const arrays = pl.map(([path, leaf]) => {
    if (isNDArray(leaf)) return leaf;
    if (typeof leaf === 'number' || typeof leaf === 'boolean') {
      const a = asArray(leaf);
      return new NDArray({ ...a.aval, weak: true }, 'convert', [a], { dtype: a.dtype, weak: true });
    }
    throw new GradError(`${what}: ${keystr(path, 'value')} is ${leaf === null ? 'null' : `a ${typeof leaf}`}, not an array`);
  });
  return [arrays, def];
}

const typeText = (a: AbstractValue) => `${a.dtype}${fmtShape(a.shape)}`;
const fit = (x: NDArray, a: AbstractValue) => (x.dtype === a.dtype ? x : bind('convert', [x], { dtype: a.dtype }));

/** Checks a rule's output tree against the function's, and casts weak leaves to the function's dtypes. */
function matchOutputs(what: string, def: TreeDef, avals: readonly AbstractValue[], value: unknown): NDArray[] {
  const [leaves, got] = arrayLeaves(value, what);
  if (got.toString() !== def.toString()) throw new GradError(`${what} must have the same pytree structure as the function's output ${def}, but got ${got}`);
  return leaves.map((x, k) => {
    const a = avals[k]!;
    if (!shapesEqual(x.shape, a.shape) || (x.dtype !== a.dtype && !x.weak))
      throw new GradError(`${what}: output leaf ${k} has type ${typeText(x.aval)} but the function's output has type ${typeText(a)}`);
    return fit(x, a);
  });
}

/** Splits the call's arguments into the differentiated ones (flattened) and a way to rebuild all of them. */
function splitArgs(args: readonly unknown[], nondiff: readonly number[], what: string) {
  const nd = new Set(nondiff.map((i) => (i < 0 ? i + args.length : i)));
  for (const i of nd) if (!(Number.isInteger(i) && i >= 0 && i < args.length)) throw new GradError(`${what}: nondiffArgnums ${i} is out of range for ${args.length} arguments`);
  const diffArgs = args.filter((_, i) => !nd.has(i));
  const staticArgs = args.filter((_, i) => nd.has(i));
  const [leaves, def] = arrayLeaves(diffArgs, `${what} argument`);
  const rebuild = (vars: readonly NDArray[]): unknown[] => {
    const diff = unflatten(def, vars) as unknown[];
    let d = 0, s = 0;
    return args.map((_, i) => (nd.has(i) ? staticArgs[s++] : diff[d++]));
  };
  return { leaves, def, staticArgs, diffArgs: (vars: readonly NDArray[]) => unflatten(def, vars) as unknown[], rebuild };
}

/** The function traced over the differentiated leaves. */
function traceFun(f: Fn, avals: readonly AbstractValue[], rebuild: (v: readonly NDArray[]) => unknown[], what: string) {
  let outDef: TreeDef | undefined;
  const t = traceClosed(avals, (vars) => {
    const [outs, def] = arrayLeaves(f(...rebuild(vars)), `${what} output`);
    outDef = def;
    return outs;
  });
  return { ...t, outDef: outDef! };
}

const zerosFor = (a: AbstractValue) => constant(0, a.dtype, a.shape);

export type CustomJvpFunction<F extends Fn> = F & {
  /** Sets the JVP rule `(primals, tangents) => [primalOut, tangentOut]` (after the nondiff arguments); returns it. */
  defjvp<R extends (...a: any[]) => readonly [unknown, unknown]>(rule: R): R;
};

/**
 * `customJvp(f)`: `f` with a forward-mode rule of your own; reverse mode transposes it.
 * @example const f = customJvp((x) => np.log1p(np.exp(x))); f.defjvp(([x], [t]) => [f(x), np.multiply(t, lax.logistic(x))]);
 */
export function customJvp<F extends Fn>(f: F, opts: CustomOptions = {}): CustomJvpFunction<F> {
  if (typeof f !== 'function') throw new GradError(`customJvp expects a function, got ${typeof f}`);
  let rule: ((...a: any[]) => readonly [unknown, unknown]) | undefined;
  const call = (...args: unknown[]) => {
    const what = `custom_jvp function ${f.name || '(anonymous)'}`;
    if (!rule) throw new GradError(`No JVP defined for ${what} using defjvp`);
    const s = splitArgs(args, opts.nondiffArgnums ?? [], what);
    const avals = s.leaves.map((x) => x.aval);
    const fun = traceFun(f, avals, s.rebuild, what);
    const floatArgs = avals.map((a) => isFloat(a.dtype));
    const outAvals = fun.program.outAvals;
    // called by the transforms when they need a tangent (so the rule may call f itself)
    const jvp: JvpRuleFn = {
      call: (argLeaves: readonly NDArray[], tangentLeaves: readonly NDArray[]) => {
        let j = 0;
        const tangents = avals.map((a, i) => (floatArgs[i] ? tangentLeaves[j++]! : zerosFor(a)));
        const r = rule!(...s.staticArgs, s.diffArgs(argLeaves), s.diffArgs(tangents));
        if (!Array.isArray(r) || r.length !== 2) throw new GradError(`Custom JVP rule of ${what} must return a pair [primalOut, tangentOut]`);
        matchOutputs(`Custom JVP rule of ${what}: the primal output`, fun.outDef, outAvals, r[0]);
        const to = matchOutputs(`Custom JVP rule of ${what}: the tangent output`, fun.outDef, outAvals, r[1]);
        return to.filter((_, k) => isFloat(outAvals[k]!.dtype));
      },
      toJSON: () => `jvp rule of ${what}`,
    };
    const outs = bindMulti('custom_jvp_call', [...s.leaves, ...fun.consts], { fun: fun.program, jvp, nArgs: s.leaves.length });
    return unflatten(fun.outDef, outs);
  };
  const out = call as unknown as CustomJvpFunction<F>;
  out.defjvp = (r) => {
    rule = r;
    return r;
  };
  return out;
}

export type CustomVjpFunction<F extends Fn> = F & {
  /** Sets `fwd(...args) => [out, residuals]` and `bwd(residuals, outCotangent) => argCotangents` (one per differentiated argument). */
  defvjp(fwd: (...a: any[]) => readonly [unknown, unknown], bwd: (...a: any[]) => readonly unknown[]): void;
};

/**
 * `customVjp(f)`: `f` with a reverse-mode rule of your own; forward mode is an error, as in JAX.
 * @example const clip = customVjp((x) => x); clip.defvjp((x) => [x, null], (_, g) => [np.clip(g, -1, 1)]);
 */
export function customVjp<F extends Fn>(f: F, opts: CustomOptions = {}): CustomVjpFunction<F> {
  if (typeof f !== 'function') throw new GradError(`customVjp expects a function, got ${typeof f}`);
  let rules: { fwd: (...a: any[]) => readonly [unknown, unknown]; bwd: (...a: any[]) => readonly unknown[] } | undefined;
  const call = (...args: unknown[]) => {
    const what = `custom_vjp function ${f.name || '(anonymous)'}`;
    if (!rules) throw new GradError(`No VJP defined for ${what} using defvjp`);
    const s = splitArgs(args, opts.nondiffArgnums ?? [], what);
    const avals = s.leaves.map((x) => x.aval);
    const fun = traceFun(f, avals, s.rebuild, what);
    const outAvals = fun.program.outAvals;
    let resDef: TreeDef | undefined;
    const fwd: FwdRuleFn = {
      call: (argLeaves: readonly NDArray[]) => {
        const r = rules!.fwd(...s.rebuild(argLeaves));
        if (!Array.isArray(r) || r.length !== 2) throw new GradError(`Custom VJP fwd of ${what} must return a pair [out, residuals]`);
        const outs = matchOutputs(`Custom VJP fwd of ${what}: the primal output`, fun.outDef, outAvals, r[0]);
        const [res, def] = arrayLeaves(r[1], `Custom VJP fwd of ${what}: residuals`);
        resDef = def;
        return [outs, res];
      },
      toJSON: () => `fwd rule of ${what}`,
    };
    const floatOuts = outAvals.map((a) => isFloat(a.dtype));
    const bwd: BwdRuleFn = {
      call: (res: readonly NDArray[], ctLeaves: readonly NDArray[]) => {
        let j = 0;
        const cts = outAvals.map((a, k) => (floatOuts[k] ? ctLeaves[j++]! : zerosFor(a)));
        const g = rules!.bwd(...s.staticArgs, unflatten(resDef!, res), unflatten(fun.outDef, cts));
        const diff = s.diffArgs(s.leaves);
        if (!Array.isArray(g) || g.length !== diff.length)
          throw new GradError(
            `Custom VJP bwd of ${what} must return an array with one cotangent per differentiated argument (${diff.length}), got ${Array.isArray(g) ? `length ${g.length}` : typeof g}`,
          );
        // null stands for a zero cotangent; otherwise each entry has its argument's structure
        const full = g.map((c, i) => (c === null || c === undefined ? (flatten(diff[i])[0] as NDArray[]).map((l) => zerosFor(l.aval)) : flatten(c)[0]));
        const leaves = full.flat().map((c) => asArray(c as never));
        if (leaves.length !== avals.length) throw new GradError(`Custom VJP bwd of ${what} returned ${leaves.length} cotangent leaves for ${avals.length} argument leaves`);
        return leaves.flatMap((c, i) => {
          const a = avals[i]!;
          if (!shapesEqual(c.shape, a.shape))
            throw new GradError(`Custom VJP bwd of ${what}: cotangent leaf ${i} has shape ${fmtShape(c.shape)} but its argument has shape ${fmtShape(a.shape)}`);
          return isFloat(a.dtype) ? [fit(c, a)] : [];
        });
      },
      toJSON: () => `bwd rule of ${what}`,
    };
    const outs = bindMulti('custom_vjp_call', [...s.leaves, ...fun.consts], { fun: fun.program, fwd, bwd, nArgs: s.leaves.length });
    return unflatten(fun.outDef, outs);
  };
  const out = call as unknown as CustomVjpFunction<F>;
  out.defvjp = (fwd, bwd) => {
    if (typeof fwd !== 'function' || typeof bwd !== 'function') throw new GradError('defvjp expects (fwd, bwd) functions');
    rules = { fwd, bwd };
  };
  return out;
}
