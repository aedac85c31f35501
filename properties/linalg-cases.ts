/**
 * Law cases for the linalg primitives (`linalgCases`, in `laxCases`: the vmap (flat and nested),
 * jit and differentiation laws drive them) and for np.linalg (`linalgNpCases`, the np vmap laws).
 *
 * Per-example inputs have a random number (0 or 1) of leading batch axes, random small matrix sizes
 * and the law's values (small integers, halves, NaN, ±Infinity...). Each function first makes its
 * input well posed, so that the differentiation laws (float64 values in [-3, 3]) see finite
 * derivatives: x xᵀ + (n+1) I for cholesky; 10 on the diagonal (diagonal dominance: nonsingular,
 * no pivoting) for triangular_solve, lu and qr; for eigh a diagonal 40 i apart, so the Gershgorin
 * discs (radius <= 12) are disjoint and eigenvalues stay >= 4 apart; for svd 40 (k - i) on the
 * diagonal, so singular values are >= 22 apart and >= 31 (Weyl, ‖x‖₂ <= 9).
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { np } from '../lib/numpy';
import { dtypeArb, FLOAT_DTYPES, NUMERIC_DTYPES, valueArb, valueModeArb } from './arbitraries';
import { lawCase, type LawCase } from './laws';

/** A matrix-shaped instance: per-example shape [...lead, m, n]. */
const matrixArb = (o: { square?: boolean; tall?: boolean; dtypes?: readonly DType[]; minDim?: number; noLead?: boolean } = {}) =>
  fc
    .record({
      lead: o.noLead ? fc.constant([]) : fc.constantFrom([], [], [2], [0]),
      m: fc.integer({ min: o.minDim ?? 0, max: 3 }),
      n: fc.integer({ min: o.minDim ?? 0, max: 3 }),
      dtype: dtypeArb(o.dtypes ?? FLOAT_DTYPES),
      mode: valueModeArb(['small', 'halves', 'any']),
    })
    .map(({ lead, m, n, dtype, mode }) => {
      const [r, c] = o.square ? [m, m] : o.tall && m < n ? [n, m] : [m, n];
      return { shape: [...lead, r, c], dtype, mode };
    });

/** c on the main diagonal of each [m, n] matrix of x (leading axes broadcast). */
const plusDiag = (x: NDArray, c: number | NDArray): NDArray => {
  const [m, n] = x.shape.slice(-2) as [number, number];
  return np.add(x, np.multiply(np.eye(m, n, 0, x.dtype), c));
};
const mT = (x: NDArray) => np.swapaxes(x, -1, -2);

function oneMatrix(name: string, fn: (x: NDArray) => NDArray, o: Parameters<typeof matrixArb>[0] = {}): LawCase {
  return lawCase(
    name,
    matrixArb(o).map(({ shape, dtype, mode }) => ({ shapes: [shape], dtypes: [dtype], valueArbs: [valueArb(dtype, mode)], fn, params: { mode } })),
  );
}

const triangularSolveCase = lawCase(
  'triangularSolve',
  fc
    .record({
      lead: fc.constantFrom([], [2]),
      n: fc.integer({ min: 0, max: 3 }),
      k: fc.integer({ min: 0, max: 3 }),
      opts: fc.record({ leftSide: fc.boolean(), lower: fc.boolean(), transposeA: fc.boolean(), unitDiagonal: fc.boolean() }),
      dtype: dtypeArb(FLOAT_DTYPES),
      mode: valueModeArb(['small', 'halves', 'any']),
    })
    .map(({ lead, n, k, opts, dtype, mode }) => ({
      shapes: [
        [...lead, n, n],
        [...lead, ...(opts.leftSide ? [n, k] : [k, n])],
      ],
      dtypes: [dtype, dtype],
      valueArbs: [valueArb(dtype, mode), valueArb(dtype, mode)],
      fn: (a: NDArray, b: NDArray) => lax.linalg.triangularSolve(plusDiag(a, 10), b, opts),
      params: { ...opts, mode },
    })),
);

const dominant = (x: NDArray) => plusDiag(x, 10);
/** 40 i (eigh: ascending) or 40 (k - i) (svd) on the diagonal, as a [.., m, n] array. */
const spread = (x: NDArray, descending: boolean): NDArray => {
  const [m, n] = x.shape.slice(-2) as [number, number], k = Math.min(m, n);
  const steps = np.multiply(np.arange(k), 40);
  const d = descending ? np.subtract(40 * k, steps) : steps;
  const diag = np.pad(np.diag(d), [
    [0, m - k],
    [0, n - k],
  ]);
  return np.add(x, np.astype(diag, x.dtype));
};
const symmetricSpread = (x: NDArray) => spread(np.add(x, mT(x)), false);

