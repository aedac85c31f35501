/**
 * XLA's general gather and scatter (lax.gather/scatter/scatterAdd/Mul/Min/Max with dimension
 * numbers): known answers from JAX's docstrings and tests (jax/_src/lax/slicing.py,
 * tests/lax_test.py) or derived by hand in the comments, every out-of-bounds mode, the derivatives
 * at duplicates and ties, and JAX's shape-rule errors (tests/lax_test.py testGatherShapeCheckingRule,
 * testScatterShapeCheckingRule).
 */
import { describe, expect, it } from 'vitest';
import { grad, hessian, jit, lax, np, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';
import { gather, scatter, scatterAdd, scatterMax, scatterMin, scatterMul, type GatherDimensionNumbers, type ScatterDimensionNumbers } from '../lib/lax/gather';

const i32 = (x: number[] | number[][] | number[][][]) => np.array(x, 'int32');
/** Pick single elements of a vector: the dimension numbers of x[indices] in JAX's docstrings. */
const ELEMENTS: GatherDimensionNumbers = { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0] };
const ELEMENTS_S: ScatterDimensionNumbers = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };

describe('lax.gather', () => {
  it("JAX's docstring: x[indices] as a gather", () => {
    // >>> lax.gather(x, indices[:, None], slice_sizes=(1,), ...)  ->  [10, 11, 11, 12, 12, 12]
    const x = np.array([10, 11, 12], 'int32');
    const out = gather(x, i32([[0], [1], [1], [2], [2], [2]]), ELEMENTS, [1], { mode: 'promise_in_bounds', indicesAreSorted: true });
    expect([out.dtype, out.toArray()]).toEqual(['int32', [10, 11, 11, 12, 12, 12]]);
  });

  it('2-d windows: offset dims trailing, each mode at a window past the edge', () => {
    // operand [[0,1,2],[3,4,5],[6,7,8]], 2x2 windows at (1,1) and (0,2): (0,2) needs column 3, so
    // clip (and promise_in_bounds, which clamps like XLA) moves it to (0,1); fill fills the whole window
    const x = np.reshape(np.arange(9), [3, 3]);
    const dn = { offsetDims: [1, 2], collapsedSliceDims: [], startIndexMap: [0, 1] };
    const idx = i32([
      [1, 1],
      [0, 2],
    ]);
    const clipped = [
      [
        [4, 5],
        [7, 8],
      ],
      [
        [1, 2],
        [4, 5],
      ],
    ];
    expect(gather(x, idx, dn, [2, 2], { mode: 'clip' }).toArray()).toEqual(clipped);
    expect(gather(x, idx, dn, [2, 2]).toArray()).toEqual(clipped); // JAX's default mode: promise_in_bounds
    expect(gather(x, idx, dn, [2, 2], { mode: 'fill' }).toArray()).toEqual([clipped[0], [[NaN, NaN], [NaN, NaN]]]);
    expect(gather(x, idx, dn, [2, 2], { mode: 'fill', fillValue: -1 }).toArray()).toEqual([clipped[0], [[-1, -1], [-1, -1]]]);
  });

  it('an offset dim before the batch dim: gathering columns', () => {
    // x = arange(12).reshape(3, 4); out[:, j] = column idx[j]: columns 2 and 0
    const x = np.reshape(np.arange(12), [3, 4]);
    const out = gather(x, i32([[2], [0]]), { offsetDims: [0], collapsedSliceDims: [1], startIndexMap: [1] }, [3, 1]);
    expect(out.toArray()).toEqual([
      [2, 0],
      [6, 4],
      [10, 8],
    ]);
  });

  it("operand and indices batching dims (JAX's testGather cases)", () => {
    // (2, 5) with batching dims 0/0: out[b][i] = x[b][idx[b][i]], x = arange(10).reshape(2, 5)
    const x = np.reshape(np.arange(10), [2, 5]);
    const dn = { offsetDims: [], collapsedSliceDims: [1], startIndexMap: [1], operandBatchingDims: [0], startIndicesBatchingDims: [0] };
    expect(gather(x, i32([[[0], [2]], [[1], [1]]]), dn, [1, 1]).toArray()).toEqual([
      [0, 2],
      [6, 6],
    ]);
    // (2, 3, 10) with operand batching dims (0, 1) paired with indices dims (1, 0):
    // out[i][j][w] = y[j][i][idx[i][j] + w] = 30 j + 10 i + idx[i][j] + w
    const y = np.reshape(np.arange(60), [2, 3, 10]);
    const dn2 = { offsetDims: [2], collapsedSliceDims: [], startIndexMap: [2], operandBatchingDims: [0, 1], startIndicesBatchingDims: [1, 0] };
    const out = gather(y, i32([[[0], [1]], [[2], [3]], [[4], [5]]]), dn2, [1, 1, 3]);
    expect(out.toArray()).toEqual([
      [
        [0, 1, 2],
        [31, 32, 33],
      ],
      [
        [12, 13, 14],
        [43, 44, 45],
      ],
      [
        [24, 25, 26],
        [55, 56, 57],
      ],
    ]);
  });

  it('fill defaults by dtype (NaN, the most negative int32, the largest uint32, true) and negative starts', () => {
    const far = i32([[7], [-1], [1]]);
    const at = (x: NDArray) => gather(x, far, ELEMENTS, [1], { mode: 'fill' }).toArray();
    expect(at(np.array([1.5, 2.5]))).toEqual([NaN, NaN, 2.5]);
    expect(at(np.array([1, 2], 'int32'))).toEqual([-2147483648, -2147483648, 2]);
    expect(at(np.array([1, 2], 'uint32'))).toEqual([4294967295, 4294967295, 2]);
    expect(at(np.array([false, false]))).toEqual([true, true, false]);
    // a window of 3 starting at 3 in a length-5 axis is partly out: fill fills all of it, clip starts at 2
    const x = np.arange(5);
    const dn = { offsetDims: [1], collapsedSliceDims: [], startIndexMap: [0] };
    expect(gather(x, i32([[3]]), dn, [3], { mode: 'fill' }).toArray()).toEqual([[NaN, NaN, NaN]]);
    expect(gather(x, i32([[3]]), dn, [3], { mode: 'clip' }).toArray()).toEqual([[2, 3, 4]]);
    expect(gather(x, i32([[-4]]), dn, [3], { mode: 'clip' }).toArray()).toEqual([[0, 1, 2]]);
  });

  it('empty indices allow any slice size (the base case JAX tests); long rows copy whole', () => {
    expect(gather(np.zeros([0]), np.zeros([0, 1], 'int32'), ELEMENTS, [1]).shape).toEqual([0]);
    expect(gather(np.zeros([0, 2]), np.zeros([0, 1], 'int32'), { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] }, [1, 3]).shape).toEqual([0, 3]);
    expect(() => gather(np.zeros([0]), np.zeros([0, 1], 'int32'), { offsetDims: [1], collapsedSliceDims: [], startIndexMap: [0] }, [-1])).toThrow(
      'Slice size at index 0 in gather op is out of range, must be within [0, 0 + 1), got -1.',
    );
    // rows of 100 (copied as one run): row 2 then row 0 of arange(300).reshape(3, 100)
    const x = np.reshape(np.arange(300), [3, 100]);
    const rows = gather(x, i32([[2], [0]]), { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] }, [1, 100]).toArray() as number[][];
    expect([rows[0]![0], rows[0]![99], rows[1]![0], rows[1]![99]]).toEqual([200, 299, 0, 99]);
  });

  it('JS index arrays are taken as int32; float indices and unknown modes are errors naming the argument', () => {
    expect(gather(np.array([5, 6]), [[1]], ELEMENTS, [1]).toArray()).toEqual([6]);
    expect(() => gather(np.array([5, 6]), [[0.5]], ELEMENTS, [1])).toThrow('lax.gather: indices must hold integers, got 0.5');
    expect(() => gather(np.array([5, 6]), np.array([[1]]), ELEMENTS, [1])).toThrow('lax.gather: indices must hold integers, got dtype float64 of shape (1, 1)');
    expect(() => gather(np.array([5, 6]), [[1]], ELEMENTS, [1], { mode: 'wrap' as 'clip' })).toThrow(
      `lax.gather: unknown mode "wrap"; expected 'clip', 'fill', 'drop' or 'promise_in_bounds'`,
    );
    expect(() => gather(np.array([5, 6]), [[1]], { ...ELEMENTS, offsetDims: 0 as unknown as number[] }, [1])).toThrow(
      'lax.gather: dimensionNumbers.offsetDims must be an array of integers, got 0',
    );
  });

  it('keeps the one-axis form: a number for the dimension numbers', () => {
    expect(gather(np.array([10, 20, 30]), i32([2, 0]), 0).toArray()).toEqual([30, 10]);
    expect(scatterAdd(np.zeros([3]), i32([0, 0, 2]), np.array([1, 2, 3]), 0).toArray()).toEqual([3, 0, 3]);
  });
});

