/**
 * Derivatives of windowed reductions, as JAX's: the sum is linear and transposes to a padded
 * windowed sum; max/min push the tangent of each window's selected element forward
 * (select_and_gather_add) and pull the cotangent back to it (select_and_scatter_add, the first
 * maximal element of each window).
 */
import { bind, constant, type NDArray } from '../../array/ndarray';
import { dilateDim, type SelectParams, type WindowParams } from '../../array/primitives/window';
import { castLike, differentiable, type JvpRule, type VjpRule } from './types';

const windowOf = (p: WindowParams): WindowParams => ({
  windowDimensions: p.windowDimensions,
  windowStrides: p.windowStrides,
  padding: p.padding,
  baseDilation: p.baseDilation,
  windowDilation: p.windowDilation,
});

/**
 * JAX's _reduce_window_sum_transpose_rule: spread the cotangent over the strided positions (interior
 * padding stride - 1), pad it so every input position sees the windows that read it, and sum with
 * the same (dilated) window at stride baseDilation.
 */
function sumTranspose(ct: NDArray, inShape: readonly number[], p: WindowParams): NDArray {
  const config = inShape.map((n, i) => {
    const lhs = dilateDim(n, p.baseDilation[i]!),
      rhs = dilateDim(p.windowDimensions[i]!, p.windowDilation[i]!);
    const out = dilateDim(ct.shape[i]!, p.windowStrides[i]!);
    const before = rhs - p.padding[i]![0] - 1;
    return [before, lhs + rhs - 1 - out - before, p.windowStrides[i]! - 1] as const;
  });
  const padded = bind('pad', [ct, constant(0, ct.dtype)], { config });
  return bind('reduce_window_sum', [padded], {
    windowDimensions: p.windowDimensions,
    windowStrides: p.baseDilation,
    padding: inShape.map(() => [0, 0] as const),
    baseDilation: inShape.map(() => 1),
    windowDilation: p.windowDilation,
  });
}

const chooserJvp =
  (select: 'ge' | 'le'): JvpRule =>
  ([x], [t], p: WindowParams) =>
    t && differentiable(x!) ? bind('select_and_gather_add', [t, x!], { ...windowOf(p), select }) : null;

const chooserVjp =
  (select: 'ge' | 'le'): VjpRule =>
  (ct, [x], p: WindowParams) => [
    differentiable(x!) ? bind('select_and_scatter_add', [castLike(ct, x!), x!], { ...windowOf(p), select }) : null,
  ];

export const windowJvpRules = {
  reduce_window_sum: (([,], [t], p: WindowParams) => (t ? bind('reduce_window_sum', [t], p) : null)) satisfies JvpRule,
  reduce_window_max: chooserJvp('ge'),
  reduce_window_min: chooserJvp('le'),
  // both are linear in their first input and constant in the operand (the selection is piecewise constant)
  select_and_gather_add: (([, x], [t], p: SelectParams) => (t ? bind('select_and_gather_add', [t, x!], p) : null)) satisfies JvpRule,
  select_and_scatter_add: (([, x], [t], p: SelectParams) => (t ? bind('select_and_scatter_add', [t, x!], p) : null)) satisfies JvpRule,
};

export const windowVjpRules = {
  reduce_window_sum: ((ct, [x], p: WindowParams) => [sumTranspose(castLike(ct, x!), x!.shape, p)]) satisfies VjpRule,
  reduce_window_max: chooserVjp('ge'),
  reduce_window_min: chooserVjp('le'),
  select_and_gather_add: ((ct, [, x], p: SelectParams) => [
    bind('select_and_scatter_add', [castLike(ct, x!), x!], p),
    null,
  ]) satisfies VjpRule,
  select_and_scatter_add: ((ct, [, x], p: SelectParams) => [
    bind('select_and_gather_add', [castLike(ct, x!), x!], p),
    null,
  ]) satisfies VjpRule,
};
