/** dot_general: contraction over paired axes with paired batch axes (the one matmul kernel). */
import type { AbstractValue, PrimitiveSpec } from '../ir';
import { makeBuffer, transposeBuffer } from '../kernels';
import { fmtShape, ShapeError, sizeOf } from '../shape';

export interface DotGeneralParams {
  /** [lhs axes, rhs axes] summed over, pairwise. */
  readonly contracting: readonly [readonly number[], readonly number[]];
  /** [lhs axes, rhs axes] that index batches of independent products, pairwise. */
  readonly batch: readonly [readonly number[], readonly number[]];
}

const free = (nd: number, used: readonly number[]) => [...Array(nd).keys()].filter((i) => !used.includes(i));

function check(l: AbstractValue, r: AbstractValue, p: DotGeneralParams): void {
  const [lc, rc] = p.contracting, [lb, rb] = p.batch;
  const fail = (why: string) => {
    throw new ShapeError(
      `dot_general ${why}: lhs shape ${fmtShape(l.shape)}, rhs shape ${fmtShape(r.shape)}, contracting dims ${JSON.stringify(p.contracting)}, batch dims ${JSON.stringify(p.batch)}`,
    );
  };
  if (lc.length !== rc.length || lb.length !== rb.length) fail('needs as many lhs as rhs dims in each pair list');
  const lAll = [...lc, ...lb], rAll = [...rc, ...rb];
  if (new Set(lAll).size !== lAll.length || new Set(rAll).size !== rAll.length) fail('has a repeated dimension');
  if (lAll.some((d) => !(d >= 0 && d < l.shape.length)) || rAll.some((d) => !(d >= 0 && d < r.shape.length))) fail('has a dimension out of range');
  lc.forEach((d, i) => l.shape[d] !== r.shape[rc[i]!] && fail(`contracts lhs axis ${d} (size ${l.shape[d]}) with rhs axis ${rc[i]} (size ${r.shape[rc[i]!]})`));
  lb.forEach((d, i) => l.shape[d] !== r.shape[rb[i]!] && fail(`batches lhs axis ${d} (size ${l.shape[d]}) with rhs axis ${rb[i]} (size ${r.shape[rb[i]!]})`));
  if (l.dtype !== r.dtype) throw new TypeError(`dot_general needs equal dtypes, got ${l.dtype} and ${r.dtype}`);
  if (l.dtype === 'bool') throw new TypeError('dot_general does not accept bool arrays; convert them first');
}

export const dotRules = {
  dot_general: {
    shape: ([l, r], p) => {
      check(l!, r!, p);
      const lf = free(l!.shape.length, [...p.contracting[0], ...p.batch[0]]);
      const rf = free(r!.shape.length, [...p.contracting[1], ...p.batch[1]]);
      const shape = [...p.batch[0].map((d) => l!.shape[d]!), ...lf.map((d) => l!.shape[d]!), ...rf.map((d) => r!.shape[d]!)];
      return { shape, dtype: l!.dtype, weak: l!.weak && r!.weak };
    },
    /**
     * Batch-leading (B, M, K) x (B, K, N) in i-k-j order. Each output accumulates over k in order
     * from zero, in the output's precision: batched and per-example products round identically.
     */
    impl: ([l, r], p, out) => {
      const [lc, rc] = p.contracting, [lb, rb] = p.batch;
      const lf = free(l!.shape.length, [...lc, ...lb]);
      const rf = free(r!.shape.length, [...rc, ...rb]);
      const a = transposeBuffer(l!, [...lb, ...lf, ...lc]).data;
      const b = transposeBuffer(r!, [...rb, ...rc, ...rf]).data;
      const B = sizeOf(lb.map((d) => l!.shape[d]!));
      const M = sizeOf(lf.map((d) => l!.shape[d]!));
      const K = sizeOf(lc.map((d) => l!.shape[d]!));
      const N = sizeOf(rf.map((d) => r!.shape[d]!));
      const res = makeBuffer(out.dtype, out.shape);
      const c = res.data;
      const int = out.dtype === 'int32';
      for (let bi = 0; bi < B; bi++) {
        const ao = bi * M * K, bo = bi * K * N, co = bi * M * N;
        for (let i = 0; i < M; i++) {
          const crow = co + i * N;
          for (let k = 0; k < K; k++) {
            const av = a[ao + i * K + k]!;
            const brow = bo + k * N;
            if (int) for (let j = 0; j < N; j++) c[crow + j] = c[crow + j]! + Math.imul(av, b[brow + j]!);
            else for (let j = 0; j < N; j++) c[crow + j] = c[crow + j]! + av * b[brow + j]!;
          }
        }
      }
      return res;
    },
  } satisfies PrimitiveSpec<DotGeneralParams>,
};
