/**
 * Indexing primitives. Each carries a `batchDims` count of leading axes that index independent
 * problems (like a dot's batch dims), so that every batching rule is the same primitive again with
 * one more batch dim in front: vmap never has to fall back to a loop.
 */
import type { AbstractValue, Buffer, PrimitiveSpec } from '../ir';
import { copyStrided, makeBuffer } from '../kernels';
import { fmtShape, shapesEqual, ShapeError, sizeOf, stridesOf, type Shape } from '../shape';

export interface GatherParams { readonly axis: number; readonly batchDims: number }
export interface DynamicSliceParams { readonly sizes: Shape; readonly batchDims: number }
export interface BatchDimsParams { readonly batchDims: number }
type Shaped = Pick<AbstractValue, 'shape' | 'dtype'>;

function checkIndices(name: string, idx: Shaped): void {
  if (idx.dtype !== 'int32')
    throw new TypeError(`${name} indices must be int32, got ${idx.dtype} indices of shape ${fmtShape(idx.shape)} (convert them with np.astype(indices, 'int32'))`);
}

/** Layout of gather/scatter: operand [B, A, N, C], indices [B, I], result/updates [B, A, I, C]. */
function layout(name: string, op: Shaped, idx: Shaped, p: GatherParams) {
  const { axis, batchDims: k } = p;
  checkIndices(name, idx);
  if (!(Number.isInteger(axis) && axis >= k && axis < op.shape.length) || idx.shape.length < k ||
    !shapesEqual(op.shape.slice(0, k), idx.shape.slice(0, k)))
    throw new ShapeError(`${name} along axis ${axis} with ${k} batch dims is invalid for operand shape ${fmtShape(op.shape)} and indices shape ${fmtShape(idx.shape)}`);
  const B = op.shape.slice(0, k), A = op.shape.slice(k, axis), I = idx.shape.slice(k), C = op.shape.slice(axis + 1);
  const outShape = [...B, ...A, ...I, ...C];
  return { sizes: [sizeOf(B), sizeOf(A), op.shape[axis]!, sizeOf(I), sizeOf(C)] as const, outShape };
}

/** Wraps a negative index once; anything still outside [0, n) is an error, never a silent value. */
function resolve(name: string, i: number, n: number, axis: number): number {
  const j = i < 0 ? i + n : i;
  if (j < 0 || j >= n) throw new RangeError(`${name} index ${i} is out of bounds for axis ${axis} of size ${n}`);
  return j;
}

function checkStarts(name: string, starts: readonly AbstractValue[], batch: Shape, rank: number): void {
  if (starts.length !== rank) throw new ShapeError(`${name} needs ${rank} start indices, got ${starts.length}`);
  for (const s of starts) {
    checkIndices(name, s);
    if (!shapesEqual(s.shape, batch)) throw new ShapeError(`${name} start indices must have shape ${fmtShape(batch)}, got ${fmtShape(s.shape)}`);
  }
}

/** Start of the block for batch `b`, clamped into range as XLA does. */
const clampStart = (starts: readonly Buffer[], b: number, dims: Shape, sizes: Shape): number[] =>
  starts.map((s, k) => Math.min(Math.max(s.data[b]!, 0), dims[k]! - sizes[k]!));

