/**
 * TreePrefixError and the JAX-worded mismatch messages.
 *
 * vmap's in_axes/out_axes must be tree prefixes of the values they describe;
 * when they are not, users need to see exactly where and why. The wording
 * follows JAX's `_prefix_error` so messages look familiar.
 */
import { keystr, type KeyPath } from './keypath';

/** What kind of structural disagreement was found. */
export type MismatchKind = 'types' | 'lengths' | 'children' | 'keys' | 'metadata';

/** One structural disagreement between a prefix tree and a full tree. */
export interface PrefixMismatch {
  readonly kind: MismatchKind;
  readonly path: KeyPath;
  /** The `pytree structure error: ...` paragraph (already includes the name). */
  readonly detail: string;
}

/**
 * Thrown when a tree is not a prefix of another (vmap in_axes/out_axes, tree
 * map with extra trees, `TreeDef.flattenUpTo`). `path` is the key path of the
 * first mismatch; `mismatches` lists all of them.
 */
export class TreePrefixError extends Error {
  readonly path: KeyPath;
  readonly prefixName: string;
  readonly mismatches: readonly PrefixMismatch[];

  constructor(prefixName: string, mismatches: readonly PrefixMismatch[], headline?: string) {
    const head = headline ?? `${prefixName} specification must be a tree prefix of the corresponding value`;
    super(
      `${head}; \n  Mismatch details (${mismatches.length} found):\n  ` +
        mismatches.map((m) => m.detail).join('\n  '),
    );
    this.name = 'TreePrefixError';
    this.prefixName = prefixName;
    this.mismatches = mismatches;
    this.path = mismatches[0]?.path ?? [];
  }
}

const at = (what: string, name: string, path: KeyPath): string =>
  `pytree structure error: ${what} at key path\n    ${keystr(path, name)}\n`;

/** Prefix and full subtrees have different node kinds. */
export function typesMismatch(name: string, path: KeyPath, prefixKind: string, fullKind: string): PrefixMismatch {
  return {
    kind: 'types',
    path,
    detail:
      at('different types', name, path) +
      `At that key path, the prefix pytree ${name} has a subtree of type\n    ${prefixKind}\n` +
      `but at the same key path the full pytree has a subtree of different type\n    ${fullKind}.`,
  };
}

/** Both are arrays but of different lengths. */
export function lengthsMismatch(name: string, path: KeyPath, prefixLen: number, fullLen: number): PrefixMismatch {
  return {
    kind: 'lengths',
    path,
    detail:
      at('different lengths of array', name, path) +
      `At that key path, the prefix pytree ${name} has a subtree of type array of length ${prefixLen}, ` +
      `but the full pytree has a subtree of the same type but of length ${fullLen}.`,
  };
}

function symDiff(a: readonly string[], b: readonly string[]): string[] {
  const sa = new Set(a);
  const sb = new Set(b);
  return [...a.filter((k) => !sb.has(k)), ...b.filter((k) => !sa.has(k))].sort();
}

/** Same node type but different child keys (count differs → 'children', else 'keys'). */
export function keysMismatch(
  name: string,
  path: KeyPath,
  type: string,
  prefixKeys: readonly string[],
  fullKeys: readonly string[],
): PrefixMismatch {
  const diff = `so the symmetric difference on key sets is\n    ${symDiff(prefixKeys, fullKeys).join(' ')}`;
  if (prefixKeys.length !== fullKeys.length) {
    return {
      kind: 'children',
      path,
      detail:
        at('different numbers of pytree children', name, path) +
        `At that key path, the prefix pytree ${name} has a subtree of type ${type} with ${prefixKeys.length} child keys\n` +
        `    ${prefixKeys.join(' ')}\n` +
        `but at the same key path the full pytree has a subtree of the same type but with ${fullKeys.length} child keys\n` +
        `    ${fullKeys.join(' ')}\n` +
        diff,
    };
  }
  return {
    kind: 'keys',
    path,
    detail:
      at('different pytree keys', name, path) +
      `At that key path, the prefix pytree ${name} has a subtree of type ${type} with child keys\n` +
      `    ${prefixKeys.join(' ')}\n` +
      `but at the same key path the full pytree has a subtree of the same type but with child keys\n` +
      `    ${fullKeys.join(' ')}\n` +
      diff,
  };
}

/** Same registered class but different aux data. */
export function metadataMismatch(
  name: string,
  path: KeyPath,
  type: string,
  prefixAux: string,
  fullAux: string,
): PrefixMismatch {
  return {
    kind: 'metadata',
    path,
    detail:
      at('different pytree metadata', name, path) +
      `At that key path, the prefix pytree ${name} has a subtree of type ${type} with metadata\n    ${prefixAux}\n` +
      `but at the same key path the full pytree has a subtree of the same type but with metadata\n    ${fullAux}`,
  };
}

/** Best-effort one-line rendering of aux data for messages and TreeDef.toString. */
export function showAux(aux: unknown): string {
  try {
    const s = JSON.stringify(aux);
    if (s !== undefined) return s;
  } catch {
    /* fall through (bigint, cycles) */
  }
  return String(aux);
}
