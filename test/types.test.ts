/**
 * Type-level tests of the public API: `tsc` (run by `npm test`) checks every `expectTypeOf` and that
 * every `// @ts-expect-error` line really is an error; vitest runs the file so the runtime behaviour
 * of the accepted forms is checked too.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { grad, jit, np, vmap, VmapError, type AxisSpec, type NDArray, type VmapOptions } from '../lib';
import type { Matrix } from 'mathjs';
import type { AxisSpecFor, InAxesFor, OutAxesFor } from '../lib';

const vv = (x: NDArray, y: NDArray) => np.vdot(x, y);
const foo = (d: { a: number; b: NDArray }, x: number) => np.add(np.add(d.a, d.b), x);
const pair = ([x, [y, z]]: [NDArray, [NDArray, NDArray]]) => np.dot(x, np.dot(y, z));
const many = (xs: NDArray[]) => np.stack(xs);
const both = (r: NDArray) => ({ s: np.sum(r), d: np.multiply(r, 2) });
const A = np.reshape(np.arange(6), [2, 3]);

// vmap(f) has f's parameters, where an NDArray may also be a mathjs Matrix (vmap wraps it)
type M = NDArray | Matrix;

describe('vmap keeps the function type', () => {
  it('parameters and result follow f', () => {
    const mv = vmap(vv, { inAxes: [0, null] });
    expectTypeOf(mv).toEqualTypeOf<(x: M, y: M) => NDArray>();
    expectTypeOf(mv).parameters.toEqualTypeOf<[x: M, y: M]>();
    expectTypeOf(mv).returns.toEqualTypeOf<NDArray>();
    expectTypeOf(vmap(foo, { inAxes: [{ a: null, b: 0 }, null] })).toEqualTypeOf<(d: { a: number; b: M }, x: number) => NDArray>();
    expectTypeOf(vmap(both)(A)).toEqualTypeOf<{ s: NDArray; d: NDArray }>();
    expect(mv(A, np.array([1, 2, 3])).toArray()).toEqual([8, 26]);
  });

  it('nesting and composition with jit and grad keep types', () => {
    const mm = vmap(vmap(vv, { inAxes: [0, null] }), { inAxes: [null, 1], outAxes: 1 });
    expectTypeOf(mm).toEqualTypeOf<(x: M, y: M) => NDArray>();
    const jitted = jit(vv);
    expectTypeOf(vmap(jitted)).toEqualTypeOf<typeof jitted>(); // vmap(jit(f)) is jitted: NDArrays only
    // grad's result takes unknown[]: any inAxes list is accepted (checked at call time)
    const loss = (w: NDArray, x: NDArray) => np.sum(np.square(np.subtract(np.dot(x, w), 1)));
    const g = vmap(grad(loss), { inAxes: [null, 0] });
    expect(g(np.ones(3), A).shape).toEqual([2, 3]);
  });
});

describe('inAxes is checked against the parameters', () => {
  it('a number or null applies to every argument', () => {
    vmap(vv, { inAxes: 0 });
    vmap(vv, { inAxes: -1 });
    vmap(vv, { inAxes: null, axisSize: 2 });
    vmap(foo, { inAxes: 0 });
  });

  it('a list needs one entry per parameter', () => {
    vmap(vv, { inAxes: [0, 1] });
    vmap(vv, { inAxes: [0, null] as const });
    // @ts-expect-error -- vv takes two arguments
    vmap(vv, { inAxes: [0] });
    // @ts-expect-error -- vv takes two arguments
    vmap(vv, { inAxes: [0, 0, 0] });
    const id = (r: NDArray) => r;
    // @ts-expect-error -- id takes one argument
    vmap(id, { inAxes: [0, 0] });
  });

  it('optional and rest parameters', () => {
    const opt = (x: NDArray, y?: NDArray) => (y ? np.add(x, y) : x);
    vmap(opt, { inAxes: [0] });
    vmap(opt, { inAxes: [0, 1] });
    // @ts-expect-error -- at most two arguments
    vmap(opt, { inAxes: [0, 1, 2] });
    const rest = (...xs: NDArray[]) => np.stack(xs);
    vmap(rest, { inAxes: [0, 1, null, 0] });
    const headRest = (k: number, ...xs: NDArray[]) => np.multiply(np.stack(xs), k);
    vmap(headRest, { inAxes: [null, 0, 0] });
    // @ts-expect-error -- k is a number: a leaf takes a number or null, not a list
    vmap(headRest, { inAxes: [[0], 0, 0] });
  });

  it('object prefixes must name exactly the keys of the parameter', () => {
    vmap(foo, { inAxes: [{ a: null, b: 0 }, null] });
    vmap(foo, { inAxes: [0, null] });
    // @ts-expect-error -- c is not a key of foo's first parameter
    vmap(foo, { inAxes: [{ a: null, c: 0 }, null] });
    // @ts-expect-error -- b is missing
    vmap(foo, { inAxes: [{ a: null }, null] });
    // @ts-expect-error -- an extra key
    vmap(foo, { inAxes: [{ a: null, b: 0, c: 1 }, null] });
    // @ts-expect-error -- x is a number, not an object
    vmap(foo, { inAxes: [0, { a: 0 }] });
    // @ts-expect-error -- a list where the parameter is an object
    vmap(foo, { inAxes: [[0, 0], null] });
  });

  it('tuple and array prefixes follow the parameter', () => {
    vmap(pair, { inAxes: [[0, [1, 2]]] });
    vmap(pair, { inAxes: [[0, null]] });
    // @ts-expect-error -- the inner pair has two elements
    vmap(pair, { inAxes: [[0, [1]]] });
    // @ts-expect-error -- the outer tuple has two elements
    vmap(pair, { inAxes: [[0, [1, 2], 3]] });
    vmap(many, { inAxes: [[0, 1, null]] }); // an array parameter: any length (checked at call time)
    vmap(many, { inAxes: [[]] });
    // @ts-expect-error -- NDArray elements are leaves
    vmap(many, { inAxes: [[[0]]] });
    // @ts-expect-error -- an NDArray is a leaf: a number or null, not a list
    vmap((a: NDArray) => a, { inAxes: [[0]] });
  });

  it('leaves must be numbers or null, and the top level a number, null or a list', () => {
    // @ts-expect-error -- a string leaf
    expect(() => vmap(vv, { inAxes: ['0', 0] })).toThrow(VmapError);
    // @ts-expect-error -- a boolean
    expect(() => vmap(vv, { inAxes: true })).toThrow(VmapError);
    // @ts-expect-error -- the top-level inAxes cannot be an object (JAX: int, None or tuple)
    expect(() => vmap(foo, { inAxes: { a: 0 } })).toThrow(VmapError);
  });

  it('specs that are not statically known are accepted (and checked at call time)', () => {
    const opts: VmapOptions = { inAxes: [0, null] };
    expect(vmap(vv, opts)(A, np.array([1, 2, 3])).toArray()).toEqual([8, 26]);
    const specOf = (mapped: boolean): AxisSpec => (mapped ? 0 : null);
    vmap(vv, { inAxes: specOf(true) });
    vmap(foo, { inAxes: [specOf(true), null] });
    const list: (number | null)[] = [0, null];
    vmap(vv, { inAxes: list });
    const anyFn = (...args: any[]) => args[0];
    vmap(anyFn, { inAxes: [0, { deep: [1, null] }, null] });
  });
});

describe('outAxes is checked against the result', () => {
  it('tree prefixes of the result', () => {
    vmap(both, { outAxes: { s: 0, d: 1 } });
    vmap(both, { outAxes: 0 });
    // @ts-expect-error -- x is not a key of the result
    vmap(both, { outAxes: { s: 0, x: 1 } });
    // @ts-expect-error -- the result is an NDArray
    vmap(vv, { outAxes: [0] });
    const two = (x: NDArray, y: number) => [np.add(x, y), np.multiply(y, 2)] as const;
    vmap(two, { inAxes: [0, null], outAxes: [0, null] });
    // @ts-expect-error -- the result has two entries
    vmap(two, { inAxes: [0, null], outAxes: [0, null, 1] });
    const arr = (r: NDArray) => [r, r];
    vmap(arr, { outAxes: [0, null, 1] }); // NDArray[]: any length
  });
});

describe('the other options', () => {
  it('axisSize is a number, unknown keys are errors', () => {
    vmap(vv, { axisSize: 2, axisName: 'i', spmdAxisName: 'd' });
    // @ts-expect-error -- axisSize is a number
    expect(() => vmap(vv, { axisSize: '2' })).toThrow(VmapError);
    // @ts-expect-error -- a misspelt option
    vmap(vv, { inAxes: 0, outAxis: 1 });
  });
});

describe('the spec types', () => {
  it('compute the accepted specs', () => {
    expectTypeOf<AxisSpecFor<NDArray>>().toEqualTypeOf<number | null>();
    expectTypeOf<AxisSpecFor<[NDArray, NDArray[]]>>().toEqualTypeOf<
      number | null | readonly [number | null, number | null | readonly (number | null)[]]
    >();
    expectTypeOf<InAxesFor<[NDArray, NDArray], readonly [0, 0]>>().toEqualTypeOf<readonly [number | null, number | null]>();
    expectTypeOf<{ s: 0 }>().toExtend<OutAxesFor<{ s: NDArray }, { s: 0 }>>();
    expectTypeOf<{ s: 0; t: 1 }>().not.toExtend<OutAxesFor<{ s: NDArray }, { s: 0; t: 1 }>>();
    expectTypeOf<AxisSpecFor<unknown>>().toEqualTypeOf<AxisSpec>();
    expectTypeOf<AxisSpecFor<NDArray, AxisSpec>>().toEqualTypeOf<AxisSpec>();
  });
});
