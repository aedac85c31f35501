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
