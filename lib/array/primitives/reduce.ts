/** Reductions over axes, arg-reductions, cumulative scans and sorts along an axis. */
import { DTYPES, isDType, type DType } from '../dtype';
import type { AbstractValue, PrimitiveSpec } from '../ir';
import { forEachLane, makeBuffer, transposeBuffer } from '../kernels';
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
function reducer(name: string, identity: (d: DType) => number, f: (a: number, b: number) => number, numeric: boolean, intOp?: (a: number, b: number) => number): PrimitiveSpec<AxesParams> {
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
      const id = identity(a!.dtype);
      // accumulate in the dtype's own precision, as XLA does
      const d = a!.dtype;
      const g = d === 'float32' ? (x: number, y: number) => Math.fround(f(x, y)) : d === 'int32' ? (intOp ?? f) : f;
      const inner = sizeOf(a!.shape.slice((axes[axes.length - 1] ?? nd - 1) + 1));
      if (inner > 1 && out.dtype === d && axes.every((x, k) => k === 0 || x === axes[k - 1]! + 1)) {
        // a middle block of axes: fold whole rows into the output (each output element still
        // sees the reduced elements in row-major order, so the bits match the lane loop below)
        const x = a!.data, y = r.data;
        for (let o = 0; o < y.length / inner; o++) {
          const yo = o * inner;
          y.fill(id, yo, yo + inner);
          for (let k = 0, xo = o * m * inner; k < m; k++, xo += inner) for (let j = 0; j < inner; j++) y[yo + j] = g(y[yo + j]!, x[xo + j]!);
        }
        return r;
      }
      const kept = [...Array(nd).keys()].filter((i) => !p.axes.includes(i));
      const t = transposeBuffer(a!, [...kept, ...axes]);
      for (let o = 0; o < r.data.length; o++) {
        let acc = id;
        for (let j = o * m, e = j + m; j < e; j++) acc = g(acc, t.data[j]!);
        r.data[o] = acc;
      }
      return r;
    },
  };
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

function scan(name: string, f0: (a: number, b: number) => number, intOp?: (a: number, b: number) => number): PrimitiveSpec<CumParams> {
  return {
    shape: ([a], p) => {
      checkAxis(name, a!, p.axis);
      return a!;
    },
    impl: ([a], p, out) => {
      const r = makeBuffer(out.dtype, out.shape);
      const x = a!.data, y = r.data;
      const f = a!.dtype === 'int32' && intOp ? intOp : f0;
      const len = a!.shape[p.axis]!, inner = sizeOf(a!.shape.slice(p.axis + 1));
      if (inner > 1 && len > 0) {
        // row by row, so memory is read in order; each lane still folds in the same order
        for (let o = 0; o < y.length / (len * inner); o++) {
          const row = (k: number) => (o * len + (p.reverse ? len - 1 - k : k)) * inner;
          const r0 = row(0);
          for (let j = 0; j < inner; j++) y[r0 + j] = x[r0 + j]!;
          for (let k = 1; k < len; k++) {
            const prev = row(k - 1), cur = row(k);
            for (let j = 0; j < inner; j++) y[cur + j] = f(y[prev + j]!, x[cur + j]!);
          }
        }
        return r;
      }
      forEachLane(a!.shape, p.axis, (start, stride, len) => {
        if (len === 0) return;
        const first = p.reverse ? start + (len - 1) * stride : start;
        const step = p.reverse ? -stride : stride;
        let acc = x[first]!;
        y[first] = acc;
        for (let k = 1, q = first + step; k < len; k++, q += step) {
          acc = f(acc, x[q]!);
          y[q] = acc;
          acc = y[q]!; // keep the accumulator in the output's precision (float32/int32)
        }
      });
      return r;
    },
  };
}

/** Ascending with NaN last; ties keep their order (a stable sort, like XLA's). */
const compareNumbers = (a: number, b: number): number =>
  Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a < b ? -1 : a > b ? 1 : 0;

function sorter(name: string, indices: boolean): PrimitiveSpec<AxisParams> {
  return {
    shape: ([a], p) => {
      checkAxis(name, a!, p.axis);
      return indices ? { shape: a!.shape, dtype: 'int32', weak: false } : a!;
    },
    impl: ([a], p, out) => {
      const r = makeBuffer(out.dtype, out.shape);
      const x = a!.data;
      forEachLane(a!.shape, p.axis, (start, stride, len) => {
        const order = Array.from({ length: len }, (_, k) => k);
        order.sort((i, j) => compareNumbers(x[start + i * stride]!, x[start + j * stride]!) || i - j);
        for (let k = 0; k < len; k++) r.data[start + k * stride] = indices ? order[k]! : x[start + order[k]! * stride]!;
      });
      return r;
    },
  };
}

export const reduceRules = {
  reduce_sum: reducer('reduce_sum', () => 0, (a, b) => a + b, true, (a, b) => (a + b) | 0),
  reduce_prod: reducer('reduce_prod', () => 1, (a, b) => a * b, true, Math.imul),
  reduce_max: reducer('reduce_max', lowest, Math.max, false),
  reduce_min: reducer('reduce_min', highest, Math.min, false),
  argmax: argReducer('argmax', (a, b) => a > b),
  argmin: argReducer('argmin', (a, b) => a < b),
  cumsum: scan('cumsum', (a, b) => a + b),
  cumprod: scan('cumprod', (a, b) => a * b, Math.imul),
  cummax: scan('cummax', Math.max),
  cummin: scan('cummin', Math.min),
  sort: sorter('sort', false),
  argsort: sorter('argsort', true),
};
