/**
 * Generated elementwise loops: jit's fused chains and large eager elementwise ops become the source
 * of one `function(bufs, start, end, out)`, which runs on the main thread or split over the worker
 * threads. The expressions call the very Math functions the scalar kernels call and round to each
 * dtype as the typed-array stores do, so a generated loop gives the kernels' bits.
 */
import type { DType, TypedArray } from './dtype';
import { PARALLEL_MIN_ELEMENTS, readyHelpers, runLoopJob, runParallel, sharedScratch, splitRange, type LoopJob } from './threads';

/** Rounds a JS number to what a slot of `dtype` holds, as the typed-array store would. */
export const castExpr = (e: string, d: DType): string => (d === 'float32' ? `Math.fround(${e})` : d === 'int32' ? `((${e}) | 0)` : e);

/** Source expressions of the elementwise primitives that are plain JS (by input dtype). */
export const INLINE: Record<string, (a: string[], d: DType) => string | undefined> = {
  add: ([a, b]) => `(${a} + ${b})`,
  sub: ([a, b]) => `(${a} - ${b})`,
  mul: ([a, b], d) => (d === 'int32' ? undefined : `(${a} * ${b})`),
  div: ([a, b], d) => (d === 'int32' ? undefined : `(${a} / ${b})`),
  neg: ([a]) => `(-${a})`,
  select: ([c, a, b]) => `(${c} ? ${a} : ${b})`,
  // the kernels apply these very Math functions, so calling them directly is bit-identical
  ...Object.fromEntries(
    (['exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'sqrt', 'log1p', 'expm1', 'atan2', 'max', 'min'] as const).map((m) => [
      m,
      (a: string[], d: DType) => (d === 'int32' || d === 'bool' ? undefined : `Math.${m}(${a.join(', ')})`),
    ]),
  ),
};

/** The source of a loop: `pre` runs once, `body` per element i, then `out[i] = result`. */
export const loopSource = (pre: readonly string[], body: readonly string[], result: string): string =>
  `return function loop(bufs, start, end, out) {\n${pre.join('\n')}\nfor (let i = start; i < end; i++) {\n${body.join('\n')}\nout[i] = ${result};\n}\n};`;

/** Ops that call a transcendental Math function: only their loops pay for staging and threads. */
export const COSTLY = new Set(['exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'log1p', 'expm1', 'atan2']);
/** Elements staged per round through the shared scratch (bounds its size). */
const CHUNK = 1 << 18;

type Ctor = new (b: SharedArrayBuffer, offset: number, length: number) => TypedArray;

/**
 * Runs a generated loop over all of `out`. When `costly`, large and helpers are ready, it goes in
 * chunks: full-length operands are staged in the shared scratch, the chunk is split over the
 * threads, and the result is copied out. Operands are full-length or 1-element (a scalar).
 */
export function runLoop(src: string, bufs: readonly TypedArray[], out: TypedArray, costly: boolean): void {
  const n = out.length;
  const helpers = costly && n >= PARALLEL_MIN_ELEMENTS ? readyHelpers() : 0;
  if (helpers === 0) return runLoopJob({ kind: 'loop', src, bufs, out, start: 0, end: n });
  const chunk = Math.min(CHUNK, n);
  const staged = [...new Set(bufs.filter((b) => b.length === n && b.length > 1)), out];
  const mem = sharedScratch(staged.reduce((s, b) => s + chunk * b.BYTES_PER_ELEMENT, 0));
  let offset = 0;
  const views = new Map<TypedArray, TypedArray>();
  for (const b of staged) {
    views.set(b, new (b.constructor as Ctor)(mem, offset, chunk));
    offset += chunk * b.BYTES_PER_ELEMENT;
  }
  for (let c0 = 0; c0 < n; c0 += chunk) {
    const len = Math.min(chunk, n - c0);
    const args = bufs.map((b) => {
      const v = views.get(b);
      if (!v) return b;
      v.set(b.subarray(c0, c0 + len));
      return v;
    });
    const outView = views.get(out)!;
    const jobs = splitRange(len, helpers + 1).map(([start, end]): LoopJob => ({ kind: 'loop', src, bufs: args, out: outView, start, end }));
    runParallel(jobs.slice(1), () => runLoopJob(jobs[0]!));
    out.set(outView.subarray(0, len), c0);
  }
}

/** Whether an eager op of this size would run on the threads now. */
export const worthThreads = (prim: string, n: number): boolean => COSTLY.has(prim) && n >= PARALLEL_MIN_ELEMENTS && readyHelpers() > 0;

/**
 * An eager elementwise op as a loop over threads, when it has an inline form and is worth
 * splitting: operands are arrays or (broadcast) scalars. Returns false when it did not run.
 */
export function parallelElementwise(prim: string, inDtype: DType, outDtype: DType, operands: readonly (TypedArray | number)[], out: TypedArray): boolean {
  if (!worthThreads(prim, out.length)) return false;
  const pre: string[] = [], args: string[] = [], bufs: TypedArray[] = [];
  operands.forEach((o, j) => {
    const scalar = typeof o === 'number';
    pre.push(scalar ? `const s${j} = bufs[${j}][0];` : `const L${j} = bufs[${j}];`);
    bufs.push(scalar ? Float64Array.of(o) : o);
    args.push(scalar ? `s${j}` : `L${j}[i]`);
  });
  const e = INLINE[prim]?.(args, inDtype);
  if (e === undefined) return false;
  runLoop(loopSource(pre, [], castExpr(e, outDtype)), bufs, out, true);
  return true;
}
