/** The `np` namespace: numpy's names, each a composition of primitives (no kernels of its own). */
import * as np from './namespace';

// a module namespace (not a frozen object literal) so TypeDoc gives every function its own page;
// the names are those of ./namespace.ts: add new np functions there
export { np };
export { linalg } from './namespace';
export type NumpyNamespace = typeof np;
