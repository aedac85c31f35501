/**
 * vmap-ts pytrees: JAX-style nested containers of leaves.
 *
 * Arrays are sequence nodes, plain objects are dict nodes (sorted keys),
 * `null`/`undefined` are empty nodes, registered classes are custom nodes,
 * and everything else (numbers, NDArrays, functions, ...) is a leaf.
 *
 * @example
 * import * as tree from './pytree';
 * tree.map((x: number) => x * 2, { w: [1, 2], b: 3 }) // { b: 6, w: [2, 4] }
 */
export { attrKey, dictKey, indexKey, keyEntryStr, keystr, type KeyEntry, type KeyPath } from './keypath';
export { isRegistered, register, unregister, type AnyClass, type FlattenResult, type Registration } from './registry';
export { isPlainObject, kindOf, type IsLeaf, type NodeKind } from './node';
export { deepEqual } from './equality';
export { TreePrefixError, type MismatchKind, type PrefixMismatch } from './errors';
export { TreeDef, type FlattenUpToOptions } from './treedef';
export { flatten, flattenWithPath, leaves, structure, unflatten } from './flatten';
export { broadcastPrefix, isTreePrefix } from './prefix';
export { map, mapWithPath, update } from './ops';
export type { LeafValue, TreeMap } from './types';
export { Foldable, Functor, mapLeaves, reduceLeaves, Traversable, URI, type Tree } from './instances';
