/**
 * random: threefry2x32 against Random123's known answers, keys and bits against JAX's published
 * outputs, split/foldIn identities of JAX's partitionable mode, errors, and the transforms — vmap over
 * keys equals the loop over the keys bit for bit, jit equals eager bit for bit, grad flows through the
 * reparameterised samplers and is zero through the discrete ones.
 * (Distributions: ./random-stats.test.ts; the bit primitives: ./bits.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { axisIndex, grad, jit, np, random, vmap, type NDArray } from '../lib';
import { bind } from '../lib/array/ndarray';
import { erfInv } from '../lib/random/erfinv';
import { keyAt } from '../lib/random/keys';

const words = (x: NDArray): number[] => Array.from(x.data());
const bitsOf = (x: NDArray): number[] => Array.from(x.data(), (v) => v);
/** Equal shapes, dtypes and every element identical (Object.is: NaN = NaN, -0 != 0). */
function expectBitEqual(a: NDArray, b: NDArray): void {
  expect(a.shape).toEqual(b.shape);
  expect(a.dtype).toBe(b.dtype);
  const x = a.data(), y = b.data();
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) expect.fail(`element ${i}: ${x[i]} != ${y[i]}`);
}

describe('threefry2x32', () => {
  // Random123's known-answer vectors for threefry2x32-20 (DEShawResearch/random123, tests/kat_vectors),
  // the ones JAX's own tests/random_test.py testThreefry2x32 checks: (key, counter) -> output.
  const KAT: [number[], number[], number[]][] = [
    [[0x00000000, 0x00000000], [0x00000000, 0x00000000], [0x6b200159, 0x99ba4efe]],
    [[0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x1cb996fc, 0xbb002be7]],
    [[0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3], [0xc4923a9c, 0x483df7a0]],
  ];
  it.each(KAT)('key %j, counter %j', (key, count, want) => {
    expect(words(random.threefry2x32(np.array(key, 'uint32'), np.array(count, 'uint32')))).toEqual(want);
  });

  it('splits a longer count into halves, as JAX does (testThreefry2x32Large, smaller)', () => {
    const n = 5;
    const count = np.concatenate([np.full([n], 0x243f6a88, 'uint32'), np.full([n], 0x85a308d3, 'uint32')]);
    const out = words(random.threefry2x32(np.array([0x13198a2e, 0x03707344], 'uint32'), count));
    expect(out).toEqual([...Array(n).fill(0xc4923a9c), ...Array(n).fill(0x483df7a0)]);
  });

  it('pads an odd count with a zero and keeps its shape', () => {
    const k = np.array([1, 2], 'uint32');
    const odd = random.threefry2x32(k, np.array([[5, 6, 7]], 'uint32'));
    expect(odd.shape).toEqual([1, 3]);
    const even = words(random.threefry2x32(k, np.array([5, 6, 7, 0], 'uint32')));
    // count [5 6 7 | 0]: pairs (5,7), (6,0); odd count [5 6 | 7 0] pairs (5,7), (6,0) too
    expect(words(odd)).toEqual(even.slice(0, 3));
    expect(random.threefry2x32(k, np.zeros([0], 'uint32')).shape).toEqual([0]);
  });
});

