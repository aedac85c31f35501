/**
 * Random-number cases for `npm run bench` (issue 12): normal draws against jax-js's random.normal,
 * and raw bits against a hand-written threefry2x32 loop over a Uint32Array.
 */
import * as jax from '@jax-js/jax';
import { jit, random, vmap, type NDArray } from '../lib';
import { ms, type Median, type Row } from './report';


/** threefry2x32-20 of counters (0, i) under one key, xor of the two words: JAX's 32-bit random bits, by hand. */
export function handBits(k0: number, k1: number, out: Uint32Array): void {
  const k2 = k0 ^ k1 ^ 0x1bd11bda;
  const R = [13, 15, 26, 6, 17, 29, 16, 24];
  const ks = [k0 | 0, k1 | 0, k2 | 0];
  for (let i = 0; i < out.length; i++) {
    let x0 = k0 | 0, x1 = (i + k1) | 0;
    for (let g = 0; g < 5; g++) {
      const base = (g % 2) * 4;
      for (let r = 0; r < 4; r++) {
        const rot = R[base + r]!;
        x0 = (x0 + x1) | 0;
        x1 = (x1 << rot) | (x1 >>> (32 - rot));
        x1 ^= x0;
      }
      x0 = (x0 + ks[(g + 1) % 3]!) | 0;
      x1 = (x1 + ks[(g + 2) % 3]! + g + 1) | 0;
    }
    out[i] = x0 ^ x1;
  }
}

export function randomCases(report: (r: Row) => void, median: Median): void {
  const n = 1_000_000;
  const k = random.key(0);
  const jk = jax.random.key(0);
  for (const dtype of ['float32', 'float64'] as const) {
    const eager = median(() => void random.normal(k, [n], { dtype }).data());
    const jitted = jit((kk: NDArray) => random.normal(kk, [n], { dtype }));
    const tj = median(() => void jitted(k).data());
    if (dtype === 'float32') {
      const theirs = median(() => void jax.random.normal(jk.ref, [n]).dataSync());
      const best = Math.min(eager, tj);
      report({ case: '9a. random.normal(key, [1e6], float32): vmap-ts vs jax-js random.normal (wasm)', measured: `eager ${ms(eager)}, jit ${ms(tj)}, jax-js ${ms(theirs)}`, ratio: `${(theirs / best).toFixed(2)}x jax-js`, target: '>= 1.0x', ok: theirs / best >= 1 });
    } else {
      report({ case: '9b. random.normal(key, [1e6], float64) (JAX bits need 64 random bits per value)', measured: `eager ${ms(eager)}, jit ${ms(tj)}`, ratio: '', target: '(reference)', ok: null });
    }
  }
  const m = 10_000_000;
  const ours = median(() => void random.bits(k, [m]).data(), 5);
  const out = new Uint32Array(m);
  const hand = median(() => handBits(0, 0, out), 5);
  const same = random.bits(k, [m]).data().every((v, i) => v === out[i]);
  report({ case: '9c. random.bits(key, [1e7]) uint32 vs a hand-written threefry2x32 loop', measured: `vmap-ts ${ms(ours)}, hand loop ${ms(hand)} (same bits: ${same})`, ratio: `${(hand / ours).toFixed(2)} of the hand loop's speed`, target: '>= 0.5', ok: same && hand / ours >= 0.5 });
  const keys = random.split(k, 1000);
  const perKey = vmap((kk: NDArray) => random.normal(kk, [1000], { dtype: 'float32' }));
  const tv = median(() => void perKey(keys).data());
  const rows = Array.from({ length: 1000 }, (_, i) => random.foldIn(k, i));
  rows.forEach((r) => r.data());
  const tl = median(() => { for (const r of rows) random.normal(r, [1000], { dtype: 'float32' }).data(); }, 3);
  report({ case: '9d. vmap over 1000 split keys of normal([1000]) float32 vs the loop over keys', measured: `vmap ${ms(tv)}, loop ${ms(tl)}`, ratio: `${(tl / tv).toFixed(1)}x`, target: '(reference)', ok: null });
}
