/**
 * The vmap law, as fast-check properties. For a function `f` under test and random per-example
 * arguments, batch sizes, in_axes (null or any axis of the batched argument, negatives included)
 * and out_axes:
 *
 *     vmap(f, { inAxes, outAxes })(...stacked args)  ==  stack_{out axis} [ f(...slice k) ]
 *
 * bit for bit: same shape, same dtype, every element equal under `Object.is`. `nestedVmapLaw` checks
 * `vmap(vmap(f, inner), outer)` against a double loop the same way.
 *
 * The reference side never uses what it tests: batched inputs are stacks (built on the host with
 * plain JS) of independently generated per-example values, per-example inputs are NDArray leaves
 * of those values, and the expected result is the host stack of the per-example results.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { vmap, type VmapOptions } from '../lib/transforms/vmap';
import { batchSizeArb, inAxisArb, outAxisArb, valueArb } from './arbitraries';
import { bitEqual, canonicalAxis, describeHost, fromNDArray, host, hostZeros, stackAxis, toNDArray, type HostArray } from './host';

/** A function under test: per-example NDArrays in, one NDArray out. */
export type ArrayFn = (...args: NDArray[]) => NDArray;

/**
 * One instance of a case: the per-example argument shapes and dtypes, the function (with its static
 * parameters already bound) and, optionally, per-argument element arbitraries (indices in range,
 * arbitrary doubles, ...; the default is `valueArb(dtype)`: small integers).
 */
export interface CaseArgs {
  readonly shapes: readonly (readonly number[])[];
  readonly dtypes: readonly DType[];
  readonly valueArbs?: readonly (fc.Arbitrary<number> | undefined)[];
  readonly fn: ArrayFn;
  /** The static parameters, for counterexample reports. */
  readonly params?: unknown;
}

/**
 * A function under test: its name and an arbitrary of instances. Generate the shapes, dtypes and
 * static parameters together (`fc.record(...).map(...)`) so that they are consistent and shrink
 * well; the law then draws per-example values, batch sizes and axes.
 */
/** Length of the per-axis parameter pools the case tables draw from: they handle ranks up to this. */
export const PARAM_POOL = 4;

/** A named case. */
export const lawCase = (name: string, args: fc.Arbitrary<CaseArgs>): LawCase => ({ name, args });

export interface LawCase {
  readonly name: string;
  readonly args: fc.Arbitrary<CaseArgs>;
}

/** One vmap level: its size, in_axes per argument, out_axes, and whether axisSize is passed. */
export interface Level {
  readonly size: number;
  readonly inAxes: readonly (number | null)[];
  readonly outAxes: number | null;
  readonly passAxisSize: boolean;
}

/** A generated example: the instance, the vmap levels (outermost first) and per-example values. */
export interface LawExample {
  readonly name: string;
  readonly instance: CaseArgs;
  readonly levels: readonly Level[];
  /** Per argument, one host array per combination of the indices of the levels mapping it. */
  readonly values: readonly (readonly HostArray[])[];
}

/** What the law calls as vmap (injectable, so a deliberately wrong one can be shown to fail). */
export type VmapLike = (f: ArrayFn, opts: VmapOptions) => ArrayFn;

export interface LawOptions {
  /** Defaults to the library's `vmap`. */
  readonly vmap?: VmapLike;
}

const realVmap: VmapLike = (f, opts) => vmap(f, opts);

/** Per-example output shape and dtype, learned by calling `f` once on zeros (nothing is evaluated). */
function probe(c: CaseArgs): { shape: readonly number[]; dtype: DType } {
  const out = c.fn(...c.shapes.map((s, a) => toNDArray(hostZeros(s, c.dtypes[a]!))));
  return { shape: [...out.shape], dtype: out.dtype };
}

/**
 * Levels, generated innermost first: each argument's in-axis is drawn against the rank it has at
 * that level (per-example rank plus the inner levels that map it), and out_axes against the output
 * rank so far. A level that maps nothing passes axisSize and may use out_axes null.
 */
