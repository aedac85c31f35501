/**
 * lax.linalg's primitives against known answers, mathjs (an independent implementation) and their
 * defining identities, in float64 and float32, over batches and empty shapes; JAX's behaviour on
 * bad input (NaN, zero pivots) and the misuse errors. (vmap, jit and derivatives: linalg-transforms.test.ts.)
 *
 * Tolerances, with ε the dtype's machine epsilon (float32 results are float64 computations rounded
 * once, so their error is that rounding, below the float64 bounds in float32 units):
 * - Cholesky and LU are checked componentwise with the classic backward-error bounds
 *   |A - L̂ L̂ᵀ| ≤ γ_{n+1} |L̂||L̂ᵀ| and |P A - L̂ Û| ≤ γ_n |L̂||Û| (Higham, Thms 10.3 and 9.3), γ_k =
 *   kε/(1 - kε), doubled because the host's check product rounds as much again: 2.01 (n+1) ε |L||Lᵀ|.
 * - A triangular solve is backward stable componentwise: |B - op(A) X̂| ≤ γ_n |op(A)||X̂| (Thm 8.5), doubled likewise.
 * - Householder QR, eigh (Jacobi below n = 32, tridiagonal QL from it) and the Jacobi SVD are normwise backward stable: ‖A - recon‖_F ≤ c n ε ‖A‖_F
 *   and ‖QᵀQ - I‖_F ≤ c n ε. Householder's textbook c·m·n is pessimistic; Jacobi accumulates one
 *   rounding per rotation a column takes (about n per sweep, the roundings add like a random walk),
 *   and measured errors reach 0.8 n ε (SVD, n = 64); c = 2 with n = max(m, n) is used.
 *   The SVD's V, a product of about 10 n rotations per column, is orthonormal to n √(10 n) ε.
 * - Against mathjs: eigenvalues move by at most ‖ΔA‖₂ (Weyl), so both are within 2 n ε ‖A‖_F of
 *   the exact ones; solutions of systems with condition κ within 2 κ n ε in relative norm.
 */
import * as math from 'mathjs';
import { describe, expect, it } from 'vitest';
import { lax, np } from '../lib';
import { absH, array, asType, EPS, eyeH, froH, matmulH, randMat, sameBits, scaleColsH, spdMat, subH, symMat, toMat, transposeH, within, type FloatType, type Mat } from './linalg-reference';

const DTYPES: FloatType[] = ['float64', 'float32'];
const isLower = (a: Mat) => a.every((row, i) => row.every((v, j) => j <= i || v === 0));
const isUpper = (a: Mat, k = 0) => a.every((row, i) => row.every((v, j) => j >= i + k || v === 0));
const normwise = (got: Mat, want: Mat, c: number) => froH(subH(got, want)) <= c * froH(want) || `‖Δ‖_F = ${froH(subH(got, want))} > ${c} ‖A‖_F`;
const orthonormalCols = (q: Mat, eps: number, c = 2 * Math.max(q.length, q[0]?.length ?? 0)) => {
  const k = q[0]?.length ?? 0, g = matmulH(transposeH(q), q);
  return froH(subH(g, eyeH(k))) <= c * eps || `‖QᵀQ - I‖_F = ${froH(subH(g, eyeH(k)))} > ${c} ε`;
};

