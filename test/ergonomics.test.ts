/**
 * What a new user meets first (issue 16): console.log of an array, toMatrix of a scalar, the
 * tracer error under jit, and a nested JS array passed where an array is mapped. Expected strings
 * are numpy's output for the same arrays where numpy defines one.
 */
import * as math from 'mathjs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { jit, NDArray, np, TracerValueError, vmap, VmapError } from '../lib';

const known = (x: NDArray) => NDArray.known(x) !== undefined;

const ints = (n: number, shape: number[]) => np.reshape(np.arange(n, 'int32'), shape);

describe('printing summarises large arrays like numpy', () => {
  it('over 1000 elements: the first and last 3 along each long axis', () => {
    // numpy: str(np.arange(1001))
    expect(np.arange(1001, 'int32').toString()).toBe('[   0    1    2 ...  998  999 1000]');
    // str(np.arange(2000).reshape(40, 50))
    expect(ints(2000, [40, 50]).toString()).toBe(
      [
        '[[   0    1    2 ...   47   48   49]',
        ' [  50   51   52 ...   97   98   99]',
        ' [ 100  101  102 ...  147  148  149]',
        ' ...',
        ' [1850 1851 1852 ... 1897 1898 1899]',
        ' [1900 1901 1902 ... 1947 1948 1949]',
        ' [1950 1951 1952 ... 1997 1998 1999]]',
      ].join('\n'),
    );
    // str(np.arange(2000).reshape(1000, 2)): a short axis is shown whole
    expect(ints(2000, [1000, 2]).toString()).toBe(
      '[[   0    1]\n [   2    3]\n [   4    5]\n ...\n [1994 1995]\n [1996 1997]\n [1998 1999]]',
    );
  });

  it('3-d: the elided block stands between blank lines', () => {
    // str(np.arange(1008).reshape(7, 8, 18)) restricted to the outer axis: blocks 0-2, '...', 4-6
    const text = ints(1008, [7, 8, 18]).toString();
    const blocks = text.split('\n\n');
    expect(blocks).toHaveLength(7);
    expect(blocks[3]).toBe(' ...');
    expect(blocks[0]).toBe(
      [
        '[[[   0    1    2 ...   15   16   17]',
        '  [  18   19   20 ...   33   34   35]',
        '  [  36   37   38 ...   51   52   53]',
        '  ...',
        '  [  90   91   92 ...  105  106  107]',
        '  [ 108  109  110 ...  123  124  125]',
        '  [ 126  127  128 ...  141  142  143]]',
      ].join('\n'),
    );
    expect(blocks[6]!.endsWith('[ 990  991  992 ... 1005 1006 1007]]]')).toBe(true);
  });

  it('1000 elements or fewer print whole; column widths come from the shown elements only', () => {
    expect(np.arange(1000, 'int32').toString()).not.toContain('...');
    expect(np.arange(1000, 'int32').toString().match(/\d+/g)).toHaveLength(1000);
    const hiddenWide = np.concatenate([np.zeros([500], 'int32'), np.array([123456], 'int32'), np.zeros([500], 'int32')]);
    expect(hiddenWide.toString()).toBe('[0 0 0 ... 0 0 0]');
    expect(np.concatenate([np.ones([3]), np.full([2000], 0.5), np.ones([3])]).toString()).toBe('[1. 1. 1. ... 1. 1. 1.]');
  });

  it('a million elements print without overflowing the stack', () => {
    expect(np.arange(1e6, 'int32').toString()).toBe('[     0      1      2 ... 999997 999998 999999]');
    // numpy's rule: at most 8 digits each (1.000001000001e-06 -> 1.000001e-06), all padded to the longest
    expect(np.linspace(0, 1, 1e6).toString()).toBe('[0.000000e+00 1.000001e-06 2.000002e-06 ... 9.999980e-01 9.999990e-01 1.000000e+00]');
  });

  it('scientific notation: one mantissa length for all, as numpy', () => {
    expect(np.array([0, 1e-5]).toString()).toBe('[0.e+00 1.e-05]');
    expect(np.array([1e-5, 1.25, -3]).toString()).toBe('[ 1.00e-05  1.25e+00 -3.00e+00]');
    expect(np.array([1e-5, NaN]).toString()).toBe('[1.e-05    nan]');
  });
});

