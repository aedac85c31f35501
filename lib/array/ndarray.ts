/**
 * NDArray: an immutable lazy expression node. A leaf holds storage (or a mathjs Matrix it will read
 * on first use); an interior node holds a primitive, its inputs and static params. Reading a value
 * evaluates the graph below it once, iteratively (deep chains cannot overflow the stack), and keeps
 * the result; a computed node then drops its inputs so intermediate buffers can be collected.
 */
import { allocate, castScalar, type DType, type TypedArray } from './dtype';
import { formatBuffer } from './format';
import type { AtRef, IndexArgs, IndexEntry } from './index-types';
import type { AbstractValue, Buffer } from './ir';
import { contiguous, makeBuffer } from './kernels';
import { specOf, type Primitive } from './primitives';
import { fmtShape, MAX_SIZE, ShapeError, sizeOf, type Shape } from './shape';
import { toMatrix, toNested, type Matrix, type Nested } from './storage';

/** Node's util.inspect hook, by its registered name: no `node:util` import, so browsers load this too. */
const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom');

let nextId = 0;
/** While > 0 (a transform is tracing), computed nodes keep their inputs: the transform walks them. */
let retainDepth = 0;

/** Runs `body` with inputs of computed nodes retained (transforms call it around tracing). */
export function retainingInputs<T>(body: () => T): T {
  retainDepth++;
  try {
    return body();
  } finally {
    retainDepth--;
  }
}

/** Whether a transform is tracing now: outside of one, nobody can see a graph's intermediate nodes. */
export const tracing = (): boolean => retainDepth > 0;

/** The id the next node will get: nodes made from now on have ids >= this. */
export const nextNodeId = (): number => nextId;

/** Reading a value that depends on a transform's traced input (JAX's ConcretizationTypeError). */
export class TracerValueError extends Error {
  override name = 'TracerValueError';
}

/** Tags a trace input: which transform made it and which of its arguments it stands for. */
export interface TraceTag {
  readonly transform: string;
  readonly level: number;
  readonly argument: string;
}

export type NodeKind = Primitive | 'const' | 'var';

export interface Fusion {
  readonly inputs: readonly NDArray[];
  readonly run: (inputs: readonly Buffer[], out: AbstractValue) => Buffer;
}

/** x.at and x.index: implemented by lib/numpy (which imports this file), installed when it loads. */
export interface IndexingMethods {
  at(x: NDArray, index: readonly IndexEntry[]): AtRef;
  index(x: NDArray, args: IndexArgs): NDArray;
}
let indexing: IndexingMethods | undefined;
/** @internal Called once by lib/numpy/at.ts as it loads. */
export function installIndexing(methods: IndexingMethods): void {
  indexing = methods;
}
function indexingFor(method: string): IndexingMethods {
  if (indexing === undefined)
    throw new Error(
      `NDArray.${method}: numpy indexing is not loaded; it is installed by the np namespace. Import from the package root ` +
        `('vmap-ts') or from lib/numpy, not lib/array/ndarray alone`,
    );
  return indexing;
}

/** What a node's value is computed from. */
const depsOf = (n: NDArray): readonly NDArray[] => n.fusion?.inputs ?? n.inputs;

export class NDArray {
  /** Creation order: a node only depends on nodes with smaller ids. */
  readonly id = nextId++;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly weak: boolean;
  /** @internal */ readonly prim: NodeKind;
  /** @internal */ readonly params: Readonly<Record<string, unknown>>;
  /** @internal inputs, released once the value is known. */
  inputs: readonly NDArray[];
  /** @internal */ readonly tag: TraceTag | undefined;
  /**
   * @internal Set by jit on the root of a fused elementwise chain: compute this node by one loop
   * over `inputs` (the chain's leaves) instead of node by node. Transforms ignore it.
   */
  fusion: Fusion | undefined;
  #value: Buffer | undefined;
  #load: (() => TypedArray) | undefined;

