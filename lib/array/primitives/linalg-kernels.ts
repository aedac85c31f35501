/**
 * Dense factorizations of ONE row-major matrix, in float64 work arrays (a float32 input is widened
 * once and each result rounded once when stored). The linalg primitives call these once per matrix
 * of the batch, so a batched factorization is the loop over its matrices, bit for bit.
 */
import { wasmMatmul } from '../wasm';
import { matmulJS } from './dot';

/** Block width of the blocked Cholesky, and the size from which blocking pays (the trailing updates run on the matmul kernels). */
const NB = 96;
const BLOCKED_FROM = 160;

/**
 * In place: the lower Cholesky factor of the n x n matrix whose lower triangle `a` holds; false if
 * it is not positive definite. Large matrices go by blocks (right-looking): factor a diagonal block,
 * solve the panel below it, subtract the panel's product with itself from the trailing matrix on the
 * matmul kernels (WebAssembly SIMD, float64).
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  if (n < BLOCKED_FROM) return choleskyUnblocked(a, n);
  for (let k0 = 0; k0 < n; k0 += NB) {
    const kb = Math.min(NB, n - k0), r0 = k0 + kb, rows = n - r0;
    const d = new Float64Array(kb * kb);
    for (let i = 0; i < kb; i++) d.set(a.subarray((k0 + i) * n + k0, (k0 + i) * n + k0 + i + 1), i * kb);
    if (!choleskyUnblocked(d, kb)) return false;
    for (let i = 0; i < kb; i++) a.set(d.subarray(i * kb, (i + 1) * kb), (k0 + i) * n + k0);
    if (rows === 0) break;
    // panel L21 = A21 L11⁻ᵀ, row by row (forward substitution against L11's rows), kept contiguous
    const panel = new Float64Array(rows * kb);
    for (let i = 0; i < rows; i++) {
      const ri = (r0 + i) * n + k0, pi = i * kb;
      for (let j = 0; j < kb; j++) {
        let t = a[ri + j]!;
        for (let q = 0; q < j; q++) t -= panel[pi + q]! * d[j * kb + q]!;
        a[ri + j] = panel[pi + j] = t / d[j * kb + j]!;
      }
    }
    // trailing update A22 -= L21 L21ᵀ, lower triangle only: row block [i0, i1) against panel rows [0, i1)
    for (let i0 = 0; i0 < rows; i0 += NB) {
      const i1 = Math.min(i0 + NB, rows), h = i1 - i0;
      const pT = new Float64Array(kb * i1);
      for (let j = 0; j < i1; j++) for (let q = 0; q < kb; q++) pT[q * i1 + j] = panel[j * kb + q]!;
      const blk = panel.subarray(i0 * kb, i1 * kb);
      const prod = (wasmMatmul('float64', blk, pT, 1, h, kb, i1) ?? matmulJS('float64', blk, pT, 1, h, kb, i1)) as Float64Array;
      for (let i = 0; i < h; i++) {
        const ri = (r0 + i0 + i) * n + r0, pi = i * i1;
        for (let j = 0; j <= i0 + i; j++) a[ri + j] = a[ri + j]! - prod[pi + j]!;
      }
    }
  }
  for (let i = 0; i < n; i++) a.fill(0, i * n + i + 1, (i + 1) * n);
  return true;
}

/** The dot-product (Cholesky–Crout) form, one column at a time. */
function choleskyUnblocked(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let s = a[rj + j]!;
    for (let k = 0; k < j; k++) s -= a[rj + k]! * a[rj + k]!;
    if (!(s > 0)) return false; // also catches NaN
    const d = Math.sqrt(s);
    a[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = a[ri + j]!;
      for (let k = 0; k < j; k++) t -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = t / d;
    }
    for (let c = j + 1; c < n; c++) a[rj + c] = 0;
  }
  return true;
}

/**
 * Solves T X = B in place of `b` (n x k, row-major) for the n x n triangular T whose entry (i, j) is
 * `t[off + i * rs + j * cs]` (so a transpose is a stride swap; only the `lower` or upper triangle
 * is read, a unit diagonal not at all). Row substitution: each row of X is its row of B minus
 * earlier rows, in order; a zero multiplier is skipped, as in LAPACK's trsm.
 */
