/**
 * Law cases for the np names of lib/numpy/{split-poly, floats, search, nonzero}: split and stack
 * variants, polynomials, float anatomy and type queries (inside a mapped function), searching and
 * counting, and the static-size nonzero family. Same naming as ./np-cases.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { np } from '../lib/numpy';
import { ALL_DTYPES, dimArb, dtypeArb, FLOAT_DTYPES, NUMERIC_DTYPES, shapeArb, valueArb } from './arbitraries';
import { lawCase, type LawCase } from './laws';
import { atCases } from './np-cases-at';
import { anyBinary, arith, elementwiseCase, fromSlots, oneArray, unary, values, ANY } from './np-cases';

/** One array of a random shape (rank >= minRank) through f. */
const shaped = (name: string, f: (x: NDArray) => NDArray, o: { minRank?: number; maxRank?: number; dtypes?: readonly DType[] } = {}) =>
  lawCase(
    name,
    fc
      .record({ shape: shapeArb({ minRank: o.minRank ?? 0, maxRank: o.maxRank ?? 3 }), dtype: dtypeArb(o.dtypes ?? ALL_DTYPES) })
      .map(({ shape, dtype }) => ({
        shapes: [shape],
        dtypes: [dtype],
        valueArbs: [values(dtype, 'special')],
        fn: f,
        params: {},
      })),
  );
/** The pieces of a split concatenated in reverse along the axis (so every piece is checked). */
const reversed = (pieces: NDArray[], axis: number): NDArray => np.concatenate(pieces.reverse(), axis);

const splitStack: LawCase[] = [
  lawCase(
    'arraySplit',
    fc
      .record({ shape: shapeArb({ minRank: 1 }), sections: fc.integer({ min: 1, max: 4 }), dtype: dtypeArb() })
      .map(({ shape, sections, dtype }) => oneArray(shape, dtype, (x) => reversed(np.arraySplit(x, sections, -1), -1), { sections })),
  ),
  shaped('hsplit', (x) => reversed(np.hsplit(x, [1]), x.ndim === 1 ? 0 : 1), { minRank: 1 }),
  shaped('vsplit', (x) => reversed(np.vsplit(x, [1, 2]), 0), { minRank: 2 }),
  shaped('dsplit', (x) => reversed(np.dsplit(x, [1]), 2), { minRank: 3 }),
  shaped('atleast1d', np.atleast1d),
  shaped('atleast2d', np.atleast2d),
  shaped('atleast3d', np.atleast3d),
  shaped('dstack', (x) => np.dstack([x, np.negative(x)]), { maxRank: 3, dtypes: ['int32', 'float32', 'float64'] }),
  shaped('columnStack', (x) => np.columnStack([x, x]), { minRank: 1, maxRank: 2 }),
];

/** A 1-d coefficient vector and the points x (or a second coefficient vector). */
const polyPair = (name: string, f: (p: NDArray, x: NDArray) => NDArray, xShape: 'points' | 'coefficients') =>
  lawCase(
    name,
    fc
      .record({
        n: fc.integer({ min: 1, max: 4 }),
        xs: shapeArb({ maxRank: 2 }),
        m: fc.integer({ min: 1, max: 4 }),
        dts: fc.array(dtypeArb(NUMERIC_DTYPES), { minLength: 2, maxLength: 2 }),
      })
      .map(({ n, xs, m, dts }) =>
        fromSlots(
          [
            { shape: [n], dtype: dts[0]!, values: valueArb(dts[0]!, 'small') },
            { shape: xShape === 'points' ? xs : [m], dtype: dts[1]!, values: values(dts[1]!, 'special') },
          ],
          (p, x) => f(p as NDArray, x as NDArray),
        ),
      ),
  );

const polys: LawCase[] = [
  polyPair('polyval', (p, x) => np.polyval(p, x), 'points'),
  polyPair('polyadd', (p, q) => np.polyadd(p, q), 'coefficients'),
  polyPair('polysub', (p, q) => np.polysub(p, q), 'coefficients'),
  polyPair('polymul', (p, q) => np.polymul(p, q), 'coefficients'),
  lawCase(
    'polyder',
    fc
      .record({ n: fc.integer({ min: 1, max: 5 }), m: fc.integer({ min: 0, max: 3 }), dtype: dtypeArb(NUMERIC_DTYPES) })
      .map(({ n, m, dtype }) => oneArray([n], dtype, (p) => np.polyder(p, m), { m })),
  ),
  lawCase(
    'polyint',
    fc
      .record({ n: fc.integer({ min: 1, max: 4 }), m: fc.integer({ min: 0, max: 2 }), dtype: dtypeArb(NUMERIC_DTYPES) })
      .map(({ n, m, dtype }) => oneArray([n], dtype, (p) => np.polyint(p, m, 1.5), { m })),
  ),
];

