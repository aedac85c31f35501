/**
 * Derivatives of the linalg primitives, after JAX's jax/_src/lax/linalg.py. The JVPs are JAX's
 * (Cholesky: L Φ(L⁻¹ sym(dA) L⁻ᵀ); LU and QR as in JAX's lu/qr jvp rules; eigh: V (F ∘ Vᵀ dA V);
 * SVD: Townsend's rule with the extra terms for non-square inputs). JAX derives each VJP by
 * transposing its JVP; here the transposes are written out — each JVP above is a composition of
 * products, triangular solves, masks and elementwise scalings, and its adjoint applies the adjoints
 * in reverse order (a triangular solve's adjoint is the solve with transposeA flipped, a mask's is
 * itself, X ↦ A X B's is Y ↦ Aᵀ Y Bᵀ). The dot-product tests check every pair.
 */
import { bind, constant, type NDArray } from '../../array/ndarray';
import { linalgOutAvals, type QrParams, type SvdParams, type TriangularSolveParams } from '../../array/primitives/linalg';
import { fmtShape } from '../../array/shape';
import { add, asCols, asRows, diagEmbed, diagonal, div, eye, fillLike, mm, mT, mul, neg, permuteRows, scale, sub, sym, toBatch, tril, triSolve, triu, unpermuteRows, block, padTo } from '../../lax/linalg-ops';
import { bindMulti } from '../control/program';
import { GradError, type JvpRule, type MultiJvpRule, type MultiVjpRule, type VjpRule } from './types';

/** The outputs of a multi-output linalg node, as projections of its tuple. */
const outputsOf = (out: NDArray, a: NDArray): NDArray[] =>
  linalgOutAvals(out.prim, out.params, [a.aval]).map((aval, index) => bind('proj', [out], { index, aval }));

const dims = (a: NDArray) => {
  const m = a.shape[a.ndim - 2]!, n = a.shape[a.ndim - 1]!;
  return { m, n, k: Math.min(m, n), batch: a.shape.slice(0, -2) };
};

/** Φ(X): the lower triangle with the diagonal halved. */
const phi = (x: NDArray): NDArray => add(tril(x, -1), diagEmbed(scale(diagonal(x), 0.5)));

/** The triangle of a triangular_solve's `a` that it reads (strict if the diagonal is unit). */
const readPart = (x: NDArray, p: TriangularSolveParams): NDArray => (p.lower ? tril(x, p.unitDiagonal ? -1 : 0) : triu(x, p.unitDiagonal ? 1 : 0));

/** L (m x m, unit lower) and U (n x n, upper) of a packed LU, padded with identity as JAX's lu_jvp_rule. */
function luFactors(lu: NDArray): { L: NDArray; U: NDArray } {
  const { m, n, k, batch } = dims(lu);
  const L = add(padTo(tril(block(lu, m, k), -1), m, m), eye(m, lu.dtype, batch));
  const corner = toBatch(bind('pad', [eye(n - k, lu.dtype), constant(0, lu.dtype, [])], { config: [[k, 0, 0], [k, 0, 0]] }), batch);
  return { L, U: add(padTo(triu(block(lu, k, n)), n, n), corner) };
}

/** F[i, j] = 1 / (w_j - w_i) off the diagonal, 0 on it. */
function reciprocalGaps(w: NDArray): NDArray {
  const n = w.shape[w.ndim - 1]!, I = eye(n, w.dtype, w.shape.slice(0, -1));
  return sub(div(fillLike(1, I), add(sub(asRows(w, n), asCols(w, n)), I)), I);
}

