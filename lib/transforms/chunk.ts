/**
 * vmap's `chunkSize` (torch.func.vmap's chunk_size): a large batch is run in chunks, each computed
 * before the next starts, and the results concatenated along their out axes. Batched kernels give the
 * same bits whatever the batch size, so the result is bit-equal to the unchunked one.
 */
import { bind, isNDArray, type NDArray } from '../array/ndarray';
import { canonicalizeAxis } from '../array/shape';
import { flatten, unflatten } from '../pytree';
import { specsPerLeaf, type AxisSpec } from './axis-spec';
import { VmapError } from './errors';
import { dependsOnTrace } from './graph';

/** Slices `x` to [start, stop) along `axis`. */
const sliceAlong = (x: NDArray, axis: number, start: number, stop: number): NDArray =>
  bind('slice', [x], {
    start: x.shape.map((_, d) => (d === axis ? start : 0)),
    limit: x.shape.map((s, d) => (d === axis ? stop : s)),
    strides: x.shape.map(() => 1),
  });

/**
 * Runs `batched` (a vmap of the same function, for a given axis size) over chunks of at most
 * `chunkSize` examples; returns undefined when chunking does not apply (small batch, or traced inputs
 * that cannot be computed chunk by chunk).
 */
export function chunkedCall(
  args: unknown[],
  inAxes: AxisSpec,
  outAxes: AxisSpec,
  chunkSize: number,
  batched: (size: number) => (...a: unknown[]) => unknown,
): { value: unknown } | undefined {
  const perArg = Array.isArray(inAxes) ? inAxes : args.map(() => inAxes);
  if (perArg.length !== args.length) return undefined; // vmap reports the mismatch
  const [leaves, def] = flatten(args);
  const specs = specsPerLeaf(perArg, args, 'vmap in_axes');
  const mapped = leaves.flatMap((l, i) => (specs[i] !== null && isNDArray(l) ? [{ i, x: l, axis: canonicalizeAxis(specs[i]!, l.ndim) }] : []));
  if (mapped.length === 0) return undefined;
  const n = mapped[0]!.x.shape[mapped[0]!.axis]!;
  if (n <= chunkSize || mapped.some((m) => m.x.shape[m.axis] !== n) || mapped.some((m) => dependsOnTrace(m.x))) return undefined;
  const outs: unknown[][] = [];
  let outDef: ReturnType<typeof flatten>[1] | undefined;
  let specsOut: (number | null)[] = [];
  for (let start = 0; start < n; start += chunkSize) {
    const stop = Math.min(n, start + chunkSize);
    const chunkLeaves = [...leaves];
    for (const m of mapped) chunkLeaves[m.i] = sliceAlong(m.x, m.axis, start, stop);
    const out = batched(stop - start)(...(unflatten(def, chunkLeaves) as unknown[]));
    const [ol, od] = flatten(out);
    if (!outDef) {
      outDef = od;
      specsOut = specsPerLeaf(outAxes, out, 'vmap out_axes');
    }
    for (const leaf of ol) if (isNDArray(leaf)) leaf.buffer(); // compute this chunk before the next
    outs.push(ol);
  }
  const joined = outs[0]!.map((first, k) => {
    const spec = specsOut[k]!;
    if (spec === null || !isNDArray(first)) return first;
    const axis = canonicalizeAxis(spec, first.ndim);
    return bind('concatenate', outs.map((o) => o[k] as NDArray), { dimension: axis });
  });
  return { value: unflatten(outDef!, joined) };
}

/** Checks the chunkSize option. */
export function checkChunkSize(chunkSize: unknown, axisName: unknown): void {
  if (chunkSize === undefined) return;
  if (!(typeof chunkSize === 'number' && Number.isInteger(chunkSize) && chunkSize >= 1))
    throw new VmapError(`vmap chunkSize must be a positive integer, got ${String(chunkSize)}`);
  if (axisName !== undefined)
    throw new VmapError('vmap chunkSize cannot be combined with axisName: collectives need the whole mapped axis at once');
}

