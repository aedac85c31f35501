/**
 * Whole-tree operations: map over leaves (with extra trees) and immutable update.
 */
import { Immer, type Draft } from 'immer';
import { flatten, flattenWithPath } from './flatten';
import type { KeyPath } from './keypath';
import type { TreeDef } from './treedef';
import type { TreeMap } from './types';

/** Flatten each rest tree up to `def`, with errors that name which tree failed. */
function restUpTo(def: TreeDef, rest: readonly unknown[]): unknown[][] {
  return rest.map((r, i) =>
    def.flattenUpTo(r, {
      name: 'tree',
      headline: `map: the first tree must be a tree prefix of extra tree #${i + 1} (argument ${i + 3})`,
    }),
  );
}

/**
 * jax.tree.map: apply `f` to every leaf of `tree`, also passing the subtrees of
 * each `rest` tree at the same position (`tree` must be a prefix of each of
 * them; otherwise a TreePrefixError names the key path). Returns frozen containers, typed as
 * `tree`'s type with the leaves replaced by `f`'s result (`TreeMap`).
 * @example map((x, y) => x + y, [1, { a: 2 }], [10, { a: 20 }]) // [11, { a: 22 }]
 */
export function map<T, R>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  f: (leaf: any, ...rest: any[]) => R,
  tree: T,
  ...rest: unknown[]
): TreeMap<T, R> {
  const [ls, def] = flatten(tree);
  const rs = restUpTo(def, rest);
  return def.unflatten(ls.map((l, j) => f(l, ...rs.map((r) => r[j])))) as TreeMap<T, R>;
}

/**
 * Like {@link map} but `f` also receives the leaf's key path first.
 * @example mapWithPath((p, x) => keystr(p) + '=' + x, { a: 1 }) // { a: '.a=1' }
 */
export function mapWithPath<T, R>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  f: (path: KeyPath, leaf: any, ...rest: any[]) => R,
  tree: T,
  ...rest: unknown[]
): TreeMap<T, R> {
  const [pairs, def] = flattenWithPath(tree);
  const rs = restUpTo(def, rest);
  return def.unflatten(pairs.map(([p, l], j) => f(p, l, ...rs.map((r) => r[j])))) as TreeMap<T, R>;
}

const immer = new Immer({ autoFreeze: true });

/**
 * Immutable update with immer: the recipe mutates a draft, the result is a new
 * frozen tree sharing every untouched subtree with `tree`; `tree` is never
 * modified. Registered class instances and other leaves are not drafted —
 * replace them wholesale (`d.p = new Point(...)`) instead of mutating them.
 * @example update({ layers: [{ w: 1 }] }, (d) => { d.layers[0]!.w = 2 }) // { layers: [{ w: 2 }] }
 */
export function update<T>(tree: T, recipe: (draft: Draft<T>) => void | T | Draft<T>): T {
  return immer.produce(tree, recipe as (draft: Draft<T>) => void) as T;
}
