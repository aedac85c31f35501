/**
 * Law cases for the np names of lib/numpy/{array-api, shifts, ...} (issue 14's third batch), in the
 * style of ./np-cases: the first word of a case's name is the np name it covers.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { np } from '../lib/numpy';
import { ALL_DTYPES, dtypeArb, FLOAT_DTYPES, NUMERIC_DTYPES, pick, shapeArb, valueArb } from './arbitraries';

const valuesHalves = valueArb('float64', 'halves');
import { lawCase, type LawCase } from './laws';
import { ANY, broadcastShapesArb, fromSlots, oneArray, unary, values } from './np-cases';

/** One array of a random shape (rank >= minRank) and an axis of it (negative half the time). */
const withAxis = (
  name: string,
  f: (x: NDArray, axis: number) => NDArray,
  o: { minRank?: number; maxRank?: number; dtypes?: readonly DType[] } = {},
) =>
  lawCase(
    name,
    fc
      .record({
        shape: shapeArb({ minRank: o.minRank ?? 1, maxRank: o.maxRank ?? 3 }),
        ax: fc.nat(),
        neg: fc.boolean(),
        dtype: dtypeArb(o.dtypes ?? ALL_DTYPES),
      })
      .map(({ shape, ax, neg, dtype }) => {
        const a = pick(ax, shape.length);
        const axis = neg ? a - shape.length : a;
        return { ...oneArray(shape, dtype, (x) => f(x, axis), { axis }), valueArbs: [values(dtype, 'special')] };
      }),
  );

/** One array of a random shape through f. */
const shaped = (name: string, f: (x: NDArray) => NDArray, o: { minRank?: number; maxRank?: number; dtypes?: readonly DType[] } = {}) =>
  lawCase(
    name,
    fc
      .record({ shape: shapeArb({ minRank: o.minRank ?? 0, maxRank: o.maxRank ?? 3 }), dtype: dtypeArb(o.dtypes ?? ALL_DTYPES) })
      .map(({ shape, dtype }) => ({ ...oneArray(shape, dtype, f, {}), valueArbs: [values(dtype, 'special')] })),
  );

/** Integers of every size (int32, uint32 or bool) and shift counts around the word width. */
const intValues = (dtype: DType): fc.Arbitrary<number> =>
  dtype === 'uint32' ? fc.integer({ min: 0, max: 4294967295 }) : values(dtype, 'any');
const shiftCase = (name: string, f: (x: NDArray, y: NDArray) => NDArray) =>
  lawCase(
    name,
    fc
      .record({ b: broadcastShapesArb(2), dts: fc.array(dtypeArb(['int32', 'uint32', 'bool']), { minLength: 2, maxLength: 2 }) })
      .map(({ b, dts }) =>
        fromSlots(
          [
            { shape: b.operands[0]!, dtype: dts[0]!, values: intValues(dts[0]!) },
            { shape: b.operands[1]!, dtype: dts[1]!, values: dts[1] === 'bool' ? values('bool', 'small') : fc.integer({ min: -1, max: 33 }) },
          ],
          (x, y) => f(x as NDArray, y as NDArray),
        ),
      ),
  );

