/**
 * Pooling cases for `npm run bench` (issue 15): 2x2 max pooling, stride 2, forward + backward on a
 * [32, 28, 28, 32] float32 NHWC array (the output of the conv layer case), against jax-js.
 */
import * as jax from '@jax-js/jax';
import { jit, nn, np, valueAndGrad, type NDArray } from '../lib';
import { ms, type Median, type Row } from './report';

export function windowCases(report: (r: Row) => void, median: Median): void {
  const shape = [32, 28, 28, 32];
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + 21));
  const x = np.array({ data, shape });
  x.buffer();
  // forward + backward: the pooled sum and its gradient (the cotangent of every window is 1)
  const loss = (v: NDArray) => np.sum(nn.maxPool(v, [2, 2], { strides: [2, 2] }));
  const vg = valueAndGrad(loss),
    jvg = jit(vg);
  const run = (f: typeof vg) => () => {
    const [value, g] = f(x);
    value.buffer();
    g.buffer();
  };
  const eager = median(run(vg)),
    jitted = median(run(jvg));
  const jx = jax.numpy.array(data).reshape(shape);
  const jloss = (v: jax.Array) => jax.lax.reduceWindow(v, (w: jax.Array) => jax.numpy.max(w), [2, 2, 1], [2, 2, 1]).sum();
  const jvgE = jax.valueAndGrad(jloss),
    jvgJ = jax.jit(jax.valueAndGrad(jloss));
  const jrun = (f: typeof jvgE) => () => {
    const [value, g] = f(jx.ref);
    value.dataSync();
    g.dataSync();
  };
  const theirsEager = median(jrun(jvgE), 5),
    theirsJit = median(jrun(jvgJ), 5);
  const ours = Math.min(eager, jitted),
    theirs = Math.min(theirsEager, theirsJit);
  report({
    case: '9. 2x2 max pooling forward + backward, [32,28,28,32] float32 NHWC (valueAndGrad of the pooled sum)',
    measured: `vmap-ts eager ${ms(eager)}, jit ${ms(jitted)}; jax-js eager ${ms(theirsEager)}, jit ${ms(theirsJit)}`,
    ratio: `${(theirs / ours).toFixed(2)}x jax-js (best of each)`,
    target: '>= 1.0x',
    ok: theirs / ours >= 1,
  });
}
