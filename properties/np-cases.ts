/**
 * The law cases for the `np` namespace: one or more `LawCase`s per function (aliases included),
 * in the style of ./lax-cases. Every case's name starts with the np name it covers (`linalg.norm`
 * for `np.linalg.norm`), so a test can check that no function is left out.
 *
 * Elementwise functions get operands of different per-example shapes that broadcast together,
 * independently drawn dtypes (promotion) and, sometimes, JS-number operands. Functions of static
 * parameters (axes, shapes, sections, ...) draw them with the shapes, legal by numpy's rules.
 * Constructors (zeros, arange, eye, ...) are tested inside a function of a mapped argument.
 */
import fc from 'fast-check';
import type { ArrayLike } from '../lib/array/create';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { np } from '../lib/numpy';
import {
  ALL_DTYPES,
  dimArb,
  dtypeArb,
  INT_OR_BOOL_DTYPES,
  intsArb,
  keysArb,
  maskArb,
  NUMERIC_DTYPES,
  permutationFromKeys,
  pick,
  shapeArb,
  subsetFromMask,
  valueArb,
  valueModeArb,
  type ValueMode,
} from './arbitraries';
import { lawCase, PARAM_POOL, type CaseArgs, type LawCase } from './laws';

const POOL = PARAM_POOL;

export type Scalar = number | boolean;
export type Axis = number | readonly number[] | null | undefined;
export type Keep = { keepdims: boolean } | undefined;

const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
/** `shape` with the dims listed in `dims` raised to at least 1. */
const nonEmptyAt = (shape: readonly number[], dims: readonly number[]): number[] => shape.map((s, i) => (dims.includes(i) ? Math.max(1, s) : s));
/** A readable JS scalar for reports (JSON would print NaN and Infinity as null). */
const showScalar = (v: Scalar): string => (Object.is(v, -0) ? '-0' : String(v));

// ------------------------------------------------------------------ values

/**
 * Value modes: arbitraries.ts's, plus 'special': small integers mixed with NaN, ±Infinity, -0 and
 * arbitrary doubles about half the time (so NaN tests and NaN ordering see them often).
 */
export type Mode = ValueMode | 'special';
export function values(dtype: DType, mode: Mode): fc.Arbitrary<number> {
  if (mode !== 'special') return valueArb(dtype, mode);
  if (dtype === 'bool' || dtype === 'int32') return valueArb(dtype, 'any');
  const any = dtype === 'float32' ? fc.float() : fc.double();
  return fc.oneof(valueArb(dtype, 'small'), fc.constantFrom(NaN, Infinity, -Infinity, -0), any);
}
const modeArb = (modes: readonly Mode[]): fc.Arbitrary<Mode> => fc.constantFrom(...modes);

// ------------------------------------------------------------------ operands

/** An array operand (an argument of the law) or a JS scalar bound into the function. */
export interface ArraySlot {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly values?: fc.Arbitrary<number>;
}
export type Slot = ArraySlot | { readonly scalar: Scalar };
const isScalarSlot = (s: Slot): s is { readonly scalar: Scalar } => 'scalar' in s;

/** The case instance for operands `slots` of `f`: array slots become the law's arguments, in order. */
export function fromSlots(slots: readonly Slot[], f: (...xs: ArrayLike[]) => NDArray, params: Record<string, unknown> = {}): CaseArgs {
  const arrays = slots.filter((s): s is ArraySlot => !isScalarSlot(s));
  return {
    shapes: arrays.map((s) => s.shape),
    dtypes: arrays.map((s) => s.dtype),
    valueArbs: arrays.map((s) => s.values),
    fn: (...xs: NDArray[]) => {
      let k = 0;
      return f(...slots.map((s) => (isScalarSlot(s) ? s.scalar : xs[k++]!)));
    },
    params: { ...params, operands: slots.map((s) => (isScalarSlot(s) ? showScalar(s.scalar) : `${s.dtype}(${s.shape.join(',')})`)) },
  };
}

/**
 * `n` shapes that broadcast together to `out` (or to a shape `out` broadcasts to): each is a
 * suffix of `out` (ranks differ) with some dims replaced by 1.
 */
export function broadcastShapesArb(n: number, maxRank = 3): fc.Arbitrary<{ out: number[]; operands: number[][] }> {
  return fc
    .record({ out: shapeArb({ maxRank }), drops: intsArb(n, -3, 3), ones: fc.array(intsArb(POOL, 0, 3), { minLength: n, maxLength: n }) })
    .map(({ out, drops, ones }) => ({
      out,
      operands: drops.map((d, k) => {
        const r = Math.max(0, out.length - Math.max(0, d));
        return out.slice(out.length - r).map((s, i) => (ones[k]![i] === 0 ? 1 : s));
      }),
    }));
}

/** JS operands of arithmetic: weak ints, weak floats (fractions, -0, NaN, ±Infinity, past int32) and booleans. */
export const NUMBER_SCALARS: readonly Scalar[] = [0, 1, 2, -3, 0.5, -2.5, -0, NaN, Infinity, -Infinity, 3e9, true, false];
/** JS operands of bitwise ops: integers and booleans only (a float would promote to float64). */
const INT_SCALARS: readonly Scalar[] = [0, 1, 2, -3, 7, -1, true, false];

export interface ElementwiseOptions {
  /** dtypes of array operands (default all). */
  readonly dtypes?: readonly DType[];
  /** JS scalars an operand may be (default none: arrays only). */
  readonly scalars?: readonly Scalar[];
  readonly modes?: readonly Mode[];
  /** The promoted type must not be bool (arithmetic): an all-bool draw turns its first array int32. */
  readonly numeric?: boolean;
}

/**
 * An `n`-ary elementwise function: operands of broadcast-compatible, different shapes, each of its
 * own dtype (so they promote), some of them JS scalars when `scalars` is given.
 */
