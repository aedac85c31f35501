/**
 * Reductions, scans and strided copies against naive references (plain JS folds in row-major
 * order), bit for bit: the row-at-a-time and tiled kernels must not change a single bit. The
 * vmap laws compare the library with itself; these compare it with the definition.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { np } from '../lib';
import type { DType } from '../lib/array/dtype';
import { bind, type NDArray } from '../lib/array/ndarray';
import { bitEqual, castHost, host, unravel, type HostArray } from '../properties/host';

type Fold = (a: number, b: number) => number;
const FOLDS: Record<string, { f: (d: DType) => Fold; id: (d: DType) => number }> = {
  reduce_sum: { f: (d) => (d === 'int32' ? (a, b) => (a + b) | 0 : (a, b) => a + b), id: () => 0 },
  reduce_prod: { f: (d) => (d === 'int32' ? Math.imul : (a, b) => a * b), id: () => 1 },
  reduce_max: { f: () => Math.max, id: (d) => (d === 'int32' ? -2147483648 : -Infinity) },
  reduce_min: { f: () => Math.min, id: (d) => (d === 'int32' ? 2147483647 : Infinity) },
};
const SCANS: Record<string, (d: DType) => Fold> = {
  cumsum: (d) => (d === 'int32' ? (a, b) => (a + b) | 0 : (a, b) => a + b),
  cumprod: (d) => (d === 'int32' ? Math.imul : (a, b) => a * b),
  cummax: () => Math.max,
  cummin: () => Math.min,
};

const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const flat = (idx: readonly number[], shape: readonly number[]) => idx.reduce((acc, v, d) => acc * shape[d]! + v, 0);
const toHost = (x: NDArray): HostArray => host(x.shape, x.dtype, Array.from(x.data()));

/** Arrays of rank 1-4; the last two dims up to `maxDim`, the others up to 4. */
const arrayArb = (maxDim: number) =>
  fc
    .record({
      shape: fc
        .array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 2 })
        .chain((lead) => fc.array(fc.integer({ min: 0, max: maxDim }), { minLength: lead.length === 0 ? 1 : 2, maxLength: 2 }).map((t) => [...lead, ...t])),
      dtype: fc.constantFrom<DType>('float32', 'float64', 'int32'),
      seed: fc.integer(),
    })
    .map(({ shape, dtype, seed }) => {
      const specials = [NaN, -0, Infinity, -Infinity, 2147483647, -2147483648];
      const data = Array.from({ length: sizeOf(shape) }, (_, i) =>
        i % 11 === 5 ? specials[(((i + seed) % 6) + 6) % 6]! : Math.sin(i * 1.37 + seed) * (dtype === 'int32' ? 1e9 : 3),
      );
      return np.reshape(np.array(data, dtype), shape);
    });

