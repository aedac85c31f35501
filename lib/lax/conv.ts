/**
 * Convolution in lax: `convGeneralDilated` (JAX's conv_general_dilated with dimension numbers as
 * strings like ['NHWC', 'HWIO', 'NHWC'] or index specs, 'SAME' | 'SAME_LOWER' | 'VALID' or explicit
 * padding), `conv` (NCHW/OIHW) and `convTranspose` (keras-style transposed convolution).
 */
import { asArray, type ArrayLike } from '../array/create';
import { bind, type NDArray } from '../array/ndarray';
import { dilateDim, type ConvDimensionNumbers, type ConvParams } from '../array/primitives/conv';
import { fmtShape, ShapeError } from '../array/shape';

export type Padding = 'SAME' | 'SAME_LOWER' | 'VALID' | readonly (readonly [number, number])[];
/** Three layout strings (e.g. ['NHWC', 'HWIO', 'NHWC']), three index specs, or ConvDimensionNumbers. */
export type DimensionNumbers = readonly [string, string, string] | readonly [readonly number[], readonly number[], readonly number[]] | ConvDimensionNumbers;

export interface ConvOptions {
  readonly windowStrides?: readonly number[];
  readonly padding?: Padding;
  readonly lhsDilation?: readonly number[];
  readonly rhsDilation?: readonly number[];
  readonly dimensionNumbers?: DimensionNumbers;
  readonly featureGroupCount?: number;
  readonly batchGroupCount?: number;
}

/** JAX's conv_general_permutations: layout strings to [batch/out-feature, feature/in-feature, ...spatial] index specs. */
function permutations(specs: readonly [string, string, string]): ConvDimensionNumbers {
  const pairs = [['N', 'C'], ['O', 'I'], ['N', 'C']] as const;
  specs.forEach((s, i) => {
    const [a, b] = pairs[i]!;
    if (s.split(a).length !== 2 || s.split(b).length !== 2)
      throw new ShapeError(`convolution dimension_numbers[${i}] must contain the characters '${a}' and '${b}' exactly once, got ${s}`);
    if (new Set(s).size !== s.length) throw new ShapeError(`convolution dimension_numbers[${i}] cannot have duplicate characters, got ${s}`);
  });
  const spatialOf = (s: string, [a, b]: readonly [string, string]) => [...s].filter((c) => c !== a && c !== b).sort().join('');
  if (new Set(specs.map((s, i) => spatialOf(s, pairs[i]!))).size !== 1)
    throw new ShapeError(`convolution dimension_numbers elements must each have the same set of spatial characters, got ${JSON.stringify(specs)}`);
  const rhs = specs[1];
  const perm = (s: string, [a, b]: readonly [string, string], isRhs: boolean) => {
    const spatial = [...s].map((c, i) => [c, i] as const).filter(([c]) => c !== a && c !== b);
    if (!isRhs) spatial.sort((x, y) => rhs.indexOf(x[0]) - rhs.indexOf(y[0])); // spatial dims in the kernel's order
    return [s.indexOf(a), s.indexOf(b), ...spatial.map(([, i]) => i)];
  };
  return { lhs: perm(specs[0], pairs[0], false), rhs: perm(rhs, pairs[1], true), out: perm(specs[2], pairs[2], false) };
}

function dimensionNumbers(dn: DimensionNumbers | undefined, ndim: number): ConvDimensionNumbers {
  if (dn === undefined) {
    const iota = [...Array(ndim).keys()];
    return { lhs: iota, rhs: iota, out: iota };
  }
  if (!Array.isArray(dn)) return dn as ConvDimensionNumbers;
  if (dn.length !== 3) throw new ShapeError(`convolution dimension_numbers must have 3 entries (lhs, rhs, out), got ${dn.length}`);
  if (dn.every((s) => typeof s === 'string')) {
    (dn as readonly string[]).forEach((s, i) => {
      if (s.length !== ndim) throw new ShapeError(`convolution dimension_numbers[${i}] must have len equal to the ndim of lhs and rhs (${ndim}), got ${s}`);
    });
    return permutations(dn as readonly [string, string, string]);
  }
  const [lhs, rhs, out] = dn as readonly (readonly number[])[];
  return { lhs: lhs!, rhs: rhs!, out: out! };
}

/**
 * JAX's padtype_to_pads: the output keeps ceil(in / stride) positions; SAME puts the odd pad after, SAME_LOWER before.
 * @example lax.padtypeToPads([5], [2], [2], 'SAME') // [[0, 1]]
 */
export function padtypeToPads(inShape: readonly number[], window: readonly number[], strides: readonly number[], padding: Padding): [number, number][] {
  if (typeof padding !== 'string') return padding.map(([lo, hi]) => [lo, hi]);
  if (padding === 'VALID') return inShape.map(() => [0, 0]);
  if (padding !== 'SAME' && padding !== 'SAME_LOWER') throw new ShapeError(`Unrecognized padding type: expected 'VALID', 'SAME' or 'SAME_LOWER', got ${String(padding)}`);
  return inShape.map((n, i) => {
    const out = Math.ceil(n / strides[i]!);
    const total = Math.max(0, (out - 1) * strides[i]! + window[i]! - n);
    const small = Math.floor(total / 2);
    return padding === 'SAME' ? [small, total - small] : [total - small, small];
  });
}