export function elementwiseCase(name: string, n: number, f: (...xs: ArrayLike[]) => NDArray, o: ElementwiseOptions = {}): LawCase {
  const dtypes = o.dtypes ?? ALL_DTYPES, pool = o.scalars ?? [];
  return lawCase(
    name,
    fc
      .record({
        b: broadcastShapesArb(n),
        dts: fc.array(dtypeArb(dtypes), { minLength: n, maxLength: n }),
        mode: modeArb(o.modes ?? ['small', 'small', 'any', 'special']),
        // an operand is a JS scalar about one time in four (null, the array, is where shrinking goes)
        js: fc.array(fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.nat(), weight: 1 }), { minLength: n, maxLength: n }),
      })
      .map(({ b, dts, mode, js }) => {
        const useScalar = js.map((j) => pool.length > 0 && j !== null);
        if (useScalar.every(Boolean)) useScalar[0] = false; // at least one array argument
        const dt = [...dts];
        const boolKind = (k: number) => (useScalar[k] ? typeof pool[pick(js[k]!, pool.length)] === 'boolean' : dt[k] === 'bool');
        if (o.numeric && dt.every((_, k) => boolKind(k))) dt[useScalar.indexOf(false)] = 'int32';
        const slots: Slot[] = dt.map((d, k) =>
          useScalar[k] ? { scalar: pool[pick(js[k]!, pool.length)]! } : { shape: b.operands[k]!, dtype: d, values: values(d, mode) },
        );
        return fromSlots(slots, f, { mode });
      }),
  );
}

export const unary = (name: string, f: (x: ArrayLike) => NDArray, dtypes: readonly DType[] = ALL_DTYPES, modes?: readonly Mode[]) =>
  elementwiseCase(name, 1, (x) => f(x!), { dtypes, ...(modes ? { modes } : {}) });
export const arith = (name: string, f: (x: ArrayLike, y: ArrayLike) => NDArray) =>
  elementwiseCase(name, 2, (x, y) => f(x!, y!), { scalars: NUMBER_SCALARS, numeric: true });
export const anyBinary = (name: string, f: (x: ArrayLike, y: ArrayLike) => NDArray) =>
  elementwiseCase(name, 2, (x, y) => f(x!, y!), { scalars: NUMBER_SCALARS });
const bitwise = (name: string, f: (x: ArrayLike, y: ArrayLike) => NDArray) =>
  elementwiseCase(name, 2, (x, y) => f(x!, y!), { dtypes: INT_OR_BOOL_DTYPES, scalars: INT_SCALARS, modes: ['small', 'any'] });

// ------------------------------------------------------------------ elementwise

export const ANY: readonly Mode[] = ['small', 'halves', 'any', 'special'];

export const unaryCases: LawCase[] = [
  unary('negative', np.negative, NUMERIC_DTYPES, ANY),
  unary('abs', np.abs, ALL_DTYPES, ANY),
  unary('absolute', np.absolute, ALL_DTYPES, ANY),
  unary('sign', np.sign, ALL_DTYPES, ANY),
  unary('exp', np.exp, ALL_DTYPES, ANY),
  unary('exp2', np.exp2, ALL_DTYPES, ANY),
  unary('expm1', np.expm1, ALL_DTYPES, ANY),
  unary('log', np.log, ALL_DTYPES, ANY),
  unary('log2', np.log2, ALL_DTYPES, ANY),
  unary('log10', np.log10, ALL_DTYPES, ANY),
  unary('log1p', np.log1p, ALL_DTYPES, ANY),
  unary('sin', np.sin, ALL_DTYPES, ANY),
  unary('cos', np.cos, ALL_DTYPES, ANY),
  unary('tan', np.tan, ALL_DTYPES, ANY),
  unary('tanh', np.tanh, ALL_DTYPES, ANY),
  unary('sqrt', np.sqrt, ALL_DTYPES, ANY),
  unary('rsqrt', np.rsqrt, ALL_DTYPES, ANY),
  unary('sigmoid', np.sigmoid, ALL_DTYPES, ANY),
  unary('relu', np.relu, ALL_DTYPES, ANY),
  unary('square', np.square, NUMERIC_DTYPES, ANY),
  unary('reciprocal', np.reciprocal, ALL_DTYPES, ANY),
  unary('floor', np.floor, ALL_DTYPES, ANY),
  unary('ceil', np.ceil, ALL_DTYPES, ANY),
  unary('round', np.round, ALL_DTYPES, ANY),
  unary('trunc', np.trunc, ALL_DTYPES, ANY),
  unary('isnan', np.isnan, ALL_DTYPES, ANY),
  unary('isfinite', np.isfinite, ALL_DTYPES, ANY),
  unary('logicalNot', np.logicalNot, ALL_DTYPES, ANY),
  unary('zerosLike', np.zerosLike),
  unary('onesLike', np.onesLike),
  unary('zerosLike (max with x)', (x) => np.maximum(x, np.zerosLike(x))),
  unary('onesLike (min with x)', (x) => np.minimum(x, np.onesLike(x))),
  unary('asarray', (x) => np.asarray(x)),
];

export const binaryCases: LawCase[] = [
  arith('add', np.add),
  arith('subtract', np.subtract),
  arith('multiply', np.multiply),
  arith('divide', np.divide),
  arith('trueDivide', np.trueDivide),
  arith('floorDivide', np.floorDivide),
  arith('remainder', np.remainder),
  arith('mod', np.mod),
  arith('fmod', np.fmod),
  arith('power', np.power),
  arith('pow', np.pow),
  anyBinary('maximum', np.maximum),
  anyBinary('minimum', np.minimum),
  anyBinary('arctan2', np.arctan2),
  anyBinary('equal', np.equal),
  anyBinary('notEqual', np.notEqual),
  anyBinary('less', np.less),
  anyBinary('lessEqual', np.lessEqual),
  anyBinary('greater', np.greater),
  anyBinary('greaterEqual', np.greaterEqual),
  anyBinary('logicalAnd', np.logicalAnd),
  anyBinary('logicalOr', np.logicalOr),
  bitwise('bitwiseAnd', np.bitwiseAnd),
  bitwise('bitwiseOr', np.bitwiseOr),
  bitwise('bitwiseXor', np.bitwiseXor),
  elementwiseCase('where', 3, (c, x, y) => np.where(c!, x!, y!), { scalars: NUMBER_SCALARS }),
];

/** A dtype argument of astype/array/asarray. */
export const castCases: LawCase[] = (
  [
    ['astype', (x: NDArray, d: DType) => np.astype(x, d)],
    ['array', (x: NDArray, d: DType) => np.array(x, d)],
    ['asarray (dtype)', (x: NDArray, d: DType) => np.asarray(x, d)],
  ] as const
).map(([name, f]) =>
  lawCase(
    name,
    fc
      .record({ shape: shapeArb(), from: dtypeArb(), to: dtypeArb(), mode: valueModeArb(['small', 'halves', 'any']) })
      .map(({ shape, from, to, mode }) => ({
        shapes: [shape],
        dtypes: [from],
        valueArbs: [valueArb(from, mode)],
        fn: (x: NDArray) => f(x, to),
        params: { to, mode },
      })),
  ),
);

