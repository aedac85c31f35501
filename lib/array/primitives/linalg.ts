/**
 * Linear algebra (lax.linalg): cholesky, triangular_solve, lu, qr, eigh, svd. Each works on the
 * trailing two axes, any leading axes being a batch, in float32 or float64; the kernel factors one
 * matrix at a time (./linalg-kernels), so a batching rule only moves the batch axis to the front.
 * lu, qr, eigh and svd have several outputs: one tuple node read by `proj` nodes (see control.ts).
 * Like LAPACK under JAX, bad input is not an error: cholesky of a matrix that is not positive
 * definite is all NaN, a singular lu has a zero pivot (solves then give inf/NaN).
 */
import { allocate, type DType } from '../dtype';
import type { AbstractValue, Buffer, PrimitiveSpec, TupleBuffer } from '../ir';
import { makeBuffer } from '../kernels';
import { fmtShape, ShapeError, sizeOf } from '../shape';
import { symmetricEigen } from './linalg-eigh';
import { choleskyInPlace, householderQr, jacobiEigh, jacobiSvd, luInPlace, triSolveInPlace } from './linalg-kernels';

/** eigh by cyclic Jacobi below this size (accurate to the matrix's own rounding), by tridiagonal QL from it (~9 n³ flops against ~30 n³). */
const QL_FROM = 32;

export interface TriangularSolveParams {
  /** Solve op(a) x = b (true) or x op(a) = b (false, JAX's default). */
  readonly leftSide: boolean;
  /** Read a's lower (true) or upper triangle. */
  readonly lower: boolean;
  /** op(a) = a^T. */
  readonly transposeA: boolean;
  /** a's diagonal is taken as ones (and not read). */
  readonly unitDiagonal: boolean;
}
export interface QrParams {
  readonly fullMatrices: boolean;
}
export interface EighParams {
  /** Read the lower (true) or upper triangle. */
  readonly lower: boolean;
}
export interface SvdParams {
  readonly fullMatrices: boolean;
  readonly computeUv: boolean;
}

export type LinalgMultiOutputPrimitive = 'lu' | 'qr' | 'eigh' | 'svd';
export const LINALG_MULTI_OUTPUT: ReadonlySet<string> = new Set<LinalgMultiOutputPrimitive>(['lu', 'qr', 'eigh', 'svd']);

type Float = 'float32' | 'float64';
type Shaped = Pick<AbstractValue, 'shape' | 'dtype'>;

/** Checks a batch of matrices [..., m, n] (square if asked) and returns its parts. */
export function matrices(prim: string, arg: string, a: Shaped, square: boolean): { batch: number[]; m: number; n: number; dtype: Float } {
  const s = a.shape;
  if (s.length < 2) throw new ShapeError(`${prim}: ${arg} must have at least 2 dimensions [..., m, n], got shape ${fmtShape(s)}`);
  const m = s[s.length - 2]!, n = s[s.length - 1]!;
  if (square && m !== n) throw new ShapeError(`${prim}: ${arg} must be a batch of square matrices [..., n, n], got shape ${fmtShape(s)}`);
  if (a.dtype !== 'float32' && a.dtype !== 'float64') throw new TypeError(`${prim}: ${arg} must be float32 or float64, got ${a.dtype} of shape ${fmtShape(s)}`);
  return { batch: s.slice(0, -2), m, n, dtype: a.dtype };
}

const aval = (shape: readonly number[], dtype: DType): AbstractValue => ({ shape, dtype, weak: false });

/** What each output of a linalg multi-output node is, from its input's abstract value. */
export function linalgOutAvals(prim: string, p: any, ins: readonly Shaped[]): AbstractValue[] {
  const { batch, m, n, dtype } = matrices(prim, 'a', ins[0]!, prim === 'eigh');
  const k = Math.min(m, n);
  if (prim === 'lu') return [aval([...batch, m, n], dtype), aval([...batch, k], 'int32'), aval([...batch, m], 'int32')];
  if (prim === 'qr') {
    const c = (p as QrParams).fullMatrices ? m : k;
    return [aval([...batch, m, c], dtype), aval([...batch, c, n], dtype)];
  }
  if (prim === 'eigh') return [aval([...batch, n, n], dtype), aval([...batch, n], dtype)];
  const { fullMatrices, computeUv } = p as SvdParams;
  const s = aval([...batch, k], dtype);
  if (!computeUv) return [s];
  return [s, aval([...batch, m, fullMatrices ? m : k], dtype), aval([...batch, fullMatrices ? n : k, n], dtype)];
}

