/**
 * A catalogue of bad inputs. Each row runs one misuse and asserts the error's class (by identity and
 * by name, so a bare Error or a subclass of the wrong family fails) and that its message names what
 * is wrong: the argument path, the axis, the expected and the actual values. Shapes too large to
 * allocate are rejected when the node is built, before a single byte is allocated. An error thrown
 * by the user's function comes out of every transform as the very same object.
 */
import * as math from 'mathjs';
import { describe, expect, it } from 'vitest';
import {
  allGather,
  allToAll,
  axisIndex,
  CollectiveError,
  grad,
  GradError,
  hessian,
  jacfwd,
  jacrev,
  jit,
  JitError,
  jvp,
  lax,
  np,
  pmax,
  ppermute,
  psum,
  psumScatter,
  ShapeError,
  TracerValueError,
  valueAndGrad,
  vjp,
  vmap,
  VmapError,
  type NDArray,
} from '../lib';
import { allocationStats } from '../lib/array/dtype';

type ErrorClass = new (...args: any[]) => Error;

interface Case {
  readonly name: string;
  readonly run: () => unknown;
  readonly cls: ErrorClass;
  /** Substrings (or patterns) the message must contain. */
  readonly parts: readonly (string | RegExp)[];
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

function expectError(run: () => unknown, cls: ErrorClass, parts: readonly (string | RegExp)[]): Error {
  const e = caught(run);
  if (!(e instanceof Error)) throw new Error(`expected ${cls.name} but ${e === undefined ? 'nothing was thrown' : `got ${String(e)}`}`);
  expect(e, `${e.name}: ${e.message}`).toBeInstanceOf(cls);
  expect(e.constructor, e.message).toBe(cls);
  expect(e.name).toBe(cls.name);
  for (const p of parts) {
    if (typeof p === 'string') expect(e.message).toContain(p);
    else expect(e.message).toMatch(p);
  }
  return e;
}

const id = (x: any) => x;
const m23 = np.reshape(np.arange(6), [2, 3]);
const mapped = (f: (x: any) => unknown, opts: object = {}) => vmap(f, { axisName: 'i', ...opts } as never);

// ------------------------------------------------------------------ vmap options and arguments

const vmapCases: Case[] = [
  { name: 'in_axes a string', run: () => vmap(id, { inAxes: 'a' as never }), cls: VmapError, parts: ['vmap in_axes must be an int, null, or an array', 'got "a"'] },
  { name: 'in_axes NaN', run: () => vmap(id, { inAxes: NaN }), cls: VmapError, parts: ['vmap in_axes must be an int', 'NaN'] },
  { name: 'in_axes 1.5', run: () => vmap(id, { inAxes: 1.5 }), cls: VmapError, parts: ['vmap in_axes must be an int', '1.5'] },
  { name: 'in_axes Infinity', run: () => vmap(id, { inAxes: Infinity }), cls: VmapError, parts: ['vmap in_axes must be an int', 'Infinity'] },
  { name: 'in_axes list with a string leaf', run: () => vmap((a: any, _b: any) => a, { inAxes: [0, '1'] as never }), cls: VmapError, parts: ['vmap in_axes', 'container with those types as leaves', 'the entry "1" is a string'] },
  { name: 'in_axes list with a boolean leaf', run: () => vmap(id, { inAxes: [true] as never }), cls: VmapError, parts: ['vmap in_axes', 'the entry true is a boolean'] },
  { name: 'in_axes list with a fractional leaf', run: () => vmap(id, { inAxes: [0.5] as never }), cls: VmapError, parts: ['vmap in_axes', 'the entry 0.5 is not an integer'] },
  { name: 'in_axes a top-level object', run: () => vmap(id, { inAxes: { a: 0 } as never }), cls: VmapError, parts: ['vmap in_axes must be an int, null, or an array of entries', '{"a":0}'] },
  {
    name: 'in_axes object that is not a prefix (other keys)',
    run: () => vmap((d: any) => d.a, { inAxes: [{ a: 0, c: 0 }] } as never)({ a: np.ones(2), b: np.ones(2) }),
    cls: VmapError,
    parts: ['tree prefix', 'vmap in_axes[0]', 'symmetric difference', 'b c'],
  },
  {
    name: 'in_axes list longer than the argument list',
    run: () => vmap((d: any) => d[0], { inAxes: [[0, 0]] } as never)([np.ones(2)]),
    cls: VmapError,
    parts: ['tree prefix', 'vmap in_axes[0]', 'length 2', 'length 1'],
  },
  {
    name: 'in_axes object for an array argument',
    run: () => vmap(id, { inAxes: [{ a: 0 }] } as never)(np.ones(2)),
    cls: VmapError,
    parts: ['vmap in_axes[0]', 'different types', 'leaf (NDArray)'],
  },
  { name: 'in_axes with fewer entries than arguments', run: () => vmap((a: any, _b: any) => a, { inAxes: [0] } as never)(np.ones(2), np.ones(2)), cls: VmapError, parts: ['len(inAxes)=1, len(args)=2'] },
  { name: 'out_axes a string', run: () => vmap(id, { outAxes: 'x' as never }), cls: VmapError, parts: ['vmap out_axes must be', 'the entry "x" is a string'] },
  { name: 'out_axes not a prefix of the result', run: () => vmap((x: any) => [x, x], { outAxes: [0, 0, 0] } as never)(np.ones(2)), cls: VmapError, parts: ['vmap out_axes', 'length 3', 'length 2'] },
  { name: 'in_axes past the rank', run: () => vmap(id, { inAxes: 2 })(np.ones([3, 4])), cls: VmapError, parts: ['args[0] along axis 2', 'rank should be at least 3, but is only 2', '(3, 4)'] },
  { name: 'in_axes negative past the rank', run: () => vmap(id, { inAxes: -3 })(np.ones([3, 4])), cls: VmapError, parts: ['args[0] along axis -3', 'at least 3, but is only 2'] },
  { name: 'in_axes past the rank of a nested leaf', run: () => vmap((p: any) => p.w, { inAxes: [{ w: 1 }] } as never)({ w: np.ones(3) }), cls: VmapError, parts: ['args[0].w along axis 1', 'at least 2, but is only 1', '(3,)'] },
  { name: 'mapping a 0-d array', run: () => vmap(id)(np.array(1)), cls: VmapError, parts: ['args[0] along axis 0', 'is only 0 (its shape is ())'] },
  { name: 'out_axes past the rank', run: () => vmap(id, { outAxes: 2 })(np.ones([3, 4])), cls: VmapError, parts: ['vmap out_axes: axis 2 is out of bounds for array of dimension 2'] },
  { name: 'out_axes negative past the rank', run: () => vmap(id, { outAxes: -3 })(np.ones([3])), cls: VmapError, parts: ['vmap out_axes: axis -3 is out of bounds for array of dimension 1'] },
  {
    name: 'inconsistent batch sizes',
    run: () => vmap((a: any, b: any) => np.add(a, b))(np.ones(2), np.ones(3)),
    cls: VmapError,
    parts: ['inconsistent sizes', 'one axis had size 2: axis 0 of args[0] of type float64[2]', 'one axis had size 3: axis 0 of args[1] of type float64[3]'],
  },
  {
    name: 'inconsistent batch sizes along different axes',
    run: () => vmap((a: any, b: any) => np.add(a, b), { inAxes: [1, 0] })(np.ones([2, 5]), np.ones([4, 2])),
    cls: VmapError,
    parts: ['axis 1 of args[0] of type float64[2,5]', 'size 5', 'axis 0 of args[1] of type float64[4,2]', 'size 4'],
  },
  { name: 'out_axes null for a mapped result', run: () => vmap(id, { outAxes: null })(np.ones(3)), cls: VmapError, parts: ['at vmap out_axes, got axis spec null but output was batched on axis 0'] },
  { name: 'out_axes null for a mapped leaf of a tree', run: () => vmap((x: any) => ({ a: x, b: 1 }), { outAxes: { a: null, b: 0 } } as never)(np.ones(3)), cls: VmapError, parts: ['out_axes.a', 'got axis spec null'] },
  { name: 'out_axes null for a mapped result, with an axis name', run: () => vmap(id, { outAxes: null, axisName: 'i' })(np.ones(3)), cls: VmapError, parts: ['vmap has mapped output (axis_name=i) but out_axes is null'] },
  { name: 'axisSize disagreeing with the arguments', run: () => vmap(id, { axisSize: 2 })(np.ones(8)), cls: VmapError, parts: ['the `axisSize` argument was 2', 'one axis had size 8: axis 0 of args[0]'] },
  { name: 'axisSize missing with nothing mapped', run: () => vmap(id, { inAxes: null })(np.ones(3)), cls: VmapError, parts: ['at least one non-null value in inAxes or axisSize must be specified'] },
  { name: 'axisSize missing with no arguments', run: () => vmap(() => np.ones(1))(), cls: VmapError, parts: ['at least one argument containing an array or axisSize must be specified', 'no arguments'] },
  { name: 'axisSize negative', run: () => vmap(id, { axisSize: -1 }), cls: VmapError, parts: ['axisSize must be a non-negative integer, got -1'] },
  { name: 'axisSize fractional', run: () => vmap(id, { axisSize: 2.5 }), cls: VmapError, parts: ['axisSize must be a non-negative integer, got 2.5'] },
  { name: 'vmap of a non-function', run: () => vmap(3 as never), cls: VmapError, parts: ['vmap expects a function to map, got number'] },
  { name: 'mapping a string leaf', run: () => vmap(id)('hello'), cls: VmapError, parts: ['maps args[0] along axis 0, but it is "hello" of type string', 'use null in inAxes'] },
  { name: 'mapping a typed array', run: () => vmap(id)(new Float64Array(3)), cls: VmapError, parts: ['args[0]', 'Float64Array', 'not an array'] },
  {
    name: 'a cyclic argument',
    run: () => {
      const a: unknown[] = [np.ones(2)];
      a.push(a);
      return vmap(id)(a);
    },
    cls: TypeError,
    parts: ['cyclic structure detected at key path'],
  },
  { name: 'f returning a string', run: () => vmap((_x: any) => 'hi')(np.ones(3)), cls: VmapError, parts: ['Output from batched function at out is "hi" of type string', 'not a valid array type'] },
  { name: 'f returning a function', run: () => vmap((_x: any) => () => 1)(np.ones(3)), cls: VmapError, parts: ['at out is a value of type Function'] },
  { name: 'f returning a tree with a string leaf', run: () => vmap((x: any) => ({ a: x, b: 's' }))(np.ones(3)), cls: VmapError, parts: ['at out.b is "s" of type string'] },
  { name: 'f returning a list holding a Map', run: () => vmap((x: any) => [x, new Map()])(np.ones(3)), cls: VmapError, parts: ['at out[1] is a value of type Map'] },
  { name: 'reading a traced value', run: () => vmap((x: NDArray) => np.sum(x).item())(m23), cls: TracerValueError, parts: ['inside a function being transformed by vmap', 'depends on args[0]', 'np.where'] },
];

// ------------------------------------------------------------------ grad, jvp, vjp, jit

const gradCases: Case[] = [
  { name: 'grad of a function returning a string', run: () => grad((_x: any) => 'hi')(np.array(1)), cls: GradError, parts: ['grad: output leaf 0 is a string, not an array'] },
  { name: 'grad of a vector-valued function', run: () => grad(id)(np.ones(3)), cls: GradError, parts: ['grad requires a scalar float output, got float64 of shape (3)', 'vjp or jacrev'] },
  { name: 'grad of an int-valued function', run: () => grad((_x: any) => np.array(1, 'int32'))(np.array(1)), cls: GradError, parts: ['scalar float output, got int32 of shape ()'] },
  { name: 'grad with respect to an int array', run: () => grad((x: NDArray) => np.sum(x))(np.ones(3, 'int32')), cls: GradError, parts: ['grad requires float inputs, but leaf 0 has dtype int32'] },
  { name: 'grad with respect to a typed array', run: () => grad((x: any) => np.sum(x))(new Float64Array(3)), cls: GradError, parts: ['leaf 0 of argument 0 is a value of type Float64Array', 'np.array'] },
  { name: 'grad argnums out of range', run: () => grad((x: NDArray) => np.sum(x), { argnums: 2 })(np.ones(3)), cls: GradError, parts: ['argnums 2 is out of range for 1 positional arguments'] },
  { name: 'grad argnums fractional', run: () => grad((x: NDArray) => np.sum(x), { argnums: 0.5 })(np.ones(3)), cls: GradError, parts: ['argnums must be integer argument indices, got 0.5'] },
  { name: 'grad argnums a string', run: () => grad((x: NDArray) => np.sum(x), { argnums: '0' as never })(np.ones(3)), cls: GradError, parts: ["argnums must be integer argument indices, got '0'"] },
  { name: 'grad of a non-function', run: () => grad(3 as never), cls: GradError, parts: ['grad expects a function to differentiate, got a number'] },
  { name: 'jacrev of a non-function', run: () => jacrev(null as never), cls: GradError, parts: ['jacrev expects a function to differentiate, got null'] },
  { name: 'grad hasAux without a pair', run: () => grad((x: NDArray) => np.sum(x), { hasAux: true })(np.ones(3)), cls: GradError, parts: ['hasAux: f must return [loss, aux]'] },
  { name: 'jvp tangent of the wrong shape', run: () => jvp(id, [np.ones(3)], [np.ones(2)]), cls: GradError, parts: ['jvp tangents: leaf 0 has shape (2,) but its primal has shape (3,)'] },
  { name: 'jvp with too few tangents', run: () => jvp(id, [np.ones(3)], []), cls: GradError, parts: ['jvp: 1 primals but 0 tangents'] },
  { name: 'vjp cotangent of the wrong shape', run: () => vjp(id, np.ones(3))[1](np.ones(2)), cls: GradError, parts: ['vjp cotangent: leaf 0 has shape (2,) but its primal has shape (3,)'] },
  { name: 'jit of a function returning a string', run: () => jit((_x: any) => 'hi')(np.ones(3)), cls: JitError, parts: ['jit: output leaf 0 is a string, not an array'] },
  { name: 'jit of a string argument', run: () => jit(id)('s'), cls: JitError, parts: ['jit: args[0] is a string', 'staticArgnums'] },
];

// ------------------------------------------------------------------ broadcasting binary np ops

const a23 = () => np.ones([2, 3]);
const b4 = () => np.ones([4]);
const broadcastMsg = ['shapes (2, 3), (4,) cannot be broadcast together', 'dimension 4 does not match 3'];
const binaryNp: [string, (x: NDArray, y: NDArray) => NDArray][] = [
  ['add', np.add], ['subtract', np.subtract], ['multiply', np.multiply], ['divide', np.divide], ['trueDivide', np.trueDivide],
  ['floorDivide', np.floorDivide], ['remainder', np.remainder], ['mod', np.mod], ['fmod', np.fmod], ['power', np.power],
  ['pow', np.pow], ['arctan2', np.arctan2], ['maximum', np.maximum], ['minimum', np.minimum], ['equal', np.equal],
  ['notEqual', np.notEqual], ['less', np.less], ['lessEqual', np.lessEqual], ['greater', np.greater], ['greaterEqual', np.greaterEqual],
  ['logicalAnd', np.logicalAnd], ['logicalOr', np.logicalOr],
  ['bitwiseAnd', (x, y) => np.bitwiseAnd(np.astype(x, 'int32'), np.astype(y, 'int32'))],
  ['bitwiseOr', (x, y) => np.bitwiseOr(np.astype(x, 'int32'), np.astype(y, 'int32'))],
  ['bitwiseXor', (x, y) => np.bitwiseXor(np.astype(x, 'int32'), np.astype(y, 'int32'))],
];
const broadcastCases: Case[] = [
  ...binaryNp.map(([n, f]): Case => ({ name: `np.${n} shape mismatch`, run: () => f(a23(), b4()), cls: ShapeError, parts: broadcastMsg })),
  { name: 'np.where shape mismatch', run: () => np.where(np.array([true, false]), np.ones([2, 3]), np.ones([3])), cls: ShapeError, parts: ['shapes (2,), (2, 3), (3,) cannot be broadcast together'] },
  { name: 'np.clip bound shape mismatch', run: () => np.clip(a23(), b4(), null), cls: ShapeError, parts: broadcastMsg },
  { name: 'np.broadcastTo a smaller shape', run: () => np.broadcastTo(a23(), [3]), cls: ShapeError, parts: ['cannot broadcast an array of shape (2, 3) to shape (3,)'] },
  { name: 'lax.add unequal shapes', run: () => lax.add(np.ones([2]), np.ones([3])), cls: ShapeError, parts: ['add requires arguments of equal shapes, got (2,) and (3,)'] },
  { name: 'lax.mul unequal dtypes', run: () => lax.mul(np.ones([2]), np.ones([2], 'float32')), cls: TypeError, parts: ['mul requires arguments of equal dtypes, got float64 and float32'] },
  { name: 'lax.select with a float predicate', run: () => lax.select(np.ones([3]), np.ones([3]), np.ones([3])), cls: TypeError, parts: ['select requires a bool predicate, got float64'] },
  { name: 'lax.exp of an int array', run: () => lax.exp(np.ones([3], 'int32')), cls: TypeError, parts: ['exp does not accept dtype int32 (argument 0)', 'float'] },
  { name: 'np.bitwiseAnd of floats', run: () => np.bitwiseAnd(np.ones([2]), np.ones([2])), cls: TypeError, parts: ['and does not accept dtype float64', 'int or bool'] },
];

// ------------------------------------------------------------------ products, reshape, transpose

const shapeCases: Case[] = [
  { name: 'np.dot contraction mismatch', run: () => np.dot(np.ones([2, 3]), np.ones([4, 5])), cls: ShapeError, parts: ['contracts lhs axis 1 (size 3) with rhs axis 0 (size 4)', 'lhs shape (2, 3), rhs shape (4, 5)'] },
  { name: 'np.matmul contraction mismatch', run: () => np.matmul(np.ones([2, 3]), np.ones([4, 5])), cls: ShapeError, parts: ['matmul: contraction mismatch', '(2, 3) and (4, 5)', '3 != 4'] },
  { name: 'np.matmul vector mismatch', run: () => np.matmul(np.ones([3]), np.ones([4])), cls: ShapeError, parts: ['matmul: contraction mismatch', '3 != 4'] },
  { name: 'np.matmul batch dims that do not broadcast', run: () => np.matmul(np.ones([2, 3, 4]), np.ones([5, 4, 6])), cls: ShapeError, parts: ['(2,), (5,) cannot be broadcast together'] },
  { name: 'np.matmul of a 0-d array', run: () => np.matmul(np.array(1), np.ones([3])), cls: ShapeError, parts: ['matmul: operands must be at least 1-d', '()'] },
  { name: 'np.vdot of different sizes', run: () => np.vdot(np.ones([3]), np.ones([4])), cls: ShapeError, parts: ['contracts lhs axis 0 (size 3) with rhs axis 0 (size 4)'] },
  { name: 'np.inner mismatch', run: () => np.inner(np.ones([2, 3]), np.ones([4])), cls: ShapeError, parts: ['(size 3)', '(size 4)'] },
  { name: 'np.tensordot mismatch', run: () => np.tensordot(np.ones([2, 3]), np.ones([4, 5]), 1), cls: ShapeError, parts: ['(size 3)', '(size 4)'] },
  { name: 'np.einsum label sizes disagree', run: () => np.einsum('ij,jk->ik', np.ones([2, 3]), np.ones([4, 5])), cls: ShapeError, parts: ["label 'j' has size 3 and 4"] },
  { name: 'lax.dotGeneral axis out of range', run: () => lax.dotGeneral(np.ones([2, 3]), np.ones([3]), [[2], [0]]), cls: ShapeError, parts: ['dot_general has a dimension out of range', 'contracting dims [[2],[0]]'] },
  { name: 'lax.dotGeneral unequal dtypes', run: () => lax.dotGeneral(np.ones([3]), np.ones([3], 'float32'), [[0], [0]]), cls: TypeError, parts: ['dot_general needs equal dtypes, got float64 and float32'] },
  { name: 'np.reshape to a different size', run: () => np.reshape(np.ones([2, 3]), [4, 2]), cls: ShapeError, parts: ['cannot reshape array of shape (2, 3) (size 6) into shape (4, 2) (size 8)'] },
  { name: 'np.reshape with -1 that does not divide', run: () => np.reshape(np.ones([2, 3]), [-1, 4]), cls: ShapeError, parts: ['cannot reshape array of shape (2, 3) (size 6) into shape (-1, 4)'] },
  { name: 'np.reshape with two -1', run: () => np.reshape(np.ones([2, 3]), [-1, -1]), cls: ShapeError, parts: ['can only specify one unknown dimension'] },
  { name: 'lax.reshape to a different size', run: () => lax.reshape(np.ones([6]), [5]), cls: ShapeError, parts: ['(size 6)', '(5,) (size 5)'] },
  { name: 'np.transpose repeated axis', run: () => np.transpose(np.ones([2, 3]), [0, 0]), cls: ShapeError, parts: ['transpose permutation (0, 0) is not a permutation of the 2 axes', '(2, 3)'] },
  { name: 'np.transpose too few axes', run: () => np.transpose(np.ones([2, 3]), [0]), cls: ShapeError, parts: ['permutation (0,) is not a permutation of the 2 axes'] },
  { name: 'np.transpose axis out of range', run: () => np.transpose(np.ones([2, 3]), [0, 2]), cls: ShapeError, parts: ['transpose axis 2 is out of bounds for array of dimension 2'] },
  { name: 'lax.transpose not a permutation', run: () => lax.transpose(np.ones([2, 3]), [1, 1]), cls: ShapeError, parts: ['(1, 1) is not a permutation'] },
  { name: 'lax.rev axis out of range', run: () => lax.rev(np.ones([2, 3]), [2]), cls: ShapeError, parts: ['rev dimensions (2,) are invalid for an array of shape (2, 3)', '[0, 2)'] },
  { name: 'np.sum axis out of range', run: () => np.sum(np.ones([2, 3]), 2), cls: ShapeError, parts: ['axis 2 is out of bounds for array of dimension 2'] },
  { name: 'np.sum negative axis out of range', run: () => np.sum(np.ones([2, 3]), -3), cls: ShapeError, parts: ['axis -3 is out of bounds for array of dimension 2'] },
  { name: 'np.sum fractional axis', run: () => np.sum(np.ones([2, 3]), 0.5), cls: ShapeError, parts: ['axis must be an integer, got 0.5'] },
  { name: 'np.sum repeated axes', run: () => np.sum(np.ones([2, 3]), [0, 0]), cls: ShapeError, parts: ['repeated axis in [0,0]'] },
  { name: 'np.concatenate mismatched shapes', run: () => np.concatenate([np.ones([2, 3]), np.ones([2, 4])]), cls: ShapeError, parts: ['concatenate along axis 0 needs equal shapes off that axis, got (2, 3), (2, 4)'] },
  { name: 'np.stack of nothing', run: () => np.stack([]), cls: ShapeError, parts: ['stack needs at least one array'] },
  { name: 'np.squeeze of a non-1 axis', run: () => np.squeeze(np.ones([3]), 0), cls: ShapeError, parts: ['cannot squeeze axis 0 of an array of shape (3,)'] },
  { name: 'np.split into unequal sections', run: () => np.split(np.ones([3]), 2), cls: ShapeError, parts: ['array of size 3 along axis 0 cannot be divided into 2 equal sections'] },
  { name: 'lax.slice past the end', run: () => lax.slice(np.ones([3]), [0], [5]), cls: ShapeError, parts: ['slice start (0,), limit (5,), strides (1,) are invalid for an array of shape (3,)'] },
  { name: 'lax.slice fractional limit', run: () => lax.slice(np.ones([3]), [0], [2.5]), cls: ShapeError, parts: ['limit (2.5,)'] },
  { name: 'np.max of an empty array', run: () => np.max(np.ones([0])), cls: ShapeError, parts: ['zero-size array to reduction operation max which has no identity', '(0)'] },
  { name: 'np.argmax of an empty array', run: () => np.argmax(np.ones([0])), cls: ShapeError, parts: ['argmax of an empty axis', 'size 0'] },
  { name: 'np.sort of a 0-d array', run: () => np.sort(np.array(1)), cls: ShapeError, parts: ['sort needs an array of rank >= 1'] },
  { name: 'item() of a vector', run: () => np.ones([3]).item(), cls: RangeError, parts: ['item() needs an array of size 1, got shape (3)'] },
  { name: 'np.linalg.norm with an unknown ord', run: () => np.linalg.norm(np.ones([3]), 'nuc' as never), cls: TypeError, parts: ["ord must be a number", "got 'nuc'"] },
];

// ------------------------------------------------------------------ indexing

const indexCases: Case[] = [
  { name: 'np.take with float indices (an NDArray)', run: () => np.take(np.ones([3]), np.array([0, 1])), cls: TypeError, parts: ['np.take: indices must hold integers, got dtype float64 of shape (2,)', "np.astype(..., 'int32')"] },
  { name: 'np.take with bool indices', run: () => np.take(np.ones([3]), np.array([true])), cls: TypeError, parts: ['np.take: indices must hold integers, got dtype bool of shape (1,)'] },
  { name: 'np.take with fractional JS indices', run: () => np.take(np.ones([3]), [0, 0.5]), cls: TypeError, parts: ['np.take: indices must hold integers, got 0.5'] },
  { name: 'np.takeAlongAxis with float indices', run: () => np.takeAlongAxis(np.ones([3]), np.array([0]), 0), cls: TypeError, parts: ['np.takeAlongAxis: indices must hold integers, got dtype float64'] },
  { name: 'np.take with uint32 indices past int32 (still out of range, not wrapped)', run: () => np.take(np.ones([3]), np.array([3e9], 'uint32')).toArray(), cls: RangeError, parts: ['out of bounds for axis 0 of size 3'] },
  { name: 'lax.gather with float indices', run: () => lax.gather(np.ones([3]), np.array([0, 1]), 0), cls: TypeError, parts: ['gather indices must be int32, got float64 indices of shape (2,)'] },
  { name: 'lax.scatterAdd with float indices', run: () => lax.scatterAdd(np.ones([3]), np.array([0]), np.ones([1]), 0), cls: TypeError, parts: ['scatter_add indices must be int32, got float64'] },
  { name: 'lax.scatterAdd updates of the wrong shape', run: () => lax.scatterAdd(np.ones([3]), np.array([0], 'int32'), np.ones([2]), 0), cls: ShapeError, parts: ['scatter_add updates must be float64(1,), got float64(2,)'] },
  { name: 'lax.dynamicSlice with a float start (an NDArray)', run: () => lax.dynamicSlice(np.ones([3]), [np.array(1.5)], [1]), cls: TypeError, parts: ['dynamic_slice indices must be int32, got float64'] },
  { name: 'lax.dynamicSlice with a fractional JS start', run: () => lax.dynamicSlice(np.ones([3]), [1.5], [1]), cls: TypeError, parts: ['dynamicSlice: start index 0 must be an integer, got 1.5'] },
  { name: 'lax.dynamicSlice with too many starts', run: () => lax.dynamicSlice(np.ones([3]), [0, 0], [1]), cls: ShapeError, parts: ['dynamic_slice needs 1 start indices, got 2'] },
  { name: 'np.take index out of range (when read)', run: () => np.take(np.ones([3]), [5]).toArray(), cls: RangeError, parts: ['gather index 5 is out of bounds for axis 0 of size 3'] },
  { name: 'np.take axis out of range', run: () => np.take(np.ones([3]), [0], 1), cls: ShapeError, parts: ['take axis 1 is out of bounds for array of dimension 1'] },
];

// ------------------------------------------------------------------ axis names and collectives

const collectiveCases: Case[] = [
  { name: 'psum of an unbound name outside any vmap', run: () => psum(np.ones(3), 'i'), cls: CollectiveError, parts: ["unbound axis name: 'i' in psum", 'No vmap with an axisName encloses this call'] },
  { name: 'psum of an unbound name inside a named vmap', run: () => mapped((x) => psum(x, 'j'))(np.ones(3)), cls: CollectiveError, parts: ["unbound axis name: 'j' in psum", "The names in scope are 'i'"] },
  { name: 'psum inside a vmap without an axis name', run: () => vmap((x: NDArray) => psum(x, 'i'))(np.ones(3)), cls: CollectiveError, parts: ["unbound axis name: 'i'"] },
  { name: 'axisIndex of an unbound name', run: () => axisIndex('k'), cls: CollectiveError, parts: ["unbound axis name: 'k' in axisIndex"] },
  { name: 'allGather of an unbound name', run: () => allGather(np.ones(3), 'k'), cls: CollectiveError, parts: ["unbound axis name: 'k' in allGather"] },
  { name: 'duplicate axis names', run: () => mapped((x) => psum(x, ['i', 'i']))(np.ones(3)), cls: CollectiveError, parts: ["psum: axis names must be distinct, got ['i', 'i']"] },
  { name: 'an empty list of axis names', run: () => mapped((x) => pmax(x, []))(np.ones(3)), cls: CollectiveError, parts: ['pmax needs at least one axis name'] },
  { name: 'psum of a string leaf', run: () => mapped((x) => psum({ a: x, b: 's' }, 'i'))(np.ones(3)), cls: CollectiveError, parts: ['psum takes arrays or pytrees of arrays, got a leaf of type string'] },
  { name: 'ppermute index out of range', run: () => mapped((x) => ppermute(x, 'i', [[0, 5]]))(np.ones(3)), cls: CollectiveError, parts: ['[source, destination] pair of indices in [0, 3)', "axis 'i' of size 3", 'got [0,5]'] },
  { name: 'ppermute repeated source', run: () => mapped((x) => ppermute(x, 'i', [[0, 1], [0, 2]]))(np.ones(3)), cls: CollectiveError, parts: ['source 0 appears twice in perm [[0,1],[0,2]]'] },
  { name: 'ppermute repeated destination', run: () => mapped((x) => ppermute(x, 'i', [[0, 1], [2, 1]]))(np.ones(3)), cls: CollectiveError, parts: ['destination 1 appears twice'] },
  { name: 'ppermute entry that is not a pair', run: () => mapped((x) => ppermute(x, 'i', [[0, 1, 2]] as never))(np.ones(3)), cls: CollectiveError, parts: ['got [0,1,2]'] },
  { name: 'ppermute fractional index', run: () => mapped((x) => ppermute(x, 'i', [[0.5, 1]]))(np.ones(3)), cls: CollectiveError, parts: ['got [0.5,1]'] },
  { name: 'ppermute perm that is not an array', run: () => mapped((x) => ppermute(x, 'i', 3 as never))(np.ones(3)), cls: CollectiveError, parts: ['ppermute: perm must be an array of [source, destination] pairs', 'got number'] },
  { name: 'allToAll split axis of the wrong size', run: () => mapped((x) => allToAll(x, 'i', 0, 0))(np.ones([2, 3])), cls: ShapeError, parts: ['allToAll requires the size of the mapped axis (2) to equal x.shape[0] = 3'] },
  { name: 'psumScatter dimension of the wrong size', run: () => mapped((x) => psumScatter(x, 'i'))(np.ones([2, 3])), cls: ShapeError, parts: ['psumScatter requires the size of the mapped axis (2) to equal x.shape[0] = 3'] },
  {
    name: 'a collective result read outside its vmap',
    run: () => {
      let leaked: NDArray | undefined;
      mapped((x) => ((leaked = psum(np.array(1), 'i')), x))(np.ones(3));
      return leaked!.toArray();
    },
    cls: CollectiveError,
    parts: ['psum was evaluated outside the vmap that binds its axis'],
  },
  { name: 'allGather axis out of range', run: () => mapped((x) => allGather(x, 'i', { axis: 3 }))(np.ones([2, 3])), cls: ShapeError, parts: ['allGather axis 3 is out of bounds for array of dimension 2'] },
];

// ------------------------------------------------------------------ shapes: too large, negative, fractional

/** Shapes whose element count exceeds 2^31 - 1: each is rejected before a byte is allocated. */
const hugeCases: Case[] = [
  { name: 'np.zeros of 2^32 elements', run: () => np.zeros([65536, 65536]), cls: ShapeError, parts: ['(65536, 65536) has 4294967296 elements, more than the 2147483647'] },
  { name: 'np.ones of 2^31 elements', run: () => np.ones([2 ** 31]), cls: ShapeError, parts: ['(2147483648,) has 2147483648 elements'] },
  { name: 'np.full of 2^32 elements', run: () => np.full([2 ** 16, 2 ** 16], 1), cls: ShapeError, parts: ['4294967296 elements'] },
  { name: 'np.eye(65536)', run: () => np.eye(65536), cls: ShapeError, parts: ['np.eye shape (65536, 65536)', 'more than the 2147483647'] },
  { name: 'np.arange(3e9)', run: () => np.arange(3e9), cls: ShapeError, parts: ['np.arange shape (3000000000,)', 'more than the 2147483647'] },
  { name: 'np.linspace with 3e9 points', run: () => np.linspace(0, 1, 3e9), cls: ShapeError, parts: ['np.linspace shape (3000000000,)'] },
  { name: 'np.broadcastTo 2^32 elements', run: () => np.broadcastTo(np.ones([1]), [65536, 65536]), cls: ShapeError, parts: ['(65536, 65536) has 4294967296 elements'] },
  { name: 'np.add broadcasting to 2^32 elements', run: () => np.add(np.ones([65536, 1]), np.ones([1, 65536])), cls: ShapeError, parts: ['4294967296 elements'] },
  { name: 'np.matmul with a 2^32-element result', run: () => np.matmul(np.ones([65536, 1]), np.ones([1, 65536])), cls: ShapeError, parts: ['dot_general would make an array of shape (65536, 65536) with 4294967296 elements'] },
  { name: 'np.outer with a 2^32-element result', run: () => np.outer(np.ones([65536]), np.ones([65536])), cls: ShapeError, parts: ['4294967296 elements'] },
  { name: 'np.pad to 3e9 elements', run: () => np.pad(np.ones([3]), [[0, 3e9]] as never), cls: ShapeError, parts: ['pad would make an array of shape (3000000003,)'] },
  { name: 'np.concatenate to 2^31 elements', run: () => np.concatenate([np.ones([2 ** 30]), np.ones([2 ** 30])]), cls: ShapeError, parts: ['concatenate would make an array of shape (2147483648,)'] },
  { name: 'np.tile to 2^32 elements', run: () => np.tile(np.ones([65536]), [65536]), cls: ShapeError, parts: ['4294967296 elements'] },
  { name: 'lax.iota of 2^32 elements', run: () => lax.iota('int32', [65536, 65536]), cls: ShapeError, parts: ['iota shape (65536, 65536)'] },
  { name: 'np.array of { data, shape } with 2^32 elements', run: () => np.array({ data: [], shape: [65536, 65536] }), cls: ShapeError, parts: ['np.array shape (65536, 65536) has 4294967296 elements'] },
  { name: 'np.take with a 2^32-element result', run: () => np.take(np.ones([65536]), np.zeros([65536, 65536], 'int32')), cls: ShapeError, parts: ['4294967296 elements'] },
  { name: 'vmap broadcasting an unmapped result to 2^32 elements', run: () => vmap(() => np.ones([65536]), { axisSize: 65536 })(), cls: ShapeError, parts: ['(65536, 65536) has 4294967296 elements'] },
];

const dimCases: Case[] = [
  { name: 'np.zeros with a negative dimension', run: () => np.zeros([-1]), cls: ShapeError, parts: ['shape (-1,) has an invalid dimension -1', 'non-negative integers'] },
  { name: 'np.zeros with a negative size', run: () => np.zeros(-3), cls: ShapeError, parts: ['invalid dimension -3'] },
  { name: 'np.zeros with a fractional dimension', run: () => np.zeros([2, 1.5]), cls: ShapeError, parts: ['shape (2, 1.5) has an invalid dimension 1.5'] },
  { name: 'np.ones with a NaN dimension', run: () => np.ones([NaN]), cls: ShapeError, parts: ['invalid dimension NaN'] },
  { name: 'np.reshape to a negative dimension', run: () => np.reshape(np.ones([6]), [-2, -3]), cls: ShapeError, parts: ['reshape new_sizes (-2, -3) has an invalid dimension -2'] },
  { name: 'np.reshape to a fractional dimension', run: () => np.reshape(np.ones([6]), [1.5, 4]), cls: ShapeError, parts: ['invalid dimension 1.5'] },
  { name: 'np.eye of a negative size', run: () => np.eye(-1), cls: ShapeError, parts: ['np.eye shape (-1, -1) has an invalid dimension -1'] },
  { name: 'np.linspace with a negative count', run: () => np.linspace(0, 1, -1), cls: RangeError, parts: ['np.linspace num must be a non-negative integer, got -1'] },
  { name: 'np.array of { data, shape } with a negative dimension', run: () => np.array({ data: [1], shape: [-1] }), cls: ShapeError, parts: ['np.array shape (-1,) has an invalid dimension -1'] },
  { name: 'np.broadcastTo a fractional shape', run: () => np.broadcastTo(np.ones([1]), [2.5]), cls: ShapeError, parts: ['invalid dimension 2.5'] },
  { name: 'lax.iota with a negative dimension', run: () => lax.iota('float64', [-2]), cls: ShapeError, parts: ['iota shape (-2,) has an invalid dimension -2'] },
];

// ------------------------------------------------------------------ array construction, dtypes, mathjs

const constructionCases: Case[] = [
  { name: 'np.array(null)', run: () => np.array(null as never), cls: TypeError, parts: ['np.array cannot make an array from null'] },
  { name: 'np.array(undefined)', run: () => np.array(undefined as never), cls: TypeError, parts: ['from undefined'] },
  { name: 'np.array of a string', run: () => np.array('abc' as never), cls: TypeError, parts: ['from string'] },
  { name: 'np.array with an unknown dtype', run: () => np.array([1], 'int64' as never), cls: TypeError, parts: ['dtype must be one of bool, int32, uint32, float32, float64, got int64'] },
  { name: 'np.astype to an unknown dtype', run: () => np.astype(np.ones([3]), 'int64' as never), cls: TypeError, parts: ['convert_element_type: dtype must be one of', 'got int64'] },
  { name: 'lax.iota of an unknown dtype', run: () => lax.iota('uint8' as never, [3]), cls: TypeError, parts: ['iota: dtype must be one of', 'got uint8'] },
  { name: 'lax.argmax with an unknown index dtype', run: () => lax.argmax(np.ones([3]), 0, 'int64' as never), cls: TypeError, parts: ['argmax: indexDtype must be one of', 'got int64'] },
  { name: 'a ragged nested array', run: () => np.array([[1, 2], [3]] as never), cls: ShapeError, parts: ['ragged nested array at [1]: expected 2 entries at depth 1, got 1'] },
  { name: 'a nested array holding a string', run: () => np.array([[1, 'a']] as never), cls: TypeError, parts: ['element at [0][1] is string a', 'only numbers and booleans'] },
  { name: 'data that does not fill the shape', run: () => np.array({ data: [1, 2, 3], shape: [2, 2] }), cls: ShapeError, parts: ['3 values cannot fill shape (2, 2) of size 4'] },
  // mathjs matrices are wrapped lazily, but their element types are checked when they are wrapped
  { name: 'a mathjs matrix of strings (at wrap time)', run: () => np.array(math.matrix([['a']] as never) as never), cls: TypeError, parts: ['np.array(mathjs Matrix): element at [0][0] is string a'] },
  { name: 'a mathjs matrix holding a complex number', run: () => np.array(math.matrix([[1, 2], [3, math.complex(1, 2)]]) as never), cls: TypeError, parts: ['element at [1][1] is an object of type Complex'] },
  { name: 'a mathjs matrix of BigNumbers', run: () => np.array(math.matrix([math.bignumber(1)]) as never), cls: TypeError, parts: ['element at [0]', /Decimal|BigNumber/] },
  { name: 'a mathjs matrix of Fractions', run: () => np.array(math.matrix([[math.fraction(1, 2)]]) as never), cls: TypeError, parts: ['element at [0][0] is an object of type Fraction'] },
  { name: 'a mathjs matrix of Units', run: () => np.array(math.matrix([[math.unit('5 cm')]]) as never), cls: TypeError, parts: ['element at [0][0] is an object of type Unit'] },
  { name: 'vmap over a mathjs matrix of strings', run: () => vmap(id)(math.matrix([['a', 'b']] as never)), cls: TypeError, parts: ['np.array(mathjs Matrix): element at [0][0] is string a'] },
];

const catalogue: [string, Case[]][] = [
  ['vmap', vmapCases],
  ['grad/jvp/vjp/jit', gradCases],
  ['broadcasting and elementwise ops', broadcastCases],
  ['products, reshape, transpose, reductions', shapeCases],
  ['indexing', indexCases],
  ['axis names and collectives', collectiveCases],
  ['shapes too large to allocate', hugeCases],
  ['negative and fractional dimensions', dimCases],
  ['construction, dtypes and mathjs', constructionCases],
];

describe('bad inputs: error class and message', () => {
  it('the catalogue has at least 50 distinct cases', () => {
    const names = catalogue.flatMap(([, cs]) => cs.map((c) => c.name));
    expect(names.length).toBeGreaterThanOrEqual(50);
    expect(new Set(names).size).toBe(names.length);
  });
  for (const [group, cases] of catalogue) {
    describe(group, () => {
      it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
        expectError(c.run, c.cls, c.parts);
      });
    });
  }