describe('cholesky', () => {
  it('known answer, exact', () => {
    expect(lax.linalg.cholesky(np.array([[4, 2], [2, 5]])).toArray()).toEqual([[2, 0], [1, 2]]);
    expect(lax.linalg.cholesky(np.array([[9]]), { symmetrizeInput: false }).toArray()).toEqual([[3]]);
  });
  for (const dt of DTYPES)
    it(`${dt}: L Lᵀ = A componentwise within 2.01 (n+1) ε |L||Lᵀ|, L lower with a positive diagonal (so it is THE factor)`, () => {
      for (const [n, seed] of [[1, 1], [2, 2], [5, 3], [17, 4], [40, 5], [200, 6]] as const) {
        // n = 200 runs the blocked kernel (trailing updates on the matmul kernels)
        const A = asType(spdMat(n, seed), dt);
        const L = toMat(lax.linalg.cholesky(array(A, dt)));
        expect(isLower(L) && L.every((row, i) => row[i]! > 0)).toBe(true);
        const bound = matmulH(absH(L), transposeH(absH(L))).map((row) => row.map((v) => 2.01 * (n + 1) * EPS[dt] * v));
        expect(within(matmulH(L, transposeH(L)), A, bound), `n = ${n}`).toBeNull();
      }
    });
  it('a matrix that is not positive definite gives NaN throughout (JAX), its neighbours in the batch are unaffected', () => {
    const out = lax.linalg.cholesky(np.array([[[4, 2], [2, 5]], [[1, 2], [2, 1]], [[NaN, 0], [0, 1]]]));
    expect(out.toArray()).toEqual([[[2, 0], [1, 2]], [[NaN, NaN], [NaN, NaN]], [[NaN, NaN], [NaN, NaN]]]);
  });
  it('reads only the lower triangle when not symmetrizing; symmetrizes by default', () => {
    const a = np.array([[4, NaN], [2, 5]]);
    expect(lax.linalg.cholesky(a, { symmetrizeInput: false }).toArray()).toEqual([[2, 0], [1, 2]]);
    expect(lax.linalg.cholesky(np.array([[4, 0], [4, 5]])).toArray()).toEqual([[2, 0], [1, 2]]);
  });
  it('batches of any rank, and empty batches and matrices', () => {
    const mats = [0, 1, 2, 3, 4, 5].map((s) => spdMat(3, 10 + s));
    const whole = lax.linalg.cholesky(np.reshape(np.array(mats), [2, 3, 3, 3]));
    mats.forEach((m, i) => expect(sameBits(np.reshape(np.take(np.reshape(whole, [6, 3, 3]), [i], 0), [3, 3]), lax.linalg.cholesky(np.array(m)))).toBe(true));
    expect(lax.linalg.cholesky(np.zeros([0, 3, 3])).shape).toEqual([0, 3, 3]);
    expect(lax.linalg.cholesky(np.zeros([2, 0, 0])).shape).toEqual([2, 0, 0]);
  });
});

describe('triangularSolve', () => {
  const n = 6, k = 4;
  // diagonally dominant triangles: well conditioned
  const T = randMat(n, n, 21).map((row, i) => row.map((v, j) => (i === j ? 4 + v : v)));
  for (const dt of DTYPES)
    for (const leftSide of [true, false])
      for (const lower of [true, false])
        for (const transposeA of [true, false])
          for (const unitDiagonal of [true, false])
            it(`${dt} leftSide ${leftSide} lower ${lower} transposeA ${transposeA} unitDiagonal ${unitDiagonal}: residual within 2.01 n ε |op(A)||X|, the other triangle unread`, () => {
              const read = T.map((row, i) => row.map((v, j) => (i === j ? (unitDiagonal ? 1 : v) : (lower ? j < i : j > i) ? v : 0)));
              // what the solve must not read is NaN
              const given = asType(T.map((row, i) => row.map((v, j) => (i === j ? (unitDiagonal ? NaN : v) : (lower ? j < i : j > i) ? v : NaN))), dt);
              const opA = asType(transposeA ? transposeH(read) : read, dt);
              const B = asType(leftSide ? randMat(n, k, 22) : randMat(k, n, 22), dt);
              const X = toMat(lax.linalg.triangularSolve(array(given, dt), array(B, dt), { leftSide, lower, transposeA, unitDiagonal }));
              const back = leftSide ? matmulH(opA, X) : matmulH(X, opA);
              const mag = leftSide ? matmulH(absH(opA), absH(X)) : matmulH(absH(X), absH(opA));
              expect(within(back, B, mag.map((row) => row.map((v) => 2.01 * n * EPS[dt] * v)))).toBeNull();
            });
  it("JAX's defaults: x a = b with a's upper triangle; a zero on the diagonal gives inf/NaN", () => {
    expect(lax.linalg.triangularSolve(np.array([[2, 1], [NaN, 1]]), np.array([[2, 3]])).toArray()).toEqual([[1, 2]]);
    expect(lax.linalg.triangularSolve(np.array([[0, 0], [1, 1]]), np.array([[1], [1]]), { leftSide: true, lower: true }).toArray()).toEqual([[Infinity], [-Infinity]]);
  });
});

