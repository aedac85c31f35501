/**
 * The fuzzer's checks. A case is a random program (./program.ts), a check kind and the values:
 *
 * - 'jit':    jit(P)(...xs) equals P(...xs), called twice (the second call hits the cache);
 * - 'vmap':   vmap(P, { inAxes, outAxes, axisName, axisSize? })(...stacked) equals the loop over
 *             the examples, stacked at out_axes;
 * - 'nested': vmap(vmap(P, inner), outer) equals the double loop;
 *
 * where the vmapped program may be jitted inside (vmap(jit(P))) or outside (jit(vmap(P))), in which
 * case it is called twice too. Everything is compared bit for bit (shape, dtype, Object.is per
 * element), as the library promises.
 *
 * The loop runs every example in lockstep so that collectives can be computed across examples: a
 * collective over a level reads the values of the examples that differ only in that level's index,
 * in index order, and applies JAX's vmap semantics — a psum of a value that does not vary along the
 * axis is the value times the axis size (not a sum), pmax/pmin of it is itself, and so on. Whether a
 * value varies along a level is tracked structurally (it depends on an input mapped by that level,
 * on axisIndex, or on a ppermute/psumScatter/allToAll over that level).
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { np } from '../lib/numpy';
import { jit } from '../lib/transforms/jit';
import { vmap, type VmapOptions } from '../lib/transforms/vmap';
import { bitEqual, canonicalAxis, describeHost, fromNDArray, host, stackAxis, toNDArray, type HostArray } from '../properties/host';
import { buildProgram, describeProgram, runProgram, seedArb, type Aval, type Program } from './program';

export type CheckKind = 'jit' | 'vmap' | 'nested';
export type JitPlacement = 'none' | 'inner' | 'outer';

/** One vmap level (0 is the outermost). */
export interface Level {
  readonly name: string;
  readonly size: number;
  readonly inAxes: readonly (number | null)[];
  readonly outAxes: readonly (number | null)[];
  readonly passAxisSize: boolean;
}

export interface FuzzCase {
  readonly kind: CheckKind;
  readonly program: Program;
  readonly levels: readonly Level[];
  readonly jit: JitPlacement;
  /** Per input, one host array per combination of the indices of the levels that map it. */
  readonly values: readonly (readonly HostArray[])[];
}

export interface FuzzOptions {
  /** Which check (default: a mix, weighted towards vmap). */
  readonly kind?: CheckKind;
  readonly maxSteps?: number;
  /**
   * Keep out a collective that depends on no argument (axisIndex) traced by a jit inside a vmap: it
   * once was cached with the first vmap's axis (fixed). Default false; `--avoid-known-bugs` sets it.
   */
  readonly avoidKnownBugs?: boolean;
}

/** What vmap and jit the check uses (injectable: a planted bug must be caught). */
export interface Impl {
  readonly vmap: (f: (...a: any[]) => any, opts: VmapOptions) => (...a: any[]) => any;
  readonly jit: (f: (...a: any[]) => any) => (...a: any[]) => any;
}
const realImpl: Impl = { vmap: (f, o) => vmap(f, o), jit: (f) => jit(f) };

/** Counts, for reports. */
export interface Stats {
  programs: number;
  byKind: Record<string, number>;
  ops: Record<string, number>;
  steps: number;
}
export const newStats = (): Stats => ({ programs: 0, byKind: {}, ops: {}, steps: 0 });

// ------------------------------------------------------------------ generation

const dimArb = fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 8 });
const shapeArb = fc.array(dimArb, { maxLength: 3 });
const sizeArb = fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 7 });
const SPECIALS = [NaN, Infinity, -Infinity, -0, 0.1, 1e10, -1e-10, 2147483647, -2147483648, 3.4e38, 0.5, -2.5];
/** Element seeds: mostly small integers (exact sums), some halves, special values and any double. */
const valueSeedArb = fc.oneof(
  { arbitrary: fc.integer({ min: -4, max: 4 }), weight: 10 },
  { arbitrary: fc.integer({ min: -8, max: 8 }).map((k) => k / 2), weight: 3 },
  { arbitrary: fc.constantFrom(...SPECIALS), weight: 2 },
  { arbitrary: fc.double(), weight: 1 },
);

const pick = (v: number, n: number): number => (n <= 0 ? 0 : ((v % n) + n) % n);
const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const range = (n: number): number[] => [...Array(n).keys()];
const depthOf = (k: CheckKind): number => (k === 'jit' ? 0 : k === 'vmap' ? 1 : 2);

