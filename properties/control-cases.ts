/**
 * Law cases for the control-flow functions (lax.cond, switch, whileLoop, foriLoop, scan, map): one
 * `LawCase` each, so every law of ./laws (vmap == the stacked loop, nested vmaps) and of ./ad-laws
 * (dot-product test, finite differences, vmap of grad, jacobians) runs on them unchanged.
 *
 * A case's function takes arrays and returns ONE array: the leaves of the pytree results (carries,
 * stacked ys, branch outputs) flattened and concatenated, in the case's float dtype. The bodies use
 * pytree carries and operands (objects and arrays nested), captured values, int32 counters,
 * predicates and indices that are arguments (so vmap maps them: lanes take different branches and
 * run different iteration counts) or computed from float data.
 *
 * Values: float arguments are small integers, halves or any double (NaN, ±Infinity, -0 included:
 * the bit-exact laws need no finite derivatives); ./ad-laws `float64Cases` swaps them for smooth
 * values in [-3, 3] for the derivative laws. The bodies are bounded (tanh, sin, halving), so
 * values stay O(1) there, and loops stop on an int32 bound however the float data behaves.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { np } from '../lib/numpy';
import { flatten } from '../lib/pytree';
import { vmap } from '../lib/transforms/vmap';
import { dimArb, FLOAT_DTYPES, valueArb, valueModeArb } from './arbitraries';
import { describeProgram as describeRandom, programArb, type Aval as ProgramAval, type ProgramOptions } from './programs';
import { lawCase, type LawCase } from './laws';

const floatArb = fc.constantFrom<DType>(...FLOAT_DTYPES);
const modeArb = valueModeArb(['small', 'halves', 'any']);
const lenArb = fc.integer({ min: 0, max: 4 });
const intIn = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max });

/** Every leaf of `tree`, raveled, cast to `dtype` and concatenated: one array to compare bit for bit. */
export function flatOut(tree: unknown, dtype: DType): NDArray {
  const leaves = (flatten(tree)[0] as NDArray[]).map((x) => np.ravel(x.dtype === dtype ? x : np.astype(x, dtype)));
  return leaves.length === 0 ? np.zeros([0], dtype) : np.concatenate(leaves, 0);
}

const f = (dtype: DType, mode: string) => valueArb(dtype, mode as 'small');

// ------------------------------------------------------------------ cond and switch

type Ops = { a: NDArray; bs: [NDArray] };
const trueBranch = ({ a, bs: [b] }: Ops) => ({ u: np.add(np.multiply(np.sin(a), b), 1), v: [np.tanh(np.subtract(a, b))] });
const falseBranch = ({ a, bs: [b] }: Ops) => ({ u: np.subtract(a, np.multiply(np.tanh(b), 0.5)), v: [np.multiply(b, b)] });

/** cond(p > 0, ...) on pytree operands {a, bs: [b]}; the int32 predicate p is an argument. */
export const condCase: LawCase = lawCase(
  'cond (int32 predicate argument)',
  fc.record({ n: dimArb(), dtype: floatArb, mode: modeArb }).map(({ n, dtype, mode }) => ({
    shapes: [[], [n], [n]],
    dtypes: ['int32', dtype, dtype],
    valueArbs: [intIn(-2, 2), f(dtype, mode), f(dtype, mode)],
    fn: (p: NDArray, x: NDArray, y: NDArray) => flatOut(lax.cond(np.greater(p, 0), trueBranch, falseBranch, { a: x, bs: [y] }), dtype),
    params: { n, dtype, mode },
  })),
);