export function triSolveInPlace(t: ArrayLike<number>, off: number, rs: number, cs: number, b: Float64Array, n: number, k: number, lower: boolean, unit: boolean): void {
  for (let s = 0; s < n; s++) {
    const i = lower ? s : n - 1 - s;
    const ri = off + i * rs, bi = i * k;
    const from = lower ? 0 : i + 1, to = lower ? i : n;
    for (let j = from; j < to; j++) {
      const f = t[ri + j * cs]!, bj = j * k;
      if (f !== 0) for (let c = 0; c < k; c++) b[bi + c] = b[bi + c]! - f * b[bj + c]!;
    }
    if (!unit) {
      const d = t[ri + i * cs]!;
      for (let c = 0; c < k; c++) b[bi + c] = b[bi + c]! / d;
    }
  }
}

/**
 * LU with partial pivoting of the m x n `a` in place (LAPACK getf2's order: the first row of
 * maximal |pivot|; a zero pivot column is left unscaled). Returns the pivots (row swapped with row
 * j at step j) and the permutation they make.
 */
export function luInPlace(a: Float64Array, m: number, n: number): { pivots: Int32Array; perm: Int32Array } {
  const k = Math.min(m, n);
  const pivots = new Int32Array(k), perm = new Int32Array(m);
  for (let i = 0; i < m; i++) perm[i] = i;
  for (let j = 0; j < k; j++) {
    let p = j, best = Math.abs(a[j * n + j]!);
    for (let i = j + 1; i < m; i++) {
      const v = Math.abs(a[i * n + j]!);
      if (v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
        p = i;
        best = v;
      }
    }
    pivots[j] = p;
    const piv = a[p * n + j]!;
    if (piv === 0) continue;
    if (p !== j) {
      for (let c = 0; c < n; c++) {
        const tmp = a[j * n + c]!;
        a[j * n + c] = a[p * n + c]!;
        a[p * n + c] = tmp;
      }
      const tp = perm[j]!;
      perm[j] = perm[p]!;
      perm[p] = tp;
    }
    for (let i = j + 1; i < m; i++) {
      const ri = i * n, l = (a[ri + j] = a[ri + j]! / piv);
      if (l !== 0) for (let c = j + 1; c < n; c++) a[ri + c] = a[ri + c]! - l * a[j * n + c]!;
    }
  }
  return { pivots, perm };
}

/**
 * Householder QR of the m x n `a` (LAPACK geqr2/orgqr conventions: beta = -sign(alpha) ||x||,
 * H = I - tau v v^T with v[0] = 1, tau = 0 when the column below the diagonal is zero). Returns R
 * (rows x n, upper) and Q (m x cols), rows = cols = min(m, n) or m (complete).
 */
export function householderQr(a: Float64Array, m: number, n: number, complete: boolean): { q: Float64Array; r: Float64Array; rows: number } {
  const k = Math.min(m, n);
  const taus = new Float64Array(k);
  const w = new Float64Array(Math.max(n, m));
  for (let j = 0; j < k; j++) {
    const alpha = a[j * n + j]!;
    let ss = 0;
    for (let i = j + 1; i < m; i++) ss += a[i * n + j]! * a[i * n + j]!;
    if (ss === 0) continue; // tau = 0: H = I
    const beta = (alpha >= 0 ? -1 : 1) * Math.sqrt(alpha * alpha + ss);
    taus[j] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) a[i * n + j] = a[i * n + j]! * scale;
    a[j * n + j] = beta;
    applyReflector(a, n, j, m, j + 1, n, taus[j]!, a, n, j, w);
  }
  const rows = complete ? m : k, cols = complete ? m : k;
  const r = new Float64Array(rows * n);
  for (let i = 0; i < Math.min(rows, m); i++) for (let c = i; c < n; c++) r[i * n + c] = a[i * n + c]!;
  const q = new Float64Array(m * cols);
  for (let i = 0; i < Math.min(m, cols); i++) q[i * cols + i] = 1;
  for (let j = k - 1; j >= 0; j--) if (taus[j] !== 0) applyReflector(q, cols, j, m, 0, cols, taus[j]!, a, n, j, w);
  return { q, r, rows };
}

