/** The data-last forms in lib/fp.ts: they are the plain transforms, compose with pipe/flow, and keep types. */
import { flow, pipe } from 'fp-ts/function';
import * as O from 'fp-ts/Option';
import type { Matrix } from 'mathjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  grad,
  gradWith,
  hessianWith,
  jacfwdWith,
  jacrevWith,
  jitWith,
  jvpAt,
  np,
  tree,
  valueAndGradWith,
  vjpAt,
  vmap,
  vmapWith,
  type NDArray,
} from '../lib';

const loss = (w: NDArray, x: NDArray, y: NDArray) => np.square(np.subtract(np.dot(x, w), y));
const w = np.array([0.5, -1, 2]);
const xs = np.reshape(np.arange(12), [4, 3]);
const ys = np.array([1, 0, 2, 1]);
const vv = (x: NDArray, y: NDArray) => np.vdot(x, y);
type M = NDArray | Matrix;

describe('pipe and flow', () => {
  it('pipe(loss, gradWith(), vmapWith(...)) is vmap(grad(loss), ...)', () => {
    const perExample = pipe(loss, gradWith(), vmapWith({ inAxes: [null, 0, 0] }));
    expectTypeOf(perExample).toEqualTypeOf<(w: M, x: M, y: M) => NDArray>(); // vmap also takes mathjs matrices
    const direct = vmap(grad(loss), { inAxes: [null, 0, 0] })(w, xs, ys);
    expect(perExample(w, xs, ys).toArray()).toEqual(direct.toArray());
    expect(perExample(w, xs, ys).shape).toEqual([4, 3]);
  });

  it('flow builds the same transform without the function', () => {
    const perExampleGrads = flow(gradWith(), vmapWith({ inAxes: [null, 0, 0] }), jitWith());
    const g = perExampleGrads(loss);
    expect(g(w, xs, ys).toArray()).toEqual(vmap(grad(loss), { inAxes: [null, 0, 0] })(w, xs, ys).toArray());
    g(w, xs, ys);
    expect(g.cacheSize).toBe(1);
  });

  it('matmul from vdot, as in the jax.vmap docstring', () => {
    const mm = pipe(vv, vmapWith({ inAxes: [0, null] }), vmapWith({ inAxes: [null, 1], outAxes: 1 }));
    expectTypeOf(mm).toEqualTypeOf<(x: M, y: M) => NDArray>();
    const A = np.reshape(np.arange(6), [2, 3]),
      B = np.reshape(np.arange(12), [3, 4]);
    expect(mm(A, B).toArray()).toEqual(np.matmul(A, B).toArray());
  });

  it('options that do not fit make the result uncallable (a compile error naming the problem)', () => {
    const wrong = pipe(loss, gradWith(), vmapWith({ inAxes: [null, 0] })); // loss takes three arguments
    expectTypeOf<(typeof wrong)['accepts']['inAxes']>().toExtend<number | null | readonly [unknown, unknown, unknown] | undefined>();
    // @ts-expect-error -- Argument of type 'NDArray' is not assignable to parameter of type '"vmapWith: inAxes/outAxes do not fit the function (see .accepts)"'
    expect(() => wrong(w, xs, ys)).toThrow(/len\(inAxes\)=2, len\(args\)=3/);
    const jitted = pipe(vv, vmapWith({ inAxes: [{ a: 0 }, null] }), jitWith()); // vv's arguments are arrays, not objects
    // @ts-expect-error -- still uncallable after further transforms
    expect(() => jitted(np.ones([2, 3]), np.ones(3))).toThrow();
    const later = flow(gradWith(), vmapWith({ inAxes: [null, 0] }))(loss);
    // @ts-expect-error -- also inside flow, once the function is known
    expect(() => later(w, xs, ys)).toThrow();
    // @ts-expect-error -- a misspelt option
    vmapWith({ inAxis: 0 });
    // @ts-expect-error -- argnums, not argnum
    gradWith({ argnum: 1 });
    const fits = vmapWith({ inAxes: [0, null] });
    expectTypeOf(fits(vv)).toEqualTypeOf<(x: M, y: M) => NDArray>();
    expect(fits(vv)(np.ones([2, 3]), np.ones(3)).toArray()).toEqual([3, 3]);
  });
});

