/**
 * The `vmap-ts/properties` entry: vmap as a property-test oracle for your own functions
 * (`vmapLaw`, `batchedEquals` and their `@fast-check/vitest` forms), the fast-check arbitraries and
 * host-side reference arrays it is built on, and the law builders for writing law cases. The law
 * tables this repo tests itself with (lax, np and control-flow cases, random programs, AD laws and
 * their tolerances) are in `./cases`, beside it but not part of the package's exports.
 * @module vmap-ts/properties
 */
export * from './arbitraries';
export * from './host';
export {
  checkExample,
  describeExample,
  lawCase,
  lawExampleArb,
  nestedVmapLaw,
  vmapLawN,
  type ArrayFn,
  type CaseArgs,
  type LawCase,
  type LawExample,
  type LawOptions,
  type Level,
  type VmapLike,
} from './laws';
export {
  vmapLaw,
  batchedEquals,
  vmapLawExamples,
  batchedEqualsExamples,
  checkOracle,
  ndarrayArb,
  type ArgArbs,
  type OracleOptions,
  type OracleExample,
} from './oracle';
