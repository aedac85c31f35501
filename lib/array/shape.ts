/** Shape arithmetic shared by every primitive: sizes, strides, axes, broadcasting. */

export type Shape = readonly number[];

export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** Largest element count we allocate: typed arrays index with int32-range lengths. */
export const MAX_SIZE = 2 ** 31 - 1;

export const sizeOf = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

export const fmtShape = (shape: Shape): string => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;

/** Row-major strides of a contiguous buffer. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Checks a user-given shape: non-negative integers whose product fits a typed array. */
export function checkShape(shape: Shape, what = 'shape'): number[] {
  if (!Array.isArray(shape)) throw new ShapeError(`${what} must be an array of dimensions, got ${String(shape)}`);
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0)
      throw new ShapeError(`${what} ${fmtShape(shape)} has an invalid dimension ${String(d)}: dimensions are non-negative integers`);
  }
  if (sizeOf(shape) > MAX_SIZE)
    throw new ShapeError(`${what} ${fmtShape(shape)} has ${sizeOf(shape)} elements, more than the ${MAX_SIZE} an array can hold`);
  return [...shape];
}

/** Maps an axis in [-ndim, ndim) to [0, ndim), or throws naming the axis and the rank. */
export function canonicalizeAxis(axis: number, ndim: number, what = 'axis'): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis))
    throw new ShapeError(`${what} must be an integer, got ${String(axis)}`);
  if (axis < -ndim || axis >= ndim)
    throw new ShapeError(`${what} ${axis} is out of bounds for array of dimension ${ndim}`);
  return axis < 0 ? axis + ndim : axis;
}

/** Canonicalises a list of distinct axes. */
export function canonicalizeAxes(axes: readonly number[], ndim: number, what = 'axis'): number[] {
  const out = axes.map((a) => canonicalizeAxis(a, ndim, what));
  if (new Set(out).size !== out.length) throw new ShapeError(`repeated ${what} in ${JSON.stringify(axes)}`);
  return out;
}

/** NumPy broadcasting of several shapes, or an error naming every shape. */
export function broadcastShapes(...shapes: Shape[]): number[] {
  let ndim = 0;
  for (const s of shapes) if (s.length > ndim) ndim = s.length;
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = ndim - s.length + i;
      const d = s[i]!;
      if (d === out[j] || d === 1) continue;
      if (out[j] === 1) out[j] = d;
      else
        throw new ShapeError(
          `shapes ${shapes.map(fmtShape).join(', ')} cannot be broadcast together: dimension ${d} does not match ${out[j]}`,
        );
    }
  }
  return out;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The permutation that moves axis `src` to position `dst`. */
export function moveAxisPerm(ndim: number, src: number, dst: number): number[] {
  const perm = [...Array(ndim).keys()].filter((i) => i !== src);
  perm.splice(dst, 0, src);
  return perm;
}

export const range = (n: number): number[] => [...Array(n).keys()];
