/**
 * vmap: flatten the arguments, find the one axis size, trace `f` on per-example placeholders,
 * push the batch axes through the traced graph by the rule table, move each output's batch axis to
 * its outAxes entry, unflatten. (Autodidax's vmap_flat, on a lazy graph.)
 */
import { constant, isNDArray, nextNodeId, retainingInputs, traceVar, type NDArray } from '../array/ndarray';
import { weakTypeOfScalar } from '../array/dtype';
import { canonicalizeAxis, ShapeError } from '../array/shape';
import { asArray } from '../array/create';
import { isMatrix } from '../array/storage';
import { flattenWithPath, keystr, unflatten, type KeyPath } from '../pytree';
import { rankError, specsPerLeaf, validateSpecs, type AxisSpec } from './axis-spec';
import { batchGraph } from './batch-graph';
import { checkChunkSize, chunkedCall } from './chunk';
import { jit, jittedSource, staticKey } from './jit';
import { moveBatchAxis, type Batched } from './batching';
import { typeString, VmapError } from './errors';
import { withFrame } from './trace';
import type { AnyFn, CheckedVmapOptions, Vmapped, VmapOptions } from './vmap-types';

export type { AxisSpec };
export type {
  AcceptsMatrix,
  AnyFn,
  AxisSpecFor,
  CheckedVmapOptions,
  InAxesFor,
  InAxesLengthError,
  InAxesMismatch,
  OutAxesFor,
  SpecLeafValue,
  Vmapped,
  VmapOptions,
  VmapOptionsFor,
} from './vmap-types';

interface MappedLeaf {
  readonly path: string;
  readonly value: NDArray;
  readonly axis: number;
  readonly spec: number;
}

/**
 * Vectorizing map: `vmap(f, opts)(...xs)` equals stacking `f` over slices of the mapped axes.
 *
 * The batched function has `f`'s type (where `f` takes an NDArray, it also takes a mathjs Matrix,
 * which vmap wraps). Written-out `inAxes`/`outAxes` are checked against `f`'s
 * parameters and result at compile time (see `VmapOptionsFor`): an `inAxes` list needs one entry per
 * parameter, object prefixes need exactly the parameter's keys, and leaves (arrays, numbers) take a
 * number or null. Specs typed as the wide `AxisSpec` are checked when the function is called.
 * @example
 * const mv = vmap((m, v) => np.vdot(m, v), { inAxes: [0, null] }); // ([b,a], [a]) -> [b]
 */
export function vmap<F extends AnyFn, const O extends VmapOptions = {}>(f: F, opts?: CheckedVmapOptions<NoInfer<F>, O>): Vmapped<F>;
export function vmap<F extends AnyFn>(f: F, opts: VmapOptions = {}): Vmapped<F> {
  if (typeof f !== 'function') throw new VmapError(`vmap expects a function to map, got ${typeof f}`);
  const inAxes = opts.inAxes === undefined ? 0 : opts.inAxes;
  const outAxes = opts.outAxes === undefined ? 0 : opts.outAxes;
  validateSpecs(inAxes, outAxes);
  if (opts.axisSize !== undefined && !(Number.isInteger(opts.axisSize) && opts.axisSize >= 0))
    throw new VmapError(`vmap axisSize must be a non-negative integer, got ${String(opts.axisSize)}`);
  checkChunkSize(opts.chunkSize, opts.axisName);
  // vmap of a jitted function is the jitted vmap: the batched graph is traced once per signature,
  // cached and fused (bit-equal to batching the jitted graph on every call)
  const source = jittedSource(f);
  if (source && opts.chunkSize === undefined) return jittedVmap(f, source, opts) as Vmapped<F>;
  const batched = (...args: unknown[]) => {
    if (opts.chunkSize !== undefined) {
      const whole = { ...opts, chunkSize: undefined };
      const chunked = chunkedCall(args, inAxes, outAxes, opts.chunkSize, (size) => (...a: unknown[]) =>
        vmapCall(f, { ...whole, axisSize: opts.axisSize === undefined ? undefined : size }, inAxes, outAxes, a));
      if (chunked) return chunked.value;
    }
    return vmapCall(f, opts, inAxes, outAxes, args);
  };
  return batched as unknown as Vmapped<F>;
}