export const linalgCases: LawCase[] = [
  oneMatrix('cholesky', (x) => lax.linalg.cholesky(plusDiag(np.matmul(x, mT(x)), x.shape[x.ndim - 1]! + 1)), { square: true }),
  triangularSolveCase,
  oneMatrix('lu', (x) => lax.linalg.lu(dominant(x))[0]),
  oneMatrix('lu pivots', (x) => lax.linalg.lu(x)[1]),
  oneMatrix('lu permutation', (x) => lax.linalg.lu(x)[2]),
  oneMatrix('qr Q', (x) => lax.linalg.qr(dominant(x), { fullMatrices: false })[0], { tall: true }),
  oneMatrix('qr R', (x) => lax.linalg.qr(dominant(x), { fullMatrices: false })[1], { tall: true }),
  oneMatrix('qr complete R', (x) => lax.linalg.qr(dominant(x))[1], { square: true }),
  oneMatrix('eigh eigenvectors', (x) => lax.linalg.eigh(symmetricSpread(x))[0], { square: true }),
  oneMatrix('eigh eigenvalues', (x) => lax.linalg.eigh(symmetricSpread(x))[1], { square: true }),
  oneMatrix('svd S', (x) => lax.linalg.svd(spread(x, true), { computeUv: false })),
  oneMatrix('svd U', (x) => lax.linalg.svd(spread(x, true), { fullMatrices: false })[0]),
  oneMatrix('svd Vh', (x) => lax.linalg.svd(spread(x, true), { fullMatrices: false })[2]),
  oneMatrix('svd full U (square)', (x) => lax.linalg.svd(spread(x, true))[0], { square: true }),
];

// ------------------------------------------------------------------ np.linalg (vmap laws only)

const L = np.linalg;
const npSquare = (name: string, fn: (x: NDArray) => NDArray) => oneMatrix(name, fn, { square: true, dtypes: NUMERIC_DTYPES });
const npAny = (name: string, fn: (x: NDArray) => NDArray, o: Parameters<typeof matrixArb>[0] = {}) => oneMatrix(name, fn, { dtypes: NUMERIC_DTYPES, ...o });

const solveCase = lawCase(
  'linalg.solve',
  fc
    .record({ n: fc.integer({ min: 0, max: 3 }), k: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }), dtype: dtypeArb(NUMERIC_DTYPES), mode: valueModeArb(['small', 'halves', 'any']) })
    .map(({ n, k, dtype, mode }) => ({
      shapes: [[n, n], k === undefined ? [n] : [n, k]],
      dtypes: [dtype, dtype],
      valueArbs: [valueArb(dtype, mode), valueArb(dtype, mode)],
      fn: (a: NDArray, b: NDArray) => L.solve(a, b),
      params: { k, mode },
    })),
);

const lstsqCase = (field: 'x' | 'residuals' | 'rank' | 's') =>
  lawCase(
    `linalg.lstsq ${field}`,
    fc
      .record({ m: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 1, max: 3 }), dtype: dtypeArb(FLOAT_DTYPES), mode: valueModeArb(['small', 'halves', 'any']) })
      .map(({ m, n, dtype, mode }) => ({
        shapes: [[m, n], [m]],
        dtypes: [dtype, dtype],
        valueArbs: [valueArb(dtype, mode), valueArb(dtype, mode)],
        fn: (a: NDArray, b: NDArray) => L.lstsq(a, b)[field],
        params: { mode },
      })),
  );

export const linalgNpCases: LawCase[] = [
  npSquare('linalg.cholesky', (x) => L.cholesky(x)),
  npSquare('linalg.cholesky (upper)', (x) => L.cholesky(x, true)),
  npAny('linalg.cond', (x) => L.cond(x), { minDim: 1 }),
  npSquare('linalg.cond (p = 1)', (x) => L.cond(x, 1)),
  npSquare('linalg.det', (x) => L.det(x)),
  npSquare('linalg.eigh', (x) => L.eigh(x).eigenvectors),
  npSquare('linalg.eigvalsh', (x) => L.eigvalsh(x)),
  npSquare('linalg.inv', (x) => L.inv(x)),
  lstsqCase('x'),
  lstsqCase('residuals'),
  lstsqCase('rank'),
  lstsqCase('s'),
  npSquare('linalg.matrixPower', (x) => L.matrixPower(x, 3)),
  npSquare('linalg.matrixPower (negative)', (x) => L.matrixPower(x, -2)),
  npAny('linalg.matrixRank', (x) => L.matrixRank(x)),
  npAny('linalg.multiDot', (x) => L.multiDot([mT(x), x, mT(x)]), { noLead: true }),
  npAny('linalg.pinv', (x) => L.pinv(x)),
  npAny('linalg.qr', (x) => L.qr(x).R),
  npAny('linalg.qr (complete)', (x) => L.qr(x, 'complete').Q),
  npSquare('linalg.slogdet', (x) => L.slogdet(x).logabsdet),
  npSquare('linalg.slogdet sign', (x) => L.slogdet(x).sign),
  solveCase,
  npAny('linalg.svd', (x) => L.svd(x).Vh),
  npAny('linalg.svdvals', (x) => L.svdvals(x)),
  npAny('linalg.diagonal', (x) => L.diagonal(x, 1)),
  npAny('linalg.trace', (x) => L.trace(x, -1)),
  npAny('linalg.matrixTranspose', (x) => L.matrixTranspose(x)),
  ...(['fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity] as const).map((ord) => npAny(`linalg.matrixNorm ord ${String(ord)}`, (x) => L.matrixNorm(x, ord))),
];
