/** The user-facing differentiation API: jvp, vjp, grad, valueAndGrad, jacfwd, jacrev, hessian. */
import { eye } from '../array/create';
import { bind, constant, type NDArray } from '../array/ndarray';
import { unflatten, type TreeDef } from '../pytree';
import { checkFunction, GradError, matchLeaves, pullBack, pushForward, traceCall, type Trace } from './autodiff';
import { vmap } from './vmap';

type Fn = (...args: any[]) => any;

/** Splits a flat list into consecutive runs, one per treedef, and rebuilds each tree. */
function regroup(defs: readonly TreeDef[], flat: readonly unknown[]): unknown[] {
  let at = 0;
  return defs.map((d) => {
    const part = flat.slice(at, at + d.numLeaves);
    at += d.numLeaves;
    return unflatten(d, part);
  });
}

const argnumList = (argnums: number | readonly number[]) => (typeof argnums === 'number' ? [argnums] : [...argnums]);

/**
 * Forward mode: `[f(...primals), tangent of f along tangents]`. Primals and tangents are lists of
 * the positional arguments (pytrees of float arrays).
 * @example jvp((x) => np.sin(x), [np.array(0)], [np.array(1)]) // [0, 1]
 */
export function jvp(f: Fn, primals: readonly unknown[], tangents: readonly unknown[]): [any, any] {
  if (primals.length !== tangents.length) throw new GradError(`jvp: ${primals.length} primals but ${tangents.length} tangents`);
  const t = traceCall(f, primals, primals.map((_, i) => i), 'jvp');
  const ts = matchLeaves(t.inputs, tangents, 'jvp tangents');
  return [t.out, unflatten(t.outDef, pushForward(t, ts))];
}

/**
 * Reverse mode: `[f(...primals), vjpFn]` where `vjpFn(cotangent)` returns one cotangent per
 * primal argument, with the arguments' structure.
 */
export function vjp(f: Fn, ...primals: unknown[]): [any, (ct: unknown) => any[]] {
  const t = traceCall(f, primals, primals.map((_, i) => i), 'vjp');
  return [t.out, (ct: unknown) => regroup(t.inputDefs, pullBack(t, matchLeaves(t.outLeaves, ct, 'vjp cotangent')))];
}

export interface GradOptions {
  /** Which positional argument(s) to differentiate with respect to (default 0). */
  readonly argnums?: number | readonly number[];
  /** f returns [loss, aux]; aux is passed through unchanged. */
  readonly hasAux?: boolean;
}

function lossOf(t: Trace, hasAux: boolean): { loss: NDArray; aux: unknown } {
  let loss: unknown = t.out, aux: unknown;
  if (hasAux) {
    if (!Array.isArray(t.out) || t.out.length !== 2) throw new GradError('grad with hasAux: f must return [loss, aux]');
    [loss, aux] = t.out as [unknown, unknown];
  }
  const l = t.outLeaves[0];
  if (!l || (!hasAux && t.outLeaves.length !== 1) || l.ndim !== 0 || !['float32', 'float64'].includes(l.dtype))
    throw new GradError(
      `grad requires a scalar float output, got ${l ? `${l.dtype} of shape (${l.shape.join(', ')})` : 'no array'}${hasAux ? '' : ' (use vjp or jacrev for non-scalar outputs)'}`,
    );
  return { loss: loss as NDArray, aux };
}

/** `[f(...args), gradient]` (and aux with hasAux: `[[loss, aux], gradient]`). */
export function valueAndGrad(f: Fn, opts: GradOptions = {}) {
  checkFunction(f, 'grad');
  const nums = argnumList(opts.argnums ?? 0);
  return (...args: unknown[]): [any, any] => {
    const t = traceCall(f, args, nums, 'grad');
    const { loss, aux } = lossOf(t, opts.hasAux ?? false);
    // seed the loss with 1 and any aux outputs with 0
    const cts = t.outLeaves.map((o, i) => fill(i === 0 ? 1 : 0, o));
    const grads = regroup(t.inputDefs, pullBack(t, cts));
    const g = typeof opts.argnums === 'object' ? grads : grads[0];
    return [opts.hasAux ? [loss, aux] : loss, g];
  };
}

const fill = (v: number, x: NDArray): NDArray => constant(v, x.dtype, x.shape);

/**
 * The gradient of a scalar function: same structure as the differentiated argument(s).
 * @example grad((x) => np.sum(np.square(x)))(np.array([1, 2])) // [2, 4]
 */
export function grad(f: Fn, opts: GradOptions = {}) {
  const vg = valueAndGrad(f, opts);
  return (...args: unknown[]): any => {
    const [value, g] = vg(...args);
    return opts.hasAux ? [g, (value as [unknown, unknown])[1]] : g;
  };
}

