/**
 * Collectives as users call them (exported from `lax` and the package root). A name resolves to the
 * innermost vmap bound to it when the collective is called; several names compose single-name
 * primitives (reductions nest; the rest are written with allGather and axisIndex).
 */
import { asArray, type ArrayLike } from '../array/create';
import { bind, constant, isNDArray, type NDArray } from '../array/ndarray';
import { canonicalizeAxis, fmtShape, ShapeError } from '../array/shape';
import { map as treeMap } from '../pytree';
import { lookupAxis, namesInScope, type AxisFrame } from '../transforms/trace';
import { divide, where } from '../numpy/math';
import { take } from '../numpy/manip';
import { moveaxis, reshape } from '../numpy/manip';
import { CollectiveError } from './primitives';

export { CollectiveError };

export type AxisName = string | number | symbol | object;

const showName = (n: unknown) => (typeof n === 'string' ? `'${n}'` : String(n));

/** One name or a list of names, as a list. */
const nameList = (axisName: AxisName | readonly AxisName[]): AxisName[] =>
  Array.isArray(axisName) ? [...(axisName as readonly AxisName[])] : [axisName as AxisName];

/** Resolves one or several names (outermost-first order is kept) to their vmap frames. */
function resolve(api: string, axisName: AxisName | readonly AxisName[]): AxisFrame[] {
  const names = Array.isArray(axisName) ? (axisName as readonly AxisName[]) : [axisName as AxisName];
  if (names.length === 0) throw new CollectiveError(`${api} needs at least one axis name`);
  if (new Set(names).size !== names.length) throw new CollectiveError(`${api}: axis names must be distinct, got [${names.map(showName).join(', ')}]`);
  return names.map((n) => {
    const f = lookupAxis(n);
    if (!f) {
      const scope = namesInScope();
      throw new CollectiveError(
        `unbound axis name: ${showName(n)} in ${api}. ` +
          (scope.length ? `The names in scope are ${scope.map(showName).join(', ')} (innermost first).` : 'No vmap with an axisName encloses this call.') +
          ` Bind it with vmap(f, { axisName: ${showName(n)} }).`,
      );
    }
    return f;
  });
}

const params = (f: AxisFrame) => ({ name: f.name, level: f.level, size: f.size });
const sizeOf = (frames: readonly AxisFrame[]) => frames.reduce((a, f) => a * f.size, 1);

/** Leaves of x as arrays; JS numbers are weak scalars, bools count as int32 in sums. */
function leafArray(x: unknown, api: string): NDArray {
  if (isNDArray(x)) return x;
  if (typeof x === 'number' || typeof x === 'boolean') return constant(Number(x), typeof x === 'boolean' ? 'bool' : 'float64', [], true);
  throw new CollectiveError(`${api} takes arrays or pytrees of arrays, got a leaf of type ${typeof x}`);
}

function reduction(prim: 'psum' | 'pmax' | 'pmin') {
  return <T>(x: T, axisName: AxisName | readonly AxisName[]): T => {
    const frames = resolve(prim, axisName);
    return treeMap((leaf: unknown) => {
      let v = leafArray(leaf, prim);
      if (prim === 'psum' && v.dtype === 'bool') v = bind('convert', [v], { dtype: 'int32' });
      for (const f of [...frames].reverse()) v = bind(prim, [v], params(f));
      return v;
    }, x) as T;
  };
}

/**
 * Sum over the named axis (or axes) of every leaf; the result is the same in every lane.
 * @example vmap((x: NDArray) => lax.psum(x, 'i'), { axisName: 'i' })(np.array([1, 2, 3])).toArray() // [6, 6, 6]
 */
export const psum = reduction('psum');
/**
 * The maximum over the named vmap axis (or axes) of every leaf of `x`; the result is the same in every lane.
 * @example vmap((x: NDArray) => lax.pmax(x, 'i'), { axisName: 'i' })(np.array([1, 3, 2])).toArray() // [3, 3, 3]
 */
export const pmax = reduction('pmax');
/**
 * The minimum over the named vmap axis (or axes) of every leaf of `x`; the result is the same in every lane.
 * @example vmap((x: NDArray) => lax.pmin(x, 'i'), { axisName: 'i' })(np.array([1, 3, 2])).toArray() // [1, 1, 1]
 */
export const pmin = reduction('pmin');

