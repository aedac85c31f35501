/**
 * Generated elementwise loops: jit's fused chains and large eager elementwise ops become the source
 * of one `function(bufs, start, end, out)`, which runs on the main thread or split over the worker
 * threads. The expressions call the very Math functions the scalar kernels call and round to each
 * dtype as the typed-array stores do, so a generated loop gives the kernels' bits.
 */
import type { DType, TypedArray } from './dtype';
import { isShared, PARALLEL_MIN_ELEMENTS, readyHelpers, runLoopJob, runParallel, splitRange, type LoopJob } from './threads';

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

/** Whether `runLoop` would split a loop writing `out` over threads now. */
export const parallelHelpers = (out: TypedArray): number =>
  out.length >= PARALLEL_MIN_ELEMENTS && isShared(out) ? readyHelpers() : 0;

/** Runs a generated loop over all of `out`: split over the threads when it is large and shared. */
export function runLoop(src: string, bufs: readonly TypedArray[], out: TypedArray): void {
  const helpers = bufs.every((b) => b.length < PARALLEL_MIN_ELEMENTS || isShared(b)) ? parallelHelpers(out) : 0;
  const job = (start: number, end: number): LoopJob => ({ kind: 'loop', src, bufs, out, start, end });
  if (helpers === 0) return runLoopJob(job(0, out.length));
  const jobs = splitRange(out.length, helpers + 1).map(([s, e]) => job(s, e));
  runParallel(jobs.slice(1), () => runLoopJob(jobs[0]!));
}

/**
 * An eager elementwise op as a loop over threads, when it has an inline form and is worth
 * splitting: operands are arrays or (broadcast) scalars. Returns false when it did not run.
 */
export function parallelElementwise(prim: string, inDtype: DType, outDtype: DType, operands: readonly (TypedArray | number)[], out: TypedArray): boolean {
  if (!INLINE[prim] || parallelHelpers(out) === 0) return false;
  const pre: string[] = [], args: string[] = [], bufs: TypedArray[] = [];
  operands.forEach((o, j) => {
    if (typeof o === 'number') {
      pre.push(`const s${j} = bufs[${j}][0];`);
      bufs.push(Float64Array.of(o));
      args.push(`s${j}`);
    } else {
      pre.push(`const L${j} = bufs[${j}];`);
      bufs.push(o);
      args.push(`L${j}[i]`);
    }
  });
  const e = INLINE[prim](args, inDtype);
  if (e === undefined || bufs.some((b) => b.length >= PARALLEL_MIN_ELEMENTS && !isShared(b))) return false;
  runLoop(loopSource(pre, [], castExpr(e, outDtype)), bufs, out);
  return true;
}
