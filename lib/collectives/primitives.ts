/**
 * Collective primitives over named vmap axes. Each records the axis name it was called with and
 * the vmap frame (level) it resolved to when it was called; only the vmap of a recorded level
 * gives it meaning (batching rules in ./batching). A collective that escapes its vmap cannot run.
 */
import type { AbstractValue, PrimitiveSpec } from '../array/ir';
import { fmtShape, ShapeError } from '../array/shape';

/** One named axis per node: a collective over several names is a composition of these. */
export interface CollectiveParams {
  readonly name: unknown;
  /** The vmap frame the name resolved to (inner vmaps shadow outer ones of the same name). */
  readonly level: number;
  /** The axis size, known when the collective is called. */
  readonly size: number;
}
export interface AllGatherParams extends CollectiveParams { readonly axis: number; readonly tiled: boolean }
export interface PpermuteParams extends CollectiveParams { readonly perm: readonly (readonly [number, number])[] }
export interface AllToAllParams extends CollectiveParams { readonly splitAxis: number; readonly concatAxis: number; readonly tiled: boolean }
export interface PsumScatterParams extends CollectiveParams { readonly scatterDimension: number; readonly tiled: boolean }

/** A collective called with a name no enclosing vmap binds, with a bad argument, or read outside its vmap. */
export class CollectiveError extends Error {
  override name = 'CollectiveError';
}

const unbatched = (name: string) => (): never => {
  throw new CollectiveError(`${name} was evaluated outside the vmap that binds its axis: a collective's value exists only inside vmap(f, { axisName })`);
};

const total = (p: CollectiveParams) => p.size;

function checkAxisLen(name: string, a: AbstractValue, axis: number, n: number, tiled: boolean): void {
  if (!(Number.isInteger(axis) && axis >= 0 && axis < a.shape.length))
    throw new ShapeError(`${name} axis ${axis} is out of bounds for an array of shape ${fmtShape(a.shape)}`);
  const d = a.shape[axis]!;
  if (tiled ? (n === 0 ? d !== 0 : d % n !== 0) : d !== n)
    throw new ShapeError(
      `${name} requires the size of the mapped axis (${n}) to ${tiled ? 'divide' : 'equal'} x.shape[${axis}] = ${d} (shape ${fmtShape(a.shape)})`,
    );
}

const same = (name: string): PrimitiveSpec<CollectiveParams> => ({ shape: ([a]) => a!, impl: unbatched(name) });

export const collectiveRules = {
  psum: same('psum'),
  pmax: same('pmax'),
  pmin: same('pmin'),
  ppermute: same('ppermute') as PrimitiveSpec<PpermuteParams>,
  axis_index: {
    shape: () => ({ shape: [], dtype: 'int32', weak: false }),
    impl: unbatched('axis_index'),
  } satisfies PrimitiveSpec<CollectiveParams>,
  all_gather: {
    shape: ([a], p) => {
      const n = total(p);
      const shape = [...a!.shape];
      if (!(Number.isInteger(p.axis) && p.axis >= 0 && p.axis <= shape.length - (p.tiled ? 1 : 0)))
        throw new ShapeError(`all_gather axis ${p.axis} is out of bounds for an array of shape ${fmtShape(a!.shape)}`);
      if (p.tiled) shape[p.axis]! *= n;
      else shape.splice(p.axis, 0, n);
      return { ...a!, shape };
    },
    impl: unbatched('all_gather'),
  } satisfies PrimitiveSpec<AllGatherParams>,
  all_to_all: {
    shape: ([a], p) => {
      const n = total(p);
      checkAxisLen('all_to_all', a!, p.splitAxis, n, p.tiled);
      if (!(Number.isInteger(p.concatAxis) && p.concatAxis >= 0 && p.concatAxis < a!.shape.length))
        throw new ShapeError(`all_to_all concat axis ${p.concatAxis} is out of bounds for an array of shape ${fmtShape(a!.shape)}`);
      const shape = [...a!.shape];
      if (p.tiled) {
        shape[p.splitAxis] = n === 0 ? 0 : shape[p.splitAxis]! / n;
        shape[p.concatAxis]! *= n;
      } else {
        shape.splice(p.splitAxis, 1);
        shape.splice(p.concatAxis, 0, n);
      }
      return { ...a!, shape };
    },
    impl: unbatched('all_to_all'),
  } satisfies PrimitiveSpec<AllToAllParams>,
  psum_scatter: {
    shape: ([a], p) => {
      const n = total(p);
      checkAxisLen('psum_scatter', a!, p.scatterDimension, n, p.tiled);
      const shape = [...a!.shape];
      if (p.tiled) shape[p.scatterDimension] = n === 0 ? 0 : shape[p.scatterDimension]! / n;
      else shape.splice(p.scatterDimension, 1);
      return { ...a!, shape };
    },
    impl: unbatched('psum_scatter'),
  } satisfies PrimitiveSpec<PsumScatterParams>,
};