describe('lax.scatter and its combiners', () => {
  it("JAX's docstrings: x.at[indices].set / .add as scatters", () => {
    const idx = i32([[1], [2], [4]]), v = np.array([2, 3, 4]);
    expect(scatter(np.ones([5]), idx, v, ELEMENTS_S).toArray()).toEqual([1, 2, 3, 1, 4]);
    expect(scatterAdd(np.ones([5]), idx, v, ELEMENTS_S).toArray()).toEqual([1, 3, 4, 1, 5]);
  });

  it('duplicates: add accumulates, replace keeps the last, mul/min/max combine all', () => {
    const idx = i32([[0], [0], [2]]);
    // 2*3*5 = 30 at 0, 2*7 = 14 at 2
    expect(scatterMul(np.full([3], 2), idx, np.array([3, 5, 7]), ELEMENTS_S).toArray()).toEqual([30, 2, 14]);
    expect(scatterMin(np.full([3], 5), idx, np.array([3, 1, 9]), ELEMENTS_S).toArray()).toEqual([1, 5, 5]);
    expect(scatterMax(np.full([3], 5), idx, np.array([3, 8, 9]), ELEMENTS_S).toArray()).toEqual([8, 5, 9]);
    expect(scatter(np.zeros([3]), idx, np.array([3, 8, 9]), ELEMENTS_S).toArray()).toEqual([8, 0, 9]);
    expect(scatterAdd(np.zeros([3]), idx, np.array([3, 8, 9]), ELEMENTS_S).toArray()).toEqual([11, 0, 9]);
    // NaN propagates through min/max as lax.max does
    expect(scatterMax(np.zeros([1]), i32([[0]]), np.array([NaN]), ELEMENTS_S).toArray()).toEqual([NaN]);
  });

  it('out-of-range indices: drop (the default) and promise_in_bounds skip, clip clamps', () => {
    // indices -1, 1, 4, 1 into 4 elements, updates 1..4: drop keeps 1 and 1 (2 + 4); clip sends -1 to 0 and 4 to 3
    const idx = i32([[-1], [1], [4], [1]]), u = np.array([1, 2, 3, 4]);
    expect(scatterAdd(np.zeros([4]), idx, u, ELEMENTS_S).toArray()).toEqual([0, 6, 0, 0]);
    expect(scatterAdd(np.zeros([4]), idx, u, ELEMENTS_S, { mode: 'fill' }).toArray()).toEqual([0, 6, 0, 0]);
    expect(scatterAdd(np.zeros([4]), idx, u, ELEMENTS_S, { mode: 'promise_in_bounds' }).toArray()).toEqual([0, 6, 0, 0]);
    expect(scatterAdd(np.zeros([4]), idx, u, ELEMENTS_S, { mode: 'clip' }).toArray()).toEqual([1, 6, 0, 3]);
    expect(scatter(np.zeros([4]), idx, u, ELEMENTS_S).toArray()).toEqual([0, 4, 0, 0]);
  });

  it('2x2 windows: a window partly past the edge is dropped whole, or clamped', () => {
    // windows of ones at (0, 1) and (2, 3) into zeros(3, 4); (2, 3) clamps to (1, 2)
    const dn = { updateWindowDims: [1, 2], insertedWindowDims: [], scatterDimsToOperandDims: [0, 1] };
    const idx = i32([
      [0, 1],
      [2, 3],
    ]);
    expect(scatterAdd(np.zeros([3, 4]), idx, np.ones([2, 2, 2]), dn, { mode: 'clip' }).toArray()).toEqual([
      [0, 1, 1, 0],
      [0, 1, 2, 1],
      [0, 0, 1, 1],
    ]);
    expect(scatterAdd(np.zeros([3, 4]), idx, np.ones([2, 2, 2]), dn).toArray()).toEqual([
      [0, 1, 1, 0],
      [0, 1, 1, 0],
      [0, 0, 0, 0],
    ]);
  });

  it("batching dims (JAX's testScatter case): out[b][idx[b][i]] += u[b][i]", () => {
    const dn = { updateWindowDims: [], insertedWindowDims: [1], scatterDimsToOperandDims: [1], operandBatchingDims: [0], scatterIndicesBatchingDims: [0] };
    const out = scatterAdd(np.zeros([2, 5]), i32([[[0], [2]], [[1], [1]]]), np.array([[1, 2], [3, 4]]), dn);
    expect(out.toArray()).toEqual([
      [1, 0, 2, 0, 0],
      [0, 7, 0, 0, 0],
    ]);
  });

  it('integer arithmetic wraps as int32 and uint32 do; bools add as OR; the operand is not mutated', () => {
    const one = i32([[0]]);
    expect(scatterAdd(np.array([2147483647], 'int32'), one, np.array([1], 'int32'), ELEMENTS_S).toArray()).toEqual([-2147483648]);
    expect(scatterMul(np.array([65536], 'int32'), one, np.array([65537], 'int32'), ELEMENTS_S).toArray()).toEqual([65536]); // 2^32 + 2^16 mod 2^32
    expect(scatterMul(np.array([4294967295], 'uint32'), one, np.array([2], 'uint32'), ELEMENTS_S).toArray()).toEqual([4294967294]);
    expect(scatterAdd(np.array([true, false]), i32([[0], [0]]), np.array([true, true]), ELEMENTS_S).toArray()).toEqual([true, false]);
    const x = np.array([1, 2, 3]);
    scatter(x, one, np.array([9]), ELEMENTS_S).toArray();
    expect(x.toArray()).toEqual([1, 2, 3]);
  });

  it('dimension numbers that are not an object, and unknown modes, are errors naming the function', () => {
    expect(() => scatterMul(np.zeros([2]), [[1]], [5], [0] as unknown as ScatterDimensionNumbers)).toThrow(
      'lax.scatterMul: dimensionNumbers must be an object { updateWindowDims, insertedWindowDims, scatterDimsToOperandDims, operandBatchingDims?, scatterIndicesBatchingDims? }, got [0]',
    );
    expect(() => scatterMax(np.zeros([2]), [[1]], [5], ELEMENTS_S, { mode: 'wrap' as 'clip' })).toThrow('lax.scatterMax: unknown mode "wrap"');
  });

  it('JS updates take the operand dtype; mismatched dtypes are an error', () => {
    expect(scatterAdd(np.zeros([2], 'int32'), [[1]], [5], ELEMENTS_S).toArray()).toEqual([0, 5]);
    expect(() => scatterAdd(np.zeros([2], 'int32'), [[1]], np.array([5]), ELEMENTS_S)).toThrow(
      'scatter_add requires arguments to have the same dtypes, got int32, float64',
    );
  });
});

