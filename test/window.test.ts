/**
 * reduce_window (sum/max/min) and max/avg pooling: against a naive nested-loop reference for random
 * shapes, strides, paddings and dilations; vmap == loop bit for bit for every operand placement;
 * jvp/vjp by finite differences and the exact dot-product test; max pooling's gradient at the first
 * maximal element; jit == eager; every misuse named.
 */
import { describe, expect, it } from 'vitest';
import { grad, jit, jvp, lax, nn, np, vjp, vmap, type NDArray } from '../lib';
import type { DType } from '../lib';

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
/** Small integers (ties likely) or arbitrary floats. */
function arr(shape: number[], seed: number, dtype: DType = 'float64', ties = true): NDArray {
  const r = prng(seed);
  const data = Array.from({ length: sizeOf(shape) }, () => (ties ? int(r, -4, 4) : r() * 4 - 2));
  return np.array({
    data: dtype === 'float32' ? Float32Array.from(data) : dtype === 'int32' ? Int32Array.from(data) : Float64Array.from(data),
    shape,
  });
}
const bits = (x: NDArray) => ({ shape: x.shape, dtype: x.dtype, data: Array.from(x.data() as ArrayLike<number>) });

interface Cfg {
  shape: number[];
  window: number[];
  strides: number[];
  padding: [number, number][];
  baseDilation: number[];
  windowDilation: number[];
}
function randomCfg(seed: number, rank?: number): Cfg {
  const r = prng(seed);
  const nd = rank ?? int(r, 1, 4);
  const each = <T>(f: () => T): T[] => Array.from({ length: nd }, f);
  return {
    shape: each(() => (r() < 0.08 ? 0 : int(r, 1, nd > 2 ? 4 : 6))),
    window: each(() => int(r, 1, 3)),
    strides: each(() => int(r, 1, 3)),
    padding: each(() => [int(r, 0, 2), int(r, 0, 2)] as [number, number]),
    baseDilation: each(() => (r() < 0.3 ? 2 : 1)),
    windowDilation: each(() => (r() < 0.3 ? 2 : 1)),
  };
}
const dil = (n: number, k: number) => (n === 0 ? 0 : 1 + k * (n - 1));
function multiIndices(shape: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of shape) out = out.flatMap((p) => Array.from({ length: n }, (_, i) => [...p, i]));
  return out;
}
/** The definition: every output's window as flat operand indices, in row-major window order, padding and holes skipped. */
function naiveWindows(c: Cfg): { outShape: number[]; windows: number[][] } {
  const outShape = c.shape.map((n, d) => {
    const padded = dil(n, c.baseDilation[d]!) + c.padding[d]![0] + c.padding[d]![1],
      w = dil(c.window[d]!, c.windowDilation[d]!);
    return padded < w ? 0 : Math.floor((padded - w) / c.strides[d]!) + 1;
  });
  const ks = multiIndices(c.window);
  const windows = multiIndices(outShape).map((o) =>
    ks.flatMap((k) => {
      let flat = 0;
      for (let d = 0; d < c.shape.length; d++) {
        const pos = o[d]! * c.strides[d]! + k[d]! * c.windowDilation[d]! - c.padding[d]![0];
        if (pos < 0 || pos >= dil(c.shape[d]!, c.baseDilation[d]!) || pos % c.baseDilation[d]!) return [];
        flat = flat * c.shape[d]! + pos / c.baseDilation[d]!;
      }
      return [flat];
    }),
  );
  return { outShape, windows };
}
type Comp = 'add' | 'max' | 'min';
const comps = { add: lax.add, max: lax.max, min: lax.min };
const ident = { add: 0, max: -Infinity, min: Infinity };
function naiveReduce(x: NDArray, c: Cfg, comp: Comp) {
  const v = Array.from(x.data() as ArrayLike<number>);
  const round = x.dtype === 'float32' ? Math.fround : (a: number) => a;
  const id = x.dtype === 'int32' ? { add: 0, max: -2147483648, min: 2147483647 }[comp] : ident[comp];
  const f = { add: (a: number, b: number) => round(a + b), max: Math.max, min: Math.min }[comp];
  const { outShape, windows } = naiveWindows(c);
  return { shape: outShape, dtype: x.dtype, data: windows.map((w) => w.reduce((acc, i) => f(acc, v[i]!), id)) };
}
/** The first element of each window that no later one beats strictly (a NaN beats everything). */
const naiveSelect = (v: number[], w: number[], sign: 1 | -1) =>
  w.reduce((at, i) => (at < 0 || sign * v[i]! > sign * v[at]! || (Number.isNaN(v[i]!) && !Number.isNaN(v[at]!)) ? i : at), -1);
