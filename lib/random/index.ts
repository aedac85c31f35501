/**
 * `random`: JAX's counter-based PRNG (threefry2x32, partitionable mode) with keys as uint32[2]
 * NDArrays, and its samplers written as compositions of primitives, so `vmap`, `jit` and `grad`
 * go through them.
 * @example vmap((k: NDArray) => random.normal(k, [3]))(random.split(random.key(0), 4)) // [4, 3], one stream per key
 */
export { bits, foldIn, key, split, threefry2x32, type Key } from './keys';
export { cauchy, exponential, gumbel, laplace, logistic, normal, truncatedNormal, uniform, type DTypeOptions, type UniformOptions } from './continuous';
export { bernoulli, categorical, choice, permutation, rademacher, randint, type CategoricalOptions, type ChoiceOptions, type IntOptions, type PermutationOptions } from './discrete';
export { beta, dirichlet, gamma, loggamma } from './gamma';
export { multivariateNormal, poisson, type MultivariateNormalOptions } from './poisson';
export { chisquare, doubleSidedMaxwell, f, generalizedNormal, geometric, lognormal, maxwell, pareto, rayleigh, t, weibullMin } from './more';
