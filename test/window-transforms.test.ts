/**
 * vmap, jvp and vjp of reduce_window: vmap == the per-example loop bit for bit for every operand
 * placement (forward, jvp, vjp, nested); the exact dot-product test; finite differences; max/min
 * pooling's cotangent at the first extremal element of each window; hessian-vector products.
 */
import { describe, expect, it } from 'vitest';
import { grad, jvp, nn, np, vjp, vmap, type NDArray } from '../lib';
import { arr, bits, loop, naiveSelect, naiveWindows, randomCfg, rw, withAxis } from './window-reference';

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
