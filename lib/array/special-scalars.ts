/**
 * Scalar functions of the special elementwise primitives (erf, erfc, erf_inv, lgamma, digamma,
 * nextafter) as source text. The kernels compile the text here and the generated loops (eager,
 * fused and threaded alike) prepend the same text, so a loop and a kernel run one definition and
 * agree bit for bit, and worker threads can run the loops (they only receive source).
 *
 * Methods (the coefficients were computed with mpmath at 50 digits for this file):
 * - erfc(x), x >= 0.5: exp(-x^2) * erfcx(x), with erfcx(x) = e^(x^2) erfc(x) a 30-term Chebyshev
 *   series of (1 + 2x) erfcx(x) in t = (x - 3.75) / (x + 3.75) (Shepherd & Laframboise's mapping,
 *   which covers [0, inf) with one series); exp(-x^2) is split at a 24-bit head h of x so that
 *   h^2 is exact and the rounding of x^2 (25 ulps of exp at x = 5) never enters.
 * - erf(x): its Maclaurin series for |x| < 0.5, 1 - erfc(|x|) beyond (no cancellation: erf >= 0.52).
 * - erf_inv(y): M. Giles' double-precision approximation (below), then one Halley step on
 *   erf(x) = y (|y| <= 0.5) or on erfc(x) = 1 - |y| (exact for |y| >= 0.5), so the tails keep their
 *   relative accuracy.
 * - lgamma: the Taylor series of lgamma(2 + z) (coefficients (-1)^k (zeta(k) - 1) / k) on
 *   [1.5, 2.5), reached by z = x - 2 or x - 1 exactly (so lgamma(1) = lgamma(2) = 0 and the zeros
 *   keep relative accuracy), the recurrence below 1.5 and up to 8, Stirling's series from 8, and
 *   the reflection formula for x < 0 (with sin(pi r) on the exactly reduced r = x - round(x)).
 * - digamma: the Taylor series about its positive root x0 on [1, 2] (relative accuracy near the
 *   root), the recurrence elsewhere below 10, the asymptotic series from 10, reflection for x <= 0.
 * - nextafter: the neighbouring float of the given format, by exact power-of-two arithmetic (no
 *   bit casts, so it is a pure expression of numbers like every other loop operand).
 */