describe('lu', () => {
  it('known answer and mathjs lup (same pivots: the first row of largest |value|)', () => {
    const [lu, piv, perm] = lax.linalg.lu(np.array([[1, 2], [3, 4], [5, 7]]));
    expect(piv.toArray()).toEqual([2, 2]);
    expect(perm.toArray()).toEqual([2, 0, 1]);
    expect(toMat(lu)[0]).toEqual([5, 7]);
    const A = randMat(7, 7, 31);
    const ref = math.lup(A) as unknown as { L: Mat; U: Mat; p: number[] };
    const [l2, , p2] = lax.linalg.lu(np.array(A));
    const inverse = (p: number[]) => p.map((_, i) => p.indexOf(i));
    expect(inverse(p2.toArray() as number[])).toEqual(ref.p); // mathjs's p is the inverse permutation
    expect(within(toMat(l2), ref.L.map((row, i) => row.map((v, j) => (j < i ? v : ref.U[i]![j]!))), 2 * 7 * EPS.float64 * 8)).toBeNull();
  });
  for (const dt of DTYPES)
    it(`${dt}: P A = L U within 2.01 n ε |L||U| for square, tall and wide; pivots produce the permutation`, () => {
      for (const [m, n, seed] of [[1, 1, 1], [5, 5, 2], [30, 30, 3], [7, 3, 4], [3, 7, 5]] as const) {
        const A = asType(randMat(m, n, seed), dt);
        const [lu, piv, perm] = lax.linalg.lu(array(A, dt));
        const LU = toMat(lu), k = Math.min(m, n), p = perm.toArray() as number[];
        const L = Array.from({ length: m }, (_, i) => Array.from({ length: k }, (_, j) => (j < i ? LU[i]![j]! : j === i ? 1 : 0)));
        const U = Array.from({ length: k }, (_, i) => Array.from({ length: n }, (_, j) => (j >= i ? LU[i]![j]! : 0)));
        const bound = matmulH(absH(L), absH(U)).map((row) => row.map((v) => 2.01 * Math.max(m, n) * EPS[dt] * v));
        expect(within(matmulH(L, U), p.map((r) => A[r]!), bound), `${m}x${n}`).toBeNull();
        const q = [...Array(m).keys()];
        (piv.toArray() as number[]).forEach((r, i) => ([q[i], q[r]] = [q[r]!, q[i]!]));
        expect(q).toEqual(p);
        expect(L.every((row) => row.every((v) => Math.abs(v) <= 1))).toBe(true); // partial pivoting
      }
    });
  it('a zero pivot column is left unscaled (LAPACK getrf), so the factorization still reconstructs', () => {
    const [lu, piv, perm] = lax.linalg.lu(np.array([[0, 1], [0, 2]]));
    expect(lu.toArray()).toEqual([[0, 1], [0, 2]]);
    expect(piv.toArray()).toEqual([0, 1]);
    expect(perm.toArray()).toEqual([0, 1]);
  });
});

describe('qr', () => {
  it('agrees with mathjs up to the signs of R’s rows (Householder sign conventions differ)', () => {
    const A = randMat(6, 4, 41);
    const ref = math.qr(A) as unknown as { Q: Mat; R: Mat };
    const [, r] = lax.linalg.qr(np.array(A));
    const R = toMat(r), sgn = R.map((row, i) => Math.sign(row[i]!) * Math.sign(ref.R[i]![i]!));
    expect(within(R.map((row, i) => row.map((v) => v * sgn[i]!)), ref.R.slice(0, 4), 2 * 6 * EPS.float64 * froH(A))).toBeNull();
  });
  for (const dt of DTYPES)
    for (const full of [false, true])
      it(`${dt} fullMatrices ${full}: Q R = A and QᵀQ = I within 2 max(m, n) ε, R upper triangular`, () => {
        for (const [m, n, seed] of [[4, 4, 1], [9, 4, 2], [4, 9, 3], [25, 25, 4], [1, 3, 5]] as const) {
          const A = asType(randMat(m, n, seed), dt);
          const [q, r] = lax.linalg.qr(array(A, dt), { fullMatrices: full });
          const k = full ? m : Math.min(m, n);
          expect([q.shape, r.shape]).toEqual([[m, k], [k, n]]);
          const Q = toMat(q), R = toMat(r);
          expect(isUpper(R)).toBe(true);
          expect(normwise(matmulH(Q, R), A, 2 * Math.max(m, n) * EPS[dt])).toBe(true);
          expect(orthonormalCols(Q, EPS[dt])).toBe(true);
        }
      });
});