export const indexingRules = {
  gather: {
    shape: ([op, idx], p) => ({ ...op!, shape: layout('gather', op!, idx!, p).outShape }),
    impl: ([op, idx], p, out) => {
      const [nb, na, n, ni, nc] = layout('gather', op!, idx!, p).sizes;
      const r = makeBuffer(out.dtype, out.shape);
      const x = op!.data, ix = idx!.data, y = r.data;
      let o = 0;
      for (let b = 0; b < nb; b++)
        for (let a = 0; a < na; a++)
          for (let i = 0; i < ni; i++) {
            const base = ((b * na + a) * n + resolve('gather', ix[b * ni + i]!, n, p.axis)) * nc;
            for (let c = 0; c < nc; c++) y[o++] = x[base + c]!;
          }
      return r;
    },
  } satisfies PrimitiveSpec<GatherParams>,

  scatter_add: {
    shape: ([op, idx, upd], p) => {
      const { outShape } = layout('scatter_add', op!, idx!, p);
      if (!shapesEqual(upd!.shape, outShape) || upd!.dtype !== op!.dtype)
        throw new ShapeError(`scatter_add updates must be ${op!.dtype}${fmtShape(outShape)}, got ${upd!.dtype}${fmtShape(upd!.shape)}`);
      return op!;
    },
    /** Contributions to one element are added in index order: batched and per-example agree. */
    impl: ([op, idx, upd], p, out) => {
      const [nb, na, n, ni, nc] = layout('scatter_add', op!, idx!, p).sizes;
      const r = makeBuffer(out.dtype, out.shape, op!.data.slice());
      const ix = idx!.data, u = upd!.data, y = r.data;
      const int = out.dtype === 'int32';
      let o = 0;
      for (let b = 0; b < nb; b++)
        for (let a = 0; a < na; a++)
          for (let i = 0; i < ni; i++) {
            const base = ((b * na + a) * n + resolve('scatter_add', ix[b * ni + i]!, n, p.axis)) * nc;
            for (let c = 0; c < nc; c++, o++) y[base + c] = int ? (y[base + c]! + u[o]!) | 0 : y[base + c]! + u[o]!;
          }
      return r;
    },
  } satisfies PrimitiveSpec<GatherParams>,

  dynamic_slice: {
    shape: ([op, ...starts], p) => {
      const k = p.batchDims;
      const dims = op!.shape.slice(k);
      checkStarts('dynamic_slice', starts, op!.shape.slice(0, k), dims.length);
      if (p.sizes.length !== dims.length || p.sizes.some((s, i) => !Number.isInteger(s) || s < 0 || s > dims[i]!))
        throw new ShapeError(`dynamic_slice sizes ${fmtShape(p.sizes)} do not fit in an operand of shape ${fmtShape(op!.shape)}`);
      return { ...op!, shape: [...op!.shape.slice(0, k), ...p.sizes] };
    },
    impl: ([op, ...starts], p, out) => {
      const k = p.batchDims;
      const nb = sizeOf(op!.shape.slice(0, k));
      const dims = op!.shape.slice(k);
      const st = stridesOf(dims);
      const block = sizeOf(dims), chunk = sizeOf(p.sizes);
      const r = makeBuffer(out.dtype, out.shape);
      for (let b = 0; b < nb; b++) {
        const s = clampStart(starts, b, dims, p.sizes);
        const offset = b * block + s.reduce((acc, v, i) => acc + v * st[i]!, 0);
        r.data.set(copyStrided(op!.data, offset, st, p.sizes, out.dtype), b * chunk);
      }
      return r;
    },
  } satisfies PrimitiveSpec<DynamicSliceParams>,

  dynamic_update_slice: {
    shape: ([op, upd, ...starts], p) => {
      const k = p.batchDims;
      const dims = op!.shape.slice(k), sizes = upd!.shape.slice(k);
      checkStarts('dynamic_update_slice', starts, op!.shape.slice(0, k), dims.length);
      if (upd!.dtype !== op!.dtype || upd!.shape.length !== op!.shape.length ||
        !shapesEqual(upd!.shape.slice(0, k), op!.shape.slice(0, k)) || sizes.some((s, i) => s > dims[i]!))
        throw new ShapeError(`dynamic_update_slice update ${upd!.dtype}${fmtShape(upd!.shape)} does not fit in operand ${op!.dtype}${fmtShape(op!.shape)}`);
      return op!;
    },
    impl: ([op, upd, ...starts], p, out) => {
      const k = p.batchDims;
      const dims = op!.shape.slice(k), sizes = upd!.shape.slice(k);
      const nb = sizeOf(op!.shape.slice(0, k));
      const st = stridesOf(dims);
      const block = sizeOf(dims), chunk = sizeOf(sizes), nd = sizes.length;
      const r = makeBuffer(out.dtype, out.shape, op!.data.slice());
      for (let b = 0; b < nb; b++) {
        const s = clampStart(starts, b, dims, sizes);
        const idx = new Array<number>(nd).fill(0);
        for (let u = 0; u < chunk; u++) {
          let o = b * block;
          for (let d = 0; d < nd; d++) o += (s[d]! + idx[d]!) * st[d]!;
          r.data[o] = upd!.data[b * chunk + u]!;
          for (let d = nd - 1; d >= 0; d--) {
            if (++idx[d]! < sizes[d]!) break;
            idx[d] = 0;
          }
        }
      }
      return r;
    },
  } satisfies PrimitiveSpec<BatchDimsParams>,
};
