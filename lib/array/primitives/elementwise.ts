/** Elementwise primitives: unary maps, equal-shape binary maps, select and convert. */
import { castScalar, DTYPES, isDType, isFloat, type DType } from '../dtype';
import type { AbstractValue, Buffer, PrimitiveSpec } from '../ir';
import { broadcastRows, broadcastScalar, contiguous, makeBuffer } from '../kernels';
import { COSTLY, elementwiseLoop, loopable, type Operand } from '../loops';
import { helperFunction, NEXTAFTER_ARGS } from '../special-scalars';
import { fmtShape, shapesEqual, ShapeError } from '../shape';

type Unary = (a: number) => number;
type Binary = (a: number, b: number) => number;

/** Which dtypes an op accepts. Float-only ops are promoted by `np`, not here (as in lax). */
type Kinds = 'float' | 'number' | 'int-or-bool' | 'any';
const accepts = (k: Kinds, d: DType): boolean =>
  k === 'any' ? true : k === 'float' ? isFloat(d) : k === 'number' ? d !== 'bool' : !isFloat(d);

function checkKind(name: string, k: Kinds, avals: readonly AbstractValue[]): void {
  avals.forEach((a, i) => {
    if (!accepts(k, a.dtype))
      throw new TypeError(`${name} does not accept dtype ${a.dtype} (argument ${i}); it takes ${k === 'int-or-bool' ? 'int or bool' : k} arrays`);
  });
}

/**
 * The scalar function each elementwise primitive applies, by input dtype: the kernels below loop
 * over it, and jit's fused loops call the very same functions (so fused results are bit-identical).
 */
export const scalarFns: Record<string, (dtype: DType, params: any) => (...xs: number[]) => number> = {};

/** `bool`: the op is a predicate (bool output, as is_finite). */
function unary(name: string, kind: Kinds, f: Unary, g?: Partial<Record<DType, Unary>>, bool = false): PrimitiveSpec {
  scalarFns[name] = (d) => g?.[d] ?? f;
  return {
    shape: ([a]) => {
      checkKind(name, kind, [a!]);
      return bool ? { shape: a!.shape, dtype: 'bool', weak: false } : a!;
    },
    /** Reads strided views: a broadcast scalar is computed once, anything else made contiguous. */
    impl: ([a0], _p, out) => {
      const fn = g?.[a0!.dtype] ?? f;
      const r = makeBuffer(out.dtype, out.shape);
      const sc = broadcastScalar(a0!);
      if (sc !== undefined) {
        r.data.fill(fn(sc));
        return r;
      }
      const x = contiguous(a0!).data, y = r.data, n = x.length;
      if (elementwiseLoop(name, a0!.dtype, out.dtype, [x], y)) return r;
      for (let i = 0; i < n; i++) y[i] = fn(x[i]!);
      return r;
    },
    views: true,
  };
}

/** Equal shapes and dtypes, as lax requires; np does the broadcasting and promotion. */
function sameShapes(name: string, avals: readonly AbstractValue[]): void {
  const [a, ...rest] = avals;
  for (const b of rest) {
    if (!shapesEqual(a!.shape, b.shape))
      throw new ShapeError(`${name} requires arguments of equal shapes, got ${avals.map((v) => fmtShape(v.shape)).join(' and ')}`);
    if (a!.dtype !== b.dtype)
      throw new TypeError(`${name} requires arguments of equal dtypes, got ${avals.map((v) => v.dtype).join(' and ')}`);
  }
}

/**
 * A binary operand as a loop reads it: a scalar, the block a view repeats (`x + bias`; not for
 * costly ops, whose loops are threaded over staged copies), or contiguous data.
 */
function operand(b: Buffer, scalar: number | undefined, costly: boolean): Operand {
  if (scalar !== undefined) return scalar;
  const rows = costly ? undefined : broadcastRows(b);
  return rows ? { rows } : contiguous(b).data;
}

