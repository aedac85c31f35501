/**
 * WebAssembly SIMD kernels (built from scripts/build-wasm.mjs by `npm install` / `npm test`). The
 * JS kernels stay as the fallback and the reference: both give the same bits (tested).
 */
import { readFileSync } from 'node:fs';
import type { DType, TypedArray } from '../dtype';

/** The slice of the WebAssembly API used here (the ES2022 lib has no WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface Kernels {
  readonly memory: WasmMemory;
  readonly matmul_f32: (a: number, b: number, c: number, batch: number, m: number, k: number, n: number) => void;
  readonly matmul_f64: (a: number, b: number, c: number, batch: number, m: number, k: number, n: number) => void;
}

function load(): Kernels | null {
  if (typeof process !== 'undefined' && process.env['VMAP_TS_WASM'] === '0') return null;
  if (!WebAssemblyApi) return null;
  try {
    const bytes = readFileSync(new URL('./kernels.wasm', import.meta.url));
    const memory = new WebAssemblyApi.Memory({ initial: 16 });
    const instance = new WebAssemblyApi.Instance(new WebAssemblyApi.Module(bytes), { env: { memory } });
    return { memory, ...(instance.exports as unknown as Omit<Kernels, 'memory'>) };
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

/** C = A @ B for `batch` row-major problems, in WebAssembly; null when not applicable. */
export function wasmMatmul(dtype: DType, a: TypedArray, b: TypedArray, batch: number, m: number, k: number, n: number, minWork = MIN_WORK): TypedArray | null {
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
  (dtype === 'float32' ? kernels.matmul_f32 : kernels.matmul_f64)(pa, pb, pc, batch, m, k, n);
  return new View(mem.buffer, pc, batch * m * n).slice();
}

const align = (x: number) => Math.ceil(x / 64) * 64;
