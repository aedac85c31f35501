/**
 * Property laws of the named-axis collectives: a vmapped collective equals its loop definition.
 *
 * For every lane (one index per vmap level) the reference runs the collective's definition
 * (./collective-refs: plain JS loops over host arrays) with the WHOLE group of lanes visible — the
 * lanes sharing every index except the named ones, ordered by the row-major linear index over the
 * names as given (so ['i', 'j'] is i * Nj + j and ['j', 'i'] is j * Ni + i) — and the expected
 * result is the host stack of the per-lane results along each level's out_axes (a level with
 * out_axes null contributes no axis: allowed only where the result does not depend on its index).
 *
 * Random: per-example shapes (size-0 dims included where legal), batch sizes 0–5, in_axes (any
 * axis, negatives, null with axisSize), out_axes (any axis, negatives, null where unmapped), dtypes
 * and the collective's static parameters (axis, tiled, split/concat, scatter dimension, partial
 * permutations). Data are small integers, so every law is exact and compared bit for bit (shape,
 * dtype, Object.is on every element). Reductions draw no -0 (max(-0, 0) and a sum's zero sign are
 * not part of the law); the data-movement collectives (allGather, ppermute, allToAll) do, and must
 * keep it.
 *
 * Two documented JAX rules (reference §1.4, followed by vmap-ts) differ from the plain loop only
 * over an EMPTY named axis that does not map x: psum gives size * x (so -0 for negative x) and
 * pmax/pmin give x unchanged. The reference encodes them (see `group` and `zeroSignFree`) and they
 * are pinned by explicit tests. Run more examples with COLLECTIVE_RUNS_1 / COLLECTIVE_RUNS_2.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { axisSize as libAxisSize, pmax, pmean, pmin, psum, type AxisName } from '../lib/collectives';
import { vmap } from '../lib/transforms/vmap';
import { ALL_DTYPES, batchSizeArb, hostArrayArb, inAxisArb, keysArb, maskArb, permutationFromKeys, pick, shapeArb, valueArb } from './arbitraries';
import { bitEqual, canonicalAxis, describeHost, fromNDArray, sliceAxis, stackAxis, toNDArray, type HostArray } from './host';
import {
  hostSum,
  laneLike,
  laneRef,
  libraryImpl,
  readsInput,
  unmappedOverNames,
  type CollectiveImpl,
  type Kind,
  type Like,
  type OpSpec,
  type Perm,
} from './collective-refs';

// ---------------------------------------------------------------------------------------------
// Examples.

type Name = 'i' | 'j';

/** One vmap level (outermost first in an example). */
interface Level {
  readonly name: Name;
  readonly size: number;
  readonly inAxis: number | null;
  readonly outAxis: number | null;
  readonly passSize: boolean;
  /** inAxes as `[axis]` (per argument) or as the bare axis. */
  readonly inAsArray: boolean;
}

interface Example {
  readonly op: OpSpec;
  /** The per-example (per-lane) input's shape and dtype. */
  readonly like: Like;
  readonly levels: readonly Level[];
  /** The names the collective is called with, in the order given. */
  readonly names: readonly Name[];
  /** A single name passed as a one-element array. */
  readonly singleAsArray: boolean;
  /** One per-lane value per combination of the indices of the levels that map x (row-major, outermost first). */
  readonly values: readonly HostArray[];
}

type Reduction = 'psum' | 'pmean' | 'pmax' | 'pmin';
const REDUCTIONS: readonly Reduction[] = ['psum', 'pmean', 'pmax', 'pmin'];
const KINDS: readonly Kind[] = [...REDUCTIONS, 'allGather', 'axisIndex', 'ppermute', 'allToAll', 'psumScatter'];

/** Small integers, no -0 (reductions: the sign of a zero sum is outside the law). */
const intValueArb = (dtype: DType): fc.Arbitrary<number> => (dtype === 'bool' ? fc.constantFrom(0, 1) : fc.integer({ min: -4, max: 4 }));