const rw = (c: Cfg, comp: Comp, init?: number) => (x: NDArray) =>
  lax.reduceWindow(x, init ?? ident[comp], comps[comp], c.window, c.strides, c.padding, c.baseDilation, c.windowDilation);

describe('reduceWindow equals the definition', () => {
  for (const comp of ['add', 'max', 'min'] as const)
    it(`${comp}: 60 random shapes, strides, paddings and dilations, float64/float32/int32, bit for bit`, () => {
      for (let s = 0; s < 60; s++) {
        const c = randomCfg(100 * s + comp.length);
        const dtype = (['float64', 'float32', 'int32'] as const)[s % 3]!;
        const x = arr(c.shape, s, dtype, s % 2 === 0);
        expect(bits(rw(c, comp)(x)), JSON.stringify(c)).toEqual(naiveReduce(x, c, comp));
      }
    });

  it('padding strings follow padtype_to_pads on the undilated operand (SAME: odd pad after; SAME_LOWER: before)', () => {
    const x = np.arange(1, 6); // [1..5], window 2, stride 2: total pad (3-1)*2+2-5 = 1
    expect(lax.reduceWindow(x, 0, lax.add, [2], [2], 'SAME').toArray()).toEqual([3, 7, 5]);
    expect(lax.reduceWindow(x, 0, lax.add, [2], [2], 'same' as 'SAME').toArray()).toEqual([3, 7, 5]); // upper-cased, as JAX does
    expect(lax.reduceWindow(x, 0, lax.add, [2], [2], 'SAME_LOWER').toArray()).toEqual([1, 5, 9]);
    expect(lax.reduceWindow(x, 0, lax.add, [2], [2], 'VALID').toArray()).toEqual([3, 7]);
    expect(lax.reduceWindow(x, 0, lax.add, [3], [1], [[1, 1]], { windowDilation: [2] }).toArray()).toEqual([6, 9, 6]); // taps 2 apart
    expect(lax.reduceWindow(x, 0, lax.add, [2], [1], 'VALID', [2]).toArray()).toEqual([1, 2, 2, 3, 3, 4, 4, 5]);
  });

  it('a non-identity init value is combined once with each window', () => {
    const x = np.array([-3, -1, 2, -5]);
    expect(lax.reduceWindow(x, 0, lax.max, [2], [2], 'VALID').toArray()).toEqual([0, 2]);
    expect(lax.reduceWindow(x, 1, lax.min, [2], [2], 'VALID').toArray()).toEqual([-3, -5]);
    expect(lax.reduceWindow(x, 10, lax.add, [2], [2], 'VALID').toArray()).toEqual([6, 7]);
    expect(lax.reduceWindow(x, np.array(-2), lax.max, [2], [2], [[1, 0]]).toArray()).toEqual([-2, 2]);
    expect(lax.reduceWindow(np.array([1, 7], 'int32'), -2147483648, lax.max, [2], [1], 'VALID').toArray()).toEqual([7]);
    expect(lax.reduceWindow(np.array([false, true, false, false]), false, lax.max, [2], [2], 'VALID').toArray()).toEqual([true, false]);
    expect(lax.reduceWindow(np.array([4294967295, 2], 'uint32'), 0, lax.add, [2], [1], 'VALID').toArray()).toEqual([1]); // wraps
  });
});

