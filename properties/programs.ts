/**
 * Random small programs over the primitive set, for the transform laws (jit, grad, vmap and their
 * pairs). A program is a list of ops applied to 1–2 input arrays of random small shapes; every op
 * reads earlier values (the inputs or earlier op results) and the program returns the last value.
 *
 * Generation follows the style of ./lax-cases: fast-check draws shape-independent "seeds" (an op
 * kind, operand selectors and a pool of small integers) and `resolve` turns them into legal ops,
 * deterministically, against the shapes and dtypes the earlier ops produced. The kind indexes the
 * ops that fit the operand (no concatenate of a 0-d value, no exp of an int32...), so every seed
 * list is a legal program and shrinking (towards kind 0, the most recent operand, small pool
 * values, fewer ops) keeps it legal.
 *
 * Three flavours:
 * - 'any': every op of the table over float32, float64 and int32 values (NaN, ±Infinity and -0
 *   among the input values), including non-smooth ops (floor, sort, max, select, convert...), for
 *   the bit-exact laws (jit, vmap and their pairs, vmap of grad...);
 * - 'elementwise': only unary/binary/scalar elementwise ops, select and convert, so that jit fuses
 *   long chains into single generated loops;
 * - 'smooth': float64 inputs in [-1, 1] and ops that are differentiable everywhere on the values
 *   the program can reach (exp of a bounded value, log1p(x^2), sqrt(1 + x^2), x / (1 + y^2), sums,
 *   dot_general, logsumexp, softmax, shape ops...; no sort, max, abs, floor), with a static
 *   magnitude bound per value: when an op's bound exceeds BOUND_LIMIT its result is rescaled by an
 *   exact power of two. Values then stay O(1), so central finite differences with h = 1e-6 are
 *   accurate to ~1e-8 (FD_RTOL in ./ad-laws.ts explains the tolerance).
 */
import fc from 'fast-check';
import { array } from '../lib/array/create';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import * as laxSpecial from '../lib/lax/special';
import { np } from '../lib/numpy';
import { dimArb, pick, valueArb, type ValueMode } from './arbitraries';
import { layerTemplates } from './layer-templates';
import { isFloat, range, sizeOf, type Ctx as KitCtx, type Made, type Val } from './template-kit';
import type { LawCase } from './laws';

export type ProgramMode = 'any' | 'elementwise' | 'smooth';

export interface ProgramOptions {
  readonly mode?: ProgramMode;
  /** Input dtypes to draw from (one per program); 'smooth' always uses float64. */
  readonly dtypes?: readonly DType[];
  /** Exclude convert (so every value keeps the input dtype): for grad of a float program. */
  readonly noConvert?: boolean;
  readonly minSteps?: number;
  readonly maxSteps?: number;
  /** At most this many inputs (1 or 2; default 2). */
  readonly maxInputs?: number;
  /** Whether a dimension may be 0 (default true). */
  readonly allowZero?: boolean;
  /** Ops left out, by the name their text starts with (e.g. 'cummax', to steer clear of a known bug). */
  readonly avoid?: readonly string[];
}