describe('eigh', () => {
  it('known answer; eigenvalues and eigenvectors (up to sign) agree with mathjs eigs', () => {
    expect(lax.linalg.eigh(np.array([[2, 1], [1, 2]]))[1].toArray()).toEqual([1, 3]);
    const A = symMat(8, 51);
    const ref = math.eigs(A) as unknown as { values: number[]; eigenvectors: { value: number; vector: number[] }[] };
    const [v, w] = lax.linalg.eigh(np.array(A));
    const tol = 4 * 8 * EPS.float64 * froH(A);
    expect(within([w.toArray() as number[]], [[...ref.values].sort((a, b) => a - b)], tol)).toBeNull();
    const V = transposeH(toMat(v));
    for (const { value, vector } of ref.eigenvectors) {
      const j = (w.toArray() as number[]).findIndex((x) => Math.abs(x - value) <= tol);
      const s = Math.sign(V[j]!.reduce((acc, x, i) => acc + x * vector[i]!, 0));
      expect(within([V[j]!.map((x) => x * s)], [vector], 1e-12)).toBeNull(); // eigenvalue gaps here are > 0.1: vectors are as accurate as ε ‖A‖ / gap
    }
  });
  for (const dt of DTYPES)
    it(`${dt}: V diag(w) Vᵀ = A and VᵀV = I within 2 n ε, eigenvalues ascending`, () => {
      for (const [n, seed] of [[1, 1], [3, 2], [10, 3], [33, 4], [48, 5]] as const) { // 33 and 48: tridiagonal QL
        const A = asType(symMat(n, seed), dt);
        const [v, w] = lax.linalg.eigh(array(A, dt));
        const V = toMat(v), W = w.toArray() as number[];
        expect(W.every((x, i) => i === 0 || W[i - 1]! <= x)).toBe(true);
        expect(normwise(matmulH(scaleColsH(V, W), transposeH(V)), A, 2 * n * EPS[dt])).toBe(true);
        expect(orthonormalCols(V, EPS[dt])).toBe(true);
      }
    });
  it('repeated eigenvalues still give an orthonormal basis; NaN input gives NaN (JAX); reads one triangle when not symmetrizing', () => {
    const [v, w] = lax.linalg.eigh(np.eye(3));
    expect(w.toArray()).toEqual([1, 1, 1]);
    expect(v.toArray()).toEqual(eyeH(3));
    const [vn, wn] = lax.linalg.eigh(np.array([[NaN, 0], [0, 1]]));
    expect([...vn.data(), ...wn.data()].every(Number.isNaN)).toBe(true);
    const lowerOnly = lax.linalg.eigh(np.array([[2, NaN], [1, 2]]), { symmetrizeInput: false })[1];
    const upperOnly = lax.linalg.eigh(np.array([[2, 1], [NaN, 2]]), { symmetrizeInput: false, lower: false })[1];
    expect([lowerOnly.toArray(), upperOnly.toArray()]).toEqual([[1, 3], [1, 3]]);
  });
});