  it('too-large shapes are rejected before anything is allocated', () => {
    for (const c of hugeCases) {
      const before = allocationStats.bytes;
      expect(c.run, c.name).toThrow(ShapeError);
      expect(allocationStats.bytes, c.name).toBe(before);
    }
  });

  it('a bad mathjs matrix is rejected when wrapped, a good one is still read lazily', () => {
    const good = math.matrix([[1, 2], [3, 4]]);
    const a = np.array(good as never);
    good.set([0, 0], 10); // mutated after wrapping, before the first read: the read sees it (lazy)
    expect(a.toArray()).toEqual([[10, 2], [3, 4]]);
    const sparse = np.array(math.sparse([[1, 0], [0, 2]]) as never);
    expect(sparse.toArray()).toEqual([[1, 0], [0, 2]]);
  });
});

// ------------------------------------------------------------------ the user's own errors

describe("the user's error propagates unchanged", () => {
  class MyError extends Error {}
  const boom = new MyError('boom');
  const thrower = (..._args: any[]): never => {
    throw boom;
  };
  const x = np.ones([2, 3]);
  const transforms: [string, () => unknown][] = [
    ['vmap', () => vmap(thrower)(x)],
    ['nested vmap', () => vmap(vmap(thrower))(x)],
    ['vmap with axisName and collectives before the throw', () => vmap((v: NDArray) => (psum(v, 'i'), thrower()), { axisName: 'i' })(x)],
    ['grad', () => grad(thrower)(np.array(1))],
    ['valueAndGrad', () => valueAndGrad(thrower)(np.array(1))],
    ['jvp', () => jvp(thrower, [np.array(1)], [np.array(1)])],
    ['vjp', () => vjp(thrower, np.array(1))],
    ['jacfwd', () => jacfwd(thrower)(np.ones(2))],
    ['jacrev', () => jacrev(thrower)(np.ones(2))],
    ['hessian', () => hessian(thrower)(np.ones(2))],
    ['jit', () => jit(thrower)(x)],
    ['jit of vmap', () => jit(vmap(thrower))(x)],
    ['vmap of jit', () => vmap(jit(thrower))(x)],
    ['vmap of grad', () => vmap(grad(thrower))(x)],
    ['grad of vmap', () => grad((v: NDArray) => np.sum(vmap(thrower)(v)))(x)],
    ['thrown while the result is being read', () => vmap((v: NDArray) => ({ get a(): NDArray { return thrower(); }, b: v }))(x)],
  ];
  it.each(transforms)('%s', (_name, run) => {
    expect(caught(run)).toBe(boom);
  });

  it('non-Error throwables pass through as they are', () => {
    const token = { reason: 'not an Error' };
    expect(caught(() => vmap((_v: any) => { throw token; })(x))).toBe(token);
    expect(caught(() => jit((_v: any) => { throw 'a string'; })(x))).toBe('a string');
    expect(caught(() => grad((_v: any) => { throw 42; })(np.array(1)))).toBe(42);
  });
});