describe('derivatives at duplicates and ties', () => {
  const w3 = np.array([1, 2, 3]);
  it('gather transposes to a scatter-add: repeated rows accumulate', () => {
    // d/dx sum(gather(x, [0, 0, 2]) * [1, 2, 3]) = [1 + 2, 0, 3]
    const f = (x: NDArray) => np.sum(np.multiply(gather(x, i32([[0], [0], [2]]), ELEMENTS, [1]), w3));
    expect(grad(f)(np.array([5, 6, 7])).toArray()).toEqual([3, 0, 3]);
  });
  it('replace: the overwritten operand element and the losing duplicate get nothing', () => {
    // out = [x0, u1, x2] (u1 was written last at 1): d/dx = [1, 0, 3], d/du = [0, 2]
    const f = (x: NDArray, u: NDArray) => np.sum(np.multiply(scatter(x, i32([[1], [1]]), u, ELEMENTS_S), w3));
    const [gx, gu] = grad(f, { argnums: [0, 1] })(np.array([1, 1, 1]), np.array([4, 5])) as NDArray[];
    expect([gx!.toArray(), gu!.toArray()]).toEqual([
      [1, 0, 3],
      [0, 2],
    ]);
  });
  it('mul with duplicates and a zero: the product of the others', () => {
    // out = x u0 u1: at (2; 3, 5) the gradients are u0 u1 = 15, x u1 = 10, x u0 = 6; at u0 = 0: 0, 10, 0
    const f = (x: NDArray, u: NDArray) => np.sum(scatterMul(x, i32([[0], [0]]), u, ELEMENTS_S));
    const g = grad(f, { argnums: [0, 1] });
    const at = (u: number[]) => (g(np.array([2]), np.array(u)) as NDArray[]).map((a) => a.toArray());
    expect(at([3, 5])).toEqual([[15], [10, 6]]);
    expect(at([0, 5])).toEqual([[0], [10, 0]]);
  });
  it('max: tied winners share the derivative equally (JAX), the operand too when it ties', () => {
    const f = (x: NDArray, u: NDArray) => np.sum(scatterMax(x, i32([[0], [0]]), u, ELEMENTS_S));
    const g = grad(f, { argnums: [0, 1] });
    const at = (x: number[], u: number[]) => (g(np.array(x), np.array(u)) as NDArray[]).map((a) => a.toArray());
    expect(at([1, 5], [3, 3])).toEqual([
      [0, 1],
      [0.5, 0.5],
    ]);
    // operand 3 ties both updates: each of the three gets 1/3; the operand's share is computed as
    // 1 + 2 (-1 + 1/3) / 2 (JAX's formula), three roundings of numbers below 2: within 4 ulps of 1/3
    const [gx, gu] = at([3, 5], [3, 3]) as number[][];
    expect([gx![1], gu]).toEqual([1, [1 / 3, 1 / 3]]);
    expect(Math.abs(gx![0]! - 1 / 3)).toBeLessThanOrEqual(4 * 2 ** -54);
    expect(at([4, 0], [3, 1])).toEqual([
      [1, 1],
      [0, 0],
    ]);
  });
  it('under vmap and jit the answers are the same', () => {
    const f = (x: NDArray) => gather(x, i32([[1], [0]]), ELEMENTS, [1]);
    const xs = np.array([
      [1, 2],
      [3, 4],
    ]);
    expect(vmap(f)(xs).toArray()).toEqual([
      [2, 1],
      [4, 3],
    ]);
    expect(jit(f)(np.array([7, 8])).toArray()).toEqual([8, 7]);
  });
});

