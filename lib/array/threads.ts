/**
 * A pool of worker threads for large kernels, used synchronously: the main thread posts one job
 * per helper, does its own share, then blocks in `Atomics.wait` until every helper is done (Node
 * allows that on the main thread). Jobs only touch shared memory (the shared WebAssembly memory
 * and a shared scratch buffer operands are staged in), and each thread owns a disjoint range of
 * the output, so results are bit-identical to one thread (tested). Helpers start on first demand
 * and are used once they report ready; until then callers run single-threaded, never waiting.
 */
import { availableParallelism } from 'node:os';
import { allocationStats } from './dtype';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/**
 * A slice of a batched row-major matmul in the shared wasm memory: batches [b0,b1), rows [i0,i1),
 * columns [j0,j1), packing into the workspace at `ws` (one per thread).
 */
export interface MatmulJob {
  readonly kind: 'matmul';
  readonly f32: boolean;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly ws: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly b0: number;
  readonly b1: number;
  readonly i0: number;
  readonly i1: number;
  readonly j0: number;
  readonly j1: number;
}
/** A generated loop `function(bufs, start, end, out)` over shared buffers, for i in [start, end). */
export interface LoopJob {
  readonly kind: 'loop';
  readonly src: string;
  readonly bufs: readonly unknown[];
  readonly out: unknown;
  readonly start: number;
  readonly end: number;
  /** When set, [start, end) is cut into `chunks` pieces of `size` that threads claim from `counter`. */
  readonly claims?: { readonly counter: Int32Array; readonly chunks: number; readonly size: number };
}
export type Job = MatmulJob | LoopJob;
type MatmulKernel = (a: number, b: number, c: number, ws: number, batch: number, m: number, k: number, n: number, i0: number, i1: number, j0: number, j1: number) => void;

/**
 * The job runners, as source text: the main thread compiles them here and the helpers compile the
 * same text, so both run one definition (text, not Function.prototype.toString, so a minifier or a
 * coverage tool cannot break the helpers).
 */
const JOB_RUNNERS = `
function runMatmulJob(kernel, j) {
  const es = j.f32 ? 4 : 8;
  kernel(j.a + j.b0 * j.m * j.k * es, j.b + j.b0 * j.k * j.n * es, j.c + j.b0 * j.m * j.n * es, j.ws, j.b1 - j.b0, j.m, j.k, j.n, j.i0, j.i1, j.j0, j.j1);
}
const loopCache = new Map();
function runLoopJob(j) {
  let f = loopCache.get(j.src);
  if (!f) {
    if (loopCache.size > 256) loopCache.clear();
    f = new Function(j.src)();
    loopCache.set(j.src, f);
  }
  if (!j.claims) return f(j.bufs, j.start, j.end, j.out);
  const { counter, chunks, size } = j.claims;
  for (let c; (c = Atomics.add(counter, 0, 1)) < chunks; ) f(j.bufs, j.start + c * size, Math.min(j.start + (c + 1) * size, j.end), j.out);
}`;
const runners = new Function(`${JOB_RUNNERS}\nreturn { runMatmulJob, runLoopJob };`)() as {
  runMatmulJob: (kernel: MatmulKernel, j: MatmulJob) => void;
  runLoopJob: (j: LoopJob) => void;
};
/** Runs a matmul slice: batches [b0,b1), rows [i0,i1) and columns [j0,j1) of each. */
export const runMatmulJob = runners.runMatmulJob;
/** Compiles (once per source text) and runs a loop job. */
export const runLoopJob = runners.runLoopJob;

/** Loops at least this long are split over threads (below, dispatch and staging cost more). */
export const PARALLEL_MIN_ELEMENTS = 1 << 15;

// Control words per helper: [job sequence, done sequence, status (0 ok, 1 error), ready].
const WORDS = 4;
const workerSource = (): string => `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { ctrl, port, index } = workerData;
const w = index * ${WORDS};
${JOB_RUNNERS}
let kernels = null;
Atomics.store(ctrl, w + 3, 1);
let seen = 0;
for (;;) {
  // jobs come in bursts (one per kernel of a program): spin a little before sleeping, since a
  // futex wake-up costs tens of microseconds on a VM
  for (let spin = 0; spin < 100000 && Atomics.load(ctrl, w) === seen; spin++);
  Atomics.wait(ctrl, w, seen);
  seen = Atomics.load(ctrl, w);
  const msg = receiveMessageOnPort(port).message;
  let status = 0;
  try {
    if (msg.wasm) kernels = new WebAssembly.Instance(msg.wasm.module, { env: { memory: msg.wasm.memory } }).exports;
    const job = msg.job;
    if (job.kind === 'matmul') runMatmulJob(job.f32 ? kernels.gemm_f32 : kernels.gemm_f64, job);
    else runLoopJob(job);
  } catch (e) {
    status = 1;
    port.postMessage(String((e && e.stack) || e));
  }
  Atomics.store(ctrl, w + 2, status);
  Atomics.store(ctrl, w + 1, seen);
  Atomics.notify(ctrl, w + 1);
}
`;

interface Helper {
  readonly port: MessagePort;
  readonly worker: Worker;
  seq: number;
  wasmSent: object | null;
}

