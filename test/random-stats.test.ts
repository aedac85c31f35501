/**
 * random: every sampler's distribution, with fixed keys (so each test passes or fails the same way on
 * every run). Continuous samplers: the Kolmogorov–Smirnov statistic D = sup |F_n(x) - F(x)| against
 * the exact CDF, rejected above c(α)/√n with c = √(-ln(α/2)/2) at α = 0.001. Discrete samplers: the
 * chi-squared statistic Σ (O - E)² / E against the 0.999 quantile of chi-squared with k - 1 degrees of
 * freedom. Both are written out here, and the CDFs use an erf independent of the library's.
 */
import { describe, expect, it } from 'vitest';
import { np, random, vmap, type NDArray } from '../lib';

const ALPHA = 0.001;
const N = 20000;
const values = (x: NDArray): number[] => Array.from(x.data(), Number);

/** The KS statistic of a sample against a CDF. */
function ksStatistic(xs: readonly number[], cdf: (x: number) => number): number {
  const s = [...xs].sort((a, b) => a - b), n = s.length;
  let d = 0;
  s.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  });
  return d;
}
const ksCritical = (n: number): number => Math.sqrt(-Math.log(ALPHA / 2) / 2) / Math.sqrt(n);

function expectKs(xs: readonly number[], cdf: (x: number) => number): void {
  expect(xs.every((x) => Number.isFinite(x))).toBe(true);
  expect(ksStatistic(xs, cdf)).toBeLessThan(ksCritical(xs.length));
}

/** Chi-squared 0.999 quantiles by degrees of freedom (standard tables). */
const CHI2_999: Record<number, number> = { 1: 10.828, 2: 13.816, 3: 16.266, 4: 18.467, 5: 20.515, 8: 26.124, 9: 27.877, 11: 31.264 };
function expectChi2(counts: readonly number[], probs: readonly number[]): void {
  const n = counts.reduce((a, b) => a + b, 0);
  const stat = counts.reduce((s, o, i) => s + (o - n * probs[i]!) ** 2 / (n * probs[i]!), 0);
  expect(stat).toBeLessThan(CHI2_999[counts.length - 1]!);
}
const histogram = (xs: readonly number[], k: number, offset = 0): number[] => {
  const h = new Array<number>(k).fill(0);
  for (const x of xs) h[x - offset]!++;
  return h;
};

