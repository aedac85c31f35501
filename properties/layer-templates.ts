/**
 * Program templates for the layer primitives that came with convolution and custom derivatives:
 * conv_general_dilated (a constant kernel), reduce_window (sum: smooth; max: not), nn.softplus
 * (a customJvp), and the linear algebra of well-conditioned matrices made from the operand
 * (cholesky of x x^T + n I, a triangular solve with a dominant diagonal), and random samples keyed
 * by the data (threefry under vmap and jit), and XLA's general gather and scatter of rows (indices
 * derived from the data by truncation and the out-of-bounds mode, constant ones in smooth programs,
 * whose derivative would otherwise jump); ./index-templates and ./np-templates add theirs. Spliced into the shared table of ./programs.ts, so the random programs of the laws
 * and of the fuzzer (fuzz/) use them, in the modes they are legal in ('smooth': differentiable
 * everywhere, with a magnitude bound for the rescaling that keeps values small).
 */
import type { NDArray } from '../lib/array/ndarray';
import * as lax from '../lib/lax';
import { nn } from '../lib/nn';
import * as random from '../lib/random';
import { array } from '../lib/array/create';
import { gather, scatter, scatterAdd, scatterMax, scatterMin, scatterMul, type GatherScatterModeName } from '../lib/lax/gather';
import { pick } from './arbitraries';
import { indexTemplates } from './index-templates';
import { npTemplates } from './np-templates';
import { isFloat, range, type Ctx, type Template } from './template-kit';

const KERNEL_VALUES = [0.5, -0.25, 1, -0.5, 0.25, -1, 0.75];
const GATHER_MODES: readonly GatherScatterModeName[] = ['clip', 'fill', 'promise_in_bounds'];
const SCATTERS = { add: scatterAdd, replace: scatter, mul: scatterMul, min: scatterMin, max: scatterMax } as const;
const SMOOTH_SCATTERS = ['add', 'replace', 'mul'] as const;

/** Row indices for x's leading axis: constants (one past each end, but in range for promise_in_bounds) in smooth programs, else the first `m` elements of x truncated to int32. */
function rowIndices(c: Ctx, m: number, mode: GatherScatterModeName): { text: string; of: (v: NDArray) => NDArray } {
  const x = c.vals[c.a]!, n = x.shape[0]!;
  if (c.smooth) {
    const inRange = mode === 'promise_in_bounds';
    const idx = range(m).map((i) => (inRange ? pick(c.p[2]! >> (2 * i), n) : pick(c.p[2]! >> (2 * i), n + 2) - 1));
    const fixed = array({ data: idx, shape: [m, 1] }, 'int32');
    return { text: `[${idx.join(',')}]`, of: () => fixed };
  }
  const size = x.shape.reduce((a, b) => a * b, 1);
  // promise_in_bounds is a promise: kept by clamping (broken, a gather clamps where its transpose
  // drops, as in JAX, and the AD kinds would flag that documented mismatch)
  const keep = mode === 'promise_in_bounds';
  return {
    text: keep ? `clamp(0, int32(v${c.a}.flat[:${m}]), ${n - 1})` : `int32(v${c.a}.flat[:${m}])`,
    of: (v) => {
      const idx = lax.reshape(lax.convertElementType(lax.slice(lax.reshape(v, [size]), [0], [m]), 'int32'), [m, 1]);
      return keep ? lax.clamp(0, idx, n - 1) : idx;
    },
  };
}