/** Element values for an op's input: exact small integers; data movement also gets -0. */
const valuesFor = (kind: Kind, dtype: DType): fc.Arbitrary<number> =>
  kind === 'allGather' || kind === 'ppermute' || kind === 'allToAll' ? valueArb(dtype, 'small') : intValueArb(dtype);

/** An axis in [-r, r) from a raw draw (r > 0). */
const foldAxis = (v: number, r: number): number => pick(v, 2 * r) - r;

/** A random partial injective map on [0, n): a subset of sources paired with distinct destinations, in random order. */
function permArb(n: number): fc.Arbitrary<Perm> {
  return fc.tuple(keysArb(n), maskArb(n), keysArb(n)).map(([dstKeys, mask, orderKeys]) => {
    const dst = permutationFromKeys(dstKeys, n);
    const pairs = permutationFromKeys(orderKeys, n)
      .filter((s) => mask[s])
      .map((s) => [s, dst[s]!] as const);
    return pairs;
  });
}

/** The op's static parameters and a per-lane input shape/dtype consistent with a group of n lanes. */
function opArb(kind: Kind, n: number, _multiName: boolean): fc.Arbitrary<{ op: OpSpec; like: Like }> {
  const dtypes: readonly DType[] =
    kind === 'psum' || kind === 'psumScatter' ? ['float64', 'int32', 'bool'] : (REDUCTIONS as readonly Kind[]).includes(kind) ? ['float64', 'int32'] : ALL_DTYPES;
  const dtype = fc.constantFrom(...dtypes);
  switch (kind) {
    case 'psum':
    case 'pmean':
    case 'pmax':
    case 'pmin':
    case 'axisIndex':
      return fc.record({ shape: shapeArb(), dtype }).map(({ shape, dtype }) => ({ op: { kind }, like: { shape, dtype } }));
    case 'ppermute':
      return fc.record({ shape: shapeArb(), dtype, perm: permArb(n) }).map(({ shape, dtype, perm }) => ({ op: { kind, perm }, like: { shape, dtype } }));
    case 'allGather':
      return fc
        .record({ tiled: fc.boolean(), shape: shapeArb(), dtype, a: fc.nat(), extra: shapeArb({ minRank: 1, maxRank: 1 }) })
        .map(({ tiled, shape, dtype, a, extra }) => {
          const s = tiled && shape.length === 0 ? extra : shape; // tiled needs rank >= 1
          const axis = foldAxis(a, s.length + (tiled ? 0 : 1));
          return { op: { kind, axis, tiled }, like: { shape: s, dtype } };
        });
    case 'allToAll':
      return fc
        .record({ tiled: fc.boolean(), c: fc.integer({ min: 0, max: 2 }), shape: shapeArb({ minRank: 1 }), dtype, a: fc.nat(), b: fc.nat() })
        .map(({ tiled: t, c, shape, dtype, a, b }) => {
          const tiled = t;
          const r = shape.length;
          const split = foldAxis(a, r), concat = foldAxis(b, r);
          const s = [...shape];
          s[canonicalAxis(split, r)] = tiled ? n * c : n;
          return { op: { kind, split, concat, tiled }, like: { shape: s, dtype } };
        });
    case 'psumScatter':
      return fc
        .record({ tiled: fc.boolean(), c: fc.integer({ min: 0, max: 2 }), shape: shapeArb({ minRank: 1 }), dtype, a: fc.nat() })
        .map(({ tiled: t, c, shape, dtype, a }) => {
          const tiled = t;
          const r = shape.length;
          const dim = foldAxis(a, r);
          const s = [...shape];
          s[canonicalAxis(dim, r)] = tiled ? n * c : n;
          return { op: { kind, dim, tiled }, like: { shape: s, dtype } };
        });
  }
}

