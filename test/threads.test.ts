/**
 * Worker threads: kernels split over threads give the bits of one thread. Each test checks that
 * the threaded path really ran (threadStats) and compares with a single-threaded reference.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { jit, np, threadCount, threadsReady, useThreads } from '../lib';
import { allocate } from '../lib/array/dtype';
import { matmulJS } from '../lib/array/primitives/dot';
import { isShared, PARALLEL_MIN_ELEMENTS, readyHelpers, runParallel, threadStats } from '../lib/array/threads';
import { wasmMatmul } from '../lib/array/wasm';
import * as lax from '../lib/lax/special';

const N = PARALLEL_MIN_ELEMENTS + 777; // large enough to split; 5 x 6709
const specials = [NaN, Infinity, -Infinity, -0, 0, 1e-310, -1e308, 88.7, -745.2];
const data = (n: number, seed: number): number[] =>
  Array.from({ length: n }, (_, i) => (i % 97 === 0 ? specials[(i / 97) % specials.length]! : Math.sin(i * 0.731 + seed) * 40));

/** Runs f and returns how many kernels it split over threads. */
const parallelRunsOf = (f: () => void): number => {
  const before = threadStats.parallelRuns;
  f();
  return threadStats.parallelRuns - before;
};
const sameBits = (got: ArrayLike<number>, want: ArrayLike<number>): void => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) throw new Error(`element ${i}: got ${got[i]}, want ${want[i]}`);
};

beforeAll(async () => {
  useThreads(2);
  expect(await threadsReady()).toBe(1);
});

describe('thread pool', () => {
  it('runs with the configured count and rejects a bad one', () => {
    expect(threadCount()).toBe(2);
    expect(() => useThreads(0)).toThrow(/useThreads: n must be a positive integer, got 0/);
    expect(() => useThreads(1.5)).toThrow(RangeError);
    expect(threadCount()).toBe(2);
  });

  it('keeps arrays in ordinary ArrayBuffers (V8 does not count shared ones towards GC pressure)', () => {
    expect(isShared(allocate('float64', 4 * PARALLEL_MIN_ELEMENTS))).toBe(false);
  });

  it('passes an error thrown on a helper back to the caller, and stays usable', () => {
    const out = new Float64Array(new SharedArrayBuffer(8 * N));
    const bad = { kind: 'loop' as const, src: 'return function () { throw new RangeError("boom in helper"); };', bufs: [], out, start: 0, end: 1 };
    expect(() => runParallel([bad], () => {})).toThrow(/vmap-ts worker thread failed: RangeError: boom in helper/);
    const ok = { kind: 'loop' as const, src: 'return function (b, s, e, o) { for (let i = s; i < e; i++) o[i] = i; };', bufs: [], out, start: 0, end: N };
    runParallel([ok], () => {});
    expect(out[N - 1]).toBe(N - 1);
    expect(readyHelpers()).toBe(1);
  });
});