describe('pooling (flax semantics, channels last)', () => {
  const x = arr([2, 5, 4, 3], 7, 'float64', false);
  const c = (window: number[], strides: number[], padding: [number, number][]): Cfg => ({
    shape: x.shape as number[],
    window: [1, ...window, 1],
    strides: [1, ...strides, 1],
    padding: [[0, 0], ...padding, [0, 0]],
    baseDilation: [1, 1, 1, 1],
    windowDilation: [1, 1, 1, 1],
  });
  it('maxPool / minPool are reduceWindow over the window dims; padding SAME as padtype_to_pads', () => {
    expect(bits(nn.maxPool(x, [2, 2], { strides: [2, 2] }))).toEqual(
      naiveReduce(
        x,
        c(
          [2, 2],
          [2, 2],
          [
            [0, 0],
            [0, 0],
          ],
        ),
        'max',
      ),
    );
    expect(bits(nn.minPool(x, [3, 2], { padding: 'SAME' }))).toEqual(
      naiveReduce(
        x,
        c(
          [3, 2],
          [1, 1],
          [
            [1, 1],
            [0, 1],
          ],
        ),
        'min',
      ),
    );
    expect(nn.maxPool(np.reshape(np.arange(16), [4, 4, 1]), [2, 2], { strides: [2, 2] }).toArray()).toEqual([
      [[5], [7]],
      [[13], [15]],
    ]); // no batch dims
  });
  it('avgPool divides by the window size, or with countIncludePad: false by the non-padding count', () => {
    const same = naiveReduce(
      x,
      c(
        [3, 3],
        [2, 2],
        [
          [1, 1],
          [0, 1],
        ],
      ),
      'add',
    ); // H 5 -> 3 (pad 2), W 4 -> 2 (pad 1)
    expect(bits(nn.avgPool(x, [3, 3], { strides: [2, 2], padding: 'SAME' })).data).toEqual(same.data.map((v) => v / 9));
    const sums = naiveReduce(
      x,
      c(
        [3, 3],
        [2, 2],
        [
          [1, 1],
          [1, 1],
        ],
      ),
      'add',
    );
    const counts = naiveWindows(
      c(
        [3, 3],
        [2, 2],
        [
          [1, 1],
          [1, 1],
        ],
      ),
    ).windows.map((w) => w.length);
    expect(
      bits(
        nn.avgPool(x, [3, 3], {
          strides: [2, 2],
          padding: [
            [1, 1],
            [1, 1],
          ],
          countIncludePad: false,
        }),
      ).data,
    ).toEqual(sums.data.map((v, i) => v / counts[i]!));
    expect(nn.avgPool(np.array([[[1], [2], [3]]]), [2], { padding: 'SAME', countIncludePad: false }).toArray()).toEqual([
      [[1.5], [2.5], [3]],
    ]);
  });
});

/** The per-example loop: slice every mapped argument along its axis, call f, stack on axis 0. */
function loop(f: (...a: NDArray[]) => NDArray, args: NDArray[], axes: (number | null)[], n: number): NDArray {
  const take = (a: NDArray, ax: number, i: number) =>
    lax.squeeze(
      lax.slice(
        a,
        a.shape.map((_, d) => (d === ax ? i : 0)),
        a.shape.map((s, d) => (d === ax ? i + 1 : s)),
      ),
      [ax],
    );
  return np.stack(Array.from({ length: n }, (_, i) => f(...args.map((a, k) => (axes[k] === null ? a : take(a, axes[k]!, i))))));
}
const withAxis = (shape: number[], ax: number, n: number) => [...shape.slice(0, ax), n, ...shape.slice(ax)];

