/**
 * cumprod's derivatives at zeros: the JVP/VJP used to divide by x (NaN at x = 0). Known answers are
 * derived by hand from sum_i prod_{k<=i} x_k in the comments; elsewhere against an independent loop
 * formula and finite differences; the VJP is checked as the JVP's transpose (dot-product test).
 */
import { describe, expect, it } from 'vitest';
import { grad, hessian, jacfwd, jacrev, jit, jvp, lax, np, vjp, vmap, type NDArray } from '../lib';

const f64 = (v: number[] | number[][]) => np.array(v, 'float64');
const sumCumprod = (axis = 0, reverse = false) => (v: NDArray) => np.sum(lax.cumprod(v, axis, reverse));

/** A deterministic pseudo-random vector in ±[0.5, 1.5] (products stay O(1)). */
const sample = (n: number, seed: number): number[] =>
  Array.from({ length: n }, (_, i) => {
    const u = Math.sin(seed * 97.1 + i * 13.7) * 43758.5453;
    const r = u - Math.floor(u);
    return (i % 2 ? -1 : 1) * (0.5 + r);
  });

/** d/dx_j sum_i prod_{k<=i} x_k = sum_{i>=j} prod_{k<=i, k!=j} x_k, by loops (no division). */
function gradLoop(x: number[]): number[] {
  return x.map((_, j) => {
    let total = 0;
    for (let i = j; i < x.length; i++) {
      let p = 1;
      for (let k = 0; k <= i; k++) if (k !== j) p *= x[k]!;
      total += p;
    }
    return total;
  });
}

describe('cumprod derivatives at zeros', () => {
  it('grad of sum(cumprod([0, 2])) is [3, 0] (JAX), not NaN', () => {
    // f = x0 + x0 x1: df/dx0 = 1 + x1 = 3, df/dx1 = x0 = 0. Failed before the fix with [NaN, 0].
    expect(grad(sumCumprod())(f64([0, 2])).toArray()).toEqual([3, 0]);
  });
  it('several zeros and all zeros', () => {
    // x = [2, 0, 3, 0, 5]: df/dx0 = 1 + x1 + x1x2 + ... = 1; df/dx1 = x0 + x0x2 + x0x2x3 + x0x2x3x4 = 2 + 6 = 8;
    // every term in df/dx2..4 contains x1 = 0.
    expect(grad(sumCumprod())(f64([2, 0, 3, 0, 5])).toArray()).toEqual([1, 8, 0, 0, 0]);
    // x = 0: only the term x0 is linear in one variable alone, so the gradient is e_0.
    expect(grad(sumCumprod())(f64([0, 0, 0, 0])).toArray()).toEqual([1, 0, 0, 0]);
  });
  it('reverse scans at zeros', () => {
    // reverse: f = x0 x1 + x1, at [2, 0]: df/dx0 = x1 = 0, df/dx1 = x0 + 1 = 3
    expect(grad(sumCumprod(0, true))(f64([2, 0])).toArray()).toEqual([0, 3]);
  });
  it('the Jacobian at a zero, forward and reverse mode', () => {
    // out = [x0, x0x1, x0x1x2]; J = [[1,0,0],[x1,x0,0],[x1x2,x0x2,x0x1]] at [3, 0, 2]
    const J = [[1, 0, 0], [0, 3, 0], [0, 6, 0]];
    const f = (v: NDArray) => lax.cumprod(v, 0);
    expect(jacfwd(f)(f64([3, 0, 2])).toArray()).toEqual(J);
    expect(jacrev(f)(f64([3, 0, 2])).toArray()).toEqual(J);
  });
  it('second order: the Hessian at zeros', () => {
    // f = x0 + x0x1 + x0x1x2: H = [[0, 1+x2, x1], [1+x2, 0, x0], [x1, x0, 0]] at [0, 2, 0]
    expect(hessian(sumCumprod())(f64([0, 2, 0])).toArray()).toEqual([[0, 1, 2], [1, 0, 0], [2, 0, 0]]);
  });
  it('along axis 1 of a matrix, with zeros in each row', () => {
    // rows as in the tests above: [0, 2] -> [3, 0]; [2, 0] -> [1, 2] (f = x0 + x0x1)
    expect(grad(sumCumprod(1))(f64([[0, 2], [2, 0]])).toArray()).toEqual([[3, 0], [1, 2]]);
  });
  it('float32 and under jit', () => {
    expect(grad(sumCumprod())(np.array([0, 2], 'float32')).toArray()).toEqual([3, 0]);
    const rows = f64([[2, 0, 3, 0, 5], [0, 0, 0, 0, 0]]);
    const g = grad((v: NDArray) => np.sum(lax.cumprod(v, 1)));
    expect(jit(g)(rows).toArray()).toEqual(g(rows).toArray());
  });
  it('lengths 0 and 1', () => {
    expect(grad(sumCumprod())(f64([])).toArray()).toEqual([]);
    expect(grad(sumCumprod())(f64([0])).toArray()).toEqual([1]);
  });
});