/** Per value, the set of levels along which it varies (see the module comment). */
export function variance(p: Program, levels: readonly Level[]): Set<number>[] {
  const vary: Set<number>[] = p.inputs.map((_, a) => new Set(range(levels.length).filter((k) => levels[k]!.inAxes[a] !== null)));
  for (const op of p.ops) {
    if (op.vary) {
      vary.push(op.vary(op.args.map((i) => vary[i]!)));
      continue;
    }
    const ins = new Set(op.args.flatMap((i) => [...vary[i]!]));
    const col = op.collective;
    if (col) {
      const named = col.both || col.kind === 'psumBoth' ? range(levels.length) : [col.level];
      if (['psum', 'pmax', 'pmin', 'pmean', 'psumBoth', 'allGather'].includes(col.kind)) named.forEach((l) => ins.delete(l));
      else named.forEach((l) => ins.add(l)); // axisIndex, ppermute, psumScatter, allToAll
    }
    vary.push(ins);
  }
  return vary;
}

/** An axis in [-(r+1), r] or null, from a pool value; null about 2 times in (2r + 4). */
function inAxisFrom(seed: number, r: number): number | null {
  const t = pick(seed, 2 * (r + 1) + 2);
  return t < 2 ? null : t - 2 - (r + 1);
}

/** The arbitrary of fuzz cases. */
export function fuzzCaseArb(opts: FuzzOptions = {}): fc.Arbitrary<FuzzCase> {
  const kindArb: fc.Arbitrary<CheckKind> = opts.kind ? fc.constant(opts.kind) : fc.constantFrom<CheckKind>('jit', 'vmap', 'vmap', 'nested');
  return fc
    .record({
      kind: kindArb,
      nIn: fc.integer({ min: 1, max: 3 }),
      shapes: fc.tuple(shapeArb, shapeArb, shapeArb),
      dtypes: fc.tuple(...[0, 1, 2].map(() => fc.constantFrom<DType>('float64', 'float64', 'float32', 'int32', 'bool'))),
      seeds: fc.array(seedArb, { minLength: 1, maxLength: opts.maxSteps ?? 8 }),
      sizes: fc.tuple(sizeArb, sizeArb),
      sameName: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, { arbitrary: fc.constant(true), weight: 1 }),
      axes: fc.array(fc.nat({ max: 1000 }), { minLength: 12, maxLength: 12 }),
      passSize: fc.tuple(fc.boolean(), fc.boolean()),
      jit: fc.constantFrom<JitPlacement>('none', 'none', 'inner', 'outer'),
      outSel: fc.array(fc.nat({ max: 100 }), { maxLength: 2 }),
      pool: fc.array(valueSeedArb, { minLength: 1, maxLength: 24 }),
    })
    .map((r) => {
      const depth = depthOf(r.kind);
      const names = depth === 2 ? (r.sameName ? ['i', 'i'] : ['i', 'j']) : depth === 1 ? ['i'] : [];
      const sizes = r.sizes.slice(0, depth);
      const inputs: Aval[] = range(r.nIn).map((a) => ({ shape: r.shapes[a]!, dtype: r.dtypes[a]! }));
      const jitAt: JitPlacement = depth === 0 ? 'none' : r.jit;
      const program = buildProgram(inputs, r.seeds, { names, sizes }, r.outSel, {
        collectives: depth > 0,
        avoidJitCollectiveBug: (opts.avoidKnownBugs ?? false) && jitAt === 'inner',
      });
      // in_axes, innermost level first: an argument's rank at a level counts the inner levels mapping it
      const inAxes: (number | null)[][] = sizes.map(() => []);
      for (let k = depth - 1; k >= 0; k--)
        inputs.forEach((x, a) => {
          const rank = x.shape.length + range(depth).filter((m) => m > k && inAxes[m]![a] !== null).length;
          inAxes[k]![a] = inAxisFrom(r.axes[(k * 3 + a) % 12]!, rank);
        });
      const pre = sizes.map((size, k): Level => ({ name: names[k]!, size, inAxes: inAxes[k]!, outAxes: [], passAxisSize: false }));
      const vary = variance(program, pre);
      // out_axes, innermost first; null only for an output that does not vary along a non-empty level
      const outAxes: (number | null)[][] = sizes.map(() => []);
      for (let k = depth - 1; k >= 0; k--)
        program.outputs.forEach((o, j) => {
          const rank = program.avals[o]!.shape.length + range(depth).filter((m) => m > k && outAxes[m]![j] !== null).length;
          const nullOk = sizes[k]! > 0 && !vary[o]!.has(k);
          const t = pick(r.axes[(6 + k * 3 + j) % 12]!, 2 * (rank + 1) + (nullOk ? 2 : 0));
          outAxes[k]![j] = t >= 2 * (rank + 1) ? null : t - (rank + 1);
        });
      const levels = pre.map((l, k): Level => ({
        ...l,
        outAxes: outAxes[k]!,
        passAxisSize: r.passSize[k]! || l.inAxes.every((x) => x === null),
      }));
      const values = inputs.map((x, a) => {
        const count = levels.reduce((n, l) => n * (l.inAxes[a] === null ? 1 : l.size), 1);
        const n = sizeOf(x.shape);
        return range(count).map((c) => host(x.shape, x.dtype, range(n).map((e) => r.pool[(a * 37 + c * n + e) % r.pool.length]!)));
      });
      const fcase: FuzzCase = { kind: r.kind, program, levels, jit: jitAt, values };
      return Object.assign(fcase, { [fc.toStringMethod]: () => describeCase(fcase) });
    });
}

