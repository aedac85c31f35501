/**
 * Integer bit primitives: shifts, bitcasts between the 32-bit types, and the threefry2x32 hash that
 * JAX's PRNG is built on. (uint32 add/mul/and/or/xor are the elementwise primitives on uint32 data:
 * a Uint32Array slot stores every result modulo 2^32, and uint32 mul uses Math.imul.)
 */
import { BIT_INLINE } from '../bits-scalars';
import type { DType, TypedArray } from '../dtype';
import type { AbstractValue, Buffer, PrimitiveSpec } from '../ir';
import { broadcastScalar, contiguous, makeBuffer } from '../kernels';
import { compiled, elementwiseLoop, loopable, loopSource, runLoop } from '../loops';
import { fmtShape, shapesEqual, ShapeError } from '../shape';
import { scalarFns } from './elementwise';

type Binary = (a: number, b: number) => number;
const INT_TYPES: readonly DType[] = ['int32', 'uint32'];
const avalText = (a: AbstractValue): string => `${a.dtype}${fmtShape(a.shape)}`;

/** lax's rule for binary ops: equal shapes and one dtype (np broadcasts and promotes first). */
function sameShapes(name: string, avals: readonly AbstractValue[], dtypes: readonly DType[]): void {
  const [a, ...rest] = avals;
  for (const b of rest)
    if (!shapesEqual(a!.shape, b.shape) || a!.dtype !== b.dtype)
      throw new (shapesEqual(a!.shape, b.shape) ? TypeError : ShapeError)(
        `${name} requires arguments of equal shapes and dtypes, got ${avals.map(avalText).join(' and ')}`,
      );
  if (!dtypes.includes(a!.dtype)) throw new TypeError(`${name} takes ${dtypes.join(' or ')} arrays, got ${avalText(a!)}`);
}

/** A shift: the kernel is compiled from the same source text the generated loops inline. */
function shift(name: keyof typeof BIT_INLINE & string): PrimitiveSpec {
  const fn = new Function('a', 'b', `return ${BIT_INLINE[name]!(['a', 'b'])};`) as Binary;
  scalarFns[name] = () => fn;
  return {
    shape: (avals) => {
      sameShapes(name, avals, INT_TYPES);
      return { ...avals[0]!, weak: avals[0]!.weak && avals[1]!.weak };
    },
    impl: ([a0, b0], _p, out) => {
      const r = makeBuffer(out.dtype, out.shape);
      const z = r.data, n = z.length;
      const sa = broadcastScalar(a0!), sb = broadcastScalar(b0!);
      const x = sa === undefined ? contiguous(a0!).data : undefined, y = sb === undefined ? contiguous(b0!).data : undefined;
      if (loopable(name, a0!.dtype, n) && elementwiseLoop(name, a0!.dtype, out.dtype, [sa ?? x!, sb ?? y!], z)) return r;
      for (let i = 0; i < n; i++) z[i] = fn(sa ?? x![i]!, sb ?? y![i]!);
      return r;
    },
    views: true,
  };
}

/** bitcast_convert_type between the 32-bit types: the same four bytes read as another type. */
export interface BitcastParams { readonly dtype: DType }
const BITCAST_TYPES: readonly DType[] = ['int32', 'uint32', 'float32'];
const scratch = new ArrayBuffer(4);
const views: Partial<Record<DType, TypedArray>> = { int32: new Int32Array(scratch), uint32: new Uint32Array(scratch), float32: new Float32Array(scratch) };
scalarFns['bitcast_convert_type'] = (d: DType, p: BitcastParams) => {
  const from = views[d]!, to = views[p.dtype]!;
  return (a: number) => ((from[0] = a), to[0]!);
};

export interface Threefry2x32Params {
  /** 'pair': both words, stacked on a new last axis (JAX's split); 'xor': their xor (JAX's 32-bit random_bits). */
  readonly output: 'pair' | 'xor';
}

/**
 * The threefry2x32-20 rounds for element i, per pattern of scalar (s) and array (a) operands (so each
 * loop is monomorphic); words are kept as int32 (`| 0`), which the Uint32Array store reads modulo 2^32.
 */
