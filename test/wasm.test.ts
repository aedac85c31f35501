/** The WebAssembly SIMD matmul and the JS fallback give the same bits, for every shape tail. */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { np } from '../lib';
import { matmulJS } from '../lib/array/primitives/dot';
import { useWasm, wasmAvailable, wasmMatmul } from '../lib/array/wasm';

afterEach(() => useWasm(true));

describe('wasm kernels', () => {
  it('are built by npm test (pretest) and loaded', () => {
    expect(wasmAvailable()).toBe(true);
  });

  it('matmul: wasm == JS bit for bit, float32 and float64, all microkernel tails', () => {
    const dim = fc.integer({ min: 1, max: 19 });
    fc.assert(
      fc.property(fc.constantFrom('float32' as const, 'float64' as const), fc.integer({ min: 1, max: 3 }), dim, fc.integer({ min: 1, max: 40 }), dim, fc.integer(), (dtype, B, M, K, N, seed) => {
        const View = dtype === 'float32' ? Float32Array : Float64Array;
        let s = seed;
        const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) | 0) / 2 ** 31) * 3;
        const make = (n: number) => { const v = new View(n); for (let i = 0; i < n; i++) v[i] = rnd(); return v; };
        const a = make(B * M * K), b = make(B * K * N);
        useWasm(true);
        const fast = wasmMatmul(dtype, a, b, B, M, K, N, 0);
        if (!fast) throw new Error('wasm kernel unavailable');
        const ref = matmulJS(dtype, a, b, B, M, K, N);
        expect(fast.length).toBe(ref.length);
        for (let i = 0; i < ref.length; i++) if (!Object.is(fast[i], ref[i])) throw new Error(`element ${i}: wasm ${fast[i]} js ${ref[i]}`);
      }),
      { numRuns: 150 },
    );
  });

  it('matmul: wasm == JS bit for bit past every block edge (K > 256 reloads partial sums, N past a column block, M past a row block)', () => {
    // blocks: KC 256, NC 256 (f32) / 128 (f64), MC 64; tiles 4x8 (f32) / 2x8 (f64)
    for (const dtype of ['float32', 'float64'] as const)
      for (const [B, M, K, N] of [[1, 67, 530, 270], [2, 130, 257, 131], [1, 65, 256, 257], [3, 5, 513, 9]] as const) {
        const View = dtype === 'float32' ? Float32Array : Float64Array;
        let s = M * 31 + K;
        const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) | 0) / 2 ** 31) * 3;
        const fill = (n: number) => {
          const v = new View(n);
          for (let i = 0; i < n; i++) v[i] = rnd();
          return v;
        };
        const a = fill(B * M * K), b = fill(B * K * N);
        const fast = wasmMatmul(dtype, a, b, B, M, K, N, 0);
        if (!fast) throw new Error('wasm kernel unavailable');
        const ref = matmulJS(dtype, a, b, B, M, K, N);
        for (let i = 0; i < ref.length; i++) if (!Object.is(fast[i], ref[i])) throw new Error(`${dtype} [${B},${M},${K},${N}] element ${i}: wasm ${fast[i]} js ${ref[i]}`);
      }
  });

  it('np.matmul gives the same bits with and without wasm', () => {
    const A = np.reshape(np.sin(np.arange(3 * 37 * 29)), [3, 37, 29]), B = np.reshape(np.cos(np.arange(3 * 29 * 23)), [3, 29, 23]);
    for (const dt of ['float32', 'float64'] as const) {
      useWasm(true);
      const w = np.matmul(np.array(A, dt), np.array(B, dt)).data();
      useWasm(false);
      const j = np.matmul(np.array(A, dt), np.array(B, dt)).data();
      expect(Array.from(w)).toEqual(Array.from(j));
    }
  });
});