/** cond whose branches take no operands and close over the arguments. */
export const condClosureCase: LawCase = lawCase(
  'cond (branches closing over the arguments)',
  fc.record({ n: dimArb(), dtype: floatArb, mode: modeArb }).map(({ n, dtype, mode }) => ({
    shapes: [[], [n], [n]],
    dtypes: ['int32', dtype, dtype],
    valueArbs: [intIn(-2, 2), f(dtype, mode), f(dtype, mode)],
    fn: (p: NDArray, x: NDArray, y: NDArray) =>
      lax.cond(
        np.greater(p, 0),
        () => np.multiply(np.sqrt(np.add(np.multiply(x, x), 1)), y),
        () => np.subtract(x, np.log(np.add(np.multiply(y, y), 1))),
      ),
    params: { n, dtype, mode },
  })),
);

/**
 * cond(x > 0, sqrt(x) y, log(-x) y) on closures: each branch is NaN (with a NaN derivative) on the
 * lanes that do not take it; under vmap they all run, and no NaN may leak into the taken lanes'
 * values or gradients (JAX issue 1052). Not for the laws that need finite values everywhere.
 */
export const condNanCase: LawCase = lawCase(
  'cond (closures off their domain in the untaken branch)',
  fc.record({ n: dimArb(), dtype: floatArb }).map(({ n, dtype }) => ({
    shapes: [[], [n]],
    dtypes: [dtype, dtype],
    // |x| in [1/4, 3]: the taken branch and its derivative stay finite (1/x of a subnormal would not)
    valueArbs: [fc.tuple(fc.boolean(), fc.double({ min: 0.25, max: 3, noNaN: true })).map(([neg, v]) => (neg ? -v : v)), f(dtype, 'halves')],
    fn: (x: NDArray, y: NDArray) => lax.cond(np.greater(x, 0), () => np.multiply(np.sqrt(x), y), () => np.multiply(np.log(np.negative(x)), y)),
    params: { n, dtype },
  })),
);

/** cond on the sign of the data: sum(x) > 0 (the predicate is batched whenever x is). */
export const condDataCase: LawCase = lawCase(
  'cond (predicate from the data)',
  fc.record({ n: dimArb(), dtype: floatArb, mode: modeArb }).map(({ n, dtype, mode }) => ({
    shapes: [[n], [n]],
    dtypes: [dtype, dtype],
    valueArbs: [f(dtype, mode), f(dtype, mode)],
    fn: (x: NDArray, y: NDArray) => flatOut(lax.cond(np.greater(np.sum(x), 0), trueBranch, falseBranch, { a: x, bs: [y] }), dtype),
    params: { n, dtype, mode },
  })),
);

/** switch over three branches with an index in [-2, 4]: clamped on both sides. */
export const switchCase: LawCase = lawCase(
  'switch (index clamped both sides)',
  fc.record({ n: dimArb(), dtype: floatArb, mode: modeArb }).map(({ n, dtype, mode }) => ({
    shapes: [[], [n], [n]],
    dtypes: ['int32', dtype, dtype],
    valueArbs: [intIn(-2, 4), f(dtype, mode), f(dtype, mode)],
    fn: (k: NDArray, x: NDArray, y: NDArray) =>
      flatOut(
        lax.switch(
          k,
          [(a: NDArray, b: NDArray) => [np.multiply(np.sin(a), b), a], (a: NDArray, b: NDArray) => [np.subtract(a, b), np.tanh(b)], (a: NDArray, b: NDArray) => [np.multiply(np.tanh(np.add(a, b)), 2), np.multiply(a, 0.5)]],
          x,
          y,
        ),
        dtype,
      ),
    params: { n, dtype, mode },
  })),
);

// ------------------------------------------------------------------ loops

/** while (i < k && sum(v) < 5.5) { v = v / 2 + tanh(v) + 1; i++ }: k an int32 argument in [0, 4]. */
export const whileCase: LawCase = lawCase(
  'whileLoop (int32 bound argument, data-dependent stop)',
  fc.record({ n: dimArb(), dtype: floatArb, mode: modeArb }).map(({ n, dtype, mode }) => ({
    shapes: [[], [n]],
    dtypes: ['int32', dtype],
    valueArbs: [intIn(0, 4), f(dtype, mode)],
    fn: (k: NDArray, x: NDArray) =>
      flatOut(
        lax.whileLoop(
          ({ i, v }: { i: NDArray; v: NDArray }) => np.logicalAnd(np.less(i, k), np.less(np.sum(v), 5.5)),
          ({ i, v }: { i: NDArray; v: NDArray }) => ({ i: np.add(i, 1), v: np.add(np.add(np.multiply(v, 0.5), np.tanh(v)), 1) }),
          { i: np.array(0, 'int32'), v: x },
        ),
        dtype,
      ),
    params: { n, dtype, mode },
  })),
);