/** One jit(vmap(f, opts)) per jitted f and options, so a vmap(jit(f)) made afresh reuses the cache. */
const jittedVmaps = new WeakMap<object, Map<string, unknown>>();
function jittedVmap(jitted: object, source: NonNullable<ReturnType<typeof jittedSource>>, opts: VmapOptions): unknown {
  const key = [JSON.stringify([opts.inAxes, opts.outAxes, opts.axisSize]), staticKey(opts.axisName), staticKey(opts.spmdAxisName)].join('|');
  let byOpts = jittedVmaps.get(jitted);
  if (!byOpts) jittedVmaps.set(jitted, (byOpts = new Map()));
  if (!byOpts.has(key)) byOpts.set(key, jit(vmap(source.f, opts), source.opts));
  return byOpts.get(key);
}

function vmapCall(f: (...args: any[]) => any, opts: VmapOptions, inAxes: AxisSpec, outAxes: AxisSpec, args: unknown[]): unknown {
  if (Array.isArray(inAxes) && inAxes.length !== args.length)
    throw new VmapError(
      `vmap in_axes must be an int, null, or an array of entries corresponding to the positional arguments passed to the function, but got len(inAxes)=${inAxes.length}, len(args)=${args.length}.`,
    );
  const perArg = Array.isArray(inAxes) ? inAxes : args.map(() => inAxes);
  const [pathLeaves, treedef] = flattenWithPath(args);
  const specs = specsPerLeaf(perArg, args, 'vmap in_axes');
  const mapped: MappedLeaf[] = [];
  const leaves = pathLeaves.map(([path, leaf], i) => {
    const spec = specs[i]!;
    if (spec === null) return isMatrix(leaf) ? asArray(leaf) : leaf; // f sees NDArrays either way
    const where = keystr(path, 'args');
    const value = mappableArray(leaf, where, spec, () => nestedListHint(args, path));
    if (spec < -value.ndim || spec >= value.ndim) throw rankError(where, spec, value.shape);
    mapped.push({ path: where, value, axis: canonicalizeAxis(spec, value.ndim), spec });
    return value;
  });
  const size = axisSize(mapped, opts.axisSize, pathLeaves.length, args);

  const startId = nextNodeId();
  return retainingInputs(() => withFrame(opts.axisName, size, opts.spmdAxisName, (frame) => {
    const env = new Map<NDArray, Batched>();
    const traced = leaves.slice();
    let k = 0;
    specs.forEach((spec, i) => {
      if (spec === null) return;
      const m = mapped[k++]!;
      const v = traceVar(
        { shape: m.value.shape.filter((_, d) => d !== m.axis), dtype: m.value.dtype, weak: m.value.weak },
        { transform: 'vmap', level: frame.level, argument: m.path },
      );
      env.set(v, { x: m.value, bdim: m.axis });
      traced[i] = v;
    });
    const out = f(...(unflatten(treedef, traced) as unknown[]));

    const [outPathLeaves, outDef] = flattenWithPath(out);
    outPathLeaves.forEach(([path, leaf]) => {
      if (!isNDArray(leaf) && typeof leaf !== 'number' && typeof leaf !== 'boolean')
        throw new VmapError(
          `Output from batched function at out${keystr(path)} is ${describe(leaf)}, which is not a valid array type (NDArray, number or boolean)`,
        );
    });
    const outSpecs = specsPerLeaf(outAxes, out, 'vmap out_axes');
    const arrays = outPathLeaves.map(([, leaf]) => leaf).filter(isNDArray);
    const results = batchGraph(arrays, env, { size, frame }, startId);
    let r = 0;
    const finals = outPathLeaves.map(([path, leaf], i) => {
      const b: Batched = isNDArray(leaf) ? results[r++]! : { x: scalarArray(leaf as number | boolean), bdim: null };
      const dst = outSpecs[i]!;
      if (dst === null) {
        if (b.bdim === null) return isNDArray(leaf) ? b.x : leaf;
        throw new VmapError(
          opts.axisName !== undefined
            ? `vmap has mapped output (axis_name=${String(opts.axisName)}) but out_axes is null (at out${keystr(path)})`
            : `at vmap out_axes${keystr(path)}, got axis spec null but output was batched on axis ${b.bdim}`,
        );
      }
      const rank = b.bdim === null ? b.x.ndim + 1 : b.x.ndim;
      let axis: number;
      try {
        axis = canonicalizeAxis(dst, rank);
      } catch (e) {
        if (e instanceof ShapeError) throw new VmapError(`vmap out_axes${keystr(path)}: axis ${dst} is out of bounds for array of dimension ${rank}`);
        throw e;
      }
      return moveBatchAxis(size, b.bdim, axis, b.x);
    });
    return unflatten(outDef, finals);
  }));
}

