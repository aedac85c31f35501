/**
 * XLA's erf_inv (xla/client/lib/math.cc ErfInv32/ErfInv64), which is what jax.random.normal runs:
 * M. Giles' polynomial approximations ("Approximating the erfinv function", GPU Computing Gems
 * Jade Edition, 2011) in w = -log1p(-x²), evaluated by Horner's rule in the array's own dtype.
 * As a composition of elementwise primitives it fuses into one loop under jit, and it is much
 * cheaper than the library's Newton-refined erf_inv; its error is a few ulps (tested).
 */
import { bind, constant, type NDArray } from '../array/ndarray';
import { np } from '../numpy';
import { customJvp } from '../transforms/custom/api';
import { jit } from '../transforms/jit';

const F32_W_LT_5 = [2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941];
const F32_W_GE_5 = [-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682];

const F64_W_LT_6_25 = [
  -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18, 1.115787767802518096e-17, -1.333171662854620906e-16,
  2.0972767875968561637e-17, 6.6376381343583238325e-15, -4.0545662729752068639e-14, -8.1519341976054721522e-14, 2.6335093153082322977e-12,
  -1.2975133253453532498e-11, -5.4154120542946279317e-11, 1.051212273321532285e-9, -4.1126339803469836976e-9, -2.9070369957882005086e-8,
  4.2347877827932403518e-7, -1.3654692000834678645e-6, -1.3882523362786468719e-5, 0.0001867342080340571352, -0.00074070253416626697512,
  -0.0060336708714301490533, 0.24015818242558961693, 1.6536545626831027356,
];
const F64_W_LT_16 = [
  2.2137376921775787049e-9, 9.0756561938885390979e-8, -2.7517406297064545428e-7, 1.8239629214389227755e-8, 1.5027403968909827627e-6,
  -4.013867526981545969e-6, 2.9234449089955446044e-6, 1.2475304481671778723e-5, -4.7318229009055733981e-5, 6.8284851459573175448e-5,
  2.4031110387097893999e-5, -0.0003550375203628474796, 0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066,
  -0.0037512085075692412107, 0.005370914553590063617, 1.0052589676941592334, 3.0838856104922207635,
];
const F64_W_GE_16 = [
  -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-9, -3.7894654401267369937e-9, 7.6157012080783393804e-9,
  -1.4960026627149240478e-8, 2.9147953450901080826e-8, -6.7711997758452339498e-8, 2.2900482228026654717e-7, -9.9298272942317002539e-7,
  4.5260625972231537039e-6, -1.9681778105531670567e-5, 7.5995277030017761139e-5, -0.00021503011930044477347, -0.00013871931833623122026,
  1.0103004648645343977, 4.8499064014085844221,
];

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