/** (1 + 2x) erfcx(x) = sum c_k T_k(t), t = (x - 3.75) / (x + 3.75). */
const ERFCX = [
  1.1775789345674017, -0.004590054580646478, -0.08424913336651792, 0.05920993999819189, -0.026658668435305753, 0.009074997670705265,
  -0.002413163540417608, 0.0004907758365258086, -6.916973302501207e-5, 4.13902798607301e-6, 7.74038306619849e-7, -2.1886401049234397e-7,
  1.076499946567091e-8, 4.521959811218287e-9, -7.754400208831351e-10, -6.318088340886684e-11, 2.86879501093067e-11, 1.9455868545777347e-13,
  -9.65469674843344e-13, 3.25254814814874e-14, 3.3478119482868056e-14, -1.864562880419313e-15, -1.2507950530688648e-15,
  7.418235256624044e-17, 5.068148904796111e-17, -2.2370566594359995e-18, -2.187342944303018e-18, 2.6766327399258762e-20,
  9.736561401741451e-20, 3.3214840905101302e-21,
];
/** erf(x) = x * sum e_n x^(2n), e_n = 2/sqrt(pi) (-1)^n / (n! (2n + 1)). */
const ERF_SERIES = [
  1.1283791670955126, -0.37612638903183754, 0.11283791670955126, -0.026866170645131252, 0.005223977625442188, -0.0008548327023450853,
  0.00012055332981789664, -1.492565035840625e-5, 1.6462114365889248e-6, -1.6365844691234924e-7, 1.4807192815879218e-8,
  -1.2290555301717928e-9, 9.422759064650411e-11, -6.7113668551641105e-12,
];
/** lgamma(2 + z) = z * sum g_k z^k: g_0 = 1 - euler_gamma, g_k = (-1)^(k+1) (zeta(k + 1) - 1) / (k + 1). */
const LGAMMA2 = [
  0.42278433509846713, 0.3224670334241132, -0.0673523010531981, 0.020580808427784546, -0.007385551028673986, 0.0028905103307415234,
  -0.001192753911703261, 0.0005096695247430425, -0.00022315475845357939, 9.945751278180853e-5, -4.492623673813314e-5, 2.050721277567069e-5,
  -9.439488275268397e-6, 4.374866789907488e-6, -2.039215753801366e-6, 9.55141213040742e-7, -4.492469198764566e-7, 2.1207184805554665e-7,
  -1.0043224823968099e-7, 4.7698101693639804e-8, -2.2711094608943164e-8, 1.0838659214896955e-8, -5.183475041970047e-9,
  2.4836745438024785e-9, -1.1921401405860912e-9, 5.731367241678862e-10, -2.7595228851242334e-10, 1.330476437424449e-10,
  -6.4229645638381e-11,
];
/** digamma(x0 + h) = h * sum p_n h^n, p_n = polygamma(n + 1, x0) / (n + 1)!; x0 = X0_HI + X0_LO. */
const PSI_ROOT = [
  0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652, 0.10782405069126237, -0.07219956125645471,
  0.04880428816414311, -0.03316112647484736, 0.022597648232218104, -0.01542476590494896, 0.010538791616612175, -0.007204534386356869,
  0.004926781395729853, -0.003369801655439328, 0.002305126326734928, -0.0015769367714301972, 0.0010788252019162967, -0.0007380709389960052,
  0.000504953265834602, -0.0003454680251063077, 0.00023635601564027053, -0.00016170622091974803, 0.0001106337276874741,
  -7.569179582195066e-5, 5.178575795222081e-5, -3.5430070947659604e-5, 2.424006611860132e-5, -1.6584242271854135e-5, 1.134638458466385e-5,
  -7.762817668462094e-6, 5.3110609208898636e-6, -3.6336507898010456e-6, 2.486022733129538e-6, -1.7008538854332607e-6, 1.1636675363548843e-6,
  -7.96142543124197e-7, 5.446941930669446e-7, -3.7266161283438227e-7, 2.549626552021554e-7, -1.7443695117727745e-7, 1.1934394829830244e-7,
  -8.165115189488409e-8, 5.586299683532171e-8,
];
/**
 * M. Giles' double-precision erf_inv ("Approximating the erfinv function", GPU Computing Gems Jade
 * Edition, 2011): erfinv(y) = y p(w), w = -log(1 - y^2), three polynomials in w - 3.125 (w < 6.25),
 * sqrt(w) - 3.25 (w < 16) and sqrt(w) - 5, highest degree first (the ones XLA's ErfInv64 uses).
 */
export const GILES_W_LT_6_25 = [
  -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18, 1.115787767802518096e-17, -1.333171662854620906e-16,
  2.0972767875968561637e-17, 6.6376381343583238325e-15, -4.0545662729752068639e-14, -8.1519341976054721522e-14, 2.6335093153082322977e-12,
  -1.2975133253453532498e-11, -5.4154120542946279317e-11, 1.051212273321532285e-9, -4.1126339803469836976e-9, -2.9070369957882005086e-8,
  4.2347877827932403518e-7, -1.3654692000834678645e-6, -1.3882523362786468719e-5, 0.0001867342080340571352, -0.00074070253416626697512,
  -0.0060336708714301490533, 0.24015818242558961693, 1.6536545626831027356,
];
export const GILES_W_LT_16 = [
  2.2137376921775787049e-9, 9.0756561938885390979e-8, -2.7517406297064545428e-7, 1.8239629214389227755e-8, 1.5027403968909827627e-6,
  -4.013867526981545969e-6, 2.9234449089955446044e-6, 1.2475304481671778723e-5, -4.7318229009055733981e-5, 6.8284851459573175448e-5,
  2.4031110387097893999e-5, -0.0003550375203628474796, 0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066,
  -0.0037512085075692412107, 0.005370914553590063617, 1.0052589676941592334, 3.0838856104922207635,
];
export const GILES_W_GE_16 = [
  -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-9, -3.7894654401267369937e-9, 7.6157012080783393804e-9,
  -1.4960026627149240478e-8, 2.9147953450901080826e-8, -6.7711997758452339498e-8, 2.2900482228026654717e-7, -9.9298272942317002539e-7,
  4.5260625972231537039e-6, -1.9681778105531670567e-5, 7.5995277030017761139e-5, -0.00021503011930044477347, -0.00013871931833623122026,
  1.0103004648645343977, 4.8499064014085844221,
];
const list = (xs: readonly number[]): string => `[${xs.join(', ')}]`;

