/**
 * Derivatives of the general gather and scatter, after jax/_src/lax/slicing.py: gather and
 * scatter-add are each other's transposes; a replacing scatter differentiates as a scatter of the
 * tangents (our kernels combine in index order, so the winner of a duplicate index is fixed and the
 * tangent scatter picks the same one); scatter_mul and scatter_min/max follow JAX's JVPs, written
 * out transposed for the VJP.
 */
import { bind, constant, type NDArray } from '../../array/ndarray';
import type { GatherGeneralParams, ScatterCombiner, ScatterGeneralParams } from '../../array/primitives/gather';
import { add, div, fill, mul, orZeros, select, zerosLike, type JvpRule, type VjpRule } from './types';

/** The gather that reads back what a scatter of `updShape` updates wrote (JAX's inverse gather). */
export function inverseGather(p: ScatterGeneralParams, opShape: readonly number[], updShape: readonly number[]): GatherGeneralParams {
  const dn = p.dimensionNumbers;
  let pos = 0;
  const sliceSizes = opShape.map((_, i) =>
    dn.insertedWindowDims.includes(i) || dn.operandBatchingDims.includes(i) ? 1 : updShape[dn.updateWindowDims[pos++]!]!,
  );
  const dimensionNumbers = {
    offsetDims: dn.updateWindowDims,
    collapsedSliceDims: dn.insertedWindowDims,
    startIndexMap: dn.scatterDimsToOperandDims,
    operandBatchingDims: dn.operandBatchingDims,
    startIndicesBatchingDims: dn.scatterIndicesBatchingDims,
  };
  return { dimensionNumbers, sliceSizes, mode: p.mode, fillValue: '0', indicesAreSorted: p.indicesAreSorted, uniqueIndices: p.uniqueIndices };
}

/** The scatter-add that is the transpose of a gather. */
function adjointScatter(p: GatherGeneralParams): ScatterGeneralParams {
  const dn = p.dimensionNumbers;
  const dimensionNumbers = {
    updateWindowDims: dn.offsetDims,
    insertedWindowDims: dn.collapsedSliceDims,
    scatterDimsToOperandDims: dn.startIndexMap,
    operandBatchingDims: dn.operandBatchingDims,
    scatterIndicesBatchingDims: dn.startIndicesBatchingDims,
  };
  return { dimensionNumbers, combiner: 'add', mode: p.mode, indicesAreSorted: p.indicesAreSorted, uniqueIndices: p.uniqueIndices };
}

const scatterWith = (c: ScatterCombiner, p: ScatterGeneralParams, op: NDArray, idx: NDArray, upd: NDArray): NDArray =>
  bind('scatter_general', [op, idx, upd], { ...p, combiner: c });
const eq = (a: NDArray, b: NDArray): NDArray => bind('eq', [a, b]);

/** Reads a scatter's windows back from `x` (out-of-range windows read `fillValue`). */
const gatherBack = (x: NDArray, idx: NDArray, upd: NDArray, p: ScatterGeneralParams, fillValue = '0'): NDArray =>
  bind('gather_general', [x, idx], { ...inverseGather(p, x.shape, upd.shape), fillValue });

/** Which updates a replacing scatter kept: JAX's ids trick (scatter 1-based update ids, read them back). */
function winners(idx: NDArray, upd: NDArray, op: NDArray, p: ScatterGeneralParams): NDArray {
  const windowDims = p.dimensionNumbers.updateWindowDims;
  const idsShape = upd.shape.map((s, d) => (windowDims.includes(d) ? 1 : s));
  const count = idsShape.reduce((a, b) => a * b, 1);
  const iota = bind('iota', [], { dtype: 'int32', shape: [count], dimension: 0 });
  const flat = add(iota, fill(1, iota));
  const ids = bind('broadcast_in_dim', [bind('reshape', [flat], { newSizes: idsShape })], {
    shape: upd.shape,
    broadcastDimensions: upd.shape.map((_, d) => d),
  });
  const scattered = scatterWith('replace', p, bind('convert', [zerosLike(op)], { dtype: 'int32' }), idx, ids);
  return eq(gatherBack(scattered, idx, upd, p), ids);
}

/**
 * For each update u of a scatter_mul, the product of the other updates that hit the same element:
 * what d out / d u multiplies besides the operand. Computed without dividing (a quotient overflows,
 * underflows, and has no second derivative at zeros): the updates are sorted by the operand element
 * they hit, and each one's exclusive prefix and suffix products within its run of equal targets are
 * multiplied, by Hillis–Steele doubling over whole arrays. A polynomial in the updates, so every order
 * of derivative is exact. (JAX refuses this gradient unless the indices are unique.)
 */
function productOfOthers(op: NDArray, idx: NDArray, upd: NDArray, p: ScatterGeneralParams): NDArray {
  const n = upd.shape.reduce((a, b) => a * b, 1);
  if (n === 0) return fill(1, upd);
  // the operand element each update element lands on; a dropped one (read back as -1) gets a key of
  // its own, -2 - its position, so it is alone in its run (its product of others is 1)
  const size = op.shape.reduce((a, b) => a * b, 1);
  const iota = (k: number) => bind('iota', [], { dtype: 'int32', shape: [k], dimension: 0 });
  const positions = bind('reshape', [iota(size)], { newSizes: op.shape });
  const landed = bind('reshape', [gatherBack(positions, idx, upd, p, '-1')], { newSizes: [n] });
  const target = select(eq(landed, fill(-1, landed)), bind('sub', [fill(-2, landed), iota(n)]), landed);
  const order = bind('argsort', [target], { axis: 0 });
  const take = (x: NDArray, at: NDArray) => bind('gather', [x, at], { axis: 0, batchDims: 0 });
  const t = take(target, order), u = take(bind('reshape', [upd], { newSizes: [n] }), order);
  const before = exclusiveRunProduct(u, t);
  const rev = (x: NDArray) => bind('rev', [x], { dimensions: [0] });
  const after = rev(exclusiveRunProduct(rev(u), rev(t)));
  // back to the updates' order: the inverse permutation of `order`
  const others = take(mul(before, after), bind('argsort', [order], { axis: 0 }));
  return bind('reshape', [others], { newSizes: upd.shape });
}

