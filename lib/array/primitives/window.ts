/**
 * Windowed reductions (XLA's ReduceWindow with a monoid) and the two primitives their derivatives
 * need, as JAX has them: reduce_window_sum, reduce_window_max, reduce_window_min,
 * select_and_gather_add (the tangent at each window's selected element) and select_and_scatter_add
 * (its transpose: each window's cotangent added at its selected element).
 */
import type { DType, TypedArray } from '../dtype';
import type { AbstractValue, Buffer, PrimitiveSpec } from '../ir';
import { makeBuffer } from '../kernels';
import { castExpr, compiled } from '../loops';
import { fmtShape, ShapeError, sizeOf, stridesOf, type Shape } from '../shape';

/** The window of every dimension: size, stride, (lo, hi) padding, base (lhs) and window (rhs) dilation. */
export interface WindowParams {
  readonly windowDimensions: readonly number[];
  readonly windowStrides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly baseDilation: readonly number[];
  readonly windowDilation: readonly number[];
}

/** `ge`: each window selects its first maximal element (max pooling), `le` its first minimal one. */
export interface SelectParams extends WindowParams {
  readonly select: 'ge' | 'le';
}

/** Size of a dimension of `n` elements with `k - 1` holes between neighbours (XLA's dilation). */
export const dilateDim = (n: number, k: number): number => (n === 0 ? 0 : 1 + k * (n - 1));

const positive = (v: number) => Number.isInteger(v) && v > 0;

/** Validates the window against an operand of `shape`; every message names the parameter and the shapes. */
export function checkWindow(name: string, shape: Shape, p: WindowParams): void {
  const nd = shape.length;
  const perDim = [
    ['windowDimensions', p.windowDimensions],
    ['windowStrides', p.windowStrides],
    ['baseDilation', p.baseDilation],
    ['windowDilation', p.windowDilation],
  ] as const;
  for (const [what, v] of perDim) {
    if (!Array.isArray(v) || v.length !== nd)
      throw new ShapeError(
        `${name}: ${what} ${Array.isArray(v) ? fmtShape(v) : String(v)} must have one entry per operand dimension (operand shape ${fmtShape(shape)}, rank ${nd})`,
      );
    const bad = v.findIndex((x) => !positive(x));
    if (bad >= 0)
      throw new ShapeError(
        `${name}: ${what} ${fmtShape(v)} must be positive integers, got ${v[bad]} at axis ${bad} (operand shape ${fmtShape(shape)})`,
      );
  }
  if (!Array.isArray(p.padding) || p.padding.length !== nd)
    throw new ShapeError(
      `${name}: padding ${JSON.stringify(p.padding)} must have one (lo, hi) pair per operand dimension (operand shape ${fmtShape(shape)}, rank ${nd})`,
    );
  p.padding.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((x) => Number.isInteger(x) && x >= 0))
      throw new ShapeError(
        `${name}: padding ${JSON.stringify(pair)} at axis ${i} must be a pair of non-negative integers (operand shape ${fmtShape(shape)})`,
      );
  });
}

/** The output shape: (padded, base-dilated size - dilated window) / stride + 1 per dimension, at least 0. */
export function windowOutShape(shape: Shape, p: WindowParams): number[] {
  return shape.map((n, i) => {
    const padded = dilateDim(n, p.baseDilation[i]!) + p.padding[i]![0] + p.padding[i]![1];
    const w = dilateDim(p.windowDimensions[i]!, p.windowDilation[i]!);
    return padded < w ? 0 : Math.floor((padded - w) / p.windowStrides[i]!) + 1;
  });
}

/**
 * The loop plan shared by every kernel here: trailing dimensions the window leaves alone (size 1,
 * stride 1, no padding or dilation) form a contiguous `inner` block handled as a vector; for each
 * other dimension d, `table[d][o * w + k]` is the input index window position k of output o
 * reads, or -1 where it falls in padding or a dilation hole.
 */
interface Plan {
  readonly outer: number[];
  readonly window: number[];
  readonly tables: Int32Array[];
  readonly strides: number[];
  readonly inner: number;
}

function plan(shape: Shape, p: WindowParams): Plan {
  const out = windowOutShape(shape, p);
  let m = shape.length;
  const trivial = (d: number) =>
    p.windowDimensions[d] === 1 && p.windowStrides[d] === 1 && p.baseDilation[d] === 1 && p.padding[d]![0] === 0 && p.padding[d]![1] === 0;
  while (m > 0 && trivial(m - 1)) m--;
  const strides = stridesOf(shape).slice(0, m);
  const tables = out.slice(0, m).map((o, d) => {
    const w = p.windowDimensions[d]!,
      s = p.windowStrides[d]!,
      bd = p.baseDilation[d]!,
      wd = p.windowDilation[d]!;
    const lo = p.padding[d]![0],
      extent = dilateDim(shape[d]!, bd);
    const t = new Int32Array(o * w);
    for (let i = 0; i < o; i++)
      for (let k = 0; k < w; k++) {
        const pos = i * s + k * wd - lo;
        t[i * w + k] = pos < 0 || pos >= extent || pos % bd !== 0 ? -1 : pos / bd;
      }
    return t;
  });
  return { outer: out.slice(0, m), window: p.windowDimensions.slice(0, m), tables, strides, inner: sizeOf(shape.slice(m)) };
}