function levelsArb(ranks: readonly number[], outRank: number, count: number): fc.Arbitrary<Level[]> {
  if (count === 0) return fc.constant([]);
  return fc
    .tuple(batchSizeArb(), fc.tuple(...ranks.map((r) => inAxisArb(r))), fc.boolean(), fc.integer({ min: 0, max: 3 }))
    .chain(([size, inAxes, passAxisSize, nullOut]) => {
      const none = inAxes.every((a) => a === null);
      const outArb: fc.Arbitrary<number | null> = none && nullOut === 0 ? fc.constant(null) : outAxisArb(outRank);
      return outArb.chain((outAxes) => {
        const level: Level = { size, inAxes, outAxes, passAxisSize: passAxisSize || none };
        const nextRanks = ranks.map((r, a) => r + (inAxes[a] === null ? 0 : 1));
        return levelsArb(nextRanks, outRank + (outAxes === null ? 0 : 1), count - 1).map((outer) => [...outer, level]);
      });
    });
}

/** How many per-example values argument `a` needs: the product of the sizes of the levels mapping it. */
const exampleCount = (levels: readonly Level[], a: number): number =>
  levels.reduce((n, l) => n * (l.inAxes[a] === null ? 1 : l.size), 1);

/** The arbitrary of examples for a case with `depth` nested vmaps. */
export function lawExampleArb(c: LawCase, depth: number): fc.Arbitrary<LawExample> {
  return c.args.chain((instance) => {
    const out = probe(instance);
    return levelsArb(instance.shapes.map((s) => s.length), out.shape.length, depth).chain((levels) =>
      fc
        .tuple(
          ...instance.shapes.map((shape, a) => {
            const dtype = instance.dtypes[a]!;
            const n = shape.reduce((x, y) => x * y, 1);
            const values = instance.valueArbs?.[a] ?? valueArb(dtype);
            const count = exampleCount(levels, a);
            return fc.array(fc.array(values, { minLength: n, maxLength: n }), { minLength: count, maxLength: count }).map((xs) =>
              xs.map((data): HostArray => host(shape, dtype, data)),
            );
          }),
        )
        .map((values) => withReport({ name: c.name, instance, levels, values })),
    );
  });
}

function withReport(ex: LawExample): LawExample {
  return Object.assign(ex, { [fc.toStringMethod]: () => describeExample(ex) });
}

/** A readable account of an example (the counterexample report). */
export function describeExample(ex: LawExample): string {
  const { instance: c, levels } = ex;
  const lines = [
    `case ${ex.name}${c.params === undefined ? '' : ` ${JSON.stringify(c.params)}`}`,
    `  per-example args: ${c.shapes.map((s, a) => `${c.dtypes[a]}(${s.join(', ')})`).join(', ')}`,
    ...levels.map(
      (l, k) =>
        `  level ${k}${k === 0 ? ' (outermost)' : ''}: size ${l.size}, inAxes [${l.inAxes.map(String).join(', ')}], outAxes ${String(l.outAxes)}${l.passAxisSize ? `, axisSize ${l.size}` : ''}`,
    ),
    ...ex.values.map((vs, a) => `  arg ${a} examples: ${vs.map(describeHost).join(' | ') || '(none)'}`),
  ];
  return lines.join('\n');
}

/** The index of argument `a`'s example for level indices `prefix`: mixed radix over the levels mapping it. */
function exampleIndex(levels: readonly Level[], a: number, prefix: readonly number[]): number {
  let idx = 0;
  levels.forEach((l, k) => {
    if (l.inAxes[a] !== null) idx = idx * l.size + prefix[k]!;
  });
  return idx;
}

const insertAt = (shape: readonly number[], axis: number, n: number): number[] => {
  const ax = canonicalAxis(axis, shape.length + 1);
  return [...shape.slice(0, ax), n, ...shape.slice(ax)];
};

/** Shape of argument `a` as seen by level `k` (levels >= k stacked in; k = depth: per-example). */
function argShape(ex: LawExample, a: number, k: number): readonly number[] {
  if (k === ex.levels.length) return ex.instance.shapes[a]!;
  const l = ex.levels[k]!, inner = argShape(ex, a, k + 1), ax = l.inAxes[a] ?? null;
  return ax === null ? inner : insertAt(inner, ax, l.size);
}

