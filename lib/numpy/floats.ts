/**
 * Float anatomy and type queries: divmod, modf, frexp, ldexp, finfo, iinfo, promoteTypes and
 * resultType, as numpy defines them (types promote by JAX's rules, as everywhere in np).
 */
import { asArray, type ArrayLike } from '../array/create';
import { isDType, isFloat, promoteTypes as promoteInfos, type DType } from '../array/dtype';
import { isNDArray, type NDArray } from '../array/ndarray';
import {
  abs,
  divide,
  equal,
  floor,
  floorDivide,
  greater,
  isfinite,
  isnan,
  lessEqual,
  log,
  logicalOr,
  multiply,
  power,
  remainder,
  subtract,
  trunc,
  where,
} from './math';
import { copysign } from './math-more';
import { cast, promote, toFloat } from './util';

/**
 * [floorDivide(x1, x2), remainder(x1, x2)]: Python's divmod elementwise.
 * @example np.divmod([7, -7], 2).map((a) => a.toArray()) // [[3, -4], [1, 1]]
 */
export const divmod = (x1: ArrayLike, x2: ArrayLike): [NDArray, NDArray] => [floorDivide(x1, x2), remainder(x1, x2)];

/**
 * [fractional part, integral part], both with x's sign (modf(-3) = [-0, -3], modf(inf) = [0, inf]).
 * @example np.modf([1.5, -2.25]).map((a) => a.toArray()) // [[0.5, -0.25], [1, -2]]
 */
export function modf(x: ArrayLike): [NDArray, NDArray] {
  const a = toFloat(x);
  const whole = trunc(a);
  const frac = where(isfinite(a), subtract(a, whole), where(equal(a, a), 0, a));
  return [copysign(frac, a), whole];
}

/** The exact exponent e with 2^e <= |x| < 2^(e + 1), for finite nonzero x (log2 corrected by exact powers of two). */
function exponentOf(a: NDArray): NDArray {
  const m = abs(a);
  const guess = floor(divide(log(where(greater(m, 0), m, 1)), Math.LN2));
  const lowered = where(greater(power(2, guess), m), subtract(guess, 1), guess);
  return where(lessEqual(power(2, subtract(lowered, -1)), m), subtract(lowered, -1), lowered);
}

/**
 * [mantissa, exponent] with x = mantissa * 2^exponent and |mantissa| in [0.5, 1) (an int32
 * exponent); 0, ±Infinity and NaN give [x, 0], as numpy.
 * @example np.frexp([8]).map((a) => a.toArray()) // [[0.5], [4]]
 */
export function frexp(x: ArrayLike): [NDArray, NDArray] {
  const a = toFloat(x);
  const special = logicalOr(equal(a, 0), logicalOr(equal(abs(a), Infinity), isnan(a)));
  const e = exponentOf(a);
  // x / 2^e lies in [1, 2), then halve: 2^(e + 1) itself may overflow
  const mant = divide(divide(a, power(2, e)), 2);
  return [where(special, a, mant), cast(where(special, 0, subtract(e, -1)), 'int32')];
}

/**
 * x1 * 2^x2 (x2 rounded toward zero to an integer), in three power-of-two steps so that no
 * intermediate overflows or underflows when the result is in range.
 * @example np.ldexp([1, 3], 2).toArray() // [4, 12]
 */
export function ldexp(x1: ArrayLike, x2: ArrayLike): NDArray {
  const [a] = promote(toFloat(x1));
  const e = trunc(toFloat(x2));
  const third = trunc(divide(e, 3));
  const rest = subtract(e, multiply(third, 2));
  return multiply(multiply(multiply(a!, power(2, third)), power(2, third)), power(2, rest));
}

/** Machine limits of a float dtype, as numpy.finfo lists them. */
export interface FloatInfo {
  readonly dtype: DType;
  readonly bits: number;
  readonly eps: number;
  readonly epsneg: number;
  readonly max: number;
  readonly min: number;
  readonly tiny: number;
  readonly smallestNormal: number;
  readonly smallestSubnormal: number;
  readonly resolution: number;
  readonly precision: number;
  readonly maxexp: number;
  readonly minexp: number;
  readonly nmant: number;
  readonly nexp: number;
}
const FINFO: Record<'float32' | 'float64', FloatInfo> = {
  float32: Object.freeze({
    dtype: 'float32',
    bits: 32,
    eps: 2 ** -23,
    epsneg: 2 ** -24,
    max: 3.4028234663852886e38,
    min: -3.4028234663852886e38,
    tiny: 2 ** -126,
    smallestNormal: 2 ** -126,
    smallestSubnormal: 2 ** -149,
    resolution: 1e-6,
    precision: 6,
    maxexp: 128,
    minexp: -126,
    nmant: 23,
    nexp: 8,
  }),
  float64: Object.freeze({
    dtype: 'float64',
    bits: 64,
    eps: 2 ** -52,
    epsneg: 2 ** -53,
    max: Number.MAX_VALUE,
    min: -Number.MAX_VALUE,
    tiny: 2 ** -1022,
    smallestNormal: 2 ** -1022,
    smallestSubnormal: 5e-324,
    resolution: 1e-15,
    precision: 15,
    maxexp: 1024,
    minexp: -1022,
    nmant: 52,
    nexp: 11,
  }),
};
const dtypeOf = (t: DType | ArrayLike): DType => (typeof t === 'string' && isDType(t) ? t : (isNDArray(t) ? t : asArray(t)).dtype);

/**
 * The limits of a float dtype (given by name or by an array of it).
 * @example np.finfo('float32').eps // 1.1920928955078125e-7
 */
export function finfo(t: DType | ArrayLike): FloatInfo {
  const d = dtypeOf(t);
  if (!isFloat(d)) throw new TypeError(`np.finfo: dtype must be float32 or float64, got ${d} (use np.iinfo for integers)`);
  return FINFO[d as 'float32' | 'float64'];
}

/**
 * The range of an integer dtype (given by name or by an array of it).
 * @example np.iinfo('int32').max // 2147483647
 */
export function iinfo(t: DType | ArrayLike): { readonly dtype: DType; readonly bits: number; readonly min: number; readonly max: number } {
  const d = dtypeOf(t);
  if (d === 'int32') return Object.freeze({ dtype: d, bits: 32, min: -2147483648, max: 2147483647 });
  if (d === 'uint32') return Object.freeze({ dtype: d, bits: 32, min: 0, max: 4294967295 });
  throw new TypeError(`np.iinfo: dtype must be int32 or uint32, got ${d} (use np.finfo for floats)`);
}

/**
 * The dtype two dtypes promote to (JAX's lattice: both strong).
 * @example np.promoteTypes('int32', 'float32') // 'float32'
 */
export function promoteTypes(type1: DType, type2: DType): DType {
  for (const [name, t] of [
    ['type1', type1],
    ['type2', type2],
  ] as const)
    if (!isDType(t)) throw new TypeError(`np.promoteTypes: ${name} must be a dtype name, got ${String(t)}`);
  return promoteInfos([
    { dtype: type1, weak: false },
    { dtype: type2, weak: false },
  ]).dtype;
}

/**
 * The dtype np's functions give these operands (arrays, dtype names, JS numbers as weak types).
 * @example np.resultType('int32', 'float32') // 'float32'
 */
export function resultType(...args: (DType | ArrayLike)[]): DType {
  if (args.length === 0) throw new TypeError('np.resultType needs at least one argument');
  const operands = args.map((a) => (typeof a === 'string' && isDType(a) ? asArray(0, a) : (a as ArrayLike)));
  return promote(...operands)[0]!.dtype;
}
