/**
 * Derivatives of the inverse trigonometric, hyperbolic and special-function primitives, as JAX
 * states them (d/dx asin = rsqrt(1 - x^2), d/dx lgamma = digamma, ...). Each is built from
 * primitives, so higher derivatives follow from the same tables; digamma's derivative, trigamma,
 * has no primitive of its own and is the composition below.
 */
import { bind, type NDArray } from '../../array/ndarray';
import { add, div, fill, mul, neg, select, sub } from './types';

type Deriv = (x: NDArray, out: NDArray) => NDArray;
const one = (x: NDArray) => fill(1, x);
const square = (x: NDArray) => mul(x, x);
const rsqrt = (x: NDArray) => bind('rsqrt', [x]);
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const SQRT_PI_OVER_TWO = 0.886226925452758;

/**
 * trigamma(x) = sum_k 1 / (x + k)^2: for x >= 0.5 the first 10 terms plus the asymptotic series at
 * y = x + 10 (the next term, 3617/510 y^-17, is below 1e-16 of the sum); below 0.5 the reflection
 * trigamma(x) = pi^2 / sin^2(pi x) - trigamma(1 - x). Each branch sees only arguments in its own
 * domain, so the branch not taken has no poles to leak NaN into higher derivatives through the
 * select (0 * Infinity).
 */
export function trigamma(x: NDArray): NDArray {
  const reflect = bind('lt', [x, fill(0.5, x)]);
  const xp = select(reflect, sub(one(x), x), x);
  let sum = fill(0, x);
  for (let k = 0; k < 10; k++) sum = add(sum, div(one(x), square(add(xp, fill(k, x)))));
  const y = add(xp, fill(10, x));
  const r = div(one(y), y),
    r2 = square(r);
  const coeffs = [7 / 6, -691 / 2730, 5 / 66, -1 / 30, 1 / 42, -1 / 30, 1 / 6];
  const tail = coeffs.slice(1).reduce((acc, c) => add(fill(c, y), mul(r2, acc)), fill(coeffs[0]!, y));
  const asymptotic = add(add(r, mul(fill(0.5, y), r2)), mul(mul(r, r2), tail));
  const direct = add(sum, asymptotic);
  // sin(pi r) with r = x - round(x) exact, so the poles at the integers are exact zeros; where the
  // branch is not taken it reads 0.25 instead of x, whose pole would reach the higher derivatives
  const xr = select(reflect, x, fill(0.25, x));
  const s = bind('sin', [mul(fill(Math.PI, x), sub(xr, bind('round', [xr], { method: 'toEven' })))]);
  const reflected = sub(div(fill(Math.PI * Math.PI, x), square(s)), direct);
  return select(reflect, reflected, direct);
}

/** d out / d x of the primitives this file covers. */
export const specialDerivs = {
  asin: (x) => rsqrt(sub(one(x), square(x))),
  acos: (x) => neg(rsqrt(sub(one(x), square(x)))),
  atan: (x) => div(one(x), add(one(x), square(x))),
  sinh: (x) => bind('cosh', [x]),
  cosh: (x) => bind('sinh', [x]),
  asinh: (x) => rsqrt(add(square(x), one(x))),
  acosh: (x) => rsqrt(mul(sub(x, one(x)), add(x, one(x)))),
  atanh: (x) => div(one(x), mul(add(one(x), x), sub(one(x), x))),
  erf: (x) => mul(fill(TWO_OVER_SQRT_PI, x), bind('exp', [neg(square(x))])),
  erfc: (x) => mul(fill(-TWO_OVER_SQRT_PI, x), bind('exp', [neg(square(x))])),
  erf_inv: (_x, out) => mul(fill(SQRT_PI_OVER_TWO, out), bind('exp', [square(out)])),
  lgamma: (x) => bind('digamma', [x]),
  digamma: (x) => trigamma(x),
} satisfies Record<string, Deriv>;
