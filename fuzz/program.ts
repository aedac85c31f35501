/**
 * Random programs for the fuzzer: straight-line programs over the whole primitive set and the
 * collectives, with several outputs, built from shape-independent seeds so that fast-check can
 * shrink them (fewer steps, smaller pool values) and every shrunk seed list is still a legal program.
 *
 * A step draws from one of four tables:
 * - the shared program table of `properties/programs.ts` (imported read-only; `resolve` is called
 *   one step at a time with the current values as its inputs), which covers the elementwise,
 *   reduction, structural, dot and constant-index ops over float32/float64/int32;
 * - the extras below: what that table leaves out — bool values (comparisons, select with a real
 *   predicate, logical ops, conversions to and from bool), argmax/argmin/argsort, cummin, ceil,
 *   squeeze/expand_dims, and indexing with data-dependent indices (gather, scatter_add,
 *   dynamic_slice, dynamic_update_slice);
 * - the collectives over the named axes in scope (psum, pmax, pmin, pmean, psum over both names,
 *   axisIndex, allGather plain and tiled, ppermute with partial permutations, psumScatter plain and
 *   tiled, allToAll).
 * - control flow (./control.ts): scan, cond, switch, whileLoop, foriLoop and map whose bodies are
 *   random programs of their own, with predicates, indices and bounds computed from the data.
 *
 * Each op knows its result's shape and dtype without evaluating anything, so the per-example
 * reference (./reference.ts) and the transformed program make the same decisions.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { allGather, allToAll, axisIndex, pmax, pmean, pmin, ppermute, psum, psumScatter } from '../lib/collectives';
import * as lax from '../lib/lax';
import { np } from '../lib/numpy';
import { resolve as resolveShared, type Step as SharedStep } from '../properties/programs';
import { controlStep } from './control';

export interface Aval {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

export type CollectiveKind = 'psum' | 'pmax' | 'pmin' | 'pmean' | 'psumBoth' | 'axisIndex' | 'allGather' | 'ppermute' | 'psumScatter' | 'allToAll';

/** A collective op: which level (0 = outermost vmap) its name resolves to, and its parameters. */
export interface Collective {
  readonly kind: CollectiveKind;
  readonly level: number;
  /** Over both names (two levels), lanes numbered row-major; `level` is then 0. */
  readonly both: boolean;
  readonly axis: number;
  readonly tiled: boolean;
  readonly perm: readonly (readonly [number, number])[];
  readonly concat: number;
}

/** One resolved op: reads `args` (value indices), computes `apply`, produces `out`. */
export interface Op {
  /** The template name (for the op histogram). */
  readonly name: string;
  readonly text: string;
  readonly args: readonly number[];
  readonly apply: (...xs: NDArray[]) => NDArray;
  readonly out: Aval;
  readonly collective?: Collective;
  /**
   * For a control-flow step: the vmap levels its result varies along, given those of its args.
   * Batching finds which carries and branch outputs are batched from what the bodies use, so a
   * body that ignores a mapped input gives an unmapped result (./control.ts). Others: the union.
   */
  readonly vary?: (argVary: readonly ReadonlySet<number>[]) => Set<number>;
}

/** The axis names in scope, outermost first, with their sizes. */
export interface Scope {
  readonly names: readonly string[];
  readonly sizes: readonly number[];
}

export interface Program {
  readonly inputs: readonly Aval[];
  readonly ops: readonly Op[];
  /** Value indices returned (inputs are values 0..inputs.length-1, op k is value inputs.length + k). */
  readonly outputs: readonly number[];
  /** Every value's shape and dtype. */
  readonly avals: readonly Aval[];
}

/** One seed: which table, which template in it, which operands, and a pool of small integers. */
export interface Seed {
  readonly table: number;
  readonly kind: number;
  readonly a: number;
  readonly b: number;
  readonly p: readonly number[];
  /** The seeds of a control-flow step's bodies (./control.ts); unused by the other tables. */
  readonly sub?: readonly Seed[];
}

