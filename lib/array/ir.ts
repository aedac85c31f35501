/** The IR's vocabulary: abstract values, storage buffers and the shape of a primitive's spec. */
import type { DType, TypedArray } from './dtype';
import type { Shape } from './shape';

/** What is known of an array without computing it (JAX's ShapedArray). */
export interface AbstractValue {
  readonly shape: Shape;
  readonly dtype: DType;
  /** Born from a JS number: promotes like JAX's weakly typed scalars. */
  readonly weak: boolean;
}

/**
 * A computed array: a flat typed buffer plus its shape, row-major and contiguous unless `strides`
 * is set — then it is a view: element idx is `data[offset + Σ idx_k * strides[k]]`.
 */
export interface Buffer {
  readonly dtype: DType;
  readonly shape: Shape;
  readonly data: TypedArray;
  readonly strides?: readonly number[];
  readonly offset?: number;
}

/**
 * One primitive's definition for evaluation: `shape` is its abstract-eval rule (it validates the
 * inputs and says what the output will be), `impl` its kernel over flat buffers.
 */
export interface PrimitiveSpec<P = any> {
  readonly shape: (avals: readonly AbstractValue[], params: P) => AbstractValue;
  readonly impl: (inputs: readonly Buffer[], params: P, out: AbstractValue) => Buffer;
  /** The kernel reads strided views itself; other kernels get contiguous inputs. */
  readonly views?: boolean;
}


/**
 * A closed program held in a higher-order primitive's params (a loop body, a branch): its inputs
 * are all explicit (captured values were hoisted into the node's inputs), so every transform can
 * rewrite it without looking outside.
 */
export interface SubProgram {
  readonly argAvals: readonly AbstractValue[];
  readonly outAvals: readonly AbstractValue[];
  /** The vmap levels of the collectives it calls, at any depth (those vmaps must batch it). */
  readonly levels: readonly number[];
  /** Runs it on computed buffers (compiled on first call, then reused). */
  run(args: readonly Buffer[]): Buffer[];
}

/** The value of a multi-output node (cond, while, scan): no data of its own, its outputs in `parts`. */
export interface TupleBuffer extends Buffer {
  readonly parts: readonly Buffer[];
}
