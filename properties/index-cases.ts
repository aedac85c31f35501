/**
 * Law cases for the indexing methods: `x.index(...)` and `x.at(...).get/set/add/multiply/min/max`
 * with random numpy indices over a random shape. Per axis an integer (negative too), a slice (any
 * step sign, bounds past both ends), a whole axis `{}`, an integer array (a law argument, so mapped
 * per example under vmap, with values past both ends) or a static bool mask; a `null` (newaxis) and
 * a `'...'` standing for a run of axes may be inserted anywhere, so advanced entries are adjacent or
 * separated and numpy's placement rule is exercised both ways.
 */
import fc from 'fast-check';
import { asArray } from '../lib/array/create';
import type { DType } from '../lib/array/dtype';
import type { IndexEntry, Mode, Slice } from '../lib/array/index-types';
import type { NDArray } from '../lib/array/ndarray';
import { parseIndex } from '../lib/numpy/index-parse';
import '../lib/numpy'; // installs x.index and x.at
import { dtypeArb, NUMERIC_DTYPES } from './arbitraries';
import { lawCase, type LawCase } from './laws';
import { values } from './np-cases';

/** One index entry as drawn: arrays are placeholders filled with the law's arguments in order. */
type Drawn =
  | { readonly kind: 'int'; readonly v: number }
  | { readonly kind: 'slice'; readonly s: Slice }
  | { readonly kind: 'whole' }
  | { readonly kind: 'array'; readonly scalar: boolean }
  | { readonly kind: 'mask'; readonly bits: readonly boolean[] }
  | { readonly kind: 'newaxis' }
  | { readonly kind: 'ellipsis' };

const bound = (n: number) => fc.option(fc.integer({ min: -n - 1, max: n + 1 }), { nil: null });
const axisEntryArb = (n: number): fc.Arbitrary<Drawn> =>
  fc.oneof(
    fc.integer({ min: -n, max: n - 1 }).map((v) => ({ kind: 'int', v }) as const),
    fc
      .record({ start: bound(n), stop: bound(n), step: fc.constantFrom(1, 1, 2, 3, -1, -2) })
      .map((s) => ({ kind: 'slice', s }) as const),
    fc.constant({ kind: 'whole' } as const),
    fc.boolean().map((scalar) => ({ kind: 'array', scalar }) as const),
    fc.boolean().map((scalar) => ({ kind: 'array', scalar }) as const),
    fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((bits) => ({ kind: 'mask', bits }) as const),
  );

export interface IndexDraw {
  readonly shape: readonly number[];
  readonly entries: readonly Drawn[];
  /** The length of the integer arrays that are not scalars. */
  readonly m: number;
}

/** A shape and a valid index for it (at most one mask; the arrays' length matches its true count). */
export const indexDrawArb: fc.Arbitrary<IndexDraw> = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      perAxis: fc.tuple(...shape.map(axisEntryArb)),
      m: fc.integer({ min: 0, max: 3 }),
      newaxisAt: fc.option(fc.integer({ min: 0, max: shape.length }), { nil: null }),
      ellipsis: fc.option(fc.tuple(fc.integer({ min: 0, max: shape.length }), fc.integer({ min: 0, max: shape.length })), { nil: null }),
      dropTrailingWhole: fc.boolean(),
    }),
  )
  .map(({ shape, perAxis, m, newaxisAt, ellipsis, dropTrailingWhole }) => {
    // at most one mask: later ones become whole axes
    let masks = 0;
    let entries: Drawn[] = perAxis.map((e) => (e.kind === 'mask' && masks++ > 0 ? { kind: 'whole' } : e));
    const mask = entries.find((e): e is Extract<Drawn, { kind: 'mask' }> => e.kind === 'mask');
    const len = mask ? mask.bits.filter(Boolean).length : m;
    if (ellipsis !== null) {
      const start = Math.min(ellipsis[0], entries.length);
      const count = Math.min(ellipsis[1], entries.length - start);
      entries = [...entries.slice(0, start), { kind: 'ellipsis' }, ...entries.slice(start + count)];
    }
    if (newaxisAt !== null) entries.splice(Math.min(newaxisAt, entries.length), 0, { kind: 'newaxis' });
    // (after a '...' the entries align from the end: dropping one would shift them)
    if (dropTrailingWhole && ellipsis === null) while (entries.length > 0 && entries[entries.length - 1]!.kind === 'whole') entries.pop();
    return { shape, entries, m: len };
  });

