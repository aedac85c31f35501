/**
 * `np.linalg`: numpy's linear-algebra names.
 * @module
 */
export { cholesky, cond, det, eigh, eigvalsh, inv, lstsq, matrixPower, matrixRank, multiDot, pinv, qr, slogdet, solve, svd, svdvals } from './linalg-decomp';
export { diagonal, matrixNorm, matrixTranspose, norm, trace, type MatrixOrd } from './linalg-norm';
export type { EighResult, LstsqResult, QRResult, SlogdetResult, SVDResult } from './linalg-results';
