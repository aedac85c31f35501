/**
 * The fuzzer's command line: `npx tsx fuzz/run.ts --count 100000` (or `npm run fuzz -- --count N`).
 *
 *   --count N        programs to check (default 100000)
 *   --seed S         first seed (default: random); chunk k runs with seed S + k
 *   --chunk N        programs per fast-check run (default 1000)
 *   --kind K         only one check: jit | vmap | nested | jvp | vjp | vmap-grad | jit-grad
 *                    (default: a mix of all; the last four are the differentiation kinds, ./ad.ts)
 *   --max-steps N    ops per program (default 8)
 *   --avoid-known-bugs  leave out the pattern of the (fixed) jit-collective bug (see fuzz/check.ts)
 *   --keep-going     do not stop at the first failing chunk
 *   --replay S:PATH  replay one counterexample (the seed and path a failure report prints; pass the
 *                    same --kind, --max-steps and --avoid-known-bugs as the run that found it)
 *
 * Prints progress per chunk, then the counts (programs per check, ops per template) and every
 * failure with its shrunk counterexample. Exits with status 1 when something failed.
 */
import fc from 'fast-check';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AD_KINDS, adCaseArb, type AdKind } from './ad';
import { adProperty, checkAdCase } from './ad-check';
import { checkCase, fuzzCaseArb, fuzzProperty, newStats, type CheckKind, type FuzzOptions, type Stats } from './check';

export type RunKind = CheckKind | AdKind;
const KINDS: readonly RunKind[] = ['jit', 'vmap', 'nested', ...AD_KINDS];

export interface RunOptions extends Omit<FuzzOptions, 'kind'> {
  readonly kind?: RunKind;
  readonly count: number;
  readonly seed: number;
  readonly chunk: number;
  readonly keepGoing: boolean;
  readonly replay?: { readonly seed: number; readonly path: string };
}

export interface RunResult {
  readonly stats: Stats;
  readonly failures: readonly string[];
  readonly ms: number;
}

export function parseArgs(argv: readonly string[]): RunOptions {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const int = (flag: string, dflt: number): number => {
    const s = get(flag);
    if (s === undefined) return dflt;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} takes a non-negative integer, got ${s}`);
    return n;
  };
  const kind = get('--kind');
  if (kind !== undefined && !(KINDS as readonly string[]).includes(kind)) throw new Error(`--kind takes ${KINDS.join(', ')}, got ${kind}`);
  const replay = get('--replay');
  let rep: RunOptions['replay'];
  if (replay !== undefined) {
    const m = /^(-?\d+):([\d:]+)$/.exec(replay);
    if (!m) throw new Error(`--replay takes SEED:PATH as printed in a failure report, got ${replay}`);
    rep = { seed: Number(m[1]), path: m[2]! };
  }
  return {
    count: int('--count', 100_000),
    seed: int('--seed', Math.floor(Math.random() * 2 ** 31)),
    chunk: Math.max(1, int('--chunk', 1000)),
    maxSteps: int('--max-steps', 8),
    avoidKnownBugs: argv.includes('--avoid-known-bugs'),
    keepGoing: argv.includes('--keep-going'),
    ...(kind ? { kind: kind as RunKind } : {}),
    ...(rep ? { replay: rep } : {}),
  };
}

/** Runs the fuzzer; `log` receives progress lines. */
export function runFuzz(opts: RunOptions, log: (line: string) => void = () => {}): RunResult {
  const stats = newStats();
  const failures: string[] = [];
  const t0 = performance.now();
  const property = propertyFor(opts, stats);
  if (opts.replay) {
    const r = fc.check(property, { seed: opts.replay.seed, path: opts.replay.path, endOnFailure: true });
    if (r.failed) failures.push(report(r));
    return { stats, failures, ms: performance.now() - t0 };
  }
  for (let done = 0, k = 0; done < opts.count; k++) {
    const n = Math.min(opts.chunk, opts.count - done);
    const seed = (opts.seed + k) | 0;
    const r = fc.check(property, { numRuns: n, seed });
    done += n;
    const sec = (performance.now() - t0) / 1000;
    log(`${done}/${opts.count} programs (seed ${seed}) in ${sec.toFixed(1)} s, ${(stats.programs / Math.max(sec, 1e-9)).toFixed(0)} checks/s${r.failed ? '  FAILED' : ''}`);
    if (r.failed) {
      failures.push(report(r));
      if (!opts.keepGoing) break;
    }
  }
  return { stats, failures, ms: performance.now() - t0 };
}

/** One kind's property, or the mix: transform checks (./check.ts) and differentiation checks (./ad.ts). */
function propertyFor(opts: RunOptions, stats: Stats): fc.IPropertyWithHooks<[unknown]> {
  const maxSteps = opts.maxSteps ?? 8;
  const fuzz: FuzzOptions = { avoidKnownBugs: opts.avoidKnownBugs ?? false, maxSteps };
  const kind = opts.kind;
  if (kind && (AD_KINDS as readonly string[]).includes(kind)) return adProperty(kind as AdKind, maxSteps, stats) as fc.IPropertyWithHooks<[unknown]>;
  if (kind) return fuzzProperty({ ...fuzz, kind: kind as CheckKind }, stats) as fc.IPropertyWithHooks<[unknown]>;
  const mixed = fc.oneof(
    { arbitrary: fuzzCaseArb(fuzz).map((c) => () => checkCase(c, undefined, stats)), weight: 4 },
    { arbitrary: adCaseArb(undefined, maxSteps).map((c) => () => checkAdCase(c, stats)), weight: 3 },
  );
  return fc.property(mixed, (check) => {
    const m = check();
    if (m !== null) throw new Error(m);
  }) as fc.IPropertyWithHooks<[unknown]>;
}

function report(r: fc.RunDetails<[unknown]>): string {
  const message = r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance);
  return [
    `counterexample after ${r.numRuns} runs, shrunk ${r.numShrinks} times (replay: --replay ${r.seed}:${r.counterexamplePath ?? ''})`,
    message,
  ].join('\n');
}

export function summary(res: RunResult): string {
  const { stats } = res;
  const byKind = Object.entries(stats.byKind).sort((a, b) => b[1] - a[1]);
  const ops = Object.entries(stats.ops).sort((a, b) => b[1] - a[1]);
  return [
    `checked ${stats.programs} programs (${stats.steps} ops${res.failures.length ? ', shrinking included' : ''}) in ${(res.ms / 1000).toFixed(1)} s`,
    ...byKind.map(([k, n]) => `  ${k}: ${n}`),
    `ops per template (${ops.length} templates): ${ops.map(([k, n]) => `${k} ${n}`).join(', ')}`,
    res.failures.length === 0 ? 'no disagreement found' : `${res.failures.length} failure(s):\n\n${res.failures.join('\n\n')}`,
  ].join('\n');
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const opts = parseArgs(process.argv.slice(2));
  console.log(`fuzz: ${opts.replay ? `replaying ${opts.replay.seed}:${opts.replay.path}` : `${opts.count} programs from seed ${opts.seed}`}${opts.kind ? `, ${opts.kind} only` : ''}`);
  const res = runFuzz(opts, (line) => console.log(line));
  console.log(summary(res));
  process.exitCode = res.failures.length === 0 ? 0 : 1;
}