/** erf by its Taylor series (|x| < 3) or continued fraction of erfc (|x| >= 3): independent of lib/. */
function erf(x: number): number {
  if (Math.abs(x) >= 3) {
    let f = 0;
    for (let k = 60; k >= 1; k--) f = k / 2 / (Math.abs(x) + f);
    return Math.sign(x) * (1 - Math.exp(-x * x) / Math.sqrt(Math.PI) / (Math.abs(x) + f));
  }
  let term = x, sum = x;
  for (let k = 1; k < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
    term *= (-x * x) / k;
    sum += term / (2 * k + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
const phi = (x: number): number => 0.5 * (1 + erf(x / Math.SQRT2));

describe('continuous samplers: Kolmogorov–Smirnov at α = 0.001', () => {
  const k = random.key(20240611);
  const cases: [string, () => NDArray, (x: number) => number][] = [
    ['uniform', () => random.uniform(k, [N]), (x) => x],
    ['uniform float32 in [-2, 3)', () => random.uniform(k, [N], { dtype: 'float32', minval: -2, maxval: 3 }), (x) => (x + 2) / 5],
    ['normal', () => random.normal(k, [N]), phi],
    ['normal float32', () => random.normal(k, [N], { dtype: 'float32' }), phi],
    ['truncatedNormal(-1, 2)', () => random.truncatedNormal(k, -1, 2, [N]), (x) => (phi(x) - phi(-1)) / (phi(2) - phi(-1))],
    ['gumbel', () => random.gumbel(k, [N]), (x) => Math.exp(-Math.exp(-x))],
    ['exponential', () => random.exponential(k, [N]), (x) => 1 - Math.exp(-x)],
    ['laplace', () => random.laplace(k, [N], { dtype: 'float32' }), (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x))],
    ['logistic', () => random.logistic(k, [N]), (x) => 1 / (1 + Math.exp(-x))],
    ['cauchy', () => random.cauchy(k, [N]), (x) => 0.5 + Math.atan(x) / Math.PI],
  ];
  it.each(cases)('%s', (_name, draw, cdf) => expectKs(values(draw()), cdf));

  it('the test rejects a wrong distribution (normal against a logistic CDF)', () => {
    expect(ksStatistic(values(random.normal(k, [N])), (x) => 1 / (1 + Math.exp(-x)))).toBeGreaterThan(ksCritical(N));
  });

  it('vmap over split keys: normal draws of different keys are one normal sample, and uncorrelated', () => {
    const draws = vmap((kk: NDArray) => random.normal(kk, [2]))(random.split(k, N / 2));
    const xs = values(draws);
    expectKs(xs, phi);
    let dot = 0;
    for (let i = 0; i < xs.length; i += 2) dot += xs[i]! * xs[i + 1]!;
    // the mean product of independent standard normals has standard error 1/√(N/2): 4.4 of them is p < 1e-5
    expect(Math.abs(dot / (N / 2))).toBeLessThan(4.4 / Math.sqrt(N / 2));
  });
});

describe('discrete samplers: chi-squared at α = 0.001', () => {
  const k = random.key(7);
  it('bernoulli(0.3)', () => {
    const ones = values(random.bernoulli(k, 0.3, [N])).reduce((a, b) => a + b, 0);
    expectChi2([N - ones, ones], [0.7, 0.3]);
  });
  it('randint in [-3, 7)', () => {
    const xs = values(random.randint(k, [N], -3, 7));
    expect(Math.min(...xs)).toBe(-3);
    expect(Math.max(...xs)).toBe(6);
    expectChi2(histogram(xs, 10, -3), new Array(10).fill(0.1));
  });
  it('randint with maxval <= minval returns minval (JAX issue 222)', () => {
    expect(values(random.randint(k, [3], 5, 5))).toEqual([5, 5, 5]);
  });
  it('rademacher', () => {
    const xs = values(random.rademacher(k, [N]));
    expectChi2([xs.filter((x) => x === -1).length, xs.filter((x) => x === 1).length], [0.5, 0.5]);
  });
  it('categorical over softmax(logits)', () => {
    const p = [0.1, 0.2, 0.3, 0.4];
    const xs = values(random.categorical(k, np.log(np.array(p)), { shape: [N] }));
    expectChi2(histogram(xs, 4), p);
  });
  it('categorical along axis 0 with a batch axis', () => {
    const logits = np.log(np.array([[0.5, 0.1], [0.5, 0.9]])); // categories on axis 0, two batches
    const xs = random.categorical(k, logits, { axis: 0, shape: [N / 2, 2] });
    const col = (j: number) => values(xs).filter((_, i) => i % 2 === j);
    expectChi2(histogram(col(0), 2), [0.5, 0.5]);
    expectChi2(histogram(col(1), 2), [0.1, 0.9]);
  });
  it('choice with p, with replacement', () => {
    const p = [0.5, 0.25, 0, 0.25];
    const xs = values(random.choice(k, 4, { shape: [N], p: np.array(p) }));
    expect(xs.includes(2)).toBe(false);
    expectChi2(histogram(xs.filter((x) => x !== 2), 4).filter((_, i) => i !== 2), [0.5, 0.25, 0.25]);
  });
  it('permutation: every element lands in every position equally often', () => {
    const n = 6, m = 3000;
    const perms = vmap((kk: NDArray) => random.permutation(kk, n))(random.split(k, m));
    const xs = values(perms);
    for (let r = 0; r < m; r++) expect([...xs.slice(r * n, (r + 1) * n)].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // the position of element 0 in each permutation
    const pos = Array.from({ length: m }, (_, r) => xs.slice(r * n, (r + 1) * n).indexOf(0));
    expectChi2(histogram(pos, n), new Array(n).fill(1 / n));
  });
  it('choice without replacement draws distinct entries, each equally often', () => {
    const m = 2000;
    const xs = values(vmap((kk: NDArray) => random.choice(kk, 12, { shape: [3], replace: false }))(random.split(k, m)));
    for (let r = 0; r < m; r++) expect(new Set(xs.slice(3 * r, 3 * r + 3)).size).toBe(3);
    expectChi2(histogram(xs, 12), new Array(12).fill(1 / 12));
  });
});

/** The regularised lower incomplete gamma P(a, x), by its series (x < a + 1) or continued fraction (Numerical Recipes 6.2). */
function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lg = lgammaRef(a);
  if (x < a + 1) {
    let sum = 1 / a, term = 1 / a;
    for (let n = 1; n < 1000 && Math.abs(term) > 1e-16 * Math.abs(sum); n++) sum += (term *= x / (a + n));
    return sum * Math.exp(-x + a * Math.log(x) - lg);
  }
  let b = x + 1 - a, c = 1e300, d = 1 / b, h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    c = b + an / c;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - lg) * h;
}
/** log Γ by the Lanczos approximation (g = 7, n = 9). */
function lgammaRef(z: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - lgammaRef(1 - z);
  z -= 1;
  let x = g[0]!;
  for (let i = 1; i < 9; i++) x += g[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(x);
}
/** The regularised incomplete beta I_x(a, b) for integer a, b: P(Binomial(a + b - 1, x) >= a). */
function betaIntCdf(a: number, b: number, x: number): number {
  const n = a + b - 1;
  let s = 0, c = 1;
  for (let j = 0; j <= n; j++) {
    if (j > 0) c = (c * (n - j + 1)) / j;
    if (j >= a) s += c * x ** j * (1 - x) ** (n - j);
  }
  return s;
}

describe('gamma family, poisson, multivariate normal', () => {
  const k = random.key(99);
  const M = 3000;
  it.each([0.3, 1, 2.5, 40])('gamma(a = %s): KS against P(a, x)', (a) => expectKs(values(random.gamma(k, a, [M])), (x) => gammaP(a, x)));
  it('gamma float32 and loggamma agree with the gamma CDF', () => {
    expectKs(values(random.gamma(k, 0.8, [M], { dtype: 'float32' })), (x) => gammaP(0.8, x));
    expectKs(values(random.loggamma(k, 0.2, [M])), (y) => gammaP(0.2, Math.exp(y)));
  });
  it('beta(2, 3): KS against the incomplete beta function', () => expectKs(values(random.beta(k, 2, 3, [M])), (x) => betaIntCdf(2, 3, x)));
  it('dirichlet([2, 3, 1]): rows sum to 1, the first component is Beta(2, 4)', () => {
    const d = random.dirichlet(k, np.array([2, 3, 1]), [M]);
    const xs = values(d);
    for (let r = 0; r < M; r++) expect(Math.abs(xs[3 * r]! + xs[3 * r + 1]! + xs[3 * r + 2]! - 1)).toBeLessThan(1e-12);
    expectKs(xs.filter((_, i) => i % 3 === 0), (x) => betaIntCdf(2, 4, x));
  });
  const poissonPmf = (lam: number, j: number) => Math.exp(-lam + j * Math.log(lam) - lgammaRef(j + 1));
  it.each([3, 25])('poisson(%s): chi-squared over bins around the mean (Knuth below 10, rejection above)', (lam) => {
    const xs = values(random.poisson(k, lam, [N / 2]));
    const lo = Math.max(0, Math.floor(lam - 2 * Math.sqrt(lam))), hi = Math.ceil(lam + 2 * Math.sqrt(lam));
    const bins = hi - lo + 3; // below lo, lo..hi, above hi
    const probs = new Array<number>(bins).fill(0);
    for (let j = 0; j < lo; j++) probs[0]! += poissonPmf(lam, j);
    for (let j = lo; j <= hi; j++) probs[j - lo + 1] = poissonPmf(lam, j);
    probs[bins - 1] = 1 - probs.reduce((a, b) => a + b, 0);
    const counts = new Array<number>(bins).fill(0);
    for (const x of xs) counts[x < lo ? 0 : x > hi ? bins - 1 : x - lo + 1]!++;
    const n = xs.length, used = probs.map((p, i) => [p, counts[i]!] as const).filter(([p]) => p > 0); // lo = 0: no bin below
    const stat = used.reduce((s, [p, o]) => s + (o - n * p) ** 2 / (n * p), 0);
    // 0.999 quantile of chi-squared with (bins - 1) degrees of freedom, by Wilson–Hilferty
    const df = used.length - 1, z = 3.0902;
    expect(stat).toBeLessThan(df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3);
  });
  it('poisson(0) is 0', () => expect(values(random.poisson(k, np.array([0, 0])))).toEqual([0, 0]));
  it.each(['cholesky', 'eigh', 'svd'] as const)('multivariateNormal (%s): marginals are N(mean, var), the covariance is cov', (method) => {
    const n = N / 2;
    const s = values(random.multivariateNormal(k, np.array([1, -1]), np.array([[2, 0.6], [0.6, 1]]), { shape: [n], method }));
    const x0 = s.filter((_, i) => i % 2 === 0), x1 = s.filter((_, i) => i % 2 === 1);
    expectKs(x0, (x) => phi((x - 1) / Math.SQRT2));
    expectKs(x1, (x) => phi(x + 1));
    const c = x0.reduce((a, x, i) => a + (x - 1) * (x1[i]! + 1), 0) / n;
    // var of (x0 - 1)(x1 + 1) is 2·1 + 0.6² = 2.36: within 4.4 standard errors
    expect(Math.abs(c - 0.6)).toBeLessThan(4.4 * Math.sqrt(2.36 / n));
  });
});

describe('more samplers (JAX compositions): Kolmogorov–Smirnov and chi-squared', () => {
  const k = random.key(31);
  const M = 4000;
  const cases: [string, () => NDArray, (x: number) => number][] = [
    ['lognormal(0.5)', () => random.lognormal(k, 0.5, [M]), (x) => (x <= 0 ? 0 : phi(Math.log(x) / 0.5))],
    ['pareto(2)', () => random.pareto(k, 2, [M]), (x) => (x < 1 ? 0 : 1 - x ** -2)],
    ['weibullMin(scale 1.5, concentration 2)', () => random.weibullMin(k, 1.5, 2, [M]), (x) => 1 - Math.exp(-((x / 1.5) ** 2))],
    ['rayleigh(2)', () => random.rayleigh(k, 2, [M]), (x) => 1 - Math.exp(-(x * x) / 8)],
    ['maxwell', () => random.maxwell(k, [M]), (x) => erf(x / Math.SQRT2) - Math.sqrt(2 / Math.PI) * x * Math.exp(-(x * x) / 2)],
    ['chisquare(3)', () => random.chisquare(k, 3, [M]), (x) => gammaP(1.5, x / 2)],
    ['generalizedNormal(p = 1) is Laplace', () => random.generalizedNormal(k, 1, [M]), (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x))],
    ['doubleSidedMaxwell(0, 1) is symmetric Maxwell', () => random.doubleSidedMaxwell(k, 0, 1, [M]), (x) => {
      const m = erf(Math.abs(x) / Math.SQRT2) - Math.sqrt(2 / Math.PI) * Math.abs(x) * Math.exp(-(x * x) / 2);
      return 0.5 + Math.sign(x) * 0.5 * m;
    }],
  ];
  it.each(cases)('%s', (_name, draw, cdf) => expectKs(values(draw()), cdf));
  it('t(df) is symmetric with variance df / (df - 2)', () => {
    const xs = values(random.t(k, 6, [M]));
    expectKs(xs.map((x) => Math.abs(x)).concat(xs.map((x) => -Math.abs(x))), (x) => (x < 0 ? 1 - cdfAbsT(-x) : cdfAbsT(x)));
  });
  it('f(3, 7) has mean 7/5', () => {
    const xs = values(random.f(k, 3, 7, [M]));
    const mean = xs.reduce((a, b) => a + b, 0) / M;
    // var of F(3, 7) = 2·7²·(3 + 7 - 2) / (3·(7 - 2)²·(7 - 4)) = 784/225: within 4.4 standard errors
    expect(Math.abs(mean - 1.4)).toBeLessThan(4.4 * Math.sqrt(784 / 225 / M));
  });
  it('geometric(0.3): chi-squared over 1..8 and the tail', () => {
    const xs = values(random.geometric(k, 0.3, [M]));
    expect(Math.min(...xs)).toBe(1);
    const probs = Array.from({ length: 8 }, (_, j) => 0.7 ** j * 0.3);
    probs.push(1 - probs.reduce((a, b) => a + b, 0));
    expectChi2(histogram(xs.map((x) => Math.min(x, 9)), 9, 1), probs);
  });
});

/** The CDF of a t(6) variable folded at 0, by Simpson's rule on its density: for the symmetric KS above. */
function cdfAbsT(x: number): number {
  const nu = 6, c = Math.exp(lgammaRef((nu + 1) / 2) - lgammaRef(nu / 2)) / Math.sqrt(nu * Math.PI);
  const pdf = (v: number) => c * (1 + (v * v) / nu) ** (-(nu + 1) / 2);
  const n = 400, h = x / n;
  let s = pdf(0) + pdf(x);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * pdf(i * h);
  return 0.5 + (s * h) / 3;
}
