/**
 * vmap's types: the batched function's type (`Vmapped`) and the `inAxes`/`outAxes` that fit a
 * function (`VmapOptionsFor`), checked by TypeScript before anything runs. A written spec that does
 * not fit is matched against a message type, so the compile error says what is wrong.
 */
import type { NDArray } from '../array/ndarray';
import type { Matrix } from '../array/storage';
import type { AxisSpec } from './axis-spec';

/** Any function: what vmap, grad and jit accept. */
export type AnyFn = (...args: any[]) => any;

/** Values vmap treats as pytree leaves: an axis spec for one is a number or null, never a container. */
export type SpecLeafValue = NDArray | Matrix | number | boolean | string | bigint | symbol | null | undefined | AnyFn;

type IsAny<T> = 0 extends 1 & T ? true : false;
/** Recursion budget: deeper trees (or recursive types) accept any AxisSpec. */
type Dec = [never, 0, 1, 2, 3, 4, 5, 6, 7, 8];
type ElementOf<S> = S extends readonly (infer E)[] ? E : unknown;
type At<S, K> = K extends keyof S ? S[K] : unknown;

/**
 * The axis specs that fit a value of type `T` as a tree prefix, shaped after the spec `S` actually
 * written (so tuple lengths and object keys are checked exactly): a number or null fits any value;
 * a tuple fits a tuple of the same length element-wise; an array fits an array; an object fits an
 * object with the same keys. Values typed `any`/`unknown`, and specs typed as the wide `AxisSpec`,
 * are not statically known and accept any spec (they are checked when the function is called).
 */
export type AxisSpecFor<T, S = unknown, D extends number = 8> = [D] extends [never]
  ? AxisSpec
  : IsAny<T> extends true
    ? AxisSpec
    : unknown extends T
      ? AxisSpec
      : IsAny<S> extends true
        ? AxisSpec
        : unknown extends S
          ? number | null | ContainerSpec<T, unknown, D>
          : [AxisSpec] extends [S]
            ? AxisSpec
            : S extends number | null
              ? number | null
              : ContainerSpec<T, S, D>;

type ContainerSpec<T, S, D extends number> = T extends SpecLeafValue
  ? number | null
  : T extends readonly unknown[]
    ? ArraySpec<T, S, D>
    : T extends object
      ? ObjectSpec<T, S, D>
      : number | null;

type ArraySpec<T extends readonly unknown[], S, D extends number> = number extends T['length']
  ? readonly AxisSpecFor<T[number], ElementOf<S>, Dec[D]>[]
  : S extends readonly unknown[]
    ? number extends S['length']
      ? readonly AxisSpecFor<T[number], ElementOf<S>, Dec[D]>[]
      : LengthFits<T, S> extends true
        ? { readonly [K in keyof T]: AxisSpecFor<T[K], At<S, K>, Dec[D]> }
        : `vmap: this axis spec has ${Entries<S['length']>} but the tuple it stands for has ${Elements<T>}`
    : { readonly [K in keyof T]: AxisSpecFor<T[K], unknown, Dec[D]> };

type ObjectSpec<T, S, D extends number> = S extends readonly unknown[]
  ? { readonly [K in keyof T]: AxisSpecFor<T[K], unknown, Dec[D]> }
  : { readonly [K in keyof T]: AxisSpecFor<T[K], At<S, K>, Dec[D]> } & {
      readonly [K in Exclude<keyof S, keyof T>]: `vmap: ${K & string} is not a key of the value this axis spec stands for`;
    };

// Message types: a written spec that does not fit is matched against one of these string literals,
// so the compile error reads "... is not assignable to type 'vmap: inAxes has 3 entries but f takes
// 2 parameters'" (no value of a spec can be such a string: the run-time check rejects strings).

/** The least length of a tuple type (its required elements). */
type MinLength<P extends readonly unknown[], Acc extends unknown[] = []> = P extends readonly [unknown, ...infer R]
  ? MinLength<R, [...Acc, 0]>
  : Acc['length'];
type Plural<N, One extends string, Many extends string> = N extends 1 ? `1 ${One}` : `${N & number} ${Many}`;
type Entries<N> = Plural<N, 'entry', 'entries'>;
type Counted<P extends readonly unknown[], One extends string, Many extends string> =
  MinLength<P> extends Required<P>['length'] ? Plural<MinLength<P>, One, Many> : `${MinLength<P>} to ${Required<P>['length']} ${Many}`;
type Elements<T extends readonly unknown[]> = Counted<T, 'element', 'elements'>;
/** Whether a written tuple spec `S` has a length the tuple `T` can have (always, when either is open-ended). */
type LengthFits<T extends readonly unknown[], S extends readonly unknown[]> = number extends T['length']
  ? true
  : number extends S['length']
    ? true
    : S['length'] extends T['length']
      ? true
      : false;

