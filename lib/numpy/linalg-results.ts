/**
 * np.linalg's multi-part results, as JAX's named tuples: fields with JAX's names (`r.sign`,
 * `r.logabsdet`) that also destructure in JAX's order (`const [sign, logabsdet] = r`). Each is a
 * registered pytree node, so vmap, grad and jit return the same kind of object.
 */
import type { NDArray } from '../array/ndarray';
import { register } from '../pytree';

/** A result class with these fields, in this order. */
function namedResult<const K extends readonly string[]>(name: string, fields: K) {
  const cls = {
    [name]: class {
      constructor(...values: unknown[]) {
        fields.forEach((f, i) => {
          Object.defineProperty(this, f, { value: values[i], enumerable: true });
          Object.defineProperty(this, i, { value: values[i] }); // r[0], r[1]...: what destructuring reads in TypeScript's view
        });
        Object.freeze(this);
      }
      *[Symbol.iterator](): Iterator<NDArray> {
        for (const f of fields) yield (this as unknown as Record<string, NDArray>)[f]!;
      }
      get length(): number {
        return fields.length;
      }
    },
  }[name]!;
  register(
    cls,
    (r) => [fields.map((f) => (r as unknown as Record<string, unknown>)[f]), null, fields],
    (_aux, children) => new cls(...children),
  );
  type Result = { readonly [F in K[number]]: NDArray } & { readonly [I in Exclude<keyof K, keyof readonly unknown[]>]: NDArray } & Iterable<NDArray> & { readonly length: K['length'] };
  return cls as unknown as new (...values: { [I in keyof K]: NDArray }) => Result;
}

/** np.linalg.slogdet: sign and natural log of |det|. */
export const SlogdetResult = namedResult('SlogdetResult', ['sign', 'logabsdet'] as const);
export type SlogdetResult = InstanceType<typeof SlogdetResult>;
/** np.linalg.qr: Q and R. */
export const QRResult = namedResult('QRResult', ['Q', 'R'] as const);
export type QRResult = InstanceType<typeof QRResult>;
/** np.linalg.eigh: eigenvalues (ascending) and eigenvectors (columns). */
export const EighResult = namedResult('EighResult', ['eigenvalues', 'eigenvectors'] as const);
export type EighResult = InstanceType<typeof EighResult>;
/** np.linalg.svd: U, S (descending), Vh. */
export const SVDResult = namedResult('SVDResult', ['U', 'S', 'Vh'] as const);
export type SVDResult = InstanceType<typeof SVDResult>;
/** np.linalg.lstsq: the solution, squared residual norms, rank and singular values. */
export const LstsqResult = namedResult('LstsqResult', ['x', 'residuals', 'rank', 's'] as const);
export type LstsqResult = InstanceType<typeof LstsqResult>;
