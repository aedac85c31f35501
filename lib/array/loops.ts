/**
 * Generated elementwise loops: jit's fused chains and large eager elementwise ops become the source
 * of one `function(bufs, start, end, out)`, which runs on the main thread or split over the worker
 * threads. The expressions call the very Math functions the scalar kernels call and round to each
 * dtype as the typed-array stores do, so a generated loop gives the kernels' bits.
 */
import type { DType, TypedArray } from './dtype';
import { BIT_INLINE } from './bits-scalars';
import { helperDefinitions, NEXTAFTER_ARGS } from './special-scalars';
import { PARALLEL_MIN_ELEMENTS, readyHelpers, runLoopJob, runParallel, sharedScratch, type LoopJob } from './threads';

/** Rounds a JS number to what a slot of `dtype` holds, as the typed-array store would. */
export const castExpr = (e: string, d: DType): string =>
  d === 'float32' ? `Math.fround(${e})` : d === 'int32' ? `((${e}) | 0)` : d === 'uint32' ? `((${e}) >>> 0)` : e;

/** Primitives that are the Math function of their name. */
const MATH_INVERSE_HYPERBOLIC = ['asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh'] as const;

/**
 * Source expressions of the elementwise primitives, by input dtype: each is the very scalar
 * function of lib/array/primitives/elementwise.ts written out (arguments are pure expressions,
 * so repeating one is safe). `round` and `convert` keep their kernels.
 */
export const INLINE: Record<string, (a: string[], d: DType) => string | undefined> = {
  add: ([a, b]) => `(${a} + ${b})`,
  sub: ([a, b]) => `(${a} - ${b})`,
  mul: ([a, b], d) => (d === 'int32' || d === 'uint32' ? `Math.imul(${a}, ${b})` : `(${a} * ${b})`),
  div: ([a, b], d) => (d === 'int32' || d === 'uint32' ? `(${b} === 0 ? 0 : Math.trunc(${a} / ${b}))` : `(${a} / ${b})`),
  rem: ([a, b], d) => (d === 'int32' || d === 'uint32' ? `(${b} === 0 ? 0 : ${a} % ${b})` : `(${a} % ${b})`),
  pow: ([a, b]) => `(${a} === 1 || (${a} === -1 && (${b} === Infinity || ${b} === -Infinity)) ? 1 : Math.pow(${a}, ${b}))`,
  neg: ([a]) => `(-${a})`,
  not: ([a], d) => (d === 'bool' ? `(${a} ? 0 : 1)` : `(~${a})`),
  and: ([a, b]) => `(${a} & ${b})`,
  or: ([a, b]) => `(${a} | ${b})`,
  xor: ([a, b]) => `(${a} ^ ${b})`,
  eq: ([a, b]) => `(${a} === ${b} ? 1 : 0)`,
  ne: ([a, b]) => `(${a} !== ${b} ? 1 : 0)`,
  lt: ([a, b]) => `(${a} < ${b} ? 1 : 0)`,
  le: ([a, b]) => `(${a} <= ${b} ? 1 : 0)`,
  gt: ([a, b]) => `(${a} > ${b} ? 1 : 0)`,
  ge: ([a, b]) => `(${a} >= ${b} ? 1 : 0)`,
  select: ([c, a, b]) => `(${c} ? ${a} : ${b})`,
  logistic: ([a]) => `(1 / (1 + Math.exp(-${a})))`,
  rsqrt: ([a]) => `(1 / Math.sqrt(${a}))`,
  sign: ([a]) => `(${a} !== ${a} ? NaN : ${a} > 0 ? 1 : ${a} < 0 ? -1 : ${a})`,
  max: ([a, b]) => `Math.max(${a}, ${b})`,
  min: ([a, b]) => `Math.min(${a}, ${b})`,
  // finite exactly when a - a is 0 (inf - inf and NaN - NaN are NaN)
  is_finite: ([a]) => `(${a} - ${a} === 0 ? 1 : 0)`,
  // helpers of ./special-scalars, defined once at the top of the loop's source (see loopSource)
  erf: ([a]) => `$erf(${a})`,
  erfc: ([a]) => `$erfc(${a})`,
  erf_inv: ([a]) => `$erfInv(${a})`,
  lgamma: ([a]) => `$lgamma(${a})`,
  digamma: ([a]) => `$digamma(${a})`,
  nextafter: ([a, b], d) => (d === 'float32' || d === 'float64' ? `$nextafter(${a}, ${b}, ${NEXTAFTER_ARGS[d]})` : undefined),
  ...BIT_INLINE,
  // the kernels apply these very Math functions (the ops take floats, abs any number)
  ...Object.fromEntries(
    (['exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'sqrt', 'log1p', 'expm1', 'atan2', 'abs', 'floor', 'ceil', ...MATH_INVERSE_HYPERBOLIC] as const).map((m) => [
      m,
      (a: string[]) => `Math.${m}(${a.join(', ')})`,
    ]),
  ),
};

