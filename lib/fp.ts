/**
 * fp-ts style, data-last forms of the transforms: options first, the function last, so they
 * compose with `pipe` and `flow`:
 *
 * ```ts
 * import { pipe } from 'fp-ts/function';
 * const perExampleGrads = pipe(loss, gradWith(), vmapWith({ inAxes: [null, 0, 0] }), jitWith());
 * ```
 *
 * Each is the plain transform (`vmapWith(opts)(f)` is `vmap(f, opts)`), with result types worked
 * out from `f`: `gradWith()(f)` takes `f`'s parameters and returns the gradient's tree (NDArray
 * leaves where the differentiated argument has arrays or numbers), so a `vmapWith` after it checks
 * `inAxes` against those parameters. When the options do not fit the function, the error is at the
 * transform's position in the pipe and names the mismatch.
 *
 * Pytrees are fp-ts type classes too: `tree.Functor`, `tree.Foldable`, `tree.Traversable` (URI
 * `'vmap-ts/Tree'`) and the data-last `tree.mapLeaves(f)` / `tree.reduceLeaves(b, f)`.
 * @module
 */
import type { NDArray } from './array/ndarray';
import { grad, hessian, jacfwd, jacrev, jvp, valueAndGrad, vjp, type GradOptions, type JacOptions } from './transforms/grad';
import { jit, type JitOptions } from './transforms/jit';
import { vmap, type AnyFn, type InAxesMismatch, type Vmapped, type VmapOptions, type VmapOptionsFor } from './transforms/vmap';

type IsAny<T> = 0 extends 1 & T ? true : false;
/** Options objects may not carry keys the transform does not know (a misspelt option is an error). */
type NoExtraKeys<O, Known> = { readonly [K in Exclude<keyof O, keyof Known>]: never };

/**
 * The type of `vmapWith(opts)(f)` when the options do not fit `f`: a function whose first argument
 * can only be a message, so calling it is a compile error that says why (`'vmap: inAxes has 3
 * entries but f takes 2 parameters'`, or in general to see `.accepts`, the options `f` takes).
 */
export type VmapOptionsMismatch<F extends AnyFn, O> = ((
  error: [InAxesMismatch<F, O>] extends [never] ? 'vmapWith: inAxes/outAxes do not fit the function (see .accepts)' : InAxesMismatch<F, O>,
  ...rest: unknown[]
) => never) & {
  readonly accepts: VmapOptionsFor<F, {}>;
};

/**
 * The type of `vmapWith(opts)(f)`: `f`'s own type when `inAxes`/`outAxes` fit it (see
 * `VmapOptionsFor`), else `VmapOptionsMismatch`, so calling the result (after any further
 * transforms) is a compile error. The check is on the result rather than the argument so that it
 * also works inside `flow`, where the function is not known until the composite is applied.
 */
export type VmappedWith<F extends AnyFn, O> = [O] extends [VmapOptionsFor<F, O>] ? Vmapped<F> : VmapOptionsMismatch<F, O>;

/**
 * `vmapWith(opts)(f)` is `vmap(f, opts)`: the batched function has `f`'s type (NDArray parameters
 * also take a mathjs Matrix, see `Vmapped`), and `inAxes`/`outAxes` are checked against `f` (see `VmappedWith`).
 * @example pipe(vv, vmapWith({ inAxes: [0, null] }), vmapWith({ inAxes: [null, 1], outAxes: 1 })) // matmul from vdot
 */
export const vmapWith =
  <const O extends VmapOptions = {}>(opts?: O & NoExtraKeys<O, VmapOptions>) =>
  <F extends AnyFn>(f: F): VmappedWith<F, O> =>
    vmap(f as AnyFn, opts as VmapOptions) as VmappedWith<F, O>;

/** The gradient's type for an argument of type `T`: the same tree with NDArray leaves. */
export type GradOf<T> =
  IsAny<T> extends true
    ? any
    : T extends NDArray | number | boolean
      ? NDArray
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: GradOf<T[K]> }
        : T extends object
          ? { -readonly [K in keyof T]: GradOf<T[K]> }
          : T;

type ArgnumsOf<O> = O extends { readonly argnums: infer A } ? A : 0;
type GradsFor<P extends readonly unknown[], A> = A extends number
  ? GradOf<P[A]>
  : A extends readonly number[]
    ? { -readonly [K in keyof A]: GradOf<P[A[K] & number]> }
    : any;
type AuxOf<R> = R extends readonly [unknown, infer Aux] ? Aux : unknown;
type HasAux<O> = O extends { readonly hasAux: true } ? true : false;