/** x[r0..r1, c0..c1] -= tau v (v^T x), v = [1, vs[(r0+1..r1) * vn + vc]] (a column of the factored matrix). */
function applyReflector(x: Float64Array, xn: number, r0: number, r1: number, c0: number, c1: number, tau: number, vs: Float64Array, vn: number, vc: number, w: Float64Array): void {
  for (let c = c0; c < c1; c++) w[c] = x[r0 * xn + c]!;
  for (let i = r0 + 1; i < r1; i++) {
    const v = vs[i * vn + vc]!, ri = i * xn;
    if (v !== 0) for (let c = c0; c < c1; c++) w[c] = w[c]! + v * x[ri + c]!;
  }
  for (let c = c0; c < c1; c++) x[r0 * xn + c] = x[r0 * xn + c]! - tau * w[c]!;
  for (let i = r0 + 1; i < r1; i++) {
    const f = tau * vs[i * vn + vc]!, ri = i * xn;
    if (f !== 0) for (let c = c0; c < c1; c++) x[ri + c] = x[ri + c]! - f * w[c]!;
  }
}

const MAX_SWEEPS = 60;

/**
 * Symmetric eigendecomposition of the n x n `a` (its full symmetric contents) by cyclic Jacobi
 * rotations (Rutishauser's thresholds): eigenvalues ascending, eigenvectors as the columns of `v`
 * (n x n, row-major). Jacobi is accurate to the matrix's own rounding and needs no shifts.
 */
export function jacobiEigh(a: Float64Array, n: number): { w: Float64Array; v: Float64Array } {
  const vt = new Float64Array(n * n); // Vᵀ: eigenvector k is row k, so a rotation touches two contiguous rows
  for (let i = 0; i < n; i++) vt[i * n + i] = 1;
  const d = new Float64Array(n), b = new Float64Array(n), z = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = b[i] = a[i * n + i]!;
  // rotates the pair (x[i], x[k]) by the current angle (s = sin, tau = s / (1 + cos))
  const rot = (x: Float64Array, i: number, k: number, s: number, tau: number) => {
    const g = x[i]!, h = x[k]!;
    x[i] = g - s * (h + g * tau);
    x[k] = h + s * (g - h * tau);
  };
  for (let sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
    let sm = 0;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) sm += Math.abs(a[p * n + q]!);
    if (!(sm > 0)) break;
    const tresh = sweep < 4 ? (0.2 * sm) / (n * n) : 0;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!, g = 100 * Math.abs(apq);
        if (sweep > 4 && Math.abs(d[p]!) + g === Math.abs(d[p]!) && Math.abs(d[q]!) + g === Math.abs(d[q]!)) a[p * n + q] = 0;
        else if (Math.abs(apq) > tresh) {
          const hd = d[q]! - d[p]!;
          let t: number;
          if (Math.abs(hd) + g === Math.abs(hd)) t = apq / hd;
          else {
            const theta = (0.5 * hd) / apq;
            t = 1 / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
            if (theta < 0) t = -t;
          }
          const c = 1 / Math.sqrt(1 + t * t), s = t * c, tau = s / (1 + c), h = t * apq;
          z[p] = z[p]! - h;
          z[q] = z[q]! + h;
          d[p] = d[p]! - h;
          d[q] = d[q]! + h;
          a[p * n + q] = 0;
          for (let j = 0; j < p; j++) rot(a, j * n + p, j * n + q, s, tau);
          for (let j = p + 1; j < q; j++) rot(a, p * n + j, j * n + q, s, tau);
          for (let j = q + 1; j < n; j++) rot(a, p * n + j, q * n + j, s, tau);
          for (let j = 0; j < n; j++) rot(vt, p * n + j, q * n + j, s, tau);
        }
      }
    for (let p = 0; p < n; p++) {
      b[p] = b[p]! + z[p]!;
      d[p] = b[p]!;
      z[p] = 0;
    }
  }
  const order = sortedOrder(d, true);
  const w = new Float64Array(n), vs = new Float64Array(n * n);
  order.forEach((src, dst) => {
    w[dst] = d[src]!;
    for (let i = 0; i < n; i++) vs[i * n + dst] = vt[src * n + i]!;
  });
  return { w, v: vs };
}

