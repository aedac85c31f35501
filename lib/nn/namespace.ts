/**
 * The names of `nn` (a module namespace, so TypeDoc gives every function its own page): jax.nn's
 * activations, softmax family, oneHot, standardize, glu, dotProductAttention and flax's pools.
 */
export * from './activations';
export { logSoftmax, logsumexp, softmax } from '../numpy/reductions';
export { dotProductAttention, oneHot, standardize } from './functions';
export { avgPool, maxPool, minPool } from './pooling';
export { identity, log1mexp, logmeanexp, softSign, sparsePlus, sparseSigmoid } from './activations-more';