/**
 * `convGeneralDilated(lhs, rhs, opts)`: XLA's convolution. Default layout NCHW / OIHW / NCHW.
 * @example lax.convGeneralDilated(x, w, { windowStrides: [1, 1], padding: 'SAME', dimensionNumbers: ['NHWC', 'HWIO', 'NHWC'] })
 */
export function convGeneralDilated(lhs: ArrayLike, rhs: ArrayLike, opts: ConvOptions = {}): NDArray {
  const l = asArray(lhs), r = asArray(rhs);
  if (l.ndim !== r.ndim) throw new ShapeError(`convolution requires lhs and rhs ndim to be equal, got shapes ${fmtShape(l.shape)} and ${fmtShape(r.shape)}`);
  const ns = l.ndim - 2;
  const dn = dimensionNumbers(opts.dimensionNumbers, l.ndim);
  const ones = Array<number>(Math.max(ns, 0)).fill(1);
  const windowStrides = opts.windowStrides ?? ones, rhsDilation = opts.rhsDilation ?? ones;
  const window = dn.rhs.slice(2).map((d, i) => dilateDim(r.shape[d]!, rhsDilation[i] ?? 1));
  const padding = padtypeToPads(dn.lhs.slice(2).map((d) => l.shape[d]!), window, windowStrides, opts.padding ?? 'VALID');
  const params: ConvParams = {
    windowStrides,
    padding,
    lhsDilation: opts.lhsDilation ?? ones,
    rhsDilation,
    dimensionNumbers: dn,
    featureGroupCount: opts.featureGroupCount ?? 1,
    batchGroupCount: opts.batchGroupCount ?? 1,
  };
  return bind('conv_general_dilated', [l, r], params);
}

/**
 * `conv(lhs, rhs, windowStrides, padding)`: NCHW input, OIHW kernel.
 * @example lax.conv(np.ones([1, 1, 4, 4]), np.ones([1, 1, 2, 2]), [1, 1], 'VALID').shape // [1, 1, 3, 3]
 */
export const conv = (lhs: ArrayLike, rhs: ArrayLike, windowStrides: readonly number[], padding: Padding): NDArray =>
  convGeneralDilated(lhs, rhs, { windowStrides, padding });

/** JAX's _conv_transpose_padding for one dimension of a transposed convolution. */
function transposePadding(k: number, s: number, padding: 'SAME' | 'VALID'): [number, number] {
  const len = padding === 'SAME' ? k + s - 2 : k + s - 2 + Math.max(k - s, 0);
  const a = padding === 'SAME' ? (s > k - 1 ? k - 1 : Math.ceil(len / 2)) : k - 1;
  return [a, len - a];
}

/**
 * `convTranspose(lhs, rhs, strides, padding, opts)`: the gradient-style transposed convolution
 * (keras Conv2DTranspose with `transposeKernel`), default layout NHWC / HWIO / NHWC.
 * @example lax.convTranspose(np.ones([1, 2, 2, 1]), np.ones([2, 2, 1, 1]), [2, 2], 'SAME').shape // [1, 4, 4, 1]
 */
export function convTranspose(
  lhs: ArrayLike,
  rhs: ArrayLike,
  strides: readonly number[],
  padding: 'SAME' | 'VALID' | readonly (readonly [number, number])[],
  opts: { readonly rhsDilation?: readonly number[]; readonly dimensionNumbers?: DimensionNumbers; readonly transposeKernel?: boolean } = {},
): NDArray {
  const l = asArray(lhs);
  let r = asArray(rhs);
  const defaults: Record<number, [string, string, string]> = { 2: ['NC', 'IO', 'NC'], 3: ['NHC', 'HIO', 'NHC'], 4: ['NHWC', 'HWIO', 'NHWC'], 5: ['NHWDC', 'HWDIO', 'NHWDC'] };
  const given = opts.dimensionNumbers ?? defaults[l.ndim];
  if (!given) throw new ShapeError(`convTranspose: no default dimension numbers for ${l.ndim}-dimensional inputs; pass dimensionNumbers`);
  const dn = dimensionNumbers(given, l.ndim);
  const rhsDilation = opts.rhsDilation ?? strides.map(() => 1);
  const k = dn.rhs.slice(2).map((d, i) => dilateDim(r.shape[d]!, rhsDilation[i]!));
  const pads = typeof padding === 'string' ? k.map((kk, i) => transposePadding(kk, strides[i]!, padding)) : padding.map(([lo, hi], i) => [k[i]! - lo - 1, k[i]! - hi - 1] as [number, number]);
  if (opts.transposeKernel) {
    // flip the spatial axes and swap the kernel's input and output feature axes
    r = bind('rev', [r], { dimensions: dn.rhs.slice(2) });
    const perm = [...Array(r.ndim).keys()];
    [perm[dn.rhs[0]!], perm[dn.rhs[1]!]] = [perm[dn.rhs[1]!]!, perm[dn.rhs[0]!]!];
    r = bind('transpose', [r], { permutation: perm });
  }
  return convGeneralDilated(l, r, { windowStrides: strides.map(() => 1), padding: pads, lhsDilation: strides, rhsDilation, dimensionNumbers: dn });
}
