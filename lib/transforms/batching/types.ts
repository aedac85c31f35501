/** The vocabulary of batching rules (Autodidax's BatchTracer as plain pairs). */
import { bind, type NDArray } from '../../array/ndarray';
import { moveAxisPerm, range } from '../../array/shape';
import type { AxisFrame } from '../trace';

/** A value in a batched program: the full array and where its batch axis is (null: not mapped). */
export interface Batched {
  readonly x: NDArray;
  readonly bdim: number | null;
}

/** What a rule knows of the vmap it runs under. */
export interface BatchContext {
  readonly size: number;
  readonly frame: AxisFrame;
}

export type BatchRule = (ctx: BatchContext, args: readonly Batched[], params: any) => Batched;

/**
 * The one helper every rule leans on: puts the batch axis of `x` at `dst`, broadcasting an
 * unmapped value to the axis size, or transposing a mapped one (nothing when it is already there).
 */
export function moveBatchAxis(size: number, src: number | null, dst: number, x: NDArray): NDArray {
  if (src === null) {
    const shape = [...x.shape];
    shape.splice(dst, 0, size);
    const dims = range(x.ndim).map((d) => (d < dst ? d : d + 1));
    return bind('broadcast_in_dim', [x], { shape, broadcastDimensions: dims });
  }
  if (src === dst) return x;
  return bind('transpose', [x], { permutation: moveAxisPerm(x.ndim, src, dst) });
}

export const atFront = (ctx: BatchContext, b: Batched): NDArray => moveBatchAxis(ctx.size, b.bdim, 0, b.x);

/** Position of a per-example axis `d` once the batch axis sits at `bdim`. */
export const shiftAxis = (d: number, bdim: number): number => (d < bdim ? d : d + 1);

export const mapped = (x: NDArray, bdim: number): Batched => ({ x, bdim });
