/**
 * `np.linalg`: numpy's linear-algebra names.
 * @module
 */
export { norm } from './reductions';