/** How many outputs a linalg multi-output node has (from its params alone). */
export const linalgOutCount = (prim: string, p: any): number => (prim === 'lu' ? 3 : prim === 'svd' && !(p as SvdParams).computeUv ? 1 : 2 + (prim === 'svd' ? 1 : 0));

const TUPLE_AVAL: AbstractValue = Object.freeze({ shape: Object.freeze([0]), dtype: 'bool', weak: false });
const tuple = (parts: readonly Buffer[]): TupleBuffer => ({ dtype: 'bool', shape: [0], data: new Uint8Array(0), parts });

/**
 * Output buffers of the given avals, filled matrix by matrix: `each` gets one matrix of the input
 * as float64 and returns that matrix's part of every output (stored with one rounding each).
 */
function perMatrix(input: Buffer, outs: readonly AbstractValue[], each: (a: Float64Array) => readonly ArrayLike<number>[]): Buffer[] {
  const [m, n] = input.shape.slice(-2) as [number, number];
  const count = sizeOf(input.shape.slice(0, -2)), size = m * n;
  const data = outs.map((o) => allocate(o.dtype, sizeOf(o.shape)));
  const per = outs.map((o, i) => (count === 0 ? 0 : data[i]!.length / count));
  for (let b = 0; b < count; b++) {
    const parts = each(Float64Array.from(input.data.subarray(b * size, (b + 1) * size)));
    parts.forEach((x, i) => data[i]!.set(x, b * per[i]!));
  }
  return outs.map((o, i) => makeBuffer(o.dtype, o.shape, data[i]));
}

/** A factorization of non-finite input is NaN throughout (JAX's LAPACK wrappers): one NaN array per output of these avals. */
const nanParts = (outs: readonly AbstractValue[], count: number): Float64Array[] =>
  outs.map((o) => new Float64Array(count === 0 ? 0 : sizeOf(o.shape) / count).fill(NaN));
const batchCount = (a: Buffer) => sizeOf(a.shape.slice(0, -2));

/** The symmetric matrix whose `lower` (or upper) triangle `a` holds, in place. */
function symmetrize(a: Float64Array, n: number, lower: boolean): void {
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      if (lower) a[i * n + j] = a[j * n + i]!;
      else a[j * n + i] = a[i * n + j]!;
    }
}

