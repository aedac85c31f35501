/**
 * Law cases for conv_general_dilated: random spatial rank (1 or 2), layouts (each operand's axes
 * in a random order), strides, paddings (negative ones too), lhs and rhs dilation, and feature or
 * batch groups — always legal by the shape rule. Added to `laxCases`, so the vmap (flat and nested),
 * jit and differentiation laws all drive it.
 */
import fc from 'fast-check';
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { dtypeArb, FLOAT_DTYPES, intsArb, keysArb, permutationFromKeys, valueArb, valueModeArb } from './arbitraries';
import { lawCase, type LawCase } from './laws';

export const convCase: LawCase = lawCase(
  'convGeneralDilated',
  fc
    .record({
      ns: fc.integer({ min: 1, max: 2 }),
      groups: fc.constantFrom('none', 'none', 'feature', 'batch'),
      g: fc.integer({ min: 1, max: 2 }),
      n: fc.integer({ min: 1, max: 2 }),
      c: fc.integer({ min: 1, max: 2 }),
      o: fc.integer({ min: 1, max: 2 }),
      spatial: intsArb(2, 1, 4),
      window: intsArb(2, 1, 3),
      strides: intsArb(2, 1, 2),
      pads: intsArb(4, -1, 2),
      lhsDil: intsArb(2, 1, 2),
      rhsDil: intsArb(2, 1, 2),
      keys: fc.tuple(keysArb(4), keysArb(4), keysArb(4)),
      dtype: dtypeArb(FLOAT_DTYPES),
      mode: valueModeArb(['small', 'halves', 'any']),
    })
    .map(({ ns, groups, g, n, c, o, spatial, window, strides, pads, lhsDil, rhsDil, keys, dtype, mode }) => {
      const G = groups === 'feature' ? g : 1, BG = groups === 'batch' ? g : 1;
      const N = n * BG, C = c * G, O = o * G * BG;
      const sp = spatial.slice(0, ns), win = window.slice(0, ns);
      // a negative pad never cuts more than the dilated input has
      const padding = sp.map((s, i) => {
        const room = 1 + lhsDil[i]! * (s - 1);
        return [Math.max(pads[2 * i]!, -Math.floor(room / 2)), Math.max(pads[2 * i + 1]!, -Math.floor(room / 2))] as [number, number];
      });
      const nd = ns + 2;
      const [lp, rp, op] = keys.map((k) => permutationFromKeys(k, nd));
      // canonical item i (batch/out-feature, feature/in-feature, spatial...) sits at axis spec[i]
      const shapeOf = (items: number[], spec: number[]) => {
        const shape = new Array<number>(nd);
        spec.forEach((axis, i) => (shape[axis] = items[i]!));
        return shape;
      };
      const dimensionNumbers = { lhs: lp!, rhs: rp!, out: op! };
      const opts = { windowStrides: strides.slice(0, ns), padding, lhsDilation: lhsDil.slice(0, ns), rhsDilation: rhsDil.slice(0, ns), dimensionNumbers, featureGroupCount: G, batchGroupCount: BG };
      return {
        shapes: [shapeOf([N, C, ...sp], lp!), shapeOf([O, c, ...win], rp!)],
        dtypes: [dtype, dtype],
        valueArbs: [valueArb(dtype, mode), valueArb(dtype, mode)],
        fn: (x: NDArray, w: NDArray) => lax.convGeneralDilated(x, w, opts),
        params: { ...opts, mode },
      };
    }),
);
