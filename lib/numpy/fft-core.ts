/**
 * The one-dimensional complex DFT along the last axis, as compositions of primitives (reshape,
 * transpose, slice, pad, concatenate, elementwise arithmetic, dot_general) with constant tables,
 * so vmap, jit, jvp and vjp need no rules of their own. A complex array is two real arrays; see
 * ./fft for the numpy-facing functions.
 *
 * Matmul is the fast primitive here, so the building block is a "leaf": the DFT of a short length
 * r as one matmul with a [2r, 2r] cos/sin block matrix (O(r) work per point). Lengths n:
 * - n <= LEAF_MAX: one leaf;
 * - n with a divisor r in [2, LEAF_MAX]: mixed-radix Cooley–Tukey, n = r (n/r): a leaf over r, a
 *   twiddle multiply, the length n/r recursively; O(n log n) (at most 4 LEAF_MAX per point per level);
 * - otherwise (n has no factor up to LEAF_MAX, e.g. a prime): one leaf, O(n^2), while
 *   n <= DIRECT_MAX; beyond that Bluestein's chirp-z, O(n log n): a convolution of length
 *   m >= 2n - 1 (a power of two) done with two transforms of length m.
 * Twiddles are computed in float64 (quarter turns exact) and cast once to the input's dtype.
 */
import { array } from '../array/create';
import type { DType } from '../array/dtype';
import { bind, isNDArray, type NDArray } from '../array/ndarray';
import { sliceAxis } from './manip';
import { add, multiply, subtract } from './math';

/** A complex array `real + i imag`: two real arrays of the same shape and float dtype. */
export interface ComplexPair {
  readonly real: NDArray;
  readonly imag: NDArray;
}

export const isComplexPair = (a: unknown): a is ComplexPair =>
  typeof a === 'object' && a !== null && !isNDArray(a) && 'real' in a && 'imag' in a;

/** A complex array as its real and imaginary parts (same shape, same float dtype); `im` null is all zeros. */
export interface Parts {
  readonly re: NDArray;
  readonly im: NDArray | null;
}

/** The largest leaf the mixed-radix split uses. */
export const LEAF_MAX = 32;
/** Lengths with no factor up to LEAF_MAX are one O(n^2) leaf up to this, Bluestein beyond. */
export const DIRECT_MAX = 128;

/**
 * cos and sin of 2πk/N in float64, computed from the angle reduced to the first octant, so the
 * quarter turns are exact (cos(π/2) is 0, not 6e-17) and symmetric values are bit-equal.
 */
export function unitRoot(k: number, N: number): [number, number] {
  const kk = ((k % N) + N) % N;
  const q = Math.floor((4 * kk) / N); // the quadrant
  const r = 4 * kk - q * N; // 0 <= r < N: the angle within the quadrant is (π/2)(r/N)
  const c = 2 * r <= N ? Math.cos((Math.PI / 2) * (r / N)) : Math.sin((Math.PI / 2) * ((N - r) / N));
  const s = 2 * r <= N ? Math.sin((Math.PI / 2) * (r / N)) : Math.cos((Math.PI / 2) * ((N - r) / N));
  return q === 0 ? [c, s] : q === 1 ? [-s, c] : q === 2 ? [-c, -s] : [s, -c];
}

/** A float64-computed table as a constant of `dtype` (float32 rounds once, from float64). */
const table = (data: Float64Array, shape: readonly number[], dtype: DType): NDArray => array({ data, shape }, dtype);

const last = (x: NDArray): number => x.ndim - 1;

/** Zero-pads (n larger) or truncates (n smaller) the last axis to length n. */
export function resizeLast(x: NDArray, n: number): NDArray {
  const len = x.shape[last(x)]!;
  if (len === n) return x;
  if (n < len) return sliceAxis(x, last(x), 0, n); // a slice: the pad kernel's cropping is far slower
  const zero = bind('convert', [array(0)], { dtype: x.dtype });
  return bind('pad', [x, zero], { config: x.shape.map((_, d) => (d === last(x) ? [0, n - len, 0] : [0, 0, 0])) });
}

export const resizePartsLast = (p: Parts, n: number): Parts => ({ re: resizeLast(p.re, n), im: p.im && resizeLast(p.im, n) });