export const layerTemplates: readonly Template[] = [
  {
    // [N, C, W] with a constant [O, C, K] kernel: stride, padding (negative too) from the pool
    name: 'conv',
    modes: ['any', 'smooth'],
    make: (c) => {
      const x = c.vals[c.a]!;
      if (!isFloat(x.dtype) || x.shape.length !== 3 || x.shape.some((n) => n === 0)) return null;
      const [, C, W] = x.shape as [number, number, number];
      const O = 1 + pick(c.p[0]!, 2), K = 1 + pick(c.p[1]!, Math.min(W, 3)), stride = 1 + pick(c.p[2]!, 2);
      const lo = pick(c.p[3]!, 3) - 1, hi = pick(c.p[3]! >> 2, 3) - 1;
      if (W + lo + hi < K) return null;
      const w = range(O * C * K).map((k) => KERNEL_VALUES[(c.p[0]! + k) % KERNEL_VALUES.length]!);
      const kernel = array({ data: w, shape: [O, C, K] }, x.dtype);
      const padding: [number, number][] = [[lo, hi]];
      return {
        text: `conv(v${c.a}, kernel(${O},${C},${K}), stride ${stride}, padding [${lo}, ${hi}])`,
        args: [c.a],
        apply: (a) => lax.convGeneralDilated(a, kernel, { windowStrides: [stride], padding }),
        bound: x.bound * w.reduce((s, v) => s + Math.abs(v), 0),
      };
    },
  },
  {
    // a window sum (linear) or max (not smooth) over every axis with windows of 1 or 2
    name: 'reduceWindow',
    modes: ['any', 'smooth'],
    make: (c) => {
      const x = c.vals[c.a]!;
      if (!isFloat(x.dtype) || x.shape.length === 0) return null;
      const max = pick(c.p[0]!, 2) === 1 && !c.smooth;
      const win = x.shape.map((n, d) => (n >= 2 ? 1 + pick(c.p[1]! >> d, 2) : 1));
      const strides = x.shape.map((_, d) => 1 + pick(c.p[2]! >> d, 2));
      const padding = pick(c.p[3]!, 2) === 0 ? 'VALID' : 'SAME';
      const init = max ? -Infinity : 0;
      return {
        text: `reduceWindow(${max ? 'max' : 'add'}, v${c.a}, window [${win}], strides [${strides}], ${padding})`,
        args: [c.a],
        apply: (a) => lax.reduceWindow(a, array(init, a.dtype), max ? lax.max : lax.add, win, strides, padding),
        bound: max ? x.bound : x.bound * win.reduce((s, k) => s * k, 1),
      };
    },
  },
  {
    // cholesky of the well-conditioned SPD matrix x x^T + n I over the last two (equal) axes
    name: 'cholesky',
    modes: ['any', 'smooth'],
    make: (c) => {
      const x = c.vals[c.a]!;
      const n = x.shape[x.shape.length - 1];
      if (!isFloat(x.dtype) || x.shape.length < 2 || n === undefined || n === 0 || x.shape[x.shape.length - 2] !== n) return null;
      const r = x.shape.length;
      const batch = range(r - 2);
      return {
        text: `cholesky(v${c.a} v${c.a}^T + ${n} I)`,
        args: [c.a],
        apply: (a) => {
          const aat = lax.dotGeneral(a, a, [[r - 1], [r - 1]], [batch, batch]);
          const eye = lax.broadcastInDim(lax.mul(lax.convertElementType(lax.eq(lax.iota('int32', [n, n], 0), lax.iota('int32', [n, n], 1)), a.dtype), n), aat.shape, [r - 2, r - 1]);
          return lax.linalg.cholesky(lax.add(aat, eye));
        },
        bound: Math.sqrt(n * (x.bound * x.bound + 1)),
      };
    },
  },
  {
    // solve L y = x with L = tril(x) + (n + 1) I (diagonally dominant, so well conditioned)
    name: 'triangularSolve',
    modes: ['any', 'smooth'],
    make: (c) => {
      const x = c.vals[c.a]!;
      const n = x.shape[x.shape.length - 1];
      if (!isFloat(x.dtype) || x.shape.length < 2 || n === undefined || n === 0 || x.shape[x.shape.length - 2] !== n || x.bound > 2) return null;
      const r = x.shape.length;
      return {
        text: `triangularSolve(tril(v${c.a}) + ${n + 1} I, v${c.a}, lower, left)`,
        args: [c.a],
        apply: (a) => {
          const rows = lax.iota('int32', [n, n], 0), cols = lax.iota('int32', [n, n], 1);
          const mask = lax.broadcastInDim(lax.ge(rows, cols), a.shape, [r - 2, r - 1]);
          const diag = lax.broadcastInDim(lax.mul(lax.convertElementType(lax.eq(rows, cols), a.dtype), n + 1), a.shape, [r - 2, r - 1]);
          const l = lax.add(lax.select(mask, a, lax.mul(a, 0)), diag);
          return lax.linalg.triangularSolve(l, a, { leftSide: true, lower: true });
        },
        bound: x.bound,
      };
    },
  },
  {
    // a uniform or normal sample, keyed by folding the operand's (integer) sum into a fixed key:
    // the key varies with the data, so vmap batches threefry; the sample has no derivative
    name: 'random',
    modes: ['any'],
    make: (c) => {
      const x = c.vals[c.a]!;
      if (x.dtype === 'uint32') return null;
      const normal = pick(c.p[0]!, 2) === 1;
      const dtype = x.dtype === 'float32' ? 'float32' : 'float64';
      return {
        text: `random.${normal ? 'normal' : 'uniform'}(foldIn(key(7), int(sum(v${c.a}))), (${x.shape}))`,
        args: [c.a],
        apply: (a) => {
          const s = lax.reduceSum(lax.convertElementType(a, 'int32'), range(a.ndim));
          const k = random.foldIn(random.key(7), s);
          return normal ? random.normal(k, a.shape, { dtype }) : random.uniform(k, a.shape, { dtype });
        },
        bound: normal ? 8 : 1,
      };
    },
  },
  {
    name: 'softplus',
    modes: ['any', 'elementwise', 'smooth'],
    make: (c) => {
      const x = c.vals[c.a]!;
      return isFloat(x.dtype) ? { text: `softplus(v${c.a})`, args: [c.a], apply: (a) => nn.softplus(a), bound: x.bound + 1 } : null;
    },
  },
{
    // rows of the operand (a gather with the leading axis collapsed), in every out-of-bounds mode
    name: 'gatherRows',
    modes: ['any', 'smooth'],
    make: (c) => {
      const x = c.vals[c.a]!;
      const size = x.shape.reduce((a, b) => a * b, 1);
      if (x.shape.length === 0 || size === 0) return null;
      const rest = x.shape.slice(1), m = 1 + pick(c.p[0]!, Math.min(3, size));
      const mode = GATHER_MODES[pick(c.p[1]!, 3)]!;
      const idx = rowIndices(c, m, mode);
      const dn = { offsetDims: rest.map((_, d) => d + 1), collapsedSliceDims: [0], startIndexMap: [0] };
      // smooth programs fill with 0 (the default NaN has no magnitude bound)
      const fillValue = c.smooth ? 0 : undefined;
      return {
        text: `gather(v${c.a}, rows ${idx.text}, ${mode})`,
        args: [c.a],
        apply: (a) => gather(a, idx.of(a), dn, [1, ...rest], { mode, fillValue }),
        bound: c.smooth ? x.bound : Infinity,
      };
    },
  },
  {
    // its first rows (halved when float) scattered into the operand at other rows: add, replace and
    // mul are smooth, min and max are not
    name: 'scatterRows',
    modes: ['any', 'smooth'],
    make: (c) => {
      const x = c.vals[c.a]!;
      if (x.shape.length === 0 || x.shape.some((k) => k === 0)) return null;
      const n = x.shape[0]!, rest = x.shape.slice(1), m = 1 + pick(c.p[0]!, Math.min(3, n));
      const mode = GATHER_MODES[pick(c.p[1]!, 3)]!;
      const combiner = c.smooth ? SMOOTH_SCATTERS[pick(c.p[3]!, 3)]! : (Object.keys(SCATTERS) as (keyof typeof SCATTERS)[])[pick(c.p[3]!, 5)]!;
      const idx = rowIndices(c, m, mode);
      const dn = { updateWindowDims: rest.map((_, d) => d + 1), insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
      const halve = isFloat(x.dtype);
      const updates = (a: NDArray) => {
        const rows = lax.slice(a, a.shape.map(() => 0), [m, ...rest]);
        return halve ? lax.mul(rows, 0.5) : rows;
      };
      const u = halve ? x.bound / 2 : x.bound;
      const bound = combiner === 'add' ? x.bound + m * u : combiner === 'mul' ? x.bound * Math.max(1, u) ** m : x.bound;
      return {
        text: `scatter_${combiner}(v${c.a}, rows ${idx.text}, v${c.a}[:${m}]${halve ? ' / 2' : ''}, ${mode === 'fill' ? 'drop' : mode})`,
        args: [c.a],
        apply: (a) => SCATTERS[combiner](a, idx.of(a), updates(a), dn, { mode }),
        bound,
      };
    },
  },
  // indexing and index updates, multi-operand sort, fft, np.round, set operations
  ...indexTemplates,
  ...npTemplates,
];