describe('svd', () => {
  it('singular values agree with mathjs (square roots of the eigenvalues of AᵀA)', () => {
    const A = randMat(7, 5, 61);
    const ev = (math.eigs(matmulH(transposeH(A), A)) as unknown as { values: number[] }).values;
    const ref = ev.map(Math.sqrt).sort((a, b) => b - a);
    // eigenvalues of AᵀA carry error ε ‖A‖², so their square roots ε ‖A‖² / (2 σ): σ_min here is > 0.3
    expect(within([lax.linalg.svd(np.array(A), { computeUv: false }).toArray() as number[]], [ref], (8 * 7 * EPS.float64 * froH(A) ** 2) / 0.6)).toBeNull();
  });
  for (const dt of DTYPES)
    for (const full of [false, true])
      it(`${dt} fullMatrices ${full}: U diag(S) Vh = A, UᵀU = I, VhVhᵀ = I within 2 max(m, n) ε; S descending and >= 0`, () => {
        for (const [m, n, seed] of [[4, 4, 1], [9, 4, 2], [4, 9, 3], [20, 20, 4], [1, 3, 5], [3, 1, 6]] as const) {
          const A = asType(randMat(m, n, seed), dt), k = Math.min(m, n);
          const [u, s, vh] = lax.linalg.svd(array(A, dt), { fullMatrices: full });
          expect([u.shape, s.shape, vh.shape]).toEqual([[m, full ? m : k], [k], [full ? n : k, n]]);
          const U = toMat(u), S = s.toArray() as number[], Vh = toMat(vh);
          expect(S.every((x, i) => x >= 0 && (i === 0 || S[i - 1]! >= x))).toBe(true);
          const recon = matmulH(scaleColsH(U.map((row) => row.slice(0, k)), S), Vh.slice(0, k));
          expect(normwise(recon, A, 2 * Math.max(m, n) * EPS[dt])).toBe(true);
          expect(orthonormalCols(U, EPS[dt])).toBe(true);
          // V is a product of rotations: each column takes about 10 n of them (n per sweep), whose
          // roundings add like a random walk: n √(10 n) ε in Frobenius norm (measured: 65 ε at n = 20)
          expect(orthonormalCols(transposeH(Vh), EPS[dt], Math.max(m, n) * Math.sqrt(10 * Math.max(m, n)))).toBe(true);
          expect(sameBits(s, lax.linalg.svd(array(A, dt), { computeUv: false }))).toBe(true);
        }
      });
  it('rank-deficient and zero matrices: zero singular values, U completed to an orthonormal basis; NaN input gives NaN', () => {
    const [u, s] = lax.linalg.svd(np.zeros([3, 2]));
    expect(s.toArray()).toEqual([0, 0]);
    expect(orthonormalCols(toMat(u), EPS.float64)).toBe(true);
    const [u2, s2] = lax.linalg.svd(np.array([[1, 2], [2, 4], [3, 6]]), { fullMatrices: false });
    expect((s2.toArray() as number[])[1]).toBeLessThan(8 * EPS.float64);
    expect(orthonormalCols(toMat(u2), EPS.float64)).toBe(true);
    expect([...lax.linalg.svd(np.array([[NaN, 1], [0, 1]]), { computeUv: false }).data()].every(Number.isNaN)).toBe(true);
  });
});

describe('misuse: errors name the function, the argument and the shape', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['cholesky of a non-square matrix', () => lax.linalg.cholesky(np.zeros([2, 3])), /cholesky: a must be a batch of square matrices \[\.\.\., n, n\], got shape \(2, 3\)/],
    ['eigh of a vector', () => lax.linalg.eigh(np.zeros([3])), /eigh: a must have at least 2 dimensions \[\.\.\., m, n\], got shape \(3,\)/],
    ['lu of a scalar', () => lax.linalg.lu(np.array(1)), /lu: a must have at least 2 dimensions/],
    ['triangularSolve with mismatched sizes', () => lax.linalg.triangularSolve(np.eye(3), np.zeros([3, 2])), /triangular_solve: b's columns must match a's size 3 \(a shape \(3, 3\), b shape \(3, 2\), leftSide false\)/],
    ['triangularSolve with different batches', () => lax.linalg.triangularSolve(np.zeros([2, 3, 3]), np.zeros([3, 3, 3]), { leftSide: true }), /a and b must have the same batch dimensions/],
    ['triangularSolve with mixed dtypes', () => lax.linalg.triangularSolve(np.eye(2, 2, 0, 'float32'), np.eye(2)), /a and b must have the same dtype, got float32 and float64/],
  ];
  for (const [name, run, msg] of cases) it(name, () => expect(run).toThrow(msg));
});