const floats: LawCase[] = [
  arith('divmod', (x, y) => np.stack(np.divmod(x, y))),
  unary('modf', (x) => np.stack(np.modf(x)), ALL_DTYPES, ANY),
  unary('frexp', (x) => np.add(np.frexp(x)[0]!, np.frexp(x)[1]!), ALL_DTYPES, ANY),
  anyBinary('ldexp', (x, e) => np.ldexp(x, np.clip(e, -3000, 3000))),
  shaped('finfo', (x) => np.add(np.astype(x, 'float32'), np.finfo('float32').eps)),
  shaped('iinfo', (x) => np.minimum(np.astype(x, 'int32'), np.iinfo(np.astype(x, 'int32')).max - 1)),
  shaped('promoteTypes', (x) => np.astype(x, np.promoteTypes(x.dtype, 'float32'))),
  shaped('resultType', (x) => np.astype(x, np.resultType(x, 0.5))),
];

/** A sorted 1-d array (built from nonnegative steps, NaN possibly last) and query values. */
const sortedArb = (dtype: DType) =>
  fc
    .record({
      start: fc.integer({ min: -3, max: 3 }),
      steps: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 }),
      nan: fc.boolean(),
    })
    .map(({ start, steps, nan }) => {
      const xs = steps.map((_, i) => start + steps.slice(0, i + 1).reduce((a, b) => a + b, 0));
      return nan && (dtype === 'float32' || dtype === 'float64') ? [...xs, NaN] : xs;
    });

const searching: LawCase[] = [
  ...(['searchsorted', 'digitize'] as const).map((name) =>
    lawCase(
      name,
      fc.record({ dtype: dtypeArb(NUMERIC_DTYPES), q: shapeArb({ maxRank: 2 }), right: fc.boolean() }).chain(({ dtype, q, right }) =>
        sortedArb(dtype).map((a) =>
          oneArray(
            q,
            dtype,
            (v) =>
              name === 'searchsorted'
                ? np.searchsorted(np.array(a, dtype), v, { side: right ? 'right' : 'left' })
                : np.digitize(
                    v,
                    np.array(
                      a.filter((t) => !Number.isNaN(t)),
                      dtype,
                    ),
                    right,
                  ),
            {
              a,
              right,
            },
          ),
        ),
      ),
    ),
  ),
  lawCase(
    'interp',
    fc
      .record({ q: shapeArb({ maxRank: 2 }), dtype: dtypeArb(FLOAT_DTYPES), xp: sortedArb('int32'), lr: fc.boolean() })
      .map(({ q, dtype, xp, lr }) => {
        const fp = xp.map((x, i) => (i % 2 ? x * 2 : -x));
        return {
          shapes: [q],
          dtypes: [dtype],
          valueArbs: [valueArb(dtype, 'halves')],
          fn: (x: NDArray) => np.interp(x, np.array(xp), np.array(fp), lr ? { left: -9, right: 9 } : {}),
          params: { xp, fp, lr },
        };
      }),
  ),
  lawCase(
    'isin',
    fc
      .record({
        shape: shapeArb(),
        t: shapeArb({ maxRank: 2 }),
        dts: fc.array(dtypeArb(), { minLength: 2, maxLength: 2 }),
        invert: fc.boolean(),
      })
      .map(({ shape, t, dts, invert }) =>
        fromSlots(
          [
            { shape, dtype: dts[0]!, values: valueArb(dts[0]!, 'small') },
            { shape: t, dtype: dts[1]!, values: valueArb(dts[1]!, 'small') },
          ],
          (e, tt) => np.isin(e!, tt!, { invert }),
          { invert },
        ),
      ),
  ),
  lawCase(
    'bincount',
    fc
      .record({ n: dimArb(), len: fc.integer({ min: 0, max: 5 }), weighted: fc.boolean() })
      .map(({ n, len, weighted }) =>
        fromSlots(
          [
            { shape: [n], dtype: 'int32', values: fc.integer({ min: -1, max: 6 }) },
            ...(weighted ? [{ shape: [n], dtype: 'float64' as DType, values: valueArb('float64', 'halves') }] : []),
          ],
          (x, w) => np.bincount(x!, { length: len, ...(w ? { weights: w } : {}) }),
          { len, weighted },
        ),
      ),
  ),
  lawCase(
    'histogram',
    fc
      .record({ shape: shapeArb(), bins: fc.integer({ min: 1, max: 4 }), density: fc.boolean(), dtype: dtypeArb(FLOAT_DTYPES) })
      .map(({ shape, bins, density, dtype }) =>
        oneArray(shape, dtype, (x) => np.histogram(x, bins, { range: [-2, 2], density })[0]!, { bins, density }),
      ),
  ),
];