describe('cumprod derivatives away from zero', () => {
  it('match the loop formula and central differences, lengths 2..11, both directions', () => {
    for (let n = 2; n <= 11; n++) {
      const x = sample(n, n);
      const g = grad(sumCumprod())(f64(x)).toArray() as number[];
      const gr = grad(sumCumprod(0, true))(f64(x)).toArray() as number[];
      const want = gradLoop(x);
      const wantRev = gradLoop([...x].reverse()).reverse();
      // both sum at most n products of at most n factors of size <= 1.5, each term rounded <= n times:
      // |error| <= 2 n^2 eps * sum|terms| (<= n 1.5^n)
      const tol = 2 * n * n * Number.EPSILON * n * 1.5 ** n;
      g.forEach((v, j) => expect(Math.abs(v - want[j]!)).toBeLessThanOrEqual(tol));
      gr.forEach((v, j) => expect(Math.abs(v - wantRev[j]!)).toBeLessThanOrEqual(tol));
      // central differences: f is a polynomial of degree <= 1 in each x_j, so the difference is exact
      // up to rounding of f (|f| <= n 1.5^n, error ~ n^2 eps |f| / h) over a step h = 1e-3
      const h = 1e-3;
      const f = (v: number[]) => (np.sum(lax.cumprod(f64(v), 0)).item() as number);
      x.forEach((_, j) => {
        const up = x.map((v, k) => (k === j ? v + h : v)), down = x.map((v, k) => (k === j ? v - h : v));
        const fd = (f(up) - f(down)) / (2 * h);
        expect(Math.abs(fd - g[j]!)).toBeLessThanOrEqual((4 * n * n * Number.EPSILON * n * 1.5 ** n) / h);
      });
    }
  });
});

describe('cumprod JVP and VJP are transposes', () => {
  it('<J t, c> = <t, J^T c> with zeros in x, every length 1..9, both directions, two axes', () => {
    for (let n = 1; n <= 9; n++) {
      for (const reverse of [false, true]) {
        // 2 x n, zeros planted in row 0 (positions 1 and n-2) and row 1 all zero but one
        const x0 = sample(n, 3 * n).map((v, i) => (i === 1 || i === n - 2 ? 0 : v));
        const x1 = sample(n, 5 * n).map((v, i) => (i === 0 ? v : 0));
        const x = f64([x0, x1]);
        const t = f64([sample(n, 7 * n), sample(n, 11 * n)]);
        const c = f64([sample(n, 13 * n), sample(n, 17 * n)]);
        const f = (v: NDArray) => lax.cumprod(v, 1, reverse);
        const [, jt] = jvp(f, [x], [t]);
        const [, back] = vjp(f, x);
        const [jtc] = back(c) as NDArray[];
        const lhs = np.sum(np.multiply(jt, c)).item() as number;
        const rhs = np.sum(np.multiply(t, jtc!)).item() as number;
        // both are sums of 2n^2 products of factors <= 1.5 in size, each rounded O(n) times
        expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(8 * n * n * n * Number.EPSILON * 1.5 ** (n + 2));
      }
    }
  });
});

describe('cumprod derivatives under vmap', () => {
  it('vmap of grad equals the loop over examples bit for bit', () => {
    const rows = [[0, 2, 3], [2, 0, 0], [0, 0, 0], sample(3, 1), sample(3, 2)];
    const g = grad(sumCumprod());
    const batched = vmap(g)(f64(rows)).toArray();
    expect(batched).toEqual(rows.map((r) => g(f64(r)).toArray()));
    const gRev = grad(sumCumprod(0, true));
    expect(vmap(gRev)(f64(rows)).toArray()).toEqual(rows.map((r) => gRev(f64(r)).toArray()));
  });
  it('vmap of the forward-mode Jacobian and of the Hessian equal the loop bit for bit', () => {
    const rows = [[0, 2, 3, 4], [2, 0, 0, 1], sample(4, 1)];
    const J = jacfwd((v: NDArray) => lax.cumprod(v, 0));
    expect(vmap(J)(f64(rows)).toArray()).toEqual(rows.map((r) => J(f64(r)).toArray()));
    const H = hessian(sumCumprod());
    expect(vmap(H)(f64(rows)).toArray()).toEqual(rows.map((r) => H(f64(r)).toArray()));
  });
});
