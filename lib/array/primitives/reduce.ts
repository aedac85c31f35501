/** Reductions over axes, arg-reductions, cumulative scans and sorts along an axis. */
import { allocate, DTYPES, isDType, type DType, type TypedArray } from '../dtype';
import type { AbstractValue, PrimitiveSpec } from '../ir';
import { forEachLane, makeBuffer, transposeBuffer } from '../kernels';
import { castExpr, compiled } from '../loops';
import { fmtShape, ShapeError, sizeOf } from '../shape';

export interface AxesParams { readonly axes: readonly number[] }
export interface AxisParams { readonly axis: number }
export interface ArgParams { readonly axis: number; readonly indexDtype: DType }
export interface CumParams { readonly axis: number; readonly reverse: boolean }

function checkAxes(name: string, a: AbstractValue, axes: readonly number[]): void {
  const nd = a.shape.length;
  if (new Set(axes).size !== axes.length || axes.some((x) => !Number.isInteger(x) || x < 0 || x >= nd))
    throw new ShapeError(`${name} axes ${fmtShape(axes)} are invalid for an array of shape ${fmtShape(a.shape)}`);
}

function checkAxis(name: string, a: AbstractValue, axis: number): void {
  if (!Number.isInteger(axis) || axis < 0 || axis >= a.shape.length)
    throw new ShapeError(`${name} axis ${axis} is out of bounds for array of dimension ${a.shape.length}`);
}

const lowest = (d: DType) => (d === 'int32' ? -2147483648 : d === 'bool' ? 0 : -Infinity);
const highest = (d: DType) => (d === 'int32' ? 2147483647 : d === 'bool' ? 1 : Infinity);

/**
 * A monoid reduction. Every output element folds its reduced elements in row-major order of the
 * reduced axes starting from the identity, whatever the other axes are: so a batched reduction
 * adds in exactly the order the per-example one does (the vmap laws are bit-exact).
 */
function reducer(name: string, identity: (d: DType) => number, op: (a: string, b: string, d: DType) => string, numeric: boolean): PrimitiveSpec<AxesParams> {
  return {
    shape: ([a], p) => {
      checkAxes(name, a!, p.axes);
      if (numeric && a!.dtype === 'bool') throw new TypeError(`${name} does not accept bool arrays; convert them first`);
      return { ...a!, shape: a!.shape.filter((_, i) => !p.axes.includes(i)) };
    },
    impl: ([a], p, out) => {
      const nd = a!.shape.length;
      const axes = [...p.axes].sort((x, y) => x - y);
      const r = makeBuffer(out.dtype, out.shape);
      const m = sizeOf(p.axes.map((i) => a!.shape[i]!));
      const d = a!.dtype;
      const fold = compiled<Fold>(foldSource(name, d, (x, y) => op(x, y, d)));
      const inner = sizeOf(a!.shape.slice((axes[axes.length - 1] ?? nd - 1) + 1));
      // (the row path accumulates in the output array, so it needs the output in the input's dtype)
      if (inner > 1 && out.dtype === d && axes.every((x, k) => k === 0 || x === axes[k - 1]! + 1)) {
        // a middle block of axes: fold whole rows into the output (each output element still
        // sees the reduced elements in row-major order, so the bits match the lanes below)
        fold(a!.data, r.data, r.data.length / inner, m, inner, identity(d));
        return r;
      }
      const kept = [...Array(nd).keys()].filter((i) => !p.axes.includes(i));
      fold(transposeBuffer(a!, [...kept, ...axes]).data, r.data, r.data.length, m, 1, identity(d));
      return r;
    },
  };
}

type Fold = (x: TypedArray, y: TypedArray, outer: number, m: number, inner: number, id: number) => void;

/**
 * One reduction kernel per op and dtype: y[o, j] folds x[o, k, j] over k in order from `id`,
 * accumulating in the dtype's own precision, as XLA does.
 */
function foldSource(name: string, d: DType, op: (a: string, b: string) => string): string {
  const step = (a: string, b: string) => castExpr(op(a, b), d);
  return `return function ${name}_${d}(x, y, outer, m, inner, id) {
  for (let o = 0; o < outer; o++) {
    const yo = o * inner;
    if (inner === 1) {
      let acc = id;
      for (let j = o * m, e = j + m; j < e; j++) acc = ${step('acc', 'x[j]')};
      y[o] = acc;
      continue;
    }
    for (let j = 0; j < inner; j++) y[yo + j] = id;
    for (let k = 0, xo = o * m * inner; k < m; k++, xo += inner)
      for (let j = 0; j < inner; j++) y[yo + j] = ${step('y[yo + j]', 'x[xo + j]')};
  }
};`;
}

/** First index of the extreme value along an axis; a NaN wins at its first position (as in JAX). */
function argReducer(name: string, better: (a: number, b: number) => boolean): PrimitiveSpec<ArgParams> {
  return {
    shape: ([a], p) => {
      checkAxis(name, a!, p.axis);
      if (!isDType(p.indexDtype)) throw new TypeError(`${name}: indexDtype must be one of ${DTYPES.join(', ')}, got ${String(p.indexDtype)}`);
      if (a!.shape[p.axis] === 0) throw new ShapeError(`${name} of an empty axis: axis ${p.axis} of shape ${fmtShape(a!.shape)} has size 0`);
      return { shape: a!.shape.filter((_, i) => i !== p.axis), dtype: p.indexDtype, weak: false };
    },
    impl: ([a], p, out) => {
      const r = makeBuffer(out.dtype, out.shape);
      const x = a!.data;
      let o = 0;
      forEachLane(a!.shape, p.axis, (start, stride, len) => {
        let best = 0, bv = x[start]!;
        for (let k = 1; k < len && !Number.isNaN(bv); k++) {
          const v = x[start + k * stride]!;
          if (Number.isNaN(v) || better(v, bv)) {
            best = k;
            bv = v;
          }
        }
        r.data[o++] = best;
      });
      return r; // lanes come outer-major then inner: the output's row-major order
    },
  };
}