const arrayApi: LawCase[] = [
  ...(['atan2'] as const).map((n) =>
    lawCase(
      n,
      broadcastShapesArb(2).map((b) =>
        fromSlots(
          b.operands.map((shape) => ({ shape, dtype: 'float64' as DType, values: values('float64', 'special') })),
          (y, x) => np.atan2(y!, x!),
        ),
      ),
    ),
  ),
  shaped('bitwiseInvert', (x) => np.bitwiseInvert(x), { dtypes: ['bool', 'int32'] }),
  lawCase(
    'permuteDims',
    fc
      .record({ shape: shapeArb(), keys: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), dtype: dtypeArb() })
      .map(({ shape, keys, dtype }) => {
        const axes = shape.map((_, i) => i).sort((p, q) => keys[p]! - keys[q]! || p - q);
        return oneArray(shape, dtype, (x) => np.permuteDims(x, axes), { axes });
      }),
  ),
  withAxis('var_', (x, axis) => np.var_(x, axis), { dtypes: NUMERIC_DTYPES }),
  withAxis('cumulativeSum', (x, axis) => np.cumulativeSum(x, { axis, includeInitial: axis % 2 === 0 })),
  withAxis('cumulativeProd', (x, axis) => np.cumulativeProd(x, { axis, includeInitial: axis % 2 !== 0, dtype: 'float64' })),
  withAxis('unstack', (x, axis) => (x.shape[axis]! > 0 ? np.stack(np.unstack(x, axis).reverse(), axis) : x)),
  lawCase(
    'matvec',
    fc
      .record({ lead: shapeArb({ maxRank: 2 }), m: fc.nat({ max: 3 }), n: fc.nat({ max: 3 }), vLead: fc.boolean(), dtype: dtypeArb(NUMERIC_DTYPES) })
      .map(({ lead, m, n, vLead, dtype }) =>
        fromSlots(
          [
            { shape: [...lead, m, n], dtype, values: values(dtype, 'small') },
            { shape: vLead ? [...lead, n] : [n], dtype, values: values(dtype, 'small') },
          ],
          (a, v) => np.matvec(a!, v!),
        ),
      ),
  ),
  lawCase(
    'vecmat',
    fc
      .record({ lead: shapeArb({ maxRank: 2 }), m: fc.nat({ max: 3 }), n: fc.nat({ max: 3 }), dtype: dtypeArb(NUMERIC_DTYPES) })
      .map(({ lead, m, n, dtype }) =>
        fromSlots(
          [
            { shape: [n], dtype, values: values(dtype, 'small') },
            { shape: [...lead, n, m], dtype, values: values(dtype, 'small') },
          ],
          (v, a) => np.vecmat(v!, a!),
        ),
      ),
  ),
  shaped('isscalar', (x) => np.add(x, np.isscalar(x) ? 1 : 2)),
  lawCase(
    'diagIndicesFrom',
    fc
      // n >= 1: np.at(...).get() on a size-0 array currently gathers with float64 indices (lib/numpy/at.ts)
      .record({ n: fc.integer({ min: 1, max: 3 }), rank: fc.integer({ min: 2, max: 3 }), dtype: dtypeArb() })
      .map(({ n, rank, dtype }) => oneArray(Array<number>(rank).fill(n), dtype, (x) => np.at(x, ...np.diagIndicesFrom(x)).get(), { n, rank })),
  ),
  shaped('fromfunction', (x) => np.add(x, np.fromfunction((i, j) => np.subtract(np.multiply(i, 3), j), [2, 3], { dtype: 'int32' })), {
    maxRank: 0,
  }),
  shaped('applyOverAxes', (x) => np.applyOverAxes((a, ax) => np.cumsum(np.flip(a, ax), ax), x, [0, -1]), { minRank: 1 }),
  shaped('applyOverAxes (reducing)', (x) => np.applyOverAxes((a, ax) => np.sum(a, ax), x, x.ndim > 1 ? [1, 0] : [0]), {
    minRank: 1,
    dtypes: NUMERIC_DTYPES,
  }),
];

const bits: LawCase[] = [
  shiftCase('leftShift', np.leftShift),
  shiftCase('rightShift', np.rightShift),
  shiftCase('bitwiseLeftShift', np.bitwiseLeftShift),
  shiftCase('bitwiseRightShift', np.bitwiseRightShift),
  lawCase(
    'bitwiseCount',
    fc
      .record({ shape: shapeArb(), dtype: dtypeArb(['int32', 'uint32', 'bool']) })
      .map(({ shape, dtype }) => ({ ...oneArray(shape, dtype, np.bitwiseCount, {}), valueArbs: [intValues(dtype)] })),
  ),
];