/** Each helper: its source (function declarations and the constants they read) and the helpers it calls. */
const HELPERS: Record<string, { readonly deps: readonly string[]; readonly src: string }> = {
  $erfcx: {
    deps: [],
    src: `const $ERFCX = ${list(ERFCX)};
function $erfcx(x) {
  const t = (x - 3.75) / (x + 3.75), t2 = 2 * t;
  let b1 = 0, b2 = 0;
  for (let k = ${ERFCX.length - 1}; k >= 1; k--) { const b = t2 * b1 - b2 + $ERFCX[k]; b2 = b1; b1 = b; }
  return (t * b1 - b2 + $ERFCX[0]) / (1 + 2 * x);
}`,
  },
  $erf: {
    deps: ['$erfc'],
    src: `const $ERF_SERIES = ${list(ERF_SERIES)};
function $erf(x) {
  const a = Math.abs(x);
  if (a < 0.5) {
    const z = x * x;
    let p = $ERF_SERIES[${ERF_SERIES.length - 1}];
    for (let k = ${ERF_SERIES.length - 2}; k >= 0; k--) p = p * z + $ERF_SERIES[k];
    return x * p;
  }
  if (a >= 6) return x > 0 ? 1 : -1;
  const r = 1 - $erfc(a);
  return x < 0 ? -r : r;
}`,
  },
  $erfc: {
    deps: ['$erf', '$erfcx'],
    src: `function $erfc(x) {
  const a = Math.abs(x);
  if (a < 0.5) return 1 - $erf(x);
  if (a !== a) return a;
  let r = 0;
  if (a < 27.5) {
    const h = Math.fround(a);
    r = Math.exp(-h * h) * (Math.exp(-(a - h) * (a + h)) * $erfcx(a));
  }
  return x < 0 ? 2 - r : r;
}`,
  },
  $erfInv: {
    deps: ['$erf', '$erfc'],
    src: `const $GILES1 = ${list(GILES_W_LT_6_25)}, $GILES2 = ${list(GILES_W_LT_16)}, $GILES3 = ${list(GILES_W_GE_16)};
function $horner(cs, v) {
  let p = cs[0];
  for (let k = 1; k < cs.length; k++) p = p * v + cs[k];
  return p;
}
function $erfInv(y) {
  const a = Math.abs(y);
  if (!(a < 1)) return a === 1 ? y * Infinity : NaN;
  if (a === 0) return y;
  // 1 - a is exact for a >= 0.5, so there w = -log((1 - a)(1 + a)) keeps its accuracy as a -> 1
  const q = 1 - a;
  const w = a <= 0.5 ? -Math.log1p(-a * a) : -Math.log(q * (1 + a));
  const p = w < 6.25 ? $horner($GILES1, w - 3.125) : w < 16 ? $horner($GILES2, Math.sqrt(w) - 3.25) : $horner($GILES3, Math.sqrt(w) - 5);
  let x = a * p;
  // one Halley step on erf(x) = a, or on erfc(x) = 1 - a in the tail (relative accuracy there)
  const d = 1.1283791670955126 * Math.exp(-x * x);
  if (a <= 0.5) {
    const f = $erf(x) - a;
    x -= f / (d + x * f);
  } else {
    const g = $erfc(x) - q;
    x -= g / (x * g - d);
  }
  return y < 0 ? -x : x;
}`,
  },
  $lgamma: {
    deps: [],
    src: `const $LGAMMA2 = ${list(LGAMMA2)};
function $lgamma2(z) {
  let p = $LGAMMA2[${LGAMMA2.length - 1}];
  for (let k = ${LGAMMA2.length - 2}; k >= 0; k--) p = p * z + $LGAMMA2[k];
  return z * p;
}
function $lgamma(x) {
  if (x !== x) return x;
  if (x < 0) {
    if (x === -Infinity) return Infinity;
    const r = x - Math.round(x);
    if (r === 0) return Infinity;
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * r))) - $lgamma(1 - x);
  }
  if (x < 0.5) return $lgamma2(x) - Math.log(x) - Math.log1p(x);
  if (x < 1.5) return $lgamma2(x - 1) - Math.log1p(x - 1);
  if (x < 8) {
    let y = x, p = 1;
    while (y >= 2.5) { y -= 1; p *= y; }
    return $lgamma2(y - 2) + Math.log(p);
  }
  if (x === Infinity) return x;
  const r = 1 / x, r2 = r * r;
  const s = r * (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156 + r2 * (-3617 / 122400))))))));
  return (x - 0.5) * Math.log(x) - x + 0.9189385332046728 + s;
}`,
  },
  $digamma: {
    deps: [],
    src: `const $PSI_ROOT = ${list(PSI_ROOT)};
function $digamma(x) {
  if (x !== x || x === -Infinity) return NaN;
  if (x <= 0) {
    if (x === 0) return -1 / x;
    const r = x - Math.round(x);
    if (r === 0) return NaN;
    // cot(pi r) is 0 at the half-integers, where tan(pi * 0.5) is 1.6e16, not Infinity
    return Math.abs(r) === 0.5 ? $digamma(1 - x) : $digamma(1 - x) - Math.PI / Math.tan(Math.PI * r);
  }
  if (x === Infinity) return x;
  let s = 0, y = x;
  if (y < 1) { s = -1 / y; y += 1; }
  if (y < 10) {
    if (y < 2) {
      const h = (y - 1.4616321449683622) - 9.549995429965697e-17;
      let p = $PSI_ROOT[${PSI_ROOT.length - 1}];
      for (let k = ${PSI_ROOT.length - 2}; k >= 0; k--) p = p * h + $PSI_ROOT[k];
      return h * p + s;
    }
    let n = 0;
    while (y - n >= 2) { n += 1; s += 1 / (y - n); }
    return $digamma(y - n) + s;
  }
  const r = 1 / y, r2 = r * r;
  return Math.log(y) - 0.5 * r - r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 * (1 / 132 - r2 * (691 / 32760 - r2 / 12)))))) + s;
}`,
  },
  $nextafter: {
    deps: [],
    src: `function $nextafter(x, y, mant, emin, big, tiny) {
  if (x !== x || y !== y) return NaN;
  if (x === y) return y;
  if (x === 0) return y > 0 ? tiny : -tiny;
  if (x === Infinity || x === -Infinity) return x > 0 ? big : -big;
  const a = Math.abs(x), away = (y > x) === (x > 0);
  let e = Math.floor(Math.log2(a));
  if (Math.pow(2, e) > a) e -= 1;
  else if (Math.pow(2, e + 1) <= a) e += 1;
  if (e < emin) e = emin;
  let step = Math.pow(2, e - mant);
  if (!away && e > emin && a === Math.pow(2, e)) step /= 2;
  return (x > 0) === away ? x + step : x - step;
}`,
  },
};