/** p * (wr + i wi) for constants wr, wi broadcasting against p. */
function mulConst(p: Parts, wr: NDArray, wi: NDArray): Parts {
  if (p.im === null) return { re: multiply(p.re, wr), im: multiply(p.re, wi) };
  return { re: subtract(multiply(p.re, wr), multiply(p.im, wi)), im: add(multiply(p.re, wi), multiply(p.im, wr)) };
}

const mapParts = (p: Parts, f: (x: NDArray) => NDArray): Parts => ({ re: f(p.re), im: p.im && f(p.im) });

/** Most tables kept (a program uses a few lengths; one that sweeps many must not grow memory without bound). */
const CACHE_MAX = 64;
/** Constant tables per key (their JS computation is O(n^2) for a leaf matrix: done once). */
const tables = new Map<string, Float64Array>();
function cached(key: string, make: () => Float64Array): Float64Array {
  let t = tables.get(key);
  if (!t) {
    if (tables.size >= CACHE_MAX) tables.clear();
    tables.set(key, (t = make()));
  }
  return t;
}

/**
 * The DFT matrix W[j, k] = exp(sign 2πi jk/r) in block form for a real matmul: rows j < r (the
 * real part of x) hold [Re W | Im W], rows r + j (the imaginary part) [-Im W | Re W].
 */
const leafMatrix = (r: number, sign: 1 | -1): Float64Array =>
  cached(`leaf ${r} ${sign}`, () => {
    const m = new Float64Array(4 * r * r);
    for (let j = 0; j < r; j++)
      for (let k = 0; k < r; k++) {
        const [c, s] = unitRoot(sign * ((j * k) % r), r);
        m[j * 2 * r + k] = m[(r + j) * 2 * r + r + k] = c;
        m[j * 2 * r + r + k] = s;
        m[(r + j) * 2 * r + k] = -s;
      }
    return m;
  });

/**
 * The DFT of length r along `axis` by one matmul with the block matrix (O(r) work per point); as
 * dot_general puts the contracted operand's free axis last, the frequency axis comes out last.
 */
function leafToLast(p: Parts, axis: number, sign: 1 | -1): Parts {
  const r = p.re.shape[axis]!;
  const rows = p.im === null ? r : 2 * r; // a real input needs only the top half
  const m = table(leafMatrix(r, sign).subarray(0, rows * 2 * r), [rows, 2 * r], p.re.dtype);
  const x = p.im === null ? p.re : bind('concatenate', [p.re, p.im], { dimension: axis });
  const y = bind('dot_general', [x, m], { contracting: [[axis], [0]], batch: [[], []] });
  return { re: sliceAxis(y, last(y), 0, r), im: sliceAxis(y, last(y), r, 2 * r) };
}

const transposeParts = (p: Parts, perm: readonly number[]): Parts => mapParts(p, (a) => bind('transpose', [a], { permutation: perm }));

/** The DFT along `axis`, its frequency axis moved last. */
function dftToLast(p: Parts, axis: number, sign: 1 | -1): Parts {
  const n = p.re.shape[axis]!;
  if (n <= LEAF_MAX || (n <= DIRECT_MAX && leafFactor(n) === 1)) return leafToLast(p, axis, sign);
  const nd = p.re.ndim;
  const perm = [...Array.from({ length: nd }, (_, d) => d).filter((d) => d !== axis), axis];
  return dftLast(axis === nd - 1 ? p : transposeParts(p, perm), sign);
}

/** The largest divisor of n in [2, LEAF_MAX], or 1 when there is none. */
function leafFactor(n: number): number {
  for (let r = Math.min(LEAF_MAX, n - 1); r >= 2; r--) if (n % r === 0) return r;
  return 1;
}

/**
 * Mixed-radix Cooley–Tukey for n = n1 n2: with j = n2 j1 + j2 and k = k1 + n1 k2,
 * X[k1 + n1 k2] = Σ_j2 ω_n^(j2 k1) ω_n2^(j2 k2) Σ_j1 x[j1, j2] ω_n1^(j1 k1)  (ω_m = exp(sign 2πi/m)):
 * a length-n1 DFT over j1 (a leaf matmul), a twiddle multiply, a length-n2 DFT over j2
 * (recursive), and one transpose to order the output k2-major.
 */