function scan(name: string, op: (a: string, b: string, d: DType) => string): PrimitiveSpec<CumParams> {
  return {
    shape: ([a], p) => {
      checkAxis(name, a!, p.axis);
      return a!;
    },
    impl: ([a], p, out) => {
      const r = makeBuffer(out.dtype, out.shape);
      const d = a!.dtype, len = a!.shape[p.axis]!, inner = sizeOf(a!.shape.slice(p.axis + 1));
      if (r.data.length > 0) compiled<Scan>(scanSource(name, d, (x, y) => op(x, y, d)))(a!.data, r.data, r.data.length / (len * inner), len, inner, p.reverse);
      return r;
    },
  };
}

type Scan = (x: TypedArray, y: TypedArray, outer: number, len: number, inner: number, reverse: boolean) => void;

/**
 * One scan kernel per op and dtype, row by row (memory is read in order): each lane folds in
 * order along the axis, keeping the accumulator in the output's precision.
 */
function scanSource(name: string, d: DType, op: (a: string, b: string) => string): string {
  return `return function ${name}_${d}(x, y, outer, len, inner, reverse) {
  const step = reverse ? -inner : inner;
  for (let o = 0; o < outer; o++) {
    const r0 = o * len * inner + (reverse ? (len - 1) * inner : 0);
    for (let j = 0; j < inner; j++) y[r0 + j] = x[r0 + j];
    for (let k = 1, prev = r0, cur = r0 + step; k < len; k++, prev = cur, cur += step)
      for (let j = 0; j < inner; j++) y[cur + j] = ${castExpr(op('y[prev + j]', 'x[cur + j]'), d)};
  }
};`;
}

const compareNumbers = (a: number, b: number): number =>
  Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a < b ? -1 : a > b ? 1 : 0;

/**
 * The engine's numeric sort puts -0 before 0, where the comparator above (as JAX) holds them
 * equal, so a stable sort keeps their input order: rewrite the sorted run of zeros in that order.
 */
function restoreZeroOrder(sorted: TypedArray, x: TypedArray, start: number, stride: number): void {
  let z0 = 0;
  while (z0 < sorted.length && !(sorted[z0] === 0)) z0++;
  if (z0 === sorted.length || !Object.is(sorted[z0], -0)) return; // no -0: nothing to reorder
  for (let k = 0, q = z0; k < sorted.length; k++) {
    const v = x[start + k * stride]!;
    if (v === 0) sorted[q++] = v;
  }
}

function sorter(name: string, indices: boolean): PrimitiveSpec<AxisParams> {
  return {
    shape: ([a], p) => {
      checkAxis(name, a!, p.axis);
      return indices ? { shape: a!.shape, dtype: 'int32', weak: false } : a!;
    },
    impl: ([a], p, out) => {
      const r = makeBuffer(out.dtype, out.shape);
      const x = a!.data, y = r.data;
      const len = a!.shape[p.axis]!;
      // each lane is copied out and sorted natively: values with the engine's numeric sort (NaN
      // last), indices with a comparator over the copy; both stable, -0 and 0 kept in input order
      const lane = allocate(a!.dtype, len), order = new Int32Array(len);
      const byValue = (i: number, j: number): number => compareNumbers(lane[i]!, lane[j]!) || i - j;
      forEachLane(a!.shape, p.axis, (start, stride) => {
        for (let k = 0; k < len; k++) lane[k] = x[start + k * stride]!;
        if (indices) {
          for (let k = 0; k < len; k++) order[k] = k;
          order.sort(byValue);
          for (let k = 0; k < len; k++) y[start + k * stride] = order[k]!;
          return;
        }
        lane.sort();
        restoreZeroOrder(lane, x, start, stride);
        for (let k = 0; k < len; k++) y[start + k * stride] = lane[k]!;
      });
      return r;
    },
  };
}

export const reduceRules = {
  reduce_sum: reducer('reduce_sum', () => 0, (a, b) => `${a} + ${b}`, true),
  reduce_prod: reducer('reduce_prod', () => 1, (a, b, d) => (d === 'int32' ? `Math.imul(${a}, ${b})` : `${a} * ${b}`), true),
  reduce_max: reducer('reduce_max', lowest, (a, b) => `Math.max(${a}, ${b})`, false),
  reduce_min: reducer('reduce_min', highest, (a, b) => `Math.min(${a}, ${b})`, false),
  argmax: argReducer('argmax', (a, b) => a > b),
  argmin: argReducer('argmin', (a, b) => a < b),
  cumsum: scan('cumsum', (a, b) => `${a} + ${b}`),
  cumprod: scan('cumprod', (a, b, d) => (d === 'int32' ? `Math.imul(${a}, ${b})` : `${a} * ${b}`)),
  cummax: scan('cummax', (a, b) => `Math.max(${a}, ${b})`),
  cummin: scan('cummin', (a, b) => `Math.min(${a}, ${b})`),
  sort: sorter('sort', false),
  argsort: sorter('argsort', true),
};
