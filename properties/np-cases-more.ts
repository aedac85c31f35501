/**
 * Law cases for the np names of lib/numpy/{math-more, nan-reductions, statistics, sequences,
 * construct, comparison}, built with ./np-cases' case makers (same naming: the first word is the
 * np name covered).
 */
import fc from 'fast-check';
import type { ArrayLike } from '../lib/array/create';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { np } from '../lib/numpy';
import { ALL_DTYPES, dimArb, dtypeArb, FLOAT_DTYPES, intsArb, NUMERIC_DTYPES, pick, shapeArb, valueArb } from './arbitraries';
import { lawCase, type LawCase } from './laws';
import {
  ANY,
  anyBinary,
  arith,
  ddofArb,
  elementwiseCase,
  fromSlots,
  NUMBER_SCALARS,
  oneArray,
  reducer,
  reductionCase,
  unary,
  values,
  withDdof,
} from './np-cases';
import { phase3NpCases } from './np-cases-phase3';

const elementwise: LawCase[] = [
  ...(
    [
      'arcsin',
      'arccos',
      'arctan',
      'sinh',
      'cosh',
      'arcsinh',
      'arccosh',
      'arctanh',
      'asin',
      'acos',
      'atan',
      'asinh',
      'acosh',
      'atanh',
    ] as const
  ).map((n) => unary(n, np[n], ALL_DTYPES, ANY)),
  ...(['cbrt', 'signbit', 'isinf', 'isposinf', 'isneginf', 'deg2rad', 'rad2deg', 'radians', 'degrees', 'sinc', 'positive'] as const).map(
    (n) => unary(n, np[n], ALL_DTYPES, ANY),
  ),
  unary('nanToNum', (x) => np.nanToNum(x), ALL_DTYPES, ANY),
  unary('nanToNum (given values)', (x) => np.nanToNum(x, { nan: -1, posinf: 7, neginf: -7 }), ALL_DTYPES, ANY),
  ...(['hypot', 'copysign', 'logaddexp', 'logaddexp2', 'heaviside', 'fmax', 'fmin', 'nextafter', 'floatPower'] as const).map((n) =>
    n === 'floatPower' ? arith(n, np[n]) : anyBinary(n, np[n]),
  ),
  elementwiseCase('isclose', 2, (a, b) => np.isclose(a!, b!), { scalars: NUMBER_SCALARS }),
  elementwiseCase('isclose (equalNan, tolerances)', 2, (a, b) => np.isclose(a!, b!, { rtol: 0.5, atol: 1, equalNan: true }), {
    scalars: NUMBER_SCALARS,
  }),
];

const nanReductions: LawCase[] = [
  reducer('nansum', np.nansum),
  reducer('nanprod', np.nanprod),
  reducer('nanmax', np.nanmax, true),
  reducer('nanmin', np.nanmin, true),
  reducer('nanmean', np.nanmean),
  reductionCase('nanvar', (x, axis, opts, ddof) => np.nanvar(x, axis, withDdof(opts, ddof)), { extra: ddofArb }),
  reductionCase('nanstd', (x, axis, opts, ddof) => np.nanstd(x, axis, withDdof(opts, ddof)), { extra: ddofArb }),
  ...(['nanargmax', 'nanargmin'] as const).map((n) =>
    reductionCase(n, (x, axis, opts) => np[n](x, axis as number | null | undefined, opts), {
      forms: ['undefined', 'null', 'int', 'int'],
      nonEmpty: true,
    }),
  ),
  ...(['nancumsum', 'nancumprod'] as const).map((n) =>
    reductionCase(n, (x, axis) => np[n](x, axis as number | null | undefined), {
      forms: ['undefined', 'null', 'int', 'int'],
      keepdims: false,
    }),
  ),
  reductionCase('ptp', (x, axis, opts) => np.ptp(x, axis, opts), { nonEmpty: true, dtypes: NUMERIC_DTYPES }),
  reducer('allclose', (x, axis) => np.allclose(x, np.sum(x, axis, { keepdims: true }))),
  reducer('arrayEqual', (x) => np.arrayEqual(x, np.flip(np.flip(x)))),
  reducer('arrayEquiv', (x) => np.arrayEquiv(x, np.ones([1]))),
  reductionCase('median', (x, axis, opts) => np.median(x, axis, opts), { nonEmpty: true }),
  reductionCase('quantile', (x, axis, opts, q) => np.quantile(x, q, axis, opts), {
    nonEmpty: true,
    extra: fc.constantFrom<number | number[]>(0, 0.25, 1, [0.5, 0.1]),
  }),
  reductionCase('percentile', (x, axis, opts, q) => np.percentile(x, q, axis, { ...opts, method: 'nearest' }), {
    nonEmpty: true,
    extra: fc.constantFrom<number | number[]>(50, [10, 75]),
  }),
];

