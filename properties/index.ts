/**
 * The `vmap-ts/properties` entry: arbitraries, host-array helpers, the vmap law builders, and the
 * law cases for the lax primitives (a table new rows, e.g. np functions, can be added to).
 */
export * from './arbitraries';
export * from './host';
export * from './laws';
export * from './lax-cases';
export * from './control-cases';
export * as npCases from './np-cases';
export * from './programs';
export * from './ad-laws';
export { vmapLaw, batchedEquals, vmapLawExamples, batchedEqualsExamples, checkOracle, ndarrayArb, type ArgArbs, type OracleOptions, type OracleExample } from './oracle';
