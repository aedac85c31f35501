/**
 * Program templates for numpy indexing: reads `x.index(...)` and JAX's index updates
 * `x.at(...).set/add/multiply/min/max(v, { mode })`, with integers, slices (negative steps too),
 * newaxis and '...', integer arrays (one axis, or two broadcast together, in or out of the leading
 * position) and static bool masks, in every out-of-bounds mode. Integer-array indices are truncated
 * from the data, or constants in smooth programs (./template-kit's indexVector: in range for
 * promise_in_bounds). set, add and multiply are smooth in x and v; min and max are not.
 */
import type { AtOptions, IndexEntry, Mode as IndexMode } from '../lib/array/index-types';
import type { NDArray } from '../lib/array/ndarray';
import { array } from '../lib/array/create';
import * as lax from '../lib/lax';
import { np } from '../lib/numpy';
import { pick } from './arbitraries';
import { indexVector, isFloat, range, sizeOf, type Ctx, type Template, type Val } from './template-kit';

const MODES: readonly IndexMode[] = ['promise_in_bounds', 'clip', 'drop', 'fill'];
const UPDATES = ['set', 'add', 'multiply', 'min', 'max'] as const;
const SMOOTH_UPDATES = ['set', 'add', 'multiply'] as const;
type Kind = 'int' | 'slice' | 'array' | 'arrays' | 'mask' | 'basic';
const STARTS = [null, -1, 0, 1, 2] as const;
const STOPS = [null, -1, 1, 3, 0] as const;
const STEPS = [1, 2, -1, -2] as const;

/** An index: its text, the values its integer arrays are truncated from, and its entries given those values. */
interface Spec {
  readonly text: string;
  readonly sources: readonly number[];
  readonly entries: (srcs: readonly NDArray[]) => IndexEntry[];
  /** How many index tuples there are: a bound on how often one position is updated. */
  readonly tuples: number;
}

const whole = (k: number): IndexEntry[] => range(k).map(() => ({}));
const wholeText = (k: number): string[] => range(k).map(() => ':');
const sliceText = (s: { start: number | null; stop: number | null; step: number }) => `${s.start ?? ''}:${s.stop ?? ''}:${s.step}`;

/** The index of the given kind into x (null when it does not fit x). */
function indexSpec(c: Ctx, x: Val, kind: Kind, mode: IndexMode): Spec | null {
  const r = x.shape.length;
  if (r === 0) return null;
  const bits = c.p[2]!;
  const ax = pick(bits, r);
  const n = x.shape[ax]!;
  const inRange = mode === 'promise_in_bounds';
  const m = 1 + pick(c.p[3]!, 3);
  switch (kind) {
    case 'int': {
      if (n === 0) return null;
      const i = pick(bits >> 2, 2 * n) - n;
      return { text: [...wholeText(ax), i].join(', '), sources: [], entries: () => [...whole(ax), i], tuples: 1 };
    }
    case 'slice': {
      const s = { start: STARTS[pick(bits >> 2, 5)]!, stop: STOPS[pick(bits >> 5, 5)]!, step: STEPS[pick(bits >> 8, 4)]! };
      return { text: [...wholeText(ax), sliceText(s)].join(', '), sources: [], entries: () => [...whole(ax), s], tuples: 1 };
    }
    case 'array': {
      if (n === 0) return null;
      const iv = indexVector(c, n, m, inRange, bits >> 2, c.p[3]! >> 2);
      if (!iv) return null;
      const src = iv.source === null ? [] : [iv.source];
      return { text: [...wholeText(ax), iv.text].join(', '), sources: src, entries: (s) => [...whole(ax), iv.of(s[0])], tuples: m };
    }
    case 'arrays': {
      // the first and last axes, adjacent (rank 2: the result keeps their place) or not (rank 3:
      // the broadcast dims go first); paired elementwise, or an outer product through a [m, 1]
      const n0 = x.shape[0]!, nl = x.shape[r - 1]!;
      if (r < 2 || n0 === 0 || nl === 0) return null;
      const outer = ((c.p[3]! >> 4) & 1) === 1;
      const m2 = outer ? 1 + pick(c.p[0]! >> 4, 2) : m;
      const i0 = indexVector(c, n0, m, inRange, bits >> 2, c.p[3]! >> 2);
      const il = indexVector(c, nl, m2, inRange, bits >> 6, c.p[3]! >> 5);
      if (!i0 || !il) return null;
      const sources = [i0, il].flatMap((iv) => (iv.source === null ? [] : [iv.source]));
      return {
        text: [outer ? `${i0.text}[:, None]` : i0.text, ...wholeText(r - 2), il.text].join(', '),
        sources,
        entries: (s) => {
          let k = 0;
          const a0 = i0.of(i0.source === null ? undefined : s[k++]);
          const al = il.of(il.source === null ? undefined : s[k++]);
          return [outer ? lax.reshape(a0, [m, 1]) : a0, ...whole(r - 2), al];
        },
        tuples: m * m2,
      };
    }
    case 'mask': {
      // static: over the leading axis or over all of x (its true count sets the result's shape)
      const full = ((bits >> 2) & 1) === 1;
      const shape = full ? [...x.shape] : [x.shape[0]!];
      const data = range(sizeOf(shape)).map((k) => ((c.p[0]! ^ bits) >> k % 10) & 1);
      const mask = array({ data, shape }, 'bool');
      const text = `mask[${data.map((b) => (b ? 'T' : 'F')).join('')}]`;
      return { text, sources: [], entries: () => [mask], tuples: 1 };
    }
    case 'basic': {
      // newaxis, a slice, '...', and an integer on the last axis (rank >= 2)
      const nl = x.shape[r - 1]!;
      if (r < 2 || nl === 0) return null;
      const s = { start: STARTS[pick(bits >> 2, 5)]!, stop: null, step: STEPS[pick(bits >> 5, 4)]! };
      const i = pick(bits >> 7, 2 * nl) - nl;
      return { text: `None, ${sliceText(s)}, ..., ${i}`, sources: [], entries: () => [null, s, '...', i], tuples: 1 };
    }
  }
}