/**
 * The source of one kernel: nested loops over the outer output dimensions, then over the window in
 * row-major order (skipping padding and holes), `visit` run per in-range element with `b` its
 * offset in the operand; `begin`/`end` run per output position (`yo` its offset, `inner` wide).
 */
function windowSource(name: string, m: number, vars: string, begin: string, visit: string, end: string): string {
  const dims = [...Array(m).keys()];
  const head = dims.map((d) => `const os${d} = os[${d}], ws${d} = ws[${d}], t${d} = t[${d}], s${d} = st[${d}];`).join('\n');
  const outer = dims.map((d) => `for (let o${d} = 0; o${d} < os${d}; o${d}++)`).join('\n');
  const win = dims
    .map(
      (d) =>
        `for (let k${d} = 0; k${d} < ws${d}; k${d}++) { const i${d} = t${d}[o${d} * ws${d} + k${d}]; if (i${d} < 0) continue; const b${d + 1} = b${d} + i${d} * s${d};`,
    )
    .join('\n');
  return `return function ${name}(${vars}, os, ws, t, st, inner) {
${head}
let yo = 0;
${outer} {
${begin}
const b0 = 0;
${win}
{ const b = b${m}; ${visit} }
${dims.map(() => '}').join('')}
${end}
yo += inner;
}
};`;
}

type Reduce = (x: TypedArray, y: TypedArray, id: number, os: number[], ws: number[], t: Int32Array[], st: number[], inner: number) => void;

/** y[o] folds its window's in-range elements in row-major window order from the identity, in the dtype's precision. */
function reduceSource(name: string, d: DType, m: number, vector: boolean, op: (a: string, b: string) => string): string {
  if (!vector)
    return windowSource(`${name}_${d}_${m}`, m, 'x, y, id', 'let acc = id;', `acc = ${castExpr(op('acc', 'x[b]'), d)};`, 'y[yo] = acc;');
  // (stores into y round to the dtype, as the accumulator above does)
  return windowSource(
    `${name}_${d}_${m}_v`,
    m,
    'x, y, id',
    'for (let c = 0; c < inner; c++) y[yo + c] = id;',
    `for (let c = 0; c < inner; c++) y[yo + c] = ${op('y[yo + c]', 'x[b + c]')};`,
    '',
  );
}

const lowest = (d: DType) => (d === 'int32' ? -2147483648 : d === 'bool' || d === 'uint32' ? 0 : -Infinity);
const highest = (d: DType) => (d === 'int32' ? 2147483647 : d === 'bool' ? 1 : d === 'uint32' ? 4294967295 : Infinity);

function reducer(
  name: string,
  identity: (d: DType) => number,
  op: (a: string, b: string) => string,
  numeric: boolean,
): PrimitiveSpec<WindowParams> {
  return {
    shape: ([a], p) => {
      checkWindow(name, a!.shape, p);
      if (numeric && a!.dtype === 'bool') throw new TypeError(`${name} does not accept bool arrays; convert them first`);
      return { ...a!, shape: windowOutShape(a!.shape, p) };
    },
    impl: ([a], p, out) => {
      const r = makeBuffer(out.dtype, out.shape);
      if (r.data.length === 0) return r;
      const pl = plan(a!.shape, p);
      const f = compiled<Reduce>(reduceSource(name, a!.dtype, pl.outer.length, pl.inner > 1, op));
      f(a!.data, r.data, identity(a!.dtype), pl.outer, pl.window, pl.tables, pl.strides, pl.inner);
      return r;
    },
  };
}

/**
 * Selection (XLA's SelectAndScatter with `ge`/`le`, and JAX's select_and_gather_add): the first
 * in-range element of the window in row-major order that no later one beats strictly; a NaN beats
 * every number, so the first NaN is selected (as argmax picks it). Padding and holes are never
 * selected; a window of only padding selects nothing.
 */
const beats = (s: 'ge' | 'le', v: string, best: string) =>
  `(${v} ${s === 'ge' ? '>' : '<'} ${best} || (${v} !== ${v} && ${best} === ${best}))`;

