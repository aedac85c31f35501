/**
 * The fuzzer's differentiation checks (issue 18). A case is a random program and values; the kinds:
 *
 * - 'jvp':       jvp(P) against central finite differences, on smooth float64 programs (the
 *                shared table's 'smooth' mode: smooth ops only, values kept within a magnitude of
 *                4, inputs in [-1, 1]); tolerance below, with its reasoning.
 * - 'vjp':       the dot-product identity <vjp(P)(u), v> == <u, jvp(P)(v)> on any program, wherever
 *                both sides are finite, to DOT_RTOL of the sums' scale (the AD laws' bound).
 * - 'vmap-grad': vmap(grad(L)) against the loop of grad(L) over the examples, bit for bit; and
 *                grad(L ∘ jit(P)) against grad(L) within GRAD_JIT_ULPS.
 * - 'jit-grad':  jit(grad(L)) against grad(L), bit for bit (called twice: the cache hit too).
 *
 * L(xs) = Σ_j sum(out_j * w_j) over P's float outputs (fixed random weights w_j): a scalar loss
 * whose cotangent on each output is its weights. P's float outputs are concatenated into one vector
 * (float32 when any value of P is float32, else float64) for the jvp/vjp kinds. Reverse mode
 * through a whileLoop (or a foriLoop with traced bounds), which JAX refuses, is counted as refused.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { describeHost, host, type HostArray } from '../properties/host';
import { describeProgram as describeSmooth, programArb, type Program as SmoothProgram } from '../properties/programs';
import { buildProgram, describeProgram, runProgram, seedArb, type Aval, type Program } from './program';

export type AdKind = 'jvp' | 'vjp' | 'vmap-grad' | 'jit-grad';
export const AD_KINDS: readonly AdKind[] = ['jvp', 'vjp', 'vmap-grad', 'jit-grad'];

/** grad∘jit's bound (properties/transforms.test.ts): jit merges common subexpressions, so grad sums the same cotangent terms re-associated. */
export const GRAD_JIT_ULPS = 2;

export interface AdCase {
  readonly kind: AdKind;
  readonly text: string;
  /** The program's op template names (for the fuzzer's op histogram). */
  readonly ops: readonly string[];
  /** The function checked: the program's inputs in, its float outputs as one vector out. */
  readonly fn: (...xs: NDArray[]) => NDArray;
  readonly inputs: readonly Aval[];
  /** Per input, one value per example (one example unless the kind is 'vmap-grad'). */
  readonly values: readonly (readonly HostArray[])[];
  /** vmap-grad: the in_axes (null: the input is shared) and the batch size. */
  readonly inAxes: readonly (number | null)[];
  readonly size: number;
  /** Weights of the loss (also the vjp cotangent u) and the tangent v, one per float input. */
  readonly weights: HostArray;
  readonly tangents: readonly HostArray[];
}

const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';
const range = (n: number): number[] => [...Array(n).keys()];
const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const pick = (v: number, n: number): number => (n <= 0 ? 0 : ((v % n) + n) % n);

/** P's float outputs flattened into one vector of one float dtype (int and bool outputs have no derivative). */
function vectorOf(p: Program): { fn: (...xs: NDArray[]) => NDArray; dtype: DType; size: number } {
  const floats = p.outputs.filter((o) => isFloat(p.avals[o]!.dtype));
  const dtype: DType = p.avals.some((a) => a.dtype === 'float32') ? 'float32' : 'float64';
  const size = floats.reduce((n, o) => n + sizeOf(p.avals[o]!.shape), 0);
  const fn = (...xs: NDArray[]) => {
    const outs = runProgram(p, xs);
    const parts = p.outputs.flatMap((o, j) => (isFloat(p.avals[o]!.dtype) ? [outs[j]!] : []));
    const flat = parts.map((y) => lax.reshape(y.dtype === dtype ? y : lax.convertElementType(y, dtype), [y.size]));
    return flat.length ? lax.concatenate(flat, 0) : lax.convertElementType(lax.iota('int32', [0]), dtype);
  };
  return { fn, dtype, size };
}