/** `int`/`f32`: the scalar function for int32/float32 operands when it differs from `f`. */
function binary(name: string, kind: Kinds, f: Binary, opts: { bool?: boolean; int?: Binary; f32?: Binary } = {}): PrimitiveSpec {
  const byDtype = (d: DType): Binary => (opts.int && (d === 'int32' || d === 'uint32') ? opts.int : opts.f32 && d === 'float32' ? opts.f32 : f);
  scalarFns[name] = byDtype;
  return {
    shape: (avals) => {
      sameShapes(name, avals);
      checkKind(name, kind, avals);
      const [a, b] = avals;
      return opts.bool ? { shape: a!.shape, dtype: 'bool', weak: false } : { ...a!, weak: a!.weak && b!.weak };
    },
    /** A broadcast scalar operand (a stride-0 view, as np makes for `x * 2`) is read once, never copied. */
    impl: ([a0, b0], _p, out) => {
      const fn = byDtype(a0!.dtype);
      const r = makeBuffer(out.dtype, out.shape);
      const z = r.data, n = z.length;
      const sa = broadcastScalar(a0!), sb = broadcastScalar(b0!);
      if (loopable(name, a0!.dtype, n)) {
        const oa = operand(a0!, sa, COSTLY.has(name));
        let ob = operand(b0!, sb, COSTLY.has(name));
        // one loop steps one block index: blocks of two lengths cannot share it
        if (typeof oa === 'object' && 'rows' in oa && typeof ob === 'object' && 'rows' in ob && oa.rows.length !== ob.rows.length) ob = contiguous(b0!).data;
        if (elementwiseLoop(name, a0!.dtype, out.dtype, [oa, ob], z)) return r;
      }
      if (sb !== undefined && sa === undefined) {
        const x = contiguous(a0!).data;
        for (let i = 0; i < n; i++) z[i] = fn(x[i]!, sb);
      } else if (sa !== undefined && sb === undefined) {
        const y = contiguous(b0!).data;
        for (let i = 0; i < n; i++) z[i] = fn(sa, y[i]!);
      } else {
        const x = contiguous(a0!).data, y = contiguous(b0!).data;
        for (let i = 0; i < n; i++) z[i] = fn(x[i]!, y[i]!);
      }
      return r;
    },
    views: true,
  };
}

