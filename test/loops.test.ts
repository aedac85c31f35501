/**
 * Large eager elementwise ops run as generated loops (split over threads when costly); small ones
 * run the plain kernels. Both must give the same bits for every inline primitive and dtype.
 */
import { describe, expect, it } from 'vitest';
import { lax, np } from '../lib';
import type { DType } from '../lib/array/dtype';
import { INLINE, loopable } from '../lib/array/loops';
import { bind, type NDArray } from '../lib/array/ndarray';
import type { Primitive } from '../lib/array/primitives';

const N = 5000; // a loop (>= 2048); the reference slices of 500 take the plain kernels
const specials = [NaN, Infinity, -Infinity, -0, 0, 5e-324, 1.7e308, -2147483648, 2147483647, 0.5, -1.5, 1, -1];
const values = (seed: number): number[] =>
  Array.from({ length: N }, (_, i) => (i % 13 === 0 ? specials[(i / 13) % specials.length]! : Math.sin(i * 0.61 + seed) * 10 ** ((i % 7) - 2)));
const UNARY = new Set([
  'neg', 'not', 'exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'sqrt', 'rsqrt', 'log1p', 'expm1', 'logistic', 'abs', 'sign', 'floor', 'ceil',
  'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'erf', 'erfc', 'erf_inv', 'lgamma', 'digamma', 'is_finite',
]);
const BINARY = [
  'add', 'sub', 'mul', 'div', 'rem', 'pow', 'max', 'min', 'atan2', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'and', 'or', 'xor', 'nextafter',
  'shift_left', 'shift_right_logical', 'shift_right_arithmetic',
];
/** Whether the primitive takes this dtype (its shape rule says). */
const accepts = (prim: Primitive, dt: DType): boolean => {
  try {
    bind(prim, (UNARY.has(prim) ? [0] : [0, 0]).map(() => np.zeros([2], dt)), {});
    return true;
  } catch {
    return false;
  }
};

/** The op over the whole array (loop) and over slices of 500 concatenated (plain kernels). */
function both(prim: Primitive, operands: (NDArray | number)[], dt: DType): [ArrayLike<number>, number[]] {
  const arr = (o: NDArray | number) => (typeof o === 'number' ? np.broadcastTo(np.array(o, dt), [N]) : o);
  const whole = bind(prim, operands.map(arr), {}).data();
  const parts: number[] = [];
  for (let s = 0; s < N; s += 500) {
    const slice = (o: NDArray | number) => (typeof o === 'number' ? np.broadcastTo(np.array(o, dt), [500]) : np.array(o.data().slice(s, s + 500), dt));
    parts.push(...bind(prim, operands.map(slice), {}).data());
  }
  return [whole, parts];
}

describe('generated eager loops == plain kernels, bit for bit', () => {
  for (const dt of ['float32', 'float64', 'int32', 'bool'] as const) {
    for (const prim of [...UNARY, ...BINARY].filter((p) => accepts(p as Primitive, dt))) {
      it(`${prim} ${dt}`, () => {
        expect(loopable(prim, dt, N)).toBe(true);
        const x = np.array(values(1), dt), y = np.array(values(2), dt);
        const forms: (NDArray | number)[][] = UNARY.has(prim) ? [[x]] : [[x, y], [x, -0.75], [3.25, y], [x, x], [x, 0]];
        for (const ops of forms) {
          const [whole, parts] = both(prim as Primitive, ops, dt);
          expect(whole.length).toBe(N);
          for (let i = 0; i < N; i++) if (!Object.is(whole[i], parts[i])) throw new Error(`${prim} ${dt} element ${i}: loop ${whole[i]}, kernel ${parts[i]}`);
        }
      });
    }
  }
  it('a broadcast block operand (x + bias) is read in place and gives the bits of its materialised copy', () => {
    const xs = values(3), ys = values(4);
    const copy = (v: NDArray) => np.reshape(np.array(Array.from(v.data()), v.dtype), v.shape);
    for (const dt of ['float32', 'float64', 'int32'] as const) {
      const x = np.reshape(np.array(xs, dt), [10, 500]), row = np.array(ys.slice(0, 500), dt);
      const x3 = np.reshape(np.array(xs, dt), [5, 2, 500]), blk = np.reshape(np.array(ys.slice(0, 1000), dt), [2, 500]);
      const cases: [string, NDArray, NDArray][] = [
        ['x + row', x, np.broadcastTo(row, [10, 500])],
        ['row + x', np.broadcastTo(row, [10, 500]), x],
        ['x3 + block', x3, np.broadcastTo(blk, [5, 2, 500])],
        ['blocks of two lengths', np.broadcastTo(blk, [5, 2, 500]), np.broadcastTo(row, [5, 2, 500])],
        ['a sliced row', x, np.broadcastTo(lax.slice(np.array(ys, dt), [7], [507]), [10, 500])],
      ];
      for (const prim of ['add', 'sub', 'mul', 'div', 'max', 'atan2', 'lt'] as const) { // atan2 is costly: materialised
        if (dt === 'int32' && prim === 'atan2') continue;
        for (const [name, a, b] of cases) {
          const got = bind(prim, [a, b]).data(), want = bind(prim, [copy(a), copy(b)]).data();
          expect(got.length).toBe(want.length);
          for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) throw new Error(`${prim} ${dt} ${name} element ${i}: ${got[i]} vs ${want[i]}`);
        }
      }
    }
  });

  it('covers every inline op, and only large arrays', () => {
    expect(Object.keys(INLINE).sort()).toEqual([...UNARY, ...BINARY, 'select'].sort());
    expect(loopable('tanh', 'float32', N)).toBe(true);
    expect(loopable('tanh', 'float32', 100)).toBe(false);
    expect(loopable('round', 'float32', N)).toBe(false); // its kernel reads params
  });
});
