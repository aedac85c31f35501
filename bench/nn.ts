/**
 * nn cases for `npm run bench` (issue 14): jit(nn.gelu) over 1e6 float32 runs as one fused loop
 * (tanh form, JAX's default, and the exact erfc form), against a hand-written JS loop of the same
 * formula (which, unlike the fused loop, does not round its intermediates to float32).
 */
import { jit, nn, np, type NDArray } from '../lib';
import { ms, type Median, type Row } from './report';


export function nnCases(report: (r: Row) => void, median: Median): void {
  const n = 1_000_000;
  const data = Float32Array.from({ length: n }, (_, i) => 3 * Math.sin(i * 0.37 + 14));
  const x = np.array(data);
  x.buffer();
  const gelu = jit((v: NDArray) => nn.gelu(v));
  const exact = jit((v: NDArray) => nn.gelu(v, { approximate: false }));
  const c = Math.sqrt(2 / Math.PI);
  const hand = () => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const v = data[i]!;
      out[i] = v * 0.5 * (1 + Math.tanh(c * (v + 0.044715 * v * v * v)));
    }
  };
  const tj = median(() => void gelu(x).buffer()),
    te = median(() => void exact(x).buffer()),
    th = median(hand);
  report({
    case: '14. jit(nn.gelu), 1e6 float32 (one fused loop) vs a hand-written JS loop',
    measured: `jit ${ms(tj)}, hand ${ms(th)}`,
    ratio: (tj / th).toFixed(2),
    target: '<= 1.5',
    ok: tj / th <= 1.5,
  });
  report({
    case: "14. ... gelu(x, { approximate: false }) (erfc's Chebyshev series in the loop)",
    measured: `jit ${ms(te)}`,
    ratio: (te / th).toFixed(2),
    target: '(reference)',
    ok: null,
  });
}

/** np.at(x, idx).add(v) with 1e5 indices into 1e6 float64 (one scatter-add into x), against a hand loop that copies x and adds. */
export function atCases(report: (r: Row) => void, median: Median): void {
  const n = 1_000_000,
    m = 100_000;
  const xs = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
  const idx = Int32Array.from({ length: m }, (_, i) => (i * 7919 * 31) % n);
  const vs = Float64Array.from({ length: m }, (_, i) => Math.cos(i));
  const x = np.array(xs),
    ix = np.array(idx),
    v = np.array(vs);
  x.buffer();
  ix.buffer();
  v.buffer();
  const f = jit((a: NDArray, i: NDArray, u: NDArray) => np.at(a, i).add(u));
  const hand = () => {
    const out = xs.slice();
    for (let k = 0; k < m; k++) out[idx[k]!]! += vs[k]!;
  };
  const tj = median(() => void f(x, ix, v).buffer()),
    th = median(hand);
  report({
    case: '14. jit(np.at(x, idx).add(v)), 1e5 indices into 1e6 float64 vs a hand-written loop',
    measured: `jit ${ms(tj)}, hand ${ms(th)}`,
    ratio: (tj / th).toFixed(2),
    target: '<= 2',
    ok: tj / th <= 2,
  });
}
