/** Products: dot, vdot, matmul, outer, inner, tensordot, einsum — all one dot_general each. */
import { asArray, type ArrayLike } from '../array/create';
import { bind, type NDArray } from '../array/ndarray';
import { broadcastShapes, range, ShapeError } from '../array/shape';
import { multiply } from './math';
import { ravel, reshape, transpose } from './manip';
import { sum } from './reductions';
import { broadcastTo, promote } from './util';

/** Operands of a product: promoted to one dtype, bools counted as int32. */
function operands(x: ArrayLike, y: ArrayLike): [NDArray, NDArray] {
  const [a, b] = promote(x, y);
  const fix = (v: NDArray) => (v.dtype === 'bool' ? bind('convert', [v], { dtype: 'int32' }) : v);
  return [fix(a!), fix(b!)];
}

const dotGeneral = (a: NDArray, b: NDArray, contracting: [number[], number[]], batch: [number[], number[]] = [[], []]) =>
  bind('dot_general', [a, b], { contracting, batch });

/**
 * numpy.dot: scalars multiply; otherwise contract a's last axis with b's second-to-last (or only) axis.
 * @example np.dot([1, 2, 3], [4, 5, 6]).item() // 32
 */
export function dot(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = operands(x, y);
  if (a.ndim === 0 || b.ndim === 0) return multiply(a, b);
  return dotGeneral(a, b, [[a.ndim - 1], [Math.max(0, b.ndim - 2)]]);
}

/**
 * Inner product of the flattened arrays.
 * @example np.vdot([1, 2], [3, 4]).item() // 11
 */
export function vdot(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = operands(x, y);
  return dotGeneral(ravel(a), ravel(b), [[0], [0]]);
}

/**
 * Contracts the last axes of both.
 * @example np.inner([1, 2], [3, 4]).item() // 11
 */
export function inner(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = operands(x, y);
  if (a.ndim === 0 || b.ndim === 0) return multiply(a, b);
  return dotGeneral(a, b, [[a.ndim - 1], [b.ndim - 1]]);
}

/**
 * `out[i, j] = a[i] * b[j]` of the flattened arrays.
 * @example np.outer([1, 2], [3, 4]).toArray() // [[3, 4], [6, 8]]
 */
export function outer(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = operands(x, y);
  return multiply(reshape(a, [-1, 1]), reshape(b, [1, -1]));
}

/**
 * Matrix product with numpy's rules: leading axes are batch axes and broadcast; a 1-d operand is a
 * vector (its axis is dropped from the result). The batch axes become dot_general batch dims.
 * @example np.matmul([[1, 2], [3, 4]], [[1], [1]]).toArray() // [[3], [7]]
 */
export function matmul(x: ArrayLike, y: ArrayLike): NDArray {
  let [a, b] = operands(x, y);
  if (a.ndim === 0 || b.ndim === 0) throw new ShapeError(`matmul: operands must be at least 1-d, got shapes (${a.shape.join(', ')}) and (${b.shape.join(', ')})`);
  const aVec = a.ndim === 1, bVec = b.ndim === 1;
  if (aVec || bVec) {
    // a vector side contracts directly (no reshape to a matrix), so under vmap a mapped vector is
    // dot_general's only free rhs axis and the batching rule can keep it leading
    const ka = aVec ? 0 : a.ndim - 1, kb = bVec ? 0 : b.ndim - 2;
    if (a.shape[ka] !== b.shape[kb])
      throw new ShapeError(`matmul: contraction mismatch: shapes (${a.shape.join(', ')}) and (${b.shape.join(', ')}): ${a.shape[ka]} != ${b.shape[kb]}`);
    return dotGeneral(a, b, [[ka], [kb]], [[], []]);
  }
  if (a.shape[a.ndim - 1] !== b.shape[b.ndim - 2])
    throw new ShapeError(`matmul: contraction mismatch: shapes (${a.shape.join(', ')}) and (${b.shape.join(', ')}): ${a.shape[a.ndim - 1]} != ${b.shape[b.ndim - 2]}`);
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  a = broadcastTo(a, [...batch, ...a.shape.slice(-2)]);
  b = broadcastTo(b, [...batch, ...b.shape.slice(-2)]);
  const nb = batch.length;
  return dotGeneral(a, b, [[nb + 1], [nb]], [range(nb), range(nb)]);
}

/**
 * Contracts `axes` (a count of trailing/leading axes, or explicit lists) of a and b.
 * @example np.tensordot(np.ones([2, 3]), np.ones([3, 4]), 1).shape // [2, 4]
 */