describe('console.log and the REPL (util.inspect) show values', () => {
  it('dtype, shape and the values, not graph internals', () => {
    expect(inspect(np.arange(3))).toBe('NDArray float64[3] [0. 1. 2.]');
    expect(inspect(np.array(2.5, 'float32'))).toBe('NDArray float32[] 2.5');
    expect(inspect(ints(6, [2, 3]))).toBe('NDArray int32[2,3]\n[[0 1 2]\n [3 4 5]]');
    expect(inspect(np.array([true, false]))).toBe('NDArray bool[2] [ True False]');
    expect(inspect(np.arange(3))).not.toMatch(/prim|inputs|weak/);
  });

  it('inside objects, multi-line values are indented under their key', () => {
    expect(inspect({ w: ints(4, [2, 2]) })).toBe('{\n  w: NDArray int32[2,2]\n  [[0 1]\n   [2 3]]\n}');
    expect(inspect([np.arange(2, 'int32')])).toBe('[ NDArray int32[2] [0 1] ]');
  });

  it('a lazy array is computed (once) to print it', () => {
    const y = np.add(np.arange(3), 1);
    expect(known(y)).toBe(false);
    expect(inspect(y)).toBe('NDArray float64[3] [1. 2. 3.]');
    expect(known(y)).toBe(true);
  });

  it('a traced array prints what it stands for instead of throwing', () => {
    const seen: string[] = [];
    vmap((x: NDArray, y: NDArray) => {
      seen.push(inspect(x), inspect(np.sin(np.add(y, 1))), inspect(np.arange(2, 'int32')));
      return x;
    })(np.ones([4, 3]), np.ones([4]));
    expect(seen).toEqual([
      'NDArray float64[3] <traced by vmap: depends on args[0]>',
      'NDArray float64[] <traced by vmap: depends on args[1]>',
      'NDArray int32[2] [0 1]',
    ]);
    seen.length = 0;
    jit((x: NDArray) => (seen.push(inspect(np.sum(x))), x))(np.ones([2]));
    expect(seen).toEqual(['NDArray float64[] <traced by jit: depends on argument leaf 0>']);
  });
});

describe('toMatrix', () => {
  it('a 0-d array gives its number (bool: boolean); higher ranks a Matrix', () => {
    expect(np.array(3).toMatrix()).toBe(3);
    expect(np.sum(np.arange(4)).toMatrix()).toBe(6);
    expect(np.array(true).toMatrix()).toBe(true);
    expect(math.add(np.array(2).toMatrix() as number, 1)).toBe(3);
    const v = np.array([7]).toMatrix();
    expect(math.isMatrix(v) && v.size()).toEqual([1]);
  });
});

describe('the tracer error names the transform that traced the value', () => {
  const message = (run: () => unknown): string => {
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(TracerValueError);
      return (e as Error).message;
    }
    throw new Error('expected a TracerValueError');
  };

  it('jit: shapes and dtypes only; suggests staticArgnums', () => {
    const m = message(() => jit((x: NDArray) => (np.sum(x).toNumber() > 0 ? x : np.negative(x)))(np.ones([3])));
    expect(m).toContain('cannot read the value of an array of shape () inside a function being traced by jit');
    expect(m).toContain('depends on argument leaf 0 (float64[3]), which jit sees only as a shape and dtype');
    expect(m).toContain('staticArgnums');
    expect(m).not.toContain('batch');
  });

  it('vmap: known only for the whole batch; the read array is the one named', () => {
    const m = message(() => vmap((x: NDArray) => np.sum(x).item())(np.ones([2, 3])));
    expect(m).toContain('cannot read the value of an array of shape () inside a function being transformed by vmap');
    expect(m).toContain('depends on args[0], whose values are only known for the whole batch');
    expect(m).not.toContain('staticArgnums');
  });
});

describe('a nested JS array where an array is mapped', () => {
  const mapError = (run: () => unknown): string => {
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(VmapError);
      return (e as Error).message;
    }
    throw new Error('expected a VmapError');
  };

  it('hints at np.array, naming the outermost JS array', () => {
    const m = mapError(() =>
      vmap((x: NDArray) => x)([
        [1, 2],
        [3, 4],
      ] as never),
    );
    expect(m).toContain('args[0][0][0] along axis 0');
    expect(m).toContain('args[0] is a nested JS array, which vmap treats as a pytree of separate numbers');
    expect(m).toContain('wrap it in np.array(...)');
    expect(mapError(() => vmap((d: { a: NDArray }) => d.a)({ a: [1, 2] } as never))).toContain('args[0].a is a nested JS array');
    expect(
      vmap((x: NDArray) => x)(
        np.array([
          [1, 2],
          [3, 4],
        ]),
      ).toArray(),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('no hint when the JS array is a real pytree holding arrays', () => {
    const m = mapError(() => vmap((xs: [NDArray, number]) => xs[0])([np.ones([2]), 3]));
    expect(m).toContain('args[0][1] along axis 0');
    expect(m).not.toContain('np.array');
  });
});