describe('keys', () => {
  it('key(seed) is [0, seed] in 32-bit range, negative seeds wrap, larger ones are [hi, lo] (JAX test_prng_seeds_and_keys)', () => {
    expect(words(random.key(0))).toEqual([0, 0]);
    expect(words(random.key(1701))).toEqual([0, 1701]);
    expect(words(random.key(-1))).toEqual([0, 4294967295]);
    expect(words(random.key(-2))).toEqual([0, 4294967294]);
    expect(words(random.key(2147483647 + 101))).toEqual([0, 2147483748]);
    expect(words(random.key(2 ** 40 + 3))).toEqual([256, 3]);
    expect(words(random.key(-(2 ** 31) - 101))).toEqual([4294967295, 2147483547]);
    expect(random.key(3).dtype).toBe('uint32');
  });

  it('bits of key(0) are JAX 0.5+ outputs (the xor of the two hash words of counters 0, 1, 2)', () => {
    // jax.random.bits(jax.random.key(0), (3,)) under jax_threefry_partitionable (JAX's default since 0.5):
    // [0xf29a4fa7, 0xfa843692, 0x55110e28], with 64-bit words 0x6b20015999ba4efe, 0x375f238fcddb151d,
    // 0xf71f4ea9a20e4081 — as recorded from JAX in a public cranelift-mlir test of JAX's exported
    // threefry2x32 (counters (0, i) under key (0, 0)); element 0 is the xor of the first Random123 vector
    expect(words(random.bits(random.key(0), [3]))).toEqual([0xf29a4fa7, 0xfa843692, 0x55110e28]);
  });

  it('float64 uniform takes the top 52 of the 64 bits (hi word first), exactly as JAX on these bits', () => {
    // JAX's 64-bit random_bits of key(0) for counters 0, 1, 2 (hi << 32 | lo of the two hash words)
    const u64 = [0x6b20015999ba4efen, 0x375f238fcddb151dn, 0xf71f4ea9a20e4081n];
    const want = u64.map((b) => Number(b >> 12n) * 2 ** -52); // bitcast((b >> 12) | bits(1.0)) - 1, exact
    expect(Array.from(random.uniform(random.key(0), [3]).data())).toEqual(want);
    const f32 = u64.map((b) => Math.fround(Number((b & 0xffffffffn) ^ (b >> 32n)) >>> 9) * 2 ** -23); // float32 uses the xor
    expect(Array.from(random.uniform(random.key(0), [3], { dtype: 'float32' }).data())).toEqual(f32);
  });

  it("uniform matches JAX's documentation (docs.jax.dev/en/latest/jax.random.html)", () => {
    // >>> random.uniform(random.key(0))            Array(0.947667, dtype=float32)
    // >>> key, subkey = random.split(key); random.uniform(subkey)   Array(0.00729382, dtype=float32)
    const k = random.key(0);
    expect(random.uniform(k, [], { dtype: 'float32' }).item()).toBe(Math.fround(0.947667));
    expect(random.uniform(keyAt(random.split(k), 1), [], { dtype: 'float32' }).item()).toBe(Math.fround(0.0072938204));
  });

  it('split(k, n)[i] equals foldIn(k, i) (JAX test_threefry_split_fold_in_symmetry)', () => {
    const k = random.key(72);
    const s = random.split(k, 3);
    expect(s.shape).toEqual([3, 2]);
    for (let i = 0; i < 3; i++) expect(words(keyAt(s, i))).toEqual(words(random.foldIn(k, i)));
    expect(random.split(k, [2, 3]).shape).toEqual([2, 3, 2]);
    expect(words(random.split(k, [2, 3]))).toEqual(words(random.split(k, 6)));
  });

  it('the identity holds under vmap with axisIndex (JAX test_threefry_split_vmapped_fold_in_symmetry)', () => {
    const k = random.key(72);
    const f = vmap((_x: NDArray) => random.foldIn(k, axisIndex('batch')), { axisName: 'batch' });
    expectBitEqual(f(np.ones([3])), random.split(k, 3));
  });

  it('distinct keys and data give distinct streams', () => {
    const k = random.key(0);
    expect(words(random.foldIn(k, 1))).not.toEqual(words(random.foldIn(k, 2)));
    expect(words(random.bits(random.key(1), [4]))).not.toEqual(words(random.bits(random.key(2), [4])));
  });

  it('rejects a float key, a key of the wrong shape, a wrong bits dtype and a non-integer seed', () => {
    expect(() => random.uniform(np.array([0, 1]), [2])).toThrow(/random\.uniform: key must have dtype uint32, got a float64\(2,\) array/);
    expect(() => random.normal(np.array([0, 1, 2], 'uint32'))).toThrow(/random\.normal: key must have shape \(2,\), got uint32\(3,\)/);
    expect(() => random.normal(random.split(random.key(0), 4))).toThrow(/got uint32\(4, 2\) \(a batch of keys: map over it with vmap\)/);
    expect(() => random.bits(random.key(0), [2], 'int32')).toThrow(/random\.bits: dtype must be uint32/);
    expect(() => random.key(1.5)).toThrow(/random\.key: seed must be a safe integer, got 1.5/);
    expect(() => random.uniform(random.key(0), [2], { dtype: 'int32' })).toThrow(/random\.uniform: dtype must be a float dtype/);
    expect(() => random.uniform(random.key(0), [2], { minval: np.zeros([3]) })).toThrow(/minval of shape \(3,\) must broadcast to the shape argument \(2,\)/);
  });
});