/** Zeros of a value's shape and dtype: the probe that learns a result's shape (nothing is evaluated). */
const zerosOf = (v: Val): NDArray => np.zeros(v.shape, v.dtype);

/** x[index] in a read mode: fill reads 0 in smooth programs (the default NaN has no bound). */
function readTemplate(name: string, kinds: readonly Kind[]): Template {
  return {
    name,
    modes: ['any', 'smooth'],
    make: (c) => {
      const x = c.vals[c.a]!;
      const mode = MODES[pick(c.p[1]!, 4)]!;
      const spec = indexSpec(c, x, kinds[pick(c.p[0]!, kinds.length)]!, mode);
      if (!spec) return null;
      const given = c.smooth || ((c.p[1]! >> 2) & 1) === 1;
      const fillValue = c.smooth ? 0 : isFloat(x.dtype) ? -0.5 : 7;
      const opts: AtOptions = given ? { mode, fillValue } : { mode };
      const ns = spec.sources.length;
      return {
        text: `index(v${c.a}, [${spec.text}], ${mode}${given ? `, fill ${fillValue}` : ''})`,
        args: [c.a, ...spec.sources],
        apply: (a, ...srcs) => a.index(...spec.entries(srcs.slice(0, ns)), opts),
        bound: c.smooth || !(mode === 'fill' || mode === 'drop') || given ? Math.max(x.bound, Math.abs(fillValue)) : Infinity,
      };
    },
  };
}

/**
 * x.at[index].op(v): v is x's own selection (halved, or negated for ints), a scalar, or another
 * value broadcasting to the selection.
 */
function updateTemplate(name: string, kinds: readonly Kind[]): Template {
  return {
    name,
    modes: ['any', 'smooth'],
    make: (c) => {
      const x = c.vals[c.a]!;
      const mode = MODES[pick(c.p[1]!, 4)]!;
      const spec = indexSpec(c, x, kinds[pick(c.p[0]!, kinds.length)]!, mode);
      if (!spec) return null;
      const op = c.smooth ? SMOOTH_UPDATES[pick(c.p[1]! >> 2, 3)]! : UPDATES[pick(c.p[1]! >> 2, 5)]!;
      const ns = spec.sources.length;
      const selShape = zerosOf(x).index(...spec.entries(spec.sources.map((s) => zerosOf(c.vals[s]!)))).shape;
      const partners = range(c.vals.length).filter((i) => {
        const y = c.vals[i]!;
        return y.dtype === x.dtype && y.shape.length <= selShape.length && y.shape.every((k, d) => k === 1 || k === selShape[selShape.length - y.shape.length + d]);
      });
      const choice = pick(c.p[3]! >> 6, 3);
      const float = isFloat(x.dtype);
      const scalar = float ? [0.5, -2, 1.5][pick(c.p[0]! >> 6, 3)]! : [2, -1, 3][pick(c.p[0]! >> 6, 3)]!;
      const partner = choice === 2 && partners.length > 0 ? partners[pick(c.b, partners.length)]! : null;
      const self = choice === 0 || (choice === 2 && partner === null);
      const valText = self ? `v${c.a}[idx]${float ? ' / 2' : ' * -1'}` : partner === null ? `${scalar}` : `v${partner}`;
      const u = self ? (float ? x.bound / 2 : x.bound) : partner === null ? Math.abs(scalar) : c.vals[partner]!.bound;
      const t = spec.tuples;
      const bound = op === 'add' ? x.bound + t * u : op === 'multiply' ? x.bound * Math.max(1, u) ** t : Math.max(x.bound, u);
      return {
        text: `at_${op}(v${c.a}, [${spec.text}], ${valText}, ${mode})`,
        args: partner === null ? [c.a, ...spec.sources] : [c.a, ...spec.sources, partner],
        apply: (a, ...rest) => {
          const entries = spec.entries(rest.slice(0, ns));
          // the self read clips: a 'drop'/'fill' index out of bounds reads something finite
          const v = self ? (float ? lax.mul(a.index(...entries, { mode: 'clip' }), 0.5) : lax.neg(a.index(...entries, { mode: 'clip' }))) : partner === null ? scalar : rest[ns]!;
          return a.at(...entries)[op](v, { mode });
        },
        bound,
      };
    },
  };
}

// basic and advanced indices as separate templates (each as likely as any other template)
export const indexTemplates: readonly Template[] = [
  readTemplate('index', ['int', 'slice', 'mask', 'basic']),
  readTemplate('indexArrays', ['array', 'arrays']),
  updateTemplate('atUpdate', ['int', 'slice', 'mask', 'basic']),
  updateTemplate('atArrays', ['array', 'arrays']),
];