/** clip(x, lo, hi): lo and hi each null, a JS number or an array broadcasting with x. */
export const clipCase = lawCase(
  'clip',
  fc
    .record({
      b: broadcastShapesArb(3),
      dts: fc.array(dtypeArb(), { minLength: 3, maxLength: 3 }),
      kinds: intsArb(2, 0, 2),
      js: intsArb(2, 0, 100),
      mode: modeArb(['small', 'small', 'any', 'special']),
    })
    .map(({ b, dts, kinds, js, mode }) => {
      const bound = (k: number): Slot | null =>
        kinds[k] === 0 ? null : kinds[k] === 1 ? { scalar: NUMBER_SCALARS[pick(js[k]!, NUMBER_SCALARS.length)]! } : { shape: b.operands[k + 1]!, dtype: dts[k + 1]!, values: values(dts[k + 1]!, mode) };
      const lo = bound(0), hi = bound(1);
      const slots: Slot[] = [{ shape: b.operands[0]!, dtype: dts[0]!, values: values(dts[0]!, mode) }, ...(lo ? [lo] : []), ...(hi ? [hi] : [])];
      return fromSlots(slots, (x, ...rest) => np.clip(x!, lo ? rest[0]! : null, hi ? rest[lo ? 1 : 0]! : null), { lo: lo !== null, hi: hi !== null, mode });
    }),
);

// ------------------------------------------------------------------ constructors inside a mapped function

/** zeros/ones/full: a constant of a broadcast-compatible shape combined with the argument. */
export const constantCases: LawCase[] = (['zeros', 'ones', 'full'] as const).map((name) =>
  lawCase(
    name,
    fc.record({ b: broadcastShapesArb(2), dtype: dtypeArb(NUMERIC_DTYPES), cdtype: dtypeArb(), v: fc.constantFrom(2.5, -1, 0, NaN) }).map(({ b, dtype, cdtype, v }) => {
      const shape = b.operands[1]!;
      const c = () => (name === 'zeros' ? np.zeros(shape, cdtype) : name === 'ones' ? np.ones(shape, cdtype) : np.full(shape, v, cdtype));
      return {
        shapes: [b.operands[0]!],
        dtypes: [dtype],
        fn: (x: NDArray) => (name === 'full' ? np.where(np.greater(x, 0), c(), x) : np.add(x, c())),
        params: { shape, cdtype, v },
      };
    }),
  ),
);

/** arange(stop) or arange(start, stop, step, dtype?) along the last axis of the argument. */
export const arangeCase = lawCase(
  'arange',
  fc
    .record({ shape: shapeArb({ minRank: 1 }), form: fc.nat({ max: 2 }), start: fc.integer({ min: -3, max: 3 }), step: fc.constantFrom(1, 2, -1, 0.5), idt: fc.boolean(), dtype: dtypeArb(NUMERIC_DTYPES) })
    .map(({ shape, form, start, step, idt, dtype }) => {
      const n = shape[shape.length - 1]!;
      const r = () => (form === 0 ? np.arange(n) : idt ? np.arange(start, start + n * step, step, 'int32') : np.arange(start, start + n * step, step));
      return { shapes: [shape], dtypes: [dtype], fn: (x: NDArray) => np.add(x, r()), params: { form, start, step, int32: idt } };
    }),
);

export const linspaceCase = lawCase(
  'linspace',
  fc
    .record({ shape: shapeArb({ minRank: 1 }), a: fc.integer({ min: -3, max: 3 }), b: fc.integer({ min: -3, max: 3 }), endpoint: fc.boolean(), ldt: dtypeArb(['float32', 'float64']), dtype: dtypeArb(NUMERIC_DTYPES) })
    .map(({ shape, a, b, endpoint, ldt, dtype }) => {
      const n = shape[shape.length - 1]!;
      return { shapes: [shape], dtypes: [dtype], fn: (x: NDArray) => np.multiply(x, np.linspace(a, b, n, endpoint, ldt)), params: { a, b, n, endpoint, ldt } };
    }),
);

export const eyeCase = lawCase(
  'eye',
  fc
    .record({ shape: shapeArb({ minRank: 1 }), m: dimArb(), k: fc.integer({ min: -2, max: 2 }), edt: dtypeArb(NUMERIC_DTYPES), dtype: dtypeArb(NUMERIC_DTYPES) })
    .map(({ shape, m, k, edt, dtype }) => {
      const n = shape[shape.length - 1]!;
      return { shapes: [shape], dtypes: [dtype], fn: (x: NDArray) => np.matmul(x, np.eye(n, m, k, edt)), params: { n, m, k, edt } };
    }),
);

// ------------------------------------------------------------------ reductions, statistics, scans, sorts

/** Raw material for an axis argument: which form, plus pools for an int or a list. */
const axisPoolArb = fc.record({ form: fc.nat({ max: 3 }), pos: fc.nat(), neg: fc.boolean(), mask: maskArb(POOL), keys: keysArb(POOL), negs: maskArb(POOL) });
type AxisPool = typeof axisPoolArb extends fc.Arbitrary<infer T> ? T : never;
export type AxisForm = 'undefined' | 'null' | 'int' | 'list';

/**
 * An axis argument for rank `r` in one of `forms`, and the canonical axes it names (`undefined`
 * names every axis, or the last one when `undefinedIsLast`). Ints need r >= 1: otherwise null.
 */
function axisFrom(p: AxisPool, r: number, forms: readonly AxisForm[], undefinedIsLast = false): { axis: Axis; axes: number[] } {
  const all = [...Array(r).keys()];
  const form = forms[p.form % forms.length]!;
  if ((form === 'int' || (form === 'undefined' && undefinedIsLast)) && r === 0) return { axis: null, axes: [] };
  if (form === 'undefined') return { axis: undefined, axes: undefinedIsLast ? [r - 1] : all };
  if (form === 'null') return { axis: null, axes: all };
  if (form === 'int') {
    const a = pick(p.pos, r);
    return { axis: p.neg ? a - r : a, axes: [a] };
  }
  const axes = subsetFromMask(p.mask, r, p.keys);
  return { axis: axes.map((a) => (p.negs[a] ? a - r : a)), axes };
}