const foriBody = (w: NDArray) => (i: NDArray, [v, s]: [NDArray, NDArray]): [NDArray, NDArray] => {
  const t = np.sin(np.add(np.multiply(np.astype(i, v.dtype), 0.5), v));
  return [np.add(np.multiply(v, np.tanh(w)), t), np.add(s, np.sum(t))];
};

/** foriLoop with JS bounds in [-1, 4] (a scan: reverse-differentiable), carry [v, s]. */
export const foriStaticCase: LawCase = lawCase(
  'foriLoop (static bounds)',
  fc.record({ n: dimArb(), dtype: floatArb, mode: modeArb, lo: intIn(-1, 2), hi: intIn(-1, 4) }).map(({ n, dtype, mode, lo, hi }) => ({
    shapes: [[n], []],
    dtypes: [dtype, dtype],
    valueArbs: [f(dtype, mode), f(dtype, mode)],
    fn: (x: NDArray, w: NDArray) => flatOut(lax.foriLoop(lo, hi, foriBody(w), [x, np.zeros([], dtype)]), dtype),
    params: { n, dtype, mode, lo, hi },
  })),
);

/** foriLoop with int32 array bounds: static when they are concrete, a while loop under jit and vmap. */
export const foriTracedCase: LawCase = lawCase(
  'foriLoop (int32 array bounds)',
  fc.record({ n: dimArb(), dtype: floatArb, mode: modeArb }).map(({ n, dtype, mode }) => ({
    shapes: [[], [], [n], []],
    dtypes: ['int32', 'int32', dtype, dtype],
    valueArbs: [intIn(-1, 2), intIn(-1, 4), f(dtype, mode), f(dtype, mode)],
    fn: (lo: NDArray, hi: NDArray, x: NDArray, w: NDArray) => flatOut(lax.foriLoop(lo, hi, foriBody(w), [x, np.zeros([], dtype)]), dtype),
    params: { n, dtype, mode },
  })),
);

type Carry = { h: NDArray; s: [NDArray, NDArray] };
/** An RNN-like step: h = tanh(h w + x), s accumulates, an int32 counter; ys are a pytree. */
const rnnStep =
  (w: NDArray) =>
  (c: Carry, x: { a: NDArray; b: NDArray } | null): [Carry, { y: NDArray; z: [NDArray] }] => {
    const drive = x === null ? np.sin(c.s[0]) : np.add(x.a, x.b);
    const h = np.tanh(np.add(np.multiply(c.h, w), drive));
    const s = np.add(c.s[0], np.multiply(np.sum(h), 0.5));
    return [{ h, s: [s, np.add(c.s[1], 1)] }, { y: np.multiply(h, c.s[0]), z: [c.s[0]] }];
  };

/** scan over xs {a: [T, n], b: [T]} (or xs null with length T), reverse or not; w captured. */
export const scanCase: LawCase = lawCase(
  'scan (pytree carry and xs, reverse, xs null)',
  fc
    .record({ n: dimArb(), t: lenArb, dtype: floatArb, mode: modeArb, reverse: fc.boolean(), nullXs: fc.boolean() })
    .map(({ n, t, dtype, mode, reverse, nullXs }) => ({
      shapes: [[n], [t, n], [t], []],
      dtypes: [dtype, dtype, dtype, dtype],
      valueArbs: [f(dtype, mode), f(dtype, mode), f(dtype, mode), f(dtype, mode)],
      fn: (h0: NDArray, a: NDArray, b: NDArray, w: NDArray) => {
        const init: Carry = { h: h0, s: [np.zeros([], dtype), np.array(0, 'int32')] };
        const xs = nullXs ? null : { a, b: np.broadcastTo(np.reshape(b, [t, 1]), [t, n]) };
        return flatOut(lax.scan(rnnStep(w), init, xs, { reverse, ...(nullXs ? { length: t } : {}) }), dtype);
      },
      params: { n, t, dtype, mode, reverse, nullXs },
    })),
);