/** Ops that call a transcendental Math function: only their loops pay for staging and threads. */
export const COSTLY = new Set([
  'exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'log1p', 'expm1', 'atan2', 'logistic', 'pow', ...MATH_INVERSE_HYPERBOLIC,
  'erf', 'erfc', 'erf_inv', 'lgamma', 'digamma', 'nextafter',
]);
/** Elements staged per round through the shared scratch (bounds its size). */
const CHUNK = 1 << 18;

type Ctor = new (b: SharedArrayBuffer, offset: number, length: number) => TypedArray;

const compiledKernels = new Map<string, unknown>();
/**
 * Compiles `return function ...` source once per text. Kernels generated per op and dtype this way
 * are monomorphic: one shared kernel calling `f(acc, x)` for every op and typed-array kind would go
 * megamorphic and run several times slower (measured: max over axis 0 of 1000x1000, 6 ms alone,
 * 40 ms after a sum had run through the same code).
 */
export function compiled<F>(src: string): F {
  let f = compiledKernels.get(src);
  if (f === undefined) compiledKernels.set(src, (f = new Function(src)()));
  return f as F;
}

/**
 * The source of a loop: `pre` runs once, `body` per element i, then `out[i] = result`, then `after`.
 * The special-function helpers the loop calls are defined first, in the same source, so the loop
 * stays self-contained (worker threads compile it from the text alone).
 */
export const loopSource = (pre: readonly string[], body: readonly string[], result: string, after = ''): string => {
  const loop = `return function loop(bufs, start, end, out) {\n${pre.join('\n')}\nfor (let i = start; i < end; i++) {\n${body.join('\n')}\nout[i] = ${result};${after}\n}\n};`;
  const helpers = helperDefinitions(`${body.join('\n')}\n${result}`);
  return helpers === '' ? loop : `${helpers}\n${loop}`;
};

/** Elements per claim when threads share a loop (about 0.2 ms of transcendental work). */
const PIECE = 1 << 13;
const counter = typeof SharedArrayBuffer === 'undefined' ? null : new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs a generated loop over all of `out`. When `costly`, large and helpers are ready, it goes in
 * rounds of at most 2^18 elements per thread: the round's operands are staged in the shared
 * scratch (helpers cannot read ordinary ArrayBuffers), and every thread claims pieces of it from
 * a shared counter until none are left, so a slower core takes fewer pieces. The main thread
 * computes its pieces straight from the operands into `out`; the others' are copied back.
 * Operands are full-length or 1-element scalars.
 */
