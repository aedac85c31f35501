/**
 * The edges: mathjs matrices and nested JS arrays in, the same out. Every mathjs call lives here,
 * and the array's own shape is always the truth (mathjs drops zero-length axes and has no 0-d).
 */
import { matrix as mathMatrix, isMatrix, type Matrix } from 'mathjs';
import { allocate, castScalar, type DType, type TypedArray } from './dtype';
import type { Buffer } from './ir';
import { checkShape, ShapeError, sizeOf, type Shape } from './shape';

export { isMatrix };
export type { Matrix };

export type Nested = number | boolean | readonly Nested[];

/** The shape of a (rectangular) nested array; ragged input is an error naming where. */
export function nestedShape(value: unknown, what = 'np.array'): number[] {
  const shape: number[] = [];
  let v: unknown = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  checkShape(shape, `${what} shape`);
  return shape;
}

/** Flattens nested JS arrays row-major into a typed array of `dtype`, checking rectangularity and element types. */
export function flattenNested(value: unknown, shape: Shape, dtype: DType, what = 'np.array'): TypedArray {
  const out = allocate(dtype, sizeOf(shape));
  let k = 0;
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v === 'number' || typeof v === 'boolean') out[k++] = castScalar(Number(v), dtype);
      else throw new TypeError(`${what}: element at ${path || '[]'} is ${describe(v)}; only numbers and booleans are array elements`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth])
      throw new ShapeError(`${what}: ragged nested array at ${path || 'the top'}: expected ${shape[depth]} entries at depth ${depth}, got ${Array.isArray(v) ? v.length : describe(v)}`);
    v.forEach((e, i) => walk(e, depth + 1, `${path}[${i}]`));
  };
  walk(value, 0, '');
  return out;
}

/** The dtype nested data asks for: bool if every element is a boolean, else float64 (JS numbers are doubles). */
export function inferDType(value: unknown): DType {
  let v: unknown = value;
  while (Array.isArray(v)) v = v[0];
  return typeof v === 'boolean' ? 'bool' : 'float64';
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return `an object of type ${(v as object).constructor?.name ?? 'Object'}`;
  return `${typeof v} ${String(v)}`;
}

/**
 * Checks that every element of a mathjs Matrix is a number or boolean (strings, Complex, BigNumber,
 * Fraction, Unit... are not array elements), so that a bad matrix is rejected when it is wrapped
 * rather than when it is first read. Nothing is copied: a dense matrix's nested data is walked in
 * place, a sparse one's stored values are visited.
 */
function checkMatrixElements(m: Matrix, shape: Shape): void {
  const what = 'np.array(mathjs Matrix)';
  const bad = (v: unknown, path: string) => new TypeError(`${what}: element at ${path} is ${describe(v)}; only numbers and booleans are array elements`);
  const ok = (v: unknown) => typeof v === 'number' || typeof v === 'boolean';
  if (m.storage() === 'sparse') {
    m.forEach((v: unknown, index: number[]) => {
      if (!ok(v)) throw bad(v, index.map((i) => `[${i}]`).join(''));
    }, true);
    return;
  }
  const at: number[] = []; // the index being visited (the path is only formatted for an error)
  const walk = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (!ok(v)) throw bad(v, at.map((i) => `[${i}]`).join('') || '[]');
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) return; // ragged: reported, with its path, on first read
    const last = depth === shape.length - 1;
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      if (last && (typeof e === 'number' || typeof e === 'boolean')) continue; // the common case, inline
      at[depth] = i;
      walk(e, depth + 1);
    }
    at.length = depth;
  };
  walk(m.valueOf(), 0);
}

/** Reads a mathjs Matrix (dense or sparse) without keeping a reference to its mutable data. */
export function matrixInfo(m: Matrix): { shape: number[]; dtype: DType; load: () => TypedArray } {
  const shape = checkShape(m.size(), 'mathjs Matrix size');
  checkMatrixElements(m, shape);
  const dtype = inferDType(m.valueOf());
  return { shape, dtype, load: () => flattenNested(m.valueOf(), shape, dtype, 'np.array(mathjs Matrix)') };
}

/** Nested JS arrays (booleans for bool), or a bare scalar for 0-d. */
export function toNested(buf: Buffer): Nested {
  const { shape, data, dtype } = buf;
  const el = (i: number): number | boolean => (dtype === 'bool' ? data[i] !== 0 : data[i]!);
  if (shape.length === 0) return el(0);
  let k = 0;
  const build = (d: number): Nested[] =>
    Array.from({ length: shape[d]! }, () => (d === shape.length - 1 ? el(k++) : build(d + 1)));
  return build(0);
}

/** A mathjs DenseMatrix of the values. A 0-d array becomes a 1-element vector (mathjs has no 0-d). */
export function toMatrix(buf: Buffer): Matrix {
  const n = toNested(buf);
  return mathMatrix((Array.isArray(n) ? n : [n]) as never);
}