const static3 = (name: string, f: (x: NDArray, size: number) => NDArray, minRank = 1) =>
  lawCase(
    name,
    fc.record({ shape: shapeArb({ minRank }), size: fc.integer({ min: 0, max: 5 }), dtype: dtypeArb() }).map(({ shape, size, dtype }) => ({
      shapes: [shape],
      dtypes: [dtype],
      valueArbs: [fc.oneof(fc.constant(0), valueArb(dtype, 'small'), fc.constant(dtype === 'float64' || dtype === 'float32' ? NaN : 0))],
      fn: (x: NDArray) => f(x, size),
      params: { size },
    })),
  );

const nonzeros: LawCase[] = [
  lawCase(
    'countNonzero',
    fc
      .record({ shape: shapeArb(), dtype: dtypeArb() })
      .map(({ shape, dtype }) => oneArray(shape, dtype, (x) => np.countNonzero(x, shape.length ? -1 : null), {})),
  ),
  static3('nonzero', (x, size) => np.stack(np.nonzero(x, { size, fillValue: -1 }))),
  static3('where (one argument)', (x, size) => np.stack(np.where(x, { size }))),
  static3('flatnonzero', (x, size) => np.flatnonzero(x, { size }), 0),
  static3('argwhere', (x, size) => np.argwhere(x, { size, fillValue: 7 })),
  static3('unique', (x, size) => np.unique(x, { size }), 0),
  static3('unique (fill value)', (x, size) => np.unique(x, { size, fillValue: -2 }), 0),
];

const INT_MODES = fc.integer({ min: -12, max: 12 });
const intPair = (name: string, f: (a: NDArray, b: NDArray) => NDArray) =>
  lawCase(
    name,
    fc.record({ shape: shapeArb() }).map(({ shape }) =>
      fromSlots(
        [
          { shape, dtype: 'int32', values: INT_MODES },
          { shape, dtype: 'int32', values: INT_MODES },
        ],
        (a, b) => f(a as NDArray, b as NDArray),
      ),
    ),
  );
const withAxis = (
  name: string,
  f: (x: NDArray, axis: number) => NDArray,
  o: { minRank?: number; dtypes?: readonly DType[]; minLen?: number } = {},
) =>
  lawCase(
    name,
    fc
      .record({ shape: shapeArb({ minRank: o.minRank ?? 1 }), ax: fc.nat(), dtype: dtypeArb(o.dtypes ?? ALL_DTYPES) })
      .map(({ shape: s0, ax, dtype }) => {
        const a = ax % s0.length;
        const shape = s0.map((n, i) => (i === a ? Math.max(n, o.minLen ?? 0) : n));
        return {
          shapes: [shape],
          dtypes: [dtype],
          valueArbs: [values(dtype, 'special')],
          fn: (x: NDArray) => f(x, a),
          params: { axis: a },
        };
      }),
  );

