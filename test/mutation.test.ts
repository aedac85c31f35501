/**
 * Nothing the user passes in is ever written: NDArrays (their values and their computed buffers),
 * typed arrays given to np.array, mathjs matrices, and pytrees of parameters (plain objects and
 * arrays: same keys, same leaf identities, not frozen). Every input is fingerprinted before and
 * after running eager ops, vmap, grad and jit over it — over the whole lax-cases table too.
 */
import fc from 'fast-check';
import * as math from 'mathjs';
import { describe, expect, it } from 'vitest';
import { grad, jit, lax, np, valueAndGrad, vmap, type NDArray } from '../lib';
import type { DType, TypedArray } from '../lib/array/dtype';
import { isNDArray } from '../lib/array/ndarray';
import { laxCases } from '../properties/lax-cases';
import { valueArb } from '../properties/arbitraries';

/** Every bit of a number: -0 and NaN are told apart from 0 and each other value. */
const bits = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

/**
 * A fingerprint of a value: NDArray leaves by shape, dtype and every element (and, once computed,
 * the identity of their buffer, whose contents are fingerprinted too); typed arrays by contents;
 * mathjs matrices by size and data; objects and arrays by keys, frozenness and children; leaf
 * identities are recorded so a swapped-in equal array is noticed.
 */
function fingerprint(x: unknown, ids = new Map<object, number>()): string {
  const idOf = (o: object) => {
    if (!ids.has(o)) ids.set(o, ids.size);
    return ids.get(o)!;
  };
  if (isNDArray(x)) return `nd#${idOf(x)}:${x.dtype}[${x.shape.join(',')}]{${Array.from(x.buffer().data, bits).join(',')}}`;
  if (ArrayBuffer.isView(x)) return `${x.constructor.name}#${idOf(x)}{${Array.from(x as TypedArray, bits).join(',')}}`;
  if (math.isMatrix(x)) return `matrix#${idOf(x)}:${JSON.stringify(x.size())}${JSON.stringify(x.valueOf())}`;
  if (Array.isArray(x)) return `[#${idOf(x)}${Object.isFrozen(x) ? ' frozen' : ''} ${x.map((e) => fingerprint(e, ids)).join(', ')}]`;
  if (x !== null && typeof x === 'object')
    return `{#${idOf(x)}${Object.isFrozen(x) ? ' frozen' : ''}${Object.isExtensible(x) ? '' : ' sealed'} ${Object.keys(x)
      .map((k) => `${k}: ${fingerprint((x as Record<string, unknown>)[k], ids)}`)
      .join(', ')}}`;
  return typeof x === 'number' ? bits(x) : `${typeof x}:${String(x)}`;
}

/** Runs `body` and checks every listed input has the same fingerprint afterwards. */
function unchanged(inputs: readonly unknown[], body: () => void): void {
  const before = inputs.map((x) => fingerprint(x));
  body();
  inputs.forEach((x, i) => expect(fingerprint(x), `input ${i}`).toBe(before[i]));
}

const read = (x: unknown): void => {
  for (const leaf of [x].flat(Infinity)) {
    if (isNDArray(leaf)) leaf.data();
    else if (leaf !== null && typeof leaf === 'object') Object.values(leaf).forEach(read);
  }
};