export interface Aval {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** A resolved op: text for reports, the operand value indices and the computation. */
export interface ProgramOp {
  readonly text: string;
  readonly args: readonly number[];
  readonly apply: (...xs: NDArray[]) => NDArray;
  readonly out: Aval;
}

export interface Program {
  readonly mode: ProgramMode;
  readonly inputs: readonly Aval[];
  readonly ops: readonly ProgramOp[];
  readonly out: Aval;
  /** Per-input element arbitraries (what the laws draw input values from). */
  readonly valueArbs: readonly fc.Arbitrary<number>[];
  /** The program as a function of its inputs (per-example NDArrays in, the last value out). */
  readonly fn: (...xs: NDArray[]) => NDArray;
}

/** One op seed: which kind, which operands, and a pool of small integers for its parameters. */
export interface Step {
  readonly kind: number;
  readonly a: number;
  readonly b: number;
  readonly p: readonly number[];
}

/** Values of a smooth program stay within this magnitude (larger results are rescaled). */
export const BOUND_LIMIT = 4;
const MAX_RANK = 4;
const MAX_SIZE = 96;

/** The kit's context (./template-kit.ts, which the spliced template modules see) plus the program's own flags. */
interface Ctx extends KitCtx {
  readonly noConvert: boolean;
}

type Template = { readonly name: string; readonly modes: readonly ProgramMode[]; readonly make: (c: Ctx) => Made | null };

const fmt = (s: readonly number[]): string => `(${s.join(',')})`;
const name = (i: number): string => `v${i}`;
/** A pool value as a small signed integer in [-k, k]. */
const signed = (v: number, k: number): number => pick(v, 2 * k + 1) - k;

const SCALARS = [0.5, -2, 3, -0.5, 1.5, -1, 2, 0.25];
const INT_SCALARS = [2, -1, 3, -3, 1, 5];
const scalarFor = (v: number, d: DType): number =>
  isFloat(d) ? SCALARS[pick(v, SCALARS.length)]! : INT_SCALARS[pick(v, INT_SCALARS.length)]!;

/** Whether `from` broadcasts to `to` (numpy rules: right-aligned, equal or 1; rank <= to's rank). */
const broadcastable = (from: readonly number[], to: readonly number[]): boolean =>
  from.length <= to.length && from.every((n, i) => n === to[to.length - from.length + i] || n === 1);

/** b broadcast (right-aligned, size-1 dims stretched) to `shape`. */
function broadcastTo(b: NDArray, shape: readonly number[]): NDArray {
  if (b.shape.length === shape.length && b.shape.every((n, i) => n === shape[i])) return b;
  const off = shape.length - b.ndim;
  const kept = range(b.ndim).filter((d) => b.shape[d] === shape[off + d]);
  const squeezed =
    kept.length === b.ndim
      ? b
      : lax.reshape(
          b,
          kept.map((d) => b.shape[d]!),
        );
  return lax.broadcastInDim(
    squeezed,
    shape,
    kept.map((d) => off + d),
  );
}

/** Candidate second operands for an elementwise binary op on vals[a]. */
function partners(c: Ctx): number[] {
  const x = c.vals[c.a]!;
  return range(c.vals.length).filter((i) => c.vals[i]!.dtype === x.dtype && broadcastable(c.vals[i]!.shape, x.shape));
}

const unary = (
  nm: string,
  modes: readonly ProgramMode[],
  ok: (d: DType) => boolean,
  f: (x: NDArray) => NDArray,
  bound: (b: number) => number,
): Template => ({
  name: nm,
  modes,
  make: (c) => (ok(c.vals[c.a]!.dtype) ? { text: `${nm}(${name(c.a)})`, args: [c.a], apply: f, bound: bound(c.vals[c.a]!.bound) } : null),
});

const binary = (
  nm: string,
  modes: readonly ProgramMode[],
  ok: (d: DType) => boolean,
  f: (x: NDArray, y: NDArray) => NDArray,
  bound: (a: number, b: number) => number,
): Template => ({
  name: nm,
  modes,
  make: (c) => {
    const x = c.vals[c.a]!;
    if (!ok(x.dtype)) return null;
    const cands = partners(c);
    const j = cands[pick(c.b, cands.length)]!;
    const y = c.vals[j]!;
    const bc = y.shape.length !== x.shape.length || y.shape.some((n, i) => n !== x.shape[i]);
    return {
      text: `${nm}(${name(c.a)}, ${bc ? `broadcast(${name(j)} -> ${fmt(x.shape)})` : name(j)})`,
      args: [c.a, j],
      apply: (a, b) => f(a, broadcastTo(b, a.shape)),
      bound: bound(x.bound, y.bound),
    };
  },
});

const ANY: readonly ProgramMode[] = ['any', 'elementwise'];
const ALL: readonly ProgramMode[] = ['any', 'elementwise', 'smooth'];
const STRUCT_ALL: readonly ProgramMode[] = ['any', 'smooth'];
const STRUCT_ANY: readonly ProgramMode[] = ['any'];
const float = isFloat;
const numeric = (d: DType) => d !== 'bool';
const int = (d: DType) => d === 'int32';

/** An axis of a rank >= 1 value, or null for 0-d. */
const axisOf = (x: Val, v: number): number | null => (x.shape.length === 0 ? null : pick(v, x.shape.length));

/** A subset of the axes of x from a pool value (bit mask). */
const axesFromBits = (x: Val, v: number): number[] => range(x.shape.length).filter((d) => ((v >> d) & 1) === 1);

/** Rescales to keep smooth values within BOUND_LIMIT: a power of two, so the scaling is exact. */
function rescale(m: Made, smooth: boolean): Made {
  if (!smooth || m.bound <= BOUND_LIMIT) return m;
  const k = Math.ceil(Math.log2(m.bound));
  const s = 2 ** -k;
  return { text: `${m.text} * 2^-${k}`, args: m.args, apply: (...xs) => lax.mul(m.apply(...xs), s), bound: m.bound * s };
}

const TEMPLATES: readonly Template[] = [
  // ---------------------------------------------------------------- elementwise unary
  unary('neg', ALL, numeric, lax.neg, (b) => b),
  unary('sin', ALL, float, lax.sin, () => 1),
  unary('tanh', ALL, float, lax.tanh, () => 1),
  unary('cos', ALL, float, lax.cos, () => 1),
  unary('logistic', ALL, float, lax.logistic, () => 1),
  {
    // raw exp where the operand is small enough; exp(tanh(x)) otherwise (smooth mode only)
    name: 'exp',
    modes: ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      if (!float(x.dtype)) return null;
      if (!c.smooth || x.bound <= 2) return { text: `exp(${name(c.a)})`, args: [c.a], apply: lax.exp, bound: Math.exp(x.bound) };
      return { text: `exp(tanh(${name(c.a)}))`, args: [c.a], apply: (v) => lax.exp(lax.tanh(v)), bound: Math.E };
    },
  },
  {
    name: 'log',
    modes: ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      if (!float(x.dtype)) return null;
      if (!c.smooth) return { text: `log(${name(c.a)})`, args: [c.a], apply: lax.log, bound: Infinity };
      return { text: `log1p(${name(c.a)}^2)`, args: [c.a], apply: (v) => lax.log1p(lax.mul(v, v)), bound: Math.log1p(x.bound * x.bound) };
    },
  },
  {
    name: 'sqrt',
    modes: ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      if (!float(x.dtype)) return null;
      if (!c.smooth) return { text: `sqrt(${name(c.a)})`, args: [c.a], apply: lax.sqrt, bound: Infinity };
      return {
        text: `sqrt(1 + ${name(c.a)}^2)`,
        args: [c.a],
        apply: (v) => lax.sqrt(lax.add(lax.mul(v, v), 1)),
        bound: Math.sqrt(1 + x.bound * x.bound),
      };
    },
  },
  unary('log1p', ANY, float, lax.log1p, () => Infinity),
  unary('expm1', ANY, float, lax.expm1, () => Infinity),
  unary('tan', ANY, float, lax.tan, () => Infinity),
  unary('rsqrt', ANY, float, lax.rsqrt, () => Infinity),
  unary('abs', ANY, numeric, lax.abs, (b) => b),
  unary('sign', ANY, numeric, lax.sign, () => 1),
  unary('floor', ANY, float, lax.floor, (b) => b + 1),
  unary(
    'round',
    ANY,
    float,
    (x) => lax.round(x, 'toEven'),
    (b) => b + 1,
  ),
  unary('not', ANY, int, lax.not, () => Infinity),
  // smooth everywhere and bounded: in every mode
  unary('atan', ALL, float, laxSpecial.atan, () => Math.PI / 2),
  unary('erf', ALL, float, laxSpecial.erf, () => 1),
  unary('asinh', ALL, float, laxSpecial.asinh, (b) => Math.asinh(b)),
  ...(['asin', 'acos', 'sinh', 'cosh', 'acosh', 'atanh', 'erfc', 'erfInv', 'lgamma', 'digamma'] as const).map((nm) =>
    unary(nm, ANY, float, laxSpecial[nm], () => Infinity),
  ),
  // ---------------------------------------------------------------- elementwise binary (broadcasting the partner)
  binary('add', ALL, numeric, lax.add, (a, b) => a + b),
  binary('mul', ALL, numeric, lax.mul, (a, b) => a * b),
  binary('sub', ALL, numeric, lax.sub, (a, b) => a + b),
  {
    name: 'div',
    modes: ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      if (!numeric(x.dtype)) return null;
      const cands = partners(c);
      const j = cands[pick(c.b, cands.length)]!;
      if (!c.smooth)
        return {
          text: `div(${name(c.a)}, ${name(j)})`,
          args: [c.a, j],
          apply: (a, b) => lax.div(a, broadcastTo(b, a.shape)),
          bound: Infinity,
        };
      return {
        text: `${name(c.a)} / (1 + ${name(j)}^2)`,
        args: [c.a, j],
        apply: (a, b) => {
          const bb = broadcastTo(b, a.shape);
          return lax.div(a, lax.add(lax.mul(bb, bb), 1));
        },
        bound: x.bound,
      };
    },
  },
  binary('max', ANY, numeric, lax.max, (a, b) => Math.max(a, b)),
  binary('min', ANY, numeric, lax.min, (a, b) => Math.max(a, b)),
  binary('pow', ANY, numeric, lax.pow, () => Infinity),
  binary('rem', ANY, numeric, lax.rem, (a) => a),
  binary('atan2', ANY, float, lax.atan2, () => 4),
  binary('nextafter', ANY, float, laxSpecial.nextafter, (a) => a),
  binary('and', ANY, int, lax.and, () => Infinity),
  binary('xor', ANY, int, lax.xor, () => Infinity),
  {
    name: 'select',
    modes: ANY,
    make: (c) => {
      const x = c.vals[c.a]!;
      if (!numeric(x.dtype)) return null;
      const cands = partners(c);
      const j = cands[pick(c.b, cands.length)]!;
      return {
        text: `select(${name(c.a)} > ${name(j)}, ${name(c.a)}, -${name(j)})`,
        args: [c.a, j],
        apply: (a, b) => {
          const bb = broadcastTo(b, a.shape);
          return lax.select(lax.gt(a, bb), a, lax.neg(bb));
        },
        bound: Math.max(x.bound, c.vals[j]!.bound),
      };
    },
  },
  // ---------------------------------------------------------------- with a weak scalar
  {
    name: 'scalar',
    modes: ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      if (!numeric(x.dtype)) return null;
      const s = scalarFor(c.p[0]!, x.dtype);
      const op = pick(c.p[1]!, c.smooth ? 2 : 4);
      const nm = ['add', 'mul', 'sub', 'max'][op]!;
      const f = [lax.add, lax.mul, lax.sub, lax.max][op]!;
      const bound = op === 1 ? x.bound * Math.abs(s) : x.bound + Math.abs(s);
      return { text: `${nm}(${name(c.a)}, ${s})`, args: [c.a], apply: (v) => f(v, s), bound };
    },
  },
  {
    name: 'convert',
    modes: ANY,
    make: (c) => {
      if (c.noConvert) return null;
      const x = c.vals[c.a]!;
      const to = (['float32', 'float64', 'int32'] as DType[]).filter((d) => d !== x.dtype)[pick(c.p[0]!, 2)]!;
      return { text: `convert(${name(c.a)}, ${to})`, args: [c.a], apply: (v) => lax.convertElementType(v, to), bound: Infinity };
    },
  },
  // ---------------------------------------------------------------- reductions
  {
    // sum over a subset of axes; with keepdims the reduced axes come back as 1s (a reshape)
    name: 'reduceSum',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      const axes = axesFromBits(x, c.p[0]!);
      const keep = pick(c.p[1]!, 2) === 1;
      const kept = x.shape.map((n, d) => (axes.includes(d) ? 1 : n));
      const count = sizeOf(axes.map((d) => x.shape[d]!));
      return {
        text: `sum(${name(c.a)}, axes [${axes.join(',')}]${keep ? ', keepdims' : ''})`,
        args: [c.a],
        apply: (v) => (keep ? lax.reshape(lax.reduceSum(v, axes), kept) : lax.reduceSum(v, axes)),
        bound: x.bound * Math.max(1, count),
      };
    },
  },
  {
    // x - broadcast(sum(x, axes)): keepdims-style reduction broadcast back
    name: 'centre',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      if (!numeric(x.dtype)) return null;
      const axes = axesFromBits(x, c.p[0]!);
      const keptDims = range(x.shape.length).filter((d) => !axes.includes(d));
      const count = sizeOf(axes.map((d) => x.shape[d]!));
      return {
        text: `${name(c.a)} - broadcast(sum(${name(c.a)}, axes [${axes.join(',')}]))`,
        args: [c.a],
        apply: (v) => lax.sub(v, lax.broadcastInDim(lax.reduceSum(v, axes), v.shape, keptDims)),
        bound: x.bound * (1 + Math.max(1, count)),
      };
    },
  },
  {
    name: 'reduceMax',
    modes: STRUCT_ANY,
    make: (c) => {
      const x = c.vals[c.a]!;
      const axes = axesFromBits(x, c.p[0]!);
      const min = pick(c.p[1]!, 2) === 1;
      return {
        text: `${min ? 'min' : 'max'}(${name(c.a)}, axes [${axes.join(',')}])`,
        args: [c.a],
        apply: (v) => (min ? lax.reduceMin(v, axes) : lax.reduceMax(v, axes)),
        bound: x.bound,
      };
    },
  },
  {
    name: 'reduceProd',
    modes: STRUCT_ANY,
    make: (c) => {
      const x = c.vals[c.a]!;
      const axes = axesFromBits(x, c.p[0]!);
      return { text: `prod(${name(c.a)}, axes [${axes.join(',')}])`, args: [c.a], apply: (v) => lax.reduceProd(v, axes), bound: Infinity };
    },
  },
  {
    name: 'logsumexp',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      const ax = axisOf(x, c.p[0]!);
      if (ax === null || !float(x.dtype) || x.shape[ax] === 0) return null;
      const keep = pick(c.p[1]!, 2) === 1;
      return {
        text: `logsumexp(${name(c.a)}, axis ${ax}${keep ? ', keepdims' : ''})`,
        args: [c.a],
        apply: (v) => np.logsumexp(v, ax, { keepdims: keep }),
        bound: x.bound + Math.log(x.shape[ax]!),
      };
    },
  },
  {
    name: 'softmax',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      const ax = axisOf(x, c.p[0]!);
      if (ax === null || !float(x.dtype) || x.shape[ax] === 0) return null;
      return { text: `softmax(${name(c.a)}, axis ${ax})`, args: [c.a], apply: (v) => np.softmax(v, ax), bound: 1 };
    },
  },
  {
    name: 'cumsum',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      const ax = axisOf(x, c.p[0]!);
      if (ax === null) return null;
      const reverse = pick(c.p[1]!, 2) === 1;
      const kind = c.smooth ? 0 : pick(c.p[2]!, 3);
      const nm = ['cumsum', 'cummax', 'cumprod'][kind]!;
      const f = [lax.cumsum, lax.cummax, lax.cumprod][kind]!;
      return {
        text: `${nm}(${name(c.a)}, axis ${ax}${reverse ? ', reverse' : ''})`,
        args: [c.a],
        apply: (v) => f(v, ax, reverse),
        bound: x.bound * Math.max(1, x.shape[ax]!),
      };
    },
  },
  {
    // not in smooth programs: sort is only piecewise smooth, and fc.double's inputs crowd near 0, so
    // two elements within the finite-difference step swap places (the dot-product law covers its rules)
    name: 'sort',
    modes: STRUCT_ANY,
    make: (c) => {
      const x = c.vals[c.a]!;
      const ax = axisOf(x, c.p[0]!);
      if (ax === null) return null;
      return { text: `sort(${name(c.a)}, axis ${ax})`, args: [c.a], apply: (v) => lax.sort(v, ax), bound: x.bound };
    },
  },
  // ---------------------------------------------------------------- structural
  {
    name: 'transpose',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      const r = x.shape.length;
      const perm = range(r).sort((i, j) => pick(c.p[i]!, 7) - pick(c.p[j]!, 7) || i - j);
      return { text: `transpose(${name(c.a)}, [${perm.join(',')}])`, args: [c.a], apply: (v) => lax.transpose(v, perm), bound: x.bound };
    },
  },
  {
    // merge adjacent dims where the pool says so, then maybe insert a 1
    name: 'reshape',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      const dims: number[] = [];
      x.shape.forEach((n, i) => {
        if (i > 0 && ((c.p[0]! >> i) & 1) === 1) dims[dims.length - 1]! *= n;
        else dims.push(n);
      });
      const one = pick(c.p[1]!, dims.length + 2) - 1;
      if (one >= 0 && dims.length < MAX_RANK) dims.splice(one, 0, 1);
      return { text: `reshape(${name(c.a)}, ${fmt(dims)})`, args: [c.a], apply: (v) => lax.reshape(v, dims), bound: x.bound };
    },
  },
  {
    name: 'slice',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      const start = x.shape.map((n, d) => pick(c.p[d]! >> 3, Math.max(1, n)) % (n + 1));
      const limit = x.shape.map((n, d) => Math.max(start[d]!, n - pick(c.p[d]! >> 6, Math.max(1, n - start[d]!))));
      const strides = x.shape.map((_, d) => 1 + pick(c.p[d]!, 2));
      return {
        text: `slice(${name(c.a)}, [${start.join(',')}], [${limit.join(',')}], [${strides.join(',')}])`,
        args: [c.a],
        apply: (v) => lax.slice(v, start, limit, strides),
        bound: x.bound,
      };
    },
  },
  {
    name: 'rev',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      const dims = axesFromBits(x, c.p[0]!);
      return { text: `rev(${name(c.a)}, [${dims.join(',')}])`, args: [c.a], apply: (v) => lax.rev(v, dims), bound: x.bound };
    },
  },
  {
    name: 'pad',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      const config = x.shape.map((n, d): [number, number, number] => {
        const lo = signed(c.p[d]!, 1),
          hi = signed(c.p[d]! >> 2, 1),
          interior = pick(c.p[d]! >> 4, 2);
        const size = lo + hi + n + Math.max(0, n - 1) * interior;
        return [lo, size < 0 ? hi - size : hi, interior];
      });
      const value = isFloat(x.dtype) ? 0.5 : 1;
      return {
        text: `pad(${name(c.a)}, ${value}, ${JSON.stringify(config)})`,
        args: [c.a],
        apply: (v) => lax.pad(v, value, config),
        bound: Math.max(x.bound, value),
      };
    },
  },
  {
    name: 'broadcastInDim',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      if (x.shape.length >= MAX_RANK) return null;
      const at = pick(c.p[0]!, x.shape.length + 1);
      const n = 1 + pick(c.p[1]!, 3);
      const shape = [...x.shape.slice(0, at), n, ...x.shape.slice(at)];
      const dims = range(x.shape.length).map((d) => (d < at ? d : d + 1));
      return {
        text: `broadcastInDim(${name(c.a)}, ${fmt(shape)}, [${dims.join(',')}])`,
        args: [c.a],
        apply: (v) => lax.broadcastInDim(v, shape, dims),
        bound: x.bound,
      };
    },
  },
  {
    // along an axis where the other value agrees on every other dim; x with itself otherwise
    name: 'concatenate',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      const ax = axisOf(x, c.p[0]!);
      if (ax === null) return null;
      const cands = range(c.vals.length).filter((i) => {
        const y = c.vals[i]!;
        return y.dtype === x.dtype && y.shape.length === x.shape.length && y.shape.every((n, d) => d === ax || n === x.shape[d]);
      });
      const j = cands[pick(c.b, cands.length)]!;
      return {
        text: `concatenate([${name(c.a)}, ${name(j)}], ${ax})`,
        args: [c.a, j],
        apply: (u, v) => lax.concatenate([u, v], ax),
        bound: Math.max(x.bound, c.vals[j]!.bound),
      };
    },
  },
  {
    // contract up to two pairs of equal-sized dims (matmul-like), maybe one batch pair; outer product if none
    name: 'dotGeneral',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      if (!numeric(x.dtype)) return null;
      const cands = range(c.vals.length).filter((i) => c.vals[i]!.dtype === x.dtype);
      const j = cands[pick(c.b, cands.length)]!;
      const y = c.vals[j]!;
      const want = pick(c.p[0]!, 3); // pairs to contract
      const batchWanted = pick(c.p[1]!, 3) === 0;
      const usedL: number[] = [],
        usedR: number[] = [];
      const pairs: [number, number][] = [];
      // prefer contracting x's last dim with y's first (matmul), then any other matching pair
      const order = [...range(x.shape.length).reverse()];
      for (const dl of order) {
        if (pairs.length >= want) break;
        const dr = range(y.shape.length).find((d) => !usedR.includes(d) && y.shape[d] === x.shape[dl]);
        if (dr === undefined) continue;
        pairs.push([dl, dr]);
        usedL.push(dl);
        usedR.push(dr);
      }
      let batch: [number[], number[]] = [[], []];
      if (batchWanted) {
        const bl = range(x.shape.length).find(
          (d) => !usedL.includes(d) && range(y.shape.length).some((e) => !usedR.includes(e) && y.shape[e] === x.shape[d]),
        );
        if (bl !== undefined) {
          const br = range(y.shape.length).find((e) => !usedR.includes(e) && y.shape[e] === x.shape[bl])!;
          batch = [[bl], [br]];
        }
      }
      const outRank = x.shape.length + y.shape.length - 2 * pairs.length - batch[0].length;
      if (outRank > MAX_RANK) return null;
      const contracting: [number[], number[]] = [pairs.map((q) => q[0]), pairs.map((q) => q[1])];
      const k = sizeOf(pairs.map((q) => x.shape[q[0]]!));
      return {
        text: `dotGeneral(${name(c.a)}, ${name(j)}, contracting ${JSON.stringify(contracting)}, batch ${JSON.stringify(batch)})`,
        args: [c.a, j],
        apply: (u, v) => lax.dotGeneral(u, v, contracting, batch),
        bound: x.bound * y.bound * Math.max(1, k),
      };
    },
  },
  {
    // a constant index vector (valid indices) along an axis
    name: 'gather',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      const ax = axisOf(x, c.p[0]!);
      if (ax === null || x.shape[ax] === 0) return null;
      const n = x.shape[ax]!;
      const count = 1 + pick(c.p[1]!, 3);
      const idx = range(count).map((i) => pick(c.p[2]! >> (2 * i), n));
      return {
        text: `gather(${name(c.a)}, [${idx.join(',')}], axis ${ax})`,
        args: [c.a],
        apply: (v) => lax.gather(v, array({ data: idx, shape: [count] }, 'int32'), ax),
        bound: x.bound,
      };
    },
  },
  {
    // a block at constant start indices (given as int32 scalars, as dynamic_slice takes them)
    name: 'dynamicSlice',
    modes: STRUCT_ALL,
    make: (c) => {
      const x = c.vals[c.a]!;
      const sizes = x.shape.map((n, d) => pick(c.p[d]!, n + 1));
      const starts = x.shape.map((n, d) => pick(c.p[d]! >> 3, n - sizes[d]! + 1));
      return {
        text: `dynamicSlice(${name(c.a)}, [${starts.join(',')}], ${fmt(sizes)})`,
        args: [c.a],
        apply: (v) =>
          lax.dynamicSlice(
            v,
            starts.map((s) => array(s, 'int32')),
            sizes,
          ),
        bound: x.bound,
      };
    },
  },
  {
    name: 'iota',
    modes: STRUCT_ANY,
    make: (c) => {
      const x = c.vals[c.a]!;
      const ax = axisOf(x, c.p[0]!);
      if (ax === null || !numeric(x.dtype)) return null;
      return {
        text: `${name(c.a)} + iota(axis ${ax})`,
        args: [c.a],
        apply: (v) => lax.add(v, lax.iota(v.dtype, v.shape, ax)),
        bound: Infinity,
      };
    },
  },
  // ---------------------------------------------------------------- layers (./layer-templates)
  ...layerTemplates,
];