/** What `grad(f, opts)` returns for `f: F`: the gradient of the `argnums` argument(s), with aux if `hasAux`. */
export type GradResult<F extends AnyFn, O> =
  HasAux<O> extends true ? [GradsFor<Parameters<F>, ArgnumsOf<O>>, AuxOf<ReturnType<F>>] : GradsFor<Parameters<F>, ArgnumsOf<O>>;

/** What `valueAndGrad(f, opts)` returns for `f: F`: `[f(...args), gradient]`. */
export type ValueAndGradResult<F extends AnyFn, O> = [ReturnType<F>, GradsFor<Parameters<F>, ArgnumsOf<O>>];

/**
 * `gradWith(opts)(f)` is `grad(f, opts)`, typed: the result takes `f`'s parameters and returns
 * the gradient with the differentiated argument's structure (`[grads, aux]` with `hasAux`).
 * @example pipe(loss, gradWith(), vmapWith({ inAxes: [null, 0, 0] })) // per-example gradients
 */
export const gradWith =
  <const O extends GradOptions = {}>(opts?: O & NoExtraKeys<O, GradOptions>) =>
  <F extends AnyFn>(f: F): ((...args: Parameters<F>) => GradResult<F, O>) =>
    grad(f, opts as GradOptions) as (...args: Parameters<F>) => GradResult<F, O>;

/** `valueAndGradWith(opts)(f)` is `valueAndGrad(f, opts)`: `[value, gradient]`. */
export const valueAndGradWith =
  <const O extends GradOptions = {}>(opts?: O & NoExtraKeys<O, GradOptions>) =>
  <F extends AnyFn>(f: F): ((...args: Parameters<F>) => ValueAndGradResult<F, O>) =>
    valueAndGrad(f, opts as GradOptions) as (...args: Parameters<F>) => ValueAndGradResult<F, O>;

/** `jitWith(opts)(f)` is `jit(f, opts)`: `f`'s type plus the trace cache's size. */
export const jitWith =
  <const O extends JitOptions = {}>(opts?: O & NoExtraKeys<O, JitOptions>) =>
  <F extends AnyFn>(f: F): F & { readonly cacheSize: number } =>
    jit(f, opts as JitOptions);

/** A Jacobian's type: an NDArray when `f` maps an array argument to an array, else untyped. */
export type JacobianResult<F extends AnyFn, O> = [
  ReturnType<F>,
  Parameters<F>[O extends { readonly argnums: infer K extends number } ? K : 0],
] extends [NDArray, NDArray | number]
  ? NDArray
  : any;

/** `jacfwdWith(opts)(f)` is `jacfwd(f, opts)` (forward mode). */
export const jacfwdWith =
  <const O extends JacOptions = {}>(opts?: O & NoExtraKeys<O, JacOptions>) =>
  <F extends AnyFn>(f: F): ((...args: Parameters<F>) => JacobianResult<F, O>) =>
    jacfwd(f, opts as JacOptions) as (...args: Parameters<F>) => JacobianResult<F, O>;

/** `jacrevWith(opts)(f)` is `jacrev(f, opts)` (reverse mode). */
export const jacrevWith =
  <const O extends JacOptions = {}>(opts?: O & NoExtraKeys<O, JacOptions>) =>
  <F extends AnyFn>(f: F): ((...args: Parameters<F>) => JacobianResult<F, O>) =>
    jacrev(f, opts as JacOptions) as (...args: Parameters<F>) => JacobianResult<F, O>;

/** `hessianWith(opts)(f)` is `hessian(f, opts)`. */
export const hessianWith =
  <const O extends JacOptions = {}>(opts?: O & NoExtraKeys<O, JacOptions>) =>
  <F extends AnyFn>(f: F): ((...args: Parameters<F>) => JacobianResult<F, O>) =>
    hessian(f, opts as JacOptions) as (...args: Parameters<F>) => JacobianResult<F, O>;

/** `jvpAt(primals, tangents)(f)` is `jvp(f, primals, tangents)`: `[f(...primals), directional derivative]`. */
export const jvpAt =
  <const P extends readonly unknown[]>(primals: P, tangents: { readonly [K in keyof P]: unknown }) =>
  <F extends (...args: P) => any>(f: F): [ReturnType<F>, any] =>
    jvp(f, primals, tangents) as [ReturnType<F>, any];

/** `vjpAt(...primals)(f)` is `vjp(f, ...primals)`: `[f(...primals), cotangent => one cotangent per primal]`. */
export const vjpAt =
  <const P extends readonly unknown[]>(...primals: P) =>
  <F extends (...args: P) => any>(f: F): [ReturnType<F>, (ct: unknown) => { -readonly [K in keyof P]: GradOf<P[K]> }] =>
    vjp(f, ...primals) as [ReturnType<F>, (ct: unknown) => { -readonly [K in keyof P]: GradOf<P[K]> }];