/** JAX's testGatherShapeCheckingRule: operand shape, indices shape, dimension numbers, slice sizes, message. */
const GATHER_ERRORS: [string, number[], number[], GatherDimensionNumbers, number[], string][] = [
  ['NonAscendingWindowIndices', [10, 9, 8, 7, 6], [5, 4, 3, 2, 1], { offsetDims: [4, 5, 6, 8, 7], collapsedSliceDims: [], startIndexMap: [0, 1, 2, 3, 4] }, [10, 9, 8, 7, 6], 'offset_dims in gather op must be sorted'],
  ['RepeatedWindowIndices', [10, 9, 8, 7, 6], [5, 4, 3, 2, 1], { offsetDims: [4, 5, 6, 7, 7], collapsedSliceDims: [], startIndexMap: [0, 1, 2, 3, 4] }, [10, 9, 8, 7, 6], 'offset_dims in gather op must not repeat'],
  ['WindowIndexOutOfBounds', [10, 9, 8, 7, 6], [5, 4, 3, 2, 1], { offsetDims: [4, 5, 100, 101, 102], collapsedSliceDims: [], startIndexMap: [0, 1, 2, 3, 4] }, [10, 9, 8, 7, 6], 'Offset dimension 2 in gather op is out of bounds'],
  ['WindowIndexBarelyOutOfBounds', [10, 9, 8, 7, 6], [5, 4, 3, 2, 1], { offsetDims: [4, 5, 6, 7, 9], collapsedSliceDims: [], startIndexMap: [0, 1, 2, 3, 4] }, [10, 9, 8, 7, 6], 'Offset dimension 4 in gather op is out of bounds'],
  ['MismatchingElidedWindowDims', [10, 9, 8, 7, 6], [5, 4, 3, 2, 5], { offsetDims: [4, 5, 6, 7, 8], collapsedSliceDims: [4], startIndexMap: [0, 1, 2, 3, 4] }, [10, 9, 8, 7, 6], 'All components of the offset index in a gather op must either be a offset dimension or explicitly collapsed/batching'],
  ['OutOfBoundsWindowToInputMapping', [10, 9, 8, 7, 6], [5, 4, 3, 2, 5], { offsetDims: [4, 5, 6, 7, 8], collapsedSliceDims: [0, 1, 2, 3, 19], startIndexMap: [0, 1, 2, 3, 4] }, [10, 9, 8, 7, 6], 'Invalid collapsed_slice_dims set in gather op; valid range is'],
  ['RepeatedWindowToInputMapping', [10, 9, 8, 7, 6], [5, 4, 3, 2, 5], { offsetDims: [4, 5, 6, 7, 8], collapsedSliceDims: [0, 1, 2, 3, 3], startIndexMap: [0, 1, 2, 3, 4] }, [10, 9, 8, 7, 6], 'collapsed_slice_dims in gather op must not repeat'],
  ['MismatchingGatherToInputMapping', [10, 9, 8, 7, 6], [5, 4, 3, 2, 5], { offsetDims: [4, 5, 6, 7, 8], collapsedSliceDims: [], startIndexMap: [0, 1, 2, 3] }, [10, 9, 8, 7, 6], 'Gather op has 4 elements in start_index_map and the bound of dimension index_vector_dim=4 of indices is 5. These two numbers must be equal.'],
  ['OutOfBoundsGatherToInputMapping', [10, 9, 8, 7, 6], [5, 4, 3, 2, 5], { offsetDims: [4, 5, 6, 7, 8], collapsedSliceDims: [], startIndexMap: [0, 1, 2, 3, 7] }, [10, 9, 8, 7, 6], 'Invalid start_index_map'],
  ['RepeatedGatherToInputMapping', [10, 9, 8, 7, 6], [5, 4, 3, 2, 5], { offsetDims: [4, 5, 6, 7, 8], collapsedSliceDims: [], startIndexMap: [0, 1, 2, 3, 3] }, [10, 9, 8, 7, 6], 'start_index_map in gather op must not repeat'],
  ['NonAscendingElidedWindowDims', [10, 9, 8, 7, 6], [5, 4, 3, 2, 5], { offsetDims: [4, 5, 6, 7, 8], collapsedSliceDims: [2, 1], startIndexMap: [0, 1, 2, 3, 4] }, [10, 9, 8, 7, 6], 'collapsed_slice_dims in gather op must be sorted'],
  ['WindowBoundsTooLarge', [10, 9, 8, 7, 6], [5, 4, 3, 2, 5], { offsetDims: [4, 5, 6, 7], collapsedSliceDims: [2], startIndexMap: [0, 1, 2, 3, 4] }, [10, 9, 8, 100, 6], 'Slice size at index 3 in gather op is out of range'],
  ['MismatchingNumberOfWindowBounds', [10, 9, 8, 7, 6], [5, 4, 3, 2, 5], { offsetDims: [4, 5, 6, 7], collapsedSliceDims: [], startIndexMap: [0, 1, 2, 3, 4] }, [10, 9, 8, 7], 'Gather op must have one slice size for every input dimension'],
  ['WindowBoundsNot1ForElidedDim', [10, 9, 8, 7, 6], [5, 4, 3, 2, 5], { offsetDims: [4, 5, 6, 7], collapsedSliceDims: [1], startIndexMap: [0, 1, 2, 3, 4] }, [10, 9, 8, 7, 6], 'Gather op can only collapse slice dims with bound 1, but bound is 9 for index 1 at position 0.'],
  ['RepeatedOperandBatchingDims', [10, 9, 8, 7, 6], [5, 4, 3, 2, 3], { offsetDims: [4, 5, 6], collapsedSliceDims: [0, 1], startIndexMap: [0, 1, 4], operandBatchingDims: [2, 3, 3] }, [10, 9, 8, 7, 6], 'operand_batching_dims in gather op must not repeat'],
  ['NonAscendingOperandBatchingDims', [10, 9, 8, 7, 6], [5, 4, 3, 2, 3], { offsetDims: [4, 5, 6], collapsedSliceDims: [0, 1], startIndexMap: [0, 1, 4], operandBatchingDims: [3, 2] }, [10, 9, 8, 7, 6], 'operand_batching_dims in gather op must be sorted'],
  ['OutOfBoundsOperandBatchingDims', [10, 9, 8, 7, 6], [5, 4, 3, 2, 5], { offsetDims: [4, 5, 6], collapsedSliceDims: [0, 1], startIndexMap: [0, 1, 2, 3, 4], operandBatchingDims: [0, 10] }, [10, 9, 8, 7, 6], 'Invalid operand_batching_dims set in gather op; valid range is'],
  ['NonDisjointCollapsedAndBatchingDims', [10, 9, 8, 7, 6], [5, 4, 3, 2, 3], { offsetDims: [4, 5, 6], collapsedSliceDims: [0, 1, 2], startIndexMap: [0, 1, 4], operandBatchingDims: [2, 3] }, [10, 9, 8, 7, 6], 'collapsed_slice_dims and operand_batching_dims in gather op must be disjoint'],
  ['NonDisjointStartIndexMapAndBatchingDims', [10, 9, 8, 7, 6], [5, 4, 3, 2, 4], { offsetDims: [4, 5, 6], collapsedSliceDims: [0, 1], startIndexMap: [0, 1, 2, 4], operandBatchingDims: [2, 3] }, [10, 9, 8, 7, 6], 'start_index_map and operand_batching_dims in gather op must be disjoint'],
  ['WindowBoundsNot1ForBatchingDim', [10, 9, 8, 7, 6], [9, 4, 3, 2, 4], { offsetDims: [4, 5, 6, 7], collapsedSliceDims: [], startIndexMap: [0, 2, 3, 4], operandBatchingDims: [1], startIndicesBatchingDims: [0] }, [10, 9, 8, 7, 6], 'Gather op can only have operand batching dims with bound 0/1, but bound is 9 for index 1 at position 0.'],
  ['RepeatedStartIndicesBatchingDims', [10, 9, 8, 7, 6], [5, 4, 3, 2, 5], { offsetDims: [4, 5, 6], collapsedSliceDims: [0, 1], startIndexMap: [0, 1, 2, 3, 4], startIndicesBatchingDims: [0, 1, 0] }, [10, 9, 8, 7, 6], 'start_indices_batching_dims in gather op must not repeat'],
  ['OutOfBoundsStartIndicesBatchingDims', [10, 9, 8, 7, 6], [5, 4, 3, 2, 5], { offsetDims: [4, 5, 6], collapsedSliceDims: [0, 1], startIndexMap: [0, 1, 2, 3, 4], startIndicesBatchingDims: [0, 5] }, [10, 9, 8, 7, 6], 'Invalid start_indices_batching_dims set in gather op; valid range'],
  ['IndexVectorDimInStartIndicesBatchingDims', [10, 9, 8, 7, 6], [5, 4, 3, 2, 5], { offsetDims: [4, 5, 6], collapsedSliceDims: [0, 1], startIndexMap: [0, 1, 2, 3, 4], startIndicesBatchingDims: [0, 4] }, [10, 9, 8, 7, 6], 'Gather op cannot have the index vector dimension as a batching dimension'],
  ['MismatchingNumberOfBatchingDims', [10, 9, 8, 7, 6], [5, 4, 3, 2, 4], { offsetDims: [4, 5, 6], collapsedSliceDims: [1, 2], startIndexMap: [1, 2, 3, 4], operandBatchingDims: [0], startIndicesBatchingDims: [0, 1] }, [10, 9, 8, 7, 6], 'Gather op requires equal numbers of operand_batching_dims and start_indices_batching_dims'],
  ['MismatchingBatchingDimSizes', [10, 9, 8, 7, 6], [10, 9, 3, 2, 3], { offsetDims: [4, 5, 6, 7, 8], collapsedSliceDims: [2, 3, 4], startIndexMap: [2, 3, 4], operandBatchingDims: [0, 1], startIndicesBatchingDims: [1, 0] }, [10, 9, 8, 7, 6], 'Gather op requires operand batching dimensions and indices batching dimensions to have the same shape'],
];

