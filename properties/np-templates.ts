/**
 * Program templates for lax.sort over several operands, np.fft and a few np functions that are
 * compositions (np.round with decimals, the set operations with a static size). Sorting by data
 * keys is only piecewise linear (it jumps at ties), so smooth programs sort x by constant keys (a
 * fixed permutation, stable among the ties of the keys); the DFTs are linear, with the magnitude
 * bounds derived below.
 */
import type { NDArray } from '../lib/array/ndarray';
import { array } from '../lib/array/create';
import * as lax from '../lib/lax';
import { np } from '../lib/numpy';
import { pick } from './arbitraries';
import { isFloat, range, sizeOf, type Template } from './template-kit';

const NORMS = [undefined, 'ortho', 'forward'] as const;
type Norm = (typeof NORMS)[number];
const FFT_NS = [undefined, 1, 2, 4] as const;
const PARTS = ['real', 'imag', 'sum'] as const;
const SET_OPS = { setdiff1d: np.setdiff1d, intersect1d: np.intersect1d, union1d: np.union1d, setxor1d: np.setxor1d } as const;

/** The factor a length-n transform applies after its sum (numpy's norm): forward or inverse direction. */
const normScale = (norm: Norm, n: number, inverse: boolean): number =>
  norm === 'ortho' ? 1 / Math.sqrt(n) : (norm === 'forward') !== inverse ? 1 / n : 1;

