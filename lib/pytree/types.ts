/**
 * Type-level pytrees: what `tree.map` returns for a tree of type `T`. Arrays, tuples and plain
 * objects are containers, `null`/`undefined` are empty nodes, and the values below are leaves.
 */
import type { Matrix } from 'mathjs';
import type { NDArray } from '../array/ndarray';
import type { Tree } from './instances';

type IsAny<T> = 0 extends 1 & T ? true : false;

/**
 * Leaves at the type level: JS scalars, NDArrays, mathjs matrices, functions and the built-in
 * objects that flatten as one leaf. (A registered class is a node at run time, but its type looks
 * like any other object's: `TreeMap` maps its fields, which is what a registration usually flattens.)
 */
export type LeafValue =
  | NDArray
  | Matrix
  | number
  | string
  | boolean
  | bigint
  | symbol
  | ((...args: any[]) => unknown)
  | ArrayBufferView
  | Date
  | RegExp
  | ReadonlyMap<unknown, unknown>
  | ReadonlySet<unknown>;

/** Recursion budget: deeper (or recursive) tree types map to `Tree<R>`. */
type Dec = [never, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

/**
 * The tree `T` with every leaf replaced by `R`: tuples keep their length, objects their keys and
 * `readonly` marks, `null`/`undefined` stay. `any`/`unknown` trees give `any`/`unknown`.
 * @example TreeMap<{ w: NDArray; layers: [NDArray, number] }, string> // { w: string; layers: [string, string] }
 */
export type TreeMap<T, R, D extends number = 12> =
  IsAny<T> extends true
    ? any
    : unknown extends T
      ? unknown
      : [D] extends [never]
        ? Tree<R>
        : T extends null | undefined
          ? T
          : T extends LeafValue
            ? R
            : T extends object
              ? { [K in keyof T]: TreeMap<T[K], R, Dec[D]> }
              : R;