/**
 * JAX's testScatterShapeCheckingRule: operand, indices and updates shapes, dimension numbers, message
 * (two operands shrunk from (…, 49, 48, 47, 46, 45) to fours, which no check involved looks at:
 * ours are arrays of at most 2^31 - 1 elements even when nothing is computed).
 */
const SCATTER_ERRORS: [string, number[], number[], number[], ScatterDimensionNumbers, string][] = [
  ['ScatterWithUpdatesBiggerThanInput', [64, 48], [32, 1], [65, 32], { updateWindowDims: [0], insertedWindowDims: [1], scatterDimsToOperandDims: [1] }, 'Bounds of the window dimensions'],
  ['ScatterWithUpdatesNotMatchingIndices', [64, 48], [32, 1], [64, 31], { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [1] }, 'Bounds of the scatter dimensions'],
  ['InvalidUpdates', [50, 49, 48, 47, 46], [10, 9, 8, 7, 5], [10, 9, 8, 7, 3, 2, 4, 1], { updateWindowDims: [4, 5, 6], insertedWindowDims: [1, 2], scatterDimsToOperandDims: [0, 1, 2, 3, 4] }, 'Updates tensor must be of rank 7; got 8.'],
  ['NonAscendingUpdateWindowDims', [6, 5, 4, 3, 2], [5, 4, 3, 2, 1], [10, 9, 8, 7, 6, 5, 4, 3, 2], { updateWindowDims: [4, 5, 6, 8, 7], insertedWindowDims: [], scatterDimsToOperandDims: [0, 1, 2, 3, 4] }, 'update_window_dims in scatter op must be sorted'],
  ['OutOfBoundsUpdateWindowDims', [6, 5, 4, 3, 2], [5, 4, 3, 2, 1], [10, 9, 8, 7, 6, 5, 4, 3, 2], { updateWindowDims: [4, 5, 6, 7, 9], insertedWindowDims: [], scatterDimsToOperandDims: [0, 1, 2, 3, 4] }, 'Invalid update_window_dims set in scatter op'],
  ['RepeatedInsertedWindowDims', [50, 49, 48, 47, 46], [10, 9, 8, 7, 5], [10, 9, 8, 7, 3, 2, 4], { updateWindowDims: [4, 5, 6], insertedWindowDims: [1, 1], scatterDimsToOperandDims: [0, 1, 2, 3, 4] }, 'inserted_window_dims in scatter op must not repeat'],
  ['MismatchingScatterDimsToOperandDims', [50, 49, 48, 47, 46], [10, 9, 8, 7, 5], [10, 9, 8, 7, 3, 2, 4], { updateWindowDims: [4, 5, 6], insertedWindowDims: [1, 2], scatterDimsToOperandDims: [0, 1, 2, 3] }, 'Scatter op has 4 elements in scatter_dims_to_operand_dims and the bound of dimension index_vector_dim=4 of indices is 5. These two numbers must be equal'],
  ['OutOfBoundsScatterDimsToOperandDims', [50, 49, 48, 47, 46], [10, 9, 8, 7, 5], [10, 9, 8, 7, 3, 2, 4], { updateWindowDims: [4, 5, 6], insertedWindowDims: [1, 2], scatterDimsToOperandDims: [0, 1, 2, 3, 10] }, 'Invalid scatter_dims_to_operand_dims mapping'],
  ['RepeatedValuesInScatterDimsToOperandDims', [50, 49, 48, 47, 46], [10, 9, 8, 7, 5], [10, 9, 8, 7, 3, 2, 4], { updateWindowDims: [4, 5, 6], insertedWindowDims: [1, 2], scatterDimsToOperandDims: [0, 1, 2, 2, 3] }, 'scatter_dims_to_operand_dims in scatter op must not repeat'],
  ['InsufficientWindowDims', [50, 49, 48, 47, 46], [10, 9, 8, 7, 4], [10, 9, 8, 7, 3, 2, 4], { updateWindowDims: [4, 5, 6], insertedWindowDims: [1], scatterDimsToOperandDims: [0, 1, 2, 3] }, "Scatter op has window of size 4; doesn't match operand of rank 5."],
  ['InsufficientWindowDimsV2', [10, 4, 4, 4, 4, 4], [10, 9, 8, 7, 3], [10, 9, 8, 7, 3, 2, 4], { updateWindowDims: [4, 5, 6], insertedWindowDims: [1], scatterDimsToOperandDims: [1, 2, 3], operandBatchingDims: [0], scatterIndicesBatchingDims: [0] }, "Scatter op has window of size 5; doesn't match operand of rank 6."],
  ['NonDisjointCollapsedAndBatchingDims', [5, 4, 4, 4, 4, 4], [10, 9, 8, 7, 5], [10, 9, 8, 7, 3, 2, 4], { updateWindowDims: [4, 5, 6], insertedWindowDims: [0, 1], scatterDimsToOperandDims: [0, 1, 4], operandBatchingDims: [1, 2] }, 'inserted_window_dims and operand_batching_dims in scatter op must be disjoint'],
  ['RepeatedScatterIndicesBatchingDims', [50, 49, 48, 47, 46], [10, 9, 8, 7, 5], [10, 9, 8, 7, 3, 2, 4], { updateWindowDims: [4, 5, 6], insertedWindowDims: [0, 1], scatterDimsToOperandDims: [0, 1, 2, 3, 4], scatterIndicesBatchingDims: [0, 1, 0] }, 'scatter_indices_batching_dims in scatter op must not repeat'],
];