export interface ReductionOptions<E> {
  readonly dtypes?: readonly DType[];
  readonly modes?: readonly Mode[];
  readonly forms?: readonly AxisForm[];
  readonly undefinedIsLast?: boolean;
  /** Whether the reduced axes must be non-empty (max/min have no identity). */
  readonly nonEmpty?: boolean | ((extra: E) => boolean);
  readonly keepdims?: boolean;
  readonly extra?: fc.Arbitrary<E>;
}

/** A function of one array, an axis argument, optionally `{ keepdims }`, and an extra static parameter. */
export function reductionCase<E = undefined>(name: string, f: (x: NDArray, axis: Axis, opts: Keep, extra: E) => NDArray, o: ReductionOptions<E> = {}): LawCase {
  const extraArb = o.extra ?? (fc.constant(undefined) as fc.Arbitrary<unknown> as fc.Arbitrary<E>);
  return lawCase(
    name,
    fc
      .record({
        shape: shapeArb(),
        ax: axisPoolArb,
        keep: fc.option(fc.boolean(), { nil: undefined }),
        dtype: dtypeArb(o.dtypes ?? ALL_DTYPES),
        mode: modeArb(o.modes ?? ['small', 'small', 'any', 'special']),
        extra: extraArb,
      })
      .map(({ shape: s, ax, keep, dtype, mode, extra }) => {
        const { axis, axes } = axisFrom(ax, s.length, o.forms ?? ['undefined', 'null', 'int', 'list'], o.undefinedIsLast);
        const nonEmpty = typeof o.nonEmpty === 'function' ? o.nonEmpty(extra) : (o.nonEmpty ?? false);
        const shape = nonEmpty ? nonEmptyAt(s, axes) : s;
        const opts: Keep = o.keepdims === false || keep === undefined ? undefined : { keepdims: keep };
        return {
          shapes: [shape],
          dtypes: [dtype],
          valueArbs: [values(dtype, mode)],
          fn: (x: NDArray) => f(x, axis, opts, extra),
          params: { axis: axis === undefined ? 'undefined' : axis, keepdims: opts?.keepdims, extra: typeof extra === 'number' ? showScalar(extra) : extra, mode },
        };
      }),
  );
}

export const reducer = (name: string, f: (x: NDArray, axis: Axis, opts: Keep) => NDArray, nonEmpty = false) =>
  reductionCase(name, (x, axis, opts) => f(x, axis, opts), { nonEmpty });
export const ddofArb = fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined });
export const withDdof = (opts: Keep, ddof: number | undefined) => (ddof === undefined ? opts : { ...opts, ddof });
const NORM_ORDS: readonly (number | 'fro' | null)[] = [null, 1, 2, Infinity, -Infinity, 0, 3, 0.5, -1, 'fro'];

export const reductionCases: LawCase[] = [
  reducer('sum', np.sum),
  reducer('prod', np.prod),
  reducer('max', np.max, true),
  reducer('min', np.min, true),
  reducer('amax', np.amax, true),
  reducer('amin', np.amin, true),
  reducer('any', np.any),
  reducer('all', np.all),
  reducer('mean', np.mean),
  reductionCase('var', (x, axis, opts, ddof) => np.var(x, axis, withDdof(opts, ddof)), { extra: ddofArb }),
  reductionCase('variance', (x, axis, opts, ddof) => np.variance(x, axis, withDdof(opts, ddof)), { extra: ddofArb }),
  reductionCase('std', (x, axis, opts, ddof) => np.std(x, axis, withDdof(opts, ddof)), { extra: ddofArb }),
  reducer('logsumexp', np.logsumexp, true),
  reductionCase('softmax', (x, axis) => np.softmax(x, axis), { nonEmpty: true, undefinedIsLast: true, keepdims: false }),
  reductionCase('logSoftmax', (x, axis) => np.logSoftmax(x, axis), { nonEmpty: true, undefinedIsLast: true, keepdims: false }),
  ...(['norm', 'linalg.norm'] as const).map((name) =>
    reductionCase(name, (x, axis, opts, ord) => (name === 'norm' ? np.norm : np.linalg.norm)(x, ord, axis, opts), {
      extra: fc.constantFrom(...NORM_ORDS),
      nonEmpty: (ord) => ord === Infinity || ord === -Infinity,
    }),
  ),
  ...(['argmax', 'argmin'] as const).map((name) =>
    reductionCase(name, (x, axis, opts) => np[name](x, axis as number | null | undefined, opts), { forms: ['undefined', 'null', 'int', 'int'], nonEmpty: true }),
  ),
  ...(['cumsum', 'cumprod', 'cummax', 'cummin'] as const).map((name) =>
    reductionCase(name, (x, axis) => np[name](x, axis as number | null | undefined), { forms: ['undefined', 'null', 'int', 'int'], keepdims: false }),
  ),
  ...(['sort', 'argsort'] as const).map((name) =>
    reductionCase(name, (x, axis) => (axis === undefined ? np[name](x) : np[name](x, axis as number | null)), {
      forms: ['undefined', 'null', 'int', 'int'],
      undefinedIsLast: true,
      keepdims: false,
      modes: ['small', 'any', 'special'],
    }),
  ),
];

// ------------------------------------------------------------------ shape manipulation

/** Groups `atoms` into dims, starting a new dim where `cuts` says, then inserts a 1 at `one` (if >= 0). */
function groupDims(atoms: readonly number[], cuts: readonly boolean[], one: number): number[] {
  const dims: number[] = [];
  atoms.forEach((a, i) => {
    if (i === 0 || cuts[i]) dims.push(a);
    else dims[dims.length - 1]! *= a;
  });
  if (one >= 0) dims.splice(Math.min(one, dims.length), 0, 1);
  return dims;
}

/** Two shapes of the same size: groupings of the same atoms. */
const sameSizeShapesArb = fc
  .record({ atoms: fc.array(dimArb(), { maxLength: POOL }), cutsA: maskArb(POOL), cutsB: maskArb(POOL), ones: intsArb(2, -2, 4) })
  .map(({ atoms, cutsA, cutsB, ones }) => [groupDims(atoms, cutsA, ones[0]!), groupDims(atoms, cutsB, ones[1]!)] as const);