// ------------------------------------------------------------------ the per-example reference

/** The index of argument a's example for the lane `t` (mixed radix over the levels mapping a). */
function exampleIndex(c: FuzzCase, a: number, t: readonly number[]): number {
  let idx = 0;
  c.levels.forEach((l, k) => {
    if (l.inAxes[a] !== null) idx = idx * l.size + t[k]!;
  });
  return idx;
}

/** Every lane (tuple of level indices), row-major, outermost level first. */
function lanesOf(levels: readonly Level[]): number[][] {
  let lanes: number[][] = [[]];
  for (const l of levels) lanes = lanes.flatMap((t) => range(l.size).map((i) => [...t, i]));
  return lanes;
}

const stack = (xs: readonly NDArray[], axis: number): NDArray => lax.concatenate(xs.map((x) => lax.expandDims(x, [axis])), axis);
const sliceAt = (x: NDArray, axis: number, start: number, stop: number): NDArray =>
  lax.slice(x, x.shape.map((_, d) => (d === axis ? start : 0)), x.shape.map((n, d) => (d === axis ? stop : n)));

/**
 * Runs the program over every lane in lockstep: ordinary ops lane by lane, collectives across the
 * lanes that differ only in the collective's level. Returns per lane the values of all variables.
 */
export function reference(c: FuzzCase): { lanes: number[][]; env: NDArray[][] } {
  const { program: p, levels } = c;
  const lanes = lanesOf(levels);
  const strides = levels.map((_, k) => levels.slice(k + 1).reduce((n, l) => n * l.size, 1));
  const laneId = (t: readonly number[]) => t.reduce((acc, i, k) => acc + i * strides[k]!, 0);
  const group = (t: readonly number[], l: number) => range(levels[l]!.size).map((i) => laneId(t.map((x, k) => (k === l ? i : x))));
  const vary = variance(p, levels);
  const env: NDArray[][] = lanes.map((t) => p.inputs.map((_, a) => toNDArray(c.values[a]![exampleIndex(c, a, t)]!)));

  /** psum over level l of variable values `vals` (per lane), as vmap batches it. */
  const psumRef = (vals: readonly NDArray[], varies: boolean, l: number): NDArray[] =>
    lanes.map((t, id) => {
      if (!varies) return lax.mul(vals[id]!, levels[l]!.size);
      const g = group(t, l).map((j) => vals[j]!);
      return g.reduce((acc, x) => lax.add(acc, x), np.zeros(vals[id]!.shape, vals[id]!.dtype));
    });

  for (const op of p.ops) {
    const col = op.collective;
    if (!col) {
      lanes.forEach((_, id) => env[id]!.push(op.apply(...op.args.map((i) => env[id]![i]!))));
      continue;
    }
    const xi = op.args[0];
    const xs = xi === undefined ? [] : lanes.map((_, id) => env[id]![xi]!);
    const l = col.level;
    const varies = (k: number) => xi !== undefined && vary[xi]!.has(k);
    // the lanes the collective reads, in order, and this lane's index among them
    const members = (t: readonly number[]) => (col.both ? range(lanes.length) : group(t, l));
    const me = (t: readonly number[]) => (col.both ? laneId(t) : t[l]!);
    const n = col.both ? lanes.length : levels[l]!.size;
    /** psum over the named levels, innermost first (as psum over a list of names is composed). */
    const psumAll = () => (col.both ? psumRef(psumRef(xs, varies(1), 1), varies(0), 0) : psumRef(xs, varies(l), l));
    let out: NDArray[];
    switch (col.kind) {
      case 'psum':
        out = psumRef(xs, varies(l), l);
        break;
      case 'pmean':
        out = psumRef(xs, varies(l), l).map((s) => np.divide(s, n));
        break;
      case 'psumBoth':
        out = psumRef(psumRef(xs, varies(1), 1), vary[xi!]!.has(0), 0);
        break;
      case 'pmax':
      case 'pmin': {
        const f = col.kind === 'pmax' ? lax.max : lax.min;
        out = lanes.map((t, id) => (varies(l) ? members(t).map((j) => xs[j]!).reduce((acc, x) => f(acc, x)) : xs[id]!));
        break;
      }
      case 'axisIndex':
        out = lanes.map((t) => np.array(me(t), 'int32'));
        break;
      case 'allGather':
        out = lanes.map((t) => {
          const g = members(t).map((j) => xs[j]!);
          return col.tiled ? lax.concatenate(g, col.axis) : stack(g, col.axis);
        });
        break;
      case 'ppermute':
        out = lanes.map((t, id) => {
          const pair = col.perm.find(([, d]) => d === me(t));
          return pair ? xs[members(t)[pair[0]]!]! : np.zeros(xs[id]!.shape, xs[id]!.dtype);
        });
        break;
      case 'psumScatter': {
        const s = psumAll();
        out = lanes.map((t, id) => {
          const k = me(t);
          if (col.tiled) {
            const chunk = s[id]!.shape[col.axis]! / n;
            return sliceAt(s[id]!, col.axis, k * chunk, (k + 1) * chunk);
          }
          return lax.squeeze(sliceAt(s[id]!, col.axis, k, k + 1), [col.axis]);
        });
        break;
      }
      case 'allToAll':
        out = lanes.map((t) => {
          const k = me(t);
          const g = members(t).map((j) => xs[j]!);
          if (col.tiled) {
            const chunk = g[0]!.shape[col.axis]! / n;
            return lax.concatenate(g.map((x) => sliceAt(x, col.axis, k * chunk, (k + 1) * chunk)), col.concat);
          }
          return stack(g.map((x) => lax.squeeze(sliceAt(x, col.axis, k, k + 1), [col.axis])), col.concat);
        });
        break;
    }
    lanes.forEach((_, id) => env[id]!.push(out[id]!));
  }
  return { lanes, env };
}