describe("erfInv (XLA's Giles polynomials, what jax.random.normal runs)", () => {
  it.each([
    ['float32', 12, 3],
    ['float64', 26, 5],
  ] as const)('%s: within a few ulps of the Newton-refined erf_inv where x² is exact, in every region', (dtype, bits, maxUlps) => {
    const m = 2 ** bits;
    const xs: number[] = [];
    for (let k = 1; k < m; k += dtype === 'float32' ? 3 : 4099) xs.push(k / m, -k / m);
    for (let j = 1; j <= bits; j++) xs.push(1 - 2 ** -j); // w = -log1p(-x²) up to ~37: the outer regions
    const x = np.array(xs, dtype);
    const ours = erfInv(x).data(), ref = bind('erf_inv', [x]).data();
    let worst = 0;
    for (let i = 0; i < xs.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - ref[i]!) / 2 ** (Math.floor(Math.log2(Math.abs(ref[i]!))) - (dtype === 'float32' ? 23 : 52)));
    expect(worst).toBeLessThanOrEqual(maxUlps);
    expect(Array.from(erfInv(np.array([1, -1, 0], dtype)).data())).toEqual([Infinity, -Infinity, 0]);
  });
  it('has lax.erf_inv\'s derivative (√π/2) exp(y²), with no NaN from the branch not taken', () => {
    const d = grad((x: NDArray) => np.sum(erfInv(x)))(np.array([0, 0.5, -0.9999], 'float32'));
    const y = Array.from(erfInv(np.array([0, 0.5, -0.9999], 'float32')).data());
    Array.from(d.data()).forEach((v, i) => expect(v).toBeCloseTo((Math.sqrt(Math.PI) / 2) * Math.exp(y[i]! ** 2), 2));
  });
});

/** Every sampler as a function of one key (fixed shapes and parameters). */
const samplers: Record<string, (k: NDArray) => NDArray> = {
  bits: (k) => random.bits(k, [2, 3]),
  split: (k) => random.split(k, 3),
  foldIn: (k) => random.foldIn(k, 7),
  uniform: (k) => random.uniform(k, [5], { minval: -2, maxval: 3 }),
  uniformF32: (k) => random.uniform(k, [2, 2], { dtype: 'float32' }),
  normal: (k) => random.normal(k, [4]),
  normalF32: (k) => random.normal(k, [4], { dtype: 'float32' }),
  truncatedNormal: (k) => random.truncatedNormal(k, -1, np.array([0.5, 2]), [3, 2]),
  gumbel: (k) => random.gumbel(k, [3]),
  exponential: (k) => random.exponential(k, [3], { dtype: 'float32' }),
  laplace: (k) => random.laplace(k, [3]),
  logistic: (k) => random.logistic(k, [3]),
  cauchy: (k) => random.cauchy(k, [3]),
  bernoulli: (k) => random.bernoulli(k, np.array([0.1, 0.5, 0.9])),
  randint: (k) => random.randint(k, [4], -3, np.array([5, 6, 7, 8], 'int32')),
  rademacher: (k) => random.rademacher(k, [5]),
  categorical: (k) => random.categorical(k, np.array([[0, 1, 2], [2, 1, 0]]), { shape: [4, 2] }),
  permutation: (k) => random.permutation(k, 6),
  permutationRows: (k) => random.permutation(k, np.reshape(np.arange(12), [4, 3])),
  choice: (k) => random.choice(k, 10, { shape: [3], replace: false }),
  choiceP: (k) => random.choice(k, np.arange(4), { shape: [5], p: np.array([0.1, 0.2, 0.3, 0.4]) }),
  gamma: (k) => random.gamma(k, np.array([0.4, 1, 3]), [2, 3]),
  loggamma: (k) => random.loggamma(k, 0.3, [3], { dtype: 'float32' }),
  beta: (k) => random.beta(k, 0.8, np.array([0.5, 2]), [2]),
  dirichlet: (k) => random.dirichlet(k, np.array([0.5, 1, 2])),
  poisson: (k) => random.poisson(k, np.array([0.5, 4, 12, 80]), [2, 4]),
  multivariateNormal: (k) => random.multivariateNormal(k, np.array([1, 2]), np.array([[1, 0.5], [0.5, 2]]), { shape: [3] }),
  lognormal: (k) => random.lognormal(k, 0.5, [3]),
  pareto: (k) => random.pareto(k, np.array([1, 3]), [2]),
  weibullMin: (k) => random.weibullMin(k, 1, 2, [3], { dtype: 'float32' }),
  rayleigh: (k) => random.rayleigh(k, 2, [3]),
  maxwell: (k) => random.maxwell(k, [2]),
  doubleSidedMaxwell: (k) => random.doubleSidedMaxwell(k, 1, 2, [3]),
  chisquare: (k) => random.chisquare(k, 3, [3]),
  t: (k) => random.t(k, 5, [3]),
  f: (k) => random.f(k, 3, 7, [2]),
  geometric: (k) => random.geometric(k, 0.3, [4]),
  generalizedNormal: (k) => random.generalizedNormal(k, 1.5, [3]),
};

