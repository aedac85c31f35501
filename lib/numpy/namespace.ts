/**
 * `np`: numpy's names as JAX's `jax.numpy` has them (constructors, elementwise math, reductions,
 * shape manipulation, indexing, linear algebra), each a composition of `lax` primitives with NumPy
 * broadcasting and JAX's type promotion. A module namespace rather than an object, so every
 * function has its own documentation page.
 * @example np.sum(np.multiply(np.arange(3), 2)).item() // 6
 * @module
 */
export { array, asArray as asarray, zeros, ones, full, arange, linspace, eye } from '../array/create';
export { zerosLike, onesLike } from './like';
export * from './manip';
export { broadcastTo, broadcastArrays } from './util';
export * from './math';
export * from './reductions';
export { variance as var } from './reductions';
export * from './linalg';
export * as linalg from './linalg-namespace';
export * from './math-more';
export * from './nan-reductions';
export * from './statistics';
export * from './sequences';
export * from './construct';
export * from './comparison';
export * from './split-poly';
export * from './floats';
export * from './search';
export * from './nonzero';
// the one-argument form (nonzero) joins the three-argument where of ./math
export { where } from './nonzero';
export * from './math-extra';
export * from './indexing-extra';
export { at, type AtOptions, type AtRef, type IndexEntry, type Slice } from './at';
export * from './constants';
export * from './array-api';
export * from './shifts';
export * from './bessel';
export * from './windows';
export * from './setops';
export * from './choose';
// round with numpy's decimals replaces ./math's one-argument round
export { round, around } from './rounding';
export * from './histogramdd';
export * from './assemble';
export * from './vectorize';
export * from './polyfit';
export * as fft from './fft';
export * from './dtype-names';
