/**
 * Types that used to force casts (issue 16, point 2): `tree.map` keeps the tree's shape,
 * `toNumber()` is a number, and a mathjs Matrix may be passed straight to a vmapped function.
 * `tsc` (run by `npm test`) checks every `expectTypeOf` and `@ts-expect-error`; vitest runs the rest.
 */
import { pipe } from 'fp-ts/function';
import * as math from 'mathjs';
import type { Matrix } from 'mathjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { isNDArray } from '../lib/array/ndarray';
import { np, tree, vmap, vmapWith, type NDArray } from '../lib';
import type { TreeMap } from '../lib/pytree';

const A = np.reshape(np.arange(6), [2, 3]);

describe('tree.map returns the input tree with its leaves mapped', () => {
  it('objects keep their keys, tuples their length, null stays', () => {
    const params = { w: A, layers: [A, 2] as [NDArray, number], bias: null };
    const ranks = tree.map((x: NDArray | number) => (typeof x === 'number' ? 0 : x.ndim), params);
    expectTypeOf(ranks).toEqualTypeOf<{ w: number; layers: [number, number]; bias: null }>();
    expect(ranks).toEqual({ w: 2, layers: [2, 0], bias: null });
    expect(ranks.layers[0] + 1).toBe(3); // arithmetic on a leaf, no cast
  });

  it('with extra trees, mapWithPath and mapLeaves', () => {
    const p = { w: A, b: np.ones(3) };
    const stepped = tree.map((w: NDArray, g: NDArray) => np.subtract(w, g), p, p);
    expectTypeOf(stepped).toEqualTypeOf<{ w: NDArray; b: NDArray }>();
    expect(stepped.w.shape).toEqual([2, 3]);
    const named = tree.mapWithPath((path) => tree.keystr(path), p);
    expectTypeOf(named).toEqualTypeOf<{ w: string; b: string }>();
    expect(named).toEqual({ w: '.w', b: '.b' });
    const shapes = pipe(
      p,
      tree.mapLeaves((x: NDArray) => x.shape),
    );
    expectTypeOf(shapes).toEqualTypeOf<{ w: readonly number[]; b: readonly number[] }>();
    expect(shapes.b).toEqual([3]);
  });

  it('the type-level map', () => {
    expectTypeOf<TreeMap<readonly [NDArray, { a?: NDArray }], 1>>().toEqualTypeOf<readonly [1, { a?: 1 }]>();
    expectTypeOf<TreeMap<NDArray[] | undefined, string>>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<TreeMap<unknown, string>>().toEqualTypeOf<unknown>();
    expectTypeOf<TreeMap<(x: number) => number, string>>().toEqualTypeOf<string>(); // functions are leaves
  });
});

describe('toNumber: the single element, typed as a number', () => {
  it('arithmetic without a cast; item() stays number | boolean', () => {
    const total = np.sum(A);
    expectTypeOf(total.toNumber()).toEqualTypeOf<number>();
    expect(total.toNumber() * 2).toBe(30);
    expect(np.array(true).toNumber()).toBe(1);
    expect(() => A.toNumber()).toThrow(/item\(\) needs an array of size 1, got shape \(2, 3\)/);
    expectTypeOf(total.item()).toEqualTypeOf<number | boolean>();
    // @ts-expect-error -- item() may be a boolean (the dtype is not in the type): use toNumber()
    expect(total.item() * 2).toBe(30);
  });
});

describe('a mathjs Matrix is accepted where a vmapped function takes an NDArray', () => {
  const vv = (x: NDArray, y: NDArray) => np.vdot(x, y);
  const m = math.matrix([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it('mapped and unmapped, without casts; f sees NDArrays', () => {
    expect(vmap(vv, { inAxes: [0, null] })(m, math.matrix([1, 1, 1])).toArray()).toEqual([6, 15]);
    const seen: boolean[] = [];
    const f = (x: NDArray, w: NDArray) => (seen.push(isNDArray(x), isNDArray(w)), np.add(x, np.sum(w)));
    expect(vmap(f, { inAxes: [0, null] })(np.arange(2), m).toArray()).toEqual([21, 22]);
    expect(seen).toEqual([true, true]);
    const g = (d: { a: number; b: NDArray }) => np.multiply(d.b, d.a);
    expect(vmap(g, { inAxes: [{ a: null, b: 1 }] })({ a: 2, b: m }).toArray()).toEqual([
      [2, 8],
      [4, 10],
      [6, 12],
    ]);
    expect(pipe(vv, vmapWith({ inAxes: [0, 0] }))(m, m).toArray()).toEqual([14, 77]);
  });

  it('only where an NDArray is taken', () => {
    const scale = (x: NDArray, k: number) => np.multiply(x, k);
    expectTypeOf(vmap(scale, { inAxes: [0, null] })).parameters.toEqualTypeOf<[x: NDArray | Matrix, k: number]>();
    // @ts-expect-error -- a string is not an array
    expect(() => vmap(vv)('ab', m)).toThrow();
  });
});
