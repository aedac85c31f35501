/**
 * Registry of user classes that behave as pytree *nodes* rather than leaves.
 *
 * Without registration every class instance (NDArray, mathjs Matrix, ...) is an
 * opaque leaf. Registering a class tells flatten how to split an instance into
 * children plus static "aux" data and how to rebuild it — JAX's
 * `register_pytree_node`.
 */

/** Any class (abstract or not) whose instances can be registered. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyClass<T = any> = abstract new (...args: any[]) => T;

/**
 * Result of a registered flatten: the children, static aux data (compared in
 * TreeDef.equals) and optionally one name per child, used in key paths as
 * `.name` (otherwise children are named by position, `.0`, `.1`, ...).
 */
export type FlattenResult<A = unknown> = readonly [
  children: readonly unknown[],
  aux: A,
  keys?: readonly string[],
];

/** How a registered class is flattened and rebuilt. */
export interface Registration {
  readonly cls: AnyClass;
  readonly name: string;
  readonly flatten: (x: unknown) => FlattenResult;
  readonly unflatten: (aux: unknown, children: unknown[]) => unknown;
}

const registry = new Map<AnyClass, Registration>();

/**
 * Register `cls` as a pytree node type. Registering the same class again
 * replaces the previous registration. Dispatch is on the exact class
 * (instances of subclasses are not covered, as in JAX).
 * @example
 * class Point { constructor(readonly x: number, readonly y: number) {} }
 * register(Point, (p) => [[p.x, p.y], null, ['x', 'y']], (_aux, [x, y]) => new Point(x as number, y as number));
 * leaves({ p: new Point(1, 2) }) // [1, 2]
 */
export function register<T, A = unknown>(
  cls: AnyClass<T>,
  flatten: (x: T) => FlattenResult<A>,
  unflatten: (aux: A, children: unknown[]) => T,
): void {
  registry.set(cls, {
    cls,
    name: cls.name || 'AnonymousClass',
    flatten: flatten as (x: unknown) => FlattenResult,
    unflatten: unflatten as (aux: unknown, children: unknown[]) => unknown,
  });
}

/**
 * Remove a registration (instances become leaves again). Returns whether it existed.
 * @example unregister(Point) // true
 */
export function unregister(cls: AnyClass): boolean {
  return registry.delete(cls);
}

/**
 * Whether `cls` is currently registered as a pytree node.
 * @example isRegistered(Point) // true after register(Point, ...)
 */
export function isRegistered(cls: AnyClass): boolean {
  return registry.has(cls);
}

/** The registration for `x`'s exact class, if any (internal helper for flatten). */
export function registrationOf(x: object): Registration | undefined {
  const proto: unknown = Object.getPrototypeOf(x);
  if (proto === null || typeof proto !== 'object') return undefined;
  const ctor: unknown = (proto as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' ? registry.get(ctor as AnyClass) : undefined;
}
