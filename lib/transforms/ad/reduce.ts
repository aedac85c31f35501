/** Derivatives of reductions, scans, sorts and dot_general. */
import { bind, constant, type NDArray } from '../../array/ndarray';
import type { AxesParams, AxisParams, CumParams } from '../../array/primitives/reduce';
import type { DotGeneralParams } from '../../array/primitives/dot';
import { moveAxisPerm, range } from '../../array/shape';
import { add, addMaybe, differentiable, div, mul, select, zerosLike, type JvpRule, type VjpRule } from './types';

/** Broadcasts a reduced value back over the reduced axes. */
const expandBack = (r: NDArray, x: NDArray, axes: readonly number[]): NDArray =>
  bind('broadcast_in_dim', [r], { shape: x.shape, broadcastDimensions: range(x.ndim).filter((d) => !axes.includes(d)) });

const sumAxes = (x: NDArray, axes: readonly number[]) => bind('reduce_sum', [x], { axes });

/** Where x attains the reduced extremum, as weights that split ties evenly. */
function extremumWeights(x: NDArray, out: NDArray, axes: readonly number[]): NDArray {
  const hit = bind('convert', [bind('eq', [x, expandBack(out, x, axes)])], { dtype: x.dtype });
  return div(hit, expandBack(sumAxes(hit, axes), x, axes));
}

/**
 * Product of all other elements of each reduced group, without dividing (zeros are fine):
 * exclusive prefix products times exclusive suffix products over the flattened reduced axes.
 */
function othersProduct(x: NDArray, axes: readonly number[]): NDArray {
  const kept = range(x.ndim).filter((d) => !axes.includes(d));
  const sorted = [...axes].sort((a, b) => a - b);
  const perm = [...kept, ...sorted];
  const t = bind('transpose', [x], { permutation: perm });
  const lead = kept.map((d) => x.shape[d]!);
  const m = sorted.reduce((acc, d) => acc * x.shape[d]!, 1);
  const flat = bind('reshape', [t], { newSizes: [...lead, m] });
  const last = lead.length;
  const one = constant(1, x.dtype);
  const shiftConfig = (lo: number, hi: number) => [...lead.map(() => [0, 0, 0] as const), [lo, hi, 0] as const];
  const left = bind('pad', [bind('cumprod', [flat], { axis: last, reverse: false }), one], { config: shiftConfig(1, -1) });
  const right = bind('pad', [bind('cumprod', [flat], { axis: last, reverse: true }), one], { config: shiftConfig(-1, 1) });
  const others = bind('reshape', [mul(left, right)], { newSizes: t.shape });
  const inv = new Array<number>(perm.length);
  perm.forEach((d, i) => (inv[d] = i));
  return bind('transpose', [others], { permutation: inv });
}

/** `x` restricted to [lo, hi) along `axis`. */
function sliceAxis(x: NDArray, axis: number, lo: number, hi: number): NDArray {
  const start = x.shape.map((_, d) => (d === axis ? lo : 0));
  const limit = x.shape.map((n, d) => (d === axis ? hi : n));
  return bind('slice', [x], { start, limit, strides: x.shape.map(() => 1) });
}

/** `x` shifted one place along `axis` (towards the end, or the start if `back`), `v` filling the gap. */
function shiftAxis(x: NDArray, axis: number, back: boolean, v: number): NDArray {
  const config = x.shape.map((_, d) => (d !== axis ? ([0, 0, 0] as const) : back ? ([-1, 1, 0] as const) : ([1, -1, 0] as const)));
  return bind('pad', [x, constant(v, x.dtype)], { config });
}

/**
 * The linear recurrence d_i = a_i d_{i-1} + b_i along `axis` (d_{-1} = 0; `reverse`: d_i = a_i d_{i+1} + b_i),
 * by Hillis–Steele doubling over the pairs (a, b) composed as (a1, b1)∘(a2, b2) = (a1 a2, b1 a2 + b2):
 * log2(n) steps of whole-array slices, products and concatenations, linear in b (so it transposes) and
 * with no division (so zeros in a are fine). Edge elements are concatenated, not combined with a
 * padded identity, so an infinite a_i never meets a fake 0.
 */