/** average with weights of a's shape, or 1-d weights along an int axis. */
const averageCase = lawCase(
  'average',
  fc
    .record({ shape: shapeArb({ minRank: 1 }), ax: fc.nat(), along: fc.boolean(), dtype: dtypeArb(NUMERIC_DTYPES) })
    .map(({ shape, ax, along, dtype }) => {
      const a = pick(ax, shape.length);
      const wShape = along ? [shape[a]!] : shape;
      const positive = fc.integer({ min: 1, max: 4 });
      return fromSlots(
        [
          { shape, dtype, values: values(dtype, 'small') },
          { shape: wShape, dtype: 'float64', values: positive },
        ],
        (x, w) => np.average(x!, along ? a : null, { weights: w! }),
        { axis: a, along },
      );
    }),
);

/** cov/corrcoef: a 1-d or 2-d array (variables as rows or columns), and sometimes a second one. */
const covCases: LawCase[] = (['cov', 'corrcoef'] as const).map((name) =>
  lawCase(
    name,
    fc
      .record({
        v: fc.integer({ min: 1, max: 3 }),
        n: fc.integer({ min: 2, max: 4 }),
        oneD: fc.boolean(),
        rowvar: fc.boolean(),
        withY: fc.boolean(),
        bias: fc.boolean(),
        dtype: dtypeArb(FLOAT_DTYPES),
      })
      .map(({ v, n, oneD, rowvar, withY, bias, dtype }) => {
        const shape = oneD ? [n] : rowvar ? [v, n] : [n, v];
        const slots = [
          { shape, dtype, values: valueArb(dtype, 'halves') },
          ...(withY ? [{ shape, dtype, values: valueArb(dtype, 'halves') }] : []),
        ];
        return fromSlots(slots, (x, y) => (name === 'cov' ? np.cov(x!, y, { rowvar, bias }) : np.corrcoef(x!, y, { rowvar })), {
          shape,
          rowvar,
          withY,
          bias,
        });
      }),
  ),
);

/** One array of rank >= 1 with an axis (negative half the time). */
const alongAxis = (
  name: string,
  f: (x: NDArray, axis: number, extra: number) => NDArray,
  o: { extra?: fc.Arbitrary<number>; dtypes?: readonly DType[]; minRank?: number } = {},
) =>
  lawCase(
    name,
    fc
      .record({
        shape: shapeArb({ minRank: o.minRank ?? 1 }),
        ax: fc.nat(),
        neg: fc.boolean(),
        extra: o.extra ?? fc.constant(0),
        dtype: dtypeArb(o.dtypes ?? ALL_DTYPES),
      })
      .map(({ shape, ax, neg, extra, dtype }) => {
        const a = pick(ax, shape.length),
          axis = neg ? a - shape.length : a;
        return {
          shapes: [shape],
          dtypes: [dtype],
          valueArbs: [values(dtype, 'special')],
          fn: (x: NDArray) => f(x, axis, extra),
          params: { axis, extra },
        };
      }),
  );