describe('transforms', () => {
  const keys = random.split(random.key(2024), 4);
  for (const [name, f] of Object.entries(samplers)) {
    it(`${name}: vmap over keys equals the loop over the keys, bit for bit`, () => {
      const batched = vmap(f)(keys);
      const loop = [0, 1, 2, 3].map((i) => f(keyAt(keys, i)));
      expectBitEqual(batched, np.stack(loop));
    });
    it(`${name}: jit equals eager, bit for bit`, () => {
      const k = random.key(9);
      expectBitEqual(jit(f)(k), f(k));
      expectBitEqual(jit(f)(keyAt(keys, 1)), f(keyAt(keys, 1)));
    });
  }

  it('vmap with the key unmapped and a mapped parameter, and nested vmap', () => {
    const k = random.key(5);
    const lo = np.array([0, 10, 20]);
    expectBitEqual(vmap((m: NDArray) => random.uniform(k, [2], { minval: m, maxval: np.add(m, 1) }))(lo), np.stack([0, 1, 2].map((i) => random.uniform(k, [2], { minval: i * 10, maxval: i * 10 + 1 }))));
    const grid = random.split(k, [2, 3]);
    const nested = vmap(vmap((kk: NDArray) => random.normal(kk, [2])))(grid);
    expectBitEqual(nested, np.stack([0, 1].map((i) => np.stack([0, 1, 2].map((j) => random.normal(keyAt(np.reshape(grid, [6, 2]), 3 * i + j), [2]))))));
  });

  it('grad flows through reparameterised samplers', () => {
    const k = random.key(3);
    const z = random.normal(k, [6]);
    // d/dsigma sum(mu + sigma * z) = sum(z), d/dmu = 6
    const [dmu, dsigma] = grad((mu: NDArray, sigma: NDArray) => np.sum(np.add(mu, np.multiply(sigma, random.normal(k, [6])))), { argnums: [0, 1] })(np.array(0.5), np.array(2));
    expect(dmu.item()).toBe(6);
    expect(dsigma.item()).toBeCloseTo(np.sum(z).toNumber(), 12);
    // uniform(minval=a, maxval=b) = a + (b - a) u: d/db sum = sum(u), d/da = n - sum(u)
    const u = random.uniform(k, [5]);
    const [da, db] = grad((a: NDArray, b: NDArray) => np.sum(random.uniform(k, [5], { minval: a, maxval: b })), { argnums: [0, 1] })(np.array(0), np.array(1));
    expect(db.item()).toBeCloseTo(np.sum(u).toNumber(), 12);
    expect(da.item()).toBeCloseTo(5 - np.sum(u).toNumber(), 12);
    // scale * exponential, scale * gumbel, loc + laplace/logistic
    for (const s of [random.exponential, random.gumbel, random.laplace, random.logistic]) {
      const g = grad((scale: NDArray) => np.sum(np.multiply(scale, s(k, [4]))))(np.array(1.5));
      expect(g.item()).toBeCloseTo(np.sum(s(k, [4])).toNumber(), 12);
    }
  });

  it('grad of truncatedNormal in its bounds matches central differences', () => {
    const k = random.key(11);
    const f = (lo: NDArray) => np.sum(random.truncatedNormal(k, lo, 1.5, [8]));
    const g = grad(f)(np.array(-0.5)).toNumber();
    const h = 1e-6, fd = (f(np.array(-0.5 + h)).toNumber() - f(np.array(-0.5 - h)).toNumber()) / (2 * h);
    expect(g).toBeGreaterThan(0);
    expect(Math.abs(g - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
  });

  it('grad of gamma in a is the implicit derivative -(dP/da)/(dP/dz), checked by central differences of P', () => {
    const k = random.key(1), a = 2.5;
    const z = Array.from(random.gamma(k, a, [4]).data());
    const g = grad((al: NDArray) => np.sum(random.gamma(k, al, [4])))(np.array(a)).toNumber();
    // P(a, x) by its series, Γ by Lanczos: independent of the library
    const lg = (q: number): number => {
      const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
      q -= 1;
      let s = c[0]!;
      for (let i = 1; i < 9; i++) s += c[i]! / (q + i);
      return 0.5 * Math.log(2 * Math.PI) + (q + 0.5) * Math.log(q + 7.5) - (q + 7.5) + Math.log(s);
    };
    const P = (al: number, x: number): number => {
      let sum = 1 / al, term = 1 / al;
      for (let n = 1; n < 2000; n++) sum += term *= x / (al + n);
      return sum * Math.exp(-x + al * Math.log(x) - lg(al));
    };
    const h = 1e-5;
    const fd = z.reduce((acc, zi) => acc - (P(a + h, zi) - P(a - h, zi)) / (P(a, zi + h) - P(a, zi - h)), 0);
    expect(Math.abs(g - fd)).toBeLessThan(1e-6 * Math.abs(fd));
    // through vmap over keys, and into beta's parameters
    const perKey = vmap((kk: NDArray) => grad((al: NDArray) => np.sum(random.gamma(kk, al, [2])))(np.array(a)))(random.split(k, 3));
    expect(perKey.shape).toEqual([3]);
    expect(Number.isFinite(grad((al: NDArray) => np.sum(random.beta(k, al, 2, [3])))(np.array(1.5)).toNumber())).toBe(true);
  });

  it('grad through the discrete samplers is zero, as in JAX', () => {
    const k = random.key(4);
    const viaBernoulli = grad((p: NDArray) => np.sum(np.astype(random.bernoulli(k, p, [10]), 'float64')))(np.array(0.3));
    expect(viaBernoulli.item()).toBe(0);
    const viaCategorical = grad((l: NDArray) => np.sum(np.astype(random.categorical(k, l, { shape: [5] }), 'float64')))(np.array([0.1, 0.2, 0.3]));
    expect(bitsOf(viaCategorical)).toEqual([0, 0, 0]);
  });
});

describe('README: Random numbers', () => {
  it('dropout under vmap with one key per example equals the loop; the Monte Carlo gradient is 2·mu', () => {
    const key = random.key(0);
    const dropout = (k: NDArray, x: NDArray) => np.where(random.bernoulli(k, 0.9, x.shape), np.divide(x, 0.9), 0);
    const xs = np.reshape(np.arange(32 * 8), [32, 8]);
    const keys = random.split(key, 32);
    expectBitEqual(vmap(dropout)(keys, xs), np.stack(Array.from({ length: 32 }, (_, i) => dropout(keyAt(keys, i), np.take(xs, i, 0)))));
    const estimate = jit((k: NDArray, mu: NDArray) => np.mean(vmap((kk: NDArray) => np.square(np.add(mu, random.normal(kk))))(random.split(k, 10000))));
    const g = grad((mu: NDArray) => estimate(random.foldIn(key, 2), mu))(np.array(1.5)).toNumber();
    // d/dmu mean((mu + z)^2) = 2 mu + 2 mean(z): within 4.4 standard errors (2/√n) of 3
    expect(Math.abs(g - 3)).toBeLessThan(4.4 * (2 / Math.sqrt(10000)));
  });
});
