/**
 * Law cases for reduceWindow with lax.add, lax.max and lax.min: random rank (0 to 3), window,
 * strides, padding, base and window dilation, every dtype the monoid takes. Added to `laxCases`, so
 * the vmap (flat and nested), jit and differentiation laws all drive reduce_window_* and, through
 * the derivatives, select_and_gather_add / select_and_scatter_add.
 */
import fc from 'fast-check';
import type { DType } from '../lib/array/dtype';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { ALL_DTYPES, dtypeArb, intsArb, NUMERIC_DTYPES, shapeArb, valueArb, valueModeArb } from './arbitraries';
import { lawCase, type LawCase } from './laws';

const windowCase = (name: string, computation: typeof lax.add, init: number, dtypes: readonly DType[]): LawCase =>
  lawCase(
    name,
    fc
      .record({
        shape: shapeArb({ maxDim: 4 }),
        window: intsArb(3, 1, 3),
        strides: intsArb(3, 1, 2),
        pads: intsArb(6, 0, 2),
        baseDilation: intsArb(3, 1, 2),
        windowDilation: intsArb(3, 1, 2),
        same: fc.constantFrom(false, false, true),
        dtype: dtypeArb(dtypes),
        mode: valueModeArb(),
      })
      .map(({ shape, window, strides, pads, baseDilation, windowDilation, same, dtype, mode }) => {
        const nd = shape.length;
        const padding = same ? ('SAME' as const) : shape.map((_, i) => [pads[2 * i]!, pads[2 * i + 1]!] as [number, number]);
        const opts = {
          window: window.slice(0, nd),
          strides: strides.slice(0, nd),
          padding,
          baseDilation: baseDilation.slice(0, nd),
          windowDilation: windowDilation.slice(0, nd),
        };
        return {
          shapes: [shape],
          dtypes: [dtype],
          valueArbs: [valueArb(dtype, mode)],
          fn: (x: NDArray) =>
            lax.reduceWindow(x, init, computation, opts.window, opts.strides, opts.padding, opts.baseDilation, opts.windowDilation),
          params: { ...opts, mode },
        };
      }),
  );

export const windowCases: LawCase[] = [
  windowCase('reduceWindow add', lax.add, 0, NUMERIC_DTYPES),
  windowCase('reduceWindow max', lax.max, -Infinity, ALL_DTYPES),
  windowCase('reduceWindow min', lax.min, Infinity, ALL_DTYPES),
];
