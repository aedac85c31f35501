/**
 * The `nn` namespace: jax.nn's activations and functions, each a composition of primitives (so
 * vmap, grad and jit need no rules of their own), with JAX's derivatives at the kinks.
 */
import * as nn from './namespace';

export type { GeluOptions } from './activations';
export type { LogmeanexpOptions } from './activations-more';
export type { AttentionOptions, OneHotOptions, StandardizeOptions } from './functions';
export type { AvgPoolOptions, PoolOptions } from './pooling';

// a module namespace (not a frozen object literal) so TypeDoc gives every function its own page
export { nn };
export type NnNamespace = typeof nn;