/** The message for a written `inAxes` list whose length does not fit `f`'s parameters `P`. */
export type InAxesLengthError<P extends readonly unknown[], S extends readonly unknown[]> =
  `vmap: inAxes has ${Entries<S['length']>} but f takes ${Counted<P, 'parameter', 'parameters'>}`;

/**
 * A parameter type with its NDArray leaves widened to `NDArray | Matrix`: vmap wraps every mathjs
 * Matrix in its arguments as an NDArray before `f` sees it, mapped or not.
 */
export type AcceptsMatrix<T, D extends number = 8> = [D] extends [never]
  ? T
  : IsAny<T> extends true
    ? T
    : unknown extends T
      ? T
      : [NDArray] extends [T]
        ? T | Matrix
        : T extends SpecLeafValue
          ? T
          : T extends object
            ? { [K in keyof T]: AcceptsMatrix<T[K], Dec[D]> }
            : T;

/**
 * The type of `vmap(f)`: `f`'s parameters (NDArray leaves also take a mathjs Matrix) and result. A
 * function with properties (a jitted one: `vmap(jit(f))` is `jit(vmap(f))`) keeps its own type,
 * since jit's arguments must be NDArrays.
 */
export type Vmapped<F extends AnyFn> = [keyof F] extends [never] ? BatchedFn<F> : F;
type BatchedFn<F extends AnyFn> = (...args: Extract<AcceptsMatrix<Parameters<F>>, readonly unknown[]>) => ReturnType<F>;

/**
 * The `inAxes` that fit a function with parameters `P`: a number or null (every argument), or one
 * entry per parameter (a tuple of the parameters' length), each a tree prefix of that parameter.
 */
export type InAxesFor<P extends readonly unknown[], S = unknown> = IsAny<S> extends true
  ? AxisSpec
  : unknown extends S
    ? number | null | AxisSpecFor<P>
    : [AxisSpec] extends [S]
      ? AxisSpec
      : S extends number | null
        ? number | null
        : S extends readonly unknown[]
          ? LengthFits<P, S> extends true
            ? AxisSpecFor<P, S>
            : InAxesLengthError<P, S>
          : number | null | AxisSpecFor<P>;

/** The `outAxes` that fit a function returning `R`: a tree prefix of the result. */
export type OutAxesFor<R, S = unknown> = AxisSpecFor<R, S>;

type SpecOf<O, K extends 'inAxes' | 'outAxes'> = O extends { readonly [P in K]?: infer S } ? Exclude<S, undefined> : unknown;

/** The message when the `inAxes` list written in `O` has the wrong length for `F` (`never` when it fits). */
export type InAxesMismatch<F extends AnyFn, O> = Extract<InAxesFor<Parameters<F>, SpecOf<O, 'inAxes'>>, string>;

/**
 * The options `vmap(f, opts)` accepts for `f: F`, checked against the options `O` actually written:
 * `inAxes` against `Parameters<F>`, `outAxes` against `ReturnType<F>`, and no unknown keys.
 */
export type VmapOptionsFor<F extends AnyFn, O = VmapOptions> = Omit<VmapOptions, 'inAxes' | 'outAxes'> & {
  readonly inAxes?: InAxesFor<Parameters<F>, SpecOf<O, 'inAxes'>>;
  readonly outAxes?: OutAxesFor<ReturnType<F>, SpecOf<O, 'outAxes'>>;
} & { readonly [K in Exclude<keyof O, keyof VmapOptions>]: never };

/** `O` itself when it fits `F`, else the options `F` accepts (so the error points at the wrong entry). */
export type CheckedVmapOptions<F extends AnyFn, O> = [O] extends [VmapOptionsFor<F, O>] ? O : VmapOptionsFor<F, O>;

export interface VmapOptions {
  /** Which axis of each argument to map: a number, null, or a per-argument array of pytree prefixes. Default 0. */
  readonly inAxes?: AxisSpec;
  /** Where the mapped axis goes in each output: the same forms over the result. Default 0. */
  readonly outAxes?: AxisSpec;
  /** Names the mapped axis so collectives (psum, ...) inside `f` can refer to it. */
  readonly axisName?: unknown;
  /** The mapped size; required when no argument is mapped, checked against them otherwise. */
  readonly axisSize?: number;
  /** Accepted for JAX compatibility; on one process it has no numeric effect. */
  readonly spmdAxisName?: unknown;
  /**
   * Evaluate at most this many examples at a time, to bound peak memory (torch.func.vmap's
   * chunk_size); the result is bit-equal to the unchunked one. Not combinable with axisName.
   */
  readonly chunkSize?: number;
}