const flatSeedArb = fc.record({
  table: fc.nat({ max: 11 }),
  kind: fc.nat({ max: 1000 }),
  a: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.nat({ max: 8 }), weight: 2 }),
  b: fc.nat({ max: 8 }),
  p: fc.array(fc.nat({ max: 1023 }), { minLength: 4, maxLength: 4 }),
});

/** A seed; control-flow steps (tables 10-11) also carry up to 6 seeds for their bodies. */
export const seedArb: fc.Arbitrary<Seed> = fc
  .tuple(flatSeedArb, fc.array(flatSeedArb, { maxLength: 6 }))
  .map(([s, sub]) => (s.table >= 10 ? { ...s, sub } : s));

export interface BuildOptions {
  /** Leave out the collectives (and axisIndex) that the known jit bug trips over; see ./check.ts. */
  readonly avoidJitCollectiveBug?: boolean;
  /** Whether collectives may appear at all (false for jit-vs-eager programs, run outside any vmap). */
  readonly collectives?: boolean;
  /** How deep in control-flow bodies this program is (0: the top level). */
  readonly depth?: number;
}

const MAX_RANK = 4;
const MAX_SIZE = 96;
const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';
const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const range = (n: number): number[] => [...Array(n).keys()];
const pick = (v: number, n: number): number => (n <= 0 ? 0 : ((v % n) + n) % n);
const fmt = (s: readonly number[]): string => `(${s.join(',')})`;
const v = (i: number): string => `v${i}`;
const sameAval = (x: Aval, y: Aval): boolean => x.dtype === y.dtype && x.shape.length === y.shape.length && x.shape.every((n, i) => n === y.shape[i]);

interface Ctx {
  readonly vals: readonly Aval[];
  /** Whether each value depends on a program input (only axisIndex-derived values do not). */
  readonly dep: readonly boolean[];
  readonly a: number;
  readonly b: number;
  readonly p: readonly number[];
  readonly scope: Scope;
  readonly opts: BuildOptions;
}

type Made = Omit<Op, 'out'> & { readonly out?: Aval };
type Template = (c: Ctx) => Made | null;

/** Values with exactly x's shape and dtype (x itself included). */
const twins = (c: Ctx, x: number): number[] => range(c.vals.length).filter((i) => sameAval(c.vals[i]!, c.vals[x]!));
const partner = (c: Ctx, x: number): number => {
  const t = twins(c, x);
  return t[pick(c.b, t.length)]!;
};
/** A value of a given dtype class, chosen by the b selector, or null. */
function chooseWhere(c: Ctx, ok: (a: Aval) => boolean, sel = c.b): number | null {
  const cands = range(c.vals.length).filter((i) => ok(c.vals[i]!));
  return cands.length ? cands[pick(sel, cands.length)]! : null;
}

/** Indices in range for an axis of size n, computed from the data of `src`: rem(|int(src)|, n). */
function indicesFrom(src: NDArray, n: number): NDArray {
  const i = src.dtype === 'int32' ? src : lax.convertElementType(src, 'int32');
  return lax.rem(lax.abs(i), n); // |INT_MIN| stays negative: rem keeps it in (-n, 0], which wraps once
}

/** A start index from the data of `src`: int32 max over all axes (clamped by dynamic_slice). */
function startFrom(src: NDArray): NDArray {
  const m = src.ndim === 0 ? src : lax.reduceMax(src, range(src.ndim));
  return m.dtype === 'int32' ? m : lax.convertElementType(m, 'int32');
}

const CMP: readonly [string, (x: NDArray, y: NDArray) => NDArray][] = [
  ['eq', lax.eq], ['ne', lax.ne], ['lt', lax.lt], ['le', lax.le], ['gt', lax.gt], ['ge', lax.ge],
];