describe('no input is written', () => {
  it('the fingerprint notices every kind of write (so the checks below can fail)', () => {
    const x = np.array([1, 2]);
    const t = new Int32Array([1, 2]);
    const m = math.matrix([[1]]);
    const tree = { a: x, b: [x] as NDArray[] };
    const probes: [unknown, () => void][] = [
      [x, () => (x.buffer().data[0] = -0)],
      [t, () => (t[1] = 3)],
      [m, () => m.set([0, 0], 2)],
      [tree, () => (tree.b[0] = np.array([1, 2]))],
      [tree, () => Object.freeze(tree.b)],
      [tree, () => Object.assign(tree, { c: 1 })],
    ];
    for (const [input, write] of probes) {
      const before = fingerprint(input);
      write();
      expect(fingerprint(input)).not.toBe(before);
    }
  });

  it('NDArrays under eager ops that share or copy buffers (reshape, scatter, dynamic update, sort, pad...)', () => {
    const x = np.array([[3, -1, 2], [0, 5, -4]]);
    const idx = np.array([1, 0, 1], 'int32');
    x.data(); // computed: its buffer is what reshape/squeeze share
    unchanged([x, idx], () => {
      read([
        np.reshape(x, [6]),
        np.squeeze(np.reshape(x, [1, 6])),
        lax.scatterAdd(np.reshape(x, [6]), idx, np.ones(3), 0),
        lax.dynamicUpdateSlice(x, np.array([[9]]), [1, 1]),
        np.sort(x, 1),
        np.argsort(x, 0),
        np.pad(x, 1, 7),
        np.cumsum(x, 0),
        np.transpose(x),
        np.flip(x),
        np.take(x, idx, 1),
        np.concatenate([x, x]),
        np.matmul(x, np.transpose(x)),
        np.where(np.greater(x, 0), x, 0),
        np.astype(x, 'int32'),
      ]);
    });
  });

  it('typed arrays given to np.array are copied, never written, and later writes to them do not leak in', () => {
    const f64 = new Float64Array([1, -2, 3, NaN]);
    const f32 = new Float32Array([0.5, -0, 2, 8]);
    const i32 = new Int32Array([4, -5, 6, 7]);
    const u8 = new Uint8Array([1, 0, 1, 1]);
    const arrays = [np.array(f64), np.array({ data: f32, shape: [2, 2] }), np.array(i32), np.array(u8, 'bool')];
    unchanged([f64, f32, i32, u8], () => {
      read(arrays.map((a) => np.sort(a)));
      read(vmap((r: NDArray) => np.cumsum(r))(arrays[1]!));
      read(jit((a: NDArray) => np.multiply(a, 2))(arrays[0]!));
      read(grad((a: NDArray) => np.sum(np.square(a)))(arrays[1]!));
    });
    const before = arrays[0]!.toArray();
    f64[0] = 100;
    expect(arrays[0]!.toArray()).toEqual(before);
  });

  it('values read out (data, toArray, toMatrix) are copies: writing them changes nothing', () => {
    const x = np.array([[1, 2], [3, 4]]);
    const d = x.data();
    d[0] = 99;
    const nested = x.toArray() as number[][];
    nested[0]![0] = 99;
    const m = x.toMatrix() as math.Matrix; // rank 2: a Matrix (a 0-d array gives a number)
    m.set([0, 0], 99);
    expect(x.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(np.sum(x).item()).toBe(10);
  });

  it('mathjs matrices: wrapped, mapped over and computed with, their data never changes', () => {
    const dense = math.matrix([[1, 2, 3], [4, 5, 6]]);
    const sparse = math.sparse([[1, 0], [0, 2]]);
    unchanged([dense, sparse], () => {
      const a = np.array(dense as never);
      read([np.add(a, 1), np.matmul(a, np.transpose(a)), np.reshape(a, [3, 2]), lax.dynamicUpdateSlice(a, np.zeros([1, 1]), [0, 0])]);
      read(vmap((r: NDArray) => np.cumsum(r))(dense as never));
      read(vmap((r: NDArray) => np.sort(r), { inAxes: 1 })(dense as never));
      read(np.multiply(np.array(sparse as never), 2));
      const out = np.array(dense as never).toMatrix() as math.Matrix;
      out.set([0, 0], -1); // the result is a new matrix
    });
  });

  it('pytrees of parameters: same keys, same leaves, values intact, nothing frozen', () => {
    const params = { w: np.array([[0.5, -1], [2, 0.25], [1, 1]]), b: np.array([0.1, -0.2]), layers: [np.array([1, 2]), np.array([[3]])] };
    const cfg = { lr: 0.1, name: 'net', flags: [true, false] };
    const xs = np.array([[1, 2, 3], [4, 5, 6]]);
    type P = typeof params;
    const loss = (p: P, c: typeof cfg, x: NDArray) =>
      np.sum(np.square(np.add(np.add(np.matmul(x, p.w), p.b), np.multiply(np.sum(p.layers[0]!), c.lr))));
    unchanged([params, cfg, xs], () => {
      read(grad(loss)(params, cfg, xs));
      read(valueAndGrad(loss, { argnums: [0, 2] })(params, cfg, xs));
      read(vmap(grad(loss), { inAxes: [null, null, 0] })(params, cfg, xs));
      read(vmap(loss, { inAxes: [{ w: null, b: 0, layers: null }, null, 0] } as never)({ ...params, b: np.stack([params.b, params.b]) }, cfg, xs));
      read(jit(loss, { staticArgnums: 1 })(params, cfg, xs));
      read(jit(grad(loss), { staticArgnums: 1 })(params, cfg, xs));
      read(grad((p: P) => loss(p, cfg, xs))(params));
    });
    expect(Object.isFrozen(params)).toBe(false);
    expect(Object.isFrozen(params.layers)).toBe(false);
    expect(Object.isFrozen(cfg)).toBe(false);
  });

  it('batched and traced inputs: vmap over an array does not write the array nor its slices', () => {
    const x = np.reshape(np.arange(24), [2, 3, 4]);
    x.data();
    unchanged([x], () => {
      read(vmap((r: NDArray) => lax.dynamicUpdateSlice(r, np.zeros([1, 1]), [0, 0]))(x));
      read(vmap((r: NDArray) => lax.scatterAdd(r, np.array([0, 0], 'int32'), np.ones([2, 4]), 0), { inAxes: 0 })(x));
      read(vmap(vmap((v: NDArray) => np.sort(np.negative(v))), { inAxes: 2, outAxes: 1 })(x));
      read(jit(vmap((r: NDArray) => np.cumprod(r, 1)))(x));
    });
  });

  it('every lax case: eager, vmap (mapped and unmapped), jit and grad leave the inputs and their typed arrays as they were', () => {
    const typedFor = (dtype: DType, data: readonly number[]): TypedArray =>
      dtype === 'float64' ? Float64Array.from(data) : dtype === 'float32' ? Float32Array.from(data) : dtype === 'int32' ? Int32Array.from(data) : Uint8Array.from(data);
    let checked = 0;
    for (const c of laxCases) {
      const arb = c.args.chain((inst) =>
        fc
          .tuple(
            ...inst.shapes.map((s, a) => {
              const n = s.reduce((p, q) => p * q, 1);
              const dtype = inst.dtypes[a]!;
              return fc.array(inst.valueArbs?.[a] ?? valueArb(dtype, 'any'), { minLength: n, maxLength: n });
            }),
          )
          .map((values) => ({ inst, values })),
      );
      fc.assert(
        fc.property(arb, ({ inst, values }) => {
          const typed = values.map((v, a) => typedFor(inst.dtypes[a]!, v));
          const xs = typed.map((t, a) => np.array({ data: t, shape: inst.shapes[a]! }, inst.dtypes[a]!));
          const stacked = xs.map((x) => np.stack([x, x]));
          unchanged([...typed, ...xs, ...stacked], () => {
            read(inst.fn(...xs));
            read(vmap(inst.fn)(...stacked));
            read(vmap(inst.fn, { inAxes: xs.map(() => null), axisSize: 2 } as never)(...xs));
            const jf = jit(inst.fn);
            read(jf(...xs));
            read(jf(...xs));
            const out = inst.fn(...xs);
            const floats = xs.map((x, a) => (x.dtype === 'float32' || x.dtype === 'float64' ? a : -1)).filter((a) => a >= 0);
            if ((out.dtype === 'float64' || out.dtype === 'float32') && floats.length > 0)
              read(grad((...as: NDArray[]) => np.sum(inst.fn(...as)), { argnums: floats })(...xs));
          });
          checked++;
        }),
        { numRuns: 6 },
      );
    }
    expect(checked).toBeGreaterThanOrEqual(6 * laxCases.length);
  });
});
