/**
 * Control flow, eagerly: known answers for cond, switch, whileLoop, foriLoop, scan and map (pytree
 * operands, carries and outputs; empty loops; reverse; xs null; batchSize remainders; index
 * clamping), every misuse the API rejects (the message names the path and both types, and nothing
 * is evaluated), and a whileLoop of 10^6 iterations that makes no per-iteration graph nodes.
 * (Transforms of control flow: ./control-transforms.test.ts; laws: properties/control.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { grad, GradError, inspect, jit, lax, np, TracerValueError, vmap, type NDArray } from '../lib';
import { allocationStats } from '../lib/array/dtype';
import { nextNodeId } from '../lib/array/ndarray';
import { ControlFlowError } from '../lib/transforms/control/api';

const v = (x: NDArray) => x.toArray();
type Pair = [NDArray, NDArray];

describe('scan', () => {
  const cumsum = (c: NDArray, x: NDArray): Pair => [np.add(c, x), c];

  it('carries and stacks: [final carry, ys]', () => {
    const [c, ys] = lax.scan(cumsum, np.array(0), np.arange(4));
    expect(v(c)).toBe(6);
    expect(v(ys)).toEqual([0, 0, 1, 3]);
  });

  it('reverse: runs from the end, ys stay at their own index', () => {
    const [c, ys] = lax.scan(cumsum, np.array(0), np.arange(4), { reverse: true });
    expect(v(c)).toBe(6);
    expect(v(ys)).toEqual([6, 5, 3, 0]);
  });

  it('xs null with length', () => {
    const [c, ys] = lax.scan((c: NDArray, x: null): Pair => (expect(x).toBeNull(), [np.multiply(c, 2), c]), np.array(1), null, { length: 3 });
    expect(v(c)).toBe(8);
    expect(v(ys)).toEqual([1, 2, 4]);
  });

  it('length 0: the carry comes back, ys have a leading 0', () => {
    const [c, ys] = lax.scan((c: NDArray, x: NDArray): Pair => [np.add(c, np.sum(x)), np.multiply(x, 2)], np.array(5), np.zeros([0, 2]));
    expect(v(c)).toBe(5);
    expect(ys.shape).toEqual([0, 2]);
  });

  it('pytree carry, xs and ys (nested objects and arrays)', () => {
    type C = { a: NDArray; b: [NDArray, NDArray] };
    const [c, ys] = lax.scan(
      (c: C, x: { u: NDArray }) => [{ a: np.add(c.a, x.u), b: [np.multiply(c.b[0], 2), c.b[1]] }, { s: np.sum(x.u), l: [c.a] }] as [C, { s: NDArray; l: [NDArray] }],
      { a: np.zeros([2]), b: [np.array(1), np.array(3, 'int32')] } as C,
      { u: np.reshape(np.arange(6), [3, 2]) },
    );
    expect(v(c.a)).toEqual([6, 9]);
    expect(v(c.b[0])).toBe(8);
    expect(c.b[1].dtype).toBe('int32');
    expect(v(ys.s)).toEqual([1, 5, 9]);
    expect(v(ys.l[0])).toEqual([
      [0, 0],
      [0, 1],
      [2, 4],
    ]);
  });

  it('a weakly typed carry (a JS number) takes the dtype the body gives it', () => {
    const weakZero = 0 as unknown as NDArray; // a JS number, as JAX takes a Python scalar
    const [c] = lax.scan((c: NDArray, x: NDArray): Pair => [np.add(c, x), c], weakZero, np.array([0.1, 0.2], 'float32'));
    expect(c.dtype).toBe('float32');
    expect(v(c)).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  });
});

describe('whileLoop and foriLoop', () => {
  it('whileLoop runs until the predicate is false, 0 times when it starts false', () => {
    const body = (x: NDArray) => np.add(x, 3);
    expect(v(lax.whileLoop((x: NDArray) => np.less(x, 10), body, np.array(0)))).toBe(12);
    expect(v(lax.whileLoop((x: NDArray) => np.less(x, 0), body, np.array(5)))).toBe(5);
  });

  it('whileLoop with a pytree carry holding a bool', () => {
    const [done, x] = lax.whileLoop(
      ([d]: Pair) => np.logicalNot(d),
      ([, x]: Pair): Pair => [np.greater(x, 5), np.multiply(x, 2)],
      [np.array(false), np.array(1)] as Pair,
    );
    expect([v(done), v(x)]).toEqual([true, 16]);
  });

  it('foriLoop with static bounds (a scan), empty when lower >= upper', () => {
    const body = (i: NDArray, x: NDArray) => np.add(np.multiply(x, 2), i);
    expect(v(lax.foriLoop(0, 4, body, np.array(1)))).toBe(((1 * 2 + 0) * 2 + 1) * 2 * 2 + 2 * 2 + 3); // 27
    expect(v(lax.foriLoop(5, 2, body, np.array(1)))).toBe(1);
    expect(v(lax.foriLoop(2, 2, body, np.array(1)))).toBe(1);
    // i is an int32 scalar counting from lower
    expect(v(lax.foriLoop(-2, 2, (i: NDArray, acc: NDArray) => np.add(acc, np.multiply(i, 10)), np.array(0, 'int32')))).toBe(-20);
  });

  it('foriLoop with int32 array bounds: concrete ones give the same answer; traced ones run a while loop', () => {
    const sum = (lo: NDArray, hi: NDArray) => lax.foriLoop(lo, hi, (i: NDArray, acc: NDArray) => np.add(acc, i), np.array(0, 'int32'));
    expect(v(sum(np.array(1, 'int32'), np.array(5, 'int32')))).toBe(10);
    expect(v(jit(sum)(np.array(1, 'int32'), np.array(5, 'int32')))).toBe(10);
    expect(v(jit(sum)(np.array(5, 'int32'), np.array(1, 'int32')))).toBe(0);
    expect(v(vmap(sum)(np.array([0, 3, 4], 'int32'), np.array([4, 5, 2], 'int32')))).toEqual([6, 7, 0]);
    // traced bounds are a while loop, JS bounds a scan (of length upper - lower)
    const [lo, hi] = [np.array(1, 'int32'), np.array(5, 'int32')];
    expect(inspect(sum)(lo, hi)).toMatch(/= while\[/);
    expect(inspect(sum)(lo, hi)).not.toMatch(/= scan\[/);
    const fixed = inspect((x: NDArray) => lax.foriLoop(1, 5, (i: NDArray, acc: NDArray) => np.add(acc, i), x))(np.array(0, 'int32'));
    expect(fixed).toMatch(/= scan\[.* length=4 reverse=false/s);
    expect(fixed).not.toMatch(/= while\[/);
  });

  it('a whileLoop of 10^6 iterations runs natively: no graph node per iteration', () => {
    const loop = (n: number) => {
      const start = nextNodeId();
      const [i, s] = lax.whileLoop(
        ([i]: Pair) => np.less(i, n),
        ([i, s]: Pair): Pair => [np.add(i, 1), np.add(s, np.multiply(i, 2))],
        [np.array(0, 'int32'), np.array(0)] as Pair,
      );
      const built = nextNodeId() - start;
      const values = [v(i), v(s)];
      return { built, duringRun: nextNodeId() - start - built, values };
    };
    const small = loop(10);
    const big = loop(1e6);
    expect(big.values).toEqual([1e6, 1e6 * (1e6 - 1)]); // 2 * sum of 0..n-1
    expect(big.duringRun).toBe(0); // running made no node at all
    expect(big.built).toBe(small.built); // the graph does not grow with the iteration count
    expect(small.values).toEqual([10, 90]);
  });
});

describe('cond and switch', () => {
  const inc = (x: NDArray) => np.add(x, 1);
  const dec = (x: NDArray) => np.subtract(x, 1);

  it('cond picks by a boolean or a number (nonzero, NaN too, is true)', () => {
    expect(v(lax.cond(true, inc, dec, np.array(2)))).toBe(3);
    expect(v(lax.cond(np.array(false), inc, dec, np.array(2)))).toBe(1);
    expect(v(lax.cond(np.array(0), inc, dec, 2))).toBe(1);
    expect(v(lax.cond(np.array(NaN), inc, dec, 2))).toBe(3);
    expect(v(lax.cond(false, () => np.array([1, 2]), () => np.array([3, 4])))).toEqual([3, 4]); // no operands
  });

  it('cond on pytree operands and outputs', () => {
    const out = lax.cond(
      np.greater(np.array(1), 0),
      ({ a, b }: { a: NDArray; b: [NDArray] }) => ({ s: np.add(a, b[0]), l: [a] }),
      ({ a, b }: { a: NDArray; b: [NDArray] }) => ({ s: np.subtract(a, b[0]), l: [b[0]] }),
      { a: np.array([1, 2]), b: [np.array([10, 20])] },
    );
    expect([v(out.s), v(out.l[0]!)]).toEqual([
      [11, 22],
      [1, 2],
    ]);
  });

  it('a weak branch output follows the strong one', () => {
    const y = lax.cond(false, () => 1 as unknown as NDArray, (x: NDArray) => np.multiply(x, 2), np.array(2, 'float32'));
    expect([y.dtype, v(y)]).toEqual(['float32', 4]);
  });

  it('switch clamps the index into range on both sides', () => {
    const branches = [inc, (x: NDArray) => np.multiply(x, 10), (x: NDArray) => np.negative(x)];
    expect([-3, -1, 0, 1, 2, 3, 7].map((k) => v(lax.switch(k, branches, np.array(2))))).toEqual([3, 3, 3, 20, -2, -2, -2]);
    expect(v(lax.switch(np.array(-100, 'int32'), branches, np.array(2)))).toBe(3);
    expect(v(lax.switch(5, [inc], np.array(1)))).toBe(2); // one branch
  });
});

describe('map', () => {
  const xs = np.reshape(np.arange(10), [5, 2]);
  const f = (x: NDArray) => ({ s: np.sum(x), d: [np.multiply(x, 2)] });

  it('without and with batchSize (a divisor, a remainder, more than the length) gives the same', () => {
    for (const opts of [{}, { batchSize: 1 }, { batchSize: 2 }, { batchSize: 5 }, { batchSize: 7 }]) {
      const y = lax.map(f, xs, opts);
      expect(v(y.s), JSON.stringify(opts)).toEqual([1, 5, 9, 13, 17]);
      expect(v(y.d[0]!)).toEqual(v(np.multiply(xs, 2)));
    }
  });

  it('over a pytree of xs, and over zero rows', () => {
    const y = lax.map(({ a, b }: { a: NDArray; b: NDArray }) => np.multiply(a, b), { a: np.arange(3), b: np.array([2, 3, 4]) }, { batchSize: 2 });
    expect(v(y)).toEqual([0, 3, 8]);
    expect(lax.map((x: NDArray) => np.sum(x), np.zeros([0, 3]), { batchSize: 2 }).shape).toEqual([0]);
  });
});

// ------------------------------------------------------------------ errors

/** Runs `run`, expecting a ControlFlowError (by identity and name) whose message has every part. */
function rejects(run: () => unknown, parts: readonly (string | RegExp)[], cls: new (...a: any[]) => Error = ControlFlowError): void {
  const lazy = np.add(np.arange(3), 1); // an operand no one must compute
  const before = allocationStats.bytes;
  let err: unknown;
  try {
    run();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(cls);
  expect((err as Error).name).toBe(cls.name);
  for (const p of parts) expect((err as Error).message).toMatch(p);
  expect(allocationStats.bytes - before).toBe(0); // nothing was evaluated
  expect(lazy.isConcrete).toBe(false);
}

describe('misuse is a clear error, before anything is evaluated', () => {
  const lazyInit = () => np.multiply(np.ones([2]), 3);

  it('scan: carry out of the body with another dtype or shape names the path and both types', () => {
    rejects(
      () => lax.scan((c: { h: NDArray }, x: NDArray) => [{ h: np.astype(np.add(c.h, x), 'float32') }, x], { h: lazyInit() }, np.ones([3, 2])),
      ['lax.scan', 'init.h', 'float64(2,)', 'float32(2,)', 'dtypes do not match'],
    );
    rejects(() => lax.scan((c: NDArray, x: NDArray) => [x, c], lazyInit(), np.ones([3, 4])), ['init', 'float64(2,)', 'float64(4,)', 'shapes do not match']);
    rejects(() => lax.scan((c: { a: NDArray }) => [[c.a] as never, c.a], { a: lazyInit() }, np.ones([3])), ['same pytree structure', 'PyTreeDef({a: *})', 'PyTreeDef([*])']);
  });

  it('whileLoop: body carry mismatch, and a cond_fun that is not a boolean scalar', () => {
    rejects(() => lax.whileLoop((s: { x: NDArray }) => np.less(np.sum(s.x), 1), () => ({ x: np.zeros([3]) }), { x: lazyInit() }), ['lax.whileLoop', 'initVal.x', 'float64(2,)', 'float64(3,)']);
    rejects(() => lax.whileLoop((x: NDArray) => np.sum(x), (x: NDArray) => x, lazyInit()), ['cond_fun must return a boolean scalar', 'float64()']);
    rejects(() => lax.whileLoop((x: NDArray) => np.less(x, 1), (x: NDArray) => x, lazyInit()), ['cond_fun must return a boolean scalar', 'bool(2,)']);
  });

  it('cond and switch: a non-scalar predicate or index, an empty branch list, branches that disagree', () => {
    // arrays made up front: only what the call itself allocates is counted
    const [one, two, pair, i1, f2, idx2, half] = [np.array(1), np.array(2), np.array([1, 2]), np.array(1, 'int32'), np.array(2, 'float32'), np.array([1, 2], 'int32'), np.array(1.5)];
    rejects(() => lax.cond(np.greater(lazyInit(), 0), () => one, () => two), ['lax.cond', 'pred must be a scalar', '(2,)']);
    rejects(() => lax.switch(idx2, [() => one, () => two]), ['lax.switch', 'index must be a scalar', '(2,)']);
    rejects(() => lax.switch(half, [() => one]), ['index must be an integer', 'float64()']);
    rejects(() => lax.switch(0, [], lazyInit()), ['Empty branch sequence']);
    rejects(() => lax.switch(0, [() => one, () => pair]), ['lax.switch: branch 1 and branch 0 output must have identical types, but at output branch 1 gives float64(2,) and branch 0 gives float64()']);
    rejects(() => lax.cond(true, () => pair, () => two), ['true_fun and false_fun output must have identical types', 'at output true_fun gives float64(2,) and false_fun gives float64()']);
    rejects(() => lax.cond(true, () => i1, () => f2), ['true_fun gives int32() and false_fun gives float32()']);
    rejects(() => lax.cond(true, () => [one] as unknown, () => ({ a: two }) as unknown), ['true_fun and false_fun output must have same type structure, got PyTreeDef([*]) and PyTreeDef({a: *})']);
  });

  it('scan: xs leading axes that disagree with length or with each other, no length at all', () => {
    rejects(() => lax.scan((c: NDArray) => [c, c], lazyInit(), { a: np.ones([3]) }, { length: 4 }), ['`length` argument of 4', 'leading axis sizes [3]', 'xs.a']);
    rejects(() => lax.scan((c: NDArray) => [c, c], lazyInit(), { a: np.ones([3]), b: [np.ones([4, 2])] }), ['different leading axis sizes', 'xs.a has 3', 'xs.b[0] has 4']);
    rejects(() => lax.scan((c: NDArray) => [c, c], lazyInit(), null), ['{ length }']);
    rejects(() => lax.scan((c: NDArray) => [c, c], lazyInit(), np.array(3)), ['no leading axis', 'xs of type float64()']);
    rejects(() => lax.scan((c: NDArray) => c as never, lazyInit(), np.ones([2])), ['must return a pair [carry, y]']);
  });

  it('foriLoop, map and leaves: bad bounds, batch sizes and leaf types', () => {
    rejects(() => lax.foriLoop(0, 2.5, (_i: NDArray, x: NDArray) => x, lazyInit()), ['upper must be an integer, got 2.5']);
    rejects(() => lax.foriLoop(np.array(0.5), 2, (_i: NDArray, x: NDArray) => x, lazyInit()), ['lower must be a JS integer or an int32 scalar array', 'float64()']);
    rejects(() => lax.map((x: NDArray) => x, lazyInit(), { batchSize: 0 }), ['batchSize must be a positive integer, got 0']);
    rejects(() => lax.scan((c: unknown) => [c, c], { a: 'x' }, lazyInit()), ['init.a is a string']);
  });

  // Regression: with batchSize, map took the first leaf's leading axis for all, so { a: [3], b: [4, 2] }
  // sliced b to 3 rows and returned a wrong answer; without, the error spoke of lax.scan and { length }.
  it('map: leaves with different leading axes, no leading axis, no leaves (with and without batchSize)', () => {
    const xs = { a: np.arange(3), b: lazyInit() };
    const f = ({ a, b }: { a: NDArray; b: NDArray }) => np.add(a, np.sum(b));
    for (const opts of [{}, { batchSize: 2 }]) {
      rejects(() => lax.map(f, xs, opts), ['lax.map got values with different leading axis sizes: xs.a has 3, xs.b has 2']);
      rejects(() => lax.map((x: NDArray) => x, np.array(3), opts), ['lax.map got value with no leading axis to map over: xs of type float64()']);
      rejects(() => lax.map(() => lazyInit(), [], opts), ['lax.map: xs has no leaves to map over']);
    }
  });

  it('reading a traced value in a body names the control-flow function; an error thrown by a body comes out as it is', () => {
    const one = np.array(1),
      three = np.arange(3);
    rejects(() => lax.scan((c: NDArray, x: NDArray) => [(c.item() as number) > 0 ? c : x, c], one, three), ['inside a function being transformed by lax.scan', 'lax.select'], TracerValueError);
    rejects(() => lax.whileLoop((x: NDArray) => np.array((x.item() as number) < 3), (x: NDArray) => x, one), ['transformed by lax.whileLoop'], TracerValueError);
    rejects(() => lax.cond(true, (x: NDArray) => ((x.item() as number) > 0 ? x : x), (x: NDArray) => x, one), ['transformed by lax.cond'], TracerValueError);
    const mine = new RangeError('mine');
    expect(() =>
      lax.scan(() => {
        throw mine;
      }, one, three),
    ).toThrow(mine);
  });

  it('reverse mode of whileLoop (and foriLoop with traced bounds) is a GradError that suggests scan/foriLoop', () => {
    const parts = ['Reverse-mode differentiation does not work for lax.whileLoop', 'lax.scan', 'lax.foriLoop with constant'];
    rejects(() => grad((x: NDArray) => lax.whileLoop((y: NDArray) => np.less(y, 10), (y: NDArray) => np.multiply(y, 2), x))(np.array(1)), parts, GradError);
    const traced = jit((n: NDArray) => grad((x: NDArray) => lax.foriLoop(0, n, (_i: NDArray, y: NDArray) => np.multiply(y, 2), x))(np.array(1.5)));
    rejects(() => traced(np.array(3, 'int32')), parts, GradError);
    // a concrete int32 bound is static: reverse mode works (2^3 * 1.5 -> d/dx = 8)
    expect(v(grad((x: NDArray, n: NDArray) => lax.foriLoop(0, n, (_i: NDArray, y: NDArray) => np.multiply(y, 2), x))(np.array(1.5), np.array(3, 'int32')) as NDArray)).toBe(8);
  });
});

describe('regressions', () => {
  // A scan of length 0 sent zero cotangents to its captured values; the body's sqrt(w), hoisted out
  // of the loop as loop-invariant, turned 0 * inf into NaN at w = 0. No step ran: no cotangent now.
  it('grad through a scan of length 0 is zero for what its body captured (no NaN)', () => {
    const f = (w: NDArray, xs: NDArray) => lax.scan((c: NDArray, x: NDArray): Pair => [np.add(c, np.multiply(np.sqrt(w), x)), c], np.array(1), xs)[0];
    const [gw, gx] = grad(f, { argnums: [0, 1] })(np.array(0), np.zeros([0])) as [NDArray, NDArray];
    expect(v(gw)).toBe(0);
    expect(gx.shape).toEqual([0]);
    // one step: d/dw sqrt(w) x at w = 4, x = 3 is 3 / (2 * 2)
    expect(v(grad(f)(np.array(4), np.array([3])) as NDArray)).toBe(0.75);
  });
});

describe('lax.select with a scalar predicate', () => {
  it('picks a whole branch, as JAX allows, and keeps elementwise selection for array predicates', () => {
    const a = np.array([1, 2, 3]), b = np.array([4, 5, 6]);
    expect(lax.select(np.array(true), a, b).toArray()).toEqual([1, 2, 3]);
    expect(lax.select(np.array(false), a, b).toArray()).toEqual([4, 5, 6]);
    expect(lax.select(np.array([true, false, true]), a, b).toArray()).toEqual([1, 5, 3]);
    expect(() => lax.select(np.array([true, false]), a, b)).toThrow(/select requires the predicate's shape \(2,\) to equal the cases' \(3,\)/);
  });
});

describe('types and pytrees at the edges', () => {
  it('a JS number initialises a carry the body types as NDArray (no cast), and stopGradient maps a pytree', () => {
    const [total, partial] = lax.scan((c: NDArray, x: NDArray) => [np.add(c, x), c] as const, 0, np.arange(4));
    expect([total.toArray(), partial.toArray()]).toEqual([6, [0, 0, 1, 3]]);
    const n = lax.whileLoop((v: NDArray) => np.less(v, 10), (v: NDArray) => np.multiply(v, 2), 1);
    expect(n.toArray()).toBe(16);
    const g = grad((p: { a: NDArray; b: NDArray }) => {
      const s = lax.stopGradient(p);
      return np.add(np.multiply(s.a, p.b), np.multiply(p.a, s.b));
    })({ a: np.array(3), b: np.array(5) });
    expect([g.a.toArray(), g.b.toArray()]).toEqual([5, 3]);
  });
});