/** The batched argument `a` for level `k`: the host stack of its slices along the level's in-axis. */
function buildArg(ex: LawExample, a: number, k: number, prefix: readonly number[]): HostArray {
  const { levels } = ex;
  if (k === levels.length) return ex.values[a]![exampleIndex(levels, a, prefix)]!;
  const l = levels[k]!, ax = l.inAxes[a] ?? null;
  if (ax === null) return buildArg(ex, a, k + 1, [...prefix, 0]);
  const items = Array.from({ length: l.size }, (_, i) => buildArg(ex, a, k + 1, [...prefix, i]));
  return stackAxis(items, ax, { shape: argShape(ex, a, k + 1), dtype: ex.instance.dtypes[a]! });
}

/** Per-example output shape as seen by level `k`. */
function outShape(ex: LawExample, k: number, base: readonly number[]): readonly number[] {
  if (k === ex.levels.length) return base;
  const l = ex.levels[k]!, inner = outShape(ex, k + 1, base);
  return l.outAxes === null ? inner : insertAt(inner, l.outAxes, l.size);
}

/** The expected result for level `k`: the stacked loop over the level's indices. */
function expected(ex: LawExample, k: number, prefix: readonly number[], out: { shape: readonly number[]; dtype: DType }): HostArray {
  const { levels, instance: c } = ex;
  if (k === levels.length) {
    const args = c.shapes.map((_, a) => toNDArray(ex.values[a]![exampleIndex(levels, a, prefix)]!));
    return fromNDArray(c.fn(...args));
  }
  const l = levels[k]!;
  if (l.outAxes === null) return expected(ex, k + 1, [...prefix, 0], out);
  const items = Array.from({ length: l.size }, (_, i) => expected(ex, k + 1, [...prefix, i], out));
  return stackAxis(items, l.outAxes, { shape: outShape(ex, k + 1, out.shape), dtype: out.dtype });
}

/** The batched function: `vmap` applied once per level, innermost first. */
function batchedFn(ex: LawExample, vm: VmapLike): ArrayFn {
  let g: ArrayFn = ex.instance.fn;
  for (let k = ex.levels.length - 1; k >= 0; k--) {
    const l = ex.levels[k]!;
    const opts: VmapOptions = { inAxes: [...l.inAxes], outAxes: l.outAxes, ...(l.passAxisSize ? { axisSize: l.size } : {}) };
    g = vm(g, opts);
  }
  return g;
}

/** Checks the law on one example: null when it holds, else a report of the mismatch. */
export function checkExample(ex: LawExample, opts: LawOptions = {}): string | null {
  const c = ex.instance;
  const out = probe(c);
  const want = expected(ex, 0, [], out);
  let got: HostArray;
  try {
    const args = c.shapes.map((_, a) => toNDArray(buildArg(ex, a, 0, [])));
    got = fromNDArray(batchedFn(ex, opts.vmap ?? realVmap)(...args));
  } catch (e) {
    return `the batched function threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n${describeExample(ex)}`;
  }
  const diff = bitEqual(got, want);
  return diff === null ? null : `vmap law broken: ${diff}\n  got      ${describeHost(got)}\n  expected ${describeHost(want)}\n${describeExample(ex)}`;
}

/** The law over `depth` nested vmaps (1: plain vmap, 2: vmap of vmap, ...). */
export function vmapLawN(c: LawCase, depth: number, opts: LawOptions = {}): fc.IPropertyWithHooks<[LawExample]> {
  return fc.property(lawExampleArb(c, depth), (ex) => {
    const msg = checkExample(ex, opts);
    if (msg !== null) throw new Error(msg);
  });
}

/** `vmap(f, {inAxes, outAxes})(...stacked)` equals the stack of `f` over the slices, bit for bit. */
export const vmapLaw = (c: LawCase, opts: LawOptions = {}): fc.IPropertyWithHooks<[LawExample]> => vmapLawN(c, 1, opts);

/** `vmap(vmap(f, inner), outer)` equals the double loop, bit for bit. */
export const nestedVmapLaw = (c: LawCase, opts: LawOptions = {}): fc.IPropertyWithHooks<[LawExample]> => vmapLawN(c, 2, opts);