describe('kernels == naive definitions, bit for bit', () => {
  it('reductions over any set of axes', () => {
    fc.assert(
      fc.property(arrayArb(6), fc.constantFrom(...Object.keys(FOLDS)), fc.integer(), (x, prim, pick) => {
        const nd = x.ndim;
        const axes = [...Array(nd).keys()].filter((i) => (pick >> i) & 1);
        const { f, id } = FOLDS[prim]!;
        const d = x.dtype, fold = f(d), xs = Array.from(x.data());
        const kept = [...Array(nd).keys()].filter((i) => !axes.includes(i));
        const outShape = kept.map((i) => x.shape[i]!), redShape = axes.map((i) => x.shape[i]!);
        const data = Array.from({ length: sizeOf(outShape) }, (_, o) => {
          const oi = unravel(o, outShape);
          let acc = id(d);
          for (let r = 0; r < sizeOf(redShape); r++) {
            const ri = unravel(r, redShape), idx = new Array<number>(nd);
            kept.forEach((k, j) => (idx[k] = oi[j]!));
            axes.forEach((a, j) => (idx[a] = ri[j]!));
            acc = castHost(fold(acc, xs[flat(idx, x.shape)]!), d === 'int32' ? 'float64' : d);
          }
          return acc;
        });
        const got = toHost(bind(prim as 'reduce_sum', [x], { axes }));
        const err = bitEqual(got, host(outShape, d, data));
        if (err) throw new Error(`${prim} axes ${JSON.stringify(axes)} of ${d}(${x.shape}): ${err}`);
      }),
      { numRuns: 400 },
    );
  });

  it('scans along any axis, both directions', () => {
    fc.assert(
      fc.property(arrayArb(6), fc.constantFrom(...Object.keys(SCANS)), fc.nat(), fc.boolean(), (x, prim, ax, reverse) => {
        const axis = ax % x.ndim, d = x.dtype, fold = SCANS[prim]!(d), xs = Array.from(x.data());
        const out = new Array<number>(xs.length);
        const len = x.shape[axis]!, inner = sizeOf(x.shape.slice(axis + 1)), outer = sizeOf(x.shape.slice(0, axis));
        for (let o = 0; o < outer; o++)
          for (let j = 0; j < inner; j++) {
            let acc = 0;
            for (let s = 0; s < len; s++) {
              const k = reverse ? len - 1 - s : s, q = (o * len + k) * inner + j;
              acc = castHost(s === 0 ? xs[q]! : fold(acc, xs[q]!), d === 'int32' ? 'float64' : d);
              if (d === 'int32') acc |= 0;
              out[q] = acc;
            }
          }
        const got = toHost(bind(prim as 'cumsum', [x], { axis, reverse }));
        const err = bitEqual(got, host(x.shape, d, out));
        if (err) throw new Error(`${prim} axis ${axis} reverse ${reverse} of ${d}(${x.shape}): ${err}`);
      }),
      { numRuns: 400 },
    );
  });

  it('sort and argsort along any axis: stable, NaN last, -0 and 0 equal (kept in input order)', () => {
    const cmp = (a: number, b: number) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a < b ? -1 : a > b ? 1 : 0);
    fc.assert(
      fc.property(arrayArb(9), fc.nat(), fc.boolean(), (x0, ax, zeros) => {
        // many ties and signed zeros, so stability and the -0/0 rule are exercised
        const x = zeros ? np.array(np.multiply(np.round(np.multiply(x0, 0.25)), x0.dtype === 'int32' ? 1 : -0.0), x0.dtype) : x0;
        const axis = ax % x.ndim, xs = Array.from(x.data());
        const len = x.shape[axis]!, inner = sizeOf(x.shape.slice(axis + 1)), outer = sizeOf(x.shape.slice(0, axis));
        const vals = new Array<number>(xs.length), idx = new Array<number>(xs.length);
        for (let o = 0; o < outer; o++)
          for (let j = 0; j < inner; j++) {
            const at = (k: number) => (o * len + k) * inner + j;
            const order = [...Array(len).keys()].sort((a, b) => cmp(xs[at(a)]!, xs[at(b)]!) || a - b);
            order.forEach((src, k) => ((vals[at(k)] = xs[at(src)]!), (idx[at(k)] = src)));
          }
        const e1 = bitEqual(toHost(bind('sort', [x], { axis })), host(x.shape, x.dtype, vals));
        const e2 = bitEqual(toHost(bind('argsort', [x], { axis })), host(x.shape, 'int32', idx));
        if (e1 || e2) throw new Error(`axis ${axis} of ${x.dtype}(${x.shape}): ${e1 ?? ''} ${e2 ?? ''}`);
      }),
      { numRuns: 300 },
    );
  });

  it('transposes (tiled when the last two axes swap) of sizes across the 32-element tiles', () => {
    fc.assert(
      fc.property(arrayArb(70), fc.integer(), (x, seed) => {
        const nd = x.ndim;
        const perm = [...Array(nd).keys()].sort((a, b) => Math.sin(seed + a * 7.1) - Math.sin(seed + b * 7.1));
        const xs = Array.from(x.data()), outShape = perm.map((p) => x.shape[p]!);
        const data = Array.from({ length: xs.length }, (_, o) => {
          const oi = unravel(o, outShape), idx = new Array<number>(nd);
          perm.forEach((p, i) => (idx[p] = oi[i]!));
          return xs[flat(idx, x.shape)]!;
        });
        const err = bitEqual(toHost(np.transpose(x, perm)), host(outShape, x.dtype, data));
        if (err) throw new Error(`transpose ${JSON.stringify(perm)} of (${x.shape}): ${err}`);
      }),
      { numRuns: 150 },
    );
  });
});
