/** The vocabulary of batching rules (Autodidax's BatchTracer as plain pairs). */
import { bind, type NDArray } from '../../array/ndarray';
import { moveAxisPerm, range } from '../../array/shape';
import type { SubProgram } from '../../array/ir';
import type { AxisFrame } from '../trace';

/** A value in a batched program: the full array and where its batch axis is (null: not mapped). */
export interface Batched {
  readonly x: NDArray;
  readonly bdim: number | null;
}

/** The vmap a graph is batched under. */
export interface BatchAxis {
  readonly size: number;
  readonly frame: AxisFrame;
}

/** A sub-program batched by the driver: its batch axes are at 0 (in and out) or absent. */
export interface BatchedProgram {
  readonly program: SubProgram;
  /** Captured values of the batched program: extra inputs after the original ones. */
  readonly consts: readonly NDArray[];
  readonly outBatched: readonly boolean[];
}

/** What a rule knows of the vmap it runs under, and the driver's recursion into sub-programs. */
export interface BatchContext extends BatchAxis {
  /** Batches `prog` given which arguments are batched; outputs in `forceOut` come out batched even if they need not. */
  readonly batchProgram: (prog: SubProgram, inBatched: readonly boolean[], forceOut?: readonly boolean[]) => BatchedProgram;
}

export type BatchRule = (ctx: BatchContext, args: readonly Batched[], params: any) => Batched;
/** A multi-output primitive's rule: one batched value per output. */
export type MultiBatchRule = (ctx: BatchContext, args: readonly Batched[], params: any) => Batched[];

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
