/** What every bench module shares: a result row, the timing helper's type, and millisecond text. */
export interface Row {
  case: string;
  measured: string;
  ratio: string;
  target: string;
  ok: boolean | null;
}
export type Median = (f: () => void, runs?: number) => number;
export const ms = (x: number): string => `${x.toFixed(x < 1 ? 3 : 1)} ms`;

/** Medians of f's and g's times over runs taken in turns (f, g, f, g, ...) after a warm-up of each. */
export function interleavedMedians(f: () => void, g: () => void, runs = 11): [number, number] {
  f();
  g();
  const tf: number[] = [], tg: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    f();
    tf.push(performance.now() - t0);
    t0 = performance.now();
    g();
    tg.push(performance.now() - t0);
  }
  const mid = (t: number[]) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!;
  return [mid(tf), mid(tg)];
}