/**
 * Whether the result depends on a level's index ("mapped" = data dependence): the reductions and
 * allGather only through x along a level they do not name; axisIndex exactly along the named
 * levels; ppermute, allToAll and psumScatter along the named levels and wherever x is mapped.
 */
function dependsOn(kind: Kind, named: boolean, xMapped: boolean): boolean {
  if (kind === 'axisIndex') return named;
  if (unmappedOverNames(kind)) return !named && xMapped;
  return named || xMapped;
}

/** in_axes per level, innermost drawn first against the rank it sees (outermost first in the result). */
function inAxesArb(depth: number, rank: number): fc.Arbitrary<(number | null)[]> {
  if (depth === 0) return fc.constant([]);
  return inAxisArb(rank).chain((inner) => inAxesArb(depth - 1, rank + (inner === null ? 0 : 1)).map((outer) => [...outer, inner]));
}

/**
 * The levels: in_axes first; then out_axes innermost first, against the output rank each level
 * sees: null (one time in three) where the result does not depend on the level, else any axis.
 */
function levelsArb(kind: Kind, names: readonly Name[], sizes: readonly number[], like: Like, laneRank: number): fc.Arbitrary<Level[]> {
  const depth = sizes.length;
  const levelNames: readonly Name[] = depth === 1 ? ['i'] : ['i', 'j'];
  const perLevel = fc.record({ nullOut: fc.integer({ min: 0, max: 2 }), o: fc.nat(), passSize: fc.boolean(), inAsArray: fc.boolean() });
  return fc.tuple(inAxesArb(depth, like.shape.length), fc.tuple(...sizes.map(() => perLevel))).map(([inAxes, draws]) => {
    const levels = new Array<Level>(depth);
    let rank = laneRank;
    for (let pos = depth - 1; pos >= 0; pos--) {
      const name = levelNames[pos]!, inAxis = inAxes[pos]!, d = draws[pos]!;
      const nullable = !dependsOn(kind, names.includes(name), inAxis !== null && readsInput(kind));
      const outAxis = nullable && d.nullOut === 0 ? null : foldAxis(d.o, rank + 1);
      if (outAxis !== null) rank += 1;
      levels[pos] = { name, size: sizes[pos]!, inAxis, outAxis, passSize: d.passSize || inAxis === null, inAsArray: d.inAsArray };
    }
    return levels;
  });
}

/** Products of the sizes of the named levels. */
const groupSize = (sizes: readonly number[], names: readonly Name[], depth: number): number =>
  names.reduce((a, nm) => a * sizes[levelIndex(nm, depth)]!, 1);

const levelIndex = (name: Name, depth: number): number => (depth === 1 ? 0 : name === 'i' ? 0 : 1);

/** Examples of `kind` under `depth` nested vmaps; `namesArb` picks the collective's names. */
function exampleArb(kind: Kind, depth: 1 | 2, namesArb: fc.Arbitrary<readonly Name[]>): fc.Arbitrary<Example> {
  return fc
    .record({ sizes: fc.tuple(...Array.from({ length: depth }, () => batchSizeArb())), names: namesArb, singleAsArray: fc.boolean() })
    .chain(({ sizes, names, singleAsArray }) => {
      const n = groupSize(sizes, names, depth);
      return opArb(kind, n, names.length > 1).chain(({ op, like }) =>
        levelsArb(kind, names, sizes, like, laneLike(op, like, n).shape.length).chain((levels) => {
          const count = levels.reduce((a, l) => a * (l.inAxis === null ? 1 : l.size), 1);
          return fc
            .array(hostArrayArb(like.shape, like.dtype, valuesFor(kind, like.dtype)), { minLength: count, maxLength: count })
            .map((values) => withReport({ op, like, levels, names, singleAsArray, values }));
        }),
      );
    });
}