function threefryParts(pattern: string): { pre: string[]; body: string[] } {
  const read = (j: number) => (pattern[j] === 's' ? `s${j}` : `A${j}[i]`);
  const R = [
    [13, 15, 26, 6],
    [17, 29, 16, 24],
  ];
  const rounds = (rs: number[]) => rs.map((r) => `x0 = (x0 + x1) | 0; x1 = (x1 << ${r}) | (x1 >>> ${32 - r}); x1 ^= x0;`);
  const ks = ['k0', 'k1', 'k2'];
  const body = [
    `const k0 = ${read(0)} | 0, k1 = ${read(1)} | 0, k2 = k0 ^ k1 ^ 0x1BD11BDA;`,
    `let x0 = (${read(2)} + k0) | 0, x1 = (${read(3)} + k1) | 0;`,
    ...[0, 1, 2, 3, 4].flatMap((g) => [...rounds(R[g % 2]!), `x0 = (x0 + ${ks[(g + 1) % 3]}) | 0; x1 = (x1 + ${ks[(g + 2) % 3]} + ${g + 1}) | 0;`]),
  ];
  const pre = [0, 1, 2, 3].map((j) => (pattern[j] === 's' ? `const s${j} = bufs[${j}][0];` : `const A${j} = bufs[${j}];`));
  return { pre, body };
}
/** Both words of each element, interleaved (the pair output). */
function threefryPairSource(pattern: string): string {
  const { pre, body } = threefryParts(pattern);
  return `return function threefry_${pattern}(bufs, out, n) {\n${pre.join('\n')}\nfor (let i = 0; i < n; i++) {\n${body.join('\n')}\nout[2 * i] = x0; out[2 * i + 1] = x1;\n}\n};`;
}
type ThreefryLoop = (bufs: readonly TypedArray[], out: TypedArray, n: number) => void;

export const bitRules = {
  shift_left: shift('shift_left'),
  shift_right_logical: shift('shift_right_logical'),
  shift_right_arithmetic: shift('shift_right_arithmetic'),
  bitcast_convert_type: {
    shape: ([a]: readonly AbstractValue[], p: BitcastParams) => {
      if (!BITCAST_TYPES.includes(a!.dtype) || !BITCAST_TYPES.includes(p.dtype))
        throw new TypeError(`bitcast_convert_type converts between ${BITCAST_TYPES.join(', ')} (same width), got ${avalText(a!)} to ${String(p.dtype)}`);
      return { shape: a!.shape, dtype: p.dtype, weak: false };
    },
    impl: ([a]: readonly Buffer[], p: BitcastParams, out: AbstractValue) => {
      const src = a!.data;
      const Ctor = views[p.dtype]!.constructor as new (b: ArrayBufferLike, o: number, n: number) => TypedArray;
      // a copy (not a view of the same bytes): buffers are owned by one array each
      return makeBuffer(out.dtype, out.shape, new Ctor(src.buffer.slice(src.byteOffset, src.byteOffset + src.byteLength), 0, src.length));
    },
  } satisfies PrimitiveSpec<BitcastParams>,
  threefry2x32: {
    shape: (avals: readonly AbstractValue[], p: Threefry2x32Params) => {
      if (avals.length !== 4) throw new TypeError(`threefry2x32 takes 4 arrays (key1, key2, count1, count2), got ${avals.length}`);
      avals.forEach((a, i) => {
        if (a.dtype !== 'uint32') throw new TypeError(`threefry2x32 requires uint32 arguments, got ${avals.map(avalText).join(', ')} (argument ${i})`);
        if (!shapesEqual(a.shape, avals[0]!.shape)) throw new ShapeError(`threefry2x32 requires arguments of equal shapes, got ${avals.map(avalText).join(', ')}`);
      });
      if (p.output !== 'pair' && p.output !== 'xor') throw new TypeError(`threefry2x32: output must be 'pair' or 'xor', got ${String(p.output)}`);
      return { shape: p.output === 'pair' ? [...avals[0]!.shape, 2] : avals[0]!.shape, dtype: 'uint32', weak: false };
    },
    impl: (inputs: readonly Buffer[], p: Threefry2x32Params, out: AbstractValue) => {
      const r = makeBuffer('uint32', out.shape);
      const scalars = inputs.map((b) => broadcastScalar(b));
      const pattern = scalars.map((s) => (s === undefined ? 'a' : 's')).join('');
      const bufs = inputs.map((b, j) => (scalars[j] === undefined ? contiguous(b).data : Uint32Array.of(scalars[j]!)));
      if (p.output === 'xor') {
        // one value per element: a generated loop, split over the worker threads when large
        const { pre, body } = threefryParts(pattern);
        runLoop(loopSource(pre, body, 'x0 ^ x1'), bufs, r.data, true);
      } else compiled<ThreefryLoop>(threefryPairSource(pattern))(bufs, r.data, r.data.length / 2);
      return r;
    },
    views: true,
  } satisfies PrimitiveSpec<Threefry2x32Params>,
};

export const BIT_BINARY = ['shift_left', 'shift_right_logical', 'shift_right_arithmetic'] as const;
