/**
 * Control-flow cases for `npm run bench` (issue 11): per-iteration overhead of loop bodies on small
 * data, where the JS-side cost of running a program is what is measured.
 */
import { jit, lax, np, vmap, type NDArray } from '../lib';
import { ms, type Median, type Row } from './report';


const H = 64, X = 32, T = 1000, B = 128;
const fill = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => 0.1 * Math.sin(i * 0.37 + seed));

/** tanh(W@h + U@x + b), written three ways: a scan, a JS loop of jitted steps, a hand loop over Float64Arrays. */
export function controlFlowCases(report: (r: Row) => void, median: Median): void {
  const Wd = fill(H * H, 1), Ud = fill(H * X, 2), bd = fill(H, 3), xd = fill(T * X, 4);
  const W = np.array({ data: Wd, shape: [H, H] }), U = np.array({ data: Ud, shape: [H, X] }), b = np.array({ data: bd, shape: [H] });
  const xs = np.array({ data: xd, shape: [T, X] }), h0 = np.zeros([H]);
  const cell = (h: NDArray, x: NDArray) => np.tanh(np.add(np.add(np.matmul(W, h), np.matmul(U, x)), b));
  const rnn = (h: NDArray, seq: NDArray) => lax.scan((c: NDArray, x: NDArray) => [cell(c, x), c] as const, h, seq)[0];
  const scanned = jit(rnn);
  const tScan = median(() => void scanned(h0, xs).data());
  const step = jit(cell);
  const rows = Array.from({ length: T }, (_, t) => np.array({ data: xd.subarray(t * X, (t + 1) * X), shape: [X] }));
  const tSteps = median(() => {
    let h = h0;
    for (let t = 0; t < T; t++) h = step(h, rows[t]!);
    h.data();
  }, 5);
  const tHand = median(() => {
    let h = new Float64Array(H);
    for (let t = 0; t < T; t++) {
      const next = new Float64Array(H);
      for (let i = 0; i < H; i++) {
        let a = 0, c = 0;
        for (let k = 0; k < H; k++) a += Wd[i * H + k]! * h[k]!;
        for (let k = 0; k < X; k++) c += Ud[i * X + k]! * xd[t * X + k]!;
        next[i] = Math.tanh(a + c + bd[i]!);
      }
      h = next;
    }
  });
  report({
    case: '8. scan of an RNN cell tanh(W@h + U@x + b), h 64, x 32, 1000 steps, jitted (float64)',
    measured: `scan ${ms(tScan)}, JS loop of jitted steps ${ms(tSteps)}`,
    ratio: `${(tSteps / tScan).toFixed(1)}x the stepped loop`,
    target: '>= 10x',
    ok: tSteps / tScan >= 10,
  });
  report({
    case: '8b. the same scan against a hand-written loop over Float64Arrays',
    measured: `scan ${ms(tScan)}, hand loop ${ms(tHand)}`,
    ratio: `${(tScan / tHand).toFixed(2)}x the hand loop's time`,
    target: '<= 2x',
    ok: tScan / tHand <= 2,
  });

  const seqs = np.array({ data: fill(B * T * X, 5), shape: [B, T, X] });
  const batched = jit(vmap((seq: NDArray) => rnn(h0, seq)));
  const tBatched = median(() => void batched(seqs).data(), 5);
  const one = np.array({ data: fill(T * X, 6), shape: [T, X] });
  const tOne = median(() => void scanned(h0, one).data());
  report({
    case: '9. vmap of that scan over 128 sequences, against 128 separate scans',
    measured: `vmap ${ms(tBatched)}, 128 scans ${ms(B * tOne)} (${ms(tOne)} each)`,
    ratio: `${((B * tOne) / tBatched).toFixed(1)}x`,
    target: '>= 30x',
    ok: (B * tOne) / tBatched >= 30,
  });

  const N = 100_000;
  const loop = () =>
    lax.whileLoop(
      ([i]: [NDArray, NDArray]) => np.less(i, N),
      ([i, x]: [NDArray, NDArray]) => [np.add(i, 1), np.add(np.multiply(x, 0.5), 1)] as [NDArray, NDArray],
      [np.array(0, 'int32'), np.array(0.0)] as [NDArray, NDArray],
    )[1].item();
  const tWhile = median(loop, 5);
  report({
    case: '10. whileLoop of 10^5 iterations, 3-op scalar body (i < n; i + 1; x * 0.5 + 1), eager',
    measured: `${ms(tWhile)} (${((tWhile * 1000) / N).toFixed(2)} us per iteration)`,
    ratio: `${((tWhile * 1000) / N).toFixed(2)} us/iteration`,
    target: '<= 2 us',
    ok: (tWhile * 1000) / N <= 2,
  });
}
