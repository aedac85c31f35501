/**
 * Law cases for `np.at`: every update (get, set, add, multiply, min, max) under each
 * out-of-bounds mode, with an integer-array index whose values run past both ends and repeat
 * (mapped, so every example has its own indices), a static integer, a slice, or a second index
 * array on the next axis.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import { np } from '../lib/numpy';
import { dimArb, dtypeArb, NUMERIC_DTYPES, shapeArb } from './arbitraries';
import { lawCase, type LawCase } from './laws';
import { values } from './np-cases';

const OPS = ['get', 'set', 'add', 'multiply', 'min', 'max'] as const;
const MODES = ['promise_in_bounds', 'clip', 'drop', 'fill'] as const;

export const atCases: LawCase[] = [
  lawCase(
    'at',
    fc
      .record({
        n: dimArb({ minDim: 1, allowZero: false }),
        rest: shapeArb({ maxRank: 2 }),
        m: fc.integer({ min: 0, max: 5 }),
        op: fc.constantFrom(...OPS),
        mode: fc.constantFrom(...MODES),
        form: fc.constantFrom('array', 'array', 'int', 'slice', 'two arrays'),
        dtype: dtypeArb(NUMERIC_DTYPES),
      })
      .map(({ n, rest, m, op, mode, form: drawn, dtype }) => {
        const shape = [n, ...rest];
        const twoArrays = drawn === 'two arrays' && rest.length > 0 && rest[0]! > 0;
        const form = drawn === 'two arrays' && !twoArrays ? 'array' : drawn;
        const idxShape = form === 'array' || twoArrays ? [m] : [];
        const updateShape =
          form === 'int' ? rest : form === 'slice' ? [Math.ceil(n / 2), ...rest] : twoArrays ? [m, ...rest.slice(1)] : [m, ...rest];
        const mode_ = op === 'get' || mode !== 'fill' ? mode : 'drop';
        const shapes: number[][] = [shape, idxShape, ...(twoArrays ? [idxShape] : []), ...(op === 'get' ? [] : [updateShape])];
        const dtypes: DType[] = [dtype, 'int32', ...(twoArrays ? ['int32' as DType] : []), ...(op === 'get' ? [] : [dtype])];
        const idxValues = (len: number) => fc.integer({ min: -len - 1, max: len });
        return {
          shapes,
          dtypes,
          valueArbs: [values(dtype, 'special'), idxValues(n), ...(twoArrays ? [idxValues(rest[0]!)] : []), values(dtype, 'special')],
          fn: (x: NDArray, i: NDArray, ...more: NDArray[]) => {
            const j = twoArrays ? more[0]! : null;
            const u = twoArrays ? more[1] : more[0];
            const ref = form === 'int' ? np.at(x, -1) : form === 'slice' ? np.at(x, { step: 2 }) : j ? np.at(x, i, j) : np.at(x, i);
            if (op === 'get') return ref.get({ mode: mode_, fillValue: -7 });
            return ref[op](u!, { mode: mode_ });
          },
          params: { op, mode: mode_, form },
        };
      }),
  ),
];