/** What the shared table leaves out. */
const EXTRAS: readonly Template[] = [
  (c) => {
    const x = c.a, y = partner(c, x);
    const [nm, f] = CMP[pick(c.p[0]!, CMP.length)]!;
    return { name: nm, text: `${nm}(${v(x)}, ${v(y)})`, args: [x, y], apply: f };
  },
  (c) => {
    const x = c.vals[c.a]!;
    if (x.dtype === 'bool') return null;
    const pred = chooseWhere(c, (a) => a.dtype === 'bool' && a.shape.length === x.shape.length && a.shape.every((n, i) => n === x.shape[i]));
    const y = partner(c, c.a);
    if (pred === null) return { name: 'select', text: `select(${v(c.a)} < ${v(y)}, ${v(c.a)}, ${v(y)})`, args: [c.a, y], apply: (a, b) => lax.select(lax.lt(a, b), a, b) };
    return { name: 'select', text: `select(${v(pred)}, ${v(c.a)}, ${v(y)})`, args: [pred, c.a, y], apply: (p, a, b) => lax.select(p, a, b) };
  },
  (c) => {
    const x = c.vals[c.a]!;
    if (x.dtype !== 'bool' && x.dtype !== 'int32') return null;
    const y = partner(c, c.a);
    const k = pick(c.p[0]!, 4);
    const nm = ['and', 'or', 'xor', 'not'][k]!;
    if (k === 3) return { name: nm, text: `not(${v(c.a)})`, args: [c.a], apply: lax.not };
    const f = [lax.and, lax.or, lax.xor][k]!;
    return { name: nm, text: `${nm}(${v(c.a)}, ${v(y)})`, args: [c.a, y], apply: f };
  },
  (c) => {
    const x = c.vals[c.a]!;
    const to: DType = x.dtype === 'bool' ? (['int32', 'float32', 'float64'] as const)[pick(c.p[0]!, 3)]! : 'bool';
    return { name: 'convert', text: `convert(${v(c.a)}, ${to})`, args: [c.a], apply: (a) => lax.convertElementType(a, to) };
  },
  (c) => {
    const x = c.vals[c.a]!;
    const axes = range(x.shape.length).filter((d) => x.shape[d]! > 0);
    if (!axes.length) return null;
    const ax = axes[pick(c.p[0]!, axes.length)]!;
    const min = pick(c.p[1]!, 2) === 1;
    const idx: DType = pick(c.p[2]!, 4) === 0 ? 'float64' : 'int32';
    const nm = min ? 'argmin' : 'argmax';
    return { name: nm, text: `${nm}(${v(c.a)}, axis ${ax}, ${idx})`, args: [c.a], apply: (a) => (min ? lax.argmin(a, ax, idx) : lax.argmax(a, ax, idx)) };
  },
  (c) => {
    const x = c.vals[c.a]!;
    if (x.shape.length === 0) return null;
    const ax = pick(c.p[0]!, x.shape.length);
    const k = pick(c.p[1]!, 3);
    const rev = pick(c.p[2]!, 2) === 1;
    if (k === 0) return { name: 'argsort', text: `argsort(${v(c.a)}, axis ${ax})`, args: [c.a], apply: (a) => lax.argsort(a, ax) };
    if (k === 1) return { name: 'cummin', text: `cummin(${v(c.a)}, axis ${ax}${rev ? ', reverse' : ''})`, args: [c.a], apply: (a) => lax.cummin(a, ax, rev) };
    return { name: 'sortNeg', text: `sort(${v(c.a)}, axis ${ax - x.shape.length})`, args: [c.a], apply: (a) => lax.sort(a, ax - x.shape.length) };
  },
  (c) => {
    const x = c.vals[c.a]!;
    if (!isFloat(x.dtype)) return null;
    const k = pick(c.p[0]!, 3);
    const nm = ['ceil', 'roundAway', 'abs'][k]!;
    const f = [lax.ceil, (a: NDArray) => lax.round(a, 'awayFromZero'), lax.abs][k]!;
    return { name: nm, text: `${nm}(${v(c.a)})`, args: [c.a], apply: f };
  },
  (c) => {
    const x = c.vals[c.a]!;
    const ones = range(x.shape.length).filter((d) => x.shape[d] === 1);
    if (ones.length && pick(c.p[0]!, 2) === 0) {
      const dims = ones.filter((_, i) => ((c.p[1]! >> i) & 1) === 1 || i === 0);
      return { name: 'squeeze', text: `squeeze(${v(c.a)}, [${dims}])`, args: [c.a], apply: (a) => lax.squeeze(a, dims) };
    }
    if (x.shape.length >= MAX_RANK) return null;
    const at = pick(c.p[2]!, x.shape.length + 1);
    return { name: 'expandDims', text: `expandDims(${v(c.a)}, [${at}])`, args: [c.a], apply: (a) => lax.expandDims(a, [at]) };
  },
  (c) => {
    // gather along an axis with indices computed from another value's data (batched indices under vmap)
    const x = c.vals[c.a]!;
    const axes = range(x.shape.length).filter((d) => x.shape[d]! > 0);
    if (!axes.length) return null;
    const ax = axes[pick(c.p[0]!, axes.length)]!;
    const n = x.shape[ax]!;
    const src = chooseWhere(c, (a) => a.dtype !== 'bool' && a.shape.length <= 2);
    if (src === null) return null;
    return { name: 'gather', text: `gather(${v(c.a)}, |int(${v(src)})| rem ${n}, axis ${ax})`, args: [c.a, src], apply: (a, s) => lax.gather(a, indicesFrom(s, n), ax) };
  },
  (c) => {
    // scatterAdd of a gathered block back in, at data-dependent indices (repeats add up in index order)
    const x = c.vals[c.a]!;
    if (x.dtype === 'bool') return null;
    const axes = range(x.shape.length).filter((d) => x.shape[d]! > 0);
    if (!axes.length) return null;
    const ax = axes[pick(c.p[0]!, axes.length)]!;
    const n = x.shape[ax]!;
    const src = chooseWhere(c, (a) => a.dtype !== 'bool' && a.shape.length <= 1);
    if (src === null) return null;
    const scale = pick(c.p[1]!, 3) - 1;
    return {
      name: 'scatterAdd',
      text: `scatterAdd(${v(c.a)}, idx = |int(${v(src)})| rem ${n}, ${scale} * gather(${v(c.a)}, idx), axis ${ax})`,
      args: [c.a, src],
      apply: (a, s) => {
        const idx = indicesFrom(s, n);
        return lax.scatterAdd(a, idx, lax.mul(lax.gather(a, idx, ax), scale), ax);
      },
    };
  },
  (c) => {
    // dynamic_slice / dynamic_update_slice at starts computed from data (clamped into range)
    const x = c.vals[c.a]!;
    if (x.shape.length === 0) return null;
    const sizes = x.shape.map((n, d) => pick(c.p[d % 4]! >> 2, n + 1));
    const src = chooseWhere(c, (a) => a.dtype !== 'bool');
    if (src === null) return null;
    const update = pick(c.p[0]!, 2) === 1;
    const shift = x.shape.map((_, d) => pick(c.p[d % 4]! >> 5, 3) - 1);
    const starts = (s: NDArray) => shift.map((k) => lax.add(startFrom(s), k));
    if (!update)
      return { name: 'dynamicSlice', text: `dynamicSlice(${v(c.a)}, starts from ${v(src)} + [${shift}], ${fmt(sizes)})`, args: [c.a, src], apply: (a, s) => lax.dynamicSlice(a, starts(s), sizes) };
    return {
      name: 'dynamicUpdateSlice',
      text: `dynamicUpdateSlice(${v(c.a)}, -block ${fmt(sizes)} of ${v(c.a)}, starts from ${v(src)} + [${shift}])`,
      args: [c.a, src],
      apply: (a, s) => {
        const block = lax.slice(a, sizes.map(() => 0), sizes);
        return lax.dynamicUpdateSlice(a, x.dtype === 'bool' ? lax.not(block) : lax.neg(block), starts(s));
      },
    };
  },
  (c) => {
    const x = c.vals[c.a]!;
    if (x.dtype !== 'bool') return null;
    const axes = range(x.shape.length).filter((d) => ((c.p[0]! >> d) & 1) === 1);
    const any = pick(c.p[1]!, 2) === 0;
    return { name: any ? 'any' : 'all', text: `${any ? 'any' : 'all'}(${v(c.a)}, [${axes}])`, args: [c.a], apply: (a) => (any ? lax.reduceMax(a, axes) : lax.reduceMin(a, axes)) };
  },
];