export const linalgRules = {
  cholesky: {
    shape: ([a]) => {
      const { batch, n, dtype } = matrices('cholesky', 'a', a!, true);
      return aval([...batch, n, n], dtype);
    },
    impl: ([a], _p, out) => {
      const n = out.shape[out.shape.length - 1]!;
      return perMatrix(a!, [out], (x) => [choleskyInPlace(x, n) ? x : x.fill(NaN)])[0]!;
    },
  } satisfies PrimitiveSpec<Record<string, never>>,

  triangular_solve: {
    shape: ([a, b], p: TriangularSolveParams) => {
      const A = matrices('triangular_solve', 'a', a!, true), B = matrices('triangular_solve', 'b', b!, false);
      const fail = (why: string): never => {
        throw new ShapeError(`triangular_solve: ${why} (a shape ${fmtShape(a!.shape)}, b shape ${fmtShape(b!.shape)}, leftSide ${p.leftSide})`);
      };
      if (A.dtype !== B.dtype) throw new TypeError(`triangular_solve: a and b must have the same dtype, got ${A.dtype} and ${B.dtype}`);
      if (A.batch.join() !== B.batch.join()) fail('a and b must have the same batch dimensions');
      if ((p.leftSide ? B.m : B.n) !== A.n) fail(`b's ${p.leftSide ? 'rows' : 'columns'} must match a's size ${A.n}`);
      return aval(b!.shape, B.dtype);
    },
    impl: ([a, b], p, out) => {
      const n = a!.shape[a!.shape.length - 1]!, [bm, bn] = b!.shape.slice(-2) as [number, number];
      const count = sizeOf(b!.shape.slice(0, -2));
      const res = allocate(out.dtype, sizeOf(out.shape));
      // op(a) x = b directly; x op(a) = b as op(a)ᵀ xᵀ = bᵀ: the matrix solved with is a or aᵀ (strides swapped)
      const useT = p.transposeA !== !p.leftSide, lower = p.lower !== useT, k = p.leftSide ? bn : bm;
      const [rs, cs] = useT ? [1, n] : [n, 1];
      const x = new Float64Array(n * k); // the right-hand side being solved, reused across the batch
      for (let q = 0; q < count; q++) {
        const B = b!.data.subarray(q * bm * bn, (q + 1) * bm * bn), base = q * bm * bn;
        if (p.leftSide) x.set(B);
        else for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) x[i * k + c] = B[c * n + i]!;
        triSolveInPlace(a!.data, q * n * n, rs, cs, x, n, k, lower, p.unitDiagonal);
        if (p.leftSide) res.set(x, base);
        else for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) res[base + c * n + i] = x[i * k + c]!;
      }
      return makeBuffer(out.dtype, out.shape, res);
    },
  } satisfies PrimitiveSpec<TriangularSolveParams>,

  lu: {
    shape: ([a]) => {
      matrices('lu', 'a', a!, false);
      return TUPLE_AVAL;
    },
    impl: ([a], p) => {
      const [m, n] = a!.shape.slice(-2) as [number, number];
      return tuple(
        perMatrix(a!, linalgOutAvals('lu', p, [a!]), (x) => {
          const r = luInPlace(x, m, n);
          return [x, r.pivots, r.perm];
        }),
      );
    },
  } satisfies PrimitiveSpec<Record<string, never>>,

  qr: {
    shape: ([a]) => {
      matrices('qr', 'a', a!, false);
      return TUPLE_AVAL;
    },
    impl: ([a], p) => {
      const [m, n] = a!.shape.slice(-2) as [number, number];
      return tuple(
        perMatrix(a!, linalgOutAvals('qr', p, [a!]), (x) => {
          const f = householderQr(x, m, n, p.fullMatrices);
          return [f.q, f.r];
        }),
      );
    },
  } satisfies PrimitiveSpec<QrParams>,

  eigh: {
    shape: ([a]) => {
      matrices('eigh', 'a', a!, true);
      return TUPLE_AVAL;
    },
    impl: ([a], p) => {
      const n = a!.shape[a!.shape.length - 1]!, outs = linalgOutAvals('eigh', p, [a!]);
      return tuple(
        perMatrix(a!, outs, (x) => {
          symmetrize(x, n, p.lower);
          if (!x.every(Number.isFinite)) return nanParts(outs, batchCount(a!));
          const e = n < QL_FROM ? jacobiEigh(x, n) : symmetricEigen(x, n);
          return [e.v, e.w];
        }),
      );
    },
  } satisfies PrimitiveSpec<EighParams>,

  svd: {
    shape: ([a]) => {
      matrices('svd', 'a', a!, false);
      return TUPLE_AVAL;
    },
    impl: ([a], p) => {
      const [m, n] = a!.shape.slice(-2) as [number, number];
      const outs = linalgOutAvals('svd', p, [a!]);
      return tuple(
        perMatrix(a!, outs, (x) => {
          if (!x.every(Number.isFinite)) return nanParts(outs, batchCount(a!));
          const r = jacobiSvd(x, m, n, p.computeUv && p.fullMatrices);
          if (!p.computeUv) return [r.s];
          const uc = r.u.length, u = new Float64Array(m * uc), vh = new Float64Array(r.v.length * n); // U is m x uc, Vh's rows are V's columns
          r.u.forEach((col, j) => col.forEach((e, i) => (u[i * uc + j] = e)));
          r.v.forEach((col, j) => vh.set(col, j * n));
          return [r.s, u, vh];
        }),
      );
    },
  } satisfies PrimitiveSpec<SvdParams>,
};
