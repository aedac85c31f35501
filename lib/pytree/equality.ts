/**
 * Structural equality for TreeDef aux data.
 *
 * Aux data of registered classes is usually small static metadata (strings,
 * numbers, shapes, option objects); two treedefs match only if their aux data
 * matches, so we need value equality rather than identity.
 */

/**
 * Deep equality: `Object.is` for primitives, element-wise for arrays, key-wise
 * for plain objects, `a.equals(b)` when `a` has an `equals` method, and `===`
 * as the fallback for everything else.
 * @example deepEqual({ shape: [2, 3] }, { shape: [2, 3] }) // true
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  const eq = (a as { equals?: unknown }).equals;
  if (typeof eq === 'function') return Boolean((eq as (o: unknown) => unknown).call(a, b));
  const pa: unknown = Object.getPrototypeOf(a);
  const pb: unknown = Object.getPrototypeOf(b);
  const plain = (p: unknown): boolean => p === Object.prototype || p === null;
  if (!plain(pa) || !plain(pb)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  const ra = a as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && deepEqual(ra[k], rb[k]));
}