/** lax.map of a pytree-valued f over [T, n], with no batchSize or one in [1, 3] (remainders too). */
export const mapCase: LawCase = lawCase(
  'map (batchSize with remainder)',
  fc.record({ n: dimArb(), t: lenArb, dtype: floatArb, mode: modeArb, batchSize: fc.constantFrom(undefined, 1, 2, 3) }).map(({ n, t, dtype, mode, batchSize }) => ({
    shapes: [[t, n], []],
    dtypes: [dtype, dtype],
    valueArbs: [f(dtype, mode), f(dtype, mode)],
    fn: (xs: NDArray, w: NDArray) =>
      flatOut(lax.map((x: NDArray) => ({ s: np.sum(np.multiply(np.sin(x), w)), v: [np.multiply(x, np.tanh(x))] }), xs, batchSize === undefined ? {} : { batchSize }), dtype),
    params: { n, t, dtype, mode, batchSize },
  })),
);

/** A scan whose step picks its update by switch on an int32 xs leaf, and runs a cond inside: control flow in a body. */
export const scanSwitchCase: LawCase = lawCase(
  'scan of switch and cond (int32 xs as the index)',
  fc.record({ n: dimArb(), t: lenArb, dtype: floatArb, mode: modeArb }).map(({ n, t, dtype, mode }) => ({
    shapes: [[n], [t], []],
    dtypes: [dtype, 'int32', dtype],
    valueArbs: [f(dtype, mode), intIn(-1, 3), f(dtype, mode)],
    fn: (h0: NDArray, ks: NDArray, w: NDArray) => {
      const step = (h: NDArray, k: NDArray) => {
        const branches = [(a: NDArray) => np.multiply(a, w), (a: NDArray) => np.sin(a), (a: NDArray) => lax.cond(np.greater(k, 1), (b: NDArray) => np.tanh(np.add(b, w)), (b: NDArray) => np.multiply(b, 0.5), a)];
        const next = lax.switch(k, branches, h);
        return [next, np.sum(np.multiply(next, h))] as const;
      };
      return flatOut(lax.scan(step, h0, ks), dtype);
    },
    params: { n, t, dtype, mode },
  })),
);

/** A scan whose body vmaps a scan over rows (nested control flow under a transform). */
export const scanVmapScanCase: LawCase = lawCase(
  'scan of vmap of scan',
  fc.record({ m: intIn(0, 3), n: dimArb(), t: intIn(0, 3), dtype: floatArb, mode: modeArb }).map(({ m, n, t, dtype, mode }) => ({
    shapes: [[t, m, n], []],
    dtypes: [dtype, dtype],
    valueArbs: [f(dtype, mode), f(dtype, mode)],
    fn: (xs: NDArray, c0: NDArray) => {
      const inner = (c: NDArray, row: NDArray) => lax.scan((d: NDArray, e: NDArray) => [np.tanh(np.add(np.multiply(d, 0.5), e)), np.multiply(d, e)] as const, c, row);
      const [c, ys] = lax.scan(
        (c: NDArray, x: NDArray) => {
          const [ends, prods] = vmap((row: NDArray) => inner(c, row))(x);
          return [np.add(np.multiply(c, 0.5), np.sum(ends)), prods] as const;
        },
        c0,
        xs,
      );
      return flatOut([c, ys], dtype);
    },
    params: { m, n, t, dtype, mode },
  })),
);

