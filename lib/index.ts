/**
 * vmap-ts: JAX's vmap for TypeScript. Arrays are immutable lazy expression graphs over flat typed
 * buffers (mathjs matrices at the edges); vmap is a graph transform with one batching rule per primitive.
 * @module vmap-ts
 */
export { NDArray, TracerValueError } from './array/ndarray';
export type { DType } from './array/dtype';
export type { ArrayLike, ShapedData } from './array/create';
export { ShapeError } from './array/shape';
export { np, linalg } from './numpy';
export { nn, type GeluOptions, type AttentionOptions, type OneHotOptions, type StandardizeOptions, type PoolOptions, type AvgPoolOptions } from './nn';
export { special } from './special/namespace';
export * as lax from './lax';
export * as random from './random';
export * as tree from './pytree';
export { vmap, type VmapOptions, type AxisSpec } from './transforms/vmap';
export { VmapError } from './transforms/errors';
export { allGather, allToAll, axisIndex, axisSize, CollectiveError, pmax, pmean, pmin, ppermute, psum, psumScatter, type AxisName } from './collectives';
export { grad, valueAndGrad, jvp, vjp, jacfwd, jacrev, hessian, type GradOptions, type JacOptions } from './transforms/grad';
export { GradError } from './transforms/autodiff';
export { customJvp, customVjp, type CustomJvpFunction, type CustomOptions, type CustomVjpFunction } from './transforms/custom/api';
export { jit, JitError, type JitOptions } from './transforms/jit';
export { inspect, toDot } from './transforms/jit/inspect';
export { threadCount, threadsReady, useThreads } from './array/threads';
export { fmaActive, fmaAvailable, useFma } from './array/wasm';
export { IndexError, NonConcreteBooleanIndexError } from './numpy/index-parse';
export type { AtRef, AtOptions, IndexEntry, IndexOptions, IndexArgs, Slice, Mode } from './array/index-types';
export type { AnyFn, AxisSpecFor, InAxesFor, OutAxesFor, VmapOptionsFor, CheckedVmapOptions } from './transforms/vmap';
export {
  vmapWith,
  gradWith,
  valueAndGradWith,
  jitWith,
  jacfwdWith,
  jacrevWith,
  hessianWith,
  jvpAt,
  vjpAt,
  type VmappedWith,
  type VmapOptionsMismatch,
  type GradOf,
  type GradResult,
  type ValueAndGradResult,
  type JacobianResult,
} from './fp';