describe('vmap == the per-example loop, bit for bit, for every operand placement', () => {
  const B = 3;
  it('forward: reduce_window_sum/max/min, float64 and float32', () => {
    for (let s = 0; s < 12; s++) {
      const c = randomCfg(7000 + s, 1 + (s % 3));
      for (const comp of ['add', 'max', 'min'] as const)
        for (let ax = 0; ax <= c.shape.length; ax++) {
          const xs = arr(withAxis(c.shape, ax, B), s, s % 2 ? 'float32' : 'float64', false);
          expect(bits(vmap(rw(c, comp), { inAxes: ax })(xs))).toEqual(bits(loop(rw(c, comp), [xs], [ax], B)));
        }
    }
  });
  it('nested: vmap(vmap(f)) == the double loop, both axes anywhere', () => {
    const c = randomCfg(7500, 2);
    for (let a = 0; a <= 2; a++)
      for (let b = 0; b <= 3; b++) {
        const xs = arr(withAxis(withAxis(c.shape, a, 2), b, B), a + b, 'float32', false);
        const inner = (v: NDArray) => vmap(rw(c, 'max'), { inAxes: a })(v);
        expect(bits(vmap(inner, { inAxes: b })(xs))).toEqual(bits(loop((v) => loop(rw(c, 'max'), [v], [a], 2), [xs], [b], B)));
      }
  });
  it('jvp and vjp (select_and_gather_add, select_and_scatter_add, the padded sum transpose): every pair of placements', () => {
    for (let s = 0; s < 6; s++) {
      const c = randomCfg(8000 + s, 1 + (s % 3));
      const { outShape } = naiveWindows(c);
      for (const comp of ['add', 'max', 'min'] as const) {
        const f = rw(c, comp);
        const tan = (x: NDArray, t: NDArray) => jvp(f, [x], [t])[1] as NDArray;
        const cot = (x: NDArray, ct: NDArray) => vjp(f, x)[1](ct)[0] as NDArray;
        for (const [g, second] of [
          [tan, c.shape],
          [cot, outShape],
        ] as const)
          for (let a = -1; a <= c.shape.length; a++)
            for (let b = -1; b <= c.shape.length; b++) {
              if (a < 0 && b < 0) continue;
              const x = arr(a < 0 ? c.shape : withAxis(c.shape, a, B), s + 1),
                y = arr(b < 0 ? second : withAxis(second, b, B), s + 2);
              const axes = [a < 0 ? null : a, b < 0 ? null : b];
              expect(bits(vmap(g, { inAxes: axes })(x, y)), `${comp} ${g === tan ? 'jvp' : 'vjp'} ${axes}`).toEqual(
                bits(loop(g, [x, y], axes, B)),
              );
            }
      }
    }
  });
});

