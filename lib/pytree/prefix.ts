/**
 * Prefix broadcasting for vmap's in_axes / out_axes.
 *
 * `in_axes` may be a *prefix* of the argument tree: a single `0` can stand for
 * a whole subtree. broadcastPrefix expands the prefix to one entry per leaf of
 * the full tree, with JAX's strict matching and error messages.
 */
import { flatten, leaves, structure } from './flatten';
import { TreePrefixError } from './errors';
import type { IsLeaf } from './node';

/**
 * For every leaf of `full` (in `flatten(full)` order), the prefix leaf covering it.
 * Values where `isPrefixLeaf` is true are leaves of the prefix (so vmap can make
 * `null` a leaf there). A prefix leaf at an inner node covers every leaf below
 * it; subtrees with no leaves get no entries. Throws {@link TreePrefixError}
 * (message mentions `name`, e.g. `vmap in_axes`) on any structural mismatch.
 * @example
 * broadcastPrefix([0, null], [[a, b], { x: c }], 'vmap in_axes', (x) => x === null || typeof x === 'number')
 * // [0, 0, null]
 */
export function broadcastPrefix(
  prefix: unknown,
  full: unknown,
  name = 'tree',
  isPrefixLeaf?: IsLeaf,
): unknown[] {
  const [prefixLeaves, prefixDef] = flatten(prefix, isPrefixLeaf);
  const subtrees = prefixDef.flattenUpTo(full, { name });
  const out: unknown[] = [];
  subtrees.forEach((sub, i) => {
    const n = leaves(sub).length;
    for (let j = 0; j < n; j++) out.push(prefixLeaves[i]);
  });
  return out;
}

/**
 * Whether `prefix` is a tree prefix of `full` (no throwing variant of broadcastPrefix).
 * @example isTreePrefix([0, null], [[1, 2], 3], (x) => x === null || typeof x === 'number') // true
 */
export function isTreePrefix(prefix: unknown, full: unknown, isPrefixLeaf?: IsLeaf): boolean {
  try {
    structure(prefix, isPrefixLeaf).flattenUpTo(full);
    return true;
  } catch (e) {
    if (e instanceof TreePrefixError) return false;
    throw e;
  }
}
