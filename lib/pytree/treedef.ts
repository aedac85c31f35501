/**
 * TreeDef: the shape of a pytree with its leaves taken out (JAX's PyTreeDef).
 *
 * A treedef plus a flat list of leaves is enough to rebuild the tree; two
 * trees with equal treedefs can be zipped leaf-by-leaf. Treedefs are
 * immutable and compared structurally.
 */
import { deepEqual } from './equality';
import {
  keysMismatch,
  lengthsMismatch,
  metadataMismatch,
  showAux,
  TreePrefixError,
  typesMismatch,
  type PrefixMismatch,
} from './errors';
import type { KeyPath } from './keypath';
import { childEntry, classify, kindOf, type IsLeaf, type NodeKind } from './node';
import type { Registration } from './registry';

/** Options for {@link TreeDef.flattenUpTo}. */
export interface FlattenUpToOptions {
  /** Name used in error messages (default `'tree'`), e.g. `'vmap in_axes'`. */
  readonly name?: string;
  /** Leaf predicate applied to the *full* tree while matching. */
  readonly isLeaf?: IsLeaf;
  /** Replaces the `<name> specification must be a tree prefix ...` headline of errors. */
  readonly headline?: string;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const showKey = (k: string): string => (IDENT.test(k) ? k : `'${k.replace(/'/g, "\\'")}'`);

export class TreeDef {
  /** Number of leaves this treedef holds (`*` in toString). */
  readonly numLeaves: number;
  /** Number of nodes, counting leaves and empty nodes, like JAX. */
  readonly numNodes: number;
  readonly #children: readonly TreeDef[];

  /**
   * Low-level constructor; normally obtained from `structure`/`flatten`.
   * `keys` are dict keys (object) or child names (custom, optional);
   * `reg`/`aux` only for custom nodes.
   */
  constructor(
    readonly kind: NodeKind,
    children: readonly TreeDef[] = [],
    readonly keys: readonly string[] | undefined = undefined,
    readonly reg: Registration | undefined = undefined,
    readonly aux: unknown = undefined,
  ) {
    this.#children = Object.freeze([...children]);
    this.numLeaves = kind === 'leaf' ? 1 : children.reduce((n, c) => n + c.numLeaves, 0);
    this.numNodes = 1 + children.reduce((n, c) => n + c.numNodes, 0);
    if (keys !== undefined) this.keys = Object.freeze([...keys]);
    Object.freeze(this);
  }

  /** The treedef of a single leaf. @example TreeDef.leaf().toString() // 'PyTreeDef(*)' */
  static leaf(): TreeDef {
    return LEAF;
  }

  /** Whether this treedef is a single leaf. */
  isLeaf(): boolean {
    return this.kind === 'leaf';
  }

  /** The registered class of a custom node (undefined otherwise). */
  get nodeClass(): Registration['cls'] | undefined {
    return this.reg?.cls;
  }

  /**
   * Treedefs of the immediate children (empty for leaves, null, undefined).
   * @example structure([1, { a: 2 }]).children().map(String) // ['PyTreeDef(*)', 'PyTreeDef({a: *})']
   */
  children(): readonly TreeDef[] {
    return this.#children;
  }

  /**
   * Structural equality: node kinds, array lengths, dict keys, registered class
   * identity, child names and aux data (deep-equal) must all match.
   * @example structure({ a: 1 }).equals(structure({ a: 'x' })) // true
   */
  equals(other: TreeDef): boolean {
    if (this === other) return true;
    if (this.kind !== other.kind || this.#children.length !== other.#children.length) return false;
    if (!sameKeys(this.keys, other.keys)) return false;
    if (this.kind === 'custom' && (this.reg?.cls !== other.reg?.cls || !deepEqual(this.aux, other.aux))) return false;
    return this.#children.every((c, i) => {
      const o = other.#children[i];
      return o !== undefined && c.equals(o);
    });
  }

  /** @example structure([1, { b: [2, 3], a: 4 }]).toString() // 'PyTreeDef([*, {a: *, b: [*, *]}])' */
  toString(): string {
    return `PyTreeDef(${this.render()})`;
  }

