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
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

type Gemm = (
  a: number, b: number, c: number, ws: number, batch: number, m: number, k: number, n: number,
  i0: number, i1: number, j0: number, j1: number,
) => void;
interface Kernels {
  readonly module: object;
  readonly gemm_f32: Gemm;
  readonly gemm_f64: Gemm;
  readonly workspace_f32: () => number;
  readonly workspace_f64: () => number;
}

const disabled = typeof process !== 'undefined' && process.env['VMAP_TS_WASM'] === '0';
// shared, so that worker threads run the same kernels on the same memory
const memory = WebAssemblyApi && !disabled ? tryOr(() => new WebAssemblyApi.Memory({ initial: 16, maximum: 65536, shared: true })) : null;

function load(file: string): Kernels | null {
  if (!WebAssemblyApi || !memory) return null;
  return tryOr(() => {
    const bytes = readFileSync(new URL(file, import.meta.url));
    // an engine without relaxed SIMD rejects the FMA module here
    if (!WebAssemblyApi.validate(bytes)) return null;
    const module = new WebAssemblyApi.Module(bytes);
    const instance = new WebAssemblyApi.Instance(module, { env: { memory } });
    return { module, ...(instance.exports as unknown as Omit<Kernels, 'module'>) };
  });
}
function tryOr<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

const plain = load('./kernels.wasm');
const fused = plain ? load('./kernels-fma.wasm') : null;
let enabled = plain !== null;
let fmaOn = fused !== null;

/** Whether the WebAssembly kernels are loaded and in use. */
export const wasmAvailable = (): boolean => plain !== null;
/** Switches between the WebAssembly kernels and the JS ones (the same bits, unless the FMA kernels are on). */
export function useWasm(on: boolean): void {
  enabled = on && plain !== null;
}
/** Whether this engine runs relaxed SIMD (fused multiply-add) matmul kernels: Node 22+, browsers. */
export const fmaAvailable = (): boolean => fused !== null;
/** Whether matmuls use the fused multiply-add kernels now. */
export const fmaActive = (): boolean => fmaOn && fused !== null;
/**
 * Turns the fused multiply-add kernels on (the default where the engine has relaxed SIMD) or off.
 * An FMA kernel rounds each multiply-add once, so its results differ from the plain SIMD and JS
 * kernels in the last bits. While it is on, every float matmul (matrix-vector and tiny ones too)
 * runs on it, so vmap still equals the loop of slices bit for bit; turn it off where results must
 * be bit-for-bit reproducible across engines.
 */
export function useFma(on: boolean): void {
  fmaOn = on;
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
  const fma = fmaActive();
  // with FMA every float matmul runs here, however small: a JS loop would round differently, and
  // vmap of a small product (JS) would no longer equal the loop of it (batched: here)
  if (!enabled || !plain || !memory || (dtype !== 'float32' && dtype !== 'float64') || (!fma && m * k * n < minWork) || batch * m * n === 0 || k === 0)
    return null;
  const kernels = fma ? fused! : plain;
  const f32 = dtype === 'float32';
  const es = f32 ? 4 : 8;
  const helpers = batch * m * k * n >= parallelWork ? readyHelpers() : 0;
  const threads = helpers + 1;
  const sa = batch * m * k * es, sb = batch * k * n * es, sc = batch * m * n * es;
  const ws = align(f32 ? kernels.workspace_f32() : kernels.workspace_f64());
  const pa = 0, pb = align(sa), pc = align(pb + sb), pw = align(pc + sc);
  const need = pw + threads * ws;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const View = f32 ? Float32Array : Float64Array;
  const A = new View(memory.buffer, pa, batch * m * k), B = new View(memory.buffer, pb, batch * k * n);
  const C = new View(memory.buffer, pc, batch * m * n);
  const out = allocate(dtype, batch * m * n);
  // batches [s, e) in and out of wasm memory (only the main thread sees the JS arrays)
  const stageIn = (s: number, e: number) => {
    A.set((a as Float64Array).subarray(s * m * k, e * m * k), s * m * k);
    B.set((b as Float64Array).subarray(s * k * n, e * k * n), s * k * n);
  };
  const stageOut = (s: number, e: number) => out.set(C.subarray(s * m * n, e * m * n), s * m * n);
  const kernel = f32 ? kernels.gemm_f32 : kernels.gemm_f64;
  const whole = { kind: 'matmul', f32, a: pa, b: pb, c: pc, ws: pw, m, k, n, b0: 0, b1: batch, i0: 0, i1: m, j0: 0, j1: n } as const;
  // whole matrices per thread when there are enough of them, else the larger of rows and columns
  // (columns in whole 8-wide panels); each thread packs into its own workspace
  const byBatch = helpers > 0 && (batch >= 2 * threads || batch % threads === 0);
  if (helpers === 0 || !byBatch) stageIn(0, batch);
  if (helpers === 0) runMatmulJob(kernel, whole);
  else if (byBatch) {
    // the helpers' matrices go in first; the main thread copies its own in (and its results out)
    // while they compute
    const jobs: MatmulJob[] = splitRange(batch, threads).map(([s, e], t) => ({ ...whole, ws: pw + t * ws, b0: s, b1: e }));
    for (const j of jobs.slice(1)) stageIn(j.b0, j.b1);
    const own = jobs[0]!;
    runParallel(jobs.slice(1), () => (stageIn(own.b0, own.b1), runMatmulJob(kernel, own), stageOut(own.b0, own.b1)), { module: kernels.module, memory });
    for (const j of jobs.slice(1)) stageOut(j.b0, j.b1);
    return out;
  } else {
    const panels = Math.ceil(n / NR);
    const jobs: MatmulJob[] =
      m >= n
        ? splitRange(m, threads).map(([s, e], t) => ({ ...whole, ws: pw + t * ws, i0: s, i1: e }))
        : splitRange(panels, threads).map(([s, e], t) => ({ ...whole, ws: pw + t * ws, j0: s * NR, j1: Math.min(e * NR, n) }));
    runParallel(jobs.slice(1), () => runMatmulJob(kernel, jobs[0]!), { module: kernels.module, memory });
  }
  stageOut(0, batch);
  return out;
}

/** Columns per packed panel of both kernels (f32 2 x 4 lanes, f64 4 x 2 lanes). */
const NR = 8;
const align = (x: number) => Math.ceil(x / 64) * 64;