function linearRecurrence(a: NDArray, b: NDArray, axis: number, reverse: boolean): NDArray {
  const n = a.shape[axis]!;
  const cat = (parts: NDArray[]) => bind('concatenate', parts, { dimension: axis });
  for (let s = 1; s < n; s *= 2) {
    // forward: element i takes in the block ending at i - s; reverse: the block starting at i + s
    const [keep, near, far] = reverse ? [[n - s, n], [0, n - s], [s, n]] : [[0, s], [s, n], [0, n - s]];
    const piece = (v: NDArray, r: number[]) => sliceAxis(v, axis, r[0]!, r[1]!);
    const aNear = piece(a, near);
    const bNew = add(mul(aNear, piece(b, far)), piece(b, near));
    const aNew = mul(aNear, piece(a, far));
    b = reverse ? cat([bNew, piece(b, keep)]) : cat([piece(b, keep), bNew]);
    if (2 * s < n) a = reverse ? cat([aNew, piece(a, keep)]) : cat([piece(a, keep), aNew]);
  }
  return b;
}

/**
 * cumprod's tangent without dividing by x: d_i = x_i d_{i-1} + t_i P_{i-1}, with P the exclusive
 * cumulative product (JAX differentiates an associative scan; this is that scan's tangent recurrence).
 */
const cumprodJvp = (x: NDArray, t: NDArray, p: CumParams, out: NDArray): NDArray =>
  linearRecurrence(x, mul(t, shiftAxis(out, p.axis, p.reverse, 1)), p.axis, p.reverse);

/** Its transpose: g_j = ct_j + x_{j+1} g_{j+1} (the reverse recurrence), times P_{j-1}. */
const cumprodVjp = (ct: NDArray, x: NDArray, p: CumParams, out: NDArray): NDArray =>
  mul(linearRecurrence(shiftAxis(x, p.axis, !p.reverse, 1), ct, p.axis, !p.reverse), shiftAxis(out, p.axis, p.reverse, 1));

/** Positions (along `axis`) each scanned output came from: for cummax/cummin. */
function scanSource(x: NDArray, out: NDArray, p: CumParams): NDArray {
  const n = x.shape[p.axis]!;
  const iota = bind('iota', [], { dtype: 'int32', shape: x.shape, dimension: p.axis });
  // a NaN output came from the latest NaN input (NaN != NaN, so eq alone would find no source)
  const isNan = (v: NDArray) => bind('ne', [v, v]);
  const hit = bind('or', [bind('eq', [x, out]), bind('and', [isNan(x), isNan(out)])]);
  const miss = constant(p.reverse ? n : -1, 'int32', x.shape);
  return bind(p.reverse ? 'cummin' : 'cummax', [select(hit, iota, miss)], { axis: p.axis, reverse: p.reverse });
}

/** take-along-axis and its adjoint, by moving `axis` last and using the batch dims of gather/scatter. */
function alongAxis(axis: number, nd: number) {
  const toLast = moveAxisPerm(nd, axis, nd - 1), back = moveAxisPerm(nd, nd - 1, axis);
  const tr = (v: NDArray, perm: number[]) => bind('transpose', [v], { permutation: perm });
  const gp = { axis: nd - 1, batchDims: nd - 1 };
  return {
    take: (v: NDArray, idx: NDArray) => tr(bind('gather', [tr(v, toLast), tr(idx, toLast)], gp), back),
    put: (v: NDArray, idx: NDArray, like: NDArray) =>
      tr(bind('scatter_add', [tr(zerosLike(like), toLast), tr(idx, toLast), tr(v, toLast)], gp), back),
  };
}

/** The lhs/rhs cotangents of dot_general, as dot_generals plus a transpose back to operand order. */
function dotTranspose(ct: NDArray, l: NDArray, r: NDArray, p: DotGeneralParams): [NDArray, NDArray] {
  const [lc, rc] = p.contracting, [lb, rb] = p.batch;
  const nb = lb.length;
  const lf = range(l.ndim).filter((d) => !lc.includes(d) && !lb.includes(d));
  const rf = range(r.ndim).filter((d) => !rc.includes(d) && !rb.includes(d));
  const ctL = range(lf.length).map((i) => nb + i), ctR = range(rf.length).map((i) => nb + lf.length + i), ctB = range(nb);
  // ct . rhs over rhs's free dims -> [batch, lhs free, rhs contracting (ascending)]
  const gl = bind('dot_general', [ct, r], { contracting: [ctR, rf], batch: [ctB, rb] });
  const rcSorted = [...rc].sort((a, b) => a - b);
  const permL = range(l.ndim).map((a) =>
    lb.includes(a) ? lb.indexOf(a) : lf.includes(a) ? nb + lf.indexOf(a) : nb + lf.length + rcSorted.indexOf(rc[lc.indexOf(a)]!),
  );
  // lhs . ct over lhs's free dims -> [batch, lhs contracting (ascending), rhs free]
  const gr = bind('dot_general', [l, ct], { contracting: [lf, ctL], batch: [lb, ctB] });
  const lcSorted = [...lc].sort((a, b) => a - b);
  const permR = range(r.ndim).map((a) =>
    rb.includes(a) ? rb.indexOf(a) : rf.includes(a) ? nb + lc.length + rf.indexOf(a) : nb + lcSorted.indexOf(lc[rc.indexOf(a)]!),
  );
  return [bind('transpose', [gl], { permutation: permL }), bind('transpose', [gr], { permutation: permR })];
}

