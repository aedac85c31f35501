/** Shape primitives: broadcast_in_dim, reshape, transpose, squeeze, expand_dims, rev, slice, pad, concatenate, iota. */
import { castScalar, DTYPES, isDType, type DType } from '../dtype';
import type { AbstractValue, PrimitiveSpec } from '../ir';
import { layoutOf, makeBuffer, view } from '../kernels';
import { checkShape, fmtShape, ShapeError, sizeOf, stridesOf, type Shape } from '../shape';

export interface BroadcastInDimParams { readonly shape: Shape; readonly broadcastDimensions: readonly number[] }
export interface ReshapeParams { readonly newSizes: Shape }
export interface TransposeParams { readonly permutation: readonly number[] }
export interface DimsParams { readonly dimensions: readonly number[] }
export interface SliceParams { readonly start: readonly number[]; readonly limit: readonly number[]; readonly strides: readonly number[] }
export interface PadParams { readonly config: readonly (readonly [number, number, number])[] }
export interface ConcatParams { readonly dimension: number }
export interface IotaParams { readonly dtype: DType; readonly shape: Shape; readonly dimension: number }

const withShape = (a: AbstractValue, shape: Shape): AbstractValue => ({ ...a, shape: [...shape] });

function isPermutation(p: readonly number[], n: number): boolean {
  return p.length === n && new Set(p).size === n && p.every((i) => Number.isInteger(i) && i >= 0 && i < n);
}