/** U, s, V of the reduced SVD that the derivative rules use (from the node's outputs when it has them). */
function svdParts(a: NDArray, p: SvdParams, out: NDArray): { s: NDArray; U: NDArray; V: NDArray } {
  const { m, n } = dims(a);
  if (p.computeUv && p.fullMatrices && m !== n)
    throw new GradError(`svd: differentiation with fullMatrices is implemented only for square matrices (as JAX raises for full_matrices), got shape ${fmtShape(a.shape)}`);
  const [s, U, Vh] = p.computeUv ? outputsOf(out, a) : bindMulti('svd', [a], { fullMatrices: false, computeUv: true });
  return { s: s!, U: U!, V: mT(Vh!) };
}

/** The F of the SVD rules: 1 / (s_j² - s_i²) off the diagonal, 0 on it. */
function svdGaps(s: NDArray): NDArray {
  const k = s.shape[s.ndim - 1]!, I = eye(k, s.dtype, s.shape.slice(0, -1));
  const sr = asRows(s, k), sc = asCols(s, k);
  return sub(div(fillLike(1, I), add(mul(add(sr, sc), sub(sr, sc)), I)), I);
}

function qrCheck(a: NDArray, p: QrParams): void {
  const { m, n } = dims(a);
  if (m < n || (p.fullMatrices && m !== n))
    throw new GradError(`qr: differentiation needs m >= n and, with fullMatrices, a square matrix (JAX's rule), got shape ${fmtShape(a.shape)} with fullMatrices ${p.fullMatrices}`);
}

const orZeros = (x: NDArray | null | undefined, like: NDArray) => x ?? fillLike(0, like);

export const linalgJvpRules = {
  cholesky: (([, ], [t], _p, L) => {
    if (!t) return null;
    const x = triSolve(L, triSolve(L, sym(t), { leftSide: false, lower: true, transposeA: true }), { leftSide: true, lower: true });
    return mm(L, phi(x));
  }) as JvpRule,

  triangular_solve: (([a], [ta, tb], p: TriangularSolveParams, x) => {
    let rhs = tb ?? null;
    if (ta) {
      const dA = readPart(ta, p), op = p.transposeA ? mT(dA) : dA;
      const prod = p.leftSide ? mm(op, x) : mm(x, op);
      rhs = rhs ? sub(rhs, prod) : neg(prod);
    }
    return rhs ? triSolve(a!, rhs, p) : null;
  }) as JvpRule,

  lu: (([a], [t], _p, out) => {
    const [lu, , perm] = outputsOf(out, a!);
    const { L, U } = luFactors(lu!);
    const la = triSolve(L, permuteRows(t!, perm!), { leftSide: true, lower: true, unitDiagonal: true });
    const lau = triSolve(U, la, { leftSide: false, lower: false });
    return [add(mm(L, tril(lau, -1)), mm(triu(lau), U)), null, null];
  }) as MultiJvpRule,

  qr: (([a], [t], p: QrParams, out) => {
    qrCheck(a!, p);
    const [q, r] = outputsOf(out, a!);
    const dxRinv = triSolve(r!, t!, { leftSide: false, lower: false });
    const qtdx = mm(mT(q!), dxRinv);
    const low = tril(qtdx, -1), dO = sub(low, mT(low));
    return [add(mm(q!, sub(dO, qtdx)), dxRinv), mm(sub(qtdx, dO), r!)];
  }) as MultiJvpRule,

  eigh: (([a], [t], _p, out) => {
    const [v, w] = outputsOf(out, a!);
    const k = mm(mm(mT(v!), t!), v!);
    return [mm(v!, mul(reciprocalGaps(w!), k)), diagonal(k)];
  }) as MultiJvpRule,

  svd: (([a], [t], p: SvdParams, out) => {
    const { s, U, V } = svdParts(a!, p, out);
    const { m, n, k } = dims(a!);
    const dS = mm(mm(mT(U), t!), V), ds = diagonal(dS);
    if (!p.computeUv) return [ds];
    const F = svdGaps(s), sr = asRows(s, k), sc = asCols(s, k);
    const dSS = mul(dS, sr), SdS = mul(sc, dS);
    let dU = mm(U, mul(F, add(dSS, mT(dSS))));
    let dV = mm(V, mul(F, add(SdS, mT(SdS))));
    if (m > n) {
      const dAV = mm(t!, V);
      dU = add(dU, div(sub(dAV, mm(U, mm(mT(U), dAV))), asRows(s, m)));
    }
    if (n > m) {
      const dAU = mm(mT(t!), U);
      dV = add(dV, div(sub(dAU, mm(V, mm(mT(V), dAU))), asRows(s, n)));
    }
    return [ds, dU, mT(dV)];
  }) as MultiJvpRule,
};