type Select = (
  src: TypedArray,
  x: TypedArray,
  y: TypedArray,
  bv: Float64Array,
  sel: Int32Array,
  os: number[],
  ws: number[],
  t: Int32Array[],
  st: number[],
  inner: number,
) => void;

/** gather: y[o] = src[selected of window o] (0 if none); scatter: y[selected of window o] += src[o]. */
function selectSource(kind: 'gather' | 'scatter', s: 'ge' | 'le', d: DType, m: number, vector: boolean): string {
  const done = (sel: string, o: string) =>
    kind === 'gather' ? `y[${o}] = ${sel} < 0 ? 0 : src[${sel}];` : `if (${sel} >= 0) y[${sel}] += src[${o}];`;
  if (!vector)
    return windowSource(
      `select_${kind}_${s}_${d}_${m}`, // one kernel per dtype: monomorphic element loads
      m,
      'src, x, y, bv, sel',
      'let best = 0, at = -1;',
      `const v = x[b]; if (at < 0 || ${beats(s, 'v', 'best')}) { best = v; at = b; }`,
      done('at', 'yo'),
    );
  // the first in-range element seeds every lane (no per-lane "none yet" test); a window with none
  // leaves its outputs as allocated (gather: 0; scatter: nothing added)
  const pick = kind === 'gather' ? 'y[yo + c] = src[sel[c]];' : 'y[sel[c]] += src[yo + c];';
  return windowSource(
    `select_${kind}_${s}_${d}_${m}_v`,
    m,
    'src, x, y, bv, sel',
    'let seen = false;',
    `if (!seen) { seen = true; for (let c = 0; c < inner; c++) { bv[c] = x[b + c]; sel[c] = b + c; } }
else for (let c = 0; c < inner; c++) { const v = x[b + c]; if (${beats(s, 'v', 'bv[c]')}) { bv[c] = v; sel[c] = b + c; } }`,
    `if (seen) for (let c = 0; c < inner; c++) ${pick}`,
  );
}

function runSelect(kind: 'gather' | 'scatter', src: Buffer, x: Buffer, p: SelectParams, out: AbstractValue): Buffer {
  const r = makeBuffer(out.dtype, out.shape);
  if (r.data.length === 0 || src.data.length === 0) return r;
  const pl = plan(x.shape, p);
  const f = compiled<Select>(selectSource(kind, p.select, x.dtype, pl.outer.length, pl.inner > 1));
  f(src.data, x.data, r.data, new Float64Array(pl.inner), new Int32Array(pl.inner), pl.outer, pl.window, pl.tables, pl.strides, pl.inner);
  return r;
}

function checkSelect(name: string, x: AbstractValue, p: SelectParams): void {
  checkWindow(name, x.shape, p);
  if (p.select !== 'ge' && p.select !== 'le') throw new TypeError(`${name}: select must be 'ge' or 'le', got ${String(p.select)}`);
}

export const windowRules = {
  reduce_window_sum: reducer(
    'reduce_window_sum',
    () => 0,
    (a, b) => `${a} + ${b}`,
    true,
  ),
  reduce_window_max: reducer('reduce_window_max', lowest, (a, b) => `Math.max(${a}, ${b})`, false),
  reduce_window_min: reducer('reduce_window_min', highest, (a, b) => `Math.min(${a}, ${b})`, false),
  /** (tangent, operand) -> window-output shape: the tangent at each window's selected operand element. */
  select_and_gather_add: {
    shape: ([t, x], p) => {
      checkSelect('select_and_gather_add', x!, p);
      if (t!.dtype !== x!.dtype || t!.shape.join() !== x!.shape.join())
        throw new ShapeError(
          `select_and_gather_add: tangent ${t!.dtype}${fmtShape(t!.shape)} must match the operand ${x!.dtype}${fmtShape(x!.shape)}`,
        );
      return { shape: windowOutShape(x!.shape, p), dtype: t!.dtype, weak: t!.weak };
    },
    impl: ([t, x], p, out) => runSelect('gather', t!, x!, p, out),
  } satisfies PrimitiveSpec<SelectParams>,
  /** (source, operand) -> operand shape: each window's source value added at its selected element. */
  select_and_scatter_add: {
    shape: ([s, x], p) => {
      checkSelect('select_and_scatter_add', x!, p);
      const o = windowOutShape(x!.shape, p);
      if (s!.dtype !== x!.dtype || s!.shape.join() !== o.join())
        throw new ShapeError(
          `select_and_scatter_add: source ${s!.dtype}${fmtShape(s!.shape)} must be the window output of the operand, ${x!.dtype}${fmtShape(o)}`,
        );
      return { shape: x!.shape, dtype: s!.dtype, weak: s!.weak };
    },
    impl: ([s, x], p, out) => runSelect('scatter', s!, x!, p, out),
  } satisfies PrimitiveSpec<SelectParams>,
};