describe('scatter_mul second order', () => {
  it('an update alone at its element divides by nothing: the Hessian at a subnormal is finite', () => {
    // f(x) = x0 * (x0 / 2) + x1 (x0 scaled by an update derived from itself): d2f/dx0^2 = 1, the rest 0;
    // dividing by the update made it 2q/u^3 = Inf * 0 = NaN at x0 = -1e-323
    const dn = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
    const f = (x: NDArray) => np.sum(scatterMul(x, [[0]], lax.mul(lax.slice(x, [0], [1]), 0.5), dn));
    for (const x0 of [-1e-323, 0, 3]) expect(Array.from(hessian(f)(np.array([x0, 0])).data())).toEqual([1, 0, 0, 0]);
  });
});

describe('scatter_mul with repeated indices: the product of the others, exact to every order', () => {
  // f(u) = u0 u1 (both updates hit element 0): grad (u1, u0), Hessian [[0, 1], [1, 0]] everywhere,
  // zeros included (a quotient-based rule lost the zero's row), and no overflow from dividing
  const one = np.array([1]);
  const pair = (u: NDArray) => np.sum(one.at([0, 0]).multiply(u));
  it('Hessian of u0 u1 at zeros and elsewhere', () => {
    for (const u of [[0, 3], [0, 0], [2, 5]]) expect(hessian(pair)(np.array(u)).toArray()).toEqual([[0, 1], [1, 0]]);
  });
  it('gradients where the product of all updates overflows or underflows', () => {
    const triple = (u: NDArray) => np.sum(one.at([0, 0, 0]).multiply(u));
    // d/du_i = product of the other two: 1e200 * 1e-200 = 1 (rounding of the decimal literals aside)
    expect(Array.from(grad(triple)(np.array([1e200, 1e200, 1e-200])).data())).toEqual([1e200 * 1e-200, 1e200 * 1e-200, Infinity]);
    expect(Array.from(grad(triple)(np.array([1e-200, 1e-200, 1e200])).data())).toEqual([1e-200 * 1e200, 1e-200 * 1e200, 0]);
  });
  it('several runs: u0 u1 u2 on element 0, u3 alone on element 1', () => {
    const four = (u: NDArray) => np.sum(np.array([1, 1]).at([0, 0, 0, 1]).multiply(u));
    expect(hessian(four)(np.array([2, 0, 5, 7])).toArray()).toEqual([[0, 5, 0, 0], [5, 0, 2, 0], [0, 2, 0, 0], [0, 0, 0, 0]]);
    expect(Array.from(grad(four)(np.array([2, 3, 5, 7])).data())).toEqual([15, 10, 6, 1]);
  });
});