describe('derivatives', () => {
  const dot = (a: NDArray, b: NDArray) => np.sum(np.multiply(a, b)).toNumber();
  it('<vjp(u), v> == <u, jvp(v)> exactly (integer data), 30 random windows each', () => {
    for (const comp of ['add', 'max', 'min'] as const)
      for (let s = 0; s < 30; s++) {
        const c = randomCfg(9000 + s);
        const f = rw(c, comp);
        const x = arr(c.shape, s),
          v = arr(c.shape, s + 1),
          u = arr(naiveWindows(c).outShape, s + 2);
        expect(dot(vjp(f, x)[1](u)[0], v)).toBe(dot(u, jvp(f, [x], [v])[1]));
      }
  });
  it('grad matches central differences (distinct values, h = 1e-4: piecewise linear, so only rounding remains)', () => {
    for (const comp of ['add', 'max', 'min'] as const)
      for (let s = 0, n = 0; n < 8; s++) {
        const c = randomCfg(9500 + s, 2);
        if (comp !== 'add' && naiveWindows(c).windows.some((w) => w.length === 0)) continue; // -Infinity - -Infinity
        n++;
        const w = arr(naiveWindows(c).outShape, s + 3, 'float64', false);
        const loss = (x: NDArray) => np.sum(np.multiply(rw(c, comp)(x), w));
        const x = arr(c.shape, s, 'float64', false);
        const g = grad(loss)(x).data() as Float64Array,
          xv = x.data() as Float64Array,
          h = 1e-4;
        for (let i = 0; i < xv.length; i++) {
          const at = (d: number) =>
            loss(np.array({ data: xv.map((v, j) => (j === i ? v + d : v)), shape: x.shape as number[] })).toNumber();
          expect(Math.abs((at(h) - at(-h)) / (2 * h) - g[i]!)).toBeLessThan(1e-9);
        }
      }
  });
  it('max pooling sends each window cotangent to its first maximal element (ties and NaN: first)', () => {
    for (let s = 0; s < 20; s++) {
      const c = randomCfg(9900 + s);
      const x = arr(c.shape, s),
        ct = arr(naiveWindows(c).outShape, s + 5);
      const xv = Array.from(x.data() as Float64Array),
        cv = Array.from(ct.data() as Float64Array);
      for (const [comp, sign] of [
        ['max', 1],
        ['min', -1],
      ] as const) {
        const want = new Array<number>(xv.length).fill(0);
        naiveWindows(c).windows.forEach((w, o) => {
          const at = naiveSelect(xv, w, sign);
          if (at >= 0) want[at]! += cv[o]!;
        });
        expect(Array.from(vjp(rw(c, comp), x)[1](ct)[0].data() as Float64Array)).toEqual(want);
      }
    }
    const g = grad((x: NDArray) => np.sum(nn.maxPool(x, [2], { strides: [1] })));
    expect(g(np.array([[1], [1], [1], [0]])).toArray()).toEqual([[1], [1], [1], [0]]); // the last would give [0, 1, 2, 0]
    expect(g(np.array([[1], [NaN], [3], [NaN]])).toArray()).toEqual([[0], [2], [0], [1]]);
    expect(
      jvp(
        (x: NDArray) => nn.maxPool(x, [2], { strides: [2] }),
        [np.array([[2], [2], [0], [5]])],
        [np.array([[10], [20], [30], [40]])],
      )[1].toArray(),
    ).toEqual([[10], [40]]);
  });
  it('second order: hessian-vector products of sum(pool(x)^2) match central differences of the gradient (quadratic pieces: exact up to rounding)', () => {
    const x = arr([2, 5, 4, 2], 3, 'float64', false),
      v = arr([2, 5, 4, 2], 4, 'float64', false);
    for (const pool of [
      (z: NDArray) => nn.avgPool(z, [2, 2], { padding: 'SAME' }),
      (z: NDArray) => nn.maxPool(z, [3, 2], { strides: [2, 1] }),
    ]) {
      const g = grad((z: NDArray) => np.sum(np.square(pool(z))));
      const hv = jvp(g, [x], [v])[1].data() as Float64Array,
        h = 1e-3;
      const fd = np
        .divide(np.subtract(g(np.add(x, np.multiply(v, h))), g(np.subtract(x, np.multiply(v, h)))), 2 * h)
        .data() as Float64Array;
      expect(hv.some((e) => e !== 0)).toBe(true);
      hv.forEach((e, i) => expect(Math.abs(e - fd[i]!)).toBeLessThan(1e-9));
    }
  });
});

describe('jit', () => {
  it('jit == eager bit for bit: forward, grad and vmap of grad', () => {
    for (let s = 0; s < 6; s++) {
      const c = randomCfg(12000 + s, 3);
      const x = arr(c.shape, s, 'float32', false);
      for (const comp of ['add', 'max', 'min'] as const) {
        const f = rw(c, comp),
          loss = (y: NDArray) => np.sum(np.square(f(y)));
        expect(bits(jit(f)(x))).toEqual(bits(f(x)));
        expect(bits(jit(grad(loss))(x))).toEqual(bits(grad(loss)(x)));
      }
    }
    const xs = arr([4, 6, 6, 2], 1, 'float32', false);
    const pg = (y: NDArray) => grad((z: NDArray) => np.sum(nn.maxPool(z, [2, 2], { strides: [2, 2] })))(y);
    expect(bits(jit(vmap(pg))(xs))).toEqual(bits(vmap(pg)(xs)));
  });
});