/** A window of the last axis's length, multiplied into a float64 array. */
const windowCase = (name: string, w: (M: number) => NDArray) =>
  shaped(name, (x) => np.multiply(x, w(x.shape[x.ndim - 1]!)), { minRank: 1, dtypes: ['float64'] });

const special: LawCase[] = [
  unary('i0', np.i0, ALL_DTYPES, ANY),
  unary('round (decimals 1)', (x) => np.round(x, 1), ALL_DTYPES, ANY),
  unary('round (decimals -1)', (x) => np.round(x, -1), ALL_DTYPES, ANY),
  unary('around', (x) => np.around(x, 2), ALL_DTYPES, ANY),
  windowCase('bartlett', np.bartlett),
  windowCase('blackman', np.blackman),
  windowCase('hamming', np.hamming),
  windowCase('hanning', np.hanning),
  windowCase('hann', np.hann),
  lawCase(
    'kaiser',
    fc.record({ M: fc.nat({ max: 5 }) }).map(({ M }) =>
      fromSlots([{ shape: [], dtype: 'float64', values: fc.integer({ min: 0, max: 12 }).map((v) => v / 2) }], (beta) => np.kaiser(M, beta!), { M }),
    ),
  ),
];

/** Two arrays of small values (duplicates likely; NaN and ±0 for floats) and a static size. */
const setCase = (name: string, f: (a: NDArray, b: NDArray, size: number, fillValue: number | undefined) => NDArray) =>
  lawCase(
    name,
    fc
      .record({
        s1: shapeArb({ maxRank: 2 }),
        s2: shapeArb({ maxRank: 1 }),
        size: fc.nat({ max: 6 }),
        fill: fc.option(fc.constantFrom(-7, 0.5), { nil: undefined }),
        dts: fc.array(dtypeArb(NUMERIC_DTYPES), { minLength: 2, maxLength: 2 }),
      })
      .map(({ s1, s2, size, fill, dts }) => {
        const small = (d: DType) => (d === 'int32' ? fc.integer({ min: -2, max: 2 }) : fc.constantFrom(-1, 0, -0, 1, 2, NaN));
        return fromSlots(
          [
            { shape: s1, dtype: dts[0]!, values: small(dts[0]!) },
            { shape: s2, dtype: dts[1]!, values: small(dts[1]!) },
          ],
          (a, b) => f(a as NDArray, b as NDArray, size, fill),
          { size, fill },
        );
      }),
  );

const sets: LawCase[] = (['union1d', 'intersect1d', 'setdiff1d', 'setxor1d'] as const).map((n) =>
  setCase(n, (a, b, size, fillValue) => np[n](a, b, fillValue === undefined ? { size } : { size, fillValue })),
);

const selecting: LawCase[] = [
  shaped('piecewise', (x) => np.piecewise(x, [np.less(x, 0), np.greater(x, 1)], [(v) => np.negative(v), 7, (v) => np.multiply(v, 2)]), {
    dtypes: NUMERIC_DTYPES,
  }),
  shaped('piecewise (no otherwise)', (x) => np.piecewise(x, [np.less(x, 0), np.less(x, -2)], [(v) => np.square(v), -1]), {
    dtypes: NUMERIC_DTYPES,
  }),
  lawCase(
    'choose',
    fc
      .record({ b: broadcastShapesArb(3), wrap: fc.boolean(), dts: fc.array(dtypeArb(ALL_DTYPES), { minLength: 2, maxLength: 2 }) })
      .map(({ b, wrap, dts }) =>
        fromSlots(
          [
            { shape: b.operands[0]!, dtype: 'int32', values: fc.integer({ min: -3, max: 4 }) },
            { shape: b.operands[1]!, dtype: dts[0]!, values: values(dts[0]!, 'special') },
            { shape: b.operands[2]!, dtype: dts[1]!, values: values(dts[1]!, 'special') },
          ],
          (i, c0, c1) => np.choose(i!, [c0!, c1!, 5], { mode: wrap ? 'wrap' : 'clip' }),
          { wrap },
        ),
      ),
  ),
  lawCase(
    'compress',
    fc
      .record({ shape: shapeArb({ minRank: 1 }), ax: fc.nat(), flat: fc.boolean(), extra: fc.nat({ max: 2 }), size: fc.nat({ max: 4 }), dtype: dtypeArb() })
      .map(({ shape, ax, flat, extra, size, dtype }) => {
        const axis = flat ? null : pick(ax, shape.length);
        const n = axis === null ? shape.reduce((p, q) => p * q, 1) : shape[axis]!;
        return fromSlots(
          [
            { shape: [Math.max(0, n - extra)], dtype: 'bool' },
            { shape, dtype, values: values(dtype, 'special') },
          ],
          (c, a) => np.compress(c!, a!, axis, { size, fillValue: -1 }),
          { axis, size },
        );
      }),
  ),
  lawCase(
    'extract',
    fc.record({ shape: shapeArb(), size: fc.nat({ max: 5 }), dtype: dtypeArb() }).map(({ shape, size, dtype }) =>
      fromSlots(
        [
          { shape, dtype: 'bool' },
          { shape, dtype, values: values(dtype, 'special') },
        ],
        (c, a) => np.extract(c!, a!, { size }),
        { size },
      ),
    ),
  ),
];