const none: JvpRule = () => null;
const noneVjp: VjpRule = (_ct, xs) => xs.map(() => null);

export const reduceJvpRules = {
  reduce_sum: (([, ], [t], p: AxesParams) => (t ? sumAxes(t, p.axes) : null)) satisfies JvpRule,
  reduce_prod: (([x], [t], p: AxesParams) => (t ? sumAxes(mul(t, othersProduct(x!, p.axes)), p.axes) : null)) satisfies JvpRule,
  reduce_max: (([x], [t], p: AxesParams, out) => (t && differentiable(x!) ? sumAxes(mul(t, extremumWeights(x!, out, p.axes)), p.axes) : null)) satisfies JvpRule,
  reduce_min: (([x], [t], p: AxesParams, out) => (t && differentiable(x!) ? sumAxes(mul(t, extremumWeights(x!, out, p.axes)), p.axes) : null)) satisfies JvpRule,
  argmax: none,
  argmin: none,
  cumsum: (([, ], [t], p: CumParams) => (t ? bind('cumsum', [t], p) : null)) satisfies JvpRule,
  cumprod: (([x], [t], p: CumParams, out) => (t ? cumprodJvp(x!, t, p, out) : null)) satisfies JvpRule,
  cummax: (([x], [t], p: CumParams, out) => (t ? alongAxis(p.axis, x!.ndim).take(t, scanSource(x!, out, p)) : null)) satisfies JvpRule,
  cummin: (([x], [t], p: CumParams, out) => (t ? alongAxis(p.axis, x!.ndim).take(t, scanSource(x!, out, p)) : null)) satisfies JvpRule,
  sort: (([x], [t], p: AxisParams) => (t ? alongAxis(p.axis, x!.ndim).take(t, bind('argsort', [x!], p)) : null)) satisfies JvpRule,
  argsort: none,
  dot_general: (([l, r], [tl, tr], p: DotGeneralParams) =>
    addMaybe(tl ? bind('dot_general', [tl, r!], p) : null, tr ? bind('dot_general', [l!, tr], p) : null)) satisfies JvpRule,
};

export const reduceVjpRules = {
  reduce_sum: ((ct, [x], p: AxesParams) => [expandBack(ct, x!, p.axes)]) satisfies VjpRule,
  reduce_prod: ((ct, [x], p: AxesParams) => [mul(expandBack(ct, x!, p.axes), othersProduct(x!, p.axes))]) satisfies VjpRule,
  reduce_max: ((ct, [x], p: AxesParams, out) => [differentiable(x!) ? mul(expandBack(ct, x!, p.axes), extremumWeights(x!, out, p.axes)) : null]) satisfies VjpRule,
  reduce_min: ((ct, [x], p: AxesParams, out) => [differentiable(x!) ? mul(expandBack(ct, x!, p.axes), extremumWeights(x!, out, p.axes)) : null]) satisfies VjpRule,
  argmax: noneVjp,
  argmin: noneVjp,
  cumsum: ((ct, _x, p: CumParams) => [bind('cumsum', [ct], { axis: p.axis, reverse: !p.reverse })]) satisfies VjpRule,
  cumprod: ((ct, [x], p: CumParams, out) => [cumprodVjp(ct, x!, p, out)]) satisfies VjpRule,
  cummax: ((ct, [x], p: CumParams, out) => [alongAxis(p.axis, x!.ndim).put(ct, scanSource(x!, out, p), x!)]) satisfies VjpRule,
  cummin: ((ct, [x], p: CumParams, out) => [alongAxis(p.axis, x!.ndim).put(ct, scanSource(x!, out, p), x!)]) satisfies VjpRule,
  sort: ((ct, [x], p: AxisParams) => [alongAxis(p.axis, x!.ndim).put(ct, bind('argsort', [x!], p), x!)]) satisfies VjpRule,
  argsort: noneVjp,
  dot_general: ((ct, [l, r], p: DotGeneralParams) => dotTranspose(ct, l!, r!, p)) satisfies VjpRule,
};

