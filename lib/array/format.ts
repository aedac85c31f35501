/** numpy-style printing: `[[1. 2.]\n [3. 4.]]`, right-aligned columns, True/False for bools. */
import type { Buffer } from './ir';

/** Shortest decimal that reads back to the same float32. */
function shortestFloat32(v: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

function scalarText(v: number, dtype: Buffer['dtype']): string {
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (dtype === 'int32') return String(v);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return dtype === 'float32' ? shortestFloat32(v) : String(v);
}

/** numpy's default: at most 8 fraction digits in arrays, scientific when magnitudes are extreme. */
function arrayFloatText(v: number, dtype: Buffer['dtype'], sci: boolean): string {
  if (!Number.isFinite(v)) return scalarText(v, dtype);
  if (sci) return v.toExponential(8).replace(/\.?0+e/, 'e').replace(/e([+-])(\d)$/, 'e$10$2');
  const s = scalarText(v, dtype);
  const frac = s.split('.')[1];
  return frac !== undefined && frac.length > 8 ? String(Number(v.toFixed(8))) : s;
}

/** Formats every element so columns align the way numpy's array2string does for these cases. */
function formatAll(buf: Buffer): string[] {
  const floats = buf.dtype === 'float32' || buf.dtype === 'float64';
  const mags = floats ? Array.from(buf.data, Math.abs).filter((m) => m > 0 && Number.isFinite(m)) : [];
  const sci = mags.length > 0 && (Math.max(...mags) >= 1e16 || Math.min(...mags) < 1e-4);
  const raw = Array.from(buf.data, (v) => (floats ? arrayFloatText(v, buf.dtype, sci) : scalarText(v, buf.dtype)));
  if (!floats) {
    const w = Math.max(0, ...raw.map((s) => s.length));
    return raw.map((s) => s.padStart(w));
  }
  const usesExp = raw.some((s) => s.includes('e'));
  if (usesExp) {
    const w = Math.max(0, ...raw.map((s) => s.length));
    return raw.map((s) => s.padStart(w));
  }
  // split on the point: integral values print as "1.", fractions are left-aligned after the point
  const parts = raw.map((s) => (/^-?\d+$/.test(s) ? [s, ''] : s.includes('.') ? s.split('.') : [s, null]));
  const wi = Math.max(0, ...parts.map(([i, f]) => (f === null ? 0 : i!.length)));
  const wf = Math.max(0, ...parts.map(([, f]) => (f ? f.length : 0)));
  return parts.map(([i, f], k) => {
    if (f === null) return raw[k]!.padStart(wi + 1 + wf);
    return `${i!.padStart(wi)}.${(f ?? "").padEnd(wf)}`;
  });
}

export function formatBuffer(buf: Buffer): string {
  const { shape } = buf;
  if (shape.length === 0) {
    const v = buf.data[0]!;
    const s = scalarText(v, buf.dtype);
    return buf.dtype.startsWith('float') && /^-?\d+$/.test(s) ? `${s}.0` : s;
  }
  if (buf.data.length === 0) return '[]';
  const cells = formatAll(buf);
  let k = 0;
  const nd = shape.length;
  const build = (d: number): string => {
    const items: string[] = [];
    for (let i = 0; i < shape[d]!; i++) items.push(d === nd - 1 ? cells[k++]! : build(d + 1));
    const sep = d === nd - 1 ? ' ' : '\n'.repeat(nd - 1 - d) + ' '.repeat(d + 1);
    return `[${items.join(sep)}]`;
  };
  return build(0);
}
