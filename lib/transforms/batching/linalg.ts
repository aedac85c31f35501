/**
 * Batching rules of the linalg primitives: every one already treats its leading axes as a batch
 * of independent matrices, so the rule moves the batch axis to the front and binds the primitive
 * again (an unmapped triangular_solve operand is broadcast along the batch).
 */
import { bind } from '../../array/ndarray';
import { bindMulti } from '../control/program';
import { atFront, mapped, type BatchRule, type MultiBatchRule } from './types';

const single: (prim: 'cholesky' | 'triangular_solve') => BatchRule = (prim) => (ctx, args, p) =>
  mapped(
    bind(
      prim,
      args.map((a) => atFront(ctx, a)),
      p,
    ),
    0,
  );

const multi: (prim: 'lu' | 'qr' | 'eigh' | 'svd') => MultiBatchRule = (prim) => (ctx, [a], p) =>
  bindMulti(prim, [atFront(ctx, a!)], p).map((x) => mapped(x, 0));

export const linalgBatchRules = {
  cholesky: single('cholesky'),
  triangular_solve: single('triangular_solve'),
  lu: multi('lu'),
  qr: multi('qr'),
  eigh: multi('eigh'),
  svd: multi('svd'),
};
