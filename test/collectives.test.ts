/** Collectives under named vmap axes: the docstring example, semantics against plain loops, errors. */
import { describe, expect, it } from 'vitest';
import { lax, np, vmap, type NDArray } from '../lib';
import { CollectiveError } from '../lib/collectives';

const xs = np.reshape(np.arange(12), [3, 4]);
const rows = xs.toArray() as number[][];

describe('docstring', () => {
  it('vmap(x => lax.psum(x, "i"), { axisName: "i" }) on arange(12).reshape(3, 4)', () => {
    const out = vmap((x: NDArray) => lax.psum(x, 'i'), { axisName: 'i' })(xs);
    expect(out.toString()).toBe('[[12. 15. 18. 21.]\n [12. 15. 18. 21.]\n [12. 15. 18. 21.]]');
  });
});

describe('collective semantics', () => {
  it('psum/pmax/pmin/pmean results are unmapped (out_axes null is legal)', () => {
    const f = vmap((x: NDArray) => [lax.psum(x, 'i'), lax.pmax(x, 'i'), lax.pmin(x, 'i'), lax.pmean(x, 'i')], { axisName: 'i', outAxes: null });
    const [s, mx, mn, mean] = f(xs);
    expect(s!.toArray()).toEqual([12, 15, 18, 21]);
    expect(mx!.toArray()).toEqual([8, 9, 10, 11]);
    expect(mn!.toArray()).toEqual([0, 1, 2, 3]);
    expect(mean!.toArray()).toEqual([4, 5, 6, 7]);
  });

  it('psum of an unmapped value is size * x; of a pytree, leafwise', () => {
    const f = vmap((x: NDArray) => lax.psum({ a: np.array(2), b: x }, 'i'), { axisName: 'i' });
    const out = f(np.arange(3));
    expect(out.a.toArray()).toEqual([6, 6, 6]);
    expect(out.b.toArray()).toEqual([3, 3, 3]);
  });

  it('axisIndex is arange; axisSize is the size', () => {
    const f = vmap((_: NDArray) => np.multiply(lax.axisIndex('i'), lax.axisSize('i')), { axisName: 'i' });
    expect(f(xs).toArray()).toEqual([0, 3, 6]);
  });

  it('allGather stacks (or concatenates) every lane', () => {
    const g = vmap((x: NDArray) => lax.allGather(x, 'i', { axis: 1 }), { axisName: 'i' })(xs);
    expect(g.shape).toEqual([3, 4, 3]);
    expect((g.toArray() as number[][][])[2]).toEqual(np.transpose(xs).toArray());
    const t = vmap((x: NDArray) => lax.allGather(x, 'i', { tiled: true }), { axisName: 'i' })(xs);
    expect(t.shape).toEqual([3, 12]);
    expect((t.toArray() as number[][])[1]).toEqual(rows.flat());
  });

  it('ppermute moves lanes by perm and zero-fills unnamed destinations', () => {
    const f = vmap((x: NDArray) => lax.ppermute(x, 'i', [[0, 1], [1, 2]]), { axisName: 'i' });
    expect(f(xs).toArray()).toEqual([[0, 0, 0, 0], rows[0], rows[1]]);
    const cyc = vmap((x: NDArray) => lax.ppermute(x, 'i', [[0, 1], [1, 2], [2, 0]]), { axisName: 'i', inAxes: 1 });
    // lanes are the 4 columns: lane 3 is named by no pair and receives zeros
    expect(cyc(xs).toArray()).toEqual([[2, 6, 10], [0, 4, 8], [1, 5, 9], [0, 0, 0]]);
  });

  it('allToAll is a global transpose of lanes and split chunks', () => {
    const x = np.reshape(np.arange(18), [3, 3, 2]);
    const out = vmap((v: NDArray) => lax.allToAll(v, 'i', 0, 0), { axisName: 'i' })(x);
    const X = x.toArray() as number[][][];
    const expected = [0, 1, 2].map((k) => [0, 1, 2].map((j) => X[j]![k]));
    expect(out.toArray()).toEqual(expected);
  });

  it('psumScatter gives lane k slice k of the sum', () => {
    const x = np.reshape(np.arange(18), [3, 3, 2]);
    const out = vmap((v: NDArray) => lax.psumScatter(v, 'i'), { axisName: 'i' })(x);
    const total = np.sum(x, 0).toArray() as number[][];
    expect(out.toArray()).toEqual(total);
    const tiled = vmap((v: NDArray) => lax.psumScatter(v, 'i', { scatterDimension: 1, tiled: true }), { axisName: 'i' })(np.ones([2, 3, 4]));
    expect(tiled.shape).toEqual([2, 3, 2]);
    expect(np.all(np.equal(tiled, 2)).item()).toBe(true);
  });

  it('nested vmaps see both names; a tuple of names reduces over both', () => {
    const x = np.reshape(np.arange(6), [2, 3]);
    const both = vmap(vmap((v: NDArray) => lax.psum(v, ['i', 'j']), { axisName: 'j' }), { axisName: 'i' })(x);
    expect(both.toArray()).toEqual([[15, 15, 15], [15, 15, 15]]);
    const outer = vmap(vmap((v: NDArray) => lax.psum(v, 'i'), { axisName: 'j' }), { axisName: 'i' })(x);
    expect(outer.toArray()).toEqual([[3, 5, 7], [3, 5, 7]]);
    const inner = vmap(vmap((v: NDArray) => lax.psum(v, 'j'), { axisName: 'j' }), { axisName: 'i' })(x);
    expect(inner.toArray()).toEqual([[3, 3, 3], [12, 12, 12]]);
    const idx = vmap(vmap(() => lax.axisIndex(['i', 'j']), { axisName: 'j', axisSize: 3 }), { axisName: 'i', axisSize: 2 })();
    expect(idx.toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
  });

  it('an inner vmap reusing a name shadows the outer one', () => {
    const x = np.reshape(np.arange(6), [2, 3]);
    const out = vmap(vmap((v: NDArray) => lax.psum(v, 'i'), { axisName: 'i' }), { axisName: 'i' })(x);
    expect(out.toArray()).toEqual([[3, 3, 3], [12, 12, 12]]);
  });

  it('size-0 axes: psum gives zeros of the right shape', () => {
    expect(vmap((v: NDArray) => lax.psum(v, 'i'), { axisName: 'i' })(np.ones([0, 3])).shape).toEqual([0, 3]);
  });
});

describe('spmdAxisName', () => {
  it('on one process it names the axis for collectives, like axisName (one name or a list)', () => {
    expect(vmap((v: NDArray) => lax.psum(v, 'd'), { spmdAxisName: 'd' })(xs).toArray()).toEqual(Array(3).fill([12, 15, 18, 21]));
    const both = vmap((v: NDArray) => [lax.pmax(v, 'i'), lax.axisIndex('b')], { axisName: 'i', spmdAxisName: ['a', 'b'], outAxes: [null, 0] })(xs);
    expect(both[0]!.toArray()).toEqual([8, 9, 10, 11]);
    expect(both[1]!.toArray()).toEqual([0, 1, 2]);
  });
});

describe('README: batch normalisation of a per-example function with pmean', () => {
  it('each column ends with mean 0 and variance var / (var + eps)', () => {
    const normalise = (x: NDArray) => {
      const mean = lax.pmean(x, 'batch');
      const variance = lax.pmean(np.square(np.subtract(x, mean)), 'batch');
      return np.divide(np.subtract(x, mean), np.sqrt(np.add(variance, 1e-5)));
    };
    const out = vmap(normalise, { axisName: 'batch' })(np.array([[1, 10], [2, 20], [3, 30], [4, 40]]));
    const [m0, m1] = np.mean(out, 0).toArray() as number[];
    expect(Math.abs(m0!)).toBeLessThan(1e-15);
    expect(Math.abs(m1!)).toBeLessThan(1e-15);
    const v = np.var(out, 0).toArray() as number[];
    expect(v[0]).toBeCloseTo(1.25 / (1.25 + 1e-5), 12);
    expect(v[1]).toBeCloseTo(125 / (125 + 1e-5), 12);
  });
});

describe('collective errors', () => {
  it('an unbound name lists the names in scope', () => {
    expect(() => vmap((v: NDArray) => lax.psum(v, 'j'), { axisName: 'i' })(xs)).toThrow(/unbound axis name: 'j' in psum. The names in scope are 'i'/);
    expect(() => lax.psum(xs, 'i')).toThrow(CollectiveError);
    expect(() => vmap((v: NDArray) => lax.psum(v, 'e'), { axisName: 'i', spmdAxisName: 'd' })(xs)).toThrow(/names in scope are 'i', 'd'/);
  });
  it('duplicate names and bad perms', () => {
    expect(() => vmap((v: NDArray) => lax.psum(v, ['i', 'i']), { axisName: 'i' })(xs)).toThrow(/must be distinct/);
    expect(() => vmap((v: NDArray) => lax.ppermute(v, 'i', [[0, 1], [0, 2]]), { axisName: 'i' })(xs)).toThrow(/source 0 appears twice/);
    expect(() => vmap((v: NDArray) => lax.ppermute(v, 'i', [[0, 1], [2, 1]]), { axisName: 'i' })(xs)).toThrow(/destination 1 appears twice/);
    expect(() => vmap((v: NDArray) => lax.ppermute(v, 'i', [[0, 3]]), { axisName: 'i' })(xs)).toThrow(/indices in \[0, 3\)/);
  });
  it('allToAll needs the split axis to match the axis size', () => {
    expect(() => vmap((v: NDArray) => lax.allToAll(v, 'i', 0, 0), { axisName: 'i' })(xs)).toThrow(/size of the mapped axis \(3\) to equal x.shape\[0\] = 4/);
  });
});
