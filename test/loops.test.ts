/**
 * Large eager elementwise ops run as generated loops (split over threads when costly); small ones
 * run the plain kernels. Both must give the same bits for every inline primitive and dtype.
 */
import { describe, expect, it } from 'vitest';
import { np } from '../lib';
import type { DType } from '../lib/array/dtype';
import { INLINE, loopable } from '../lib/array/loops';
import { bind, type NDArray } from '../lib/array/ndarray';
import type { Primitive } from '../lib/array/primitives';

const N = 5000; // a loop (>= 2048); the reference slices of 500 take the plain kernels
const specials = [NaN, Infinity, -Infinity, -0, 0, 5e-324, 1.7e308, -2147483648, 2147483647, 0.5, -1.5];
const values = (seed: number): number[] =>
  Array.from({ length: N }, (_, i) => (i % 13 === 0 ? specials[(i / 13) % specials.length]! : Math.sin(i * 0.61 + seed) * 10 ** ((i % 7) - 2)));
const UNARY = new Set(['neg', 'exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'sqrt', 'log1p', 'expm1']);
const BINARY = ['add', 'sub', 'mul', 'div', 'max', 'min', 'atan2'];

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
  for (const dt of ['float32', 'float64', 'int32'] as const) {
    for (const prim of [...UNARY, ...BINARY].filter((p) => INLINE[p] && loopable(p, dt, N))) {
      if (dt === 'int32' && ['exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'sqrt', 'log1p', 'expm1', 'atan2'].includes(prim)) continue;
      it(`${prim} ${dt}`, () => {
        const x = np.array(values(1), dt), y = np.array(values(2), dt);
        const forms: (NDArray | number)[][] = UNARY.has(prim) ? [[x]] : [[x, y], [x, -0.75], [3.25, y], [x, x]];
        for (const ops of forms) {
          const [whole, parts] = both(prim as Primitive, ops, dt);
          expect(whole.length).toBe(N);
          for (let i = 0; i < N; i++) if (!Object.is(whole[i], parts[i])) throw new Error(`${prim} ${dt} element ${i}: loop ${whole[i]}, kernel ${parts[i]}`);
        }
      });
    }
  }
  it('covers the ops it claims to', () => {
    expect(loopable('add', 'int32', N)).toBe(true);
    expect(loopable('mul', 'int32', N)).toBe(false); // Math.imul: the plain kernel
    expect(loopable('tanh', 'float32', N)).toBe(true);
    expect(loopable('tanh', 'float32', 100)).toBe(false);
  });
});