function describeExample(ex: Example): string {
  return [
    `op ${JSON.stringify(ex.op)} over ${JSON.stringify(ex.names.length === 1 && !ex.singleAsArray ? ex.names[0] : ex.names)}`,
    `  per-lane x: ${ex.like.dtype}(${ex.like.shape.join(', ')})`,
    ...ex.levels.map(
      (l, k) =>
        `  level ${k}${k === 0 ? ' (outermost)' : ''} '${l.name}': size ${l.size}, inAxes ${l.inAsArray ? `[${String(l.inAxis)}]` : String(l.inAxis)}, outAxes ${String(l.outAxis)}${l.passSize ? `, axisSize ${l.size}` : ''}`,
    ),
    `  lanes: ${ex.values.map(describeHost).join(' | ') || '(none)'}`,
  ].join('\n');
}

function withReport(ex: Example): Example {
  return Object.assign(ex, { [fc.toStringMethod]: () => describeExample(ex) });
}

// ---------------------------------------------------------------------------------------------
// The reference (host loops) and the batched program.

const insertAt = (shape: readonly number[], axis: number, n: number): number[] => {
  const ax = canonicalAxis(axis, shape.length + 1);
  return [...shape.slice(0, ax), n, ...shape.slice(ax)];
};

/** Lane `idx`'s x (indices of levels that do not map x are ignored). */
function laneValue(ex: Example, idx: readonly number[]): HostArray {
  let flat = 0;
  ex.levels.forEach((l, k) => {
    if (l.inAxis !== null) flat = flat * l.size + idx[k]!;
  });
  return ex.values[flat]!;
}

/**
 * The group of lane `idx` (every combination of the named levels' indices, row-major in the names'
 * order) and idx's place in it.
 *
 * pmax/pmin: a named level that does not map x contributes one copy of x instead of `size` copies
 * (JAX, reference §1.4: "unbatched x is returned unchanged"). Max and min are idempotent, so this
 * is the loop definition whenever the level is non-empty; it differs only for an EMPTY level that
 * does not map x, where JAX (and vmap-ts) return x rather than the empty max (-Infinity). That
 * corner is pinned separately below.
 */
function group(ex: Example, idx: readonly number[]): { lanes: HostArray[]; k: number } {
  const depth = ex.levels.length;
  const pos = ex.names.map((nm) => levelIndex(nm, depth));
  const sizes = pos.map((p) => ex.levels[p]!.size);
  const k = pos.reduce((a, p, m) => a * sizes[m]! + idx[p]!, 0);
  const idempotent = ex.op.kind === 'pmax' || ex.op.kind === 'pmin';
  const loopPos = pos.filter((p) => !(idempotent && ex.levels[p]!.inAxis === null));
  const loopSizes = loopPos.map((p) => ex.levels[p]!.size);
  const total = loopSizes.reduce((a, b) => a * b, 1);
  const lanes: HostArray[] = [];
  for (let lin = 0; lin < total; lin++) {
    const at = [...idx];
    let rest = lin;
    for (let m = loopPos.length - 1; m >= 0; m--) {
      at[loopPos[m]!] = rest % loopSizes[m]!;
      rest = Math.floor(rest / loopSizes[m]!);
    }
    lanes.push(laneValue(ex, at));
  }
  return { lanes, k };
}

const groupN = (ex: Example): number => groupSize(ex.levels.map((l) => l.size), ex.names, ex.levels.length);

/** Shape of the result as seen at level `pos` (levels >= pos stacked in). */
function outLike(ex: Example, pos: number): Like {
  if (pos === ex.levels.length) return laneLike(ex.op, ex.like, groupN(ex));
  const l = ex.levels[pos]!, inner = outLike(ex, pos + 1);
  return l.outAxis === null ? inner : { shape: insertAt(inner.shape, l.outAxis, l.size), dtype: inner.dtype };
}

