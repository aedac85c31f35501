/** grad/jvp/vjp/jacobians: hand-derived values, pytrees, aux, composition with vmap, errors. */
import { describe, expect, it } from 'vitest';
import { GradError, grad, hessian, jacfwd, jacrev, jvp, lax, np, valueAndGrad, vjp, vmap, type NDArray } from '../lib';

const close = (a: NDArray, b: number[] | number[][], tol = 1e-12) => {
  const x = (a.toArray() as number[] | number[][]).flat() as number[];
  const y = (b as (number | number[])[]).flat() as number[];
  expect(x.length).toBe(y.length);
  x.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(y[i]!))));
};

describe('reverse and forward mode', () => {
  const x = np.array([0.5, 1, 2]);
  it('grad of sum(sin(x^2)) is 2x cos(x^2)', () => {
    close(grad((v: NDArray) => np.sum(np.sin(np.square(v))))(x), [0.5, 1, 2].map((v) => 2 * v * Math.cos(v * v)));
  });
  it('jvp of sin along ones is cos', () => {
    const [out, t] = jvp((v: NDArray) => np.sin(v), [x], [np.ones(3)]);
    close(out, [0.5, 1, 2].map(Math.sin));
    close(t, [0.5, 1, 2].map(Math.cos));
  });
  it('vjp of a matrix product gives ct @ B^T and A^T @ ct', () => {
    const A = np.array([[1, 2], [3, 4]]), B = np.array([[5, 6], [7, 8]]);
    const [out, back] = vjp((a: NDArray, b: NDArray) => np.matmul(a, b), A, B);
    expect(out.toArray()).toEqual([[19, 22], [43, 50]]);
    const [ga, gb] = back(np.ones([2, 2])) as NDArray[];
    expect(ga!.toArray()).toEqual([[11, 15], [11, 15]]);
    expect(gb!.toArray()).toEqual([[4, 4], [6, 6]]);
  });
  it('gradients flow through pytrees of parameters, argnums and hasAux', () => {
    const loss = (p: { w: NDArray; b: NDArray }, v: NDArray) => np.sum(np.square(np.add(np.multiply(p.w, v), p.b)));
    const p = { w: np.array([1, 2]), b: np.array(0.5) };
    const g = grad(loss)(p, np.array([3, 4])) as { w: NDArray; b: NDArray };
    expect(g.w.toArray()).toEqual([2 * 3.5 * 3, 2 * 8.5 * 4]);
    expect(g.b.item()).toBe(2 * 3.5 + 2 * 8.5);
    const [gp, gx] = grad(loss, { argnums: [0, 1] })(p, np.array([3, 4])) as [unknown, NDArray];
    expect(gx.toArray()).toEqual([2 * 3.5 * 1, 2 * 8.5 * 2]);
    expect(gp).toBeDefined();
    const [[value, aux], g2] = valueAndGrad((v: NDArray) => [np.sum(np.square(v)), np.max(v)] as const, { hasAux: true })(np.array([1, -3]));
    expect((value as NDArray).item()).toBe(10);
    expect((aux as NDArray).item()).toBe(1);
    expect((g2 as NDArray).toArray()).toEqual([2, -6]);
  });
  it('values may be read inside grad (control flow on concrete values)', () => {
    const f = (v: NDArray) => ((np.sum(v).item() as number) > 0 ? np.sum(np.square(v)) : np.sum(v));
    expect(grad(f)(np.array([1, 2])).toArray()).toEqual([2, 4]);
    expect(grad(f)(np.array([-1, -2])).toArray()).toEqual([1, 1]);
  });
  it('non-smooth and integer paths give zero gradients as JAX does', () => {
    expect(grad((v: NDArray) => np.sum(np.floor(v)))(np.array([1.5, 2.5])).toArray()).toEqual([0, 0]);
    expect(grad((v: NDArray) => np.sum(np.multiply(v, lax.convertElementType(np.argmax(v), 'float64'))))(np.array([1, 3])).toArray()).toEqual([1, 1]);
    expect(grad((v: NDArray) => np.max(v))(np.array([1, 5, 5])).toArray()).toEqual([0, 0.5, 0.5]);
    expect(grad((v: NDArray) => np.prod(v))(np.array([2, 0, 3])).toArray()).toEqual([0, 6, 0]);
  });
});

