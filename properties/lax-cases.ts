/**
 * The law cases for every lax primitive: one `LawCase` each, generating the per-example argument
 * shapes and dtypes together with the primitive's static parameters, legal by its shape rule.
 * A table of rows: np-level functions can be added later as more `LawCase`s of the same form.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { sortKeyVal, topK } from '../lib/lax/sorting';
import * as laxSpecial from '../lib/lax/special';
import {
  ALL_DTYPES,
  dimArb,
  dtypeArb,
  FLOAT_DTYPES,
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
import { gatherCases } from './gather-cases';
import { lawCase, PARAM_POOL, type LawCase } from './laws';
import { bitCases } from './bits-cases';
import { convCase } from './conv-cases';
import { linalgCases } from './linalg-cases';
import { windowCases } from './window-cases';

const POOL = PARAM_POOL;

/** One array argument of a random shape, dtype and value mode, mapped through `f`. */
function unaryCase(name: string, f: (x: NDArray) => NDArray, dtypes: readonly DType[], modes: readonly ValueMode[] = ['small', 'halves', 'any']): LawCase {
  return lawCase(
    name,
    fc.record({ shape: shapeArb(), dtype: dtypeArb(dtypes), mode: valueModeArb(modes) }).map(({ shape, dtype, mode }) => ({
      shapes: [shape],
      dtypes: [dtype],
      valueArbs: [valueArb(dtype, mode)],
      fn: f,
      params: { mode },
    })),
  );
}

/** `n` arguments of one shape and dtype (as lax requires). */
function naryCase(name: string, n: number, f: (...xs: NDArray[]) => NDArray, dtypes: readonly DType[], modes: readonly ValueMode[] = ['small', 'small', 'any']): LawCase {
  return lawCase(
    name,
    fc.record({ shape: shapeArb(), dtype: dtypeArb(dtypes), mode: valueModeArb(modes) }).map(({ shape, dtype, mode }) => ({
      shapes: Array.from({ length: n }, () => shape),
      dtypes: Array.from({ length: n }, () => dtype),
      valueArbs: Array.from({ length: n }, () => valueArb(dtype, mode)),
      fn: f,
      params: { mode },
    })),
  );
}

// ------------------------------------------------------------------ elementwise

