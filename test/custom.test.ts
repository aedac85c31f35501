/** customJvp / customVjp: the rules are used, batched once per batch, nested, and misuse is an error. */
import { describe, expect, it } from 'vitest';
import { customJvp, customVjp, grad, GradError, hessian, jacfwd, jacrev, jit, jvp, lax, np, vjp, vmap, type NDArray } from '../lib';

const values = (x: NDArray) => Array.from(x.data());
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** softplus with the rule JAX's nn uses (t * sigmoid(x)); `calls` counts rule invocations. */
function makeSoftplus() {
  const counter = { calls: 0 };
  const f = customJvp((x: NDArray) => np.log1p(np.exp(x)));
  f.defjvp(([x]: [NDArray], [t]: [NDArray]) => {
    counter.calls++;
    return [f(x), np.multiply(t, lax.logistic(x))];
  });
  return { f, counter };
}

describe('customJvp', () => {
  it('evaluates as the function and differentiates by the rule (a wrong rule changes grad)', () => {
    const wrong = customJvp((x: NDArray) => np.sin(x));
    wrong.defjvp(([x]: [NDArray], [t]: [NDArray]) => [wrong(x), np.multiply(t, 100)]);
    expect(wrong(np.array(0.3)).item()).toBe(Math.sin(0.3));
    expect(grad(wrong)(np.array(0.3)).item()).toBe(100);
    expect(jvp(wrong, [np.array(0.3)], [np.array(2)])[1].item()).toBe(200);
  });

  it('the rule gives a finite gradient where differentiating f would not (log1p(exp(1000)))', () => {
    const { f } = makeSoftplus();
    const naive = (x: NDArray) => np.log1p(np.exp(x));
    expect(Number.isNaN(grad(naive)(np.array(1000)).item())).toBe(true);
    expect(grad(f)(np.array(1000)).item()).toBe(1);
  });

  it('is called once per batch under vmap(grad) and grad(vmap), and equals the per-example loop bit for bit', () => {
    const { f, counter } = makeSoftplus();
    const xs = [-1.5, 0, 0.25, 2];
    const loop = xs.map((v) => grad(f)(np.array(v)).item());
    counter.calls = 0;
    expect(values(vmap(grad(f))(np.array(xs)))).toEqual(loop);
    expect(counter.calls).toBe(1);
    counter.calls = 0;
    expect(values(grad((x: NDArray) => np.sum(vmap(f)(x)))(np.array(xs)))).toEqual(loop);
    expect(counter.calls).toBe(1);
    expect(loop.map((g, i) => Math.abs(g - sigmoid(xs[i]!)))).toEqual(xs.map(() => 0));
  });

  it('nests: grad of grad, hessian, jacfwd and jacrev', () => {
    const { f } = makeSoftplus();
    const s = sigmoid(0.5);
    expect(grad(grad(f))(np.array(0.5)).item()).toBeCloseTo(s * (1 - s), 15);
    expect(hessian(f)(np.array(0.5)).item()).toBeCloseTo(s * (1 - s), 15);
    const xs = np.array([-1, 2]);
    expect(values(jacfwd(vmap(f))(xs))).toEqual(values(jacrev(vmap(f))(xs)));
  });

  it('takes pytrees and nondiffArgnums (passed first to the rule)', () => {
    const affine = customJvp((k: number, p: { a: NDArray; b: NDArray }) => np.add(np.multiply(p.a, k), p.b), { nondiffArgnums: [0] });
    let seenK: unknown;
    affine.defjvp((k: number, [p]: [{ a: NDArray; b: NDArray }], [t]: [{ a: NDArray; b: NDArray }]) => {
      seenK = k;
      return [affine(k, p), np.add(np.multiply(t.a, 2 * k), t.b)];
    });
    const g = grad((a: NDArray) => np.sum(affine(3, { a, b: np.array([1, 1]) })))(np.array([1, 2]));
    expect(values(g)).toEqual([6, 6]); // the rule's (deliberate) 2k, not f's k
    expect(seenK).toBe(3);
  });

  it('jit traces once and equals eager bit for bit', () => {
    const { f } = makeSoftplus();
    const g = jit(vmap(grad(f)));
    const xs = np.array([-3, 0.5, 7]);
    const eager = values(vmap(grad(f))(xs));
    expect(values(g(xs))).toEqual(eager);
    expect(values(g(np.array([1, 2, 3])))).toEqual(values(vmap(grad(f))(np.array([1, 2, 3]))));
    expect(g.cacheSize).toBe(1);
  });

  it('misuse: no rule, a rule returning the wrong structure', () => {
    const f = customJvp((x: NDArray) => np.sin(x));
    expect(() => f(np.array(1))).toThrow(/No JVP defined for custom_jvp function/);
    f.defjvp(([x]: [NDArray], [t]: [NDArray]) => [f(x), [t, t]]);
    expect(() => grad(f)(np.array(1))).toThrow(GradError);
    expect(() => grad(f)(np.array(1))).toThrow(/tangent output must have the same pytree structure/);
  });
});