// ------------------------------------------------------------------ the transformed side

const insertAt = (shape: readonly number[], axis: number, n: number): number[] => {
  const ax = canonicalAxis(axis, shape.length + 1);
  return [...shape.slice(0, ax), n, ...shape.slice(ax)];
};

/** Argument a as level k sees it (levels >= k stacked in). */
function argShape(c: FuzzCase, a: number, k: number): readonly number[] {
  if (k === c.levels.length) return c.program.inputs[a]!.shape;
  const l = c.levels[k]!, inner = argShape(c, a, k + 1), ax = l.inAxes[a] ?? null;
  return ax === null ? inner : insertAt(inner, ax, l.size);
}

function buildArg(c: FuzzCase, a: number, k: number, prefix: readonly number[]): HostArray {
  if (k === c.levels.length) return c.values[a]![exampleIndex(c, a, prefix)]!;
  const l = c.levels[k]!, ax = l.inAxes[a] ?? null;
  if (ax === null) return buildArg(c, a, k + 1, [...prefix, 0]);
  const items = range(l.size).map((i) => buildArg(c, a, k + 1, [...prefix, i]));
  return stackAxis(items, ax, { shape: argShape(c, a, k + 1), dtype: c.program.inputs[a]!.dtype });
}

function outShape(c: FuzzCase, j: number, k: number): readonly number[] {
  const base = c.program.avals[c.program.outputs[j]!]!.shape;
  if (k === c.levels.length) return base;
  const l = c.levels[k]!, inner = outShape(c, j, k + 1), ax = l.outAxes[j] ?? null;
  return ax === null ? inner : insertAt(inner, ax, l.size);
}

/** The expected output j at level k: the lanes' values stacked at each level's out_axes. */
function expectedOut(c: FuzzCase, ref: { env: NDArray[][]; laneOf: (t: readonly number[]) => number }, j: number, k: number, prefix: readonly number[]): HostArray {
  const { levels, program } = c;
  if (k === levels.length) return fromNDArray(ref.env[ref.laneOf(prefix)]![program.outputs[j]!]!);
  const l = levels[k]!, ax = l.outAxes[j] ?? null;
  if (ax === null) return expectedOut(c, ref, j, k + 1, [...prefix, 0]);
  const items = range(l.size).map((i) => expectedOut(c, ref, j, k + 1, [...prefix, i]));
  return stackAxis(items, ax, { shape: outShape(c, j, k + 1), dtype: program.avals[program.outputs[j]!]!.dtype });
}