/** Round half away from zero (lax.round's default) or half to even (numpy's). */
const roundAway: Unary = (a) => (a < 0 ? -Math.round(-a) : Math.round(a));
const roundEven: Unary = (a) => {
  const r = Math.round(a);
  return Math.abs(a % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};
const log1p: Unary = Math.log1p;
/** IEEE 754 pow: pow(1, y) = 1 and pow(-1, ±inf) = 1 even for NaN y, where JS's Math.pow gives NaN. */
const ieeePow: Binary = (a, b) => (a === 1 || (a === -1 && (b === Infinity || b === -Infinity)) ? 1 : Math.pow(a, b));

/** The special functions, compiled from the very source text the generated loops inline. */
const special = (expr: string): Unary => helperFunction(['a'], expr);
const nextafter = (d: 'float32' | 'float64'): Binary => helperFunction(['a', 'b'], `$nextafter(a, b, ${NEXTAFTER_ARGS[d]})`);

export interface RoundParams { readonly method: 'awayFromZero' | 'toEven' }
scalarFns['round'] = (_d, p: RoundParams) => (p.method === 'toEven' ? roundEven : roundAway);
scalarFns['select'] = () => (c, x, y) => (c ? x! : y!);
scalarFns['convert'] = (d, p: { dtype: DType }) => (a) => castScalar(a, p.dtype, d);
export interface ConvertParams { readonly dtype: DType; readonly weak?: boolean }

export const elementwiseRules = {
  neg: unary('neg', 'number', (a) => -a),
  exp: unary('exp', 'float', Math.exp),
  log: unary('log', 'float', Math.log),
  log1p: unary('log1p', 'float', log1p),
  expm1: unary('expm1', 'float', Math.expm1),
  sin: unary('sin', 'float', Math.sin),
  cos: unary('cos', 'float', Math.cos),
  tan: unary('tan', 'float', Math.tan),
  tanh: unary('tanh', 'float', Math.tanh),
  logistic: unary('logistic', 'float', (a) => 1 / (1 + Math.exp(-a))),
  sqrt: unary('sqrt', 'float', Math.sqrt),
  rsqrt: unary('rsqrt', 'float', (a) => 1 / Math.sqrt(a)),
  abs: unary('abs', 'number', Math.abs),
  sign: unary('sign', 'number', (a) => (Number.isNaN(a) ? NaN : a > 0 ? 1 : a < 0 ? -1 : a)),
  asin: unary('asin', 'float', Math.asin),
  acos: unary('acos', 'float', Math.acos),
  atan: unary('atan', 'float', Math.atan),
  sinh: unary('sinh', 'float', Math.sinh),
  cosh: unary('cosh', 'float', Math.cosh),
  asinh: unary('asinh', 'float', Math.asinh),
  acosh: unary('acosh', 'float', Math.acosh),
  atanh: unary('atanh', 'float', Math.atanh),
  erf: unary('erf', 'float', special('$erf(a)')),
  erfc: unary('erfc', 'float', special('$erfc(a)')),
  erf_inv: unary('erf_inv', 'float', special('$erfInv(a)')),
  lgamma: unary('lgamma', 'float', special('$lgamma(a)')),
  digamma: unary('digamma', 'float', special('$digamma(a)')),
  is_finite: unary('is_finite', 'float', (a) => (a - a === 0 ? 1 : 0), undefined, true),
  floor: unary('floor', 'float', Math.floor),
  ceil: unary('ceil', 'float', Math.ceil),
  round: {
    shape: ([a]: readonly AbstractValue[]) => {
      checkKind('round', 'float', [a!]);
      return a!;
    },
    impl: ([a]: readonly Buffer[], p: RoundParams, out: AbstractValue) => {
      const fn = p.method === 'toEven' ? roundEven : roundAway;
      const r = makeBuffer(out.dtype, out.shape);
      for (let i = 0; i < a!.data.length; i++) r.data[i] = fn(a!.data[i]!);
      return r;
    },
  } satisfies PrimitiveSpec<RoundParams>,
  not: unary('not', 'int-or-bool', (a) => ~a, { bool: (a) => (a ? 0 : 1) }),
  add: binary('add', 'number', (a, b) => a + b),
  sub: binary('sub', 'number', (a, b) => a - b),
  mul: binary('mul', 'number', (a, b) => a * b, { int: Math.imul }),
  div: binary('div', 'number', (a, b) => a / b, { int: (a, b) => (b === 0 ? 0 : Math.trunc(a / b)) }),
  rem: binary('rem', 'number', (a, b) => a % b, { int: (a, b) => (b === 0 ? 0 : a % b) }),
  pow: binary('pow', 'number', ieeePow),
  max: binary('max', 'any', Math.max),
  min: binary('min', 'any', Math.min),
  atan2: binary('atan2', 'float', Math.atan2),
  nextafter: binary('nextafter', 'float', nextafter('float64'), { f32: nextafter('float32') }),
  eq: binary('eq', 'any', (a, b) => (a === b ? 1 : 0), { bool: true }),
  ne: binary('ne', 'any', (a, b) => (a !== b ? 1 : 0), { bool: true }),
  lt: binary('lt', 'any', (a, b) => (a < b ? 1 : 0), { bool: true }),
  le: binary('le', 'any', (a, b) => (a <= b ? 1 : 0), { bool: true }),
  gt: binary('gt', 'any', (a, b) => (a > b ? 1 : 0), { bool: true }),
  ge: binary('ge', 'any', (a, b) => (a >= b ? 1 : 0), { bool: true }),
  and: binary('and', 'int-or-bool', (a, b) => a & b),
  or: binary('or', 'int-or-bool', (a, b) => a | b),
  xor: binary('xor', 'int-or-bool', (a, b) => a ^ b),
  select: {
    shape: ([pred, t, f]: readonly AbstractValue[]) => {
      if (pred!.dtype !== 'bool') throw new TypeError(`select requires a bool predicate, got ${pred!.dtype}`);
      if (!shapesEqual(pred!.shape, t!.shape))
        throw new ShapeError(`select requires the predicate's shape ${fmtShape(pred!.shape)} to equal the cases' ${fmtShape(t!.shape)}`);
      sameShapes('select', [t!, f!]);
      return { ...t!, weak: t!.weak && f!.weak };
    },
    impl: ([pred, t, f]: readonly Buffer[], _p: unknown, out: AbstractValue) => {
      const r = makeBuffer(out.dtype, out.shape);
      const c = pred!.data, x = t!.data, y = f!.data;
      for (let i = 0; i < c.length; i++) r.data[i] = c[i] ? x[i]! : y[i]!;
      return r;
    },
  } satisfies PrimitiveSpec<unknown>,
  convert: {
    shape: ([a]: readonly AbstractValue[], p: ConvertParams) => {
      if (!isDType(p.dtype)) throw new TypeError(`convert_element_type: dtype must be one of ${DTYPES.join(', ')}, got ${String(p.dtype)}`);
      return { shape: a!.shape, dtype: p.dtype, weak: p.weak ?? false };
    },
    impl: ([a]: readonly Buffer[], p: ConvertParams, out: AbstractValue) => {
      if (a!.dtype === p.dtype) return a!;
      const r = makeBuffer(out.dtype, out.shape);
      for (let i = 0; i < a!.data.length; i++) r.data[i] = castScalar(a!.data[i]!, p.dtype, a!.dtype);
      return r;
    },
  } satisfies PrimitiveSpec<ConvertParams>,
};

export const UNARY_PRIMS = [
  'neg', 'exp', 'log', 'log1p', 'expm1', 'sin', 'cos', 'tan', 'tanh', 'logistic', 'sqrt', 'rsqrt',
  'abs', 'sign', 'floor', 'ceil', 'round', 'not', 'convert', 'asin', 'acos', 'atan', 'sinh', 'cosh',
  'asinh', 'acosh', 'atanh', 'erf', 'erfc', 'erf_inv', 'lgamma', 'digamma', 'is_finite',
] as const;
export const BINARY_PRIMS = [
  'add', 'sub', 'mul', 'div', 'rem', 'pow', 'max', 'min', 'atan2', 'eq', 'ne', 'lt', 'le', 'gt',
  'ge', 'and', 'or', 'xor', 'nextafter',
] as const;
