/**
 * The `nn` namespace: jax.nn's activations and functions, each a composition of primitives (so
 * vmap, grad and jit need no rules of their own), with JAX's derivatives at the kinks.
 */
import { np } from '../numpy';
import * as act from './activations';
import { dotProductAttention, oneHot, standardize } from './functions';
import { avgPool, maxPool, minPool } from './pooling';

export type { GeluOptions } from './activations';
export type { AttentionOptions, OneHotOptions, StandardizeOptions } from './functions';
export type { AvgPoolOptions, PoolOptions } from './pooling';

export const nn = Object.freeze({
  ...act,
  softmax: np.softmax,
  logSoftmax: np.logSoftmax,
  logsumexp: np.logsumexp,
  oneHot,
  standardize,
  dotProductAttention,
  maxPool,
  minPool,
  avgPool,
});
export type NnNamespace = typeof nn;
