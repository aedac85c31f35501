/**
 * Small-array cases for `npm run bench` (issue 17): per-op and per-call overhead on 10-element
 * arrays, where what is measured is the JS-side cost of dispatching, not arithmetic.
 */
import * as tf from '@tensorflow/tfjs-core';
import { grad, jit, np, type NDArray } from '../lib';
import { type Median, type Row } from './report';

const us = (ms: number) => `${(ms * 1000).toFixed(2)} µs`;

export function smallArrayCases(report: (r: Row) => void, median: Median): void {
  const a = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), b = np.array([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
  const reps = 20000;
  const ours = median(() => {
    for (let i = 0; i < reps; i++) np.add(a, b).buffer();
  }) / reps;
  const ta = tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'float32'), tb = tf.tensor1d([2, 2, 2, 2, 2, 2, 2, 2, 2, 2], 'float32');
  const theirs = median(() => {
    for (let i = 0; i < reps; i++) {
      const z = tf.add(ta, tb);
      z.dataSync();
      z.dispose();
    }
  }) / reps;
  report({ case: '13. eager add of two 10-element arrays, computed (vmap-ts float64; tfjs-cpu float32, its only float)', measured: `vmap-ts ${us(ours)}, tfjs-cpu ${us(theirs)} per op`, ratio: `${(ours / theirs).toFixed(2)}x tfjs-cpu's time`, target: '<= 1.0x', ok: ours <= theirs });

  // dispatch-bound: 3000 cheap ops; arithmetic-bound: 3000 ops with 1000 tanh calls per element, beside a hand loop
  const cheap = jit((x: NDArray) => {
    let y = x;
    for (let i = 0; i < 1000; i++) y = np.maximum(np.add(np.multiply(y, 0.999), 0.001), -1);
    return y;
  });
  const tanhChain = jit((x: NDArray) => {
    let y = x;
    for (let i = 0; i < 1000; i++) y = np.tanh(np.add(np.multiply(y, 1.01), 0.5));
    return y;
  });
  // steady state: a loop over 10 elements runs few iterations per call, so V8 optimises it only after many calls
  for (let i = 0; i < 300; i++) {
    cheap(a).buffer();
    tanhChain(a).buffer();
  }
  const tCheap = median(() => void cheap(a).buffer(), 21);
  const tTanh = median(() => void tanhChain(a).buffer(), 21);
  const xs = Array.from(a.data(), Number);
  const tHand = median(() => {
    const out = new Float64Array(xs.length);
    for (let e = 0; e < xs.length; e++) {
      let y = xs[e]!;
      for (let i = 0; i < 1000; i++) y = Math.tanh(y * 1.01 + 0.5);
      out[e] = y;
    }
  }, 21);
  report({
    case: '14. cached jit call of a 3000-op elementwise chain on 10 elements (1000 x max(y * 0.999 + 0.001, -1))',
    measured: `${tCheap.toFixed(3)} ms per call; with tanh (1000 x tanh(y * 1.01 + 0.5)) ${tTanh.toFixed(3)} ms, its hand-written loop ${tHand.toFixed(3)} ms`,
    ratio: `${tCheap.toFixed(3)} ms`,
    target: '<= 0.3 ms',
    ok: tCheap <= 0.3,
  });

  const f = (x: NDArray) => np.sum(np.multiply(np.sin(x), x));
  const jg = jit(grad(f)), jf = jit(f);
  const tg = median(() => {
    for (let i = 0; i < reps; i++) jg(a).buffer();
  }) / reps;
  const tf1 = median(() => {
    for (let i = 0; i < reps; i++) jf(a).buffer();
  }) / reps;
  report({ case: '15. cached jit(grad(f)) of a 3-op scalar function on 10 elements (beside cached jit(f))', measured: `jit(grad(f)) ${us(tg)}, jit(f) ${us(tf1)} per call`, ratio: `${(tg * 1000).toFixed(2)} µs`, target: '<= 5 µs', ok: tg * 1000 <= 5 });
}