/**
 * Collectives over the names in scope (`level` is the vmap the name resolves to). With two distinct
 * names, most kinds are also drawn over both names at once (`both`): the lanes are then numbered
 * row-major, outer name first, as JAX numbers a multi-name axis.
 */
function collective(c: Ctx, kindSeed: number): Made | null {
  const { names, sizes } = c.scope;
  if (!(c.opts.collectives ?? true) || names.length === 0) return null;
  const x = c.vals[c.a]!;
  const guard = c.opts.avoidJitCollectiveBug ?? false;
  if (x.dtype === 'bool' || (guard && !c.dep[c.a])) return null;
  // a name bound twice resolves to the innermost vmap: the outer one is shadowed
  const levels = range(names.length).filter((l) => names.lastIndexOf(names[l]!) === l);
  const kinds: CollectiveKind[] = ['psum', 'pmax', 'pmin', 'pmean', 'psumBoth', 'axisIndex', 'allGather', 'ppermute', 'psumScatter', 'allToAll'];
  const kind = kinds[pick(kindSeed, kinds.length)]!;
  // over several names, ppermute, psumScatter and allToAll are built on axisIndex: the known jit bug again
  const canBoth = levels.length === 2 && (guard ? kind === 'allGather' : ['axisIndex', 'allGather', 'ppermute', 'psumScatter', 'allToAll'].includes(kind));
  const both = canBoth && pick(c.p[3]! >> 4, 3) === 0;
  const level = both ? 0 : levels[pick(c.p[0]!, levels.length)]!;
  const name: string | string[] = both ? [...names] : names[level]!;
  const shown = both ? `[${names.map((s) => `'${s}'`)}]` : `'${name as string}'`;
  const n = both ? sizes[0]! * sizes[1]! : sizes[level]!;
  const base: Collective = { kind, level, both, axis: 0, tiled: false, perm: [], concat: 0 };
  const r = x.shape.length;
  const made = (text: string, apply: (a: NDArray) => NDArray, extra: Partial<Collective> = {}): Made => ({
    name: both ? `${kind}Both` : kind,
    text,
    args: kind === 'axisIndex' ? [] : [c.a],
    apply: kind === 'axisIndex' ? () => apply(undefined as never) : apply,
    collective: { ...base, ...extra },
  });
  switch (kind) {
    case 'psum':
      return made(`psum(${v(c.a)}, ${shown})`, (a) => psum(a, name));
    case 'pmax':
      return made(`pmax(${v(c.a)}, ${shown})`, (a) => pmax(a, name));
    case 'pmin':
      return made(`pmin(${v(c.a)}, ${shown})`, (a) => pmin(a, name));
    case 'pmean':
      return made(`pmean(${v(c.a)}, ${shown})`, (a) => pmean(a, name));
    case 'psumBoth': {
      if (levels.length < 2) return null;
      const all = [...names];
      return made(`psum(${v(c.a)}, [${all.map((s) => `'${s}'`)}])`, (a) => psum(a, all), { level: 0 });
    }
    case 'axisIndex':
      if (guard) return null;
      return made(`axisIndex(${shown})`, () => axisIndex(name));
    case 'allGather': {
      const tiled = r > 0 && pick(c.p[1]!, 2) === 1;
      const axis = pick(c.p[2]!, tiled ? r : r + 1);
      return made(`allGather(${v(c.a)}, ${shown}, axis ${axis}${tiled ? ', tiled' : ''})`, (a) => allGather(a, name, { axis, tiled }), { axis, tiled });
    }
    case 'ppermute': {
      const order = range(n).sort((i, j) => pick(c.p[(i % 3) + 1]! >> (i % 5), 7) - pick(c.p[(j % 3) + 1]! >> (j % 5), 7) || i - j);
      const keep = n === 0 ? 0 : n - pick(c.p[1]!, Math.min(n, 2)); // sometimes partial: unnamed lanes get zeros
      const perm = range(keep).map((i): [number, number] => [i, order[i]!]);
      return made(`ppermute(${v(c.a)}, ${shown}, ${JSON.stringify(perm)})`, (a) => ppermute(a, name, perm), { perm });
    }
    case 'psumScatter': {
      const tiled = pick(c.p[1]!, 2) === 1 && n > 0;
      const dims = range(r).filter((d) => (tiled ? x.shape[d]! % n === 0 : x.shape[d] === n));
      if (!dims.length) return null;
      const axis = dims[pick(c.p[2]!, dims.length)]!;
      return made(`psumScatter(${v(c.a)}, ${shown}, dim ${axis}${tiled ? ', tiled' : ''})`, (a) => psumScatter(a, name, { scatterDimension: axis, tiled }), { axis, tiled });
    }
    case 'allToAll': {
      const tiled = pick(c.p[1]!, 2) === 1 && n > 0;
      const dims = range(r).filter((d) => (tiled ? x.shape[d]! % n === 0 : x.shape[d] === n));
      if (!dims.length) return null;
      const axis = dims[pick(c.p[2]!, dims.length)]!;
      const concat = pick(c.p[3]!, r);
      return made(`allToAll(${v(c.a)}, ${shown}, split ${axis}, concat ${concat}${tiled ? ', tiled' : ''})`, (a) => allToAll(a, name, axis, concat, { tiled }), { axis, concat, tiled });
    }
  }
}