export const oneArray = (shape: readonly number[], dtype: DType, fn: (x: NDArray) => NDArray, params: unknown): CaseArgs => ({ shapes: [shape], dtypes: [dtype], fn, params });

/** reshape to a same-size shape, one dim given as -1 when it can be inferred; a single dim as a number. */
export const reshapeCase = lawCase(
  'reshape',
  fc.record({ ss: sameSizeShapesArb, minus: fc.integer({ min: -1, max: 3 }), asNumber: fc.boolean(), dtype: dtypeArb() }).map(({ ss: [from, to], minus, asNumber, dtype }) => {
    const target: number[] = [...to];
    if (minus >= 0 && target.length > 0) {
      const m = pick(minus, target.length);
      if (sizeOf(target.filter((_, i) => i !== m)) !== 0) target[m] = -1;
    }
    const arg: number | number[] = asNumber && target.length === 1 ? target[0]! : target;
    return oneArray(from, dtype, (x) => np.reshape(x, arg), { newShape: arg });
  }),
);

export const ravelCase = lawCase('ravel', fc.record({ shape: shapeArb({ maxRank: POOL }), dtype: dtypeArb() }).map(({ shape, dtype }) => oneArray(shape, dtype, np.ravel, {})));

export const transposeCase = lawCase(
  'transpose',
  fc.record({ shape: shapeArb({ maxRank: POOL }), keys: keysArb(POOL), negs: maskArb(POOL), given: fc.boolean(), dtype: dtypeArb() }).map(({ shape, keys, negs, given, dtype }) => {
    const r = shape.length;
    const axes = given ? permutationFromKeys(keys, r).map((a, i) => (negs[i] ? a - r : a)) : undefined;
    return oneArray(shape, dtype, (x) => np.transpose(x, axes), { axes: axes ?? 'undefined' });
  }),
);

/** moveaxis with single axes or equal-length lists of distinct axes (negatives too). */
export const moveaxisCase = lawCase(
  'moveaxis',
  fc
    .record({ shape: shapeArb({ minRank: 1, maxRank: POOL }), list: fc.boolean(), mask: maskArb(POOL), skeys: keysArb(POOL), dkeys: keysArb(POOL), negs: maskArb(2 * POOL), dtype: dtypeArb() })
    .map(({ shape, list, mask, skeys, dkeys, negs, dtype }) => {
      const r = shape.length;
      const src = subsetFromMask(mask, r, skeys).map((a, i) => (negs[i] ? a - r : a));
      const dst = permutationFromKeys(dkeys, r).slice(0, src.length).map((a, i) => (negs[POOL + i] ? a - r : a));
      const s: number | number[] = list || src.length === 0 ? src : src[0]!;
      const d: number | number[] = list || src.length === 0 ? dst : dst[0]!;
      return oneArray(shape, dtype, (x) => np.moveaxis(x, s, d), { source: s, destination: d });
    }),
);

export const swapaxesCase = lawCase(
  'swapaxes',
  fc.record({ shape: shapeArb({ minRank: 1, maxRank: POOL }), ij: intsArb(2, 0, 100), negs: maskArb(2), dtype: dtypeArb() }).map(({ shape, ij, negs, dtype }) => {
    const r = shape.length;
    const [i, j] = ij.map((v, k) => pick(v, r) - (negs[k] ? r : 0)) as [number, number];
    return oneArray(shape, dtype, (x) => np.swapaxes(x, i, j), { axis1: i, axis2: j });
  }),
);

/** expandDims at one output position or a list of distinct ones (negatives count in the output rank). */
export const expandDimsCase = lawCase(
  'expandDims',
  fc.record({ shape: shapeArb(), k: fc.integer({ min: 0, max: 2 }), list: fc.boolean(), keys: keysArb(POOL + 2), negs: maskArb(3), dtype: dtypeArb() }).map(({ shape, k, list, keys, negs, dtype }) => {
    const count = list ? k : 1;
    const n = shape.length + count;
    const axes = permutationFromKeys(keys, n).slice(0, count).map((a, i) => (negs[i] ? a - n : a));
    const axis: number | number[] = list ? axes : axes[0]!;
    return oneArray(shape, dtype, (x) => np.expandDims(x, axis), { axis });
  }),
);

/** squeeze all size-1 dims, one of them, or a list of them. */
export const squeezeCase = lawCase(
  'squeeze',
  fc
    .record({ shape: fc.array(fc.oneof(fc.constant(1), dimArb()), { maxLength: POOL }), form: fc.nat({ max: 2 }), mask: maskArb(POOL), keys: keysArb(POOL), negs: maskArb(POOL), dtype: dtypeArb() })
    .map(({ shape, form, mask, keys, negs, dtype }) => {
      const r = shape.length;
      const ones = subsetFromMask(mask, r, keys).filter((d) => shape[d] === 1).map((d) => (negs[d] ? d - r : d));
      const axis: number | number[] | undefined = form === 0 ? undefined : form === 1 && ones.length > 0 ? ones[0]! : ones;
      return oneArray(shape, dtype, (x) => np.squeeze(x, axis), { axis: axis ?? 'undefined' });
    }),
);

export const broadcastToCase = lawCase(
  'broadcastTo',
  fc.record({ b: broadcastShapesArb(1), dtype: dtypeArb() }).map(({ b, dtype }) => oneArray(b.operands[0]!, dtype, (x) => np.broadcastTo(x, b.out), { shape: b.out })),
);

/** broadcastArrays of 2-3 operands: stacked (promoting their dtypes), or one of them. */
export const broadcastArraysCase = lawCase(
  'broadcastArrays',
  fc
    .record({ n: fc.integer({ min: 1, max: 3 }), b: broadcastShapesArb(3), dts: fc.array(dtypeArb(), { minLength: 3, maxLength: 3 }), which: fc.integer({ min: -1, max: 2 }), ax: fc.nat() })
    .map(({ n, b, dts, which, ax }) => {
      const slots: Slot[] = b.operands.slice(0, n).map((s, k) => ({ shape: s, dtype: dts[k]! }));
      const piece = which >= 0 ? which % n : null;
      return fromSlots(
        slots,
        (...xs) => {
          const out = np.broadcastArrays(...(xs as NDArray[]));
          return piece === null ? np.stack(out, pick(ax, out[0]!.ndim + 1)) : out[piece]!;
        },
        { piece: piece ?? 'stacked' },
      );
    }),
);

