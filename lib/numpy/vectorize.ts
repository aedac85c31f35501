/**
 * JAX's jnp.vectorize: a function of per-element (or, with a gufunc `signature` like
 * "(m,n),(n)->(m)", per-core-block) arguments becomes a function of arrays whose leading "loop"
 * axes broadcast, by one vmap per loop axis. As JAX's, loop axes of size 1 are squeezed and mapped
 * with inAxes null rather than broadcast, so no argument is copied to the full loop shape.
 */
import { asArray } from '../array/create';
import { isNDArray, type NDArray } from '../array/ndarray';
import { broadcastShapes, fmtShape, ShapeError } from '../array/shape';
import { vmap } from '../transforms/vmap';
import { expandDims, squeeze } from './manip';

type Output = NDArray | readonly NDArray[];
type CoreDims = readonly string[];

export interface VectorizeOptions {
  /** Positions of arguments passed through unchanged (not vectorized), e.g. static options. */
  readonly excluded?: readonly number[];
  /** A gufunc signature "(a,b),(b)->(a)": each argument's trailing core axes, and the outputs'. */
  readonly signature?: string;
}

const ARG = /\((\w+(?:,\w+)*)?\)/g;
const SIGNATURE = /^\((?:\w+(?:,\w+)*)?\)(?:,\((?:\w+(?:,\w+)*)?\))*->\((?:\w+(?:,\w+)*)?\)(?:,\((?:\w+(?:,\w+)*)?\))*$/;

function parseSignature(signature: string): { ins: CoreDims[]; outs: CoreDims[] } {
  const s = signature.replace(/\s+/g, '');
  if (!SIGNATURE.test(s)) throw new TypeError(`np.vectorize: not a valid gufunc signature: '${signature}'`);
  const [lhs, rhs] = s.split('->') as [string, string];
  const parse = (side: string) => [...side.matchAll(ARG)].map((m) => (m[1] === undefined ? [] : m[1].split(',')));
  return { ins: parse(lhs), outs: parse(rhs) };
}

/**
 * `pyfunc` vectorized with broadcasting, as jnp.vectorize: without a signature it is called on 0-d
 * elements; with one, on blocks of the signature's core axes (the trailing axes of each argument),
 * and returns one output, or a list for a signature with several. Core axes of one name must agree
 * in size, in the arguments and in what pyfunc returns.
 * @example np.vectorize((a: NDArray, b: NDArray) => np.dot(a, b), { signature: '(n),(n)->()' })(np.ones([3, 2]), np.ones([2])).toArray() // [2, 2, 2]
 */
export function vectorize<R extends Output>(pyfunc: (...args: any[]) => R, opts: VectorizeOptions = {}): (...args: any[]) => R {
  const excluded = new Set(opts.excluded ?? []);
  for (const e of excluded)
    if (!Number.isInteger(e) || e < 0) throw new TypeError(`np.vectorize: excluded must hold argument positions (non-negative integers), got ${e}`);
  const sig = opts.signature === undefined ? null : parseSignature(opts.signature);
  const context = `np.vectorize${opts.signature === undefined ? '' : ` with signature '${opts.signature}'`}`;
  return (...all: any[]): R => {
    const mappedAt = all.map((_, i) => i).filter((i) => !excluded.has(i));
    const args = mappedAt.map((i) => asArray(all[i]));
    const core: CoreDims[] = sig?.ins ?? args.map(() => []);
    if (core.length !== args.length)
      throw new TypeError(`${context}: the signature has ${core.length} inputs, but ${args.length} (non-excluded) arguments were passed`);
    const sizes = new Map<string, number>();
    const bind = (name: string, n: number, where: string) => {
      const had = sizes.get(name);
      if (had !== undefined && had !== n) throw new ShapeError(`${context}: core axis '${name}' has size ${had} and ${n} (${where})`);
      sizes.set(name, n);
    };
    const loops = args.map((a, k) => {
      const c = core[k]!;
      if (a.ndim < c.length)
        throw new ShapeError(`${context}: argument ${mappedAt[k]} needs at least ${c.length} axes (${c.join(', ')}), got shape ${fmtShape(a.shape)}`);
      c.forEach((name, j) => bind(name, a.shape[a.ndim - c.length + j]!, `argument ${mappedAt[k]} of shape ${fmtShape(a.shape)}`));
      return a.shape.slice(0, a.ndim - c.length);
    });
    let loop: number[];
    try {
      loop = [...broadcastShapes(...loops)];
    } catch {
      throw new ShapeError(`${context}: the loop axes of the arguments do not broadcast: ${loops.map(fmtShape).join(', ')}`);
    }
    // pyfunc of the mapped arguments, excluded ones put back, its outputs checked against the signature
    const inner = (...xs: NDArray[]): R => {
      const full = [...all];
      mappedAt.forEach((i, k) => (full[i] = xs[k]));
      const out = pyfunc(...full);
      if (sig !== null) checkOutputs(out, sig.outs, sizes, context);
      return out;
    };
    // squeeze each argument's size-1 loop axes; map the others, innermost loop axis first
    const filled = loops.map((s) => [...Array<number>(loop.length - s.length).fill(1), ...s]);
    const squeezed = args.map((a, k) => {
      const ones = loops[k]!.flatMap((n, d) => (n === 1 ? [d] : []));
      return ones.length ? squeeze(a, ones) : a;
    });
    let f: (...xs: NDArray[]) => R = inner;
    const expand: number[] = [];
    for (let d = loop.length - 1; d >= 0; d--) {
      const inAxes = filled.map((s) => (s[d] === 1 ? null : 0));
      if (inAxes.every((a) => a === null)) expand.push(d);
      else f = vmap(f, { inAxes }) as typeof f;
    }
    const out = f(...squeezed);
    if (expand.length === 0) return out;
    const grow = (r: NDArray) => expandDims(r, [...expand].sort((p, q) => p - q));
    return (isNDArray(out) ? grow(out) : (out as readonly NDArray[]).map(grow)) as R;
  };
}

function checkOutputs(out: Output, outs: readonly CoreDims[], sizes: Map<string, number>, context: string): void {
  const list = isNDArray(out) ? [out] : out;
  if (outs.length > 1 ? isNDArray(out) || list.length !== outs.length : !isNDArray(out))
    throw new TypeError(`${context}: the function must return ${outs.length > 1 ? `a list of ${outs.length} arrays` : 'one array'}`);
  list.forEach((r, k) => {
    const c = outs[k]!;
    if (r.ndim !== c.length) throw new ShapeError(`${context}: output ${k} must have ${c.length} core axes (${c.join(', ')}), got shape ${fmtShape(r.shape)}`);
    c.forEach((name, j) => {
      const had = sizes.get(name);
      if (had !== undefined && had !== r.shape[j]) throw new ShapeError(`${context}: output ${k} has size ${r.shape[j]} for core axis '${name}' of size ${had}`);
      sizes.set(name, r.shape[j]!);
    });
  });
}