const assembling: LawCase[] = [
  lawCase(
    'histogramdd',
    fc
      .record({ n: fc.nat({ max: 5 }), d: fc.integer({ min: 1, max: 3 }), bins: fc.integer({ min: 1, max: 3 }), density: fc.boolean(), dtype: dtypeArb(FLOAT_DTYPES) })
      .map(({ n, d, bins, density, dtype }) =>
        fromSlots(
          [{ shape: [n, d], dtype, values: values(dtype, 'halves') }],
          (s) => np.histogramdd(s!, bins, { range: Array.from({ length: d }, () => [-2, 2] as const), density })[0],
          { bins, density },
        ),
      ),
  ),
  lawCase(
    'histogram2d',
    fc.record({ n: fc.nat({ max: 5 }), weighted: fc.boolean(), dtype: dtypeArb(FLOAT_DTYPES) }).map(({ n, weighted, dtype }) =>
      fromSlots(
        [
          { shape: [n], dtype, values: values(dtype, 'halves') },
          { shape: [n], dtype, values: values(dtype, 'special') },
          { shape: [n], dtype: 'float64', values: fc.integer({ min: 0, max: 3 }) },
        ],
        (x, y, w) => np.histogram2d(x!, y!, [2, [-3, 0, 0.5, 3]], { range: [[-2, 2], null], ...(weighted ? { weights: w! } : {}) })[0],
        { weighted },
      ),
    ),
  ),
  lawCase(
    'block',
    fc.record({ r: fc.nat({ max: 2 }), c: fc.nat({ max: 2 }), dtype: dtypeArb() }).map(({ r, c, dtype }) =>
      fromSlots(
        [
          { shape: [2, c], dtype },
          { shape: [r, c], dtype },
        ],
        (a, b) => np.block([[a!, np.zeros([2, 1], 'int32')], [b!, np.ones([r, 1], 'bool')]]),
        { r, c },
      ),
    ),
  ),
  lawCase(
    'resize',
    fc
      .record({ shape: shapeArb(), to: shapeArb({ maxRank: 2 }), dtype: dtypeArb() })
      .map(({ shape, to, dtype }) => oneArray(shape, dtype, (x) => np.resize(x, to), { to })),
  ),
  lawCase(
    'putAlongAxis',
    fc
      .record({ shape: shapeArb({ minRank: 1 }), ax: fc.nat(), k: fc.integer({ min: 1, max: 3 }), flat: fc.boolean(), dtype: dtypeArb() })
      .map(({ shape, ax, k, flat, dtype }) => {
        const axis = flat ? null : pick(ax, shape.length);
        const n = axis === null ? shape.reduce((p, q) => p * q, 1) : shape[axis]!;
        const idxShape = axis === null ? [k] : shape.map((m, d) => (d === axis ? k : m));
        return fromSlots(
          [
            { shape, dtype, values: values(dtype, 'special') },
            { shape: idxShape, dtype: 'int32', values: fc.integer({ min: -n, max: Math.max(0, n - 1) }) },
            { shape: idxShape, dtype, values: values(dtype, 'special') },
          ],
          (a, i, v) => np.putAlongAxis(a!, i!, v!, axis),
          { axis, k },
        );
      }),
  ),
  lawCase(
    'fillDiagonal',
    fc
      .record({ rows: fc.nat({ max: 5 }), cols: fc.nat({ max: 3 }), cube: fc.boolean(), wrap: fc.boolean(), k: fc.integer({ min: 1, max: 3 }), dtype: dtypeArb() })
      .map(({ rows, cols, cube, wrap, k, dtype }) =>
        fromSlots(
          [
            { shape: cube ? [cols, cols, cols] : [rows, cols], dtype, values: values(dtype, 'special') },
            { shape: [k], dtype, values: values(dtype, 'special') },
          ],
          (a, v) => np.fillDiagonal(a!, v!, { wrap }),
          { cube, wrap },
        ),
      ),
  ),
  // trimZeros reads its (concrete) argument: inside a mapped function it sees a constant
  shaped('trimZeros', (x) => np.add(x, np.sum(np.trimZeros(np.array([0, 0, 1, 0, 2, 0]), 'f'))), { dtypes: NUMERIC_DTYPES }),
  lawCase(
    'vectorize',
    fc
      .record({ lead: shapeArb({ maxRank: 2 }), other: shapeArb({ maxRank: 1 }), n: fc.nat({ max: 3 }), dtype: dtypeArb(NUMERIC_DTYPES) })
      .map(({ lead, other, n, dtype }) => {
        const ones = other.map(() => 1);
        const mm = np.vectorize((a: NDArray, b: NDArray) => np.multiply(np.sum(np.multiply(a, b)), np.max(np.concatenate([a, np.zeros([1], dtype)]))), {
          signature: '(n),(n)->()',
        });
        return fromSlots(
          [
            { shape: [...lead, n], dtype, values: values(dtype, 'small') },
            { shape: [...ones, n], dtype, values: values(dtype, 'small') },
          ],
          (a, b) => mm(a!, b!),
          { lead, n },
        );
      }),
  ),
  shaped('vectorize (elementwise)', (x) => np.vectorize((v: NDArray) => np.where(np.greater(v, 0), np.square(v), v))(x), { dtypes: NUMERIC_DTYPES }),
  lawCase(
    'polyfit',
    fc
      .record({ m: fc.integer({ min: 2, max: 5 }), deg: fc.nat({ max: 2 }), k: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }), weighted: fc.boolean() })
      .map(({ m, deg, k, weighted }) =>
        fromSlots(
          [
            { shape: k === undefined ? [m] : [m, k], dtype: 'float64', values: valuesHalves },
            { shape: [m], dtype: 'float64', values: fc.integer({ min: 1, max: 3 }) },
          ],
          // weights 1 + w² stay positive whatever the law draws (a zero weight row can zero a column)
          (y, w) => np.polyfit(np.arange(m, 'float64'), y!, deg, weighted ? { w: np.add(1, np.square(w!)) } : {}),
          { m, deg, k, weighted },
        ),
      ),
  ),
  lawCase(
    'interp (period)',
    fc.record({ q: shapeArb({ maxRank: 2 }), dtype: dtypeArb(FLOAT_DTYPES), period: fc.constantFrom(360, -4, 2.5) }).map(({ q, dtype, period }) =>
      fromSlots(
        [{ shape: q, dtype, values: values(dtype, 'special') }],
        (x) => np.interp(x!, [190, -190, 350, -350, 3], [5, 10, 3, 4, -1], { period }),
        { period },
      ),
    ),
  ),
];

export const phase3NpCases: LawCase[] = [...arrayApi, ...bits, ...special, ...sets, ...selecting, ...assembling];
