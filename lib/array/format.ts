/** numpy-style printing: `[[1. 2.]\n [3. 4.]]`, right-aligned columns, True/False for bools, summaries of large arrays. */
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
  if (dtype === 'int32' || dtype === 'uint32') return String(v);
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
function formatAll(data: ArrayLike<number>, dtype: Buffer['dtype']): string[] {
  const floats = dtype === 'float32' || dtype === 'float64';
  // a loop, not Math.max(...mags): spreading a large array overflows the call stack
  let maxMag = 0;
  let minMag = Infinity;
  if (floats)
    for (let i = 0; i < data.length; i++) {
      const m = Math.abs(data[i]!);
      if (m > 0 && Number.isFinite(m)) [maxMag, minMag] = [Math.max(maxMag, m), Math.min(minMag, m)];
    }
  const sci = maxMag > 0 && (maxMag >= 1e16 || minMag < 1e-4);
  let raw = Array.from(data, (v) => (floats ? arrayFloatText(v, dtype, sci) : scalarText(v, dtype)));
  const width = (xs: string[]) => xs.reduce((w, s) => Math.max(w, s.length), 0);
  if (sci) {
    // numpy gives every mantissa the fraction digits of the longest: [0.00e+00 1.25e-05]
    const digits = width(raw.map((s) => (s.includes('e') ? (s.split('e')[0]!.split('.')[1] ?? '') : '')));
    const exp = (v: number) => v.toExponential(digits).replace(/^(-?\d)e/, '$1.e').replace(/e([+-])(\d)$/, 'e$10$2');
    raw = Array.from(data, (v) => (Number.isFinite(v) ? exp(v) : scalarText(v, dtype)));
  }
  if (!floats || sci) {
    const w = width(raw);
    return raw.map((s) => s.padStart(w));
  }
  // split on the point: integral values print as "1.", fractions are left-aligned after the point
  const parts = raw.map((s) => (/^-?\d+$/.test(s) ? [s, ''] : s.includes('.') ? s.split('.') : [s, null]));
  const wi = width(parts.map(([i, f]) => (f === null ? '' : i!)));
  const wf = width(parts.map(([, f]) => f ?? ''));
  return parts.map(([i, f], k) => {
    if (f === null) return raw[k]!.padStart(wi + 1 + wf);
    return `${i!.padStart(wi)}.${(f ?? '').padEnd(wf)}`;
  });
}

/** numpy's print options: arrays of more than `threshold` elements show `edgeItems` at each end of every long axis. */
export interface PrintOptions {
  readonly threshold: number;
  readonly edgeItems: number;
}
export const printOptions: PrintOptions = { threshold: 1000, edgeItems: 3 };

/** The indices shown along an axis of length n; -1 marks the `...`. */
function shownIndices(n: number, summarise: boolean, edge: number): number[] {
  const all = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  return summarise && n > 2 * edge ? [...all(0, edge), -1, ...all(n - edge, n)] : all(0, n);
}

/**
 * numpy's `str(x)`: `[[1. 2.]\n [3. 4.]]`, columns aligned over the shown elements, and (like
 * numpy's summarisation) only the first and last `edgeItems` along each long axis of a large array.
 */
export function formatBuffer(buf: Buffer, opts: PrintOptions = printOptions): string {
  const { shape, dtype } = buf;
  const data = buf.data;
  if (shape.length === 0) {
    const s = scalarText(data[0]!, dtype);
    return dtype.startsWith('float') && /^-?\d+$/.test(s) ? `${s}.0` : s;
  }
  if (data.length === 0) return '[]';
  const nd = shape.length;
  const axes = shape.map((n) => shownIndices(n, data.length > opts.threshold, opts.edgeItems));
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const shown: number[] = [];
  const gather = (d: number, off: number): void => {
    for (const i of axes[d]!) {
      if (i < 0) continue;
      if (d === nd - 1) shown.push(data[off + i]!);
      else gather(d + 1, off + i * strides[d]!);
    }
  };
  gather(0, 0);
  const cells = formatAll(shown, dtype);
  let k = 0;
  const build = (d: number): string => {
    const items = axes[d]!.map((i) => (i < 0 ? '...' : d === nd - 1 ? cells[k++]! : build(d + 1)));
    const sep = d === nd - 1 ? ' ' : '\n'.repeat(nd - 1 - d) + ' '.repeat(d + 1);
    return `[${items.join(sep)}]`;
  };
  return build(0);
}
