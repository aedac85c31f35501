/**
 * Control flow as data: loops and branches that vmap, grad and jit see through.
 *
 * 1. Batched Newton's method with a data-dependent exit: `whileLoop` runs until |f(x)| is below a
 *    tolerance that differs per example. Under vmap the loop runs until every lane is done and a
 *    finished lane keeps its value, so each example stops at its own iteration count.
 * 2. Fitting an ODE by gradient descent through `scan`: a damped oscillator integrated with 400
 *    steps of semi-implicit Euler is ONE scan node (not 400 unrolled copies); `grad` differentiates
 *    through it (the reverse pass is a reverse scan) and recovers the damping and stiffness that
 *    generated the observed trajectory.
 * Run: npx tsx examples/control-flow.ts
 */
import { grad, jit, lax, np, vmap, type NDArray } from '../lib';

// 1. cube roots by Newton: solve x^3 - a = 0 from x = a, stop when |x^3 - a| < tol
const newtonCubeRoot = (a: NDArray, tol: NDArray) => {
  const residual = (x: NDArray) => np.subtract(np.power(x, 3), a);
  const [x, steps] = lax.whileLoop(
    ([x]: [NDArray, NDArray]) => np.greaterEqual(np.abs(residual(x)), tol),
    ([x, n]: [NDArray, NDArray]) => [np.subtract(x, np.divide(residual(x), np.multiply(3, np.square(x)))), np.add(n, 1)] as [NDArray, NDArray],
    [a, np.array(0, 'int32')] as [NDArray, NDArray],
  );
  return { root: x, steps };
};
const targets = np.array([2, 27, 1000, 0.5, 8]);
const tolerances = np.array([1e-2, 1e-12, 1e-6, 1e-12, 1]);
const solved = vmap(newtonCubeRoot)(targets, tolerances);
console.log('1. Newton cube roots, one whileLoop under vmap, each example with its own tolerance');
console.log('   a          tol      root                 steps  |root^3 - a|');
const roots = solved.root.toArray() as number[], steps = solved.steps.toArray() as number[];
(targets.toArray() as number[]).forEach((a, i) => {
  const tol = (tolerances.toArray() as number[])[i]!;
  const err = Math.abs(roots[i]! ** 3 - a);
  console.log(`   ${String(a).padEnd(10)} ${tol.toExponential(0).padEnd(8)} ${roots[i]!.toPrecision(16).padEnd(20)} ${String(steps[i]).padStart(5)}  ${err.toExponential(2)}`);
});
console.log(`   every lane within its tolerance: ${roots.every((r, i) => Math.abs(r ** 3 - (targets.toArray() as number[])[i]!) < (tolerances.toArray() as number[])[i]!)}`);

// 2. a damped oscillator x'' = -k x - c x', integrated by scan; fit (c, k) to an observed trajectory
const dt = 0.05, T = 400;
const simulate = (params: NDArray) => {
  const c = np.take(params, 0), k = np.take(params, 1);
  const step = ([x, v]: [NDArray, NDArray]) => {
    const v2 = np.add(v, np.multiply(dt, np.subtract(np.negative(np.multiply(k, x)), np.multiply(c, v))));
    return [np.add(x, np.multiply(dt, v2)), v2] as [NDArray, NDArray];
  };
  const [, xs] = lax.scan((state: [NDArray, NDArray]) => {
    const next = step(state);
    return [next, next[0]] as const;
  }, [np.array(1.0), np.array(0.0)] as [NDArray, NDArray], null, { length: T });
  return xs;
};
const truth = np.array([0.3, 4.0]);
const observed = simulate(truth);
const loss = (params: NDArray) => np.mean(np.square(np.subtract(simulate(params), observed)));
const lossAndGrad = jit((p: NDArray) => [loss(p), grad(loss)(p)] as const);
let params = np.array([0.1, 3.0]);
console.log('\n2. Fitting damping c and stiffness k of an oscillator through a 400-step scan');
for (let it = 0; it <= 300; it++) {
  const [l, g] = lossAndGrad(params);
  if (it % 50 === 0) console.log(`   step ${String(it).padStart(3)}  loss ${(l.item() as number).toExponential(3)}  c ${(params.toArray() as number[])[0]!.toFixed(4)}  k ${(params.toArray() as number[])[1]!.toFixed(4)}`);
  params = np.subtract(params, np.multiply(0.5, g));
}
const [c, k] = params.toArray() as number[];
console.log(`   recovered c = ${c!.toFixed(3)}, k = ${k!.toFixed(3)} (true 0.3, 4.0)`);