/** Indices sorting `x` (ascending or descending; ties by index, NaN last). */
function sortedOrder(x: Float64Array, ascending: boolean): number[] {
  const key = (i: number) => (Number.isNaN(x[i]!) ? Infinity : ascending ? x[i]! : -x[i]!);
  return [...x.keys()].sort((i, j) => key(i) - key(j) || i - j);
}

/**
 * SVD of the m x n `a` by one-sided Jacobi (Hestenes) on its columns (on the transpose when m < n):
 * rotations orthogonalise the columns until every pair is orthogonal to relative rounding, then
 * the column norms are the singular values (descending). U and V columns are returned column-major
 * ([k][m], [k][n]); with `full` U (or V) is completed to a square orthonormal basis, and so is any
 * column of an exactly zero singular value.
 */
export function jacobiSvd(a: Float64Array, m: number, n: number, full: boolean): { s: Float64Array; u: Float64Array[]; v: Float64Array[] } {
  if (m < n) {
    const t = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j]!;
    const r = jacobiSvd(t, n, m, full);
    return { s: r.s, u: r.v, v: r.u };
  }
  // m >= n: columns of a (length m), and V's columns (length n)
  const cols = Array.from({ length: n }, (_, j) => Float64Array.from({ length: m }, (_, i) => a[i * n + j]!));
  const vc = Array.from({ length: n }, (_, j) => {
    const e = new Float64Array(n);
    e[j] = 1;
    return e;
  });
  const tol = 2 ** -52 * Math.sqrt(Math.max(m, 1)); // LAPACK gesvj's threshold
  const sq = new Float64Array(n); // squared column norms: recomputed each sweep, updated by each rotation
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    cols.forEach((x, j) => (sq[j] = dot(x, x)));
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const x = cols[p]!, y = cols[q]!;
        const al = sq[p]!, be = sq[q]!, ga = dot(x, y);
        if (!(Math.abs(ga) > tol * Math.sqrt(al * be))) continue;
        rotated = true;
        const zeta = (be - al) / (2 * ga);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        rotate(x, y, c, s);
        rotate(vc[p]!, vc[q]!, c, s);
        sq[p] = al - t * ga; // the rotation zeroes the pair's inner product and moves t γ between the norms
        sq[q] = be + t * ga;
      }
    if (!rotated) break;
  }
  const norms = Float64Array.from(cols, (x) => Math.sqrt(x.reduce((acc, e) => acc + e * e, 0)));
  const order = sortedOrder(norms, false);
  const s = Float64Array.from(order, (j) => norms[j]!);
  const u = order.map((j) => cols[j]!.map((e) => e / norms[j]!));
  const v = order.map((j) => vc[j]!);
  const good = u.filter((_, j) => s[j]! > 0);
  const extra = completeBasis(good, m, (full ? m : n) - good.length);
  return { s, u: [...good, ...extra], v };
}

function dot(x: Float64Array, y: Float64Array): number {
  let acc = 0;
  for (let i = 0; i < x.length; i++) acc += x[i]! * y[i]!;
  return acc;
}

function rotate(x: Float64Array, y: Float64Array, c: number, s: number): void {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!, yi = y[i]!;
    x[i] = c * xi - s * yi;
    y[i] = s * xi + c * yi;
  }
}

/** `count` unit vectors orthogonal to the orthonormal `basis` (and each other): the unit vector with the largest residual each time, projected twice. */
function completeBasis(basis: Float64Array[], m: number, count: number): Float64Array[] {
  const all = [...basis], out: Float64Array[] = [];
  for (let c = 0; c < count; c++) {
    let best: Float64Array | undefined, bestNorm = -1;
    for (let e = 0; e < m; e++) {
      const r = new Float64Array(m);
      r[e] = 1;
      for (let pass = 0; pass < 2; pass++)
        for (const b of all) {
          let d = 0;
          for (let i = 0; i < m; i++) d += b[i]! * r[i]!;
          for (let i = 0; i < m; i++) r[i] = r[i]! - d * b[i]!;
        }
      const nr = Math.sqrt(r.reduce((acc, x) => acc + x * x, 0));
      if (nr > bestNorm) {
        best = r;
        bestNorm = nr;
      }
    }
    const unit = best!.map((x) => x / bestNorm);
    all.push(unit);
    out.push(unit);
  }
  return out;
}
