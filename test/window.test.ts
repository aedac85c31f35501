/**
 * reduce_window (sum/max/min) and pooling against a naive nested-loop reference for random shapes,
 * strides, paddings and dilations; padding strings, init values, flax's pools; jit == eager; every
 * misuse named. (vmap and derivatives: window-transforms.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { grad, jit, lax, nn, np, vmap, type NDArray } from '../lib';
import { arr, bits, naiveReduce, naiveWindows, randomCfg, rw, type Cfg } from './window-reference';

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

  it('padding strings follow padtype_to_pads on the undilated operand and the dilated window (SAME: odd pad after; SAME_LOWER: before)', () => {
    const x = np.arange(1, 6); // [1..5], window 2, stride 2: total pad (3-1)*2+2-5 = 1
    expect(lax.reduceWindow(x, 0, lax.add, [2], [2], 'SAME').toArray()).toEqual([3, 7, 5]);
    expect(lax.reduceWindow(x, 0, lax.add, [2], [2], 'same' as 'SAME').toArray()).toEqual([3, 7, 5]); // upper-cased, as JAX does
    expect(lax.reduceWindow(x, 0, lax.add, [2], [2], 'SAME_LOWER').toArray()).toEqual([1, 5, 9]);
    expect(lax.reduceWindow(x, 0, lax.add, [2], [2], 'VALID').toArray()).toEqual([3, 7]);
    expect(lax.reduceWindow(x, 0, lax.add, [3], [1], [[1, 1]], { windowDilation: [2] }).toArray()).toEqual([6, 9, 6]); // taps 2 apart
    expect(lax.reduceWindow(x, 0, lax.add, [2], [1], 'SAME', [1], [2]).toArray()).toEqual([2, 4, 6, 8, 4]); // dilated window 3: pads (1, 1)
    expect(lax.reduceWindow(x, 0, lax.add, [2], [1], 'SAME', [2]).toArray()).toEqual([1, 2, 2, 3, 3, 4, 4, 5, 5]); // pads (0, 1) from the undilated 5
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
