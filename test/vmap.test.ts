/** vmap's contract beyond the docstring: options, sizes, nesting, closures and every error. */
import { describe, expect, it } from 'vitest';
import { lax, np, vmap, VmapError, type NDArray } from '../lib';
import { TracerValueError } from '../lib/array/ndarray';

const x23 = np.reshape(np.arange(6), [2, 3]);

describe('vmap options', () => {
  it('negative in_axes and out_axes count from the end', () => {
    const f = vmap((r: NDArray) => np.multiply(r, 2), { inAxes: -1, outAxes: -1 });
    expect(f(x23).toArray()).toEqual([[0, 2, 4], [6, 8, 10]]);
    const g = vmap((r: NDArray) => np.sum(r), { inAxes: -1 });
    expect(g(x23).toArray()).toEqual([3, 5, 7]);
  });

  it('axisSize with no mapped argument broadcasts the result', () => {
    const out = vmap(() => np.ones(2), { axisSize: 3 })();
    expect(out.shape).toEqual([3, 2]);
    expect(vmap((c: number) => np.multiply(np.ones(2), c), { inAxes: null, axisSize: 2 })(5).toArray()).toEqual([[5, 5], [5, 5]]);
  });

  it('a size-0 batch keeps the 0 at out_axes', () => {
    expect(vmap((r: NDArray) => np.sum(r))(np.ones([0, 4])).shape).toEqual([0]);
    expect(vmap((r: NDArray) => np.multiply(r, 2), { outAxes: 1 })(np.ones([0, 4])).shape).toEqual([4, 0]);
    expect(vmap((r: NDArray) => np.matmul(r, r))(np.ones([0, 3, 3])).shape).toEqual([0, 3, 3]);
    expect(vmap(() => np.ones(2), { axisSize: 0 })().shape).toEqual([0, 2]);
  });

  it('closures over arrays and unmapped non-array leaves', () => {
    const w = np.array([1, 10, 100]);
    const f = vmap((r: NDArray, name: string, k: number) => (name === 'scale' ? np.multiply(np.dot(r, w), k) : r), {
      inAxes: [0, null, null],
    });
    expect(f(x23, 'scale', 2).toArray()).toEqual([2 * 210, 2 * 543]);
  });

  it('nested vmaps at three levels agree with the direct computation', () => {
    const x = np.reshape(np.arange(24), [2, 3, 4]);
    const f = vmap(vmap(vmap((v: NDArray) => np.multiply(v, v))));
    expect(f(x).toArray()).toEqual(np.multiply(x, x).toArray());
    const outer = vmap((a: NDArray) => vmap((b: NDArray) => np.dot(a, b))(x23));
    expect(outer(x23).toArray()).toEqual(np.matmul(x23, np.transpose(x23)).toArray());
  });

  it('pytree outputs with per-leaf out_axes', () => {
    const f = vmap((r: NDArray) => ({ s: np.sum(r), d: np.multiply(r, 2) }), { outAxes: { s: 0, d: 1 } });
    const out = f(x23);
    expect(out.s.toArray()).toEqual([3, 12]);
    expect(out.d.shape).toEqual([3, 2]);
    expect(Object.isFrozen(out)).toBe(true);
  });

  it('a mathjs Matrix can be mapped', async () => {
    const { matrix } = await import('mathjs');
    const out = vmap((r: NDArray) => np.sum(r))(matrix([[1, 2], [3, 4]]) as never);
    expect(out.toArray()).toEqual([3, 7]);
  });

  it('vmap(matmul) is a single batched dot_general with the batch axis leading', () => {
    const a = np.ones([4, 2, 3]), b = np.ones([4, 3, 5]);
    const out = vmap((p: NDArray, q: NDArray) => np.matmul(p, q))(a, b);
    expect(out.prim).toBe('dot_general');
    expect(out.inputs).toEqual([a, b]);
    expect(out.params).toEqual(np.matmul(a, b).params);
  });

  it('vmap(x => W @ x) is the hand-batched X @ W^T: one dot_general, batch leading, no transpose after', () => {
    const W = np.reshape(np.arange(6), [2, 3]), X = np.reshape(np.arange(12), [4, 3]);
    const out = vmap((x: NDArray) => np.matmul(W, x))(X);
    expect(out.prim).toBe('dot_general');
    expect(out.inputs).toEqual([X, W]);
    expect(out.params).toEqual({ contracting: [[1], [1]], batch: [[], []] });
    expect(out.toArray()).toEqual(np.matmul(X, np.transpose(W)).toArray());
  });

  it('spmdAxisName is accepted and has no numeric effect', () => {
    expect(vmap((r: NDArray) => np.sum(r), { spmdAxisName: 'd' })(x23).toArray()).toEqual([3, 12]);
  });

  it('inputs are not mutated and outputs are new arrays', () => {
    const before = x23.toArray();
    vmap((r: NDArray) => lax.dynamicUpdateSlice(r, np.array([9]), [np.array(0, 'int32')]))(x23);
    expect(x23.toArray()).toEqual(before);
  });
});