  /** @internal Use `np.array`, `np.zeros`, ... or the `lax` primitives to make arrays. */
  constructor(
    aval: AbstractValue,
    prim: NodeKind,
    inputs: readonly NDArray[],
    params: Readonly<Record<string, unknown>>,
    source?: { value?: Buffer; load?: () => TypedArray; tag?: TraceTag },
  ) {
    this.shape = Object.freeze([...aval.shape]);
    this.dtype = aval.dtype;
    this.weak = aval.weak;
    this.prim = prim;
    this.inputs = inputs;
    this.params = params;
    this.#value = source?.value;
    this.#load = source?.load;
    this.tag = source?.tag;
  }

  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return sizeOf(this.shape);
  }
  get aval(): AbstractValue {
    return { shape: this.shape, dtype: this.dtype, weak: this.weak };
  }
  /** @internal Whether the value is known without computing anything. */
  get isConcrete(): boolean {
    return this.#value !== undefined || this.#load !== undefined;
  }

  /** @internal The computed buffer, contiguous (evaluates on first call; a view is materialised once). */
  buffer(): Buffer {
    const b = evaluate(this);
    if (!b.strides) return b;
    this.#value = contiguous(b);
    return this.#value;
  }
  /** A copy of the flat row-major values. */
  data(): TypedArray {
    return this.buffer().data.slice();
  }
  /** Nested JS arrays (booleans for bool); a bare number or boolean for 0-d. */
  toArray(): Nested {
    return toNested(this.buffer());
  }
  /** The single element of a size-1 array: a boolean for bool arrays, else a number (`toNumber()` is typed `number`). */
  item(): number | boolean {
    if (this.size !== 1) throw new RangeError(`item() needs an array of size 1, got shape (${this.shape.join(', ')})`);
    const v = this.buffer().data[0]!;
    return this.dtype === 'bool' ? v !== 0 : v;
  }
  /** The single element of a size-1 array as a JS number (bool: 0 or 1): typed for arithmetic, unlike `item()`. */
  toNumber(): number {
    return Number(this.item());
  }
  /** A mathjs DenseMatrix of the values; a 0-d array gives its number (or boolean), as mathjs has no 0-d matrix. */
  toMatrix(): Matrix | number | boolean {
    const buf = this.buffer();
    return buf.shape.length === 0 ? toNested(buf) as number | boolean : toMatrix(buf);
  }
  /** numpy's `str(x)`: the values, with only the first and last 3 along each long axis of an array over 1000 elements. */
  toString(): string {
    return formatBuffer(this.buffer());
  }
  get [Symbol.toStringTag](): string {
    return `NDArray ${this.dtype}[${this.shape.join(',')}]`;
  }
  /**
   * What `console.log` and the REPL show: dtype, shape and `toString()`'s values. Inside a transform
   * an array that depends on a traced input cannot be read, so it shows what it stands for instead.
   */
  [inspectCustom](): string {
    const head = this[Symbol.toStringTag];
    const v = tracedInput(this);
    if (v) return `${head} <traced by ${v.tag!.transform}: depends on ${v.tag!.argument}>`;
    const body = this.toString();
    return body.includes('\n') ? `${head}\n${body}` : `${head} ${body}`;
  }

  /**
   * numpy's indexing, `x[...]`: integers (negative from the end), Slices `{ start, stop, step }`,
   * `null` (newaxis), `'...'`, integer arrays (advanced, broadcast together) and bool masks with
   * known values. Integer arrays clamp out of bounds unless the trailing options say
   * `{ mode: 'fill', fillValue }` (JAX's modes). Batches under vmap, differentiates, jits.
   * @example np.arange(6).index({ start: 1, step: 2 }).toArray() // [1, 3, 5]
   * @example np.reshape(np.arange(6), [2, 3]).index('...', [2, 0]).toArray() // [[2, 0], [5, 3]]
   */
  index(...args: IndexArgs): NDArray {
    return indexingFor('index').index(this, args);
  }
  /**
   * JAX's `x.at[index]`: `.get()`, `.set(v)`, `.add(v)`, `.multiply(v)`, `.min(v)`, `.max(v)`,
   * each a new array (x is untouched), with x.index's entries and JAX's out-of-bounds modes.
   * @example np.zeros([3]).at(1).set(5).toArray() // [0, 5, 0]
   * @example np.zeros([3]).at([0, 0, 2]).add(1).toArray() // [2, 0, 1]
   */
  at(...index: IndexEntry[]): AtRef {
    return indexingFor('at').at(this, index);
  }

  /** @internal Computes this node from its (already computed) inputs. */
  static compute(n: NDArray): void {
    if (n.#value) return;
    if (n.#load) {
      n.#value = makeBuffer(n.dtype, n.shape, n.#load());
      n.#load = undefined;
      return;
    }
    if (n.prim === 'var' || n.prim === 'const') throw tracerError(n);
    const spec = n.fusion ? undefined : specOf(n.prim);
    const ins = depsOf(n).map((i) => (spec?.views ? i.#value! : contiguous(i.#value!)));
    const out = spec ? spec.impl(ins, n.params, n.aval) : n.fusion!.run(ins, n.aval);
    n.#value = out.dtype === n.dtype ? out : makeBuffer(n.dtype, n.shape, out.data);
    if (retainDepth === 0) {
      n.inputs = [];
      n.fusion = undefined;
    }
  }
  /** @internal */
  static known(n: NDArray): Buffer | undefined {
    return n.#value;
  }
}

/** Names the transform that traced the input: only vmap's values are "known for the whole batch". */
function tracerError(input: NDArray, read: NDArray = input): TracerValueError {
  const t = input.tag;
  const what = `cannot read the value of an array of shape (${read.shape.join(', ')}) inside a function`;
  const on = t?.argument ?? 'a traced argument';
  const msg =
    t?.transform === 'jit'
      ? `${what} being traced by jit: it depends on ${on} (${input.dtype}[${input.shape.join(',')}]), which jit sees only as a shape and dtype; ` +
        `values exist only when the compiled function runs. Make values that steer JS control flow static (jit's staticArgnums), ` +
        `or use np.where/lax.select on array values`
      : `${what} being transformed by ${t?.transform ?? 'a transform'}: it depends on ${on}, ` +
        `${t?.transform === 'vmap' ? 'whose values are only known for the whole batch' : 'which has no value while it is traced'}. ` +
        `Use np.where/lax.select instead of JS control flow on array values`;
  return new TracerValueError(`${msg} (JAX's ConcretizationTypeError).`);
}

/** The trace input (a `var`) an unread node depends on, if any: found by walking, without evaluating. */
function tracedInput(root: NDArray): NDArray | undefined {
  const stack = [root];
  const seen = new Set<NDArray>();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.prim === 'var') return n;
    if (seen.has(n) || n.isConcrete || NDArray.known(n)) continue;
    seen.add(n);
    stack.push(...depsOf(n));
  }
  return undefined;
}