export const npTemplates: readonly Template[] = [
  {
    // lax.sort([...], { numKeys }): data keys (and the operands permuted alike) in 'any' programs;
    // in smooth ones x permuted by one or two constant keys with ties (stable)
    name: 'sortMulti',
    modes: ['any', 'smooth'],
    make: (c) => {
      const x = c.vals[c.a]!;
      const r = x.shape.length;
      if (r === 0) return null;
      const dimension = pick(c.p[0]!, r);
      if (c.smooth) {
        const numKeys = 1 + pick(c.p[1]!, 2);
        const keys = range(numKeys).map((k) => range(sizeOf(x.shape)).map((i) => pick((c.p[2]! >> (k * 3)) + i * (k + 5), 3)));
        const consts = keys.map((data) => array({ data, shape: [...x.shape] }, 'int32'));
        return {
          text: `sortMulti([${keys.map((k) => `key[${k.join('')}]`).join(', ')}, v${c.a}], dimension ${dimension}, numKeys ${numKeys})[${numKeys}]`,
          args: [c.a],
          apply: (a) => lax.sort([...consts, a], { dimension, numKeys })[numKeys]!,
          bound: x.bound,
        };
      }
      const same = range(c.vals.length).filter((i) => c.vals[i]!.shape.join() === x.shape.join());
      const ops = [c.a, same[pick(c.b, same.length)]!, ...(pick(c.p[1]!, 2) === 1 ? [same[pick(c.p[2]!, same.length)]!] : [])];
      const numKeys = 1 + pick(c.p[1]! >> 1, ops.length);
      const out = pick(c.p[3]!, ops.length);
      return {
        text: `sortMulti([${ops.map((i) => `v${i}`).join(', ')}], dimension ${dimension}, numKeys ${numKeys})[${out}]`,
        args: ops,
        apply: (...xs) => lax.sort(xs, { dimension, numKeys })[out]!,
        bound: c.vals[ops[out]!]!.bound,
      };
    },
  },
  {
    // fft / ifft / rfft of a real x along an axis (padded or cut to n), its real or imaginary part or
    // their sum. Each part is a scaled sum of at most min(len, n) terms of magnitude <= bound
    name: 'fft',
    modes: ['any', 'smooth'],
    make: (c) => {
      const x = c.vals[c.a]!;
      const r = x.shape.length;
      if (r === 0 || x.dtype === 'uint32') return null;
      const axis = pick(c.p[0]!, r), len = x.shape[axis]!;
      const nGiven = FFT_NS[pick(c.p[1]!, FFT_NS.length)];
      const n = nGiven ?? len;
      if (n === 0) return null;
      const fn = (['fft', 'ifft', 'rfft'] as const)[pick(c.p[2]!, 3)]!;
      const norm = NORMS[pick(c.p[2]! >> 2, 3)];
      const part = PARTS[pick(c.p[3]!, 3)]!;
      const partBound = Math.min(len, n) * x.bound * normScale(norm, n, fn === 'ifft');
      const transform = (a: NDArray) => (fn === 'rfft' ? np.fft.rfft(a, nGiven, axis, { norm }) : np.fft[fn](a, nGiven, axis, { norm }));
      return {
        text: `${fn}(v${c.a}, n ${nGiven ?? '-'}, axis ${axis}, ${norm ?? 'backward'}).${part === 'sum' ? 'real+imag' : part}`,
        args: [c.a],
        apply: (a) => {
          const t = transform(a);
          return part === 'sum' ? lax.add(t.real, t.imag) : t[part];
        },
        bound: part === 'sum' ? 2 * partBound : partBound,
      };
    },
  },
  {
    // irfft of x (+ i y when a float partner of x's shape exists): the Hermitian extension has n
    // terms of magnitude <= |re| + |im|, so the result is at most n (b_re + b_im) times the norm's scale
    name: 'irfft',
    modes: ['any', 'smooth'],
    make: (c) => {
      const x = c.vals[c.a]!;
      const r = x.shape.length;
      if (r === 0 || !isFloat(x.dtype)) return null;
      const axis = pick(c.p[0]!, r), m = x.shape[axis]!;
      const nGiven = ([undefined, 1, 2, 3, 4] as const)[pick(c.p[1]!, 5)];
      const n = nGiven ?? 2 * (m - 1);
      if (n < 1) return null;
      const norm = NORMS[pick(c.p[2]!, 3)];
      const partners = range(c.vals.length).filter((i) => c.vals[i]!.dtype === x.dtype && c.vals[i]!.shape.join() === x.shape.join());
      const im = pick(c.p[3]!, 2) === 1 ? partners[pick(c.b, partners.length)]! : null;
      const bound = n * (x.bound + (im === null ? 0 : c.vals[im]!.bound)) * normScale(norm, n, true);
      return {
        text: `irfft(v${c.a}${im === null ? '' : ` + i v${im}`}, n ${nGiven ?? '-'}, axis ${axis}, ${norm ?? 'backward'})`,
        args: im === null ? [c.a] : [c.a, im],
        apply: (a, b) => np.fft.irfft(b === undefined ? a : { real: a, imag: b }, nGiven, axis, { norm }),
        bound,
      };
    },
  },
  {
    // np.round with decimals: x * 10^d rounded half to even, divided back (ints: to tens for d < 0)
    name: 'roundDecimals',
    modes: ['any', 'elementwise'],
    make: (c) => {
      const x = c.vals[c.a]!;
      if (x.dtype === 'bool' || x.dtype === 'uint32') return null;
      const d = [1, 2, -1][pick(c.p[0]!, 3)]!;
      return { text: `round_decimals(v${c.a}, ${d})`, args: [c.a], apply: (a) => np.round(a, d), bound: x.bound + 5 };
    },
  },
  {
    // sorted distinct values with a static size (what vmap and jit need); missing ones filled
    name: 'setOp',
    modes: ['any'],
    make: (c) => {
      const x = c.vals[c.a]!;
      if (x.dtype === 'bool' || x.dtype === 'uint32') return null;
      const partners = range(c.vals.length).filter((i) => c.vals[i]!.dtype === x.dtype);
      const j = partners[pick(c.b, partners.length)]!;
      const nm = (Object.keys(SET_OPS) as (keyof typeof SET_OPS)[])[pick(c.p[0]!, 4)]!;
      const size = 1 + pick(c.p[1]!, 4);
      const fillValue = pick(c.p[2]!, 2) === 1 ? (isFloat(x.dtype) ? -0.5 : 9) : undefined;
      return {
        text: `${nm}(v${c.a}, v${j}, size ${size}${fillValue === undefined ? '' : `, fill ${fillValue}`})`,
        args: [c.a, j],
        apply: (a, b) => SET_OPS[nm](a, b, fillValue === undefined ? { size } : { size, fillValue }),
        bound: Math.max(x.bound, c.vals[j]!.bound, Math.abs(fillValue ?? 0)),
      };
    },
  },
];