/**
 * Mean over the named axes: psum(x) / axisSize (integers average in float64).
 * @example vmap((x: NDArray) => lax.pmean(x, 'i'), { axisName: 'i' })(np.array([1, 2, 6])).toArray() // [3, 3, 3]
 */
export function pmean<T>(x: T, axisName: AxisName | readonly AxisName[]): T {
  const n = sizeOf(resolve('pmean', axisName));
  return treeMap((s: unknown) => divide(s as NDArray, n), psum(x, axisName)) as T;
}

/**
 * The size of the named axis (the product for several names).
 * @example vmap((x: NDArray) => np.add(x, lax.axisSize('i')), { axisName: 'i' })(np.zeros([3])).toArray() // [3, 3, 3]
 */
export const axisSize = (axisName: AxisName | readonly AxisName[]): number => sizeOf(resolve('axisSize', axisName));

/**
 * This lane's index along the named axis; row-major over several names.
 * @example vmap((x: NDArray) => np.add(x, lax.axisIndex('i')), { axisName: 'i' })(np.zeros([3])).toArray() // [0, 1, 2]
 */
export function axisIndex(axisName: AxisName | readonly AxisName[]): NDArray {
  const frames = resolve('axisIndex', axisName);
  let idx: NDArray | undefined;
  for (const f of frames) {
    const i = bind('axis_index', [], params(f));
    idx = idx === undefined ? i : bind('add', [bind('mul', [idx, constant(f.size, 'int32')]), i]);
  }
  return idx!;
}

export interface AllGatherOptions { readonly axis?: number; readonly tiled?: boolean }

/**
 * Every lane's x, stacked at `axis` (or concatenated along it when tiled).
 * @example vmap((x: NDArray) => lax.allGather(x, 'i'), { axisName: 'i' })(np.array([1, 2])).toArray() // [[1, 2], [1, 2]]
 */
export function allGather(x: ArrayLike, axisName: AxisName | readonly AxisName[], opts: AllGatherOptions = {}): NDArray {
  const frames = resolve('allGather', axisName);
  const tiled = opts.tiled ?? false;
  let v = asArray(x);
  const axis = canonicalizeAxis(opts.axis ?? 0, v.ndim + (tiled ? 0 : 1), 'allGather axis');
  if (tiled && v.ndim === 0) throw new ShapeError('allGather with tiled: true needs an array of rank >= 1');
  frames.reverse().forEach((f, k) => {
    v = bind('all_gather', [v], { ...params(f), axis, tiled });
    if (!tiled && k > 0) v = reshape(v, [...v.shape.slice(0, axis), v.shape[axis]! * v.shape[axis + 1]!, ...v.shape.slice(axis + 2)]);
  });
  return v;
}

/** Checks a permutation: [source, destination] pairs in range, no repeated source or destination. */
function checkPerm(perm: readonly (readonly [number, number])[], n: number, names: string): void {
  if (!Array.isArray(perm))
    throw new CollectiveError(`ppermute: perm must be an array of [source, destination] pairs of indices in [0, ${n}) for axis ${names}, got ${perm === null ? 'null' : typeof perm}`);
  const srcs = new Set<number>(), dsts = new Set<number>();
  for (const pair of perm) {
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((i) => Number.isInteger(i) && i >= 0 && i < n))
      throw new CollectiveError(`ppermute: each perm entry must be a [source, destination] pair of indices in [0, ${n}) for axis ${names} of size ${n}, got ${JSON.stringify(pair)}`);
    if (srcs.has(pair[0])) throw new CollectiveError(`ppermute: source ${pair[0]} appears twice in perm ${JSON.stringify(perm)}`);
    if (dsts.has(pair[1])) throw new CollectiveError(`ppermute: destination ${pair[1]} appears twice in perm ${JSON.stringify(perm)}`);
    srcs.add(pair[0]);
    dsts.add(pair[1]);
  }
}

/**
 * Sends lane src's x to lane dst for each [src, dst] pair; lanes no pair names receive zeros.
 * @example vmap((x: NDArray) => lax.ppermute(x, 'i', [[0, 1], [1, 2], [2, 0]]), { axisName: 'i' })(np.array([1, 2, 3])).toArray() // [3, 1, 2]
 */