/** The result aval of a collective (collectives cannot be probed outside their vmap). */
export function collectiveAval(col: Collective, x: Aval | undefined, n: number): Aval {
  if (col.kind === 'axisIndex') return { shape: [], dtype: 'int32' };
  const s = [...x!.shape];
  switch (col.kind) {
    case 'pmean':
      return { shape: s, dtype: isFloat(x!.dtype) ? x!.dtype : 'float64' };
    case 'allGather':
      if (col.tiled) s[col.axis]! *= n;
      else s.splice(col.axis, 0, n);
      return { shape: s, dtype: x!.dtype };
    case 'psumScatter':
      if (col.tiled) s[col.axis] = s[col.axis]! / n;
      else s.splice(col.axis, 1);
      return { shape: s, dtype: x!.dtype };
    case 'allToAll':
      if (col.tiled) {
        s[col.axis] = s[col.axis]! / n;
        s[col.concat]! *= n;
      } else {
        s.splice(col.axis, 1);
        s.splice(col.concat, 0, n);
      }
      return { shape: s, dtype: x!.dtype };
    default:
      return { shape: s, dtype: x!.dtype };
  }
}

const SHARED_DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];

/** A step from the shared table: `resolve` sees only the float/int values (it does not take bool). */
function sharedStep(c: Ctx, seed: Seed): Made | null {
  const idx = range(c.vals.length).filter((i) => SHARED_DTYPES.includes(c.vals[i]!.dtype));
  if (!idx.length) return null;
  // the shared resolver counts its operand back from the last value it sees
  let q = -1;
  idx.forEach((i, k) => {
    if (i <= c.a) q = k;
  });
  const local = idx.length - 1 - q;
  const step: SharedStep = { kind: seed.kind, a: pick(local, idx.length), b: seed.b, p: seed.p };
  const prog = resolveShared(idx.map((i) => c.vals[i]!), [step], 'any');
  const op = prog.ops[0];
  if (!op) return null;
  const rename = (text: string) => text.replace(/^v\d+ = /, '').replace(/\bv(\d+)\b/g, (_m, j: string) => v(idx[Number(j)]!));
  const body = op.text.replace(/^v\d+ = /, '');
  const name = / - broadcast\(sum/.test(body) ? 'centre' : / \+ iota/.test(body) ? 'iota' : body.split('(')[0]!.trim();
  return { name, text: rename(op.text), args: op.args.map((j) => idx[j]!), apply: op.apply, out: op.out };
}

/** Result shape and dtype by applying the op to zeros (nothing is evaluated). */
const probe = (m: Made, vals: readonly Aval[]): Aval => {
  const out = m.apply(...m.args.map((i) => np.zeros(vals[i]!.shape, vals[i]!.dtype)));
  return { shape: [...out.shape], dtype: out.dtype };
};

/**
 * Turns seeds into a program over `inputs`. Tables 0-5 are the shared table, 6-7 the extras, 8-9 the
 * collectives (when names are in scope; else the extras), 10-11 control flow (./control.ts; the
 * extras in bodies nested too deep). A seed that fits nothing is skipped.
 */
export function buildProgram(inputs: readonly Aval[], seeds: readonly Seed[], scope: Scope, outSel: readonly number[], opts: BuildOptions = {}): Program {
  const vals: Aval[] = [...inputs];
  const dep: boolean[] = inputs.map(() => true);
  const ops: Op[] = [];
  for (const seed of seeds) {
    const a = vals.length - 1 - pick(seed.a, vals.length);
    const c: Ctx = { vals, dep, a, b: seed.b, p: seed.p, scope, opts };
    let made: Made | null = null;
    if (seed.table <= 5) made = sharedStep(c, seed);
    else if (seed.table >= 10) made = controlStep({ vals, a, b: seed.b, p: seed.p, depth: opts.depth ?? 0 }, seed);
    else if (seed.table >= 8 && scope.names.length > 0 && (opts.collectives ?? true)) made = collective(c, seed.kind);
    if (!made) {
      // the extras that fit, starting at the drawn one
      const legal = EXTRAS.map((t) => t(c)).filter((m): m is Made => m !== null);
      made = legal.length ? legal[seed.kind % legal.length]! : null;
    }
    if (!made) continue;
    const col = made.collective;
    const n = col ? (col.both ? scope.sizes[0]! * scope.sizes[1]! : scope.sizes[col.level]!) : 0;
    const out = made.out ?? (col ? collectiveAval(col, vals[made.args[0]!], n) : probe(made, vals));
    if (out.shape.length > MAX_RANK || sizeOf(out.shape) > MAX_SIZE) continue;
    ops.push({ ...made, text: `${v(vals.length)} = ${made.text}`, out });
    dep.push(made.collective?.kind === 'axisIndex' ? false : made.args.some((i) => dep[i]));
    vals.push(out);
  }
  const last = vals.length - 1;
  const outputs = [last, ...outSel.map((s) => pick(s, vals.length))];
  return { inputs, ops, outputs: [...new Set(outputs)], avals: vals };
}

/** Runs the program on arrays (per-example values, or trace placeholders inside a transform). */
export function runProgram(p: Program, xs: readonly NDArray[]): NDArray[] {
  const env: NDArray[] = [...xs];
  for (const op of p.ops) env.push(op.apply(...op.args.map((i) => env[i]!)));
  return p.outputs.map((i) => env[i]!);
}

export function describeProgram(p: Program): string {
  const ins = p.inputs.map((a, i) => `${v(i)}: ${a.dtype}${fmt(a.shape)}`).join(', ');
  return [`program (${ins}) -> [${p.outputs.map(v).join(', ')}]`, ...p.ops.map((o) => `  ${o.text}   : ${o.out.dtype}${fmt(o.out.shape)}`)].join('\n');
}
