/** The `special` namespace (a module namespace, so TypeDoc gives every function its own page). */
import * as special from './index';

export { special };
export type SpecialNamespace = typeof special;