/** Evaluates `root` by an explicit post-order walk; each node is computed at most once. */
export function evaluate(root: NDArray): Buffer {
  const done = NDArray.known(root);
  if (done) return done;
  // the common eager case: every input already computed, so no walk is needed
  if (root.prim !== 'var' && depsOf(root).every((i) => NDArray.known(i) !== undefined)) {
    NDArray.compute(root);
    return NDArray.known(root)!;
  }
  const stack: NDArray[] = [root];
  const expanded = new Set<NDArray>();
  while (stack.length > 0) {
    const n = stack[stack.length - 1]!;
    if (NDArray.known(n)) {
      stack.pop();
      continue;
    }
    if (n.prim === 'var') throw tracerError(n, root);
    if (!expanded.has(n) && !n.isConcrete) {
      expanded.add(n);
      for (const i of depsOf(n)) if (!NDArray.known(i)) stack.push(i);
      continue;
    }
    stack.pop();
    NDArray.compute(n);
  }
  return NDArray.known(root)!;
}

/** Applies a primitive: checks the inputs with its shape rule and makes the (unevaluated) node. */
export function bind(prim: Primitive, inputs: readonly NDArray[], params: object = {}): NDArray {
  const aval = specOf(prim).shape(inputs.map((i) => i.aval), params);
  const size = sizeOf(aval.shape);
  if (size > MAX_SIZE) // rejected when the node is built, long before anything is allocated
    throw new ShapeError(`${prim} would make an array of shape ${fmtShape(aval.shape)} with ${size} elements, more than the ${MAX_SIZE} an array can hold`);
  return new NDArray(aval, prim, inputs, Object.freeze({ ...params }) as Readonly<Record<string, unknown>>);
}

/** A leaf holding a computed buffer. */
export const fromBuffer = (buf: Buffer, weak = false): NDArray =>
  new NDArray({ shape: buf.shape, dtype: buf.dtype, weak }, 'const', [], {}, { value: buf });

/** A leaf that reads its storage on first use (mathjs matrices are wrapped this way). */
export const lazyLeaf = (aval: AbstractValue, load: () => TypedArray): NDArray => new NDArray(aval, 'const', [], {}, { load });

/** A trace input: a placeholder of the per-example shape that no one can read. */
export const traceVar = (aval: AbstractValue, tag: TraceTag): NDArray => new NDArray(aval, 'var', [], {}, { tag });

export const isNDArray = (x: unknown): x is NDArray => x instanceof NDArray;

/** A lazily filled constant (JS numbers become these; weak marks them as weakly typed). */
export function constant(value: number, dtype: DType, shape: Shape = [], weak = false): NDArray {
  const fill = castScalar(value, dtype);
  // the fill value is a param, so a transform can tell equal constants apart without computing them
  return new NDArray({ shape, dtype, weak }, 'const', [], { fill }, { load: () => allocate(dtype, sizeOf(shape)).fill(fill) });
}