export interface JacOptions {
  readonly argnums?: number;
}

/** Rows of an identity, split and reshaped into leaves of the given shapes. */
function basisLeaves(row: NDArray, shapes: readonly (readonly number[])[], dtypes: readonly string[]): NDArray[] {
  let at = 0;
  return shapes.map((s, i) => {
    const n = s.reduce((a, b) => a * b, 1);
    const piece = bind('slice', [row], { start: [at], limit: [at + n], strides: [1] });
    at += n;
    const shaped = bind('reshape', [piece], { newSizes: s });
    return shaped.dtype === dtypes[i] ? shaped : bind('convert', [shaped], { dtype: dtypes[i] });
  });
}

/** Moves the basis axis (0) of `j` to the end and unfolds it into `shape`. */
function basisLast(j: NDArray, shape: readonly number[]): NDArray {
  const nd = j.ndim;
  const moved = bind('transpose', [j], { permutation: [...Array(nd).keys()].slice(1).concat([0]) });
  return bind('reshape', [moved], { newSizes: [...j.shape.slice(1), ...shape] });
}

/** The Jacobian by forward mode: vmap of jvp over the identity. Result: out structure of in structure. */
export function jacfwd(f: Fn, opts: JacOptions = {}) {
  checkFunction(f, 'jacfwd');
  const k = opts.argnums ?? 0;
  return (...args: unknown[]): any => {
    const t = traceCall(f, args, [k], 'jacfwd');
    const shapes = t.inputs.map((x) => x.shape), dtypes = t.inputs.map((x) => x.dtype);
    const n = shapes.reduce((a, s) => a + s.reduce((p, q) => p * q, 1), 0);
    const push = (row: NDArray) => pushForward(t, basisLeaves(row, shapes, dtypes));
    const cols = vmap(push)(eye(n, n, 0, dtypes[0] as 'float64')) as NDArray[];
    return assemble(t, cols.map((c) => splitBasis(c, shapes)), 'fwd');
  };
}

/** The Jacobian by reverse mode: vmap of vjp over the identity. */
export function jacrev(f: Fn, opts: JacOptions = {}) {
  checkFunction(f, 'jacrev');
  const k = opts.argnums ?? 0;
  return (...args: unknown[]): any => {
    const t = traceCall(f, args, [k], 'jacrev');
    const shapes = t.outLeaves.map((o) => o.shape), dtypes = t.outLeaves.map((o) => o.dtype);
    const m = shapes.reduce((a, s) => a + s.reduce((p, q) => p * q, 1), 0);
    const pull = (row: NDArray) => pullBack(t, basisLeaves(row, shapes, dtypes));
    const rows = vmap(pull)(eye(m, m, 0, (dtypes[0] ?? 'float64') as 'float64')) as NDArray[]; // per input leaf: [m, ...in]
    // rows[j] has the basis over all outputs first: split it per output leaf
    const perOut = t.outLeaves.map((o, oi) => t.inputs.map((x, j) => {
      const start = shapes.slice(0, oi).reduce((a, s) => a + s.reduce((p, q) => p * q, 1), 0);
      const len = o.size;
      const block = bind('slice', [rows[j]!], { start: [start, ...x.shape.map(() => 0)], limit: [start + len, ...x.shape], strides: [1, ...x.shape.map(() => 1)] });
      return bind('reshape', [block], { newSizes: [...o.shape, ...x.shape] });
    }));
    return assemble(t, perOut, 'rev');
  };
}

/** Splits the trailing basis axis of a forward-mode column block into one block per input leaf. */
function splitBasis(col: NDArray, shapes: readonly (readonly number[])[]): NDArray[] {
  const out = basisLast(col, [shapes.reduce((a, s) => a + s.reduce((p, q) => p * q, 1), 0)]);
  let at = 0;
  return shapes.map((s) => {
    const n = s.reduce((a, b) => a * b, 1);
    const lead = out.shape.slice(0, -1);
    const block = bind('slice', [out], { start: [...lead.map(() => 0), at], limit: [...lead, at + n], strides: [...lead.map(() => 1), 1] });
    at += n;
    return bind('reshape', [block], { newSizes: [...lead, ...s] });
  });
}

/** Builds the result tree: for each output leaf, the differentiated argument's tree of blocks. */
function assemble(t: Trace, blocks: NDArray[][], _mode: 'fwd' | 'rev'): unknown {
  const def = t.inputDefs[0]!;
  return unflatten(t.outDef, blocks.map((perIn) => unflatten(def, perIn)));
}

/** The Hessian: jacfwd of jacrev. */
export const hessian = (f: Fn, opts: JacOptions = {}) => jacfwd(jacrev(f, opts), opts);