/** The transformed program: vmap per level (innermost first) and jit where the case says. */
export function transformed(c: FuzzCase, impl: Impl = realImpl): (...xs: NDArray[]) => NDArray[] {
  const p = (...xs: NDArray[]) => runProgram(c.program, xs);
  let g: (...a: any[]) => any = c.jit === 'inner' || c.kind === 'jit' ? impl.jit(p) : p;
  for (let k = c.levels.length - 1; k >= 0; k--) {
    const l = c.levels[k]!;
    g = impl.vmap(g, { inAxes: [...l.inAxes], outAxes: [...l.outAxes], axisName: l.name, ...(l.passAxisSize ? { axisSize: l.size } : {}) });
  }
  return c.jit === 'outer' ? impl.jit(g) : g;
}

const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Checks one case: null when the transformed program agrees bit for bit, else a report. */
export function checkCase(c: FuzzCase, impl: Impl = realImpl, stats?: Stats): string | null {
  if (stats) {
    stats.programs++;
    const key = c.kind === 'jit' ? 'jit vs eager' : `${c.kind === 'vmap' ? 'vmap vs loop' : 'nested vmap vs double loop'}${c.jit === 'none' ? '' : ` (jit ${c.jit})`}`;
    stats.byKind[key] = (stats.byKind[key] ?? 0) + 1;
    stats.steps += c.program.ops.length;
    for (const op of c.program.ops) stats.ops[op.name] = (stats.ops[op.name] ?? 0) + 1;
  }
  let want: HostArray[];
  try {
    const { env } = reference(c);
    const strides = c.levels.map((_, k) => c.levels.slice(k + 1).reduce((n, l) => n * l.size, 1));
    const laneOf = (t: readonly number[]) => t.reduce((acc, i, k) => acc + i * strides[k]!, 0);
    want = c.program.outputs.map((_, j) => expectedOut(c, { env, laneOf }, j, 0, []));
  } catch (e) {
    return `the per-example reference threw ${errorText(e)}\n${describeCase(c)}`;
  }
  // a jitted function is called twice: the second call runs the cached program
  const calls = c.kind === 'jit' || c.jit !== 'none' ? 2 : 1;
  const f = transformed(c, impl);
  for (let call = 1; call <= calls; call++) {
    let got: HostArray[];
    try {
      const args = c.program.inputs.map((_, a) => toNDArray(buildArg(c, a, 0, [])));
      got = f(...args).map(fromNDArray);
    } catch (e) {
      return `the transformed program threw ${errorText(e)} (call ${call})\n${describeCase(c)}`;
    }
    for (let j = 0; j < want.length; j++) {
      const diff = bitEqual(got[j]!, want[j]!);
      if (diff !== null)
        return `output ${j} (v${c.program.outputs[j]}) differs on call ${call}: ${diff}\n  got      ${describeHost(got[j]!)}\n  expected ${describeHost(want[j]!)}\n${describeCase(c)}`;
    }
  }
  return null;
}

export function describeCase(c: FuzzCase): string {
  const lines = [
    `check: ${c.kind === 'jit' ? 'jit vs eager' : c.kind === 'vmap' ? 'vmap vs loop' : 'nested vmap vs double loop'}${c.jit === 'none' ? '' : `, jit ${c.jit === 'inner' ? 'inside the vmaps' : 'outside the vmaps'}`}`,
    describeProgram(c.program),
    ...c.levels.map(
      (l, k) =>
        `  level ${k}${k === 0 ? ' (outermost)' : ''}: axisName '${l.name}', size ${l.size}, inAxes [${l.inAxes.map(String)}], outAxes [${l.outAxes.map(String)}]${l.passAxisSize ? `, axisSize ${l.size}` : ''}`,
    ),
    ...c.values.map((vs, a) => `  v${a} examples: ${vs.map(describeHost).join(' | ') || '(none)'}`),
  ];
  return lines.join('\n');
}

/** The fuzz property: every generated case checks out. */
export function fuzzProperty(opts: FuzzOptions = {}, stats?: Stats, impl: Impl = realImpl): fc.IPropertyWithHooks<[FuzzCase]> {
  return fc.property(fuzzCaseArb(opts), (c) => {
    const msg = checkCase(c, impl, stats);
    if (msg !== null) throw new Error(msg);
  });
}
