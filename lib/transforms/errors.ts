/** The error every vmap misuse raises: it names the argument path, the axis and the shapes. */
export class VmapError extends Error {
  override name = 'VmapError';
}

/** A JAX-style type string, e.g. `float64[2,3]`. */
export const typeString = (x: { dtype: string; shape: readonly number[] }): string => `${x.dtype}[${x.shape.join(',')}]`;