/** The expected result at level `pos`: for each index of the level, the loop definition, stacked at out_axes. */
function expected(ex: Example, pos: number, idx: readonly number[]): HostArray {
  if (pos === ex.levels.length) {
    const { lanes, k } = group(ex, idx);
    return laneRef(ex.op, lanes, k, ex.like);
  }
  const l = ex.levels[pos]!;
  if (l.outAxis === null) return expected(ex, pos + 1, [...idx, 0]); // independent of this index
  const items = Array.from({ length: l.size }, (_, i) => expected(ex, pos + 1, [...idx, i]));
  return stackAxis(items, l.outAxis, outLike(ex, pos + 1));
}

/** Shape of x as seen at level `pos`. */
function inLike(ex: Example, pos: number): Like {
  if (pos === ex.levels.length) return ex.like;
  const l = ex.levels[pos]!, inner = inLike(ex, pos + 1);
  return l.inAxis === null ? inner : { shape: insertAt(inner.shape, l.inAxis, l.size), dtype: inner.dtype };
}

/** The batched input: the host stack of the lanes along each level's in_axes. */
function input(ex: Example, pos: number, idx: readonly number[]): HostArray {
  if (pos === ex.levels.length) return laneValue(ex, idx);
  const l = ex.levels[pos]!;
  if (l.inAxis === null) return input(ex, pos + 1, [...idx, 0]);
  const items = Array.from({ length: l.size }, (_, i) => input(ex, pos + 1, [...idx, i]));
  return stackAxis(items, l.inAxis, inLike(ex, pos + 1));
}

/** The collective under test, wrapped in one vmap per level (innermost first). */
function batched(ex: Example, impl: CollectiveImpl): (x: NDArray) => NDArray {
  const names: AxisName | readonly AxisName[] = ex.names.length === 1 && !ex.singleAsArray ? ex.names[0]! : ex.names;
  let f = (x: NDArray): NDArray => impl(ex.op, x, names);
  for (let pos = ex.levels.length - 1; pos >= 0; pos--) {
    const l = ex.levels[pos]!;
    f = vmap(f, {
      inAxes: l.inAsArray ? [l.inAxis] : l.inAxis,
      outAxes: l.outAxis,
      axisName: l.name,
      ...(l.passSize ? { axisSize: l.size } : {}),
    });
  }
  return f;
}

/**
 * psum of x over a named level that does not map x is JAX's `size * x` (reference §1.4), so over an
 * EMPTY such level a negative value gives 0 * x = -0 where the loop's empty sum is +0; and which
 * zero comes out of a multi-name psum depends on the order the names are reduced in. Only there is
 * the sign of a zero not compared (pinned separately below); everywhere else the check is bit-exact.
 */
const zeroSignFree = (ex: Example): boolean =>
  ex.op.kind === 'psum' && ex.levels.some((l) => ex.names.includes(l.name) && l.inAxis === null && l.size === 0);

/** The law on one example: null when it holds, else what differs. */
function check(ex: Example, impl: CollectiveImpl = libraryImpl): string | null {
  const want = expected(ex, 0, []);
  let got: HostArray;
  try {
    got = fromNDArray(batched(ex, impl)(toNDArray(input(ex, 0, []))));
  } catch (e) {
    return `the vmapped collective threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n${describeExample(ex)}`;
  }
  if (zeroSignFree(ex)) got = { ...got, data: got.data.map((v) => (v === 0 ? 0 : v)) };
  const diff = bitEqual(got, want);
  return diff === null ? null : `collective law broken: ${diff}\n  got      ${describeHost(got)}\n  expected ${describeHost(want)}\n${describeExample(ex)}`;
}

const law = (arb: fc.Arbitrary<Example>, impl: CollectiveImpl = libraryImpl) =>
  fc.property(arb, (ex) => {
    const msg = check(ex, impl);
    if (msg !== null) throw new Error(msg);
  });

// ---------------------------------------------------------------------------------------------
// The laws.