export const linalgVjpRules = {
  cholesky: ((ct, _a, _p, L) => {
    const y = triSolve(L, phi(mm(mT(L), ct)), { leftSide: true, lower: true, transposeA: true });
    return [sym(triSolve(L, y, { leftSide: false, lower: true }))];
  }) as VjpRule,

  triangular_solve: ((ct, [a], p: TriangularSolveParams, x) => {
    const bBar = triSolve(a!, ct, { ...p, transposeA: !p.transposeA });
    const g = neg(p.leftSide ? mm(bBar, mT(x)) : mm(mT(x), bBar));
    return [readPart(p.transposeA ? mT(g) : g, p), bBar];
  }) as VjpRule,

  lu: (([c], [a], _p, out) => {
    if (!c) return [null];
    const [lu, , perm] = outputsOf(out, a!);
    const { L, U } = luFactors(lu!);
    const zBar = add(tril(mm(mT(L), c), -1), triu(mm(c, mT(U))));
    const y = triSolve(L, zBar, { leftSide: true, lower: true, transposeA: true, unitDiagonal: true });
    return [unpermuteRows(triSolve(U, y, { leftSide: false, lower: false, transposeA: true }), perm!)];
  }) as MultiVjpRule,

  qr: (([qBar, rBar], [a], p: QrParams, out) => {
    qrCheck(a!, p);
    const [q, r] = outputsOf(out, a!);
    const M = sub(mm(mT(q!), orZeros(qBar, q!)), mm(orZeros(rBar, r!), mT(r!)));
    const cBar = sub(tril(sub(M, mT(M)), -1), M);
    const yBar = add(orZeros(qBar, q!), mm(q!, cBar));
    return [triSolve(r!, yBar, { leftSide: false, lower: false, transposeA: true })];
  }) as MultiVjpRule,

  eigh: (([vBar, wBar], [a], _p, out) => {
    const [v, w] = outputsOf(out, a!);
    const inner = add(mul(reciprocalGaps(w!), mm(mT(v!), orZeros(vBar, v!))), diagEmbed(orZeros(wBar, w!)));
    return [mm(mm(v!, inner), mT(v!))];
  }) as MultiVjpRule,

  svd: (([sBar, uBar, vhBar], [a], p: SvdParams, out) => {
    const { s, U, V } = svdParts(a!, p, out);
    const { m, n, k } = dims(a!);
    const F = svdGaps(s), sr = asRows(s, k), sc = asCols(s, k);
    let dS = diagEmbed(orZeros(sBar, s));
    if (uBar) {
      const G = mul(F, mm(mT(U), uBar));
      dS = add(dS, mul(add(G, mT(G)), sr));
    }
    const vBar = vhBar ? mT(vhBar) : null;
    if (vBar) {
      const H = mul(F, mm(mT(V), vBar));
      dS = add(dS, mul(add(H, mT(H)), sc));
    }
    let aBar = mm(mm(U, dS), mT(V));
    if (m > n && uBar) {
      const W = div(uBar, asRows(s, m));
      aBar = add(aBar, mm(sub(W, mm(U, mm(mT(U), W))), mT(V)));
    }
    if (n > m && vBar) {
      const W = div(vBar, asRows(s, n));
      aBar = add(aBar, mm(U, mT(sub(W, mm(V, mm(mT(V), W))))));
    }
    return [aBar];
  }) as MultiVjpRule,
};
