/**
 * np arithmetic on bools. Known answers from numpy's ufunc loop tables
 * (numpy/_core/code_generators/generate_umath.py: add has a '?' loop aliased to logical_or, multiply
 * to logical_and, absolute keeps '?', subtract and negative reject bools in their type resolvers;
 * square, power, remainder, fmod and floor_divide have no '?' loop, so bools go to the smallest int)
 * and from jnp (jax/_src/numpy/ufuncs.py: add/multiply use bitwise_or/and on bools; square, power,
 * remainder, fmod, floor_divide promote bools to the default int, int32 here; lax.sub/neg reject bools).
 */
import { describe, expect, it } from 'vitest';
import { jit, np, vmap } from '../lib';

const t = np.array([true, false, true, false]);
const u = np.array([true, true, false, false]);

describe('bool arithmetic follows numpy/jnp', () => {
  it('square of bools is int32 x (x*x with x in {0, 1}); failed before: "mul does not accept dtype bool"', () => {
    const s = np.square(t);
    expect(s.dtype).toBe('int32');
    expect(s.toArray()).toEqual([1, 0, 1, 0]);
  });
  it('add is logical or and multiply logical and, staying bool (scalars and broadcasting too)', () => {
    expect(np.add(t, u).dtype).toBe('bool');
    expect(np.add(t, u).toArray()).toEqual([true, true, true, false]);
    expect(np.multiply(t, u).dtype).toBe('bool');
    expect(np.multiply(t, u).toArray()).toEqual([true, false, false, false]);
    expect(np.multiply(t, true).toArray()).toEqual([true, false, true, false]);
    expect(np.add(t, false).toArray()).toEqual([true, false, true, false]);
    expect(np.multiply(np.array([[true], [false]]), u).toArray()).toEqual([
      [true, true, false, false],
      [false, false, false, false],
    ]);
    // a bool with an int is int arithmetic: [1, 0, 1, 0] + 2
    expect(np.add(t, 2).toArray()).toEqual([3, 2, 3, 2]);
  });
  it('subtract and negative of bools are errors naming the function and shapes', () => {
    expect(() => np.subtract(t, u)).toThrow(/np\.subtract: numpy's boolean subtract is not supported \(bool operands of shapes \(4,\) and \(4,\)\); use np\.logicalXor/);
    expect(() => np.negative(t)).toThrow(/np\.negative: numpy's boolean negative is not supported \(bool operands of shapes \(4,\)\)/);
    // with a number they are int arithmetic: [1, 0, 1, 0] - 1
    expect(np.subtract(t, 1).toArray()).toEqual([0, -1, 0, -1]);
  });
  it('abs keeps bools', () => {
    expect(np.abs(t).dtype).toBe('bool');
    expect(np.abs(t).toArray()).toEqual([true, false, true, false]);
  });
  it('power, remainder, fmod and floorDivide of bools are int32', () => {
    // t ** u = [1^1, 0^1, 1^0, 0^0] = [1, 0, 1, 1]
    expect(np.power(t, u).dtype).toBe('int32');
    expect(np.power(t, u).toArray()).toEqual([1, 0, 1, 1]);
    // divisor true (1): x % 1 = 0, x // 1 = x
    expect(np.remainder(t, true).toArray()).toEqual([0, 0, 0, 0]);
    expect(np.fmod(t, true).toArray()).toEqual([0, 0, 0, 0]);
    expect(np.floorDivide(t, true).toArray()).toEqual([1, 0, 1, 0]);
    expect(np.floorDivide(t, true).dtype).toBe('int32');
  });
  it('under jit and vmap', () => {
    expect(jit(np.add)(t, u).toArray()).toEqual([true, true, true, false]);
    expect(vmap((a, b) => np.multiply(a, b))(t, u).toArray()).toEqual([true, false, false, false]);
    expect(vmap((a) => np.square(a))(t).toArray()).toEqual([1, 0, 1, 0]);
  });
});