export function tensordot(x: ArrayLike, y: ArrayLike, axes: number | readonly [number | readonly number[], number | readonly number[]] = 2): NDArray {
  const [a, b] = operands(x, y);
  let ca: number[], cb: number[];
  if (typeof axes === 'number') {
    if (axes < 0 || axes > a.ndim || axes > b.ndim) throw new ShapeError(`tensordot: axes=${axes} exceeds the ranks ${a.ndim} and ${b.ndim}`);
    ca = range(axes).map((i) => a.ndim - axes + i);
    cb = range(axes);
  } else {
    const norm = (v: number | readonly number[], nd: number) => (typeof v === 'number' ? [v] : [...v]).map((d) => (d < 0 ? d + nd : d));
    ca = norm(axes[0], a.ndim);
    cb = norm(axes[1], b.ndim);
  }
  return dotGeneral(a, b, [ca, cb]);
}

/**
 * Einstein summation with an explicit output (`'ij,jk->ik'`), for one or more operands. Labels in
 * both operands and the output are batch dims; labels in both but not needed later are contracted.
 * @example np.einsum('ij,j->i', [[1, 2], [3, 4]], [1, 1]).toArray() // [3, 7]
 */
export function einsum(subscripts: string, ...xs: ArrayLike[]): NDArray {
  const m = /^([a-zA-Z,\s]*)->([a-zA-Z\s]*)$/.exec(subscripts);
  if (!m) throw new SyntaxError(`einsum: expected explicit subscripts like 'ij,jk->ik', got '${subscripts}'`);
  const ins = m[1]!.replace(/\s/g, '').split(',');
  const outLabels = m[2]!.replace(/\s/g, '');
  if (ins.length !== xs.length) throw new ShapeError(`einsum: '${subscripts}' names ${ins.length} operands, got ${xs.length}`);
  const arrays = promote(...xs.map((x) => asArray(x))).map((v) => (v.dtype === 'bool' ? bind('convert', [v], { dtype: 'int32' }) : v));
  const sizes = new Map<string, number>();
  ins.forEach((labels, k) => {
    const a = arrays[k]!;
    if (labels.length !== a.ndim) throw new ShapeError(`einsum: operand ${k} has rank ${a.ndim} but '${labels}' names ${labels.length} axes`);
    if (new Set(labels).size !== labels.length) throw new ShapeError(`einsum: repeated label in '${labels}' (diagonals are not supported)`);
    [...labels].forEach((l, d) => {
      const s = sizes.get(l);
      if (s !== undefined && s !== a.shape[d]) throw new ShapeError(`einsum: label '${l}' has size ${s} and ${a.shape[d]}`);
      sizes.set(l, a.shape[d]!);
    });
  });
  for (const l of outLabels) if (!sizes.has(l)) throw new ShapeError(`einsum: output label '${l}' appears in no operand`);
  // sum away labels an operand alone has and nobody else needs
  const needed = (k: number, cur: string) => new Set([...outLabels, ...ins.filter((_, j) => j !== k).join('')].filter((l) => cur.includes(l)));
  let acc = arrays[0]!, accL = ins[0]!;
  const reduceLonely = (a: NDArray, labels: string, keep: Set<string>): [NDArray, string] => {
    const drop = [...labels].map((l, d) => (keep.has(l) ? -1 : d)).filter((d) => d >= 0);
    return drop.length ? [sum(a, drop), [...labels].filter((l) => keep.has(l)).join('')] : [a, labels];
  };
  [acc, accL] = reduceLonely(acc, accL, needed(0, accL));
  for (let k = 1; k < arrays.length; k++) {
    const [b, bL] = reduceLonely(arrays[k]!, ins[k]!, new Set([...outLabels, ...ins.filter((_, j) => j !== k).join('')]));
    const later = new Set([...outLabels, ...ins.slice(k + 1).join('')]);
    const shared = [...accL].filter((l) => bL.includes(l));
    const batch = shared.filter((l) => later.has(l));
    const contract = shared.filter((l) => !later.has(l));
    acc = dotGeneral(acc, b, [contract.map((l) => accL.indexOf(l)), contract.map((l) => bL.indexOf(l))], [batch.map((l) => accL.indexOf(l)), batch.map((l) => bL.indexOf(l))]);
    accL = batch.join('') + [...accL].filter((l) => !shared.includes(l)).join('') + [...bL].filter((l) => !shared.includes(l)).join('');
  }
  [acc, accL] = reduceLonely(acc, accL, new Set(outLabels));
  if (accL.length !== outLabels.length) throw new ShapeError(`einsum: cannot produce '${outLabels}' from '${accL}'`);
  return transpose(acc, [...outLabels].map((l) => accL.indexOf(l)));
}