/** concatenate 1-3 operands of any dtypes (promoted) along an axis, negative too. */
export const concatenateCase = lawCase(
  'concatenate',
  fc
    .record({ shape: shapeArb({ minRank: 1 }), ax: fc.nat(), neg: fc.boolean(), dflt: fc.boolean(), n: fc.integer({ min: 1, max: 3 }), sizes: fc.array(dimArb(), { minLength: 3, maxLength: 3 }), dts: fc.array(dtypeArb(), { minLength: 3, maxLength: 3 }) })
    .map(({ shape, ax, neg, dflt, n, sizes, dts }) => {
      const r = shape.length, d = dflt ? 0 : pick(ax, r);
      const axis = dflt ? undefined : neg ? d - r : d;
      const slots: Slot[] = sizes.slice(0, n).map((m, k) => ({ shape: shape.map((s, i) => (i === d ? m : s)), dtype: dts[k]! }));
      return fromSlots(slots, (...xs) => np.concatenate(xs, axis), { axis: axis ?? 'undefined' });
    }),
);

export const stackCase = lawCase(
  'stack',
  fc
    .record({ shape: shapeArb(), ax: fc.nat(), neg: fc.boolean(), dflt: fc.boolean(), n: fc.integer({ min: 1, max: 3 }), dts: fc.array(dtypeArb(), { minLength: 3, maxLength: 3 }) })
    .map(({ shape, ax, neg, dflt, n, dts }) => {
      const r = shape.length + 1, d = pick(ax, r);
      const axis = dflt ? undefined : neg ? d - r : d;
      const slots: Slot[] = dts.slice(0, n).map((dtype) => ({ shape, dtype }));
      return fromSlots(slots, (...xs) => np.stack(xs, axis), { axis: axis ?? 'undefined' });
    }),
);

/** vstack: 0-d or 1-d operands of one shape (made rows), or rank >= 2 operands differing in axis 0. */
export const vstackCase = lawCase(
  'vstack',
  fc
    .record({ shape: shapeArb(), n: fc.integer({ min: 1, max: 3 }), sizes: fc.array(dimArb(), { minLength: 3, maxLength: 3 }), dts: fc.array(dtypeArb(), { minLength: 3, maxLength: 3 }) })
    .map(({ shape, n, sizes, dts }) => {
      const slots: Slot[] = sizes.slice(0, n).map((m, k) => ({ shape: shape.length >= 2 ? [m, ...shape.slice(1)] : shape, dtype: dts[k]! }));
      return fromSlots(slots, (...xs) => np.vstack(xs), {});
    }),
);

/** hstack: 1-d operands of any lengths, or rank >= 2 operands differing in axis 1. */
export const hstackCase = lawCase(
  'hstack',
  fc
    .record({ shape: shapeArb({ minRank: 1 }), n: fc.integer({ min: 1, max: 3 }), sizes: fc.array(dimArb(), { minLength: 3, maxLength: 3 }), dts: fc.array(dtypeArb(), { minLength: 3, maxLength: 3 }) })
    .map(({ shape, n, sizes, dts }) => {
      const d = shape.length === 1 ? 0 : 1;
      const slots: Slot[] = sizes.slice(0, n).map((m, k) => ({ shape: shape.map((s, i) => (i === d ? m : s)), dtype: dts[k]! }));
      return fromSlots(slots, (...xs) => np.hstack(xs), {});
    }),
);

/**
 * split into equal sections or at indices (negative, past the end, unsorted); the result is one
 * piece, the pieces stacked (equal sections only), or the pieces concatenated in reverse order.
 */
export const splitCase = lawCase(
  'split',
  fc
    .record({
      shape: shapeArb({ minRank: 1 }),
      ax: fc.nat(),
      neg: fc.boolean(),
      dflt: fc.boolean(),
      byIndices: fc.boolean(),
      sections: fc.integer({ min: 1, max: 3 }),
      per: fc.integer({ min: 0, max: 2 }),
      indices: fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 3 }),
      wrap: fc.integer({ min: 0, max: 5 }),
      dtype: dtypeArb(),
    })
    .map(({ shape: s, ax, neg, dflt, byIndices, sections, per, indices, wrap, dtype }) => {
      const r = s.length, d = dflt ? 0 : pick(ax, r);
      const axis = dflt ? undefined : neg ? d - r : d;
      const shape = byIndices ? s : s.map((v, i) => (i === d ? sections * per : v));
      const spec: number | number[] = byIndices ? indices : sections;
      const mode = wrap === 0 ? 'reversed' : wrap === 1 && !byIndices ? 'stacked' : 'piece';
      return oneArray(
        shape,
        dtype,
        (x) => {
          const pieces = np.split(x, spec, axis);
          if (mode === 'reversed') return np.concatenate(pieces.reverse(), d);
          if (mode === 'stacked') return np.stack(pieces, d);
          return pieces[pick(wrap, pieces.length)]!;
        },
        { spec, axis: axis ?? 'undefined', mode, wrap },
      );
    }),
);

export const flipCase = lawCase(
  'flip',
  fc.record({ shape: shapeArb(), ax: axisPoolArb, dtype: dtypeArb() }).map(({ shape, ax, dtype }) => {
    const { axis } = axisFrom(ax, shape.length, ['undefined', 'int', 'list', 'list']);
    return oneArray(shape, dtype, (x) => np.flip(x, axis ?? undefined), { axis: axis === undefined ? 'undefined' : axis });
  }),
);

export const sliceAxisCase = lawCase(
  'sliceAxis',
  fc
    .record({
      shape: shapeArb({ minRank: 1, maxDim: 5 }),
      ax: fc.nat(),
      neg: fc.boolean(),
      start: fc.option(fc.integer({ min: -7, max: 7 }), { nil: null }),
      stop: fc.option(fc.integer({ min: -7, max: 7 }), { nil: null }),
      step: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      dtype: dtypeArb(),
    })
    .map(({ shape, ax, neg, start, stop, step, dtype }) => {
      const r = shape.length, axis = pick(ax, r) - (neg ? r : 0);
      return oneArray(shape, dtype, (x) => np.sliceAxis(x, axis, start, stop, step), { axis, start, stop, step });
    }),
);

/**
 * take along an axis (or of the flattened array): indices a mapped int32 argument of any shape with
 * values in [-n, n), or a JS number / JS array bound into the function.
 */
