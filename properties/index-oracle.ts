/**
 * A host (plain JS loops) reference for numpy indexing, written from numpy's rules and not from
 * lib/numpy: for every element of x[index] (row-major) the flat position in x it reads, or null when
 * an integer-array entry is out of bounds in a 'fill'/'drop' mode. Slices follow Python's
 * `slice.indices`; integers count as advanced when arrays are present; the advanced dimensions go
 * where the first advanced entry is when the advanced entries are adjacent as written, else first.
 * The generator's arrays are 0-d or 1-d of one length, so broadcasting them is simple.
 */
import type { Mode } from '../lib/array/index-types';
import type { IndexDraw } from './index-cases';

/** Python's `range(*slice(start, stop, step).indices(n))`. */
function pySliceIndices(start: number | null | undefined, stop: number | null | undefined, step: number | null | undefined, n: number): number[] {
  const st = step ?? 1;
  const lower = st < 0 ? -1 : 0,
    upper = st < 0 ? n - 1 : n;
  const fix = (v: number | null | undefined, dflt: number) => {
    if (v === null || v === undefined) return dflt;
    const w = v < 0 ? v + n : v;
    return w < lower ? lower : w > upper ? upper : w;
  };
  const a = fix(start, st < 0 ? upper : lower),
    b = fix(stop, st < 0 ? lower : upper);
  const out: number[] = [];
  for (let i = a; st > 0 ? i < b : i > b; i += st) out.push(i);
  return out;
}

type Slot =
  | { t: 'basic'; axis: number; positions: number[] } // a slice: a result dimension
  | { t: 'new' }
  | { t: 'int'; axis: number; v: number; pos: number }
  | { t: 'arr'; axis: number; values: number[]; pos: number }; // 0-d when values.length === 1 and scalar

/** The flat positions x[index] reads; `arrays` are the integer-array arguments' values in order. */
export function hostPositions(d: IndexDraw, arrays: readonly (readonly number[])[], mode: Mode): { shape: number[]; positions: (number | null)[] } {
  const { shape } = d;
  const consumed = d.entries.filter((e) => e.kind !== 'newaxis' && e.kind !== 'ellipsis').length;
  const slots: Slot[] = [];
  const scalarArr: boolean[] = [];
  let axis = 0,
    pos = 0,
    k = 0;
  for (const e of d.entries) {
    if (e.kind === 'ellipsis') for (let i = 0; i < shape.length - consumed; i++, axis++) slots.push({ t: 'basic', axis, positions: pySliceIndices(null, null, null, shape[axis]!) });
    else if (e.kind === 'newaxis') slots.push({ t: 'new' });
    else if (e.kind === 'int') slots.push({ t: 'int', axis: axis++, v: e.v, pos });
    else if (e.kind === 'whole') slots.push({ t: 'basic', axis, positions: pySliceIndices(null, null, null, shape[axis++]!) });
    else if (e.kind === 'slice') slots.push({ t: 'basic', axis, positions: pySliceIndices(e.s.start, e.s.stop, e.s.step, shape[axis++]!) });
    else if (e.kind === 'mask') {
      slots.push({ t: 'arr', axis: axis++, values: e.bits.flatMap((b, i) => (b ? [i] : [])), pos });
      scalarArr.push(false);
    } else {
      slots.push({ t: 'arr', axis: axis++, values: [...arrays[k++]!], pos });
      scalarArr.push(e.scalar);
    }
    pos++;
  }
  for (; axis < shape.length; axis++) slots.push({ t: 'basic', axis, positions: pySliceIndices(null, null, null, shape[axis]!) });

  const hasArr = slots.some((s) => s.t === 'arr');
  const adv = slots.filter((s): s is Extract<Slot, { t: 'int' | 'arr' }> => hasArr && (s.t === 'arr' || s.t === 'int'));
  const advLen = scalarArr.every(Boolean) ? null : d.m; // the broadcast shape: [] or [m]
  const advDims = advLen === null ? [] : [advLen];
  const adjacent = adv.every((s, i) => i === 0 || s.pos === adv[i - 1]!.pos + 1);
  // result dimensions: each a slice slot, a new axis or the advanced block
  type Dim = { kind: 'slot'; slot: Slot } | { kind: 'adv' };
  const dims: Dim[] = [];
  if (hasArr && !adjacent) dims.push({ kind: 'adv' });
  for (const s of slots) {
    if (hasArr && adjacent && s === adv[0]) dims.push({ kind: 'adv' });
    if (s.t === 'basic' || s.t === 'new') dims.push({ kind: 'slot', slot: s });
  }
  const outShape = dims.flatMap((dm) => (dm.kind === 'adv' ? advDims : dm.slot.t === 'basic' ? [dm.slot.positions.length] : [1]));
  const strides = shape.map((_, a) => shape.slice(a + 1).reduce((p, q) => p * q, 1));
  const total = outShape.reduce((p, q) => p * q, 1);
  const positions: (number | null)[] = [];
  for (let flat = 0; flat < total; flat++) {
    // unravel the result index
    const idx: number[] = [];
    let r = flat;
    for (let i = outShape.length - 1; i >= 0; i--) {
      idx[i] = r % outShape[i]!;
      r = Math.floor(r / outShape[i]!);
    }
    let at = 0,
      ok = true,
      di = 0,
      advI = 0;
    for (const dm of dims) {
      if (dm.kind === 'adv') advI = advDims.length ? idx[di++]! : 0;
      else {
        if (dm.slot.t === 'basic') at += dm.slot.positions[idx[di]!]! * strides[dm.slot.axis]!;
        di++;
      }
    }
    for (const s of slots) {
      if (s.t === 'int' && !hasArr) at += (s.v < 0 ? s.v + shape[s.axis]! : s.v) * strides[s.axis]!;
      if (s.t !== 'arr' && !(s.t === 'int' && hasArr)) continue;
      const n = shape[s.axis]!;
      let c = s.t === 'int' ? s.v : s.values.length === 1 && advDims.length ? s.values[0]! : s.values[advI]!;
      if (c < 0) c += n;
      if (c < 0 || c >= n) {
        if (mode === 'fill' || mode === 'drop') ok = false;
        c = c < 0 ? 0 : n - 1;
      }
      at += c * strides[s.axis]!;
    }
    positions.push(ok ? at : null);
  }
  return { shape: outShape, positions };
}