describe('customVjp', () => {
  /** Identity forward, gradient clipped to [-1, 1] backward. */
  function makeClip() {
    const counter = { calls: 0 };
    const clip = customVjp((x: NDArray) => np.multiply(x, 1));
    clip.defvjp(
      (x: NDArray) => [np.multiply(x, 1), null],
      (_: null, g: NDArray) => {
        counter.calls++;
        return [np.clip(g, -1, 1)];
      },
    );
    return { clip, counter };
  }

  it('runs bwd for the gradient (clipping) and forward mode is an error as in JAX', () => {
    const { clip } = makeClip();
    expect(values(grad((x: NDArray) => np.sum(np.multiply(clip(x), 5)))(np.array([1, -2])))).toEqual([1, 1]);
    expect(values(grad((x: NDArray) => np.sum(np.multiply(clip(x), -0.5)))(np.array([1, -2])))).toEqual([-0.5, -0.5]);
    expect(() => jvp(clip, [np.array(1)], [np.array(1)])).toThrow("can't apply forward-mode autodiff (jvp) to a custom_vjp function.");
  });

  it('residuals and several arguments; an unbatched argument gets the cotangent summed over the batch', () => {
    const mul = customVjp((x: NDArray, y: NDArray) => np.multiply(x, y));
    mul.defvjp(
      (x: NDArray, y: NDArray) => [np.multiply(x, y), { x, y }],
      (r: { x: NDArray; y: NDArray }, g: NDArray) => [np.multiply(g, r.y), np.multiply(np.multiply(g, r.x), 10)],
    );
    const [gx, gy] = grad((x: NDArray, y: NDArray) => np.sum(mul(x, y)), { argnums: [0, 1] })(np.array([1, 2]), np.array([3, 4]));
    expect(values(gx!)).toEqual([3, 4]);
    expect(values(gy!)).toEqual([10, 20]);
    const xs = np.array([1, 2, 5]);
    expect(grad((y: NDArray) => np.sum(vmap((x: NDArray) => mul(x, y))(xs)))(np.array(3)).item()).toBe(80);
    const perExample = vmap(grad((x: NDArray, y: NDArray) => mul(x, y), { argnums: 1 }), { inAxes: [0, null] })(xs, np.array(3));
    expect(values(perExample)).toEqual([10, 20, 50]);
  });

  it('bwd is called once per batch under grad(vmap)', () => {
    const { clip, counter } = makeClip();
    counter.calls = 0;
    const g = grad((x: NDArray) => np.sum(np.multiply(vmap(clip)(x), np.array([3, 0.5, -4]))))(np.array([1, 2, 3]));
    expect(values(g)).toEqual([1, 0.5, -1]);
    expect(counter.calls).toBe(1);
  });

  it('a null cotangent is zero; bwd with the wrong count of cotangents is an error', () => {
    const f = customVjp((x: NDArray, y: NDArray) => np.add(x, y));
    f.defvjp((x: NDArray, y: NDArray) => [np.add(x, y), null], (_: null, g: NDArray) => [g, null]);
    const [gx, gy] = vjp(f, np.array(1), np.array(2))[1](np.array(1));
    expect([gx.item(), gy.item()]).toEqual([1, 0]);
    const bad = customVjp((x: NDArray) => np.sin(x));
    bad.defvjp((x: NDArray) => [np.sin(x), x], (x: NDArray, g: NDArray) => [g, g]);
    expect(() => grad(bad)(np.array(1))).toThrow(/one cotangent per differentiated argument \(1\), got length 2/);
    expect(() => customVjp((x: NDArray) => x)(np.array(1))).toThrow(/No VJP defined/);
  });
});

describe('the library uses them where JAX does', () => {
  it("nn.softplus differentiates by JAX's rule: 0.5 at the kink, finite at +-1000; logsumexp's gradient is softmax", async () => {
    const { nn } = await import('../lib');
    expect(grad(nn.softplus)(np.array(0)).item()).toBe(0.5);
    expect(grad(nn.softplus)(np.array(1000)).item()).toBe(1);
    expect(grad(nn.softplus)(np.array(-1000)).item()).toBe(0);
    expect(grad(nn.logSigmoid)(np.array(0)).item()).toBe(0.5);
    expect(values(grad((x: NDArray) => np.logsumexp(x))(np.array([2, 2, 2, 2])))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});