const more: LawCase[] = [
  anyBinary('logicalXor', np.logicalXor),
  ...(['invert', 'bitwiseNot'] as const).map((n) => unary(n, np[n], ['bool', 'int32'], ['small', 'any'])),
  ...(['rint', 'fix', 'fabs', 'spacing', 'copy', 'emptyLike'] as const).map((n) => unary(n, np[n], ALL_DTYPES, ANY)),
  unary('fullLike', (x) => np.add(np.fullLike(x, 3), x), NUMERIC_DTYPES, ANY),
  shaped('empty', (x) => np.add(np.empty(x.shape, x.dtype === 'bool' ? 'int32' : x.dtype), x), { dtypes: NUMERIC_DTYPES }),
  shaped('identity', (x) => np.add(x, np.sum(np.identity(x.shape[x.ndim - 1]!), 0)), { minRank: 1 }),
  intPair('gcd', np.gcd),
  intPair('lcm', np.lcm),
  withAxis('unwrap', (x, axis) => np.unwrap(x, axis), { dtypes: FLOAT_DTYPES }),
  withAxis('gradient', (x, axis) => np.gradient(x, 0.5, axis) as NDArray, { minLen: 2, dtypes: NUMERIC_DTYPES }),
  shaped('kron', (x) => np.kron(x, np.array([[1, -2]])), { maxRank: 2, dtypes: NUMERIC_DTYPES }),
  elementwiseCase('select', 3, (a, b, c) => np.select([np.greater(a!, 0), np.less(b!, 0)], [a!, b!], c!), { dtypes: NUMERIC_DTYPES }),
  shaped('trilIndices', (x) => np.add(x, np.sum(np.trilIndices(3, 1, 2)[1]!))),
  shaped('triuIndices', (x) => np.add(x, np.sum(np.triuIndices(3, 0)[0]!))),
  shaped('diagIndices', (x) => np.add(x, np.sum(np.diagIndices(3)[0]!))),
  lawCase(
    'unravelIndex',
    fc
      .record({ shape: shapeArb({ maxRank: 2 }) })
      .map(({ shape }) =>
        fromSlots([{ shape, dtype: 'int32', values: fc.integer({ min: 0, max: 23 }) }], (i) => np.stack(np.unravelIndex(i!, [2, 3, 4]))),
      ),
  ),
  lawCase(
    'ravelMultiIndex',
    fc.record({ shape: shapeArb({ maxRank: 2 }) }).map(({ shape }) =>
      fromSlots(
        [
          { shape, dtype: 'int32', values: fc.integer({ min: 0, max: 1 }) },
          { shape, dtype: 'int32', values: fc.integer({ min: 0, max: 2 }) },
        ],
        (i, j) => np.ravelMultiIndex([i!, j!], [2, 3]),
      ),
    ),
  ),
  withAxis('append', (x, axis) => np.append(x, x, axis)),
  withAxis('delete', (x, axis) => np.delete(x, x.shape[axis]! > 0 ? [0] : [], axis)),
  withAxis('insert', (x, axis) => np.insert(x, x.shape[axis]!, np.sliceAxis(x, axis, 0, 1), axis)),
  withAxis('partition', (x, axis) => np.partition(x, 0, axis), { minLen: 1 }),
  withAxis('argpartition', (x, axis) => np.argpartition(x, 0, axis), { minLen: 1 }),
  lawCase(
    'lexsort',
    fc.record({ n: dimArb() }).map(({ n }) =>
      fromSlots(
        [
          { shape: [n], dtype: 'int32', values: fc.integer({ min: 0, max: 2 }) },
          { shape: [n], dtype: 'float64', values: valueArb('float64', 'small') },
        ],
        (a, b) => np.lexsort([a!, b!]),
      ),
    ),
  ),
  withAxis('nanmedian', (x, axis) => np.nanmedian(x, axis), { minLen: 1, dtypes: FLOAT_DTYPES }),
  withAxis('nanquantile', (x, axis) => np.nanquantile(x, [0.3, 1], axis), { minLen: 1, dtypes: FLOAT_DTYPES }),
  withAxis('nanpercentile', (x, axis) => np.nanpercentile(x, 50, axis, { method: 'nearest' }), { minLen: 1, dtypes: FLOAT_DTYPES }),
  withAxis('applyAlongAxis', (x, axis) => np.applyAlongAxis((r) => np.cumsum(r), axis, x), { dtypes: NUMERIC_DTYPES }),
  shaped('broadcastShapes', (x) => np.broadcastTo(x, np.broadcastShapes(x.shape, [1, ...x.shape]))),
  shaped('matrixTranspose', np.matrixTranspose, { minRank: 2 }),
  withAxis('vecdot', (x, axis) => np.vecdot(x, x, axis), { dtypes: NUMERIC_DTYPES }),
  withAxis('rollaxis', (x, axis) => np.rollaxis(x, axis, 0)),
  shaped('ndim', (x) => np.add(x, np.ndim(x))),
  shaped('shape', (x) => np.add(x, np.shape(x).length)),
  shaped('size', (x) => np.add(x, np.size(x))),
];

export const extraNpCases: LawCase[] = [...splitStack, ...polys, ...floats, ...searching, ...nonzeros, ...more, ...atCases];