export function runLoop(src: string, bufs: readonly TypedArray[], out: TypedArray, costly: boolean): void {
  const n = out.length;
  const helpers = costly && n >= PARALLEL_MIN_ELEMENTS && counter ? readyHelpers() : 0;
  if (helpers === 0) return runLoopJob({ kind: 'loop', src, bufs, out, start: 0, end: n });
  const round = Math.min(CHUNK * (helpers + 1), Math.ceil(n / 8) * 8); // a multiple of 8: views stay aligned
  const staged = [...new Set(bufs.filter((b) => b.length === n && b.length > 1)), out];
  const mem = sharedScratch(staged.reduce((s, b) => s + round * b.BYTES_PER_ELEMENT, 0));
  const views = new Map<TypedArray, TypedArray>();
  staged.reduce((offset, b) => {
    views.set(b, new (b.constructor as Ctor)(mem, offset, round));
    return offset + round * b.BYTES_PER_ELEMENT;
  }, 0);
  const outView = views.get(out)!;
  for (let r0 = 0; r0 < n; r0 += round) {
    const len = Math.min(round, n - r0), chunks = Math.ceil(len / PIECE);
    const args = bufs.map((b) => {
      const v = views.get(b);
      if (v) v.set(b.subarray(r0, r0 + len));
      return v ?? b;
    });
    Atomics.store(counter!, 0, 0);
    const claims = { counter: counter!, chunks, size: PIECE };
    const jobs = Array.from({ length: helpers }, (): LoopJob => ({ kind: 'loop', src, bufs: args, out: outView, start: 0, end: len, claims }));
    const mine = new Uint8Array(chunks);
    runParallel(jobs, () => {
      for (let c; (c = Atomics.add(counter!, 0, 1)) < chunks; ) {
        mine[c] = 1;
        runLoopJob({ kind: 'loop', src, bufs, out, start: r0 + c * PIECE, end: r0 + Math.min((c + 1) * PIECE, len) });
      }
    });
    for (let c = 0; c < chunks; c++) if (!mine[c]) out.set(outView.subarray(c * PIECE, Math.min((c + 1) * PIECE, len)), r0 + c * PIECE);
  }
}

/** Below this many elements an eager op keeps its plain kernel (building a loop costs more). */
const LOOP_MIN_ELEMENTS = 2048;

/** An operand of an eager elementwise loop: an array, a broadcast scalar, or a broadcast block. */
export type Operand = TypedArray | number | { readonly rows: TypedArray };

/** Whether `elementwiseLoop` takes an op of this dtype and size. */
export const loopable = (prim: string, inDtype: DType, n: number): boolean =>
  n >= LOOP_MIN_ELEMENTS && INLINE[prim] !== undefined && INLINE[prim]!(['a', 'b', 'c'], inDtype) !== undefined;

/**
 * Runs an eager elementwise op as a generated loop when it has an inline form and is large: one
 * monomorphic loop per op and dtype (the shared kernels call their scalar function through a
 * megamorphic site, ~3x slower), split over threads when the op is costly. Operands are arrays,
 * broadcast scalars or broadcast blocks (see `Operand`). Returns false when it did not run.
 */
export function elementwiseLoop(prim: string, inDtype: DType, outDtype: DType, operands: readonly Operand[], out: TypedArray): boolean {
  if (!loopable(prim, inDtype, out.length)) return false;
  const pre: string[] = [], args: string[] = [], bufs: TypedArray[] = [];
  let hasRows = false;
  operands.forEach((o, j) => {
    if (typeof o === 'number') {
      pre.push(`const s${j} = bufs[${j}][0];`);
      bufs.push(Float64Array.of(o));
      args.push(`s${j}`);
    } else if ('rows' in o) {
      hasRows = true;
      pre.push(`const R${j} = bufs[${j}];`);
      bufs.push(o.rows);
      args.push(`R${j}[j]`);
    } else {
      pre.push(`const L${j} = bufs[${j}];`);
      bufs.push(o);
      args.push(`L${j}[i]`);
    }
  });
  const result = castExpr(INLINE[prim]!(args, inDtype)!, outDtype);
  if (!hasRows) runLoop(loopSource(pre, [], result), bufs, out, COSTLY.has(prim));
  // a broadcast block is read at j = i mod its length B, stepped alongside i (callers pass blocks
  // for cheap ops only, which run on one thread: staged rounds would restart i at 0); B is read
  // at run time so one loop serves every block length
  else runLoop(loopSource([...pre, `const B = R${operands.findIndex((o) => typeof o === 'object' && 'rows' in o)}.length;`, 'let j = start % B;'], [], result, '\nif (++j === B) j = 0;'), bufs, out, false);
  return true;
}