/** nextafter's format parameters: mantissa bits, least normal exponent, largest and least positive values. */
export const NEXTAFTER_ARGS = {
  float64: '52, -1022, 1.7976931348623157e+308, 5e-324',
  float32: '23, -126, 3.4028234663852886e+38, 1.401298464324817e-45',
} as const;

const CALL = /\$[A-Za-z0-9]+(?=\()/g;

/** The helpers `text` calls, with the helpers they call, each once (definitions are hoisted, order is free). */
function closure(text: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || HELPERS[name] === undefined) return;
    seen.add(name);
    HELPERS[name]!.deps.forEach(visit);
  };
  for (const m of text.match(CALL) ?? []) visit(m);
  return [...seen].sort();
}

/** Source text defining every helper that `text` calls ('' when it calls none). */
export const helperDefinitions = (text: string): string =>
  closure(text)
    .map((h) => HELPERS[h]!.src)
    .join('\n');

const compiledHelpers = new Map<string, (...xs: number[]) => number>();
/** The kernel's scalar function for an expression of the helpers over `params` (compiled once per text). */
export function helperFunction(params: readonly string[], expr: string): (...xs: number[]) => number {
  const key = `${params.join(',')}=>${expr}`;
  let f = compiledHelpers.get(key);
  if (f === undefined) {
    f = new Function(`${helperDefinitions(expr)}\nreturn function (${params.join(', ')}) { return ${expr}; };`)() as (
      ...xs: number[]
    ) => number;
    compiledHelpers.set(key, f);
  }
  return f;
}
