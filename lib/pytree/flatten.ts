/**
 * flatten / unflatten: turn a nested structure into (leaves, treedef) and back.
 *
 * This is the core of every tree operation: vmap flattens its arguments,
 * batches the leaves, and unflattens the results.
 */
import { keystr, type KeyPath } from './keypath';
import { childEntry, classify, type IsLeaf } from './node';
import { TreeDef } from './treedef';

function build(
  x: unknown,
  isLeaf: IsLeaf | undefined,
  path: KeyPath,
  onLeaf: (path: KeyPath, leaf: unknown) => void,
  ancestors: Set<unknown>,
): TreeDef {
  const c = classify(x, isLeaf);
  switch (c.kind) {
    case 'leaf':
      onLeaf(path, x);
      return TreeDef.leaf();
    case 'null':
    case 'undefined':
      return new TreeDef(c.kind);
  }
  if (ancestors.has(x)) throw new TypeError(`pytree: cyclic structure detected at key path ${keystr(path, 'tree')}`);
  ancestors.add(x);
  const kids = c.children.map((child, i) => build(child, isLeaf, [...path, childEntry(c, i)], onLeaf, ancestors));
  ancestors.delete(x);
  return c.kind === 'array'
    ? new TreeDef('array', kids)
    : c.kind === 'object'
      ? new TreeDef('object', kids, c.keys)
      : new TreeDef('custom', kids, c.keys, c.reg, c.aux);
}

/**
 * Split a tree into its leaves (depth-first, dict keys sorted) and its treedef.
 * `isLeaf(x)` true makes `x` a leaf even if it is a container.
 * @example flatten({ b: [1, 2], a: null }) // [[1, 2], PyTreeDef({a: null, b: [*, *]})]
 */
export function flatten(tree: unknown, isLeaf?: IsLeaf): [leaves: unknown[], treedef: TreeDef] {
  const out: unknown[] = [];
  const def = build(tree, isLeaf, [], (_p, l) => out.push(l), new Set());
  return [out, def];
}

/**
 * Like {@link flatten} but pairs each leaf with its key path.
 * @example
 * const [pairs] = flattenWithPath({ w: [5] });
 * keystr(pairs[0][0]) // '.w[0]';  pairs[0][1] // 5
 */
export function flattenWithPath(tree: unknown, isLeaf?: IsLeaf): [Array<[KeyPath, unknown]>, TreeDef] {
  const out: Array<[KeyPath, unknown]> = [];
  const def = build(tree, isLeaf, [], (p, l) => out.push([p, l]), new Set());
  return [out, def];
}

/**
 * Rebuild a tree from a treedef and leaves; created arrays/objects are frozen.
 * Throws if `leaves.length !== treedef.numLeaves`.
 * @example const [ls, def] = flatten([1, { a: 2 }]); unflatten(def, ls.map((x) => Number(x) * 10)) // [10, { a: 20 }]
 */
export function unflatten(treedef: TreeDef, leaves: readonly unknown[]): unknown {
  return treedef.unflatten(leaves);
}

/**
 * The leaves of a tree in flatten order.
 * @example leaves([1, { b: 3, a: 2 }, null]) // [1, 2, 3]
 */
export function leaves(tree: unknown, isLeaf?: IsLeaf): unknown[] {
  return flatten(tree, isLeaf)[0];
}

/**
 * The treedef of a tree.
 * @example structure([1, [2]]).toString() // 'PyTreeDef([*, [*]])'
 */
export function structure(tree: unknown, isLeaf?: IsLeaf): TreeDef {
  return flatten(tree, isLeaf)[1];
}