function configuredThreads(): number {
  const env = typeof process !== 'undefined' ? process.env['VMAP_TS_THREADS'] : undefined;
  if (env !== undefined && /^\d+$/.test(env)) return Math.max(1, Number(env));
  try {
    return Math.max(1, Math.min(availableParallelism(), 8));
  } catch {
    return 1;
  }
}

let wanted = typeof SharedArrayBuffer === 'undefined' ? 1 : configuredThreads();
let ctrl: Int32Array | null = null;
let helpers: Helper[] = [];
let failed = false;

/** How many kernels ran split over threads (tests read it to know the threaded path ran). */
export const threadStats = { parallelRuns: 0 };

/** Threads in use (the main thread included); 1 means every kernel runs on the main thread. */
export const threadCount = (): number => wanted;

/** Sets the number of threads (1 turns the pool off); helpers beyond the count are stopped. */
export function useThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`useThreads: n must be a positive integer, got ${n}`);
  wanted = typeof SharedArrayBuffer === 'undefined' ? 1 : n;
  if (helpers.length !== wanted - 1) {
    for (const h of helpers) void h.worker.terminate();
    helpers = [];
    ctrl = null;
  }
}

function start(): void {
  if (failed || helpers.length > 0 || wanted < 2) return;
  try {
    ctrl = new Int32Array(new SharedArrayBuffer(4 * WORDS * (wanted - 1)));
    for (let index = 0; index < wanted - 1; index++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(workerSource(), { eval: true, workerData: { ctrl, port: port2, index }, transferList: [port2] });
      worker.unref();
      port1.unref();
      worker.on('error', () => {
        failed = true;
      });
      helpers.push({ port: port1, worker, seq: 0, wasmSent: null });
    }
  } catch {
    failed = true;
    for (const h of helpers) void h.worker.terminate();
    helpers = [];
  }
}

/** How many helpers are ready to take a job now (0 while they start, or with the pool off). */
export function readyHelpers(): number {
  if (wanted < 2 || failed) return 0;
  if (helpers.length === 0) start();
  let n = 0;
  while (n < helpers.length && Atomics.load(ctrl!, n * WORDS + 3) === 1) n++;
  return n;
}

/**
 * Starts the helpers (they otherwise start on the first large kernel) and resolves to how many
 * are ready, once all are or after `timeoutMs`. Until then large kernels run on one thread.
 */
export async function threadsReady(timeoutMs = 5000): Promise<number> {
  const t0 = Date.now();
  while (readyHelpers() < wanted - 1 && !failed && Date.now() - t0 < timeoutMs) await new Promise((r) => setTimeout(r, 5));
  return readyHelpers();
}

/** Whether a typed array lives in shared memory (a helper can read and write it without a copy). */
export const isShared = (a: { buffer: ArrayBufferLike }): boolean =>
  typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;

let scratch: SharedArrayBuffer | null = null;
/**
 * Shared memory that threaded loops stage their operands in, reused from call to call. Arrays
 * themselves stay in ordinary ArrayBuffers: V8 does not count SharedArrayBuffers towards its GC
 * heuristics, so allocating results in them piles up gigabytes of garbage (measured).
 */
export function sharedScratch(bytes: number): SharedArrayBuffer {
  if (!scratch || scratch.byteLength < bytes) {
    scratch = new SharedArrayBuffer(Math.max(bytes, 2 * (scratch?.byteLength ?? 0)));
    allocationStats.bytes += scratch.byteLength; // held for reuse, but memory all the same
  }
  return scratch;
}

/**
 * Runs jobs[i] on helper i while the main thread runs `own`, and returns when all are done.
 * `wasm` (the module and its shared memory) is sent to a helper the first time it needs it.
 */
export function runParallel(jobs: readonly Job[], own: () => void, wasm?: { module: object; memory: object }): void {
  const c = ctrl!;
  threadStats.parallelRuns++;
  jobs.forEach((job, i) => {
    const h = helpers[i]!;
    const sendWasm = job.kind === 'matmul' && wasm && h.wasmSent !== wasm.module;
    h.port.postMessage({ job, wasm: sendWasm ? wasm : undefined });
    if (sendWasm) h.wasmSent = wasm.module;
    h.seq = (h.seq + 1) | 0; // as the Int32Array word holds it
    Atomics.store(c, i * WORDS, h.seq);
    Atomics.notify(c, i * WORDS);
  });
  let error: unknown;
  try {
    own();
  } catch (e) {
    error = e;
  }
  jobs.forEach((_, i) => {
    const h = helpers[i]!;
    for (let spins = 0; ; spins++) {
      const done = Atomics.load(c, i * WORDS + 1);
      if (done === h.seq) break;
      if (spins > 1000) Atomics.wait(c, i * WORDS + 1, done);
    }
    if (Atomics.load(c, i * WORDS + 2) !== 0) {
      const message = receiveMessageOnPort(h.port)?.message; // always drained, so it never goes stale
      error ??= new Error(`vmap-ts worker thread failed: ${String(message)}`);
    }
  });
  if (error !== undefined) throw error;
}

/** Splits [0, n) into `parts` contiguous ranges, as even as possible. */
export function splitRange(n: number, parts: number): [number, number][] {
  return Array.from({ length: parts }, (_, p) => [Math.floor((n * p) / parts), Math.floor((n * (p + 1)) / parts)]);
}
