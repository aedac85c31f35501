/**
 * fp-ts type-class instances: a pytree is a Traversable functor over its leaves.
 *
 * This lets pytrees compose with fp-ts: `traverse(O.Applicative)` validates
 * every leaf at once, `pipe(t, mapLeaves(f))` maps in a pipeline, etc.
 */
import type { Applicative } from 'fp-ts/Applicative';
import type { Foldable1 } from 'fp-ts/Foldable';
import type { Functor1 } from 'fp-ts/Functor';
import type { HKT } from 'fp-ts/HKT';
import type { Monoid } from 'fp-ts/Monoid';
import type { Traversable1 } from 'fp-ts/Traversable';
import { flatten, leaves } from './flatten';
import type { TreeMap } from './types';

export const URI = 'vmap-ts/Tree';
export type URI = typeof URI;

/**
 * A pytree with leaves of type `A`. Caveat: `A` must not itself be a container
 * (array, plain object, null/undefined or registered class) — such values would
 * be flattened into the tree rather than treated as leaves.
 */
export type Tree<A> = A | readonly Tree<A>[] | { readonly [k: string]: Tree<A> } | null | undefined;

declare module 'fp-ts/HKT' {
  interface URItoKind<A> {
    readonly 'vmap-ts/Tree': Tree<A>;
  }
}

const _map = <A, B>(fa: Tree<A>, f: (a: A) => B): Tree<B> => {
  const [ls, def] = flatten(fa);
  return def.unflatten(ls.map((l) => f(l as A))) as Tree<B>;
};

const _reduce = <A, B>(fa: Tree<A>, b: B, f: (b: B, a: A) => B): B =>
  (leaves(fa) as A[]).reduce<B>((acc, a) => f(acc, a), b);

const _reduceRight = <A, B>(fa: Tree<A>, b: B, f: (a: A, b: B) => B): B =>
  (leaves(fa) as A[]).reduceRight<B>((acc, a) => f(a, acc), b);

const _foldMap =
  <M>(M: Monoid<M>) =>
  <A>(fa: Tree<A>, f: (a: A) => M): M =>
    (leaves(fa) as A[]).reduce<M>((acc, a) => M.concat(acc, f(a)), M.empty);

type List<B> = { readonly head: B; readonly tail: List<B> } | null;

/** Run `f` over `xs` left to right inside applicative `F`, collecting results. */
const traverseList = <F, A, B>(F: Applicative<F>, xs: readonly A[], f: (a: A) => HKT<F, B>): HKT<F, B[]> => {
  // Accumulate a cons list (reversed) so effects that run continuations more
  // than once (e.g. the Array applicative) never share mutable state.
  let acc: HKT<F, List<B>> = F.of<List<B>>(null);
  for (const x of xs) {
    acc = F.ap(
      F.map(acc, (tail: List<B>) => (head: B): List<B> => ({ head, tail })),
      f(x),
    );
  }
  return F.map(acc, (list: List<B>) => {
    const out: B[] = [];
    for (let n = list; n !== null; n = n.tail) out.push(n.head);
    return out.reverse();
  });
};

const _traverse =
  <F>(F: Applicative<F>) =>
  <A, B>(ta: Tree<A>, f: (a: A) => HKT<F, B>): HKT<F, Tree<B>> => {
    const [ls, def] = flatten(ta);
    return F.map(traverseList(F, ls as A[], f), (bs) => def.unflatten(bs) as Tree<B>);
  };

/**
 * fp-ts ADT values (Option, Either, These, ...) are plain objects with a string
 * `_tag`; in `sequence` every leaf is an effect, so such objects are leaves.
 */
const isTagged = (x: unknown): boolean =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as { _tag?: unknown })._tag === 'string';

/**
 * `sequence` = traverse with identity, except that fp-ts tagged values
 * (`{ _tag: ... }`, e.g. Option/Either) are taken as leaves so that
 * `Tree<Option<A>>` works. Effects that are arrays (the Array applicative)
 * cannot be told apart from tree nodes: use `traverse` for those.
 */
const _sequence =
  <F>(F: Applicative<F>) =>
  <A>(ta: Tree<HKT<F, A>>): HKT<F, Tree<A>> => {
    const [ls, def] = flatten(ta, isTagged);
    return F.map(traverseList(F, ls as HKT<F, A>[], (x) => x), (as) => def.unflatten(as) as Tree<A>);
  };

/**
 * Functor over leaves.
 * @example Functor.map([1, { a: 2 }], (x) => x * 2) // [2, { a: 4 }]
 */
export const Functor: Functor1<URI> = { URI, map: _map };

/**
 * Foldable over leaves, in flatten order (sorted dict keys).
 * @example Foldable.reduce({ b: 2, a: 1 }, '', (s, x) => s + x) // '12'
 */
export const Foldable: Foldable1<URI> = {
  URI,
  reduce: _reduce,
  foldMap: _foldMap,
  reduceRight: _reduceRight,
};

/**
 * Traversable over leaves; effects run in flatten order.
 * @example Traversable.traverse(O.Applicative)([1, 2], O.some) // O.some([1, 2])
 */
export const Traversable: Traversable1<URI> = {
  URI,
  map: _map,
  reduce: _reduce,
  foldMap: _foldMap,
  reduceRight: _reduceRight,
  traverse: _traverse as Traversable1<URI>['traverse'],
  sequence: _sequence as Traversable1<URI>['sequence'],
};

/**
 * Data-last leaf map for `pipe`.
 * @example pipe({ a: 1 }, mapLeaves((x: number) => x + 1)) // { a: 2 }
 */
export const mapLeaves =
  <A, B>(f: (a: A) => B) =>
  <T extends Tree<A>>(t: T): TreeMap<T, B> =>
    _map(t, f) as TreeMap<T, B>;

/**
 * Data-last left fold over leaves for `pipe`.
 * @example pipe([1, [2, 3]], reduceLeaves(0, (s, x: number) => s + x)) // 6
 */
export const reduceLeaves =
  <A, B>(b: B, f: (b: B, a: A) => B) =>
  (t: Tree<A>): B =>
    _reduce(t, b, f);
