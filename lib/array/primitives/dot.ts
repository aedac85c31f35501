/** dot_general: contraction over paired axes with paired batch axes (the one matmul kernel). */
import type { AbstractValue, PrimitiveSpec } from '../ir';
import { allocate, type DType, type TypedArray } from '../dtype';
import { makeBuffer, transposeBuffer } from '../kernels';
import { fmaActive, wasmMatmul } from '../wasm';
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
    /** Batch-leading (B, M, K) x (B, K, N): the wasm SIMD kernel when it pays, else the JS one. */
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
      // a matrix-vector product has no column tiles for SIMD: the JS loop skips copying into wasm
      // memory (unless the FMA kernels are on: then every float product rounds as they do)
      const fast = N === 1 && !fmaActive() ? null : wasmMatmul(out.dtype, a, b, B, M, K, N);
      if (fast) return makeBuffer(out.dtype, out.shape, fast);
      return makeBuffer(out.dtype, out.shape, matmulJS(out.dtype, a, b, B, M, K, N));
    },
  } satisfies PrimitiveSpec<DotGeneralParams>,
};

/**
 * The JS kernel, batch-leading (B, M, K) x (B, K, N) in i-k-j order. Each output accumulates over k
 * in order from zero, each product and sum rounded to the dtype (float32 included, as the SIMD
 * kernel does): batched and per-example products, and the JS and wasm kernels, give the same bits.
 */
export function matmulJS(dtype: DType, a: TypedArray, b: TypedArray, B: number, M: number, K: number, N: number): TypedArray {
  const c = allocate(dtype, B * M * N);
  // one monomorphic loop per element type: V8 keeps each specialised
  if (dtype === 'float64') mmF64(a as Float64Array, b as Float64Array, c as Float64Array, B, M, K, N);
  else if (dtype === 'float32') mmF32(a as Float32Array, b as Float32Array, c as Float32Array, B, M, K, N);
  else mmI32(a as Int32Array, b as Int32Array, c as Int32Array, B, M, K, N);
  return c;
}

function mmF64(a: Float64Array, b: Float64Array, c: Float64Array, B: number, M: number, K: number, N: number): void {
  if (N === 1) return mvF64(a, b, c, B, M, K);
  for (let bi = 0; bi < B; bi++) {
    const ao = bi * M * K, bo = bi * K * N, co = bi * M * N;
    for (let i = 0; i < M; i++) {
      const crow = co + i * N;
      for (let k = 0; k < K; k++) {
        const av = a[ao + i * K + k]!, brow = bo + k * N;
        for (let j = 0; j < N; j++) c[crow + j] = c[crow + j]! + av * b[brow + j]!;
      }
    }
  }
}

function mmF32(a: Float32Array, b: Float32Array, c: Float32Array, B: number, M: number, K: number, N: number): void {
  if (N === 1) return mvF32(a, b, c, B, M, K);
  for (let bi = 0; bi < B; bi++) {
    const ao = bi * M * K, bo = bi * K * N, co = bi * M * N;
    for (let i = 0; i < M; i++) {
      const crow = co + i * N;
      for (let k = 0; k < K; k++) {
        const av = a[ao + i * K + k]!, brow = bo + k * N;
        for (let j = 0; j < N; j++) c[crow + j] = c[crow + j]! + Math.fround(av * b[brow + j]!);
      }
    }
  }
}

function mmI32(a: Int32Array, b: Int32Array, c: Int32Array, B: number, M: number, K: number, N: number): void {
  for (let bi = 0; bi < B; bi++) {
    const ao = bi * M * K, bo = bi * K * N, co = bi * M * N;
    for (let i = 0; i < M; i++) {
      const crow = co + i * N;
      for (let k = 0; k < K; k++) {
        const av = a[ao + i * K + k]!, brow = bo + k * N;
        for (let j = 0; j < N; j++) c[crow + j] = (c[crow + j]! + Math.imul(av, b[brow + j]!)) | 0;
      }
    }
  }
}

/** Matrix-vector products (N = 1, as in a loop body's `W @ h`): the same sums in the same order, in a register. */
function mvF64(a: Float64Array, b: Float64Array, c: Float64Array, B: number, M: number, K: number): void {
  for (let bi = 0; bi < B; bi++) {
    const bo = bi * K;
    for (let i = 0; i < M; i++) {
      const ai = (bi * M + i) * K;
      let s = 0;
      for (let k = 0; k < K; k++) s = s + a[ai + k]! * b[bo + k]!;
      c[bi * M + i] = s;
    }
  }
}

/** Matrix-vector products (N = 1, as in a loop body's `W @ h`): the same sums in the same order, in a register. */
function mvF32(a: Float32Array, b: Float32Array, c: Float32Array, B: number, M: number, K: number): void {
  for (let bi = 0; bi < B; bi++) {
    const bo = bi * K;
    for (let i = 0; i < M; i++) {
      const ai = (bi * M + i) * K;
      let s = 0;
      for (let k = 0; k < K; k++) s = Math.fround(s + Math.fround(a[ai + k]! * b[bo + k]!));
      c[bi * M + i] = s;
    }
  }
}
