/**
 * vmap as a property-test oracle for your own code.
 *
 * - `vmapLaw(f, argArbs, opts)`: a fast-check property that `vmap(f, opts)` on a random batch equals
 *   the stacked loop of `f` over the batch's examples (bit for bit by default).
 * - `batchedEquals(g, f, argArbs, opts)`: a property that your hand-batched `g` equals `vmap(f, opts)`
 *   on random batches, i.e. that `g` is the batched form of the per-example `f`.
 *
 * `argArbs` holds one arbitrary per parameter of `f`, generating ONE example's argument (an
 * NDArray, a number, or a pytree of them; use `ndarrayArb(shape)` for arrays). A batch is a list
 * of such examples, stacked on the host (plain JS, not the library) along the mapped axes. All the
 * examples of a batch must have the same shapes: pass an arbitrary of the argument arbitraries
 * (`fc.integer(...).map((n) => [ndarrayArb([n]), ...])`) to vary shapes between runs.
 *
 * Both come in two forms: the property (`fc.assert(vmapLaw(...))`), and the arbitrary of examples
 * plus `checkOracle` for `@fast-check/vitest`: `test.prop([vmapLawExamples(...)])('...', checkOracle)`.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import { isNDArray, type NDArray } from '../lib/array/ndarray';
import { asArray } from '../lib/array/create';
import { isMatrix } from '../lib/array/storage';
import { flatten, unflatten, type TreeDef } from '../lib/pytree';
import { specsPerLeaf } from '../lib/transforms/axis-spec';
import { vmap, type AnyFn, type AxisSpec, type VmapOptions } from '../lib/transforms/vmap';
import { hostArrayArb, valueArb } from './arbitraries';
import { bitEqual, describeHost, fromNDArray, host, stackAxis, toNDArray, type HostArray } from './host';
import { vmapLaw as vmapLawOfCase, type LawCase, type LawExample, type LawOptions } from './laws';

/** One arbitrary per parameter of `f`, each generating one example's argument. */
export type ArgArbs<P extends readonly unknown[] = readonly unknown[]> = { readonly [K in keyof P]: fc.Arbitrary<P[K]> };

export interface OracleOptions {
  /**
   * vmap's inAxes (default 0), or `'random'`: each array leaf of each argument gets a random axis
   * (negative axes included) or null, drawn per run.
   */
  readonly inAxes?: AxisSpec | 'random';
  /** vmap's outAxes (default 0), or `'random'`: a random axis per output leaf, drawn per run. */
  readonly outAxes?: AxisSpec | 'random';
  /**
   * Passed to vmap, for functions that use collectives over the mapped axis (`batchedEquals` only:
   * the loop `vmapLaw` compares against runs `f` outside any vmap, where a collective has no axis).
   */
  readonly axisName?: VmapOptions['axisName'];
  /** Largest batch drawn (default 4); batches of every size from 0 up are drawn. */
  readonly maxBatch?: number;
  /** Compare with a tolerance, `|got - want| <= atol + rtol * |want|`, instead of bit for bit. */
  readonly tolerance?: { readonly rtol?: number; readonly atol?: number };
  /** The vmap under test (default: the library's). */
  readonly vmap?: (f: AnyFn, opts: VmapOptions) => AnyFn;
}

/** One generated run: the examples of the batch, a base example (shapes, unmapped leaves) and axis draws. */
export interface OracleExample {
  readonly kind: 'vmapLaw' | 'batchedEquals';
  readonly base: readonly unknown[];
  readonly batch: readonly (readonly unknown[])[];
  /** Pools the 'random' in/out axes are read from (shrink-friendly). */
  readonly axisPool: readonly number[];
  /** Runs the check: null when it holds, else a report. */
  readonly run: () => string | null;
}

/** A per-example NDArray of a fixed shape and dtype (values default to small integers, and -0 for floats). */
export function ndarrayArb(
  shape: readonly number[],
  opts: { readonly dtype?: DType; readonly values?: fc.Arbitrary<number> } = {},
): fc.Arbitrary<NDArray> {
  const dtype = opts.dtype ?? 'float64';
  return hostArrayArb(shape, dtype, opts.values ?? valueArb(dtype)).map((h) => withReport(toNDArray(h), () => describeHost(h)));
}