export const takeCase = lawCase(
  'take',
  fc
    .record({
      shape: shapeArb({ maxRank: 3 }),
      idxShape: shapeArb({ maxRank: 2 }),
      flat: fc.boolean(),
      ax: fc.nat(),
      neg: fc.boolean(),
      kind: fc.integer({ min: 0, max: 3 }),
      js: intsArb(3, -1000, 1000),
      dtype: dtypeArb(),
      mode: valueModeArb(),
    })
    .map(({ shape: s, idxShape, flat: f, ax, neg, kind, js, dtype, mode }) => {
      const flat = f || s.length === 0;
      const a = pick(ax, s.length);
      const shape = flat ? nonEmptyAt(s, s.map((_, i) => i)) : nonEmptyAt(s, [a]);
      const n = flat ? sizeOf(shape) : shape[a]!;
      const axis = flat ? undefined : neg ? a - shape.length : a;
      const inRange = (v: number) => pick(v + n, 2 * n) - n;
      const x: ArraySlot = { shape, dtype, values: valueArb(dtype, mode) };
      if (kind === 0) return fromSlots([x], (xx) => np.take(xx!, inRange(js[0]!), axis), { axis: axis ?? 'undefined', indices: inRange(js[0]!) });
      if (kind === 1) return fromSlots([x], (xx) => np.take(xx!, js.map(inRange), axis), { axis: axis ?? 'undefined', indices: js.map(inRange) });
      const idx: ArraySlot = { shape: idxShape, dtype: 'int32', values: fc.integer({ min: -n, max: n - 1 }) };
      return fromSlots([x, idx], (xx, i) => np.take(xx!, i!, axis), { axis: axis ?? 'undefined' });
    }),
);

/** takeAlongAxis: indices of the same rank, any length along the axis, other axes broadcasting both ways. */
export const takeAlongAxisCase = lawCase(
  'takeAlongAxis',
  fc
    .record({ base: shapeArb({ minRank: 1 }), ax: fc.nat(), neg: fc.boolean(), m: dimArb(), aOnes: intsArb(POOL, 0, 3), iOnes: intsArb(POOL, 0, 3), dtype: dtypeArb(), mode: valueModeArb() })
    .map(({ base, ax, neg, m, aOnes, iOnes, dtype, mode }) => {
      const r = base.length, a = pick(ax, r);
      const n = Math.max(1, base[a]!);
      const arr = base.map((s, i) => (i === a ? n : aOnes[i] === 0 ? 1 : s));
      const idx = base.map((s, i) => (i === a ? m : iOnes[i] === 0 ? 1 : s));
      const axis = neg ? a - r : a;
      return fromSlots(
        [
          { shape: arr, dtype, values: valueArb(dtype, mode) },
          { shape: idx, dtype: 'int32', values: fc.integer({ min: -n, max: n - 1 }) },
        ],
        (x, i) => np.takeAlongAxis(x!, i!, axis),
        { axis },
      );
    }),
);

/** Constant padding: one width for all, one [before, after] pair for all, or a pair per axis. */
export const padCase = lawCase(
  'pad',
  fc
    .record({ shape: shapeArb(), form: fc.nat({ max: 2 }), widths: intsArb(2 * POOL, 0, 2), value: fc.option(fc.constantFrom(1, -2, 2.5, -0, NaN), { nil: undefined }), dtype: dtypeArb(), mode: valueModeArb() })
    .map(({ shape, form, widths, value, dtype, mode }) => {
      const pw: number | [number, number] | [number, number][] =
        form === 0 ? widths[0]! : form === 1 ? [widths[0]!, widths[1]!] : shape.map((_, i): [number, number] => [widths[2 * i]!, widths[2 * i + 1]!]);
      return {
        shapes: [shape],
        dtypes: [dtype],
        valueArbs: [valueArb(dtype, mode)],
        fn: (x: NDArray) => np.pad(x, pw, value),
        params: { padWidth: pw, constantValue: value === undefined ? 'undefined' : showScalar(value) },
      };
    }),
);

export const tileCase = lawCase(
  'tile',
  fc.record({ shape: shapeArb(), asNumber: fc.boolean(), reps: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }), dtype: dtypeArb() }).map(({ shape, asNumber, reps, dtype }) => {
    const rr: number | number[] = asNumber ? (reps[0] ?? 2) : reps;
    return oneArray(shape, dtype, (x) => np.tile(x, rr), { reps: rr });
  }),
);

export const manipCases: LawCase[] = [
  reshapeCase,
  ravelCase,
  transposeCase,
  moveaxisCase,
  swapaxesCase,
  expandDimsCase,
  squeezeCase,
  broadcastToCase,
  broadcastArraysCase,
  concatenateCase,
  stackCase,
  vstackCase,
  hstackCase,
  splitCase,
  flipCase,
  sliceAxisCase,
  takeCase,
  takeAlongAxisCase,
  padCase,
  tileCase,
];

// ------------------------------------------------------------------ products

const PRODUCT_MODES: readonly ValueMode[] = ['small', 'small', 'small', 'halves', 'any'];
/** Two array operands of independent dtypes (promoted; bools count as int32). */
const pair = (a: readonly number[], b: readonly number[], dts: readonly DType[], mode: ValueMode): Slot[] => [
  { shape: a, dtype: dts[0]!, values: valueArb(dts[0]!, mode) },
  { shape: b, dtype: dts[1]!, values: valueArb(dts[1]!, mode) },
];
const productArb = <T>(shapes: fc.Arbitrary<T>) =>
  fc.record({ s: shapes, dts: fc.array(dtypeArb(), { minLength: 3, maxLength: 3 }), mode: valueModeArb(PRODUCT_MODES) });

/** dot for every rank pair in 0..3: scalars multiply, otherwise a's last axis meets b's second-to-last (or only). */
export const dotCase = lawCase(
  'dot',
  productArb(fc.record({ ra: fc.nat({ max: 3 }), rb: fc.nat({ max: 3 }), sizes: fc.array(dimArb(), { minLength: 6, maxLength: 6 }) })).map(({ s: { ra, rb, sizes }, dts, mode }) => {
    const k = sizes[0]!;
    const a = ra === 0 ? [] : [...sizes.slice(1, ra), k];
    const b = rb === 0 ? [] : rb === 1 ? [k] : [...sizes.slice(3, 3 + rb - 2), k, sizes[5]!];
    const anyShape = (r: number, from: number) => sizes.slice(from, from + r);
    const [sa, sb] = ra === 0 ? [a, anyShape(rb, 2)] : rb === 0 ? [anyShape(ra, 1), b] : [a, b];
    return fromSlots(pair(sa, sb, dts, mode), (x, y) => np.dot(x!, y!), { mode });
  }),
);

