/**
 * Key paths: where a subtree sits inside a pytree.
 *
 * A key path is the list of steps from the root to a node. They exist so
 * that errors (prefix mismatches, bad leaves) can point at the exact spot,
 * e.g. `args[0].layers[2].w`, the way JAX's `keystr` does.
 */

/** One step into a container: an array index, a dict key, or a named child of a registered class. */
export type KeyEntry =
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'attr'; readonly name: string };

/** Steps from the root down to a node; `[]` is the root itself. */
export type KeyPath = readonly KeyEntry[];

/**
 * Step into an array element.
 * @example indexKey(2) // { kind: 'index', index: 2 }  → renders as `[2]`
 */
export const indexKey = (index: number): KeyEntry => ({ kind: 'index', index });

/**
 * Step into a plain-object (dict) entry.
 * @example dictKey('w') // renders as `.w`; dictKey('a b') renders as `['a b']`
 */
export const dictKey = (key: string): KeyEntry => ({ kind: 'key', key });

/**
 * Step into a named (or positional) child of a registered class.
 * @example attrKey('weight') // renders as `.weight`
 */
export const attrKey = (name: string): KeyEntry => ({ kind: 'attr', name });

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Render one entry: `[i]`, `.key` / `['odd key']`, or `.name`. */
export function keyEntryStr(entry: KeyEntry): string {
  switch (entry.kind) {
    case 'index':
      return `[${entry.index}]`;
    case 'key':
      return IDENTIFIER.test(entry.key)
        ? `.${entry.key}`
        : `['${entry.key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
    case 'attr':
      return `.${entry.name}`;
  }
}

/**
 * Render a key path as a JS-like accessor string, prefixed with `root`.
 * @example
 * keystr([indexKey(0), dictKey('layers'), indexKey(2), dictKey('w')], 'args')
 * // 'args[0].layers[2].w'
 */
export function keystr(path: KeyPath, root = ''): string {
  return root + path.map(keyEntryStr).join('');
}