const templatesFor = (mode: ProgramMode) => TEMPLATES.filter((t) => t.modes.includes(mode));

/** Zeros of an aval: the probe an op is applied to, to learn its result shape and dtype (nothing is evaluated). */
const probe = (a: Aval): NDArray => np.zeros(a.shape, a.dtype);

/**
 * Turns seeds into a legal program. The operand of each step is counted back from the most recent
 * value (so step.a = 0 makes a chain); the kind picks among the ops that fit that operand (and the
 * next one if the result would be too big).
 */
export function resolve(
  inputs: readonly Aval[],
  steps: readonly Step[],
  mode: ProgramMode,
  opts: { noConvert?: boolean; valueMode?: ValueMode; avoid?: readonly string[] } = {},
): Program {
  const avoid = opts.avoid ?? [];
  const templates = templatesFor(mode);
  const smooth = mode === 'smooth';
  const vals: Val[] = inputs.map((a) => ({ ...a, bound: 1 }));
  const ops: ProgramOp[] = [];
  for (const st of steps) {
    const a = vals.length - 1 - pick(st.a, vals.length);
    const ctx: Ctx = { vals, a, b: st.b, p: st.p, smooth, noConvert: opts.noConvert ?? false };
    // the kinds that apply to this operand, in table order, starting at the drawn one
    const legal = templates.map((t) => t.make(ctx)).filter((m): m is Made => m !== null && !avoid.some((a) => m.text.startsWith(a)));
    for (let t = 0; t < legal.length; t++) {
      const made = rescale(legal[(st.kind + t) % legal.length]!, smooth);
      const out = made.apply(...made.args.map((i) => probe(vals[i]!)));
      if (out.ndim > MAX_RANK || out.size > MAX_SIZE || out.dtype === 'bool') continue;
      ops.push({
        text: `${name(vals.length)} = ${made.text}`,
        args: made.args,
        apply: made.apply,
        out: { shape: [...out.shape], dtype: out.dtype },
      });
      vals.push({ shape: [...out.shape], dtype: out.dtype, bound: made.bound });
      break;
    }
  }
  const last = vals[vals.length - 1]!;
  const valueMode = opts.valueMode ?? 'small';
  const valueArbs = inputs.map((a) => (smooth ? smoothValueArb : valueArb(a.dtype, valueMode)));
  const fn = (...xs: NDArray[]): NDArray => {
    const env: NDArray[] = [...xs];
    for (const op of ops) env.push(op.apply(...op.args.map((i) => env[i]!)));
    return env[env.length - 1]!;
  };
  const program: Program = { mode, inputs, ops, out: { shape: last.shape, dtype: last.dtype }, valueArbs, fn };
  return Object.assign(program, { [fc.toStringMethod]: () => describeProgram(program) });
}