export const structuralRules = {
  broadcast_in_dim: {
    shape: ([a], p: BroadcastInDimParams) => {
      const { shape, broadcastDimensions: bd } = p;
      checkShape(shape, 'broadcast_in_dim shape');
      const ok =
        bd.length === a!.shape.length &&
        bd.every((d, i) => d >= 0 && d < shape.length && (i === 0 || d > bd[i - 1]!)) &&
        a!.shape.every((s, i) => s === 1 || s === shape[bd[i]!]);
      if (!ok)
        throw new ShapeError(
          `broadcast_in_dim cannot broadcast shape ${fmtShape(a!.shape)} to ${fmtShape(shape)} with broadcast_dimensions ${fmtShape(bd)}`,
        );
      return withShape(a!, shape);
    },
    /** A view: new and size-1 axes get stride 0, nothing is copied. */
    impl: ([a], p, out) => {
      const { strides: st, offset } = layoutOf(a!);
      const strides = new Array<number>(out.shape.length).fill(0);
      p.broadcastDimensions.forEach((d, i) => {
        strides[d] = a!.shape[i] === 1 ? 0 : st[i]!;
      });
      return view(a!, out.shape, strides, offset);
    },
    views: true,
  } satisfies PrimitiveSpec<BroadcastInDimParams>,

  reshape: {
    shape: ([a], p: ReshapeParams) => {
      checkShape(p.newSizes, 'reshape new_sizes');
      if (sizeOf(p.newSizes) !== sizeOf(a!.shape))
        throw new ShapeError(`cannot reshape array of shape ${fmtShape(a!.shape)} (size ${sizeOf(a!.shape)}) into shape ${fmtShape(p.newSizes)} (size ${sizeOf(p.newSizes)})`);
      return withShape(a!, p.newSizes);
    },
    impl: ([a], _p, out) => makeBuffer(out.dtype, out.shape, a!.data), // row-major data is shared, never written
  } satisfies PrimitiveSpec<ReshapeParams>,

  transpose: {
    shape: ([a], p: TransposeParams) => {
      if (!isPermutation(p.permutation, a!.shape.length))
        throw new ShapeError(`transpose permutation ${fmtShape(p.permutation)} is not a permutation of the ${a!.shape.length} axes of an array of shape ${fmtShape(a!.shape)}`);
      return withShape(a!, p.permutation.map((i) => a!.shape[i]!));
    },
    /** A view with permuted strides. */
    impl: ([a], p, out) => {
      const { strides, offset } = layoutOf(a!);
      return view(a!, out.shape, p.permutation.map((d) => strides[d]!), offset);
    },
    views: true,
  } satisfies PrimitiveSpec<TransposeParams>,

  squeeze: {
    shape: ([a], p: DimsParams) => {
      for (const d of p.dimensions)
        if (a!.shape[d] !== 1) throw new ShapeError(`cannot squeeze axis ${d} of an array of shape ${fmtShape(a!.shape)}: its size is not 1`);
      return withShape(a!, a!.shape.filter((_, i) => !p.dimensions.includes(i)));
    },
    impl: ([a], _p, out) => makeBuffer(out.dtype, out.shape, a!.data),
  } satisfies PrimitiveSpec<DimsParams>,

  expand_dims: {
    shape: ([a], p: DimsParams) => {
      const nd = a!.shape.length + p.dimensions.length;
      const shape: number[] = [];
      let k = 0;
      for (let i = 0; i < nd; i++) shape.push(p.dimensions.includes(i) ? 1 : a!.shape[k++]!);
      if (k !== a!.shape.length || p.dimensions.some((d) => d < 0 || d >= nd))
        throw new ShapeError(`expand_dims dimensions ${fmtShape(p.dimensions)} are invalid for shape ${fmtShape(a!.shape)}`);
      return withShape(a!, shape);
    },
    impl: ([a], _p, out) => makeBuffer(out.dtype, out.shape, a!.data),
  } satisfies PrimitiveSpec<DimsParams>,

  rev: {
    shape: ([a], p: DimsParams) => {
      const nd = a!.shape.length;
      if (new Set(p.dimensions).size !== p.dimensions.length || p.dimensions.some((d) => !Number.isInteger(d) || d < 0 || d >= nd))
        throw new ShapeError(`rev dimensions ${fmtShape(p.dimensions)} are invalid for an array of shape ${fmtShape(a!.shape)}: they must be distinct axes in [0, ${nd})`);
      return a!;
    },
    /** A view with negated strides on the reversed axes. */
    impl: ([a], p: DimsParams, out) => {
      const { strides: st, offset: base } = layoutOf(a!);
      let offset = base;
      const strides = st.map((s, i) => {
        if (!p.dimensions.includes(i) || a!.shape[i] === 0) return s;
        offset += (a!.shape[i]! - 1) * s;
        return -s;
      });
      return view(a!, out.shape, strides, offset);
    },
    views: true,
  } satisfies PrimitiveSpec<DimsParams>,

  slice: {
    shape: ([a], p: SliceParams) => {
      const nd = a!.shape.length;
      const bad = p.start.length !== nd || p.limit.length !== nd || p.strides.length !== nd ||
        p.start.some((s, i) => !Number.isInteger(s) || s < 0 || s > p.limit[i]! || !Number.isInteger(p.limit[i]) || p.limit[i]! > a!.shape[i]! || !Number.isInteger(p.strides[i]) || !(p.strides[i]! >= 1));
      if (bad)
        throw new ShapeError(`slice start ${fmtShape(p.start)}, limit ${fmtShape(p.limit)}, strides ${fmtShape(p.strides)} are invalid for an array of shape ${fmtShape(a!.shape)}`);
      return withShape(a!, p.start.map((s, i) => Math.ceil((p.limit[i]! - s) / p.strides[i]!)));
    },
    /** A view: offset to the start, strides times the steps. */
    impl: ([a], p, out) => {
      const { strides: st, offset: base } = layoutOf(a!);
      const offset = out.shape.some((d) => d === 0) ? base : p.start.reduce((acc, v, i) => acc + v * st[i]!, base);
      return view(a!, out.shape, st.map((v, i) => v * p.strides[i]!), offset);
    },
    views: true,
  } satisfies PrimitiveSpec<SliceParams>,

  pad: {
    shape: ([a, v], p: PadParams) => {
      if (v!.shape.length !== 0) throw new ShapeError(`pad value must be a scalar, got shape ${fmtShape(v!.shape)}`);
      if (v!.dtype !== a!.dtype) throw new TypeError(`pad value dtype ${v!.dtype} must equal the operand's ${a!.dtype}`);
      if (p.config.length !== a!.shape.length)
        throw new ShapeError(`pad config has ${p.config.length} entries for an array of rank ${a!.shape.length}`);
      const shape = a!.shape.map((n, i) => {
        const [lo, hi, interior] = p.config[i]!;
        const d = lo + hi + n + Math.max(0, n - 1) * interior;
        if (![lo, hi, interior].every(Number.isInteger) || interior < 0 || d < 0) throw new ShapeError(`pad config ${JSON.stringify(p.config[i])} is invalid for a dimension of size ${n}`);
        return d;
      });
      return withShape(a!, shape);
    },
    impl: ([a, v], p, out) => {
      const r = makeBuffer(out.dtype, out.shape);
      r.data.fill(v!.data[0]!);
      const ost = stridesOf(out.shape);
      const nd = a!.shape.length;
      const idx = new Array<number>(nd).fill(0);
      for (let i = 0; i < a!.data.length; i++) {
        let o = 0, inside = true;
        for (let k = 0; k < nd; k++) {
          const [lo, , interior] = p.config[k]!;
          const pos = lo + idx[k]! * (interior + 1);
          if (pos < 0 || pos >= out.shape[k]!) inside = false;
          o += pos * ost[k]!;
        }
        if (inside) r.data[o] = a!.data[i]!;
        for (let k = nd - 1; k >= 0; k--) {
          if (++idx[k]! < a!.shape[k]!) break;
          idx[k] = 0;
        }
      }
      return r;
    },
  } satisfies PrimitiveSpec<PadParams>,

  concatenate: {
    shape: (avals, p: ConcatParams) => {
      const [a] = avals;
      if (!a) throw new ShapeError('concatenate needs at least one array');
      const d = p.dimension;
      for (const b of avals) {
        const ok = b.shape.length === a.shape.length && b.shape.every((s, i) => i === d || s === a.shape[i]);
        if (!ok || !Number.isInteger(d) || d < 0 || d >= a.shape.length)
          throw new ShapeError(`concatenate along axis ${d} needs equal shapes off that axis, got ${avals.map((x) => fmtShape(x.shape)).join(', ')}`);
        if (b.dtype !== a.dtype) throw new TypeError(`concatenate needs equal dtypes, got ${avals.map((x) => x.dtype).join(', ')}`);
      }
      const shape = [...a.shape];
      shape[d] = avals.reduce((acc, b) => acc + b.shape[d]!, 0);
      return { shape, dtype: a.dtype, weak: avals.every((b) => b.weak) };
    },
    impl: (bufs, p, out) => {
      const r = makeBuffer(out.dtype, out.shape);
      const outer = sizeOf(out.shape.slice(0, p.dimension));
      const inner = sizeOf(out.shape.slice(p.dimension + 1));
      const rowOut = out.shape[p.dimension]! * inner;
      let col = 0;
      for (const b of bufs) {
        const row = b.shape[p.dimension]! * inner;
        for (let o = 0; o < outer; o++) r.data.set(b.data.subarray(o * row, (o + 1) * row), o * rowOut + col);
        col += row;
      }
      return r;
    },
  } satisfies PrimitiveSpec<ConcatParams>,

  iota: {
    shape: (_avals, p: IotaParams) => {
      checkShape(p.shape, 'iota shape');
      if (!isDType(p.dtype)) throw new TypeError(`iota: dtype must be one of ${DTYPES.join(', ')}, got ${String(p.dtype)}`);
      if (!(Number.isInteger(p.dimension) && p.dimension >= 0 && p.dimension < p.shape.length)) throw new ShapeError(`iota dimension ${p.dimension} is out of range for shape ${fmtShape(p.shape)}`);
      return { shape: [...p.shape], dtype: p.dtype, weak: false };
    },
    impl: (_b, p, out) => {
      const r = makeBuffer(out.dtype, out.shape);
      const inner = sizeOf(p.shape.slice(p.dimension + 1));
      const n = p.shape[p.dimension]!;
      for (let i = 0; i < r.data.length; i++) r.data[i] = castScalar(Math.floor(i / inner) % n, p.dtype);
      return r;
    },
  } satisfies PrimitiveSpec<IotaParams>,
};