const sequences: LawCase[] = [
  alongAxis('diff', (x, axis, n) => np.diff(x, n, axis), { extra: fc.integer({ min: 0, max: 3 }) }),
  alongAxis('diff (prepend, append)', (x, axis) => np.diff(x, 1, axis, { prepend: 0, append: 1 }), { dtypes: NUMERIC_DTYPES }),
  lawCase(
    'ediff1d',
    fc
      .record({ shape: shapeArb(), dtype: dtypeArb(NUMERIC_DTYPES), ends: fc.boolean() })
      .map(({ shape, dtype, ends }) => oneArray(shape, dtype, (x) => np.ediff1d(x, ends ? { toBegin: [-1, 2], toEnd: 9 } : {}), { ends })),
  ),
  ...(['convolve', 'correlate'] as const).map((name) =>
    lawCase(
      name,
      fc
        .record({
          n: fc.integer({ min: 1, max: 5 }),
          m: fc.integer({ min: 1, max: 5 }),
          mode: fc.constantFrom('full', 'same', 'valid'),
          dts: fc.array(dtypeArb(NUMERIC_DTYPES), { minLength: 2, maxLength: 2 }),
        })
        .map(({ n, m, mode, dts }) =>
          fromSlots(
            [
              { shape: [n], dtype: dts[0]!, values: values(dts[0]!, 'small') },
              { shape: [m], dtype: dts[1]!, values: values(dts[1]!, 'small') },
            ],
            (a, v) => np[name](a!, v!, mode as 'full'),
            { mode },
          ),
        ),
    ),
  ),
  lawCase(
    'cross',
    fc
      .record({
        lead: shapeArb({ maxRank: 2 }),
        ka: fc.constantFrom(2, 3),
        kb: fc.constantFrom(2, 3),
        first: fc.boolean(),
        dts: fc.array(dtypeArb(NUMERIC_DTYPES), { minLength: 2, maxLength: 2 }),
      })
      .map(({ lead, ka, kb, first, dts }) => {
        const at = (k: number) => (first ? [k, ...lead] : [...lead, k]);
        return fromSlots(
          [
            { shape: at(ka), dtype: dts[0]!, values: values(dts[0]!, 'special') },
            { shape: at(kb), dtype: dts[1]!, values: values(dts[1]!, 'special') },
          ],
          (a, b) => np.cross(a!, b!, first ? 0 : -1),
          { ka, kb, first },
        );
      }),
  ),
  alongAxis('trapezoid', (x, axis, dx) => np.trapezoid(x, axis, { dx }), { extra: fc.constantFrom(1, 0.5), dtypes: NUMERIC_DTYPES }),
  lawCase(
    'trapezoid (sample points)',
    fc.record({ shape: shapeArb({ minRank: 1 }), dtype: dtypeArb(FLOAT_DTYPES) }).map(({ shape, dtype }) =>
      fromSlots(
        [
          { shape, dtype, values: values(dtype, 'halves') },
          { shape: [shape[shape.length - 1]!], dtype, values: values(dtype, 'halves') },
        ],
        (y, x) => np.trapezoid(y!, -1, { x: x! }),
      ),
    ),
  ),
  lawCase(
    'vander',
    fc
      .record({ n: dimArb(), cols: fc.option(dimArb(), { nil: undefined }), inc: fc.boolean(), dtype: dtypeArb(NUMERIC_DTYPES) })
      .map(({ n, cols, inc, dtype }) => oneArray([n], dtype, (x) => np.vander(x, cols, inc), { cols, inc })),
  ),
];

const square = (f: (x: NDArray, k: number) => NDArray, name: string, o: { minRank?: number; k?: fc.Arbitrary<number> } = {}) =>
  lawCase(
    name,
    fc
      .record({ shape: shapeArb({ minRank: o.minRank ?? 2 }), k: o.k ?? fc.integer({ min: -2, max: 2 }), dtype: dtypeArb() })
      .map(({ shape, k, dtype }) => oneArray(shape, dtype, (x) => f(x, k), { k })),
  );