  private render(): string {
    const kids = this.#children.map((c) => c.render());
    switch (this.kind) {
      case 'leaf':
        return '*';
      case 'null':
      case 'undefined':
        return this.kind;
      case 'array':
        return `[${kids.join(', ')}]`;
      case 'object':
        return `{${kids.map((s, i) => `${showKey(this.keys?.[i] ?? '')}: ${s}`).join(', ')}}`;
      case 'custom': {
        const named = this.keys ? kids.map((s, i) => `${this.keys?.[i] ?? i}: ${s}`) : kids;
        return `${this.reg?.name ?? '?'}(${showAux(this.aux)})[${named.join(', ')}]`;
      }
    }
  }

  /**
   * Rebuild a tree from leaves (in flatten order). Arrays and plain objects
   * created here are frozen; registered classes are rebuilt by their unflatten.
   * @example structure({ a: 0, b: [0] }).unflatten([1, 2]) // { a: 1, b: [2] } (frozen)
   */
  unflatten(leaves: readonly unknown[]): unknown {
    if (leaves.length !== this.numLeaves) {
      throw new RangeError(
        `unflatten: treedef ${this.toString()} expects ${this.numLeaves} leaves but got ${leaves.length}`,
      );
    }
    let pos = 0;
    const build = (def: TreeDef): unknown => {
      switch (def.kind) {
        case 'leaf':
          return leaves[pos++];
        case 'null':
          return null;
        case 'undefined':
          return undefined;
        case 'array':
          return Object.freeze(def.#children.map(build));
        case 'object': {
          const keys = def.keys ?? [];
          return Object.freeze(Object.fromEntries(def.#children.map((c, i) => [keys[i] ?? String(i), build(c)])));
        }
        case 'custom':
          if (def.reg === undefined) throw new Error('unflatten: custom node without registration');
          return def.reg.unflatten(def.aux, def.#children.map(build));
      }
    };
    return build(this);
  }

  /**
   * The subtrees of `full` sitting at this treedef's leaves (this treedef must
   * be a prefix of `full`'s structure). Throws {@link TreePrefixError}, with the
   * key path, on any mismatch. A function as second argument is the full tree's isLeaf.
   * @example structure([0, 0]).flattenUpTo([{ a: 1 }, [2, 3]]) // [{ a: 1 }, [2, 3]]
   */
  flattenUpTo(full: unknown, opts: FlattenUpToOptions | IsLeaf = {}): unknown[] {
    const o: FlattenUpToOptions = typeof opts === 'function' ? { isLeaf: opts } : opts;
    const name = o.name ?? 'tree';
    const out: unknown[] = [];
    const errs: PrefixMismatch[] = [];
    const walk = (def: TreeDef, x: unknown, path: KeyPath): void => {
      if (def.kind === 'leaf') {
        out.push(x);
        return;
      }
      const c = classify(x, o.isLeaf);
      if (c.kind !== def.kind || (c.kind === 'custom' && c.reg.cls !== def.reg?.cls)) {
        errs.push(typesMismatch(name, path, def.kindName(), kindOf(x, o.isLeaf)));
        return;
      }
      if (!('children' in c)) return; // null / undefined: nothing below
      const kids = def.#children;
      if (c.kind === 'array') {
        if (c.children.length !== kids.length) {
          errs.push(lengthsMismatch(name, path, kids.length, c.children.length));
          return;
        }
      } else {
        const type = def.kindName();
        const pk = def.keys ?? kids.map((_, i) => String(i));
        const fk = c.keys ?? c.children.map((_, i) => String(i));
        if (!sameKeys(pk, fk)) {
          errs.push(keysMismatch(name, path, type, pk, fk));
          return;
        }
        if (c.kind === 'custom' && !deepEqual(def.aux, c.aux)) {
          errs.push(metadataMismatch(name, path, type, showAux(def.aux), showAux(c.aux)));
          return;
        }
      }
      kids.forEach((k, i) => walk(k, c.children[i], [...path, childEntry(c, i)]));
    };
    walk(this, full, []);
    if (errs.length > 0) throw new TreePrefixError(name, errs, o.headline);
    return out;
  }

  /** Kind name used in error messages: `array`, `object`, class name, ... */
  kindName(): string {
    return this.kind === 'custom' ? (this.reg?.name ?? 'custom') : this.kind;
  }
}

function sameKeys(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

const LEAF = new TreeDef('leaf');