// ------------------------------------------------------------------ random bodies

/** The new carry from the old one and a body output y: c/2 + tanh(sum y)/4 (bounded, c's type). */
const fold = (c: NDArray, y: NDArray): NDArray => np.add(np.multiply(c, 0.5), np.astype(np.multiply(np.tanh(np.astype(np.sum(y), 'float64')), 0.25), c.dtype));

/**
 * A scan whose step runs a random program P (./programs): with two inputs P(c, x) over xs of
 * length T, with one P(c) and xs null; the carry becomes fold(c, y), ys stack y. Reverse or not.
 */
export function randomScanCase(name: string, opts: ProgramOptions): LawCase {
  return lawCase(
    name,
    fc.record({ p: programArb({ maxSteps: 4, ...opts }), t: lenArb, reverse: fc.boolean() }).map(({ p, t, reverse }) => {
      const [c, x] = p.inputs as [ProgramAval, ProgramAval | undefined];
      return {
        shapes: x ? [c.shape, [t, ...x.shape]] : [c.shape],
        dtypes: x ? [c.dtype, x.dtype] : [c.dtype],
        valueArbs: p.valueArbs,
        fn: (c0: NDArray, xs?: NDArray) => {
          const step = (cv: NDArray, xv: NDArray | null) => {
            const y = xv === null ? p.fn(cv) : p.fn(cv, xv);
            return [fold(cv, y), y] as const;
          };
          return flatOut(lax.scan(step, c0, xs ?? null, { reverse, length: t }), c.dtype);
        },
        params: `scan over ${t} steps${reverse ? ', reverse' : ''} of\n${describeRandom(p)}`,
      };
    }),
  );
}

/** cond(k > 0, P, -P) on a random program P's inputs, k an int32 argument in [-1, 1]. */
export function randomCondCase(name: string, opts: ProgramOptions): LawCase {
  return lawCase(
    name,
    programArb({ maxSteps: 4, ...opts }).map((p) => ({
      shapes: [[], ...p.inputs.map((a) => a.shape)],
      dtypes: ['int32' as DType, ...p.inputs.map((a) => a.dtype)],
      valueArbs: [intIn(-1, 1), ...p.valueArbs],
      fn: (k: NDArray, ...xs: NDArray[]) =>
        lax.cond(
          np.greater(k, 0),
          (...a: NDArray[]) => p.fn(...a),
          (...a: NDArray[]) => np.negative(p.fn(...a)),
          ...xs,
        ),
      params: `cond(k > 0, P, -P) of\n${describeRandom(p)}`,
    })),
  );
}

/** Random bodies over float32/float64 with any values (NaN, ±Infinity, -0): for the bit-exact laws. */
export const randomBodyCases: readonly LawCase[] = [
  randomScanCase('scan of a random body', { mode: 'any', dtypes: FLOAT_DTYPES, noConvert: true }),
  randomCondCase('cond of random branches', { mode: 'any', dtypes: FLOAT_DTYPES, noConvert: true }),
];

/** Random smooth float64 bodies (inputs in [-1, 1], values kept O(1)): for the derivative laws. */
export const smoothBodyCases: readonly LawCase[] = [
  randomScanCase('scan of a random smooth body', { mode: 'smooth' }),
  randomCondCase('cond of random smooth branches', { mode: 'smooth' }),
];

/** Every control-flow case. */
export const controlCases: readonly LawCase[] = [condCase, condClosureCase, condNanCase, condDataCase, switchCase, whileCase, foriStaticCase, foriTracedCase, scanCase, mapCase, scanSwitchCase, scanVmapScanCase];

/** The cases reverse mode differentiates (whileLoop and traced foriLoop bounds have jvp only). */
export const reverseControlCases: readonly LawCase[] = [condCase, condClosureCase, condDataCase, switchCase, foriStaticCase, foriTracedCase, scanCase, mapCase, scanSwitchCase, scanVmapScanCase];