const seedValue = fc.oneof(
  { arbitrary: fc.integer({ min: -4, max: 4 }), weight: 10 },
  { arbitrary: fc.integer({ min: -8, max: 8 }).map((k) => k / 2), weight: 3 },
  { arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.1, 1e10, -2.5), weight: 1 },
);
/** A shared-table op's name from its text ('sin(v0)' -> sin; 'v1 / 4' -> div; 'v0 - broadcast(sum ...' -> centre). */
function opName(text: string): string {
  const body = text.replace(/^v\d+ = /, '');
  const call = /^([A-Za-z_]\w*)\(/.exec(body);
  if (call) return call[1]!;
  if (/ - broadcast\(sum/.test(body)) return 'centre';
  const op = / ([-+*/]) /.exec(body)?.[1];
  return op === '/' ? 'div' : op === '*' ? 'mul' : op === '+' ? 'add' : op === '-' ? 'sub' : body;
}
const directionValue = fc.integer({ min: -8, max: 8 }).map((k) => k / 8);

/** A case of the reverse-mode and bit-exact kinds: a fuzz program over float (and some int) inputs. */
function programCaseArb(kind: Exclude<AdKind, 'jvp'>, maxSteps: number): fc.Arbitrary<AdCase> {
  const dimArb = fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 8 });
  return fc
    .record({
      nIn: fc.integer({ min: 1, max: 3 }),
      shapes: fc.tuple(...range(3).map(() => fc.array(dimArb, { maxLength: 3 }))),
      dtypes: fc.tuple(...range(3).map((a) => fc.constantFrom<DType>(...((a === 0 ? ['float64', 'float64', 'float32'] : ['float64', 'float32', 'int32']) as DType[])))),
      seeds: fc.array(seedArb, { minLength: 1, maxLength: maxSteps }),
      outSel: fc.array(fc.nat({ max: 100 }), { maxLength: 2 }),
      size: fc.integer({ min: 0, max: 3 }),
      axes: fc.array(fc.nat({ max: 1000 }), { minLength: 3, maxLength: 3 }),
      pool: fc.array(seedValue, { minLength: 1, maxLength: 24 }),
      dirs: fc.array(directionValue, { minLength: 1, maxLength: 24 }),
    })
    .map((r) => {
      const inputs: Aval[] = range(r.nIn).map((a) => ({ shape: r.shapes[a]!, dtype: r.dtypes[a]! }));
      const p = buildProgram(inputs, r.seeds, { names: [], sizes: [] }, r.outSel, { collectives: false });
      const { fn, dtype, size: outSize } = vectorOf(p);
      const batched = kind === 'vmap-grad';
      const inAxes = inputs.map((x, a) => {
        if (!batched) return null;
        const t = pick(r.axes[a]!, x.shape.length + 2);
        return t === 0 ? null : t - 1; // an axis in [0, rank] or null
      });
      const values = inputs.map((x, a) =>
        range(inAxes[a] === null ? 1 : r.size).map((e) => host(x.shape, x.dtype, range(sizeOf(x.shape)).map((k) => r.pool[(a * 31 + e * 7 + k) % r.pool.length]!))),
      );
      const dir = (n: number, off: number) => range(n).map((k) => r.dirs[(off + k) % r.dirs.length]!);
      const weights = host([outSize], dtype, dir(outSize, 3));
      const tangents = inputs.flatMap((x, a) => (isFloat(x.dtype) ? [host(x.shape, x.dtype, dir(sizeOf(x.shape), 11 * a))] : []));
      return { kind, text: describeProgram(p), ops: p.ops.map((o) => o.name), fn, inputs, values, inAxes, size: batched ? r.size : 1, weights, tangents };
    });
}

/** A case of the 'jvp' kind: a smooth float64 program, inputs in [-1, 1], a direction with sum |v| <= 1. */
function smoothCaseArb(maxSteps: number): fc.Arbitrary<AdCase> {
  return programArb({ mode: 'smooth', maxSteps, maxInputs: 2 }).chain((p: SmoothProgram) =>
    fc
      .record({
        values: fc.tuple(...p.inputs.map((a, i) => fc.array(p.valueArbs[i]!, { minLength: sizeOf(a.shape), maxLength: sizeOf(a.shape) }))),
        dirs: fc.tuple(...p.inputs.map((a) => fc.array(directionValue, { minLength: sizeOf(a.shape), maxLength: sizeOf(a.shape) }))),
      })
      .map(({ values, dirs }) => {
        // the step along v is then at most FD_STEP in every coordinate together: the FD bound below holds
        const l1 = Math.max(1, dirs.flat().reduce((s, d) => s + Math.abs(d), 0));
        return {
          kind: 'jvp' as const,
          text: describeSmooth(p),
          ops: p.ops.map((o) => opName(o.text)),
          fn: p.fn,
          inputs: p.inputs,
          values: values.map((v, i) => [host(p.inputs[i]!.shape, 'float64', v)]),
          inAxes: p.inputs.map(() => null),
          size: 1,
          weights: host([0], 'float64', []),
          tangents: dirs.map((d, i) => host(p.inputs[i]!.shape, 'float64', d.map((x) => x / l1))),
        };
      }),
  );
}

export function adCaseArb(kind: AdKind | undefined, maxSteps: number): fc.Arbitrary<AdCase> {
  const arb = (k: AdKind) => (k === 'jvp' ? smoothCaseArb(maxSteps) : programCaseArb(k, maxSteps));
  const c = kind ? arb(kind) : fc.oneof(...AD_KINDS.map(arb));
  return c.map((x) => Object.assign(x, { [fc.toStringMethod]: () => describeAdCase(x) }));
}

export function describeAdCase(c: AdCase): string {
  return [
    `check: ${c.kind}`,
    c.text,
    ...c.values.map((vs, a) => `  v${a}${c.inAxes[a] === null || c.kind !== 'vmap-grad' ? '' : ` (mapped on axis ${c.inAxes[a]})`}: ${vs.map(describeHost).join(' | ')}`),
    c.kind === 'jvp' ? '' : `  weights/cotangent: ${describeHost(c.weights)}`,
    `  tangents: ${c.tangents.map(describeHost).join(', ')}`,
  ].join('\n');
}
