/**
 * Derivatives of elementwise primitives. A unary op's JVP and VJP are both "multiply by the local
 * derivative", so each op states its derivative once and both tables use it.
 */
import { bind, type NDArray } from '../../array/ndarray';
import { BINARY_PRIMS, UNARY_PRIMS } from '../../array/primitives/elementwise';
import { specialDerivs } from './special';
import { add, addMaybe, differentiable, div, fill, mul, neg, orZeros, select, sub, zerosLike, type JvpRule, type VjpRule } from './types';

type Deriv = (x: NDArray, out: NDArray) => NDArray;
const one = (x: NDArray) => fill(1, x);

/** d out / d x for the smooth unary ops. */
const derivs: Partial<Record<(typeof UNARY_PRIMS)[number], Deriv>> = {
  neg: (x) => fill(-1, x),
  exp: (_x, out) => out,
  log: (x) => div(one(x), x),
  log1p: (x) => div(one(x), add(one(x), x)),
  expm1: (_x, out) => add(out, one(out)),
  sin: (x) => bind('cos', [x]),
  cos: (x) => neg(bind('sin', [x])),
  tan: (_x, out) => add(one(out), mul(out, out)),
  tanh: (_x, out) => sub(one(out), mul(out, out)),
  logistic: (_x, out) => mul(out, sub(one(out), out)),
  sqrt: (_x, out) => div(fill(0.5, out), out),
  rsqrt: (x, out) => mul(fill(-0.5, out), div(out, x)),
  abs: (x) => bind('sign', [x]),
  ...specialDerivs,
};

const unaryJvp = (d: Deriv | undefined): JvpRule => ([x], [t], _p, out) =>
  !t || d === undefined || !differentiable(out) ? null : mul(t, d(x!, out));
const unaryVjp = (d: Deriv | undefined): VjpRule => (ct, [x], _p, out) =>
  d === undefined || !differentiable(out) ? [null] : [mul(ct, d(x!, out))];

/** convert is linear between float types and blocks gradients to or from ints and bools. */
const convertJvp: JvpRule = ([x], [t], p) => (!t || !differentiable(x!) || !['float32', 'float64'].includes(p.dtype) ? null : bind('convert', [t], { dtype: p.dtype }));
const convertVjp: VjpRule = (ct, [x]) => (differentiable(x!) && differentiable(ct) ? [bind('convert', [ct], { dtype: x!.dtype })] : [null]);

/** Partial derivatives (d/da, d/db) of the smooth binary ops. */
type Partials = (a: NDArray, b: NDArray, out: NDArray) => [NDArray | null, NDArray | null];
const partials: Partial<Record<(typeof BINARY_PRIMS)[number], Partials>> = {
  add: (a) => [one(a), one(a)],
  sub: (a) => [one(a), fill(-1, a)],
  mul: (a, b) => [b, a],
  div: (_a, b, out) => [div(one(b), b), neg(div(out, b))],
  rem: (a, b) => [one(a), neg(roundTowardZero(div(a, b)))],
  // d/db of a^b is log(a) * a^b, taken as 0 where a == 0 (as JAX does)
  pow: (a, b, out) => [
    mul(b, bind('pow', [a, sub(b, one(b))])),
    select(bind('eq', [a, zerosLike(a)]), zerosLike(a), mul(bind('log', [a]), out)),
  ],
  // ties split the gradient evenly, as in JAX
  max: (a, b) => splitTies(a, b, 'gt'),
  min: (a, b) => splitTies(a, b, 'lt'),
  atan2: (a, b) => {
    const r = add(mul(a, a), mul(b, b));
    return [div(b, r), neg(div(a, r))];
  },
};

function roundTowardZero(x: NDArray): NDArray {
  return select(bind('lt', [x, zerosLike(x)]), bind('ceil', [x]), bind('floor', [x]));
}

function splitTies(a: NDArray, b: NDArray, cmp: 'gt' | 'lt'): [NDArray, NDArray] {
  const half = fill(0.5, a);
  const wa = select(bind(cmp, [a, b]), one(a), select(bind('eq', [a, b]), half, zerosLike(a)));
  return [wa, sub(one(a), wa)];
}

const binaryJvp = (d: Partials | undefined): JvpRule => ([a, b], [ta, tb], _p, out) => {
  if (d === undefined || !differentiable(out)) return null;
  const [da, db] = d(a!, b!, out);
  return addMaybe(ta && da ? mul(ta, da) : null, tb && db ? mul(tb, db) : null);
};
const binaryVjp = (d: Partials | undefined): VjpRule => (ct, [a, b], _p, out) => {
  if (d === undefined || !differentiable(out)) return [null, null];
  const [da, db] = d(a!, b!, out);
  return [da ? mul(ct, da) : null, db ? mul(ct, db) : null];
};

export const elementwiseJvpRules = {
  ...(Object.fromEntries(UNARY_PRIMS.map((p) => [p, unaryJvp(derivs[p])])) as Record<(typeof UNARY_PRIMS)[number], JvpRule>),
  ...(Object.fromEntries(BINARY_PRIMS.map((p) => [p, binaryJvp(partials[p])])) as Record<(typeof BINARY_PRIMS)[number], JvpRule>),
  convert: convertJvp,
  select: (([p], [, tt, tf], _params, out) =>
    !tt && !tf ? null : select(p!, orZeros(tt ?? null, out), orZeros(tf ?? null, out))) satisfies JvpRule,
};

export const elementwiseVjpRules = {
  ...(Object.fromEntries(UNARY_PRIMS.map((p) => [p, unaryVjp(derivs[p])])) as Record<(typeof UNARY_PRIMS)[number], VjpRule>),
  ...(Object.fromEntries(BINARY_PRIMS.map((p) => [p, binaryVjp(partials[p])])) as Record<(typeof BINARY_PRIMS)[number], VjpRule>),
  convert: convertVjp,
  select: ((ct, [p]) => [null, select(p!, ct, zerosLike(ct)), select(p!, zerosLike(ct), ct)]) satisfies VjpRule,
};