describe('vmap chunkSize', () => {
  const x = np.reshape(np.sin(np.arange(103 * 5)), [103, 5]);
  const f = (r: NDArray) => ({ s: np.sum(np.exp(r)), m: np.outer(r, r), c: np.ones(2) });
  const bits = (a: NDArray) => Array.from(a.data(), (v) => (Object.is(v, -0) ? '-0' : String(v)));
  it('runs in chunks (the last one partial) and is bit-equal to the unchunked result', () => {
    const whole = vmap(f, { outAxes: { s: 0, m: -1, c: null } })(x);
    const chunked = vmap(f, { chunkSize: 10, outAxes: { s: 0, m: -1, c: null } })(x);
    expect(chunked.m.shape).toEqual([5, 5, 103]);
    expect(chunked.m.prim).toBe('concatenate');
    expect(chunked.m.inputs.length).toBe(11);
    expect(bits(chunked.s)).toEqual(bits(whole.s));
    expect(bits(chunked.m)).toEqual(bits(whole.m));
    expect(chunked.c.shape).toEqual([2]);
  });
  it('works on a mapped axis that is not the first, and falls back to one batch under a trace', () => {
    const g = vmap((c: NDArray) => np.cumsum(c), { inAxes: 1, chunkSize: 2 });
    expect(bits(g(np.transpose(x)))).toEqual(bits(vmap((c: NDArray) => np.cumsum(c), { inAxes: 1 })(np.transpose(x))));
    const outer = vmap((r: NDArray) => np.sum(vmap((v: NDArray) => np.multiply(v, v), { chunkSize: 2 })(r)));
    expect(bits(outer(x))).toEqual(bits(np.sum(np.multiply(x, x), 1)));
  });
  it('rejects a bad chunkSize and its combination with axisName', () => {
    expect(() => vmap(f, { chunkSize: 0 })).toThrow(/chunkSize must be a positive integer, got 0/);
    expect(() => vmap(f, { chunkSize: 4, axisName: 'i' })).toThrow(/cannot be combined with axisName/);
  });
});

