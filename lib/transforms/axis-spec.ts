/** in_axes/out_axes specs: validation when vmap is called, and per-call matching against values. */
import { fmtShape } from '../array/shape';
import { broadcastPrefix, isPlainObject, TreePrefixError } from '../pytree';
import { VmapError } from './errors';

/** An axis (integer, possibly negative), null (not mapped), or a container of those. */
export type AxisSpec = number | null | readonly AxisSpec[] | { readonly [key: string]: AxisSpec };

export const isAxisLeaf = (x: unknown): boolean => x === null || typeof x === 'number';

const show = (x: unknown): string => {
  try {
    return typeof x === 'string'
      ? JSON.stringify(x)
      : JSON.stringify(x, (_k, v) => (v === undefined ? 'undefined' : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ?? String(x);
  } catch {
    return String(x);
  }
};

/** Every leaf must be an integer or null (JAX rejects floats, bools and arrays here too). */
function checkLeaves(spec: unknown, what: string, root: unknown): void {
  const stack: unknown[] = [spec];
  while (stack.length > 0) {
    const s = stack.pop();
    if (s === null || (typeof s === 'number' && Number.isInteger(s))) continue;
    if (Array.isArray(s)) stack.push(...s);
    else if (isPlainObject(s)) stack.push(...Object.values(s as object));
    else
      throw new VmapError(
        `vmap ${what} must be an int, null, or (nested) container with those types as leaves, but got ${show(root)}` +
          ` (the entry ${show(s)} is ${typeof s === 'number' ? 'not an integer' : `a ${typeof s}`}).`,
      );
  }
}

/** Checks inAxes/outAxes when `vmap(f, opts)` is called, before any argument is seen. */
export function validateSpecs(inAxes: unknown, outAxes: unknown): void {
  if (!(inAxes === null || Number.isInteger(inAxes) || Array.isArray(inAxes)))
    throw new VmapError(
      `vmap in_axes must be an int, null, or an array of entries corresponding to the positional arguments passed to the function, but got ${show(inAxes)}.`,
    );
  checkLeaves(inAxes, 'in_axes', inAxes);
  checkLeaves(outAxes, 'out_axes', outAxes);
}

/** One spec per leaf of `tree`, from a prefix spec; prefix errors become VmapErrors. */
export function specsPerLeaf(spec: unknown, tree: unknown, name: string): (number | null)[] {
  try {
    return broadcastPrefix(spec, tree, name, isAxisLeaf) as (number | null)[];
  } catch (e) {
    if (e instanceof TreePrefixError) throw new VmapError(e.message);
    throw e;
  }
}

/** The rank error, as JAX words it, plus the argument's path (and a hint, when there is one). */
export function rankError(path: string, axis: number, shape: readonly number[], hint = ''): VmapError {
  return new VmapError(
    `vmap was requested to map its argument ${path} along axis ${axis}, which implies that its rank should be at least ` +
      `${axis >= 0 ? axis + 1 : -axis}, but is only ${shape.length} (its shape is ${fmtShape(shape)})${hint}`,
  );
}