export function ppermute(x: ArrayLike, axisName: AxisName | readonly AxisName[], perm: readonly (readonly [number, number])[]): NDArray {
  const frames = resolve('ppermute', axisName);
  const n = sizeOf(frames);
  checkPerm(perm, n, nameList(axisName).map(showName).join(', '));
  const v = asArray(x);
  if (frames.length === 1) return bind('ppermute', [v], { ...params(frames[0]!), perm: perm.map(([s, d]) => [s, d]) });
  // several names: gather every lane and pick by the linear index
  const src = new Array<number>(n).fill(0), has = new Array<boolean>(n).fill(false);
  for (const [s, d] of perm) [src[d], has[d]] = [s, true];
  const me = axisIndex(nameList(axisName));
  const picked = take(allGather(v, nameList(axisName)), take(asArray(src, 'int32'), me), 0);
  return where(take(asArray(has), me), picked, constant(0, v.dtype, v.shape));
}

export interface AllToAllOptions { readonly tiled?: boolean }

/**
 * Lane k receives chunk k of every lane's x (split along splitAxis), stacked or concatenated at concatAxis.
 * @example vmap((x: NDArray) => lax.allToAll(x, 'i', 0, 0), { axisName: 'i' })(np.array([[1, 2], [3, 4]])).toArray() // [[1, 3], [2, 4]]
 */
export function allToAll(x: ArrayLike, axisName: AxisName | readonly AxisName[], splitAxis: number, concatAxis: number, opts: AllToAllOptions = {}): NDArray {
  const frames = resolve('allToAll', axisName);
  const v = asArray(x);
  const tiled = opts.tiled ?? false;
  const split = canonicalizeAxis(splitAxis, v.ndim, 'allToAll splitAxis');
  const concat = canonicalizeAxis(concatAxis, v.ndim, 'allToAll concatAxis');
  const n = sizeOf(frames);
  const d = v.shape[split]!;
  if (tiled ? (n === 0 ? d !== 0 : d % n !== 0) : d !== n)
    throw new ShapeError(`allToAll requires the size of the mapped axis (${n}) to ${tiled ? 'divide' : 'equal'} x.shape[${split}] = ${d} (shape ${fmtShape(v.shape)})`);
  if (frames.length === 1) return bind('all_to_all', [v], { ...params(frames[0]!), splitAxis: split, concatAxis: concat, tiled });
  const names = nameList(axisName);
  let g = allGather(v, names); // [n, ...x]
  if (tiled) g = reshape(g, [...g.shape.slice(0, split + 1), n, n === 0 ? 0 : d / n, ...g.shape.slice(split + 2)]);
  const mine = moveaxis(take(g, axisIndex(names), split + 1), 0, concat); // [.., n at concat, ..]
  return tiled ? reshape(mine, [...mine.shape.slice(0, concat), n * mine.shape[concat + 1]!, ...mine.shape.slice(concat + 2)]) : mine;
}

export interface PsumScatterOptions { readonly scatterDimension?: number; readonly tiled?: boolean }

/**
 * The sum over lanes, of which lane k keeps slice k (or chunk k when tiled) of scatterDimension.
 * @example vmap((x: NDArray) => lax.psumScatter(x, 'i'), { axisName: 'i' })(np.array([[1, 2], [3, 4]])).toArray() // [4, 6]
 */
export function psumScatter(x: ArrayLike, axisName: AxisName | readonly AxisName[], opts: PsumScatterOptions = {}): NDArray {
  const frames = resolve('psumScatter', axisName);
  const v0 = asArray(x);
  const v = v0.dtype === 'bool' ? bind('convert', [v0], { dtype: 'int32' }) : v0;
  const tiled = opts.tiled ?? false;
  const dim = canonicalizeAxis(opts.scatterDimension ?? 0, v.ndim, 'psumScatter scatterDimension');
  const n = sizeOf(frames);
  const d = v.shape[dim]!;
  if (tiled ? (n === 0 ? d !== 0 : d % n !== 0) : d !== n)
    throw new ShapeError(`psumScatter requires the size of the mapped axis (${n}) to ${tiled ? 'divide' : 'equal'} x.shape[${dim}] = ${d} (shape ${fmtShape(v.shape)})`);
  if (frames.length === 1) return bind('psum_scatter', [v], { ...params(frames[0]!), scatterDimension: dim, tiled });
  const names = nameList(axisName);
  let s = psum(v, names);
  if (tiled) s = reshape(s, [...s.shape.slice(0, dim), n, n === 0 ? 0 : d / n, ...s.shape.slice(dim + 1)]);
  return take(s, axisIndex(names), dim);
}