function cooleyTukey(p: Parts, n1: number, sign: 1 | -1): Parts {
  const lead = p.re.shape.slice(0, -1);
  const n = p.re.shape[lead.length]!;
  const n2 = n / n1;
  const grid = mapParts(p, (a) => bind('reshape', [a], { newSizes: [...lead, n1, n2] }));
  const y = dftToLast(grid, lead.length, sign); // [..., j2, k1]
  const tw = cached(`twiddle ${n1} ${n2} ${sign}`, () => {
    const t = new Float64Array(2 * n);
    for (let j2 = 0; j2 < n2; j2++)
      for (let k1 = 0; k1 < n1; k1++) [t[j2 * n1 + k1], t[n + j2 * n1 + k1]] = unitRoot(sign * ((j2 * k1) % n), n);
    return t;
  });
  const z = mulConst(y, table(tw.subarray(0, n), [n2, n1], p.re.dtype), table(tw.subarray(n), [n2, n1], p.re.dtype));
  const w = dftToLast(z, lead.length, sign); // [..., k1, k2]
  const swap = [...lead.map((_, d) => d), lead.length + 1, lead.length];
  return mapParts(transposeParts(w, swap), (a) => bind('reshape', [a], { newSizes: [...lead, n] }));
}

/** A float64 radix-2 FFT (forward, in place) of a constant, for Bluestein's kernel. */
function hostFft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let h = 1; h < n; h *= 2)
    for (let k = 0; k < h; k++) {
      const [wr, wi] = unitRoot(-k, 2 * h);
      for (let b = 0; b < n; b += 2 * h) {
        const e = b + k, o = b + k + h;
        const tr = re[o]! * wr - im[o]! * wi, ti = re[o]! * wi + im[o]! * wr;
        re[o] = re[e]! - tr;
        im[o] = im[e]! - ti;
        re[e] = re[e]! + tr;
        im[e] = im[e]! + ti;
      }
    }
}

/** Bluestein's kernels per (n, sign): the chirp c_j = exp(sign πi j²/n) and FFT_m(conj chirp, wrapped) / m. */
const chirpCache = new Map<string, { cr: Float64Array; ci: Float64Array; br: Float64Array; bi: Float64Array; m: number }>();

function chirps(n: number, sign: 1 | -1) {
  const key = `${n},${sign}`;
  const hit = chirpCache.get(key);
  if (hit) return hit;
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  const cr = new Float64Array(n), ci = new Float64Array(n), br = new Float64Array(m), bi = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    [cr[j], ci[j]] = unitRoot(sign * ((j * j) % (2 * n)), 2 * n); // exp(sign πi j²/n), j² mod 2n exact
    br[j] = cr[j]!;
    bi[j] = -ci[j]!;
    if (j > 0) [br[m - j], bi[m - j]] = [br[j]!, bi[j]!]; // b_{-j} = b_j: the circular wrap
  }
  hostFft(br, bi);
  for (let k = 0; k < m; k++) [br[k], bi[k]] = [br[k]! / m, bi[k]! / m]; // the inverse FFT's 1/m, folded in
  const out = { cr, ci, br, bi, m };
  if (chirpCache.size >= CACHE_MAX) chirpCache.clear();
  chirpCache.set(key, out);
  return out;
}

/**
 * Bluestein: with jk = (j² + k² - (k - j)²)/2, X_k = c_k Σ_j (x_j c_j) conj(c_{k-j}), a linear
 * convolution computed as a circular one of length m >= 2n - 1 (a power of two) by dftLast.
 */
function bluestein(p: Parts, sign: 1 | -1): Parts {
  const n = p.re.shape[last(p.re)]!;
  const { cr, ci, br, bi, m } = chirps(n, sign);
  const dt = p.re.dtype;
  const c = { re: table(cr, [n], dt), im: table(ci, [n], dt) };
  const a = resizePartsLast(mulConst(p, c.re, c.im), m);
  const conv = dftLast(mulConst(dftLast(a, -1), table(br, [m], dt), table(bi, [m], dt)), 1);
  return mulConst(resizePartsLast(conv, n), c.re, c.im);
}

/** The unnormalised DFT along the last axis: Σ_j x_j exp(sign 2πi jk/n). */
export function dftLast(p: Parts, sign: 1 | -1): Parts {
  const n = p.re.shape[last(p.re)]!;
  if (n === 1) return p;
  if (n <= LEAF_MAX) return leafToLast(p, last(p.re), sign);
  const n1 = leafFactor(n);
  if (n1 > 1) return cooleyTukey(p, n1, sign);
  return n <= DIRECT_MAX ? leafToLast(p, last(p.re), sign) : bluestein(p, sign);
}
