/**
 * Derivatives of the collectives, with JAX's classic (pmap) semantics: the gradient is that of the
 * sum over lanes, so psum transposes to psum, allGather to psumScatter, ppermute to the inverse
 * permutation and allToAll to the swapped allToAll.
 */
import { bind } from '../../array/ndarray';
import type { AllGatherParams, AllToAllParams, CollectiveParams, PpermuteParams, PsumScatterParams } from '../../collectives/primitives';
import { div, mul, type JvpRule, type VjpRule } from './types';

const linear = (prim: 'psum' | 'all_gather' | 'ppermute' | 'all_to_all' | 'psum_scatter'): JvpRule => (_x, [t], p) => (t ? bind(prim, [t], p) : null);

/** The lanes holding the extremum, weighted to split ties across lanes. */
function laneWeights(x: Parameters<JvpRule>[0][0], out: Parameters<JvpRule>[3], p: CollectiveParams) {
  const hit = bind('convert', [bind('eq', [x!, out])], { dtype: x!.dtype });
  return div(hit, bind('psum', [hit], p));
}

export const collectiveJvpRules = {
  psum: linear('psum'),
  pmax: (([x], [t], p: CollectiveParams, out) => (t ? bind('psum', [mul(t, laneWeights(x!, out, p))], p) : null)) satisfies JvpRule,
  pmin: (([x], [t], p: CollectiveParams, out) => (t ? bind('psum', [mul(t, laneWeights(x!, out, p))], p) : null)) satisfies JvpRule,
  axis_index: (() => null) satisfies JvpRule,
  all_gather: linear('all_gather'),
  ppermute: linear('ppermute'),
  all_to_all: linear('all_to_all'),
  psum_scatter: linear('psum_scatter'),
};

export const collectiveVjpRules = {
  psum: ((ct, _x, p: CollectiveParams) => [bind('psum', [ct], p)]) satisfies VjpRule,
  pmax: ((ct, [x], p: CollectiveParams, out) => [mul(bind('psum', [ct], p), laneWeights(x!, out, p))]) satisfies VjpRule,
  pmin: ((ct, [x], p: CollectiveParams, out) => [mul(bind('psum', [ct], p), laneWeights(x!, out, p))]) satisfies VjpRule,
  axis_index: (() => []) satisfies VjpRule,
  all_gather: ((ct, _x, p: AllGatherParams) => [
    bind('psum_scatter', [ct], { name: p.name, level: p.level, size: p.size, scatterDimension: p.axis, tiled: p.tiled }),
  ]) satisfies VjpRule,
  ppermute: ((ct, _x, p: PpermuteParams) => [bind('ppermute', [ct], { ...p, perm: p.perm.map(([s, d]) => [d, s]) })]) satisfies VjpRule,
  all_to_all: ((ct, _x, p: AllToAllParams) => [
    bind('all_to_all', [ct], { ...p, splitAxis: p.concatAxis, concatAxis: p.splitAxis }),
  ]) satisfies VjpRule,
  psum_scatter: ((ct, _x, p: PsumScatterParams) => [
    bind('all_gather', [ct], { name: p.name, level: p.level, size: p.size, axis: p.scatterDimension, tiled: p.tiled }),
  ]) satisfies VjpRule,
};