/** The per-example shapes of the draw's integer-array arguments. */
export const arrayShapes = (d: IndexDraw): number[][] =>
  d.entries.flatMap((e) => (e.kind === 'array' ? [e.scalar ? [] : [d.m]] : []));

/** The index, with the integer arrays taken from `arrays` in order. */
export function entriesOf(d: IndexDraw, arrays: readonly NDArray[]): IndexEntry[] {
  let k = 0;
  return d.entries.map((e): IndexEntry => {
    switch (e.kind) {
      case 'int':
        return e.v;
      case 'slice':
        return e.s;
      case 'whole':
        return {};
      case 'array':
        return arrays[k++]!;
      case 'mask':
        return asArray([...e.bits], 'bool');
      case 'newaxis':
        return null;
      case 'ellipsis':
        return '...';
    }
  });
}

/** The shape of x[index] (placeholder arrays of the right shapes stand for the arguments). */
export const resultShape = (d: IndexDraw): readonly number[] =>
  parseIndex(d.shape, entriesOf(d, arrayShapes(d).map((s) => asArray({ data: new Int32Array(s.length ? s[0]! : 1), shape: s }))), 'law').shape;

const describeDraw = (d: IndexDraw): string =>
  `x${JSON.stringify(d.shape)}.index(${d.entries
    .map((e) => (e.kind === 'int' ? e.v : e.kind === 'slice' ? JSON.stringify(e.s) : e.kind === 'whole' ? '{}' : e.kind === 'array' ? (e.scalar ? 'i[]' : `i[${d.m}]`) : e.kind === 'mask' ? JSON.stringify(e.bits) : e.kind === 'newaxis' ? 'null' : "'...'"))
    .join(', ')})`;

const READ_MODES: readonly Mode[] = ['promise_in_bounds', 'clip', 'fill', 'drop'];
const OPS = ['get', 'set', 'add', 'multiply', 'min', 'max'] as const;

const caseArb = (withOp: boolean) =>
  fc
    .record({
      draw: indexDrawArb,
      dtype: dtypeArb(NUMERIC_DTYPES),
      mode: fc.constantFrom(...READ_MODES),
      op: withOp ? fc.constantFrom(...OPS) : fc.constant('get' as const),
    })
    .map(({ draw, dtype, mode, op }) => {
      const idx = arrayShapes(draw);
      const out = resultShape(draw);
      const updates = op === 'get' ? [] : [out];
      const shapes = [draw.shape, ...idx, ...updates];
      const dtypes: DType[] = [dtype, ...idx.map(() => 'int32' as DType), ...updates.map(() => dtype)];
      // index values one past either end: every mode's out-of-bounds handling runs
      const axisLen = draw.shape.reduce((a, b) => Math.max(a, b), 1);
      const idxValues = fc.integer({ min: -axisLen - 1, max: axisLen });
      return {
        shapes,
        dtypes,
        valueArbs: [values(dtype, 'special'), ...idx.map(() => idxValues), ...updates.map(() => values(dtype, 'special'))],
        fn: (x: NDArray, ...rest: NDArray[]) => {
          const entries = entriesOf(draw, rest.slice(0, idx.length));
          const opts = { mode, fillValue: -7 };
          if (!withOp) return x.index(...entries, opts);
          const ref = x.at(...entries);
          return op === 'get' ? ref.get(opts) : ref[op](rest[idx.length]!, { mode });
        },
        params: `${describeDraw(draw)} ${withOp ? `.at ${op}` : ''} mode ${mode}`,
      };
    });

export const indexMethodCases: LawCase[] = [lawCase('x.index', caseArb(false)), lawCase('x.at', caseArb(true))];
