/**
 * Deep graphs: every walk is iterative, so a chain of 10^5 nodes evaluates and differentiates
 * (reverse and forward mode) without overflowing the stack, and vmap (and jit) handle chains of
 * 10^4 nodes. Values are checked against the same float operations done on the host.
 */
import { describe, expect, it } from 'vitest';
import { grad, jit, jvp, lax, np, valueAndGrad, vmap, type NDArray } from '../lib';

/**
 * A chain of exactly `n` primitive nodes: neg, sin and add-a-shared-constant in turn (one constant
 * node for the whole chain, so the node count is n, not a multiple of it).
 */
function chain(x: NDArray, n: number): NDArray {
  const c = np.full(x.shape, 0.25, x.dtype);
  let y = x;
  for (let i = 0; i < n; i++) y = i % 3 === 0 ? lax.neg(y) : i % 3 === 1 ? lax.sin(y) : lax.add(y, c);
  return y;
}

/** The same chain on the host: its value and its derivative (the product of the local slopes). */
function hostChain(x: number, n: number): { value: number; slope: number } {
  let v = x, d = 1;
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) {
      v = -v;
      d = -d;
    } else if (i % 3 === 1) {
      d *= Math.cos(v);
      v = Math.sin(v);
    } else v = v + 0.25;
  }
  return { value: v, slope: d };
}

const relClose = (got: number, want: number, rel = 1e-9) => expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want));

describe('deep graphs', () => {
  const N = 100_000;

  it(`a chain of ${N} nodes evaluates, bit for bit like the host`, () => {
    const y = chain(np.array([0.3, -2]), N);
    expect(Array.from(y.data())).toEqual([hostChain(0.3, N).value, hostChain(-2, N).value]);
  }, 60_000);

  it(`a chain of ${N} nodes differentiates in reverse mode (grad) and forward mode (jvp)`, () => {
    const [value, g] = valueAndGrad((x: NDArray) => np.sum(chain(x, N)))(np.array([0.3, -2]));
    const [a, b] = [hostChain(0.3, N), hostChain(-2, N)];
    expect(value.item()).toBe(a.value + b.value);
    const [ga, gb] = g.toArray() as number[];
    expect(a.slope).not.toBe(0);
    relClose(ga!, a.slope);
    relClose(gb!, b.slope);
    const [, tangent] = jvp((x: NDArray) => chain(x, N), [np.array(0.3)], [np.array(1)]);
    relClose(tangent.item() as number, a.slope);
  }, 60_000);

  const M = 10_000;

  it(`vmap over a ${M}-node chain is bit for bit the per-example loop`, () => {
    const xs = np.array([[0.3, -2], [1, 0.5], [-1, 4]]);
    const batched = vmap((r: NDArray) => chain(r, M))(xs);
    const rows = xs.toArray() as number[][];
    expect(Array.from(batched.data())).toEqual(rows.flatMap((r) => r.map((v) => hostChain(v, M).value)));
    const columns = vmap((r: NDArray) => chain(r, M), { inAxes: 1, outAxes: 1 })(xs);
    expect(Array.from(columns.data())).toEqual(Array.from(batched.data()));
  }, 60_000);

  it(`vmap of grad, and jit, of a ${M}-node chain`, () => {
    const xs = np.array([[0.3, -2], [1, 0.5]]);
    const g = vmap(grad((w: NDArray) => np.sum(chain(w, M))))(xs).toArray() as number[][];
    const rows = xs.toArray() as number[][];
    rows.forEach((r, i) => r.forEach((v, j) => relClose(g[i]![j]!, hostChain(v, M).slope)));
    const jf = jit((r: NDArray) => chain(r, M));
    expect(Array.from(jf(xs).data())).toEqual(rows.flatMap((r) => r.map((v) => hostChain(v, M).value)));
  }, 60_000);
});
