/**
 * The law tables this repo tests itself with: a law case per lax primitive, np function and
 * control-flow construct, random programs, the AD laws and their tolerances. Imported by the repo's
 * own property tests; not re-exported from `vmap-ts/properties`, whose public surface is the oracle,
 * the arbitraries, the host helpers and the law builders (`./index.ts`).
 */
export * from './lax-cases';
export * from './control-cases';
export * as npCases from './np-cases';
export * from './programs';
export * from './ad-laws';
export { PARAM_POOL } from './laws';
