/** Array constructors. Leaves are lazy: nothing is filled until first read. */
import { allocate, castScalar, isDType, type DType, type TypedArray } from './dtype';
import { bind, constant, fromBuffer, isNDArray, lazyLeaf, NDArray } from './ndarray';
import { makeBuffer } from './kernels';
import { checkShape, ShapeError, sizeOf, type Shape } from './shape';
import { flattenNested, inferDType, isMatrix, matrixInfo, nestedShape, type Matrix, type Nested } from './storage';

/** A flat typed array with the shape to read it as (row-major). */
export interface ShapedData {
  readonly data: TypedArray | readonly number[];
  readonly shape: Shape;
}

/** Anything `np` accepts where an array is expected. */
export type ArrayLike = NDArray | number | boolean | Nested | Matrix | TypedArray | ShapedData;

const dtypeOfTyped = (d: TypedArray): DType =>
  d instanceof Float32Array ? 'float32' : d instanceof Int32Array ? 'int32' : d instanceof Uint32Array ? 'uint32' : d instanceof Uint8Array ? 'bool' : 'float64';

const isTyped = (x: unknown): x is TypedArray =>
  x instanceof Float64Array || x instanceof Float32Array || x instanceof Int32Array || x instanceof Uint32Array || x instanceof Uint8Array;

function checkDType(dtype: unknown, what: string): DType | undefined {
  if (dtype === undefined) return undefined;
  if (!isDType(dtype)) throw new TypeError(`${what}: dtype must be one of bool, int32, uint32, float32, float64, got ${String(dtype)}`);
  return dtype;
}

/**
 * Makes an array from a number, boolean, nested JS arrays, a typed array (1-d) or `{ data, shape }`,
 * a mathjs Matrix (wrapped, read on first use) or an NDArray (returned as is, or converted).
 * @example np.array([[1, 2], [3, 4]]).toString() // '[[1. 2.]\n [3. 4.]]'
 */
export function array(value: ArrayLike, dtype?: DType): NDArray {
  const dt = checkDType(dtype, 'np.array');
  if (isNDArray(value)) return dt === undefined || dt === value.dtype ? value : bind('convert', [value], { dtype: dt });
  if (typeof value === 'number' || typeof value === 'boolean') {
    const d = dt ?? (typeof value === 'boolean' ? 'bool' : 'float64');
    return constant(Number(value), d);
  }
  if (isMatrix(value)) {
    const info = matrixInfo(value);
    const leaf = lazyLeaf({ shape: info.shape, dtype: info.dtype, weak: false }, info.load);
    return array(leaf, dt);
  }
  if (isTyped(value)) return array({ data: value, shape: [value.length] }, dt);
  if (Array.isArray(value)) {
    const shape = nestedShape(value);
    const d = dt ?? inferDType(value);
    return fromBuffer(makeBuffer(d, shape, flattenNested(value, shape, d)));
  }
  if (typeof value === 'object' && value !== null && 'data' in value && 'shape' in value) {
    const { data, shape } = value as ShapedData;
    const s = checkShape(shape, 'np.array shape');
    if (data.length !== sizeOf(s)) throw new ShapeError(`np.array: ${data.length} values cannot fill shape (${s.join(', ')}) of size ${sizeOf(s)}`);
    const d = dt ?? (isTyped(data) ? dtypeOfTyped(data) : 'float64');
    const out = allocate(d, data.length);
    for (let i = 0; i < data.length; i++) out[i] = castScalar(Number(data[i]), d); // a copy: the caller's buffer may change
    return fromBuffer(makeBuffer(d, s, out));
  }
  throw new TypeError(`np.array cannot make an array from ${value === null ? 'null' : typeof value}`);
}

/**
 * `array` for operands: NDArrays pass through untouched.
 * @example np.asarray([1, 2], 'int32').dtype // 'int32'
 */
export const asArray = (x: ArrayLike, dtype?: DType): NDArray => array(x, dtype);

const toShape = (shape: number | Shape, what: string): number[] => checkShape(typeof shape === 'number' ? [shape] : shape, what);

/**
 * An array of `shape` filled with `value`, in `dtype` (default: bool for a boolean value, float64 otherwise).
 * @example np.full([2, 2], 7).toArray() // [[7, 7], [7, 7]]
 */
export const full = (shape: number | Shape, value: number | boolean, dtype?: DType): NDArray =>
  constant(Number(value), checkDType(dtype, 'np.full') ?? (typeof value === 'boolean' ? 'bool' : 'float64'), toShape(shape, 'np.full shape'));
/**
 * An array of `shape` filled with zeros, in `dtype` (default float64).
 * @example np.zeros([2, 3]).toArray() // [[0, 0, 0], [0, 0, 0]]
 */
export const zeros = (shape: number | Shape, dtype: DType = 'float64'): NDArray => full(shape, 0, dtype);
/**
 * An array of `shape` filled with ones, in `dtype` (default float64).
 * @example np.ones(3, 'int32').toArray() // [1, 1, 1]
 */
export const ones = (shape: number | Shape, dtype: DType = 'float64'): NDArray => full(shape, 1, dtype);

function filled(shape: Shape, dtype: DType, f: (i: number) => number): NDArray {
  return lazyLeaf({ shape, dtype, weak: false }, () => {
    const out = allocate(dtype, sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = castScalar(f(i), dtype);
    return out;
  });
}

/**
 * `arange(stop)`, `arange(start, stop, step?)`, with an optional dtype last (default float64:
 * JS numbers are doubles; pass 'int32' for indices).
 * @example np.arange(1, 7, 2).toArray() // [1, 3, 5]
 */
export function arange(...args: (number | DType)[]): NDArray {
  const dtype = typeof args[args.length - 1] === 'string' ? checkDType(args.pop(), 'np.arange') : undefined;
  const nums = args as number[];
  if (nums.length < 1 || nums.length > 3 || nums.some((n) => typeof n !== 'number' || !Number.isFinite(n)))
    throw new TypeError(`np.arange takes (stop), (start, stop) or (start, stop, step) as finite numbers, got (${nums.join(', ')})`);
  const [start, stop, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  if (step === 0) throw new RangeError('np.arange step must not be zero');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  return filled(checkShape([n], 'np.arange shape'), dtype ?? 'float64', (i) => start + i * step);
}

/**
 * `num` evenly spaced values from start to stop (inclusive unless `endpoint` is false).
 * @example np.linspace(0, 1, 5).toArray() // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, num = 50, endpoint = true, dtype: DType = 'float64'): NDArray {
  if (!Number.isInteger(num) || num < 0) throw new RangeError(`np.linspace num must be a non-negative integer, got ${num}`);
  checkShape([num], 'np.linspace shape');
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  return filled([num], dtype, (i) => (endpoint && i === num - 1 && num > 1 ? stop : start + i * step));
}

/**
 * An n x m matrix with ones on diagonal k.
 * @example np.eye(2).toArray() // [[1, 0], [0, 1]]
 */
export function eye(n: number, m: number = n, k = 0, dtype: DType = 'float64'): NDArray {
  const shape = toShape([n, m], 'np.eye shape');
  return filled(shape, dtype, (i) => (i % m) - Math.floor(i / m) === k ? 1 : 0);
}

export { NDArray };
