/**
 * One-level classification of a value into a pytree node kind.
 *
 * This is the single place that decides what is a container and what is a
 * leaf, so flatten, prefix matching and error messages all agree.
 */
import { attrKey, dictKey, indexKey, type KeyEntry } from './keypath';
import { registrationOf, type Registration } from './registry';

/** Predicate that forces a value to be treated as a leaf (JAX's `is_leaf`). */
export type IsLeaf = (x: unknown) => boolean;

/** The kinds of pytree nodes. */
export type NodeKind = 'leaf' | 'null' | 'undefined' | 'array' | 'object' | 'custom';

/** A value split one level: its kind, children, and what is needed to rebuild it. */
export type Classified =
  | { readonly kind: 'leaf' | 'null' | 'undefined' }
  | { readonly kind: 'array'; readonly children: readonly unknown[] }
  | { readonly kind: 'object'; readonly keys: readonly string[]; readonly children: readonly unknown[] }
  | {
      readonly kind: 'custom';
      readonly reg: Registration;
      readonly aux: unknown;
      readonly keys: readonly string[] | undefined;
      readonly children: readonly unknown[];
    };

/**
 * Whether `x` is a plain object (prototype `Object.prototype` or `null`), i.e. a dict node.
 * @example isPlainObject({ a: 1 }) // true;  isPlainObject(new Map()) // false
 */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Split `x` one level. `isLeaf` is consulted first, before container detection.
 * @example classify({ b: 1, a: 2 }) // { kind: 'object', keys: ['a', 'b'], children: [2, 1] }
 */
export function classify(x: unknown, isLeaf?: IsLeaf): Classified {
  if (isLeaf !== undefined && isLeaf(x)) return { kind: 'leaf' };
  if (x === null) return { kind: 'null' };
  if (x === undefined) return { kind: 'undefined' };
  if (Array.isArray(x)) return { kind: 'array', children: Array.from(x as unknown[]) };
  if (isPlainObject(x)) {
    const keys = Object.keys(x).sort();
    return { kind: 'object', keys, children: keys.map((k) => x[k]) };
  }
  if (typeof x === 'object') {
    const reg = registrationOf(x);
    if (reg !== undefined) {
      const [children, aux, keys] = reg.flatten(x);
      if (keys !== undefined && keys.length !== children.length) {
        throw new TypeError(
          `pytree: flatten for registered class ${reg.name} returned ${children.length} children but ${keys.length} keys`,
        );
      }
      return { kind: 'custom', reg, aux, keys, children };
    }
  }
  return { kind: 'leaf' };
}

/** The key-path step for child `i` of a classified container. */
export function childEntry(c: Classified, i: number): KeyEntry {
  switch (c.kind) {
    case 'array':
      return indexKey(i);
    case 'object':
      return dictKey(c.keys[i] ?? String(i));
    case 'custom':
      return attrKey(c.keys?.[i] ?? String(i));
    default:
      throw new Error(`pytree: a ${c.kind} node has no children`);
  }
}

/** Name of a leaf's type: `number`, `string`, or the constructor name for objects. */
export function leafTypeName(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x !== 'object') return typeof x;
  const ctor: unknown = (Object.getPrototypeOf(x) as { constructor?: unknown } | null)?.constructor;
  return typeof ctor === 'function' && ctor.name ? ctor.name : 'object';
}

/**
 * Human-readable kind used in error messages: `array`, `object`, `null`,
 * `undefined`, a registered class name, or `leaf (number)`, `leaf (NDArray)`, ...
 * @example kindOf([1]) // 'array';  kindOf(3) // 'leaf (number)'
 */
export function kindOf(x: unknown, isLeaf?: IsLeaf): string {
  const c = classify(x, isLeaf);
  switch (c.kind) {
    case 'leaf':
      return `leaf (${leafTypeName(x)})`;
    case 'custom':
      return c.reg.name;
    default:
      return c.kind;
  }
}