describe('vmap errors', () => {
  const id = (r: NDArray) => r;
  const throws = (fn: () => unknown, ...parts: (string | RegExp)[]) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VmapError);
    for (const p of parts) expect((err as Error).message).toMatch(p);
  };

  it('inconsistent mapped sizes list each argument, axis and type', () => {
    throws(() => vmap((a: NDArray, b: NDArray) => np.add(a, b))(np.ones(2), np.ones(3)),
      'vmap got inconsistent sizes for array axes to be mapped:\n  * one axis had size 2: axis 0 of args[0] of type float64[2];\n  * one axis had size 3: axis 0 of args[1] of type float64[3]');
    throws(() => vmap((t: NDArray[]) => t[0]!)([np.ones(10), np.ones(10), np.ones(3)]),
      'most axes (2 of them) had size 10, e.g. axis 0 of args[0][0] of type float64[10]', 'one axis had size 3: axis 0 of args[0][2]');
    throws(() => vmap(id, { axisSize: 2 })(np.ones(8)), 'the `axisSize` argument was 2;', 'one axis had size 8: axis 0 of args[0] of type float64[8]');
  });

  it('an axis out of range for the rank names the argument and shape', () => {
    throws(() => vmap(id, { inAxes: -4 })(np.ones([3, 4, 5])),
      'vmap was requested to map its argument args[0] along axis -4, which implies that its rank should be at least 4, but is only 3 (its shape is (3, 4, 5))');
    throws(() => vmap(id)(np.array(1)), 'along axis 0', 'at least 1, but is only 0 (its shape is ())');
    throws(() => vmap(id)(3 as never), 'args[0] along axis 0', 'is only 0');
  });

  it('in_axes that is not a tree prefix of the arguments', () => {
    throws(() => vmap((a: NDArray[]) => a[0]!, { inAxes: [[0, 0, 0]] })([np.ones(2), np.ones(2)]),
      'vmap in_axes specification must be a tree prefix of the corresponding value', 'vmap in_axes[0]', 'length 3', 'length 2');
    throws(() => vmap((d: { a: NDArray }) => d.a, { inAxes: [{ b: 0 }] as never })({ a: np.ones(2) }), 'vmap in_axes[0]', 'symmetric difference');
    throws(() => vmap((a: NDArray) => a, { inAxes: [[0]] as never })(np.ones(2)), 'different types', 'vmap in_axes[0]');
  });

  it('in_axes with the wrong number of entries or leaf types', () => {
    throws(() => vmap(id, { inAxes: [0, 0] as never })(np.ones(2)), 'len(inAxes)=2, len(args)=1');
    throws(() => vmap(id, { inAxes: 1.5 as never }), 'vmap in_axes must be an int, null, or an array', '1.5');
    throws(() => vmap(id, { inAxes: [NaN] as never }), 'vmap in_axes must be an int, null, or (nested) container', 'NaN');
    throws(() => vmap(id, { inAxes: ['0'] as never }), 'container with those types as leaves', 'a string');
    throws(() => vmap(id, { inAxes: { a: 0 } as never }), 'must be an int, null, or an array of entries');
    throws(() => vmap(id, { outAxes: [true] as never }), 'vmap out_axes must be', 'a boolean');
  });

  it('out_axes null for a mapped result', () => {
    throws(() => vmap(id, { outAxes: null })(np.ones(3)), 'at vmap out_axes, got axis spec null but output was batched on axis 0');
    throws(() => vmap((r: NDArray) => [r, r], { outAxes: [0, null] })(np.ones(3)), 'at vmap out_axes[1], got axis spec null');
    throws(() => vmap(id, { outAxes: null, axisName: 'i' })(np.ones(3)), 'vmap has mapped output (axis_name=i) but out_axes is null');
    throws(() => vmap(id, { outAxes: 2 })(np.ones([3, 4])), 'vmap out_axes: axis 2 is out of bounds for array of dimension 2');
  });

  it('no mapped argument and no axisSize', () => {
    throws(() => vmap(id, { inAxes: null })(np.ones(3)), 'vmap must have at least one non-null value in inAxes or axisSize must be specified');
    throws(() => vmap(() => np.ones(1))(), 'at least one argument containing an array or axisSize must be specified');
  });

  it('a non-array leaf with a non-null in_axes, and a non-array output', () => {
    throws(() => vmap((s: string) => s)('hello'), 'vmap in_axes maps args[0] along axis 0, but it is "hello" of type string');
    throws(() => vmap(() => 'hello', { axisSize: 2 })(), 'Output from batched function at out is "hello" of type string');
  });

  it('non-integer axisSize', () => {
    throws(() => vmap(id, { axisSize: 2.5 }), 'axisSize must be a non-negative integer, got 2.5');
  });

  it('reading a traced value inside f is a clear error, and the next call works', () => {
    const f = vmap((r: NDArray) => (Number(np.sum(r).item()) > 0 ? r : np.negative(r)));
    expect(() => f(x23)).toThrow(TracerValueError);
    expect(() => f(x23)).toThrow(/depends on args\[0\]/);
    expect(vmap((r: NDArray) => np.sum(r))(x23).toArray()).toEqual([3, 12]);
  });
});
