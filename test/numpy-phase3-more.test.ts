/**
 * piecewise, choose, compress, extract, histogramdd/2d, block, resize, putAlongAxis, fillDiagonal,
 * trimZeros, vectorize, polyfit and interp's period against numpy's (and JAX's) documented values;
 * others derived by hand in a comment. Each is checked under the transforms it supports, and misuse
 * is a clear error.
 */
import { describe, expect, it } from 'vitest';
import { grad, jit, np, TracerValueError, vmap } from '../lib';
import type { NDArray } from '../lib/array/ndarray';

const v = (x: NDArray): number[] => Array.from(x.data());
function near(actual: readonly number[], expected: readonly number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i]!))));
}
const x6 = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]; // numpy's np.linspace(-2.5, 2.5, 6)
const choices = [
  [0, 1, 2, 3],
  [10, 11, 12, 13],
  [20, 21, 22, 23],
  [30, 31, 32, 33],
];

describe('piecewise', () => {
  it("numpy's examples: constants, functions, a 0-d x", () => {
    expect(v(np.piecewise(x6, [np.less(x6, 0), np.greaterEqual(x6, 0)], [-1, 1]))).toEqual([-1, -1, -1, 1, 1, 1]);
    expect(v(np.piecewise(x6, [np.less(x6, 0), np.greaterEqual(x6, 0)], [(x) => np.negative(x), (x) => x]))).toEqual([2.5, 1.5, 0.5, 0.5, 1.5, 2.5]);
    expect(np.piecewise(-2, [np.less(-2, 0), np.greaterEqual(-2, 0)], [(x) => np.negative(x), (x) => x]).item()).toBe(2);
  });
  it('the last true condition wins, an extra function is "otherwise", results take x\'s dtype', () => {
    // by hand: x = 3 meets both conditions, the second wins; x = -1 meets none: otherwise (100)
    expect(v(np.piecewise([3, 1, -1], [np.greater([3, 1, -1], 0), np.greater([3, 1, -1], 2)], [10, 20, 100]))).toEqual([20, 10, 100]);
    const ints = np.piecewise(np.array([1, -1], 'int32'), [np.less(np.array([1, -1], 'int32'), 0)], [0.75, (x: NDArray) => np.multiply(x, 2.5)]);
    expect([ints.dtype, v(ints)]).toEqual(['int32', [2, 0]]);
    expect(() => np.piecewise([1], [true], [1, 2, 3])).toThrow(/np.piecewise: with 1 condition\(s\), either 1 or 2 functions are expected; got 3/);
    expect(() => np.piecewise([1, 2], [[true, false, true]], [1])).toThrow(/np.piecewise: condition 0 of shape \(3,\) does not broadcast to x's shape \(2,\)/);
  });
  it('works under jit, vmap and grad (the gradient is the chosen piece\'s)', () => {
    const f = (x: NDArray) => np.piecewise(x, [np.less(x, 0)], [(t) => np.square(t), (t) => np.multiply(t, 3)]);
    expect(v(jit(f)(np.array(x6)))).toEqual(v(f(np.array(x6))));
    expect(v(vmap(f)(np.array(x6)))).toEqual(v(f(np.array(x6))));
    expect(v(grad((x: NDArray) => np.sum(f(x)))(np.array([-2, 1])))).toEqual([-4, 3]);
  });
});

describe('choose', () => {
  it("numpy's examples: raise, clip, wrap, broadcasting", () => {
    expect(v(np.choose([2, 3, 1, 0], choices))).toEqual([20, 31, 12, 3]);
    expect(v(np.choose([2, 4, 1, 0], choices, { mode: 'clip' }))).toEqual([20, 31, 12, 3]);
    expect(v(np.choose([2, 4, 1, 0], choices, { mode: 'wrap' }))).toEqual([20, 1, 12, 3]);
    const a = [
      [1, 0, 1],
      [0, 1, 0],
      [1, 0, 1],
    ];
    expect(np.choose(a, [-10, 10]).toArray()).toEqual([
      [10, -10, 10],
      [-10, 10, -10],
      [10, -10, 10],
    ]);
  });
  it("mode 'raise' reads a (so not under jit), rejects out-of-range entries and floats", () => {
    expect(() => np.choose([4], choices)).toThrow(/np.choose: an entry of a is outside \[0, 4\) \(mode 'raise'\)/);
    expect(() => np.choose([0.5], choices)).toThrow(/np.choose: a must hold integers, got 0.5/);
    expect(() => np.choose(np.array([1.0]), choices)).toThrow(/np.choose: a must hold integers, got dtype float64/);
    expect(() => jit((i: NDArray) => np.choose(i, choices))(np.array([1], 'int32'))).toThrow(TracerValueError);
    const f = (i: NDArray) => np.choose(i, choices, { mode: 'wrap' });
    const i = np.array([5, -1, 2, 0], 'int32');
    expect(v(jit(f)(i))).toEqual([10, 31, 22, 3]);
    expect(vmap(f)(np.array([[0, 1, 2, 3]], 'int32')).toArray()).toEqual([[0, 11, 22, 33]]);
  });
});

describe('compress and extract', () => {
  const a = [
    [1, 2],
    [3, 4],
    [5, 6],
  ];
  it("numpy's examples", () => {
    expect(np.compress([false, true], a, 0).toArray()).toEqual([[3, 4]]);
    expect(np.compress([false, true, true], a, 0).toArray()).toEqual([
      [3, 4],
      [5, 6],
    ]);
    expect(np.compress([false, true], a, 1).toArray()).toEqual([[2], [4], [6]]);
    expect(v(np.compress([false, true], a))).toEqual([2]);
    const arr = np.reshape(np.arange(12), [3, 4]);
    expect(v(np.extract(np.equal(np.remainder(arr, 3), 0), arr))).toEqual([0, 3, 6, 9]);
  });
  it("JAX's static size: cut or filled with fillValue; required inside vmap/jit", () => {
    expect(v(np.compress([true, false, true], [1, 2, 3], 0, { size: 4, fillValue: -1 }))).toEqual([1, 3, -1, -1]);
    expect(v(np.compress([true, false, true], [1, 2, 3], 0, { size: 1 }))).toEqual([1]);
    expect(() => jit((c: NDArray) => np.compress(c, [1, 2]))(np.array([true, false]))).toThrow(/np.compress: .*pass a static \{ size \}/);
    const f = vmap((c: NDArray, x: NDArray) => np.extract(c, x, { size: 2 }));
    expect(f(np.array([[true, false, true], [false, false, true]]), np.array([[1, 2, 3], [4, 5, 6]])).toArray()).toEqual([
      [1, 3],
      [6, 0],
    ]);
  });
  it('a long condition must be false past the axis; a 2-d condition is an error; grad flows to the kept elements', () => {
    expect(v(np.compress([true, false, false, false], [7, 8, 9]))).toEqual([7]);
    expect(() => np.compress([false, false, false, true], [7, 8, 9])).toThrow(/np.compress: condition has true entries past the length 3 of axis 0/);
    expect(() => np.compress([[true]], [1])).toThrow(/np.compress: condition must be 1-d, got shape \(1, 1\)/);
    expect(v(grad((x: NDArray) => np.sum(np.compress([true, false, true], x, 0, { size: 3 })))(np.array([1, 2, 3])))).toEqual([1, 0, 1]);
  });
});

describe('histogramdd and histogram2d', () => {
  it('count points per cell (by hand: (1,0) (2,0) (2,1) (3,1) (1,1) in 3 × 2 bins over [1, 3] × [0, 1])', () => {
    const [H, xe, ye] = np.histogram2d([1, 2, 2, 3, 1], [0, 0, 1, 1, 1], [3, 2]);
    expect(H.toArray()).toEqual([
      [1, 1],
      [1, 1],
      [0, 1],
    ]);
    near(v(xe), [1, 5 / 3, 7 / 3, 3], 1e-15);
    expect(v(ye)).toEqual([0, 0.5, 1]);
  });
  it("histogramdd's shapes (numpy: bins (5, 8, 4) give H (5, 8, 4) and edges of 6, 9, 5), D = 1 is histogram, margins are the 1-d histograms", () => {
    const r = np.reshape(np.sin(np.arange(300)), [100, 3]);
    const [H, edges] = np.histogramdd(r, [5, 8, 4]);
    expect([H.shape, edges.map((e) => e.shape[0])]).toEqual([
      [5, 8, 4],
      [6, 9, 5],
    ]);
    const x = np.sin(np.arange(50));
    expect(v(np.histogramdd(x, 7)[0])).toEqual(v(np.histogram(x, 7)[0]));
    const [H2] = np.histogram2d(np.cos(np.arange(40)), np.sin(np.arange(40)), 4);
    expect(v(np.sum(H2, 1))).toEqual(v(np.histogram(np.cos(np.arange(40)), 4)[0]));
  });
  it('range, weights, density (by hand: counts [[1, 0], [0, 2]] of 3 points, cells of area 1/4: density 4/3 and 8/3)', () => {
    expect(np.histogram2d([0, 1, 1], [0, 1, 0.5], 2, { density: true })[0].toArray()).toEqual([
      [4 / 3, 0],
      [0, 8 / 3],
    ]);
    expect(np.histogram2d([0, 1, 9], [0, 1, 0.5], 2, { range: [[0, 1], null], weights: [2, 3, 100] })[0].toArray()).toEqual([
      [2, 0],
      [0, 3],
    ]);
    expect(np.histogram2d([0, 1, 1], [0, 1, 0.5], [[0, 0.5, 1], [0, 1]])[0].toArray()).toEqual([[1], [2]]);
  });
  it('errors name the function and shapes; batches with a static range', () => {
    expect(() => np.histogram2d([1, 2], [1], 2)).toThrow(/np.histogram2d: x and y must be 1-d of one length, got shapes \(2,\) and \(1,\)/);
    expect(() => np.histogramdd(np.zeros([2, 2, 2]))).toThrow(/np.histogramdd: sample must be \[N, D\] \(or \[N\]\), got shape \(2, 2, 2\)/);
    expect(() => np.histogramdd(np.zeros([3, 2]), [1, 2, 3, 4, 5].map(() => [0, 1]))).toThrow(/np.histogramdd: bins must be/);
    const f = vmap((x: NDArray) => np.histogram2d(x, x, 2, { range: [[0, 4], [0, 4]] })[0]);
    expect(f(np.array([[1, 2, 3]])).toArray()).toEqual([
      [
        [1, 0],
        [0, 2],
      ],
    ]);
  });
});

describe('block, resize, putAlongAxis, fillDiagonal, trimZeros', () => {
  it("block: numpy's examples", () => {
    const A = np.multiply(np.eye(2), 2),
      B = np.multiply(np.eye(3), 3);
    expect(np.block([[A, np.zeros([2, 3])], [np.ones([3, 2]), B]]).toArray()).toEqual([
      [2, 0, 0, 0, 0],
      [0, 2, 0, 0, 0],
      [1, 1, 3, 0, 0],
      [1, 1, 0, 3, 0],
      [1, 1, 0, 0, 3],
    ]);
    expect(v(np.block([np.array([1, 2, 3]), np.array([4, 5, 6]), 10]))).toEqual([1, 2, 3, 4, 5, 6, 10]);
    expect(np.block([[np.array([1, 2, 3])], [np.array([4, 5, 6])]]).toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const o = np.ones([2, 2], 'int32');
    expect(np.block([o, np.multiply(o, 2)]).toArray()).toEqual([
      [1, 1, 2, 2],
      [1, 1, 2, 2],
    ]);
    expect(np.block([[1, 2], [3, 4]]).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => np.block([[1], 2])).toThrow(/np.block: list depths are mismatched: arrays\[0\]\[0\] is at depth 2, arrays\[1\] at 1/);
    expect(() => np.block([[]])).toThrow(/np.block: the list at arrays\[0\] is empty/);
    expect(() => np.block([[np.ones([2, 2])], [np.ones([2, 3])]])).toThrow(/np.block: blocks at depth 1 do not fit along axis 0/);
  });
  it("resize: numpy's examples; an empty a gives zeros", () => {
    const a = [
      [0, 1],
      [2, 3],
    ];
    expect(np.resize(a, [2, 3]).toArray()).toEqual([
      [0, 1, 2],
      [3, 0, 1],
    ]);
    expect(np.resize(a, [1, 4]).toArray()).toEqual([[0, 1, 2, 3]]);
    expect(np.resize(a, [2, 4]).toArray()).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2, 3],
    ]);
    expect(v(np.resize([], [3]))).toEqual([0, 0, 0]);
    expect(() => np.resize(a, [-1])).toThrow(/np.resize: newShape must hold non-negative integers/);
  });
  it("putAlongAxis: numpy's example (99 at each row's argmax), a new array, grad to arr and values", () => {
    const a = np.array([
      [10, 30, 20],
      [60, 40, 50],
    ]);
    const ai = np.argmax(a, 1, { keepdims: true });
    expect(np.putAlongAxis(a, ai, 99, 1).toArray()).toEqual([
      [10, 99, 20],
      [99, 40, 50],
    ]);
    expect(a.toArray()).toEqual([
      [10, 30, 20],
      [60, 40, 50],
    ]);
    expect(v(np.putAlongAxis([[10, 30], [60, 40]], [3], 7, null))).toEqual([10, 30, 60, 7]);
    const w = np.array([
      [1, 2],
      [3, 4],
    ]);
    const loss = (x: NDArray, vals: NDArray) => np.sum(np.multiply(np.putAlongAxis(x, [[1], [0]], vals, 1), w));
    const [gx, gv] = grad(loss, { argnums: [0, 1] })(np.ones([2, 2]), np.array([[5], [6]])) as NDArray[];
    expect([gx!.toArray(), gv!.toArray()]).toEqual([
      [
        [1, 0],
        [0, 4],
      ],
      [[2], [3]],
    ]);
    expect(() => np.putAlongAxis(a, [[0.5]], 1, 1)).toThrow(/np.putAlongAxis: indices must hold integers/);
    expect(() => np.putAlongAxis(a, [1], 1, 1)).toThrow(/np.putAlongAxis: indices must have arr's rank 2, got shape \(1,\)/);
    expect(() => np.putAlongAxis(a, [[1, 0]], 1, 0)).toThrow(/do not broadcast against arr's shape \(2, 3\) at axis 1/);
  });
  it("fillDiagonal: numpy's examples (a scalar, 3-d, a tall matrix with and without wrap), values cycle", () => {
    expect(np.fillDiagonal(np.zeros([3, 3], 'int32'), 5).toArray()).toEqual([
      [5, 0, 0],
      [0, 5, 0],
      [0, 0, 5],
    ]);
    const cube = np.fillDiagonal(np.zeros([3, 3, 3], 'int32'), 4);
    const c = cube.toArray() as number[][][];
    expect([c[0]![0], c[1]![1], c[2]![2], v(np.sum(cube))]).toEqual([[4, 0, 0], [0, 4, 0], [0, 0, 4], [12]]);
    expect(np.fillDiagonal(np.zeros([5, 3], 'int32'), 4).toArray()).toEqual([
      [4, 0, 0],
      [0, 4, 0],
      [0, 0, 4],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect((np.fillDiagonal(np.zeros([5, 3], 'int32'), 4, { wrap: true }).toArray() as number[][])[4]).toEqual([4, 0, 0]);
    expect(v(np.diagonal(np.fillDiagonal(np.zeros([3, 3]), [1, 2])))).toEqual([1, 2, 1]);
    expect(() => np.fillDiagonal(np.zeros([3]), 1)).toThrow(/np.fillDiagonal: a must be at least 2-d, got shape \(3,\)/);
    expect(() => np.fillDiagonal(np.zeros([2, 2, 3]), 1)).toThrow(/must have equal axes/);
  });
  it("trimZeros: numpy's examples; concrete input only", () => {
    const a = [0, 0, 0, 1, 2, 3, 0, 2, 1, 0];
    expect(v(np.trimZeros(a))).toEqual([1, 2, 3, 0, 2, 1]);
    expect(v(np.trimZeros(a, 'b'))).toEqual([0, 0, 0, 1, 2, 3, 0, 2, 1]);
    expect(v(np.trimZeros([0, 1, 2, 0]))).toEqual([1, 2]);
    expect(v(np.trimZeros([0, 0]))).toEqual([]);
    expect(() => np.trimZeros([[1]])).toThrow(/np.trimZeros: filt must be 1-d, got shape \(1, 1\)/);
    expect(() => np.trimZeros([1], 'x')).toThrow(/np.trimZeros: trim must be made of 'f' and 'b', got 'x'/);
    expect(() => vmap((x: NDArray) => np.trimZeros(x))(np.zeros([2, 3]))).toThrow(/np.trimZeros: .*must be concrete/);
  });
});

describe('vectorize', () => {
  const dot = np.vectorize((a: NDArray, b: NDArray) => np.dot(a, b), { signature: '(n),(n)->()' });
  it('elementwise by default, with broadcasting of the loop axes', () => {
    const add = np.vectorize((a: NDArray, b: NDArray) => np.add(a, b));
    expect(add([[1], [2]], [10, 20, 30]).toArray()).toEqual([
      [11, 21, 31],
      [12, 22, 32],
    ]);
    expect(np.vectorize((a: NDArray) => np.multiply(a, 2))(np.ones([1, 1])).toArray()).toEqual([[2]]);
  });
  it('gufunc signatures: core axes at the end, several outputs, matches the hand-written matvec', () => {
    expect(v(dot(np.ones([3, 2]), np.ones([2])))).toEqual([2, 2, 2]);
    expect(dot(np.ones([3, 1, 2]), np.ones([4, 2])).shape).toEqual([3, 4]);
    const mv = np.vectorize((m: NDArray, x: NDArray) => np.matmul(m, x), { signature: '(m,n),(n)->(m)' });
    const A = np.reshape(np.arange(24), [2, 3, 4]),
      x = np.reshape(np.arange(8), [2, 4]);
    expect(mv(A, x).toArray()).toEqual(np.matvec(A, x).toArray());
    const stats = np.vectorize((r: NDArray) => [np.sum(r), np.max(r)], { signature: '(n)->(),()' });
    expect(stats(np.reshape(np.arange(6), [2, 3])).map(v)).toEqual([
      [3, 12],
      [2, 5],
    ]);
    const scale = np.vectorize((a: NDArray, k: number) => np.multiply(a, k), { excluded: [1] });
    expect(v(scale([1, 2], 3))).toEqual([3, 6]);
  });
  it('clear errors for a bad signature, mismatched core axes and outputs', () => {
    expect(() => np.vectorize((a: NDArray) => a, { signature: '(n->()' })).toThrow(/np.vectorize: not a valid gufunc signature: '\(n->\(\)'/);
    expect(() => dot(np.ones([3, 2]), np.ones([3]))).toThrow(/core axis 'n' has size 2 and 3 \(argument 1 of shape \(3,\)\)/);
    expect(() => dot(np.ones([2]))).toThrow(/the signature has 2 inputs, but 1 \(non-excluded\) arguments were passed/);
    expect(() => np.vectorize((a: NDArray) => a, { signature: '(n)->()' })(np.ones([2, 3]))).toThrow(/output 0 must have 0 core axes \(\), got shape \(3,\)/);
    expect(() => np.vectorize((a: NDArray) => a, { signature: '()->()' })(np.ones([2]), np.ones([3]))).toThrow(/np.vectorize/);
  });
  it('works under jit and grad', () => {
    const x = np.reshape(np.arange(6), [3, 2]);
    expect(v(jit((a: NDArray) => dot(a, a))(x))).toEqual([1, 13, 41]);
    expect(grad((a: NDArray) => np.sum(dot(a, a)))(x).toArray()).toEqual(np.multiply(x, 2).toArray());
  });
});

describe('polyfit', () => {
  it("numpy's example: polyfit([0..5], [0, 0.8, 0.9, 0.1, -0.8, -1], 3) = [0.08703704, -0.81349206, 1.69312169, -0.03968254]", () => {
    near(v(np.polyfit([0, 1, 2, 3, 4, 5], [0, 0.8, 0.9, 0.1, -0.8, -1], 3)), [0.08703704, -0.81349206, 1.69312169, -0.03968254], 5e-9);
  });
  it('recovers an exact polynomial (2x² - 3x + 1), column by column for 2-d y, with or without weights', () => {
    const xs = [0, 1, 2, 3],
      ys = xs.map((t) => 2 * t * t - 3 * t + 1);
    // a 4 × 3 least-squares solve through the SVD: a few ulps of cond(V) ≈ 10, far below 1e-12
    near(v(np.polyfit(xs, ys, 2)), [2, -3, 1], 1e-12);
    near(v(np.polyfit(xs, ys, 2, { w: [1, 5, 1, 0.5] })), [2, -3, 1], 1e-12);
    const two = np.polyfit(xs, np.stack([np.array(ys), np.array(xs)], 1), 1);
    expect(two.shape).toEqual([2, 2]);
    near(v(np.polyfit(xs, xs, 1)), [1, 0], 1e-12);
    const full = np.polyfit([0, 1, 2], [1, 2, 3], 1, { full: true });
    expect([v(full.rank), full.rcond]).toEqual([[2], 3 * 2 ** -52]);
    near(v(full.residuals), [0], 1e-24);
  });
  it('errors; batches over y; its gradient in y is the fit of the cotangent (polyfit is linear in y)', () => {
    expect(() => np.polyfit([[0, 1]], [0, 1], 1)).toThrow(/np.polyfit: x must be a non-empty 1-d array, got shape \(1, 2\)/);
    expect(() => np.polyfit([0, 1], [0, 1, 2], 1)).toThrow(/np.polyfit: y must be \[2\] or \[2, K\]/);
    expect(() => np.polyfit([0, 1], [0, 1], -1)).toThrow(/np.polyfit: deg must be a non-negative integer, got -1/);
    const ys = np.array([
      [1, 2, 3, 4],
      [0, 2, 4, 6],
    ]);
    const batched = vmap((y: NDArray) => np.polyfit([0, 1, 2, 3], y, 1))(ys);
    near(v(batched), [1, 1, 2, 0], 1e-12);
    // 3 points, degree 2: the fit interpolates, and sum(p) = p(1) = y[1] (x = 1 is a sample), so d/dy = [0, 1, 0]
    const g = grad((y: NDArray) => np.sum(np.polyfit([0, 1, 2], y, 2)))(np.array([1, 2, 5]));
    near(v(g), [0, 1, 0], 1e-12);
  });
});

describe("interp's period", () => {
  it("numpy's example", () => {
    const x = [-180, -170, -185, 185, -10, -5, 0, 365];
    expect(v(np.interp(x, [190, -190, 350, -350], [5, 10, 3, 4], { period: 360 }))).toEqual([7.5, 5, 8.75, 6.25, 3, 3.25, 3.5, 3.75]);
  });
  it('a negative period is its absolute value; left/right are ignored; period 0 is an error; batches and differentiates', () => {
    const xp = [0, 1, 2],
      fp = [0, 10, 0];
    expect(v(np.interp([0.5, 2.5, 3.5, -0.5], xp, fp, { period: -3, left: 99, right: 99 }))).toEqual([5, 0, 5, 0]);
    expect(() => np.interp([1], xp, fp, { period: 0 })).toThrow(/np.interp: period must be a finite nonzero number, got 0/);
    const f = (x: NDArray) => np.interp(x, xp, fp, { period: 3 });
    expect(vmap(f)(np.array([[0.5, 2.5]])).toArray()).toEqual([[5, 0]]);
    // slope 10 on [0, 1], -10 on [1, 2], 0 on the wrap-around segment [2, 3]
    expect(v(grad((x: NDArray) => np.sum(f(x)))(np.array([3.5, 1.5, 2.5])))).toEqual([10, -10, 0]);
  });
});