function withReport<T extends object>(x: T, show: () => string): T {
  Object.defineProperty(x, fc.toStringMethod, { value: show, enumerable: false });
  return x;
}

const POOL = 16;
const fmtShape = (s: readonly number[]) => `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;

/** A value from the pool for slot i: null one time in five, else an axis in [-r, r). */
function poolAxis(pool: readonly number[], i: number, rank: number, allowNull: boolean): number | null {
  const v = pool[i % pool.length] ?? 0;
  const choices = 2 * rank + (allowNull ? 1 : 0);
  const m = v % choices;
  if (allowNull && m === choices - 1) return null;
  return m - rank;
}

const isArrayLeaf = (x: unknown): boolean => isNDArray(x) || isMatrix(x);
const toHost = (x: unknown): HostArray => {
  if (typeof x === 'number') return host([], 'float64', [x]);
  if (typeof x === 'boolean') return host([], 'bool', [x ? 1 : 0]);
  return fromNDArray(asArray(x as NDArray));
};
const show = (x: unknown): string =>
  isArrayLeaf(x) || typeof x === 'number' || typeof x === 'boolean' ? describeHost(toHost(x)) : String(x);

interface Prepared {
  readonly n: number;
  readonly opts: VmapOptions;
  readonly batched: unknown[];
  readonly perExample: (k: number) => unknown[];
  readonly describe: string;
}

/** Stacks the batch on the host and resolves the in-axes: the batched arguments and the per-example ones. */
function prepare(ex: Pick<OracleExample, 'base' | 'batch' | 'axisPool'>, o: OracleOptions): Prepared {
  const { base, batch } = ex;
  const n = batch.length;
  const flat = base.map((arg) => flatten(arg));
  const flatBatch = batch.map((args) =>
    args.map((arg, a) => {
      const [leaves, def] = flatten(arg);
      const want = flat[a]![1];
      if (def.toString() !== want.toString())
        throw new Error(
          `oracle: argument ${a} of an example has structure ${def.toString()} but the base example has ${want.toString()}; the arbitraries must generate one structure per batch`,
        );
      return leaves;
    }),
  );
  // one spec per leaf of each argument
  let specs: (number | null)[][];
  let inAxesUsed: AxisSpec;
  const inAxes = o.inAxes ?? 0;
  if (inAxes === 'random') {
    let slot = 0;
    specs = flat.map(([leaves]) =>
      leaves.map((l) => (isArrayLeaf(l) ? poolAxis(ex.axisPool, slot++, asArray(l as NDArray).ndim + 1, true) : null)),
    );
    inAxesUsed = specs.map((s, a) => unflatten(flat[a]![1], s) as AxisSpec);
  } else {
    const perArg = Array.isArray(inAxes) ? (inAxes as readonly AxisSpec[]) : base.map(() => inAxes);
    const all = specsPerLeaf(perArg, base, 'oracle inAxes');
    let at = 0;
    specs = flat.map(([leaves]) => {
      const s = all.slice(at, at + leaves.length);
      at += leaves.length;
      return s;
    });
    inAxesUsed = inAxes;
  }
  const batchedArgs = flat.map(([leaves, def], a) =>
    unflatten(
      def,
      leaves.map((leaf, i) => {
        const ax = specs[a]![i]!;
        if (ax === null) return leaf;
        const like = toHost(leaf);
        const items = flatBatch.map((args, k) => {
          const h = toHost(args[a]![i]);
          if (h.dtype !== like.dtype || h.shape.length !== like.shape.length || h.shape.some((d, j) => d !== like.shape[j]))
            throw new Error(
              `oracle: example ${k} has ${h.dtype}${fmtShape(h.shape)} at argument ${a} leaf ${i} but the base example has ${like.dtype}${fmtShape(like.shape)};` +
                ' the arbitraries must generate one shape per batch (pass an arbitrary of argument arbitraries to vary shapes)',
            );
          return h;
        });
        return toNDArray(stackAxis(items, ax, like));
      }),
    ),
  );
  const nothingMapped = specs.every((s) => s.every((x) => x === null));
  const opts: VmapOptions = {
    inAxes: inAxesUsed,
    ...(o.axisName !== undefined ? { axisName: o.axisName } : {}),
    ...(nothingMapped ? { axisSize: n } : {}),
  };
  const perExample = (k: number) =>
    flat.map(([leaves, def], a) =>
      unflatten(
        def,
        leaves.map((leaf, i) => (specs[a]![i] === null ? leaf : flatBatch[k]![a]![i])),
      ),
    );
  const describe = [
    `  batch size ${n}, inAxes ${JSON.stringify(inAxesUsed)}`,
    ...base.map(
      (_, a) =>
        `  arg ${a}: base ${flat[a]![0].map(show).join(' ')}; examples ${flatBatch.map((args) => args[a]!.map(show).join(' ')).join(' | ') || '(none)'}`,
    ),
  ].join('\n');
  return { n, opts, batched: batchedArgs, perExample, describe };
}

/** Output axes per output leaf. */
function outSpecs(
  ex: Pick<OracleExample, 'axisPool'>,
  o: OracleOptions,
  probe: unknown,
  leaves: readonly unknown[],
): { specs: (number | null)[]; used: AxisSpec } {
  const outAxes = o.outAxes ?? 0;
  if (outAxes !== 'random') return { specs: specsPerLeaf(outAxes, probe, 'oracle outAxes'), used: outAxes };
  const specs = leaves.map((l, i) => poolAxis([...ex.axisPool].reverse(), i, toHost(l).shape.length + 1, false));
  return { specs, used: unflatten(flatten(probe)[1], specs) as AxisSpec };
}

function close(got: HostArray, want: HostArray, tol: NonNullable<OracleOptions['tolerance']>): string | null {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype} !== expected ${want.dtype}`;
  if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i]))
    return `shape ${fmtShape(got.shape)} !== expected ${fmtShape(want.shape)}`;
  const { rtol = 1e-7, atol = 0 } = tol;
  for (let i = 0; i < want.data.length; i++) {
    const a = got.data[i]!,
      b = want.data[i]!;
    if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) continue;
    if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) return `element ${i}: got ${a}, expected ${b} (rtol ${rtol}, atol ${atol})`;
  }
  return null;
}