const construct: LawCase[] = [
  lawCase(
    'repeat',
    fc
      .record({ shape: shapeArb(), flat: fc.boolean(), ax: fc.nat(), counts: intsArb(5, 0, 2), each: fc.boolean(), dtype: dtypeArb() })
      .map(({ shape, flat, ax, counts, each, dtype }) => {
        const axis = flat || shape.length === 0 ? null : pick(ax, shape.length);
        const n = axis === null ? shape.reduce((a, b) => a * b, 1) : shape[axis]!;
        const reps = each && n <= 5 ? counts.slice(0, n) : counts[0]!;
        return oneArray(shape, dtype, (x) => np.repeat(x, reps, axis), { axis, reps });
      }),
  ),
  lawCase(
    'roll',
    fc
      .record({ shape: shapeArb(), flat: fc.boolean(), ax: fc.nat(), shift: fc.integer({ min: -7, max: 7 }), dtype: dtypeArb() })
      .map(({ shape, flat, ax, shift, dtype }) => {
        const axis = flat || shape.length === 0 ? null : pick(ax, shape.length);
        return oneArray(shape, dtype, (x) => np.roll(x, shift, axis), { axis, shift });
      }),
  ),
  square((x, k) => np.rot90(x, k), 'rot90', { k: fc.integer({ min: -5, max: 5 }) }),
  square((x) => np.fliplr(x), 'fliplr'),
  square((x) => np.flipud(x), 'flipud', { minRank: 1 }),
  square((x, k) => np.tril(x, k), 'tril', { minRank: 1 }),
  square((x, k) => np.triu(x, k), 'triu', { minRank: 1 }),
  square((x, k) => np.diagonal(x, k), 'diagonal'),
  square((x, k) => np.diagonal(x, k, -1, 0), 'diagonal (axes -1, 0)'),
  square((x, k) => np.trace(x, k), 'trace'),
  lawCase(
    'diag',
    fc
      .record({ shape: shapeArb({ minRank: 1, maxRank: 2 }), k: fc.integer({ min: -2, max: 2 }), dtype: dtypeArb() })
      .map(({ shape, k, dtype }) => oneArray(shape, dtype, (x) => np.diag(x, k), { k })),
  ),
  lawCase(
    'diagflat',
    fc
      .record({ shape: shapeArb({ maxRank: 2 }), k: fc.integer({ min: -2, max: 2 }), dtype: dtypeArb() })
      .map(({ shape, k, dtype }) => oneArray(shape, dtype, (x) => np.diagflat(x, k), { k })),
  ),
  lawCase(
    'tri',
    fc
      .record({ shape: shapeArb({ minRank: 2, maxRank: 2 }), k: fc.integer({ min: -2, max: 2 }), dtype: dtypeArb(NUMERIC_DTYPES) })
      .map(({ shape, k, dtype }) => oneArray(shape, dtype, (x) => np.multiply(x, np.tri(shape[0]!, shape[1]!, k, dtype)), { k })),
  ),
  lawCase(
    'meshgrid',
    fc
      .record({
        n: fc.integer({ min: 1, max: 3 }),
        lens: fc.array(dimArb(), { minLength: 3, maxLength: 3 }),
        ij: fc.boolean(),
        sparse: fc.boolean(),
        pick: fc.nat(),
        dtype: dtypeArb(),
      })
      .map(({ n, lens, ij, sparse, pick: p, dtype }) => {
        const slots = lens.slice(0, n).map((len) => ({ shape: [len], dtype }));
        return fromSlots(slots, (...xs) => np.meshgrid(...(xs as ArrayLike[]), { indexing: ij ? 'ij' : 'xy', sparse })[p % n]!, {
          ij,
          sparse,
          output: p % n,
        });
      }),
  ),
  lawCase(
    'indices',
    fc
      .record({ shape: shapeArb({ maxRank: 3 }), dtype: dtypeArb(NUMERIC_DTYPES) })
      .map(({ shape, dtype }) => oneArray(shape, dtype, (x) => np.add(np.indices(x.shape, dtype), x), {})),
  ),
  lawCase(
    'logspace',
    fc
      .record({
        shape: shapeArb({ minRank: 1 }),
        a: fc.integer({ min: -2, max: 2 }),
        b: fc.integer({ min: -2, max: 2 }),
        base: fc.constantFrom(10, 2, 0.5),
      })
      .map(({ shape, a, b, base }) =>
        oneArray(shape, 'float64', (x) => np.multiply(x, np.logspace(a, b, shape[shape.length - 1]!, true, base)), { a, b, base }),
      ),
  ),
  lawCase(
    'geomspace',
    fc
      .record({
        shape: shapeArb({ minRank: 1 }),
        a: fc.constantFrom(1, 2, -3, 0.5),
        r: fc.constantFrom(10, 0.25, 3),
        endpoint: fc.boolean(),
      })
      .map(({ shape, a, r, endpoint }) =>
        oneArray(shape, 'float64', (x) => np.multiply(x, np.geomspace(a, a * r, shape[shape.length - 1]!, endpoint)), {
          a,
          stop: a * r,
          endpoint,
        }),
      ),
  ),
];

export const moreNpCases: LawCase[] = [
  ...elementwise,
  ...nanReductions,
  averageCase,
  ...covCases,
  ...sequences,
  ...construct,
  ...phase3NpCases,
];