describe('misuse', () => {
  const x = np.zeros([2, 3]);
  it('names the argument and the shapes', () => {
    expect(() => lax.reduceWindow(x, 0, lax.add, [2], [1, 1], 'VALID')).toThrow(
      /reduceWindow: windowDimensions \(2,\) must have one entry per operand dimension \(operand shape \(2, 3\), rank 2\)/,
    );
    expect(() => lax.reduceWindow(x, 0, lax.add, [2, 2], [1], 'VALID')).toThrow(
      /windowStrides \(1,\) must have one entry per operand dimension \(operand shape \(2, 3\)/,
    );
    expect(() => lax.reduceWindow(x, 0, lax.add, [2, 2], [1, 0], 'VALID')).toThrow(
      /windowStrides \(1, 0\) must be positive integers, got 0 at axis 1 \(operand shape \(2, 3\)\)/,
    );
    expect(() => lax.reduceWindow(x, 0, lax.add, [0, 2], [1, 1], 'VALID')).toThrow(
      /windowDimensions \(0, 2\) must be positive integers, got 0 at axis 0/,
    );
    expect(() => lax.reduceWindow(x, 0, lax.add, [1, 1], [1, 1], 'VALID', [1, -1])).toThrow(
      /baseDilation \(1, -1\) must be positive integers, got -1 at axis 1/,
    );
    expect(() => lax.reduceWindow(x, 0, lax.add, [1, 1], [1, 1], [[0, 0]])).toThrow(
      /padding \[\[0,0\]\] must be 'SAME', 'SAME_LOWER', 'VALID' or one \(lo, hi\) pair per operand dimension \(operand shape \(2, 3\), rank 2\)/,
    );
    expect(() =>
      lax.reduceWindow(
        x,
        0,
        lax.add,
        [1, 1],
        [1, 1],
        [
          [0, 0],
          [-1, 0],
        ],
      ),
    ).toThrow(/padding \[-1,0\] at axis 1 must be a pair of non-negative integers/);
    expect(() => lax.reduceWindow(x, 0, lax.add, [1, 1], [1, 1], 'FULL' as never)).toThrow(/padding type/);
    expect(() => lax.reduceWindow(x, 0, lax.mul, [1, 1], [1, 1], 'VALID')).toThrow(
      /reduceWindow: computation must be lax.add, lax.max or lax.min \(recognised by identity\), got mul|got an anonymous/,
    );
    expect(() => lax.reduceWindow(x, 0, (a, b) => lax.add(a, b), [1, 1], [1, 1], 'VALID')).toThrow(
      /computation must be lax.add, lax.max or lax.min/,
    );
    expect(() => lax.reduceWindow(x, np.zeros([2]), lax.add, [1, 1], [1, 1], 'VALID')).toThrow(
      /initValue must be a scalar of the operand's dtype float64, got float64\(2,\)/,
    );
    expect(() => lax.reduceWindow(np.array([true]), 0, lax.add, [1], [1], 'VALID')).toThrow(/reduce_window_sum does not accept bool/);
    expect(() => nn.maxPool(np.zeros([4, 4]), [2, 2])).toThrow(
      /nn.maxPool: inputs of shape \(4, 4\) must be \(batch..., 2 window dimensions, features\) for windowShape \(2, 2\): rank at least 3/,
    );
    expect(() => nn.avgPool(np.zeros([1, 4, 4, 1]), [2, 2], { strides: [2] })).toThrow(
      /nn.avgPool: strides \(2,\) must have one entry per window dimension, as windowShape \(2, 2\)/,
    );
    expect(() => nn.maxPool(np.zeros([1, 4, 4, 1]), [2, 2], { padding: [[1, 1]] })).toThrow(
      /nn.maxPool: padding \[\[1,1\]\] must have one \(lo, hi\) pair per window dimension/,
    );
  });
});
