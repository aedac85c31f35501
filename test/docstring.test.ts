/** Every example of the jax.vmap docstring (../shared/reference/jax-vmap-docstring.txt) except the psum one. */
import { describe, expect, it } from 'vitest';
import { np, vmap, type NDArray } from '../lib';

describe('jax.vmap docstring examples', () => {
  const vv = (x: NDArray, y: NDArray) => np.vdot(x, y); // ([a], [a]) -> []
  const mv = vmap(vv, { inAxes: [0, null], outAxes: 0 }); // ([b,a], [a]) -> [b]
  const mm = vmap(mv, { inAxes: [null, 1], outAxes: 1 }); // ([b,a], [a,c]) -> [b,c]
  const A = np.reshape(np.arange(6), [2, 3]);
  const B = np.reshape(np.arange(12), [3, 4]);

  it('matrix-vector and matrix-matrix products from vdot', () => {
    expect(mv(A, np.array([1, 2, 3])).toArray()).toEqual([8, 26]);
    const prod = mm(A, B);
    expect(prod.shape).toEqual([2, 4]);
    expect(prod.toArray()).toEqual(np.matmul(A, B).toArray());
    expect(prod.toArray()).toEqual([[20, 23, 26, 29], [56, 68, 80, 92]]);
  });

  it('the variants mv1, mv2 and mm2', () => {
    const mv1 = vmap(vv, { inAxes: [0, 0], outAxes: 0 }); // ([b,a], [b,a]) -> [b]
    const mv2 = vmap(vv, { inAxes: [0, 1], outAxes: 0 }); // ([b,a], [a,b]) -> [b]
    const mm2 = vmap(mv2, { inAxes: [1, 1], outAxes: 0 }); // ([b,c,a], [a,c,b]) -> [c,b]
    expect(mv1(A, np.multiply(A, 2)).toArray()).toEqual([10, 100]);
    expect(mv2(A, np.transpose(A)).toArray()).toEqual([5, 50]);
    const x = np.reshape(np.arange(24), [2, 3, 4]); // [b,c,a]
    const y = np.reshape(np.arange(24), [4, 3, 2]); // [a,c,b]
    const out = mm2(x, y);
    expect(out.shape).toEqual([3, 2]);
    const xs = x.toArray() as number[][][], ys = y.toArray() as number[][][];
    for (let c = 0; c < 3; c++)
      for (let b = 0; b < 2; b++) {
        let s = 0;
        for (let a = 0; a < 4; a++) s += xs[b]![c]![a]! * ys[a]![c]![b]!;
        expect((out.toArray() as number[][])[c]![b]).toBe(s);
      }
  });

  it('container in_axes: a tuple of (x, (y, z)) batched on different axes', () => {
    const [A, B, C, D] = [2, 3, 4, 5];
    const foo = ([x, [y, z]]: [NDArray, [NDArray, NDArray]]) => np.dot(x, np.dot(y, z));
    const tree: [NDArray, [NDArray, NDArray]] = [np.ones([A, B]), [np.ones([B, C]), np.ones([C, D])]];
    expect(foo(tree).toString()).toBe('[[12. 12. 12. 12. 12.]\n [12. 12. 12. 12. 12.]]');
    const K = 6;
    const btree: [NDArray, [NDArray, NDArray]] = [np.ones([K, A, B]), [np.ones([B, K, C]), np.ones([C, D, K])]];
    const vfoo = vmap(foo, { inAxes: [[0, [1, 2]]] });
    const out = vfoo(btree);
    expect(out.shape).toEqual([6, 2, 5]);
    expect(np.all(np.equal(out, 12)).item()).toBe(true);
  });

  it('dict in_axes: {a: null, b: 0}', () => {
    const dct = { a: 0, b: np.arange(5) };
    const foo = (d: { a: number; b: NDArray }, x: number) => np.add(np.add(d.a, d.b), x);
    const out = vmap(foo, { inAxes: [{ a: null, b: 0 }, null] })(dct, 1);
    expect(out.toString()).toBe('[1. 2. 3. 4. 5.]');
  });

  it('mapped and unmapped results with out_axes [0, null]', () => {
    const f = (x: NDArray, y: number) => [np.add(x, y), np.multiply(y, 2)] as const;
    const [a, b] = vmap(f, { inAxes: [0, null], outAxes: [0, null] })(np.arange(2), 4);
    expect(a.toString()).toBe('[4. 5.]');
    expect(b.shape).toEqual([]);
    expect(b.toString()).toBe('8.0');
    expect(b.weak).toBe(true);
  });

  it('out_axes 0 on an unmapped result broadcasts it (weak type kept)', () => {
    const f = (x: NDArray, y: number) => [np.add(x, y), np.multiply(y, 2)] as const;
    const [a, b] = vmap(f, { inAxes: [0, null], outAxes: 0 })(np.arange(2), 4);
    expect(a.toString()).toBe('[4. 5.]');
    expect(b.toString()).toBe('[8. 8.]');
    expect(b.weak).toBe(true);
  });

  it('out_axes on a mapped result transposes it', () => {
    const x = np.reshape(np.arange(6), [2, 3]);
    const out = vmap((r: NDArray) => np.multiply(r, 10), { outAxes: 1 })(x);
    expect(out.shape).toEqual([3, 2]);
    expect(out.toArray()).toEqual([[0, 30], [10, 40], [20, 50]]);
  });
});