export const unaryCases: LawCase[] = [
  unaryCase('neg', lax.neg, NUMERIC_DTYPES),
  unaryCase('exp', lax.exp, FLOAT_DTYPES),
  unaryCase('log', lax.log, FLOAT_DTYPES),
  unaryCase('log1p', lax.log1p, FLOAT_DTYPES),
  unaryCase('expm1', lax.expm1, FLOAT_DTYPES),
  unaryCase('sin', lax.sin, FLOAT_DTYPES),
  unaryCase('cos', lax.cos, FLOAT_DTYPES),
  unaryCase('tan', lax.tan, FLOAT_DTYPES),
  unaryCase('tanh', lax.tanh, FLOAT_DTYPES),
  unaryCase('logistic', lax.logistic, FLOAT_DTYPES),
  unaryCase('sqrt', lax.sqrt, FLOAT_DTYPES),
  unaryCase('rsqrt', lax.rsqrt, FLOAT_DTYPES),
  unaryCase('abs', lax.abs, NUMERIC_DTYPES),
  unaryCase('sign', lax.sign, NUMERIC_DTYPES),
  unaryCase('floor', lax.floor, FLOAT_DTYPES),
  unaryCase('ceil', lax.ceil, FLOAT_DTYPES),
  unaryCase('round (awayFromZero)', (x) => lax.round(x, 'awayFromZero'), FLOAT_DTYPES),
  unaryCase('round (toEven)', (x) => lax.round(x, 'toEven'), FLOAT_DTYPES),
  unaryCase('not', lax.not, INT_OR_BOOL_DTYPES),
  ...(['asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'erf', 'erfc', 'erfInv', 'lgamma', 'digamma', 'isFinite'] as const).map((name) =>
    unaryCase(name, laxSpecial[name], FLOAT_DTYPES),
  ),
];

export const binaryCases: LawCase[] = [
  naryCase('add', 2, lax.add, NUMERIC_DTYPES),
  naryCase('sub', 2, lax.sub, NUMERIC_DTYPES),
  naryCase('mul', 2, lax.mul, NUMERIC_DTYPES),
  naryCase('div', 2, lax.div, NUMERIC_DTYPES),
  naryCase('rem', 2, lax.rem, NUMERIC_DTYPES),
  naryCase('pow', 2, lax.pow, NUMERIC_DTYPES),
  naryCase('max', 2, lax.max, ALL_DTYPES),
  naryCase('min', 2, lax.min, ALL_DTYPES),
  naryCase('atan2', 2, lax.atan2, FLOAT_DTYPES),
  naryCase('eq', 2, lax.eq, ALL_DTYPES),
  naryCase('ne', 2, lax.ne, ALL_DTYPES),
  naryCase('lt', 2, lax.lt, ALL_DTYPES),
  naryCase('le', 2, lax.le, ALL_DTYPES),
  naryCase('gt', 2, lax.gt, ALL_DTYPES),
  naryCase('ge', 2, lax.ge, ALL_DTYPES),
  naryCase('and', 2, lax.and, INT_OR_BOOL_DTYPES),
  naryCase('or', 2, lax.or, INT_OR_BOOL_DTYPES),
  naryCase('xor', 2, lax.xor, INT_OR_BOOL_DTYPES),
  naryCase('nextafter', 2, laxSpecial.nextafter, FLOAT_DTYPES, ['small', 'halves', 'any']),
];

export const selectCase = lawCase(
  'select',
  fc.record({ shape: shapeArb(), dtype: dtypeArb(ALL_DTYPES), mode: valueModeArb() }).map(({ shape, dtype, mode }) => ({
    shapes: [shape, shape, shape],
    dtypes: ['bool', dtype, dtype] as DType[],
    valueArbs: [undefined, valueArb(dtype, mode), valueArb(dtype, mode)],
    fn: (p: NDArray, t: NDArray, f: NDArray) => lax.select(p, t, f),
    params: { mode },
  })),
);

/** convertElementType from one dtype to another: one case per pair. */
export const convertCases: LawCase[] = ALL_DTYPES.flatMap((from) =>
  ALL_DTYPES.map((to) =>
    lawCase(
      `convertElementType ${from} -> ${to}`,
      fc.record({ shape: shapeArb(), mode: valueModeArb(['small', 'halves', 'any']) }).map(({ shape, mode }) => ({
        shapes: [shape],
        dtypes: [from],
        valueArbs: [valueArb(from, mode)],
        fn: (x: NDArray) => lax.convertElementType(x, to),
        params: { to, mode },
      })),
    ),
  ),
);

// ------------------------------------------------------------------ structural

export const broadcastInDimCase = lawCase(
  'broadcastInDim',
  fc
    .record({ shape: shapeArb({ maxRank: POOL }), fromOperand: maskArb(POOL), ones: maskArb(POOL), dtype: dtypeArb() })
    .map(({ shape, fromOperand, ones, dtype }) => {
      const dims = shape.map((_, i) => i).filter((i) => fromOperand[i]);
      const operand = dims.map((d, i) => (ones[i] ? 1 : shape[d]!));
      return {
        shapes: [operand],
        dtypes: [dtype],
        fn: (x: NDArray) => lax.broadcastInDim(x, shape, dims),
        params: { shape, broadcastDimensions: dims },
      };
    }),
);

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

export const reshapeCase = lawCase(
  'reshape',
  fc
    .record({
      atoms: fc.array(dimArb(), { maxLength: POOL }),
      cutsIn: maskArb(POOL),
      cutsOut: maskArb(POOL),
      ones: intsArb(2, -2, 4),
      dtype: dtypeArb(),
    })
    .map(({ atoms, cutsIn, cutsOut, ones, dtype }) => {
      const from = groupDims(atoms, cutsIn, ones[0]!);
      const to = groupDims(atoms, cutsOut, ones[1]!);
      return { shapes: [from], dtypes: [dtype], fn: (x: NDArray) => lax.reshape(x, to), params: { newSizes: to } };
    }),
);

export const transposeCase = lawCase(
  'transpose',
  fc.record({ shape: shapeArb({ maxRank: POOL }), keys: keysArb(POOL), dtype: dtypeArb() }).map(({ shape, keys, dtype }) => {
    const permutation = permutationFromKeys(keys, shape.length);
    return { shapes: [shape], dtypes: [dtype], fn: (x: NDArray) => lax.transpose(x, permutation), params: { permutation } };
  }),
);

export const squeezeCase = lawCase(
  'squeeze',
  fc
    .record({ shape: fc.array(fc.oneof(fc.constant(1), dimArb()), { maxLength: POOL }), mask: maskArb(POOL), keys: keysArb(POOL), dtype: dtypeArb() })
    .map(({ shape, mask, keys, dtype }) => {
      const dimensions = subsetFromMask(mask, shape.length, keys).filter((d) => shape[d] === 1);
      return { shapes: [shape], dtypes: [dtype], fn: (x: NDArray) => lax.squeeze(x, dimensions), params: { dimensions } };
    }),
);

export const expandDimsCase = lawCase(
  'expandDims',
  fc
    .record({ slots: fc.array(fc.option(dimArb(), { nil: null, freq: 3 }), { maxLength: POOL }), keys: keysArb(POOL), dtype: dtypeArb() })
    .map(({ slots, keys, dtype }) => {
      const operand = slots.filter((s): s is number => s !== null);
      const dimensions = permutationFromKeys(keys, slots.length).filter((i) => slots[i] === null);
      return { shapes: [operand], dtypes: [dtype], fn: (x: NDArray) => lax.expandDims(x, dimensions), params: { dimensions } };
    }),
);

export const revCase = lawCase(
  'rev',
  fc.record({ shape: shapeArb(), mask: maskArb(POOL), keys: keysArb(POOL), dtype: dtypeArb(), mode: valueModeArb() }).map(({ shape, mask, keys, dtype, mode }) => {
    const dimensions = subsetFromMask(mask, shape.length, keys);
    return { shapes: [shape], dtypes: [dtype], valueArbs: [valueArb(dtype, mode)], fn: (x: NDArray) => lax.rev(x, dimensions), params: { dimensions } };
  }),
);

export const sliceCase = lawCase(
  'slice',
  fc
    .record({ shape: shapeArb({ maxDim: 5 }), a: intsArb(POOL, 0, 50), b: intsArb(POOL, 0, 50), strides: intsArb(POOL, 1, 3), dtype: dtypeArb() })
    .map(({ shape, a, b, strides, dtype }) => {
      const start = shape.map((n, i) => Math.min(pick(a[i]!, n + 1), pick(b[i]!, n + 1)));
      const limit = shape.map((n, i) => Math.max(pick(a[i]!, n + 1), pick(b[i]!, n + 1)));
      const st = strides.slice(0, shape.length);
      return { shapes: [shape], dtypes: [dtype], fn: (x: NDArray) => lax.slice(x, start, limit, st), params: { start, limit, strides: st } };
    }),
);

export const padCase = lawCase(
  'pad',
  fc
    .record({ shape: shapeArb(), lo: intsArb(POOL, -3, 3), hi: intsArb(POOL, -3, 3), interior: intsArb(POOL, 0, 2), dtype: dtypeArb(), mode: valueModeArb() })
    .map(({ shape, lo, hi, interior, dtype, mode }) => {
      const config = shape.map((n, i): [number, number, number] => {
        const l = lo[i]!, h = hi[i]!, r = interior[i]!;
        const d = l + h + n + Math.max(0, n - 1) * r;
        return [l, d < 0 ? h - d : h, r]; // a negative result size is illegal: raise hi to reach 0
      });
      return {
        shapes: [shape, []],
        dtypes: [dtype, dtype],
        valueArbs: [valueArb(dtype, mode), valueArb(dtype, mode)],
        fn: (x: NDArray, v: NDArray) => lax.pad(x, v, config),
        params: { config },
      };
    }),
);

export const concatenateCase = lawCase(
  'concatenate',
  fc
    .record({ shape: shapeArb({ minRank: 1 }), dim: fc.nat(), three: fc.boolean(), sizes: fc.array(dimArb(), { minLength: 3, maxLength: 3 }), dtype: dtypeArb() })
    .map(({ shape, dim, three, sizes, dtype }) => {
      const d = pick(dim, shape.length);
      const shapes = sizes.slice(0, three ? 3 : 2).map((n) => shape.map((s, i) => (i === d ? n : s)));
      return {
        shapes,
        dtypes: shapes.map(() => dtype),
        fn: (...xs: NDArray[]) => lax.concatenate(xs, d),
        params: { dimension: d, operands: shapes.length },
      };
    }),
);

/**
 * iota has no operands: it is tested inside a function of a mapped (or unmapped) argument, either
 * added to it or alone (the argument only supplies the shape, so the output is never batched).
 */
export const iotaCase = lawCase(
  'iota',
  fc
    .record({ shape: shapeArb({ minRank: 1 }), dim: fc.nat(), dtype: dtypeArb(NUMERIC_DTYPES), alone: fc.boolean() })
    .map(({ shape, dim, dtype, alone }) => {
      const dimension = pick(dim, shape.length);
      return {
        shapes: [shape],
        dtypes: [dtype],
        fn: alone ? (x: NDArray) => lax.iota(dtype, x.shape, dimension) : (x: NDArray) => lax.add(x, lax.iota(dtype, x.shape, dimension)),
        params: { dimension, alone },
      };
    }),
);

// ------------------------------------------------------------------ reductions, scans, sorts

function reduceCase(name: string, f: (x: NDArray, axes: readonly number[]) => NDArray, dtypes: readonly DType[]): LawCase {
  return lawCase(
    name,
    fc
      .record({ shape: shapeArb(), mask: maskArb(POOL), keys: keysArb(POOL), dtype: dtypeArb(dtypes), mode: valueModeArb() })
      .map(({ shape, mask, keys, dtype, mode }) => {
        const axes = subsetFromMask(mask, shape.length, keys);
        return { shapes: [shape], dtypes: [dtype], valueArbs: [valueArb(dtype, mode)], fn: (x: NDArray) => f(x, axes), params: { axes, mode } };
      }),
  );
}

/** One axis of a rank >= 1 shape; `nonEmpty` makes that axis at least 1 long. */
const axisShapeArb = (nonEmpty: boolean) =>
  fc.record({ shape: shapeArb({ minRank: 1 }), axis: fc.nat() }).map(({ shape, axis }) => {
    const a = pick(axis, shape.length);
    return { shape: nonEmpty ? shape.map((s, i) => (i === a ? Math.max(1, s) : s)) : shape, axis: a };
  });

function argCase(name: string, f: (x: NDArray, axis: number, indexDtype: DType) => NDArray): LawCase {
  return lawCase(
    name,
    fc
      .record({ sa: axisShapeArb(true), dtype: dtypeArb(), indexDtype: fc.constantFrom<DType>('int32', 'float64'), mode: valueModeArb() })
      .map(({ sa: { shape, axis }, dtype, indexDtype, mode }) => ({
        shapes: [shape],
        dtypes: [dtype],
        valueArbs: [valueArb(dtype, mode)],
        fn: (x: NDArray) => f(x, axis, indexDtype),
        params: { axis, indexDtype, mode },
      })),
  );
}

function scanCase(name: string, f: (x: NDArray, axis: number, reverse: boolean) => NDArray, dtypes: readonly DType[]): LawCase {
  return lawCase(
    name,
    fc
      .record({ sa: axisShapeArb(false), reverse: fc.boolean(), dtype: dtypeArb(dtypes), mode: valueModeArb() })
      .map(({ sa: { shape, axis }, reverse, dtype, mode }) => ({
        shapes: [shape],
        dtypes: [dtype],
        valueArbs: [valueArb(dtype, mode)],
        fn: (x: NDArray) => f(x, axis, reverse),
        params: { axis, reverse, mode },
      })),
  );
}

/** sort/argsort along an axis given as is or negative (lax canonicalises it per example). */
function sortCase(name: string, f: (x: NDArray, axis: number) => NDArray): LawCase {
  return lawCase(
    name,
    fc
      .record({ sa: axisShapeArb(false), negative: fc.boolean(), dtype: dtypeArb(), mode: valueModeArb() })
      .map(({ sa: { shape, axis }, negative, dtype, mode }) => {
        const ax = negative ? axis - shape.length : axis;
        return { shapes: [shape], dtypes: [dtype], valueArbs: [valueArb(dtype, mode)], fn: (x: NDArray) => f(x, ax), params: { axis: ax, mode } };
      }),
  );
}

export const reduceCases: LawCase[] = [
  reduceCase('reduceSum', lax.reduceSum, NUMERIC_DTYPES),
  reduceCase('reduceProd', lax.reduceProd, NUMERIC_DTYPES),
  reduceCase('reduceMax', lax.reduceMax, ALL_DTYPES),
  reduceCase('reduceMin', lax.reduceMin, ALL_DTYPES),
  argCase('argmax', lax.argmax),
  argCase('argmin', lax.argmin),
  scanCase('cumsum', lax.cumsum, NUMERIC_DTYPES),
  scanCase('cumprod', lax.cumprod, NUMERIC_DTYPES),
  scanCase('cummax', lax.cummax, ALL_DTYPES),
  scanCase('cummin', lax.cummin, ALL_DTYPES),
  sortCase('sort', lax.sort),
  sortCase('argsort', lax.argsort),
  // topK's two results in one array: the values, then the indices converted to the values' dtype
  lawCase(
    'topK',
    fc.record({ shape: shapeArb({ minRank: 1 }), k: fc.nat(), dtype: dtypeArb(NUMERIC_DTYPES), mode: valueModeArb() }).map(({ shape, k, dtype, mode }) => {
      const kk = pick(k, shape[shape.length - 1]! + 1);
      const fn = (x: NDArray) => {
        const [values, indices] = topK(x, kk);
        return lax.concatenate([values, lax.convertElementType(indices, dtype)], shape.length - 1);
      };
      return { shapes: [shape], dtypes: [dtype], valueArbs: [valueArb(dtype, mode)], fn, params: { k: kk, mode } };
    }),
  ),
  // the sorted keys and the permuted values side by side (values of their own dtype, converted)
  lawCase(
    'sortKeyVal',
    // float keys come with values of their dtype (the AD laws stack the gradients of all float inputs)
    fc.record({ sa: axisShapeArb(false), dtype: dtypeArb(), drawn: dtypeArb(NUMERIC_DTYPES), mode: valueModeArb() }).map(({ sa: { shape, axis }, dtype, drawn, mode }) => {
      const vdtype: DType = dtype === 'float32' || dtype === 'float64' ? dtype : drawn;
      return {
      shapes: [shape, shape],
      dtypes: [dtype, vdtype],
      valueArbs: [valueArb(dtype, mode), valueArb(vdtype, mode)],
      fn: (k: NDArray, v: NDArray) => {
        const [sk, sv] = sortKeyVal(k, v, axis);
        return lax.concatenate([lax.convertElementType(sk, vdtype), sv], axis);
      },
      params: { axis, mode },
      };
    }),
  ),
];

// ------------------------------------------------------------------ dot_general

/**
 * dot_general with `nb` batch, `nc` contracting and free dims on each side, every operand's axes
 * in a random order and the contracting pairs listed in a random order. `kind` biases towards the
 * common layouts (matmul, batched matmul, outer product with no contraction).
 */
export const dotGeneralCase = lawCase(
  'dotGeneral',
  fc
    .record({
      kind: fc.constantFrom('random', 'random', 'matmul', 'batched matmul', 'none'),
      counts: intsArb(4, 0, 2),
      sizes: fc.array(dimArb(), { minLength: 8, maxLength: 8 }),
      lkeys: keysArb(POOL),
      rkeys: keysArb(POOL),
      ckeys: keysArb(2),
      dtype: dtypeArb(NUMERIC_DTYPES),
      mode: valueModeArb(),
    })
    .map(({ kind, counts, sizes, lkeys, rkeys, ckeys, dtype, mode }) => {
      let [nb, nc, nl, nr] = counts as [number, number, number, number];
      if (kind === 'matmul') [nb, nc, nl, nr] = [0, 1, 1, 1];
      if (kind === 'batched matmul') [nb, nc, nl, nr] = [1, 1, 1, 1];
      if (kind === 'none') nc = 0;
      nb = Math.min(nb, 1);
      nl = Math.min(nl, 4 - nb - nc);
      nr = Math.min(nr, 4 - nb - nc);
      const bs = sizes.slice(0, nb), cs = sizes.slice(2, 2 + nc), ls = sizes.slice(4, 4 + nl), rs = sizes.slice(6, 6 + nr);
      // logical items: [batch..., contracting..., free...]; an operand's axis j holds item perm[j]
      const layout = (free: number[], keys: number[]) => {
        const items = [...bs, ...cs, ...free];
        const perm = permutationFromKeys(keys, items.length);
        return { shape: perm.map((it) => items[it]!), where: (item: number) => perm.indexOf(item) };
      };
      const l = layout(ls, lkeys), r = layout(rs, rkeys);
      const pairOrder = permutationFromKeys(ckeys, nc);
      const contracting: [number[], number[]] = [pairOrder.map((i) => l.where(nb + i)), pairOrder.map((i) => r.where(nb + i))];
      const batch: [number[], number[]] = [bs.map((_, i) => l.where(i)), bs.map((_, i) => r.where(i))];
      return {
        shapes: [l.shape, r.shape],
        dtypes: [dtype, dtype],
        valueArbs: [valueArb(dtype, mode), valueArb(dtype, mode)],
        fn: (a: NDArray, b: NDArray) => lax.dotGeneral(a, b, contracting, batch),
        params: { kind, contracting, batch, mode },
      };
    }),
);

// ------------------------------------------------------------------ indexing

/** Operand [K.., A.., N, C..], indices [K.., I..] with values in [-N, N) (negatives wrap once). */
const gatherLayoutArb = fc
  .record({
    k: fc.integer({ min: 0, max: 1 }),
    kdim: dimArb(),
    a: shapeArb({ maxRank: 1 }),
    n: fc.integer({ min: 1, max: 3 }),
    c: shapeArb({ maxRank: 1 }),
    i: shapeArb({ maxRank: 2 }),
  })
  .map(({ k, kdim, a, n, c, i }) => {
    const kd = k === 1 ? [kdim] : [];
    return {
      operand: [...kd, ...a, n, ...c],
      indices: [...kd, ...i],
      updates: [...kd, ...a, ...i, ...c],
      axis: k + a.length,
      batchDims: k,
      index: fc.integer({ min: -n, max: n - 1 }),
    };
  });

export const gatherCase = lawCase(
  'gather',
  fc.record({ g: gatherLayoutArb, dtype: dtypeArb(), mode: valueModeArb() }).map(({ g, dtype, mode }) => ({
    shapes: [g.operand, g.indices],
    dtypes: [dtype, 'int32'] as DType[],
    valueArbs: [valueArb(dtype, mode), g.index],
    fn: (op: NDArray, idx: NDArray) => lax.gather(op, idx, g.axis, g.batchDims),
    params: { axis: g.axis, batchDims: g.batchDims, mode },
  })),
);

/** scatterAdd: indices drawn from at most 3 positions, so repeated indices are the rule. */
export const scatterAddCase = lawCase(
  'scatterAdd',
  fc.record({ g: gatherLayoutArb, dtype: dtypeArb(NUMERIC_DTYPES), mode: valueModeArb() }).map(({ g, dtype, mode }) => ({
    shapes: [g.operand, g.indices, g.updates],
    dtypes: [dtype, 'int32', dtype] as DType[],
    valueArbs: [valueArb(dtype, mode), g.index, valueArb(dtype, mode)],
    fn: (op: NDArray, idx: NDArray, upd: NDArray) => lax.scatterAdd(op, idx, upd, g.axis, g.batchDims),
    params: { axis: g.axis, batchDims: g.batchDims, mode },
  })),
);

/** Start indices as 0-d int32 arguments (so they can be batched), ranging past both ends (clamped). */
const startArbs = (dims: readonly number[], sizes: readonly number[]) => dims.map((n, i) => fc.integer({ min: -2, max: n - sizes[i]! + 2 }));

export const dynamicSliceCase = lawCase(
  'dynamicSlice',
  fc.record({ shape: shapeArb({ maxDim: 4 }), sz: intsArb(POOL, 0, 50), dtype: dtypeArb() }).map(({ shape, sz, dtype }) => {
    const sizes = shape.map((n, i) => pick(sz[i]!, n + 1));
    return {
      shapes: [shape, ...shape.map(() => [])],
      dtypes: [dtype, ...shape.map((): DType => 'int32')],
      valueArbs: [undefined, ...startArbs(shape, sizes)],
      fn: (op: NDArray, ...starts: NDArray[]) => lax.dynamicSlice(op, starts, sizes),
      params: { sizes },
    };
  }),
);

export const dynamicUpdateSliceCase = lawCase(
  'dynamicUpdateSlice',
  fc.record({ shape: shapeArb({ maxDim: 4 }), sz: intsArb(POOL, 0, 50), dtype: dtypeArb() }).map(({ shape, sz, dtype }) => {
    const update = shape.map((n, i) => pick(sz[i]!, n + 1));
    return {
      shapes: [shape, update, ...shape.map(() => [])],
      dtypes: [dtype, dtype, ...shape.map((): DType => 'int32')],
      valueArbs: [undefined, undefined, ...startArbs(shape, update)],
      fn: (op: NDArray, upd: NDArray, ...starts: NDArray[]) => lax.dynamicUpdateSlice(op, upd, starts),
      params: { updateShape: update },
    };
  }),
);

export const structuralCases: LawCase[] = [
  broadcastInDimCase,
  reshapeCase,
  transposeCase,
  squeezeCase,
  expandDimsCase,
  revCase,
  sliceCase,
  padCase,
  concatenateCase,
  iotaCase,
];

export const indexingCases: LawCase[] = [gatherCase, scatterAddCase, dynamicSliceCase, dynamicUpdateSliceCase];

/** Every lax primitive's case (convertElementType once per dtype pair). */
export const laxCases: LawCase[] = [
  ...unaryCases,
  ...binaryCases,
  selectCase,
  ...convertCases,
  ...structuralCases,
  ...reduceCases,
  dotGeneralCase,
  ...indexingCases,
  ...bitCases,
  convCase,
  ...windowCases,
  ...linalgCases,
  ...gatherCases,
];

// ------------------------------------------------------------------ compositions

/**
 * Small programs of several primitives: batch axes that earlier rules left in odd places, an input
 * used twice, outputs that are inputs, weak scalar constants. (np functions will be rows like these.)
 */
function composition(
  name: string,
  fn: (...xs: NDArray[]) => NDArray,
  opts: { arity?: number; minRank?: number; maxRank?: number; minDim?: number; dtypes?: readonly DType[] } = {},
): LawCase {
  const { arity = 1, minRank = 0, maxRank = 3, minDim, dtypes = NUMERIC_DTYPES } = opts;
  return lawCase(
    name,
    fc
      .record({ shape: shapeArb({ minRank, maxRank, ...(minDim ? { minDim, allowZero: false } : {}) }), dtype: dtypeArb(dtypes), mode: valueModeArb() })
      .map(({ shape, dtype, mode }) => ({
        shapes: Array.from({ length: arity }, () => shape),
        dtypes: Array.from({ length: arity }, () => dtype),
        valueArbs: Array.from({ length: arity }, () => valueArb(dtype, mode)),
        fn,
        params: { mode },
      })),
  );
}

const axesOf = (x: NDArray): number[] => [...Array(x.ndim).keys()];

export const compositionCases: LawCase[] = [
  composition('identity', (x) => x),
  composition('second argument', (_x, y) => y, { arity: 2 }),
  composition('x + x', (x) => lax.add(x, x)),
  composition('x + 1 (weak scalar)', (x) => lax.add(x, 1)),
  composition('abs via select', (x) => lax.select(lax.gt(x, 0), x, lax.neg(x))),
  composition('sum of cumsum of rev', (x) => lax.reduceSum(lax.cumsum(lax.rev(x, [0]), x.ndim - 1), [0]), { minRank: 1 }),
  composition('x . x', (x) => lax.dotGeneral(x, x, [[0], [0]]), { minRank: 1 }),
  composition('outer(x, x)', (x) => lax.dotGeneral(x, x, [[], []])),
  composition('sum of rev(x) * rev(y)', (x, y) => lax.reduceSum(lax.mul(lax.rev(x, [0]), lax.rev(y, [y.ndim - 1])), [0]), { arity: 2, minRank: 1 }),
  composition('squeeze of expandDims', (x) => lax.squeeze(lax.expandDims(x, [0, x.ndim + 1]), [x.ndim + 1])),
  composition('reshape of transpose', (x) => lax.reshape(lax.transpose(x, axesOf(x).reverse()), [x.size])),
  composition('concatenate [x, -x, x]', (x) => lax.concatenate([x, lax.neg(x), x], 0), { minRank: 1 }),
  composition('gather by argsort', (x) => lax.gather(x, lax.argsort(x, 0), 0), { minRank: 1 }),
  composition('sort of rev of sort', (x) => lax.sort(lax.rev(lax.sort(x, 0), [0]), -1), { minRank: 1 }),
  composition('reduceMax of broadcastInDim', (x) => lax.reduceMax(lax.broadcastInDim(x, [2, ...x.shape], axesOf(x).map((d) => d + 1)), [0])),
  composition('pad with its own sum', (x) => lax.pad(x, lax.reduceSum(x, axesOf(x)), x.shape.map((): [number, number, number] => [1, -1, 1]))),
  composition('dynamicSlice at argmax', (x) => lax.dynamicSlice(x, [lax.argmax(x, 0)], [1]), { minRank: 1, maxRank: 1, minDim: 1 }),
  composition('dynamicUpdateSlice of -x into x', (x) => lax.dynamicUpdateSlice(x, lax.neg(x), x.shape.map(() => 0))),
  composition('scatterAdd at argsort', (x) => lax.scatterAdd(x, lax.argsort(x, 0), x, 0), { minRank: 1, maxRank: 1 }),
  // one fused loop under jit, calling every special helper (and the Math ones) in one source
  composition(
    'special functions chained',
    (x, y) => {
      const { asinh, cosh, digamma, erf, erfc, erfInv, lgamma, nextafter, atan, isFinite } = laxSpecial;
      // smooth and finite on the AD laws' inputs: lgamma on (1, 3), digamma on [2, inf), erfInv on (-0.43, 0.43)
      const a = lax.add(lgamma(lax.add(erfc(x), 1)), digamma(lax.add(lax.mul(asinh(y), asinh(y)), 2)));
      return lax.select(isFinite(a), nextafter(erfInv(lax.mul(erf(atan(a)), 0.5)), cosh(x)), a);
    },
    { arity: 2, dtypes: FLOAT_DTYPES },
  ),
];