export const vdotCase = lawCase(
  'vdot',
  productArb(sameSizeShapesArb).map(({ s: [a, b], dts, mode }) => fromSlots(pair(a, b, dts, mode), (x, y) => np.vdot(x!, y!), { mode })),
);

export const innerCase = lawCase(
  'inner',
  productArb(fc.record({ fa: shapeArb({ maxRank: 2 }), fb: shapeArb({ maxRank: 2 }), k: dimArb(), scalar: fc.integer({ min: 0, max: 4 }) })).map(({ s: { fa, fb, k, scalar }, dts, mode }) => {
    const a = scalar === 0 ? [] : [...fa, k], b = scalar === 1 ? [] : [...fb, k];
    return fromSlots(pair(a, b, dts, mode), (x, y) => np.inner(x!, y!), { mode });
  }),
);

export const outerCase = lawCase(
  'outer',
  productArb(fc.record({ a: shapeArb({ maxRank: 2 }), b: shapeArb({ maxRank: 2 }) })).map(({ s: { a, b }, dts, mode }) => fromSlots(pair(a, b, dts, mode), (x, y) => np.outer(x!, y!), { mode })),
);

/** matmul: 1-d operands (vectors) or [...batch, m, k] with batch dims of different ranks broadcasting. */
export const matmulCase = lawCase(
  'matmul',
  productArb(fc.record({ b: broadcastShapesArb(2, 2), vec: intsArb(2, 0, 3), mkn: fc.array(dimArb(), { minLength: 3, maxLength: 3 }) })).map(({ s: { b, vec, mkn }, dts, mode }) => {
    const [m, k, n] = mkn as [number, number, number];
    const a = vec[0] === 0 ? [k] : [...b.operands[0]!, m, k];
    const c = vec[1] === 0 ? [k] : [...b.operands[1]!, k, n];
    return fromSlots(pair(a, c, dts, mode), (x, y) => np.matmul(x!, y!), { mode });
  }),
);

/** tensordot with a count of axes (default 2 too), or explicit axis lists (or single axes), in any order. */
export const tensordotCase = lawCase(
  'tensordot',
  productArb(
    fc.record({
      form: fc.nat({ max: 3 }),
      k: fc.integer({ min: 0, max: 2 }),
      cs: fc.array(dimArb(), { minLength: 2, maxLength: 2 }),
      fa: shapeArb({ maxRank: 2 }),
      fb: shapeArb({ maxRank: 2 }),
      akeys: keysArb(POOL),
      bkeys: keysArb(POOL),
      negs: maskArb(4),
    }),
  ).map(({ s: { form, k, cs, fa, fb, akeys, bkeys, negs }, dts, mode }) => {
    const c = cs.slice(0, form === 0 ? 2 : k);
    if (form <= 1) {
      const axes = form === 0 ? undefined : k;
      return fromSlots(pair([...fa, ...c], [...c, ...fb], dts, mode), (x, y) => (axes === undefined ? np.tensordot(x!, y!) : np.tensordot(x!, y!, axes)), { axes: axes ?? 'undefined', mode });
    }
    // items: contracted first, then free; an operand's axis j holds item perm[j]
    const layout = (free: readonly number[], keys: readonly number[]) => {
      const items = [...c, ...free];
      const perm = permutationFromKeys(keys, items.length);
      return { shape: perm.map((it) => items[it]!), where: (it: number) => perm.indexOf(it), r: items.length };
    };
    const la = layout(fa, akeys), lb = layout(fb, bkeys);
    const aAxes = c.map((_, i) => la.where(i) - (negs[i] ? la.r : 0));
    const bAxes = c.map((_, i) => lb.where(i) - (negs[2 + i] ? lb.r : 0));
    const axes: [number | number[], number | number[]] = form === 3 && c.length === 1 ? [aAxes[0]!, bAxes[0]!] : [aAxes, bAxes];
    return fromSlots(pair(la.shape, lb.shape, dts, mode), (x, y) => np.tensordot(x!, y!, axes), { axes, mode });
  }),
);

const EINSUM_SPECS: readonly string[] = [
  'ij,jk->ik',
  'bij,bjk->bik',
  'bij,bkj->bik',
  'i,i->',
  'ij->ji',
  'ij,j->i',
  'ij,jk,kl->il',
  'ab,bc,ca->',
  'i,j,k->ijk',
  'i,j->ij',
  'ij->',
  'ij->i',
  'ijk->kij',
  'ij,ij->ij',
  'bi,bi->b',
  'ijk,ik->j',
  'ij,kj->ki',
  'ij, jk -> ik',
];

/** einsum over a list of subscripts; label sizes drawn from a pool, operands of independent dtypes. */
export const einsumCase = lawCase(
  'einsum',
  fc
    .record({ spec: fc.constantFrom(...EINSUM_SPECS), sizes: fc.array(dimArb(), { minLength: 26, maxLength: 26 }), dts: fc.array(dtypeArb(), { minLength: 3, maxLength: 3 }), mode: valueModeArb(PRODUCT_MODES) })
    .map(({ spec, sizes, dts, mode }) => {
      const ins = spec.split('->')[0]!.replace(/\s/g, '').split(',');
      const slots: Slot[] = ins.map((labels, k) => ({
        shape: [...labels].map((l) => sizes[l.charCodeAt(0) - 97]!),
        dtype: dts[k]!,
        values: valueArb(dts[k]!, mode),
      }));
      return fromSlots(slots, (...xs) => np.einsum(spec, ...xs), { spec, mode });
    }),
);

export const productCases: LawCase[] = [dotCase, vdotCase, innerCase, outerCase, matmulCase, tensordotCase, einsumCase];

/** Every np case. */
export const npCases: LawCase[] = [
  ...unaryCases,
  ...binaryCases,
  ...castCases,
  clipCase,
  ...constantCases,
  arangeCase,
  linspaceCase,
  eyeCase,
  ...reductionCases,
  ...manipCases,
  ...productCases,
];

/** The np name a case covers: the first word of its name. */
export const coveredName = (c: LawCase): string => c.name.split(' ')[0]!;
