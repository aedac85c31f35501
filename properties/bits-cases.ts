/**
 * Law cases for the bit primitives and uint32 arithmetic: shifts (amounts past the width and
 * negative ones included), bitcasts between the 32-bit types, wrapping uint32 add/sub/mul/and/or/
 * xor/not/neg, converts to and from uint32, and threefry2x32 in both output forms. Part of
 * `laxCases`, so every law that drives the lax cases (vmap flat and nested, jit, vmap of jit) runs them.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import { bind, type NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { shapeArb, valueArb } from './arbitraries';
import { lawCase, type LawCase } from './laws';

/** uint32 values: small ones, or anything (the top bit set half the time). */
const uint32Arb = (mode: 'small' | 'any'): fc.Arbitrary<number> => (mode === 'small' ? fc.integer({ min: 0, max: 8 }) : fc.integer({ min: 0, max: 4294967295 }));
const intArb = (d: DType, mode: 'small' | 'any'): fc.Arbitrary<number> => (d === 'uint32' ? uint32Arb(mode) : valueArb(d, mode));
/** Shift amounts: mostly in range, sometimes 32 or more, or negative (read as unsigned: all out). */
const amountArb = (d: DType): fc.Arbitrary<number> =>
  fc.oneof({ arbitrary: fc.integer({ min: 0, max: 31 }), weight: 6 }, { arbitrary: fc.integer({ min: 32, max: 40 }), weight: 1 }, { arbitrary: d === 'uint32' ? fc.constant(4294967295) : fc.integer({ min: -3, max: -1 }), weight: 1 });

const INTS: readonly DType[] = ['int32', 'uint32'];

function shiftCase(name: 'shift_left' | 'shift_right_logical' | 'shift_right_arithmetic'): LawCase {
  return lawCase(
    name,
    fc.record({ shape: shapeArb(), dtype: fc.constantFrom(...INTS), mode: fc.constantFrom<'small' | 'any'>('small', 'any') }).map(({ shape, dtype, mode }) => ({
      shapes: [shape, shape],
      dtypes: [dtype, dtype],
      valueArbs: [intArb(dtype, mode), amountArb(dtype)],
      fn: (a: NDArray, b: NDArray) => bind(name, [a, b]),
      params: { dtype, mode },
    })),
  );
}

/** uint32 operands for an elementwise op of `arity`. */
function uint32Case(name: string, arity: number, f: (...xs: NDArray[]) => NDArray): LawCase {
  return lawCase(
    `${name} (uint32)`,
    fc.record({ shape: shapeArb(), mode: fc.constantFrom<'small' | 'any'>('small', 'any') }).map(({ shape, mode }) => ({
      shapes: Array.from({ length: arity }, () => shape),
      dtypes: Array.from({ length: arity }, (): DType => 'uint32'),
      valueArbs: Array.from({ length: arity }, () => uint32Arb(mode)),
      fn: f,
      params: { mode },
    })),
  );
}

const BITCASTS: readonly [DType, DType][] = [
  ['float32', 'uint32'],
  ['uint32', 'float32'],
  ['int32', 'uint32'],
  ['uint32', 'int32'],
  ['float32', 'int32'],
  ['int32', 'float32'],
];
const CONVERTS: readonly [DType, DType][] = [
  ['uint32', 'int32'],
  ['int32', 'uint32'],
  ['uint32', 'float64'],
  ['float64', 'uint32'],
  ['uint32', 'float32'],
  ['bool', 'uint32'],
  ['uint32', 'bool'],
];
const fromArb = (d: DType): fc.Arbitrary<number> => (d === 'uint32' ? uint32Arb('any') : valueArb(d, 'any'));

export const bitCases: LawCase[] = [
  shiftCase('shift_left'),
  shiftCase('shift_right_logical'),
  shiftCase('shift_right_arithmetic'),
  ...BITCASTS.map(([from, to]) =>
    lawCase(
      `bitcast_convert_type ${from} -> ${to}`,
      shapeArb().map((shape) => ({ shapes: [shape], dtypes: [from], valueArbs: [fromArb(from)], fn: (x: NDArray) => bind('bitcast_convert_type', [x], { dtype: to }), params: { to } })),
    ),
  ),
  ...CONVERTS.map(([from, to]) =>
    lawCase(
      `convertElementType ${from} -> ${to} (uint32)`,
      shapeArb().map((shape) => ({ shapes: [shape], dtypes: [from], valueArbs: [fromArb(from)], fn: (x: NDArray) => lax.convertElementType(x, to), params: { to } })),
    ),
  ),
  uint32Case('add', 2, lax.add),
  uint32Case('sub', 2, lax.sub),
  uint32Case('mul', 2, lax.mul),
  uint32Case('and', 2, lax.and),
  uint32Case('or', 2, lax.or),
  uint32Case('xor', 2, lax.xor),
  uint32Case('not', 1, lax.not),
  uint32Case('neg', 1, lax.neg),
  uint32Case('rotate left by 13 (shift, shift, or)', 1, (x) =>
    lax.or(bind('shift_left', [x, lax.broadcastInDim(lax.convertElementType(13, 'uint32'), x.shape, [])]), bind('shift_right_logical', [x, lax.broadcastInDim(lax.convertElementType(19, 'uint32'), x.shape, [])])),
  ),
  uint32Case('threefry2x32 (pair)', 4, (a, b, c, d) => bind('threefry2x32', [a!, b!, c!, d!], { output: 'pair' })),
  uint32Case('threefry2x32 (xor)', 4, (a, b, c, d) => bind('threefry2x32', [a!, b!, c!, d!], { output: 'xor' })),
];