function describe(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === 'object' || typeof x === 'function') return `a value of type ${(x as object).constructor?.name ?? typeof x}`;
  return `${JSON.stringify(x)} of type ${typeof x}`;
}

/** A mapped leaf must be an array (a mathjs Matrix is wrapped); JS scalars are rank 0. */
function mappableArray(leaf: unknown, where: string, spec: number, hint: () => string): NDArray {
  if (isNDArray(leaf)) return leaf;
  if (isMatrix(leaf)) return asArray(leaf);
  if (typeof leaf === 'number' || typeof leaf === 'boolean') throw rankError(where, spec, [], hint());
  throw new VmapError(
    `vmap in_axes maps ${where} along axis ${spec}, but it is ${describe(leaf)}, not an array; only arrays can be mapped (use null in inAxes to pass it through unmapped)`,
  );
}

const isNestedNumbers = (v: unknown): boolean =>
  Array.isArray(v) && v.every((e) => typeof e === 'number' || typeof e === 'boolean' || isNestedNumbers(e));

/**
 * A number mapped inside nested JS arrays of numbers: the user meant one array, but JS arrays are
 * pytrees (as lists are in JAX), so point at the outermost such array and at np.array.
 */
function nestedListHint(args: unknown[], path: KeyPath): string {
  let top = path.length;
  while (top > 1 && path[top - 1]!.kind === 'index') top--;
  const list = path.slice(0, top).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k.kind === 'index' ? k.index : k.kind === 'key' ? k.key : k.name], args);
  if (top === path.length || !isNestedNumbers(list)) return '';
  const name = keystr(path.slice(0, top), 'args');
  return `. ${name} is a nested JS array, which vmap treats as a pytree of separate numbers (as JAX does with lists): wrap it in np.array(...) to map over it as one array`;
}

/** The one mapped size, or JAX's errors listing every disagreeing axis. */
function axisSize(mapped: readonly MappedLeaf[], given: number | undefined, numLeaves: number, args: unknown[]): number {
  if (numLeaves === 0 && given === undefined)
    throw new VmapError(
      `vmap wrapped function must be passed at least one argument containing an array or axisSize must be specified, got ${args.length === 0 ? 'no arguments' : `only empty containers: args=${JSON.stringify(args)}`}`,
    );
  if (mapped.length === 0) {
    if (given === undefined) throw new VmapError('vmap must have at least one non-null value in inAxes or axisSize must be specified');
    return given;
  }
  const bySize = new Map<number, MappedLeaf[]>();
  for (const m of mapped) bySize.set(m.value.shape[m.axis]!, [...(bySize.get(m.value.shape[m.axis]!) ?? []), m]);
  if (bySize.size === 1 && (given === undefined || bySize.has(given))) return mapped[0]!.value.shape[mapped[0]!.axis]!;
  const groups = [...bySize.entries()].sort((a, b) => b[1].length - a[1].length);
  const lines = given !== undefined ? [`the \`axisSize\` argument was ${given}`] : [];
  const ex = (m: MappedLeaf) => `axis ${m.spec} of ${m.path} of type ${typeString(m.value)}`;
  groups.forEach(([sz, ms], i) => {
    if (ms.length === 1) lines.push(`one axis had size ${sz}: ${ex(ms[0]!)}`);
    else lines.push(`${i === 0 ? 'most' : 'some'} axes (${ms.length} of them) had size ${sz}, e.g. ${ex(ms[0]!)}`);
  });
  throw new VmapError(`vmap got inconsistent sizes for array axes to be mapped:\n${lines.map((l) => `  * ${l}`).join(';\n')}`);
}

/** An output JS scalar becomes a weakly typed 0-d array when it has to be broadcast. */
function scalarArray(v: number | boolean): NDArray {
  const t = weakTypeOfScalar(v);
  return constant(Number(v), t.dtype === 'int32' ? 'float64' : t.dtype, [], true);
}