describe('jacobians', () => {
  const f = (v: NDArray) => np.multiply(np.sin(v), np.sum(v));
  const x = np.array([0.1, 0.2, 0.3]);
  it('jacfwd equals jacrev and the hand-derived matrix', () => {
    const s = 0.6;
    const expected = [0.1, 0.2, 0.3].map((xi, i) => [0.1, 0.2, 0.3].map((_, j) => (i === j ? Math.cos(xi) * s : 0) + Math.sin(xi)));
    close(jacfwd(f)(x), expected);
    close(jacrev(f)(x), expected);
    expect(jacfwd(f)(x).shape).toEqual([3, 3]);
  });
  it('hessian of sum(x^3) is diag(6x)', () => {
    close(hessian((v: NDArray) => np.sum(np.power(v, 3)))(np.array([1, 2])), [[6, 0], [0, 12]]);
  });
  it('jacobians of pytree outputs and matrix inputs have out-shape + in-shape', () => {
    const J = jacrev((m: NDArray) => ({ s: np.sum(m, 0), t: np.sum(m) }))(np.ones([2, 3])) as { s: NDArray; t: NDArray };
    expect(J.s.shape).toEqual([3, 2, 3]);
    expect(J.t.shape).toEqual([2, 3]);
  });
});

describe('composition with vmap', () => {
  const loss = (w: NDArray, xi: NDArray, yi: NDArray) => np.square(np.subtract(np.dot(xi, w), yi));
  const X = np.array([[1, 2], [3, 4], [5, 6]]), Y = np.array([1, 2, 3]), W = np.array([0.5, -1]);
  it('vmap(grad(loss)) gives per-example gradients equal to the loop', () => {
    const per = vmap(grad(loss), { inAxes: [null, 0, 0] })(W, X, Y);
    const loop = [0, 1, 2].map((i) => grad(loss)(W, np.take(X, i, 0), np.take(Y, i)).toArray());
    expect(per.toArray()).toEqual(loop);
  });
  it('grad of a vmapped sum equals the sum of per-example gradients', () => {
    const g = grad((w: NDArray) => np.sum(vmap((xi: NDArray, yi: NDArray) => loss(w, xi, yi))(X, Y)))(W);
    const per = vmap(grad(loss), { inAxes: [null, 0, 0] })(W, X, Y);
    close(g, np.sum(per, 0).toArray() as number[]);
  });
  it('collectives differentiate with pmap semantics: psum transposes to psum', () => {
    const g = vmap(grad((v: NDArray) => lax.psum(np.sum(v), 'i')), { axisName: 'i' })(np.ones([3, 2]));
    expect(g.toArray()).toEqual([[3, 3], [3, 3], [3, 3]]);
  });
});

describe('errors', () => {
  it('non-scalar output, integer input, bad argnums', () => {
    expect(() => grad((v: NDArray) => v)(np.ones(2))).toThrow(/grad requires a scalar float output, got float64 of shape \(2\)/);
    expect(() => grad((v: NDArray) => np.sum(v))(np.ones(2, 'int32'))).toThrow(GradError);
    expect(() => grad((v: NDArray) => np.sum(v))(np.ones(2, 'int32'))).toThrow(/requires float inputs, but leaf 0 has dtype int32/);
    expect(() => grad((v: NDArray) => np.sum(v), { argnums: 3 })(np.ones(2))).toThrow(/argnums 3 is out of range for 1/);
    expect(() => jvp((v: NDArray) => v, [np.ones(2)], [np.ones(3)])).toThrow(/leaf 0 has shape \(3,\) but its primal has shape \(2,\)/);
  });
});