describe('threaded kernels == one thread, bit for bit', () => {
  it('wasm matmul split by batch and by rows == the JS kernel', () => {
    fc.assert(
      fc.property(fc.constantFrom('float32' as const, 'float64' as const), fc.constantFrom(1, 2, 3, 5), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 60, max: 130 }), fc.integer({ min: 1, max: 90 }), (dtype, B, M, K, N2) => {
        const Mx = Math.max(M, Math.ceil(2 ** 19 / (B * K * N2))); // enough work to be split at the 2^19 threshold passed below
        const View = dtype === 'float32' ? Float32Array : Float64Array;
        const a = View.from(data(B * Mx * K, 1)), b = View.from(data(B * K * N2, 2).map((v) => (Number.isFinite(v) ? v / 7 : 0.5)));
        let fast: ArrayLike<number> | null = null;
        expect(parallelRunsOf(() => void (fast = wasmMatmul(dtype, a, b, B, Mx, K, N2, undefined, 2 ** 19)))).toBe(1);
        sameBits(fast!, matmulJS(dtype, a, b, B, Mx, K, N2));
      }),
      { numRuns: 25 },
    );
  });

  it('wasm matmul split by columns (one product wider than tall) == the JS kernel', () => {
    fc.assert(
      fc.property(fc.constantFrom('float32' as const, 'float64' as const), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 200, max: 300 }), fc.integer({ min: 21, max: 400 }), (dtype, M, K, N) => {
        const View = dtype === 'float32' ? Float32Array : Float64Array;
        const a = View.from(data(M * K, 4)), b = View.from(data(K * N, 5).map((v) => (Number.isFinite(v) ? v / 7 : 0.5)));
        let fast: ArrayLike<number> | null = null;
        // M < N and one matrix: the split is by 8-wide column panels
        expect(parallelRunsOf(() => void (fast = wasmMatmul(dtype, a, b, 1, M, K, N, undefined, 1)))).toBe(1);
        sameBits(fast!, matmulJS(dtype, a, b, 1, M, K, N));
      }),
      { numRuns: 15 },
    );
  });

  it('a fused jit loop == the scalar chain, over several staging chunks', () => {
    const f = jit((x: ReturnType<typeof np.array>) => np.exp(np.add(np.multiply(np.sin(x), 2), 1)));
    for (const dt of ['float32', 'float64'] as const) {
      const xs = data(2 ** 19 + 12345, 3);
      const x = np.array(xs, dt);
      let got: ArrayLike<number> = [];
      expect(parallelRunsOf(() => void (got = f(x).data()))).toBe(2); // rounds of 2 x 2^18 elements
      const r = dt === 'float32' ? Math.fround : (v: number) => v;
      sameBits(got, xs.map((v) => r(Math.exp(r(r(Math.sin(r(v)) * 2) + 1)))));
    }
  });

  it('a fused loop mixing dtypes (bool predicate) at sizes that are no multiple of 8 == one thread', async () => {
    const f = jit((m: ReturnType<typeof np.array>, x: ReturnType<typeof np.array>) => np.where(m, np.exp(np.sin(x)), x));
    for (const [n, dt] of [[40001, 'float64'], [100002, 'float32'], [333 * 333, 'float64']] as const) {
      const xs = data(n, 6);
      const m = np.array(xs.map((v) => v > 0), 'bool'), x = np.array(xs, dt);
      let threaded: ArrayLike<number> = [];
      expect(parallelRunsOf(() => void (threaded = f(m, x).data()))).toBeGreaterThanOrEqual(1);
      useThreads(1);
      try {
        sameBits(threaded, f(m, x).data());
      } finally {
        useThreads(2);
        expect(await threadsReady()).toBe(1);
      }
    }
  });

  it('eager transcendental ops (array/array, array/scalar, scalar/array, views, broadcast rows) == one thread', async () => {
    const xs = data(N, 4), ys = data(N, 5);
    const cases: [string, (d: 'float32' | 'float64') => ReturnType<typeof np.array>][] = [
      ['tanh', (d) => np.tanh(np.array(xs, d))],
      ['exp', (d) => np.exp(np.array(xs, d))],
      ['log1p', (d) => np.log1p(np.array(xs, d))],
      ['sin of a transposed view', (d) => np.sin(np.transpose(np.reshape(np.array(xs, d), [5, N / 5])))],
      ['atan2', (d) => np.arctan2(np.array(xs, d), np.array(ys, d))],
      ['atan2 array, scalar', (d) => np.arctan2(np.array(xs, d), 3)],
      ['atan2 scalar, array', (d) => np.arctan2(-2.5, np.array(xs, d))],
      ['atan2 broadcast row', (d) => np.arctan2(np.reshape(np.array(xs, d), [5, N / 5]), np.array(ys.slice(0, N / 5), d))],
      ['atan2 x, x', (d) => { const x = np.array(xs, d); return np.arctan2(x, x); }],
      // the special functions' loops carry their helpers' source to the worker threads
      ['erf', (d) => lax.erf(np.array(xs, d))],
      ['lgamma', (d) => lax.lgamma(np.array(xs, d))],
      ['digamma', (d) => lax.digamma(np.array(xs, d))],
      ['erfInv of tanh', (d) => lax.erfInv(np.tanh(np.array(xs, d)))],
      ['nextafter', (d) => lax.nextafter(np.array(xs, d), np.array(ys, d))],
    ];
    for (const [name, make] of cases) {
      for (const d of ['float32', 'float64'] as const) {
        let threaded: ArrayLike<number> = [];
        const runs = parallelRunsOf(() => void (threaded = make(d).data()));
        expect(runs, `${name} ${d} ran threaded`).toBeGreaterThanOrEqual(1);
        useThreads(1);
        try {
          const single = make(d).data();
          sameBits(threaded, single);
        } finally {
          useThreads(2);
          expect(await threadsReady()).toBe(1);
        }
      }
    }
  });
});
