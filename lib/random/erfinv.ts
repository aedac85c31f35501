/**
 * XLA's erf_inv (xla/client/lib/math.cc ErfInv32/ErfInv64), which is what jax.random.normal runs:
 * M. Giles' polynomial approximations ("Approximating the erfinv function", GPU Computing Gems
 * Jade Edition, 2011) in w = -log1p(-x²), evaluated by Horner's rule in the array's own dtype.
 * As a composition of elementwise primitives it fuses into one loop under jit, and it is much
 * cheaper than lax.erf_inv (which refines the float64 polynomial by a Halley step); its error is a
 * few ulps (tested).
 */
import { GILES_W_GE_16 as F64_W_GE_16, GILES_W_LT_16 as F64_W_LT_16, GILES_W_LT_6_25 as F64_W_LT_6_25 } from '../array/special-scalars';
import { bind, constant, type NDArray } from '../array/ndarray';
import { np } from '../numpy';
import { customJvp } from '../transforms/custom/api';
import { jit } from '../transforms/jit';

const F32_W_LT_5 = [2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941];
const F32_W_GE_5 = [-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682];

// the float64 polynomials are the ones lax.erf_inv starts from

/**
 * Horner's rule over per-element coefficients: region r's polynomial where masks[r] holds (the last
 * region everywhere else), shorter polynomials left-padded with zeros — which leaves their values
 * unchanged (p stays 0 until their first coefficient), so this is each region's own Horner sum.
 */
function horner(regions: readonly (readonly number[])[], masks: readonly NDArray[], w: NDArray): NDArray {
  const deg = Math.max(...regions.map((cs) => cs.length));
  const padded = regions.map((cs) => [...new Array<number>(deg - cs.length).fill(0), ...cs]);
  const c = (v: number) => np.broadcastTo(constant(v, w.dtype), w.shape);
  const coefficient = (i: number): NDArray => {
    const vs = padded.map((cs) => cs[i]!);
    if (vs.every((v) => v === vs[0])) return c(vs[0]!);
    return masks.reduceRight((acc: NDArray, m, r) => np.where(m, c(vs[r]!), acc), c(vs[vs.length - 1]!));
  };
  let p = coefficient(0);
  for (let i = 1; i < deg; i++) p = np.add(coefficient(i), np.multiply(p, w));
  return p;
}

/** erf⁻¹(x) for float32 or float64 x, as XLA computes it; ±1 give ±∞. */
export function erfInvImpl(x: NDArray): NDArray {
  const c = (v: number) => constant(v, x.dtype);
  const w = np.negative(bind('log1p', [np.negative(np.multiply(x, x))]));
  const sw = np.sqrt(w);
  let p: NDArray;
  if (x.dtype === 'float32') {
    const lt5 = np.less(w, c(5));
    p = horner([F32_W_LT_5, F32_W_GE_5], [lt5], np.where(lt5, np.subtract(w, c(2.5)), np.subtract(sw, c(3))));
  } else {
    const lt625 = np.less(w, c(6.25)), lt16 = np.less(w, c(16));
    const wr = np.where(lt625, np.subtract(w, c(3.125)), np.where(lt16, np.subtract(sw, c(3.25)), np.subtract(sw, c(5))));
    p = horner([F64_W_LT_6_25, F64_W_LT_16, F64_W_GE_16], [lt625, lt16], wr);
  }
  return np.where(np.equal(np.abs(x), c(1)), np.multiply(x, c(Infinity)), np.multiply(p, x));
}

const erfInvJit = jit(erfInvImpl);
/**
 * erf⁻¹, compiled (one fused program per shape and dtype, also when called eagerly), with lax's
 * derivative d erf⁻¹(x)/dx = (√π / 2) exp(erf⁻¹(x)²) — differentiating the polynomial's selects
 * instead would send 0 · ∞ = NaN through the branch not taken.
 */
export const erfInv = customJvp((x: NDArray) => erfInvJit(x));
erfInv.defjvp(([x]: NDArray[], [t]: NDArray[]) => {
  const y = erfInv(x!);
  return [y, np.multiply(t!, np.multiply(constant(Math.sqrt(Math.PI) / 2, y.dtype), np.exp(np.multiply(y, y))))];
});