/** Compares two result trees leaf by leaf; null when equal. */
function compareTrees(got: unknown, want: unknown, o: OracleOptions): string | null {
  const [gl, gd] = flatten(got),
    [wl, wd] = flatten(want);
  if (gd.toString() !== wd.toString()) return `result structure ${gd.toString()} !== expected ${wd.toString()}`;
  for (let i = 0; i < wl.length; i++) {
    const g = gl[i],
      w = wl[i];
    if (!isArrayLeaf(w) && !isArrayLeaf(g)) {
      if (!Object.is(g, w)) return `leaf ${i}: got ${String(g)}, expected ${String(w)}`;
      continue;
    }
    const gh = toHost(g),
      wh = toHost(w);
    const diff = o.tolerance ? close(gh, wh, o.tolerance) : bitEqual(gh, wh);
    if (diff !== null) return `leaf ${i}: ${diff}\n    got      ${describeHost(gh)}\n    expected ${describeHost(wh)}`;
  }
  return null;
}

/** A zero array of rank r (stands for a per-example output leaf when only its rank matters). */
const np0 = (r: number): NDArray => toNDArray(host(new Array<number>(r).fill(1), 'float64', [0]));

const errText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** The expected result of the law: the host stack of `f` over the examples along each leaf's out axis. */
function loopResult(f: AnyFn, p: Prepared, specs: readonly (number | null)[], probe: unknown, probeDef: TreeDef): unknown {
  const probeLeaves = flatten(probe)[0];
  const outs = Array.from({ length: p.n }, (_, k) => {
    const [leaves, def] = flatten(f(...p.perExample(k)));
    if (def.toString() !== probeDef.toString())
      throw new Error(`f returned ${def.toString()} for example ${k} but ${probeDef.toString()} for the base example`);
    return leaves;
  });
  return unflatten(
    probeDef,
    probeLeaves.map((leaf, i) => {
      const ax = specs[i]!;
      if (ax === null) return leaf;
      const like = toHost(leaf);
      return toNDArray(
        stackAxis(
          outs.map((ls) => toHost(ls[i])),
          ax,
          like,
        ),
      );
    }),
  );
}