const ONE: fc.Arbitrary<readonly Name[]> = fc.constant(['i']);
const NAME_CHOICES: readonly (readonly Name[])[] = [['i'], ['j'], ['i', 'j'], ['j', 'i']];
const RUNS_1 = Number(process.env.COLLECTIVE_RUNS_1 ?? 300);
const RUNS_2 = Number(process.env.COLLECTIVE_RUNS_2 ?? 100);

describe('collective laws under one vmap (axisName i): vmapped collective == loop definition', () => {
  for (const kind of KINDS) it(kind, () => fc.assert(law(exampleArb(kind, 1, ONE)), { numRuns: RUNS_1 }));
});

describe('collective laws under vmap(vmap(f, {axisName: j}), {axisName: i})', () => {
  for (const kind of KINDS)
    for (const names of NAME_CHOICES)
      it(`${kind} over ${JSON.stringify(names)}`, () => fc.assert(law(exampleArb(kind, 2, fc.constant(names))), { numRuns: RUNS_2 }));
});

describe('the docstring example as a property', () => {
  it('vmap(x => psum(x, "i"), { axisName: "i" })(X): every row is the sum of the rows', () => {
    const arb = fc
      .record({ n: batchSizeArb(), rest: shapeArb(), dtype: fc.constantFrom<DType>('float64', 'int32') })
      .chain(({ n, rest, dtype }) => hostArrayArb([n, ...rest], dtype, intValueArb(dtype)));
    fc.assert(
      fc.property(arb, (X) => {
        const got = fromNDArray(vmap((x: NDArray) => psum(x, 'i'), { axisName: 'i' })(toNDArray(X)));
        const n = X.shape[0]!;
        const like = { shape: X.shape.slice(1), dtype: X.dtype };
        const rows = Array.from({ length: n }, (_, k) => sliceAxis(X, 0, k));
        const total = hostSum(rows, like);
        expect(bitEqual(got, stackAxis(rows.map(() => total), 0, like))).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});

describe('reductions over a pytree act leafwise', () => {
  it('psum/pmean/pmax/pmin of { u: a, v: [b] } with per-argument in_axes and pytree out_axes', () => {
    const leafArb = (n: number) =>
      fc
        .record({ shape: shapeArb(), dtype: fc.constantFrom<DType>('float64', 'int32'), inAxis: fc.option(fc.nat(), { nil: null, freq: 4 }) })
        .chain(({ shape, dtype, inAxis }) => {
          const ax = inAxis === null ? null : foldAxis(inAxis, shape.length + 1);
          const count = ax === null ? 1 : n;
          return fc
            .array(hostArrayArb(shape, dtype, intValueArb(dtype)), { minLength: count, maxLength: count })
            .map((lanes) => ({ like: { shape, dtype } as Like, inAxis: ax, lanes }));
        });
    const arb = fc.record({ n: batchSizeArb(), kind: fc.constantFrom(...REDUCTIONS), ou: fc.option(fc.nat(), { nil: null }), ov: fc.option(fc.nat(), { nil: null }) }).chain((p) =>
      fc.tuple(leafArb(p.n), leafArb(p.n)).map(([a, b]) => ({ ...p, a, b })),
    );
    const fns = { psum, pmean, pmax, pmin } as const;
    fc.assert(
      fc.property(arb, ({ n, kind, ou, ov, a, b }) => {
        const lanesOf = (l: typeof a) => Array.from({ length: n }, (_, k) => l.lanes[l.inAxis === null ? 0 : k]!);
        const batchedIn = (l: typeof a) => toNDArray(l.inAxis === null ? l.lanes[0]! : stackAxis(l.lanes, l.inAxis, l.like));
        const want = (l: typeof a, o: number | null) => {
          // pmax/pmin of an unmapped leaf is the leaf itself (see `group`)
          const idempotent = (kind === 'pmax' || kind === 'pmin') && l.inAxis === null;
          const r = laneRef({ kind }, idempotent ? l.lanes : lanesOf(l), 0, l.like);
          const oa = o === null ? null : foldAxis(o, r.shape.length + 1);
          return { oa, value: oa === null ? r : stackAxis(lanesOf(l).map(() => r), oa, r) };
        };
        const u = want(a, ou), v = want(b, ov);
        const out = vmap((x: NDArray, y: NDArray) => fns[kind]({ u: x, v: [y] }, 'i'), {
          inAxes: [a.inAxis, b.inAxis],
          outAxes: { u: u.oa, v: [v.oa] },
          axisName: 'i',
          axisSize: n,
        })(batchedIn(a), batchedIn(b));
        // the sign of a zero psum of an unmapped leaf over an empty axis is not compared (see `zeroSignFree`)
        const norm = (h: HostArray, l: typeof a) =>
          kind === 'psum' && n === 0 && l.inAxis === null ? { ...h, data: h.data.map((x) => (x === 0 ? 0 : x)) } : h;
        expect(bitEqual(norm(fromNDArray(out.u), a), u.value)).toBeNull();
        expect(bitEqual(norm(fromNDArray(out.v[0]!), b), v.value)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});

describe('axisSize', () => {
  it('is the product of the named levels’ sizes, at every nesting', () => {
    fc.assert(
      fc.property(batchSizeArb(), batchSizeArb(), fc.constantFrom(...NAME_CHOICES), (ni, nj, names) => {
        const seen: number[] = [];
        vmap(
          vmap(
            () => {
              seen.push(libAxisSize(names.length === 1 ? names[0]! : names));
              return 0;
            },
            { axisName: 'j', axisSize: nj },
          ),
          { axisName: 'i', axisSize: ni },
        )();
        const want = names.reduce((acc, nm) => acc * (nm === 'i' ? ni : nj), 1);
        expect(seen.length).toBeGreaterThan(0);
        for (const s of seen) expect(s).toBe(want);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Corners where JAX's rules (followed by vmap-ts) and the plain loop definition part ways.

describe('an unmapped x under an EMPTY named axis: JAX rules, not the empty loop', () => {
  const unmapped = <T>(f: (x: NDArray) => T) => vmap(f, { inAxes: null, axisSize: 0, axisName: 'i', outAxes: null });
  const x = toNDArray({ shape: [3], dtype: 'float64', data: [-1, 0, 2] });
  it('psum is size * x = 0 * x, so a negative x gives -0 (the empty loop sum would be +0)', () => {
    expect(bitEqual(fromNDArray(unmapped((v) => psum(v, 'i'))(x)), { shape: [3], dtype: 'float64', data: [-0, 0, 0] })).toBeNull();
  });
  it('pmax/pmin return x unchanged (the empty loop would give -Infinity/+Infinity)', () => {
    expect(bitEqual(fromNDArray(unmapped((v) => pmax(v, 'i'))(x)), fromNDArray(x))).toBeNull();
    expect(bitEqual(fromNDArray(unmapped((v) => pmin(v, 'i'))(x)), fromNDArray(x))).toBeNull();
  });
  it('a MAPPED x over an empty axis does follow the loop: psum +0, pmax -Infinity, pmin +Infinity', () => {
    const empty = toNDArray({ shape: [0, 2], dtype: 'float64', data: [] });
    const run = (f: (v: NDArray) => NDArray) => fromNDArray(vmap(f, { axisName: 'i', outAxes: null })(empty));
    expect(run((v) => psum(v, 'i')).data).toEqual([0, 0]);
    expect(run((v) => pmax(v, 'i')).data).toEqual([-Infinity, -Infinity]);
    expect(run((v) => pmin(v, 'i')).data).toEqual([Infinity, Infinity]);
  });
});

// ---------------------------------------------------------------------------------------------
// Known library bugs (minimal repros through the same checker; they flip to failures once fixed).

describe('known bugs', () => {
  /** vmap(vmap(f, j), i) with Ni = 2, Nj = 0 and per-lane x float64(0,): the names' sizes multiply to 0. */
  const emptyGroup = (op: OpSpec): Example =>
    withReport({
      op,
      like: { shape: [0], dtype: 'float64' },
      levels: [
        { name: 'i', size: 2, inAxis: 0, outAxis: 0, passSize: false, inAsArray: false },
        { name: 'j', size: 0, inAxis: 0, outAxis: 0, passSize: false, inAsArray: false },
      ],
      names: ['i', 'j'],
      singleAsArray: false,
      values: [],
    });
  // regression: the multi-name path once reshaped to [n, d / n] with n = 0 (a NaN dimension)
  it('allToAll(x, ["i", "j"], 0, 0, { tiled: true }) with an empty group gives float64(2, 0, 0)', () => {
    expect(check(emptyGroup({ kind: 'allToAll', split: 0, concat: 0, tiled: true }))).toBeNull();
  });
  it('psumScatter(x, ["i", "j"], { tiled: true }) with an empty group gives float64(2, 0, 0)', () => {
    expect(check(emptyGroup({ kind: 'psumScatter', dim: 0, tiled: true }))).toBeNull();
  });
  it('(the untiled forms and the single-name tiled forms of the same shapes pass)', () => {
    expect(check(emptyGroup({ kind: 'allToAll', split: 0, concat: 0, tiled: false }))).toBeNull();
    expect(check(emptyGroup({ kind: 'psumScatter', dim: 0, tiled: false }))).toBeNull();
    const single = (op: OpSpec): Example => ({ ...emptyGroup(op), names: ['j'] });
    expect(check(single({ kind: 'allToAll', split: 0, concat: 0, tiled: true }))).toBeNull();
    expect(check(single({ kind: 'psumScatter', dim: 0, tiled: true }))).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// The checker can fail.

describe('the law can fail: wrong collectives are caught by the same checker', () => {
  const wrong: Record<string, { kind: Kind; depth: 1 | 2; impl: CollectiveImpl }> = {
    'psum replaced by identity': { kind: 'psum', depth: 1, impl: (op, x, names) => (op.kind === 'psum' ? x : libraryImpl(op, x, names)) },
    'pmean that forgets to divide': { kind: 'pmean', depth: 1, impl: (op, x, names) => libraryImpl(op.kind === 'pmean' ? { kind: 'psum' } : op, x, names) },
    'pmax computed as pmin': { kind: 'pmax', depth: 1, impl: (op, x, names) => libraryImpl(op.kind === 'pmax' ? { kind: 'pmin' } : op, x, names) },
    'ppermute with pairs reversed (dst -> src)': {
      kind: 'ppermute',
      depth: 1,
      impl: (op, x, names) => libraryImpl(op.kind === 'ppermute' ? { ...op, perm: op.perm.map(([s, d]) => [d, s] as const) } : op, x, names),
    },
    'allToAll with split and concat swapped': {
      kind: 'allToAll',
      depth: 1,
      impl: (op, x, names) => libraryImpl(op.kind === 'allToAll' ? { ...op, split: op.concat, concat: op.split } : op, x, names),
    },
    'axisIndex over reversed names (column-major)': {
      kind: 'axisIndex',
      depth: 2,
      impl: (op, x, names) => libraryImpl(op, x, Array.isArray(names) ? [...names].reverse() : names),
    },
  };
  for (const [what, { kind, depth, impl }] of Object.entries(wrong))
    it(what, () => {
      const arb = exampleArb(kind, depth, depth === 1 ? ONE : fc.constantFrom(...NAME_CHOICES));
      const res = fc.check(law(arb, impl), { numRuns: 300 });
      expect(res.failed).toBe(true);
      expect(String(res.errorInstance)).toMatch(/collective law broken|threw/);
    });

  it('and the right ones pass the same checker', () => {
    expect(fc.check(law(exampleArb('psum', 1, ONE)), { numRuns: 50 }).failed).toBe(false);
  });
});
