/**
 * dot_general's batching rule, as JAX's: no operand is transposed. When both sides are mapped the
 * batch axes join the dot's batch dims in front, so vmap(matmul) is the hand-batched matmul; when
 * only rhs is mapped and that is its one free axis, the operands swap so the mapped axis leads.
 */
import { bind } from '../../array/ndarray';
import type { DotGeneralParams } from '../../array/primitives/dot';
import { shiftAxis, type BatchRule } from './types';

const bump = (dims: readonly number[], b: number) => dims.map((d) => shiftAxis(d, b));
const free = (nd: number, used: readonly number[]) => [...Array(nd).keys()].filter((i) => !used.includes(i));

export const dotBatchRules = {
  dot_general: ((_ctx, [l, r], p: DotGeneralParams) => {
    const [lc, rc] = p.contracting, [lb, rb] = p.batch;
    const lbd = l!.bdim, rbd = r!.bdim;
    if (lbd !== null && rbd !== null) {
      const params: DotGeneralParams = {
        contracting: [bump(lc, lbd), bump(rc, rbd)],
        batch: [[lbd, ...bump(lb, lbd)], [rbd, ...bump(rb, rbd)]],
      };
      return { x: bind('dot_general', [l!.x, r!.x], params), bdim: 0 };
    }
    if (lbd !== null) {
      const params: DotGeneralParams = { contracting: [bump(lc, lbd), rc], batch: [bump(lb, lbd), rb] };
      const lfree = free(l!.x.ndim, [...params.contracting[0], ...params.batch[0]]);
      return { x: bind('dot_general', [l!.x, r!.x], params), bdim: lb.length + lfree.indexOf(lbd) };
    }
    const params: DotGeneralParams = { contracting: [lc, bump(rc, rbd!)], batch: [lb, bump(rb, rbd!)] };
    const rfree = free(r!.x.ndim, [...params.contracting[1], ...params.batch[1]]);
    if (rfree.length === 1) {
      // the mapped axis is rhs's only free one (W @ x per example): with the operands swapped it
      // comes out right after the batch dims, so no transposed result follows. Products commute
      // and the sums run in the same order, so the bits are the same.
      const swapped: DotGeneralParams = { contracting: [params.contracting[1], lc], batch: [params.batch[1], lb] };
      return { x: bind('dot_general', [r!.x, l!.x], swapped), bdim: lb.length };
    }
    return { x: bind('dot_general', [l!.x, r!.x], params), bdim: l!.x.ndim - lc.length + rfree.indexOf(rbd!) };
  }) satisfies BatchRule,
};