describe("JAX's shape-rule errors, with the shapes", () => {
  it.each(GATHER_ERRORS)('gather %s', (_, op, idx, dn, sizes, msg) => {
    expect(() => gather(np.ones(op, 'int32'), np.ones(idx, 'int32'), dn, sizes)).toThrow(msg);
  });
  it.each(SCATTER_ERRORS)('scatter %s', (_, op, idx, upd, dn, msg) => {
    expect(() => scatter(np.ones(op, 'int32'), np.ones(idx, 'int32'), np.ones(upd, 'int32'), dn)).toThrow(msg);
  });
  it('names the op and the shapes', () => {
    expect(() => gather(np.ones([3, 4]), np.ones([2, 1], 'int32'), { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] }, [1, 5])).toThrow(
      'Slice size at index 1 in gather op is out of range, must be within [0, 4 + 1), got 5. (gather: operand shape (3, 4), indices shape (2, 1), slice_sizes (1, 5))',
    );
    expect(() => scatterMin(np.ones([3]), np.ones([2, 1], 'int32'), np.ones([3]), ELEMENTS_S)).toThrow(
      'Bounds of the scatter dimensions of updates must be the same as the bounds of the corresponding dimensions of scatter indices. For scatter dimension 0, updates bound is 3, indices bound is 2. (scatter_min: operand float64(3,), indices shape (2, 1), updates float64(3,))',
    );
  });
});
