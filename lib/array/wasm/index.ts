/**
 * WebAssembly SIMD kernels (built from scripts/build-wasm.mjs by `npm install` / `npm test`). The
 * JS kernels stay as the fallback and the reference: both give the same bits (tested).
 */
import { readFileSync } from 'node:fs';
import { allocate, type DType, type TypedArray } from '../dtype';
import { readyHelpers, runMatmulJob, runParallel, splitRange, type MatmulJob } from '../threads';

/** The slice of the WebAssembly API used here (the ES2022 lib has no WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface Kernels {
  readonly memory: WasmMemory;
  readonly module: object;
  readonly matmul_f32: (a: number, b: number, c: number, batch: number, m: number, k: number, n: number) => void;
  readonly matmul_f64: (a: number, b: number, c: number, batch: number, m: number, k: number, n: number) => void;
}

function load(): Kernels | null {
  if (typeof process !== 'undefined' && process.env['VMAP_TS_WASM'] === '0') return null;
  if (!WebAssemblyApi) return null;
  try {
    const bytes = readFileSync(new URL('./kernels.wasm', import.meta.url));
    // shared, so that worker threads run the same kernels on the same memory
    const memory = new WebAssemblyApi.Memory({ initial: 16, maximum: 65536, shared: true });
    const module = new WebAssemblyApi.Module(bytes);
    const instance = new WebAssemblyApi.Instance(module, { env: { memory } });
    return { memory, module, ...(instance.exports as unknown as Omit<Kernels, 'memory' | 'module'>) };
  } catch {
    return null;
  }
}

const kernels = load();
let enabled = kernels !== null;

/** Whether the WebAssembly kernels are loaded and in use. */
export const wasmAvailable = (): boolean => kernels !== null;
/** Switches between the WebAssembly kernels and the JS ones (both give the same bits). */
export function useWasm(on: boolean): void {
  enabled = on && kernels !== null;
}

/** Below this many multiply-adds per matrix the JS loop wins (copies into wasm memory cost more). */
const MIN_WORK = 4096;
/**
 * Above this many multiply-adds in all, the batch (or the rows) is split over worker threads.
 * Measured on 2 cores (one matrix, f32 and f64): at 2^19-2^22 one thread is as fast or faster (a
 * loop body's [128,64]x[64,64] ran 150 us threaded, 136 us not), at 2^24 two threads are 1.6x.
 */
export const PARALLEL_WORK = 1 << 23;

/** C = A @ B for `batch` row-major problems, in WebAssembly; null when not applicable. */
export function wasmMatmul(
  dtype: DType,
  a: TypedArray,
  b: TypedArray,
  batch: number,
  m: number,
  k: number,
  n: number,
  minWork = MIN_WORK,
  parallelWork = PARALLEL_WORK,
): TypedArray | null {
  if (!enabled || !kernels || (dtype !== 'float32' && dtype !== 'float64') || m * k * n < minWork || batch * m * n === 0) return null;
  const es = dtype === 'float32' ? 4 : 8;
  const sa = batch * m * k * es, sb = batch * k * n * es, sc = batch * m * n * es;
  const need = sa + sb + sc + 64;
  const mem = kernels.memory;
  if (need > mem.buffer.byteLength) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
  const View = dtype === 'float32' ? Float32Array : Float64Array;
  const pa = 0, pb = align(sa), pc = align(pb + sb);
  new View(mem.buffer, pa, batch * m * k).set(a as Float32Array & Float64Array);
  new View(mem.buffer, pb, batch * k * n).set(b as Float32Array & Float64Array);
  const f32 = dtype === 'float32';
  const kernel = f32 ? kernels.matmul_f32 : kernels.matmul_f64;
  const helpers = batch * m * k * n >= parallelWork ? readyHelpers() : 0;
  if (helpers === 0) kernel(pa, pb, pc, batch, m, k, n);
  else {
    // whole matrices per thread when there are enough of them, else row blocks of every matrix
    const byBatch = batch >= 2 * (helpers + 1) || batch % (helpers + 1) === 0;
    const jobs: MatmulJob[] = splitRange(byBatch ? batch : m, helpers + 1).map(([s, e]) => ({
      kind: 'matmul', f32, a: pa, b: pb, c: pc, m, k, n,
      ...(byBatch ? { b0: s, b1: e, r0: 0, r1: m } : { b0: 0, b1: batch, r0: s, r1: e }),
    }));
    runParallel(jobs.slice(1), () => runMatmulJob(kernel, jobs[0]!), { module: kernels.module, memory: mem });
  }
  const out = allocate(dtype, batch * m * n);
  out.set(new View(mem.buffer, pc, batch * m * n));
  return out;
}

const align = (x: number) => Math.ceil(x / 64) * 64;