function examplesArb(
  argArbs: ArgArbs | fc.Arbitrary<ArgArbs>,
  o: OracleOptions,
): fc.Arbitrary<{ base: unknown[]; batch: unknown[][]; axisPool: number[] }> {
  const build = (arbs: ArgArbs) => {
    const one = fc.tuple(...(arbs as fc.Arbitrary<unknown>[]));
    return fc.record({
      base: one,
      batch: fc.array(one, { minLength: 0, maxLength: o.maxBatch ?? 4 }),
      axisPool: fc.array(fc.nat({ max: 1000 }), { minLength: POOL, maxLength: POOL }),
    });
  };
  return argArbs instanceof fc.Arbitrary ? argArbs.chain(build) : build(argArbs);
}

function finish(ex: Omit<OracleExample, 'run'>, o: OracleOptions, run: () => string | null): OracleExample {
  const out: OracleExample = { ...ex, run };
  return withReport(out, () => {
    try {
      return `${ex.kind} example:\n${prepare(ex, o).describe}`;
    } catch {
      return `${ex.kind} example (batch of ${ex.batch.length})`;
    }
  });
}

/**
 * The arbitrary of `vmapLaw` runs, for `@fast-check/vitest`'s `test.prop` (check each with
 * `checkOracle`).
 */
export function vmapLawExamples<F extends AnyFn>(
  f: F,
  argArbs: ArgArbs<Parameters<F>> | fc.Arbitrary<ArgArbs<Parameters<F>>>,
  opts: OracleOptions = {},
): fc.Arbitrary<OracleExample> {
  if (opts.axisName !== undefined)
    throw new Error(
      'vmapLaw: axisName is for batchedEquals; the loop vmapLaw compares against runs f outside any vmap, where collectives have no axis',
    );
  return examplesArb(argArbs as ArgArbs | fc.Arbitrary<ArgArbs>, opts).map((ex) =>
    finish({ kind: 'vmapLaw', ...ex }, opts, () => {
      const p = prepare(ex, opts);
      let probe: unknown;
      try {
        probe = f(...ex.base);
      } catch (e) {
        return `f threw on an example: ${errText(e)}\n${p.describe}`;
      }
      const [probeLeaves, probeDef] = flatten(probe);
      const { specs, used } = outSpecs(ex, opts, probe, probeLeaves);
      let want: unknown;
      try {
        want = loopResult(f, p, specs, probe, probeDef);
      } catch (e) {
        return `the per-example loop failed: ${errText(e)}\n${p.describe}`;
      }
      const vm = opts.vmap ?? ((g: AnyFn, o: VmapOptions) => vmap(g, o));
      let got: unknown;
      try {
        got = vm(f, { ...p.opts, outAxes: used })(...p.batched);
      } catch (e) {
        return `vmap(f) threw ${errText(e)}\n${p.describe}\n  outAxes ${JSON.stringify(used)}`;
      }
      const diff = compareTrees(got, want, opts);
      return diff === null
        ? null
        : `vmap(f) differs from the loop over the examples: ${diff}\n${p.describe}\n  outAxes ${JSON.stringify(used)}`;
    }),
  );
}

/**
 * The arbitrary of `batchedEquals` runs: `g(...batched)` against `vmap(f, opts)(...batched)`.
 */
