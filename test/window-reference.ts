/** Shared by the window tests: seeded data, random window configurations, the nested-loop definition, the per-example loop. */
import { lax, np, type DType, type NDArray } from '../lib';

export function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
export const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
/** Small integers (ties likely) or arbitrary floats. */
export function arr(shape: number[], seed: number, dtype: DType = 'float64', ties = true): NDArray {
  const r = prng(seed);
  const data = Array.from({ length: sizeOf(shape) }, () => (ties ? int(r, -4, 4) : r() * 4 - 2));
  return np.array({
    data: dtype === 'float32' ? Float32Array.from(data) : dtype === 'int32' ? Int32Array.from(data) : Float64Array.from(data),
    shape,
  });
}
export const bits = (x: NDArray) => ({ shape: x.shape, dtype: x.dtype, data: Array.from(x.data() as ArrayLike<number>) });

export interface Cfg {
  shape: number[];
  window: number[];
  strides: number[];
  padding: [number, number][];
  baseDilation: number[];
  windowDilation: number[];
}
export function randomCfg(seed: number, rank?: number): Cfg {
  const r = prng(seed);
  const nd = rank ?? int(r, 1, 4);
  const each = <T>(f: () => T): T[] => Array.from({ length: nd }, f);
  const c: Cfg = {
    shape: each(() => (r() < 0.08 ? 0 : int(r, 1, nd > 2 ? 4 : 6))),
    window: each(() => int(r, 1, 3)),
    strides: each(() => int(r, 1, 3)),
    padding: each(() => [int(r, 0, 2), int(r, 0, 2)] as [number, number]),
    baseDilation: each(() => (r() < 0.3 ? 2 : 1)),
    windowDilation: each(() => (r() < 0.3 ? 2 : 1)),
  };
  // a third of the time the last dimension is left alone (as pooling leaves the features): the
  // kernels' vector path over the trailing block
  if (nd > 1 && r() < 0.35) {
    c.window[nd - 1] = c.strides[nd - 1] = c.baseDilation[nd - 1] = 1;
    c.padding[nd - 1] = [0, 0];
  }
  return c;
}
export const dil = (n: number, k: number) => (n === 0 ? 0 : 1 + k * (n - 1));
export function multiIndices(shape: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of shape) out = out.flatMap((p) => Array.from({ length: n }, (_, i) => [...p, i]));
  return out;
}
/** The definition: every output's window as flat operand indices, in row-major window order, padding and holes skipped. */
export function naiveWindows(c: Cfg): { outShape: number[]; windows: number[][] } {
  const outShape = c.shape.map((n, d) => {
    const padded = dil(n, c.baseDilation[d]!) + c.padding[d]![0] + c.padding[d]![1],
      w = dil(c.window[d]!, c.windowDilation[d]!);
    return padded < w ? 0 : Math.floor((padded - w) / c.strides[d]!) + 1;
  });
  const ks = multiIndices(c.window);
  const windows = multiIndices(outShape).map((o) =>
    ks.flatMap((k) => {
      let flat = 0;
      for (let d = 0; d < c.shape.length; d++) {
        const pos = o[d]! * c.strides[d]! + k[d]! * c.windowDilation[d]! - c.padding[d]![0];
        if (pos < 0 || pos >= dil(c.shape[d]!, c.baseDilation[d]!) || pos % c.baseDilation[d]!) return [];
        flat = flat * c.shape[d]! + pos / c.baseDilation[d]!;
      }
      return [flat];
    }),
  );
  return { outShape, windows };
}
export type Comp = 'add' | 'max' | 'min';
export const comps = { add: lax.add, max: lax.max, min: lax.min };
export const ident = { add: 0, max: -Infinity, min: Infinity };
export function naiveReduce(x: NDArray, c: Cfg, comp: Comp) {
  const v = Array.from(x.data() as ArrayLike<number>);
  const round = x.dtype === 'float32' ? Math.fround : (a: number) => a;
  const id = x.dtype === 'int32' ? { add: 0, max: -2147483648, min: 2147483647 }[comp] : ident[comp];
  const f = { add: (a: number, b: number) => round(a + b), max: Math.max, min: Math.min }[comp];
  const { outShape, windows } = naiveWindows(c);
  return { shape: outShape, dtype: x.dtype, data: windows.map((w) => w.reduce((acc, i) => f(acc, v[i]!), id)) };
}
/** The first element of each window that no later one beats strictly (a NaN beats everything). */
export const naiveSelect = (v: number[], w: number[], sign: 1 | -1) =>
  w.reduce((at, i) => (at < 0 || sign * v[i]! > sign * v[at]! || (Number.isNaN(v[i]!) && !Number.isNaN(v[at]!)) ? i : at), -1);
export const rw = (c: Cfg, comp: Comp, init?: number) => (x: NDArray) =>
  lax.reduceWindow(x, init ?? ident[comp], comps[comp], c.window, c.strides, c.padding, c.baseDilation, c.windowDilation);

/** The per-example loop: slice every mapped argument along its axis, call f, stack on axis 0. */
export function loop(f: (...a: NDArray[]) => NDArray, args: NDArray[], axes: (number | null)[], n: number): NDArray {
  const take = (a: NDArray, ax: number, i: number) =>
    lax.squeeze(
      lax.slice(
        a,
        a.shape.map((_, d) => (d === ax ? i : 0)),
        a.shape.map((s, d) => (d === ax ? i + 1 : s)),
      ),
      [ax],
    );
  return np.stack(Array.from({ length: n }, (_, i) => f(...args.map((a, k) => (axes[k] === null ? a : take(a, axes[k]!, i))))));
}
export const withAxis = (shape: number[], ax: number, n: number) => [...shape.slice(0, ax), n, ...shape.slice(ax)];