describe('the data-last transforms equal the plain ones', () => {
  it('gradWith: argnums and hasAux shape the result type', () => {
    const f = (a: NDArray, b: { s: number; t: NDArray }) => np.sum(np.multiply(np.multiply(a, b.s), b.t));
    const a = np.array([1, 2]),
      b = { s: 3, t: np.array([4, 5]) };
    const g0 = gradWith()(f);
    expectTypeOf(g0).returns.toEqualTypeOf<NDArray>();
    expect(g0(a, b).toArray()).toEqual([12, 15]);
    const g1 = gradWith({ argnums: 1 })(f);
    expectTypeOf(g1).returns.toEqualTypeOf<{ s: NDArray; t: NDArray }>();
    expect(g1(a, b).s.item()).toBe(14);
    const g01 = gradWith({ argnums: [0, 1] })(f);
    expectTypeOf(g01).returns.toEqualTypeOf<[NDArray, { s: NDArray; t: NDArray }]>();
    expect(g01(a, b)[1].t.toArray()).toEqual([3, 6]);
    const withAux = (x: NDArray) => [np.sum(np.square(x)), { peak: np.max(x) }] as const;
    const ga = gradWith({ hasAux: true })(withAux);
    expectTypeOf(ga).returns.toEqualTypeOf<[NDArray, { readonly peak: NDArray }]>();
    expect(ga(a)[0].toArray()).toEqual([2, 4]);
    expect(ga(a)[1].peak.item()).toBe(2);
  });

  it('valueAndGradWith, jitWith', () => {
    const f = (x: NDArray) => np.sum(np.square(x));
    const [v, g] = valueAndGradWith()(f)(np.array([1, 2]));
    expectTypeOf(g).toEqualTypeOf<NDArray>();
    expect(v.item()).toBe(5);
    expect(g.toArray()).toEqual([2, 4]);
    const jf = jitWith()(f);
    expectTypeOf(jf).parameters.toEqualTypeOf<[x: NDArray]>();
    expect(jf(np.array([3])).item()).toBe(9);
    expect(jf.cacheSize).toBe(1);
  });

  it('jacfwdWith, jacrevWith, hessianWith', () => {
    const sq = (x: NDArray) => np.square(x);
    const x = np.array([1, 2]);
    expect(jacfwdWith()(sq)(x).toArray()).toEqual([
      [2, 0],
      [0, 4],
    ]);
    expect(jacrevWith()(sq)(x).toArray()).toEqual([
      [2, 0],
      [0, 4],
    ]);
    const cube = (v: NDArray) => np.sum(np.power(v, 3));
    expectTypeOf(hessianWith()(cube)).returns.toEqualTypeOf<NDArray>();
    expect(hessianWith()(cube)(x).toArray()).toEqual([
      [6, 0],
      [0, 12],
    ]);
  });

  it('jvpAt and vjpAt', () => {
    const f = (x: NDArray) => np.sin(x);
    const [y, t] = pipe(f, jvpAt([np.array(0)], [np.array(1)]));
    expect(y.item()).toBe(0);
    expect((t as NDArray).item()).toBe(1);
    const [out, pull] = pipe((a: NDArray, b: NDArray) => np.multiply(a, b), vjpAt(np.array(2), np.array(3)));
    expect(out.item()).toBe(6);
    const [da, db] = pull(np.array(1));
    expect([da.item(), db.item()]).toEqual([3, 2]);
  });
});

describe('pytree type classes in a pipe', () => {
  it('mapLeaves, reduceLeaves and Traversable over Option', () => {
    const params = { w: np.array([1, 2]), b: np.array(3) };
    const doubled = pipe(
      params,
      tree.mapLeaves((x: NDArray) => np.multiply(x, 2)),
    );
    const total = pipe(
      doubled,
      tree.reduceLeaves(0, (s, x: NDArray) => s + Number(np.sum(x).item())),
    );
    expect(total).toBe(12);
    const checked = tree.Traversable.traverse(O.Applicative)(params, (x: NDArray) => (np.all(np.isfinite(x)).item() ? O.some(x) : O.none));
    expect(O.isSome(checked)).toBe(true);
  });
});
