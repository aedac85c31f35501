/**
 * Convolution cases for `npm run bench` (issue 15): one conv layer forward + backward against
 * jax-js, and vmap of the per-example conv against the hand-batched one.
 */
import * as jax from '@jax-js/jax';
import { grad, jit, lax, np, vmap, type NDArray } from '../lib';
import { interleavedMedians, ms, type Median, type Row } from './report';

const f32 = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => 0.1 * Math.sin(i * 0.37 + seed));

/** batch 32, 28x28, 16 -> 32 channels, 3x3, SAME, float32, NCHW / OIHW (jax-js's layout). */
export function convCases(report: (r: Row) => void, median: Median): void {
  const [N, C, H, W, O] = [32, 16, 28, 28, 32];
  const xd = f32(N * C * H * W, 1), wd = f32(O * C * 9, 2);
  const x = np.array({ data: xd, shape: [N, C, H, W] }), w = np.array({ data: wd, shape: [O, C, 3, 3] });
  const layer = (x: NDArray, w: NDArray) => lax.conv(x, w, [1, 1], 'SAME');
  const loss = (x: NDArray, w: NDArray) => np.sum(np.square(layer(x, w)));
  const step = jit((x: NDArray, w: NDArray) => grad(loss, { argnums: [0, 1] })(x, w));
  const ours = median(() => {
    const [gx, gw] = step(x, w);
    gx!.buffer();
    gw!.buffer();
  }, 5);
  const jx = jax.numpy.array(xd).reshape([N, C, H, W]), jw = jax.numpy.array(wd).reshape([O, C, 3, 3]);
  const jloss = (a: jax.Array, b: jax.Array) => {
    const y = jax.lax.conv(a, b, [1, 1], 'SAME');
    return y.ref.mul(y).sum();
  };
  const jg = jax.jit(jax.grad(jloss, { argnums: [0, 1] }) as unknown as (a: jax.Array, b: jax.Array) => jax.Array[]);
  const theirs = median(() => {
    const [gx, gw] = jg(jx.ref, jw.ref) as unknown as jax.Array[];
    gx!.dataSync();
    gw!.dataSync();
  }, 5);
  report({
    case: '11. conv layer forward + backward (grad wrt input and kernel), 32x16x28x28 * 32x16x3x3, SAME (float32)',
    measured: `vmap-ts ${ms(ours)}, jax-js ${ms(theirs)}`,
    ratio: `${(theirs / ours).toFixed(2)}x jax-js`,
    target: '>= 1.0x',
    ok: theirs / ours >= 1,
  });

  const batched = jit(layer);
  const perExample = jit(vmap((xi: NDArray) => np.squeeze(layer(np.expandDims(xi, 0), w), 0)));
  // interleaved, so drift on the shared machine (GC, the peers' worker threads) hits both alike
  const [tBatched, tVmap] = interleavedMedians(
    () => void batched(x, w).buffer(),
    () => void perExample(x).buffer(),
  );
  report({
    case: '12. vmap of the per-example conv against the hand-batched conv (forward, same shapes)',
    measured: `vmap ${ms(tVmap)}, hand-batched ${ms(tBatched)}`,
    ratio: `${(tVmap / tBatched).toFixed(2)}x the hand-batched time`,
    target: '<= 1.2x',
    ok: tVmap / tBatched <= 1.2,
  });
}