/** Along a 1-d `u` whose run keys `t` are sorted: the product of the earlier elements of each run. */
function exclusiveRunProduct(u: NDArray, t: NDArray): NDArray {
  const n = u.shape[0]!;
  const shift = (x: NDArray, s: number, v: number) => bind('pad', [x, constant(v, x.dtype)], { config: [[s, -s, 0]] });
  // inclusive products over runs by doubling: at step s, multiply in the value s back if it is in the run
  let inc = u;
  for (let s = 1; s < n; s *= 2) inc = mul(inc, select(eq(shift(t, s, -2), t), shift(inc, s, 1), fill(1, inc)));
  return select(eq(shift(t, 1, -2), t), shift(inc, 1, 1), fill(1, u));
}

/**
 * JAX's `_scatter_extremal_jvp` coefficients: the tangent is scatter_add(t_op, idx, gather(t_op) *
 * operandCoef + t_upd * updatesCoef); ties between the winners (and the operand) share it equally.
 */
function extremalCoefs(op: NDArray, idx: NDArray, upd: NDArray, out: NDArray, p: ScatterGeneralParams) {
  const zero = zerosLike(upd), one = fill(1, upd);
  const initial = gatherBack(op, idx, upd, p);
  const target = gatherBack(out, idx, upd, p, 'NaN'); // a dropped window matches nothing
  const successful = eq(upd, target), retained = eq(initial, target);
  const numUpdates = gatherBack(scatterWith('add', p, zerosLike(op), idx, select(successful, one, zero)), idx, upd, p);
  const numRefs = gatherBack(scatterWith('add', p, zerosLike(op), idx, one), idx, upd, p);
  const shared = div(one, add(numUpdates, one));
  const updatesCoef = select(successful, select(retained, shared, div(one, numUpdates)), zero);
  const operandCoef = div(add(fill(-1, upd), select(retained, shared, zero)), numRefs);
  return { operandCoef, updatesCoef };
}

const scatterJvp: JvpRule = ([op, idx, upd], [top, , tupd], p: ScatterGeneralParams, out) => {
  if (!top && !tupd) return null;
  switch (p.combiner) {
    case 'add':
    case 'replace':
      return scatterWith(p.combiner, p, orZeros(top, op!), idx!, orZeros(tupd, upd!));
    case 'mul': {
      const fromOp = top ? scatterWith('mul', p, top, idx!, upd!) : null;
      if (!tupd) return fromOp;
      const weighted = p.uniqueIndices ? tupd : mul(tupd, productOfOthers(op!, idx!, upd!, p));
      const fromUpd = mul(op!, scatterWith('add', p, zerosLike(op!), idx!, weighted));
      return fromOp ? add(fromOp, fromUpd) : fromUpd;
    }
    case 'min':
    case 'max': {
      const { operandCoef, updatesCoef } = extremalCoefs(op!, idx!, upd!, out, p);
      const t = orZeros(top, op!);
      const spread = add(mul(gatherBack(t, idx!, upd!, p), operandCoef), mul(orZeros(tupd, upd!), updatesCoef));
      return scatterWith('add', p, t, idx!, spread);
    }
  }
};

const scatterVjp: VjpRule = (ct, [op, idx, upd], p: ScatterGeneralParams, out) => {
  const back = (x: NDArray) => gatherBack(x, idx!, upd!, p);
  switch (p.combiner) {
    case 'add':
      return [ct, null, back(ct)];
    case 'replace': {
      const ctUpd = back(ct);
      const kept = p.uniqueIndices ? ctUpd : select(winners(idx!, upd!, op!, p), ctUpd, zerosLike(ctUpd));
      return [scatterWith('replace', p, ct, idx!, zerosLike(upd!)), null, kept];
    }
    case 'mul': {
      const ctUpd = back(mul(ct, op!));
      return [scatterWith('mul', p, ct, idx!, upd!), null, p.uniqueIndices ? ctUpd : mul(ctUpd, productOfOthers(op!, idx!, upd!, p))];
    }
    case 'min':
    case 'max': {
      const { operandCoef, updatesCoef } = extremalCoefs(op!, idx!, upd!, out, p);
      const ctBack = back(ct);
      return [add(ct, scatterWith('add', p, zerosLike(op!), idx!, mul(ctBack, operandCoef))), null, mul(ctBack, updatesCoef)];
    }
  }
};

export const gatherJvpRules = {
  gather_general: (([, idx], [t], p: GatherGeneralParams) => (t ? bind('gather_general', [t, idx!], { ...p, fillValue: '0' }) : null)) satisfies JvpRule,
  scatter_general: scatterJvp,
};

export const gatherVjpRules = {
  gather_general: ((ct, [op, idx], p: GatherGeneralParams) => [bind('scatter_general', [zerosLike(op!), idx!, ct], adjointScatter(p)), null]) satisfies VjpRule,
  scatter_general: scatterVjp,
};