export function batchedEqualsExamples<F extends AnyFn>(
  g: AnyFn,
  f: F,
  argArbs: ArgArbs<Parameters<F>> | fc.Arbitrary<ArgArbs<Parameters<F>>>,
  opts: OracleOptions = {},
): fc.Arbitrary<OracleExample> {
  return examplesArb(argArbs as ArgArbs | fc.Arbitrary<ArgArbs>, opts).map((ex) =>
    finish({ kind: 'batchedEquals', ...ex }, opts, () => {
      const p = prepare(ex, opts);
      const vm = opts.vmap ?? ((h: AnyFn, o: VmapOptions) => vmap(h, o));
      let want: unknown, got: unknown, used: AxisSpec;
      try {
        if (opts.outAxes === 'random') {
          // learn the per-example output ranks from the batched result at outAxes 0
          const atZero = vm(f, { ...p.opts, outAxes: 0 })(...p.batched);
          const perExample = flatten(atZero)[0].map((l) => (isArrayLeaf(l) ? np0(toHost(l).shape.length - 1) : l));
          used = outSpecs(ex, opts, unflatten(flatten(atZero)[1], perExample), perExample).used;
        } else used = opts.outAxes ?? 0;
        want = vm(f, { ...p.opts, outAxes: used })(...p.batched);
      } catch (e) {
        return `vmap(f) threw ${errText(e)}\n${p.describe}`;
      }
      try {
        got = g(...p.batched);
      } catch (e) {
        return `the hand-batched function threw ${errText(e)}\n${p.describe}`;
      }
      const diff = compareTrees(got, want, opts);
      return diff === null
        ? null
        : `the hand-batched function differs from vmap(f): ${diff}\n${p.describe}\n  outAxes ${JSON.stringify(used)}`;
    }),
  );
}

/** Runs one example's check; throws with a report when it fails (the predicate for `test.prop`). */
export function checkOracle(ex: OracleExample): void {
  const msg = ex.run();
  if (msg !== null) throw new Error(msg);
}

/**
 * `vmap(f, opts)` on random batches equals the stacked loop of `f` over the examples, bit for bit
 * (or within `opts.tolerance`). Also accepts a `LawCase` (the primitive-law form of `./laws`).
 * @example fc.assert(vmapLaw((x: NDArray) => np.sum(np.square(x)), [ndarrayArb([3])], { inAxes: 'random' }))
 */
export function vmapLaw<F extends AnyFn>(
  f: F,
  argArbs: ArgArbs<Parameters<F>> | fc.Arbitrary<ArgArbs<Parameters<F>>>,
  opts?: OracleOptions,
): fc.IPropertyWithHooks<[OracleExample]>;
export function vmapLaw(c: LawCase, opts?: LawOptions): fc.IPropertyWithHooks<[LawExample]>;
export function vmapLaw(
  f: AnyFn | LawCase,
  argArbs?: ArgArbs | fc.Arbitrary<ArgArbs> | LawOptions,
  opts: OracleOptions = {},
): fc.IPropertyWithHooks<[OracleExample]> | fc.IPropertyWithHooks<[LawExample]> {
  if (typeof f !== 'function') return vmapLawOfCase(f, (argArbs ?? {}) as LawOptions);
  return fc.property(vmapLawExamples(f, argArbs as ArgArbs, opts), checkOracle);
}

/**
 * Your hand-batched `g` equals `vmap(f, opts)` on random batches: `g` takes the batched arguments
 * (mapped along `opts.inAxes`, default 0) and must return what `vmap(f, opts)` returns.
 * @example fc.assert(batchedEquals((xs, w) => np.matmul(xs, w), (x, w) => np.matmul(x, w), [ndarrayArb([3]), ndarrayArb([3, 2])], { inAxes: [0, null] }))
 */
export function batchedEquals<F extends AnyFn>(
  g: AnyFn,
  f: F,
  argArbs: ArgArbs<Parameters<F>> | fc.Arbitrary<ArgArbs<Parameters<F>>>,
  opts: OracleOptions = {},
): fc.IPropertyWithHooks<[OracleExample]> {
  return fc.property(batchedEqualsExamples(g, f, argArbs, opts), checkOracle);
}