/** Input values of smooth programs: doubles in [-1, 1] (the magnitude bounds assume |x| <= 1). */
export const smoothValueArb: fc.Arbitrary<number> = fc.double({ min: -1, max: 1, noNaN: true });

export function describeProgram(p: Program): string {
  const ins = p.inputs.map((a, i) => `${name(i)}: ${a.dtype}${fmt(a.shape)}`).join(', ');
  return [`program (${p.mode}) (${ins}) -> ${p.out.dtype}${fmt(p.out.shape)}`, ...p.ops.map((o) => `  ${o.text}`)].join('\n');
}

export const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.nat({ max: 1000 }),
  a: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.nat({ max: 8 }), weight: 2 }),
  b: fc.nat({ max: 8 }),
  p: fc.array(fc.nat({ max: 1023 }), { minLength: 4, maxLength: 4 }),
});

/** The arbitrary of programs. */
export function programArb(opts: ProgramOptions = {}): fc.Arbitrary<Program> {
  const mode = opts.mode ?? 'any';
  const dtypes = mode === 'smooth' ? (['float64'] as DType[]) : (opts.dtypes ?? (['float32', 'float64', 'int32'] as DType[]));
  const dim = dimArb({ maxDim: 3, allowZero: opts.allowZero ?? mode !== 'smooth' });
  const shape = fc.array(dim, { maxLength: 3 });
  return fc
    .record({
      n: fc.integer({ min: 1, max: opts.maxInputs ?? 2 }),
      s0: shape,
      s1: fc.option(shape, { nil: null, freq: 2 }), // null: the same shape as the first input
      dtype: fc.constantFrom(...dtypes),
      steps: fc.array(stepArb, { minLength: opts.minSteps ?? 1, maxLength: opts.maxSteps ?? 6 }),
      valueMode: fc.constantFrom<ValueMode>('small', 'halves', 'any'),
    })
    .map(({ n, s0, s1, dtype, steps, valueMode }) => {
      const inputs: Aval[] = [{ shape: s0, dtype }];
      if (n === 2) inputs.push({ shape: s1 ?? s0, dtype });
      return resolve(inputs, steps, mode, { noConvert: opts.noConvert ?? false, valueMode, avoid: opts.avoid ?? [] });
    });
}

/**
 * Random programs as a case of the laws (./laws, ./ad-laws): the program's inputs, their value
 * arbitraries, the program as the function, and its text as the params (for counterexample reports).
 */
export function programCase(name: string, opts: ProgramOptions = {}): LawCase {
  return {
    name,
    args: programArb(opts).map((p) => ({
      shapes: p.inputs.map((a) => a.shape),
      dtypes: p.inputs.map((a) => a.dtype),
      valueArbs: p.valueArbs,
      fn: p.fn,
      params: describeProgram(p),
    })),
  };
}
