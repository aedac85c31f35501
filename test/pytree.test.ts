import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as O from 'fp-ts/Option';
import * as A from 'fp-ts/Array';
import * as E from 'fp-ts/Either';
import * as IO from 'fp-ts/IO';
import * as N from 'fp-ts/number';
import { pipe } from 'fp-ts/function';
import * as tree from '../lib/pytree';
import {
  attrKey,
  broadcastPrefix,
  dictKey,
  flatten,
  flattenWithPath,
  Foldable,
  Functor,
  indexKey,
  isTreePrefix,
  keystr,
  kindOf,
  leaves,
  map,
  mapLeaves,
  mapWithPath,
  reduceLeaves,
  register,
  structure,
  Traversable,
  TreeDef,
  TreePrefixError,
  unflatten,
  unregister,
  update,
  URI,
  type Tree,
} from '../lib/pytree';

// ---------------------------------------------------------------- fixtures

/** Registered with named children and aux data. */
class Point {
  constructor(
    readonly x: unknown,
    readonly y: unknown,
    readonly unit: string = 'm',
  ) {}
}
register(
  Point,
  (p) => [[p.x, p.y], p.unit, ['x', 'y']],
  (unit, [x, y]) => new Point(x, y, unit),
);

/** Registered with positional children and no aux. */
class Pair {
  constructor(
    readonly a: unknown,
    readonly b: unknown,
  ) {}
}
register(
  Pair,
  (p) => [[p.a, p.b], null],
  (_aux, [a, b]) => new Pair(a, b),
);

/** Not registered: must be a leaf (stands in for the library's NDArray). */
class NDArray {
  constructor(readonly data: number[]) {}
}

const vmapIsLeaf = (x: unknown): boolean => x === null || typeof x === 'number';

/** Capture the error thrown by `f` (fails the test if nothing is thrown). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

// ---------------------------------------------------------------- keystr

describe('keystr', () => {
  it('renders index, identifier keys, odd keys and attrs', () => {
    expect(keystr([indexKey(0), dictKey('layers'), indexKey(2), dictKey('w')], 'args')).toBe('args[0].layers[2].w');
    expect(keystr([dictKey('a b'), dictKey("it's"), dictKey('1x')])).toBe("['a b']['it\\'s']['1x']");
    expect(keystr([attrKey('weight'), dictKey('$ok_1')], 'm')).toBe('m.weight.$ok_1');
    expect(keystr([])).toBe('');
    expect(keystr([], 'root')).toBe('root');
  });
});

// ---------------------------------------------------------------- flatten / unflatten

describe('flatten / unflatten', () => {
  it('flattens depth-first with sorted dict keys', () => {
    const t = { b: [1, { z: 2, a: 3 }], a: 4, c: null, d: undefined, e: [], f: {} };
    const [ls, def] = flatten(t);
    expect(ls).toEqual([4, 1, 3, 2]);
    expect(def.numLeaves).toBe(4);
    expect(def.toString()).toBe('PyTreeDef({a: *, b: [*, {a: *, z: *}], c: null, d: undefined, e: [], f: {}})');
  });

  it('round-trips nested mixes including null/undefined/empty containers and registered classes', () => {
    const nd = new NDArray([1, 2]);
    const fn = (x: number): number => x;
    const t = [
      { w: nd, b: 1n, f: fn, s: 'str', t: true },
      null,
      undefined,
      [],
      {},
      new Point([1, { q: 2 }], null, 'cm'),
      new Pair(new Float64Array([1, 2]), [3]),
    ];
    const [ls, def] = flatten(t);
    expect(ls).toEqual([1n, fn, 'str', true, nd, 1, 2, expect.any(Float64Array), 3]);
    expect(ls[4]).toBe(nd);
    const back = unflatten(def, ls) as typeof t;
    expect(back).toStrictEqual(t);
    expect(back[1]).toBeNull();
    expect(back[2]).toBeUndefined();
    expect(back.length).toBe(7);
    expect(back[5]).toBeInstanceOf(Point);
    expect((back[5] as Point).unit).toBe('cm');
    expect((back[5] as Point).y).toBeNull();
    expect(back[6]).toBeInstanceOf(Pair);
  });

  it('treats unregistered class instances, typed arrays, Maps, functions and primitives as leaves', () => {
    const things = [new NDArray([1]), new Float32Array(2), new Map(), () => 1, 'x', 2, 3n, false, Symbol('s')];
    for (const x of things) {
      const [ls, def] = flatten(x);
      expect(ls).toEqual([x]);
      expect(def.isLeaf()).toBe(true);
      expect(def.toString()).toBe('PyTreeDef(*)');
    }
    expect(leaves(null)).toEqual([]);
    expect(leaves(undefined)).toEqual([]);
    expect(structure(null).equals(structure(undefined))).toBe(false);
  });

  it('handles null-prototype objects as dict nodes', () => {
    const o = Object.create(null) as Record<string, number>;
    o.b = 2;
    o.a = 1;
    expect(leaves(o)).toEqual([1, 2]);
    expect(structure(o).equals(structure({ a: 0, b: 0 }))).toBe(true);
  });

  it('freezes every container it creates, but not registered class instances', () => {
    const [ls, def] = flatten({ a: [1, { b: [2] }], p: new Pair([3], 4) });
    const out = unflatten(def, ls) as { a: [number, { b: number[] }]; p: Pair };
    expect(Object.isFrozen(out)).toBe(true);
    expect(Object.isFrozen(out.a)).toBe(true);
    expect(Object.isFrozen(out.a[1])).toBe(true);
    expect(Object.isFrozen(out.a[1].b)).toBe(true);
    expect(Object.isFrozen(out.p)).toBe(false);
    expect(Object.isFrozen(out.p.a)).toBe(true);
    expect(() => {
      (out.a as unknown as number[]).push(5);
    }).toThrow(TypeError);
  });

  it('throws a clear error naming both counts on a leaf-count mismatch', () => {
    const def = structure([1, 2, 3]);
    expect(() => unflatten(def, [1, 2])).toThrow(RangeError);
    expect(() => unflatten(def, [1, 2])).toThrow(/expects 3 leaves but got 2/);
    expect(() => def.unflatten([1, 2, 3, 4])).toThrow(/expects 3 leaves but got 4/);
  });

  it('respects an isLeaf predicate before container detection', () => {
    const t = { a: [1, 2], b: { c: 3 } };
    const [ls, def] = flatten(t, (x) => Array.isArray(x));
    expect(ls).toEqual([[1, 2], 3]);
    expect(def.toString()).toBe('PyTreeDef({a: *, b: {c: *}})');
    expect(leaves(t, (x) => x === t.b)).toEqual([1, 2, { c: 3 }]);
    expect(leaves([null, 1], (x) => x === null)).toEqual([null, 1]);
  });

  it('gives key paths for leaves (dict keys, indices, named and positional class children)', () => {
    const [pairs] = flattenWithPath({ layers: [{ w: 1 }], 'odd key': 2, p: new Point(3, 4), q: new Pair(5, 6) });
    expect(pairs.map(([p, v]) => [keystr(p, 'params'), v])).toEqual([
      ['params.layers[0].w', 1],
      ["params['odd key']", 2],
      ['params.p.x', 3],
      ['params.p.y', 4],
      ['params.q.0', 5],
      ['params.q.1', 6],
    ]);
  });

  it('rejects cyclic structures instead of overflowing the stack', () => {
    const a: unknown[] = [1];
    a.push(a);
    expect(() => flatten(a)).toThrow(/cyclic structure detected at key path tree\[1\]/);
  });
});

// ---------------------------------------------------------------- register

describe('register', () => {
  it('replaces a previous registration and can be undone', () => {
    class Box {
      constructor(readonly v: unknown) {}
    }
    expect(leaves(new Box(1))).toHaveLength(1);
    expect(leaves(new Box(1))[0]).toBeInstanceOf(Box);
    register(Box, (b) => [[b.v], 'first'], (_a, [v]) => new Box(v));
    expect(structure(new Box(1)).toString()).toBe('PyTreeDef(Box("first")[*])');
    register(Box, (b) => [[b.v, b.v], 'second'], (_a, [v]) => new Box(v));
    expect(leaves(new Box(7))).toEqual([7, 7]);
    expect(structure(new Box(1)).toString()).toBe('PyTreeDef(Box("second")[*, *])');
    expect(unregister(Box)).toBe(true);
    expect(leaves(new Box(1))[0]).toBeInstanceOf(Box);
  });

  it('rejects a flatten whose keys do not match its children', () => {
    class Bad {}
    register(Bad, () => [[1, 2], null, ['only']], () => new Bad());
    expect(() => flatten(new Bad())).toThrow(TypeError);
    expect(() => flatten(new Bad())).toThrow(/Bad returned 2 children but 1 keys/);
    unregister(Bad);
  });

  it('dispatches on the exact class only', () => {
    class SubPair extends Pair {}
    expect(leaves(new SubPair(1, 2))).toHaveLength(1);
    expect(leaves(new Pair(1, 2))).toEqual([1, 2]);
  });
});

// ---------------------------------------------------------------- TreeDef

describe('TreeDef', () => {
  it('counts leaves and nodes like JAX', () => {
    const def = structure([1, { a: 2, b: null }, []]);
    expect(def.numLeaves).toBe(2);
    // root, leaf, dict, leaf, null, []
    expect(def.numNodes).toBe(6);
    expect(TreeDef.leaf().numNodes).toBe(1);
  });

  it('exposes children', () => {
    const kids = structure([1, { b: [2, 3], a: 4 }]).children();
    expect(kids.map(String)).toEqual(['PyTreeDef(*)', 'PyTreeDef({a: *, b: [*, *]})']);
    expect(structure(5).children()).toEqual([]);
  });

  it('renders readable strings', () => {
    expect(structure([1, { b: [2, 3], a: 4 }]).toString()).toBe('PyTreeDef([*, {a: *, b: [*, *]}])');
    expect(String(structure({ 'x y': 1, k: [null, undefined] }))).toBe("PyTreeDef({k: [null, undefined], 'x y': *})");
    expect(structure(new Point(1, [2], 'km')).toString()).toBe('PyTreeDef(Point("km")[x: *, y: [*]])');
    expect(structure(new Pair(1, 2)).toString()).toBe('PyTreeDef(Pair(null)[*, *])');
  });

  it('compares structurally', () => {
    const s = (t: unknown): TreeDef => structure(t);
    expect(s({ a: 1, b: [2] }).equals(s({ b: ['x'], a: 'y' }))).toBe(true);
    expect(s({ a: 1 }).equals(s({ b: 1 }))).toBe(false);
    expect(s([1, 2]).equals(s([1, 2, 3]))).toBe(false);
    expect(s([1]).equals(s({ 0: 1 }))).toBe(false);
    expect(s(null).equals(s(undefined))).toBe(false);
    expect(s([null]).equals(s([1]))).toBe(false);
    expect(s(new Point(1, 2, 'm')).equals(s(new Point(3, 4, 'm')))).toBe(true);
    expect(s(new Point(1, 2, 'm')).equals(s(new Point(1, 2, 'cm')))).toBe(false);
    expect(s(new Pair(1, 2)).equals(s(new Point(1, 2)))).toBe(false);
    expect(s(new Point(1, [2])).equals(s(new Point(1, 2)))).toBe(false);
  });

  it('compares aux data deeply', () => {
    class Shaped {
      constructor(
        readonly v: unknown,
        readonly meta: { shape: number[] },
      ) {}
    }
    register(Shaped, (s) => [[s.v], s.meta], (meta, [v]) => new Shaped(v, meta));
    expect(structure(new Shaped(1, { shape: [2, 3] })).equals(structure(new Shaped(5, { shape: [2, 3] })))).toBe(true);
    expect(structure(new Shaped(1, { shape: [2, 3] })).equals(structure(new Shaped(5, { shape: [3, 2] })))).toBe(false);
    unregister(Shaped);
  });

  it('flattens another tree up to itself', () => {
    const def = structure([0, { a: 0, b: 0 }]);
    const full = [{ x: [1, 2] }, { a: new NDArray([1]), b: null }];
    const subs = def.flattenUpTo(full);
    expect(subs).toEqual([{ x: [1, 2] }, new NDArray([1]), null]);
    expect(subs[0]).toBe(full[0]);
    const err = thrown(() => def.flattenUpTo([1, { a: 1 }], { name: 'outs' }));
    expect(err).toBeInstanceOf(TreePrefixError);
    expect((err as TreePrefixError).path).toEqual([indexKey(1)]);
    expect(err.message).toContain('outs[1]');
    // a function second argument is the full tree's isLeaf
    expect(() => structure([0, 0]).flattenUpTo([1, [2]], (x) => Array.isArray(x) && x.length === 1)).not.toThrow();
    expect(() => structure([[0]]).flattenUpTo([[2]], (x) => Array.isArray(x) && x.length === 1)).toThrow(
      /leaf \(Array\)/,
    );
  });
});

// ---------------------------------------------------------------- map / update

describe('map', () => {
  it('maps a single tree and returns frozen containers', () => {
    const out = map((x: number) => x * 2, { w: [1, 2], b: 3, n: null }) as { w: number[]; b: number; n: null };
    expect(out).toStrictEqual({ b: 6, n: null, w: [2, 4] });
    expect(Object.isFrozen(out)).toBe(true);
    expect(Object.isFrozen(out.w)).toBe(true);
  });

  it('zips rest trees, passing whole subtrees where the first tree has a leaf', () => {
    const out = map(
      (x: number, y: unknown, z: number) => [x, y, z],
      [1, { a: 2 }],
      [{ deep: [10] }, { a: 20 }],
      [100, { a: 200 }],
    );
    expect(out).toEqual([
      [1, { deep: [10] }, 100],
      { a: [2, 20, 200] },
    ]);
    expect(map((p: Point, q: Point) => [p, q], new Point(1, 2), new Point(3, 4))).toEqual(new Point([1, 3], [2, 4]));
  });

  it('throws an error naming the key path when a rest tree does not match', () => {
    const err = thrown(() => map((x: number, y: number) => x + y, { a: [1, 2] }, { a: [1, 2, 3] }));
    expect(err).toBeInstanceOf(TreePrefixError);
    expect(err.message).toContain('extra tree #1');
    expect(err.message).toContain('tree.a');
    expect(err.message).toContain('of length 2, but the full pytree has a subtree of the same type but of length 3');
    expect(() => map((x: number) => x, [1], [1], { 0: 1 })).toThrow(/extra tree #2[\s\S]*different types at key path\n {4}tree\n/);
  });

  it('mapWithPath passes key paths', () => {
    expect(mapWithPath((p, x: number) => `${keystr(p)}=${x}`, { a: [1], b: 2 })).toEqual({ a: ['.a[0]=1'], b: '.b=2' });
  });
});

describe('update', () => {
  it('returns a new frozen tree with structural sharing and never mutates the input', () => {
    const params = { layers: [{ w: 1, b: 2 }, { w: 3, b: 4 }], head: { w: 5 } };
    const snapshot = JSON.parse(JSON.stringify(params)) as typeof params;
    const out = update(params, (d) => {
      d.layers[0]!.w = 100;
    });
    expect(params).toStrictEqual(snapshot);
    expect(out.layers[0]!.w).toBe(100);
    expect(out.layers[1]).toBe(params.layers[1]);
    expect(out.head).toBe(params.head);
    expect(out).not.toBe(params);
    expect(Object.isFrozen(out)).toBe(true);
    expect(Object.isFrozen(out.layers)).toBe(true);
    expect(Object.isFrozen(out.layers[0])).toBe(true);
  });

  it('works on frozen trees produced by unflatten and keeps leaves intact', () => {
    const nd = new NDArray([1]);
    const frozen = map((x: unknown) => x, { a: nd, b: [1] }) as { a: NDArray; b: number[] };
    const out = update(frozen, (d) => {
      d.b.push(2);
    });
    expect(out.b).toEqual([1, 2]);
    expect(frozen.b).toEqual([1]);
    expect(out.a).toBe(nd);
  });
});

// ---------------------------------------------------------------- broadcastPrefix

describe('broadcastPrefix', () => {
  const full = { x: [new NDArray([1]), new NDArray([2])], y: { u: 3, v: null }, z: 4 };

  it('broadcasts a root leaf to every leaf of the full tree', () => {
    expect(broadcastPrefix(0, full, 'vmap in_axes', vmapIsLeaf)).toEqual([0, 0, 0, 0]);
    expect(broadcastPrefix(0, null, 'vmap in_axes', vmapIsLeaf)).toEqual([]);
  });

  it('lets a prefix leaf at an inner node cover the whole subtree', () => {
    // full leaves in order: x[0], x[1], y.u, z   (y.v is null → no leaf)
    expect(broadcastPrefix({ x: 1, y: 0, z: null }, full, 'vmap in_axes', vmapIsLeaf)).toEqual([1, 1, 0, null]);
    expect(broadcastPrefix({ x: [0, 1], y: { u: 2, v: 3 }, z: 4 }, full, 'vmap in_axes', vmapIsLeaf)).toEqual([
      0, 1, 2, 4,
    ]);
    expect(broadcastPrefix([0, 1], [[], [5, 6]], 'vmap in_axes', vmapIsLeaf)).toEqual([1, 1]);
  });

  it('treats null as a prefix leaf covering a subtree', () => {
    expect(broadcastPrefix([null, 0], [{ a: 1, b: [2, 3] }, 4], 'vmap in_axes', vmapIsLeaf)).toEqual([
      null,
      null,
      null,
      0,
    ]);
  });

  it('matches registered classes child-by-child', () => {
    expect(broadcastPrefix(new Point(0, null), new Point([1, 2], 3), 'vmap in_axes', vmapIsLeaf)).toEqual([0, 0, null]);
    const err = thrown(() => broadcastPrefix(new Point(0, 0, 'm'), new Point(1, 2, 'cm'), 'vmap in_axes', vmapIsLeaf));
    expect((err as TreePrefixError).mismatches[0]?.kind).toBe('metadata');
    expect(err.message).toContain('different pytree metadata');
  });

  it('reports different types in JAX wording', () => {
    const err = thrown(() => broadcastPrefix([0, { a: 0 }], [1, [2]], 'vmap in_axes', vmapIsLeaf));
    expect(err).toBeInstanceOf(TreePrefixError);
    expect(err).toBeInstanceOf(Error);
    const e = err as TreePrefixError;
    expect(e.prefixName).toBe('vmap in_axes');
    expect(e.path).toEqual([indexKey(1)]);
    expect(e.message).toBe(
      'vmap in_axes specification must be a tree prefix of the corresponding value; \n' +
        '  Mismatch details (1 found):\n' +
        '  pytree structure error: different types at key path\n' +
        '    vmap in_axes[1]\n' +
        'At that key path, the prefix pytree vmap in_axes has a subtree of type\n' +
        '    object\n' +
        'but at the same key path the full pytree has a subtree of different type\n' +
        '    array.',
    );
    expect(thrown(() => broadcastPrefix({ a: [0] }, { a: new NDArray([1]) }, 'vmap in_axes', vmapIsLeaf)).message).toContain(
      'vmap in_axes.a\nAt that key path, the prefix pytree vmap in_axes has a subtree of type\n    array\nbut at the same key path the full pytree has a subtree of different type\n    leaf (NDArray).',
    );
    expect(thrown(() => broadcastPrefix([0, 0], new Pair(1, 2), 'vmap in_axes', vmapIsLeaf)).message).toContain(
      'type\n    array\nbut at the same key path the full pytree has a subtree of different type\n    Pair.',
    );
    expect(thrown(() => broadcastPrefix([undefined], [null], 'x', vmapIsLeaf)).message).toContain(
      '    undefined\nbut at the same key path the full pytree has a subtree of different type\n    null.',
    );
  });

  it('reports different array lengths', () => {
    const e = thrown(() => broadcastPrefix({ a: [0, 0, 0] }, { a: [1, 2] }, 'vmap in_axes', vmapIsLeaf)) as TreePrefixError;
    expect(e).toBeInstanceOf(TreePrefixError);
    expect(e.path).toEqual([dictKey('a')]);
    expect(e.message).toBe(
      'vmap in_axes specification must be a tree prefix of the corresponding value; \n' +
        '  Mismatch details (1 found):\n' +
        '  pytree structure error: different lengths of array at key path\n' +
        '    vmap in_axes.a\n' +
        'At that key path, the prefix pytree vmap in_axes has a subtree of type array of length 3, ' +
        'but the full pytree has a subtree of the same type but of length 2.',
    );
  });

  it('reports different numbers of dict children with the symmetric difference', () => {
    const e = thrown(() => broadcastPrefix([{ a: 0 }], [{ a: 1, b: 2 }], 'vmap in_axes', vmapIsLeaf)) as TreePrefixError;
    expect(e).toBeInstanceOf(TreePrefixError);
    expect(e.path).toEqual([indexKey(0)]);
    expect(e.mismatches[0]?.kind).toBe('children');
    expect(e.message).toBe(
      'vmap in_axes specification must be a tree prefix of the corresponding value; \n' +
        '  Mismatch details (1 found):\n' +
        '  pytree structure error: different numbers of pytree children at key path\n' +
        '    vmap in_axes[0]\n' +
        'At that key path, the prefix pytree vmap in_axes has a subtree of type object with 1 child keys\n' +
        '    a\n' +
        'but at the same key path the full pytree has a subtree of the same type but with 2 child keys\n' +
        '    a b\n' +
        'so the symmetric difference on key sets is\n' +
        '    b',
    );
  });

  it('reports different keys when the counts agree', () => {
    const e = thrown(() => broadcastPrefix({ a: 0, c: 0 }, { a: 1, b: 2 }, 'vmap out_axes', vmapIsLeaf)) as TreePrefixError;
    expect(e.mismatches[0]?.kind).toBe('keys');
    expect(e.path).toEqual([]);
    expect(e.message).toContain('pytree structure error: different pytree keys at key path\n    vmap out_axes\n');
    expect(e.message).toContain('has a subtree of type object with child keys\n    a c\n');
    expect(e.message).toContain('so the symmetric difference on key sets is\n    b c');
  });

  it('collects every mismatch and reports the first path', () => {
    const e = thrown(() => broadcastPrefix([[0], { a: 0 }], [[1, 2], [3]], 'vmap in_axes', vmapIsLeaf)) as TreePrefixError;
    expect(e.mismatches.map((m) => m.kind)).toEqual(['lengths', 'types']);
    expect(e.message).toContain('Mismatch details (2 found)');
    expect(e.path).toEqual([indexKey(0)]);
  });

  it('isTreePrefix answers without throwing', () => {
    expect(isTreePrefix([0, null], [[1, 2], 3], vmapIsLeaf)).toBe(true);
    expect(isTreePrefix([0, 0, 0], [1, 2], vmapIsLeaf)).toBe(false);
  });

  it('kindOf names leaves and nodes', () => {
    expect([[], {}, null, undefined, new Pair(1, 2), 1, 'a', new NDArray([])].map((x) => kindOf(x))).toEqual([
      'array',
      'object',
      'null',
      'undefined',
      'Pair',
      'leaf (number)',
      'leaf (string)',
      'leaf (NDArray)',
    ]);
  });
});

// ---------------------------------------------------------------- fp-ts

describe('fp-ts instances', () => {
  const t: Tree<number> = [1, { b: 3, a: 2 }, null, [4]];

  it('Functor maps leaves and keeps structure', () => {
    expect(Functor.URI).toBe(URI);
    expect(URI).toBe('vmap-ts/Tree');
    const out = Functor.map(t, (x) => `${x}!`);
    expect(out).toStrictEqual(['1!', { a: '2!', b: '3!' }, null, ['4!']]);
    expect(structure(out).equals(structure(t))).toBe(true);
  });

  it('Foldable folds in flatten order', () => {
    expect(Foldable.reduce(t, '', (s, x) => s + x)).toBe('1234');
    expect(Foldable.reduceRight(t, '', (x, s) => s + x)).toBe('4321');
    expect(Foldable.foldMap(N.MonoidSum)(t, (x) => x * 10)).toBe(100);
  });

  it('traverse with Option: all Some → Some(tree), any None → None', () => {
    const positive = (x: number): O.Option<number> => (x > 0 ? O.some(x * 2) : O.none);
    expect(Traversable.traverse(O.Applicative)(t, positive)).toStrictEqual(O.some([2, { a: 4, b: 6 }, null, [8]]));
    expect(Traversable.traverse(O.Applicative)([1, { a: -1 }], positive)).toStrictEqual(O.none);
    expect(Traversable.traverse(O.Applicative)(null as Tree<number>, positive)).toStrictEqual(O.some(null));
  });

  it('sequence flips Tree<Option<A>> into Option<Tree<A>>', () => {
    expect(Traversable.sequence(O.Applicative)({ a: O.some(1), b: [O.some(2)] })).toStrictEqual(
      O.some({ a: 1, b: [2] }),
    );
    expect(Traversable.sequence(O.Applicative)({ a: O.some(1), b: [O.none] })).toStrictEqual(O.none);
    // function-valued effects (IO) are leaves anyway
    const io = Traversable.sequence(IO.Applicative)([() => 1, { k: () => 2 }]);
    expect(io()).toStrictEqual([1, { k: 2 }]);
    // Either values are tagged objects too; the first Left wins
    expect(Traversable.sequence(E.Applicative)([E.right(1), E.left('bad'), E.left('worse')])).toStrictEqual(
      E.left('bad'),
    );
  });

  it('traverse with the Array applicative enumerates all combinations in order', () => {
    const out = Traversable.traverse(A.Applicative)([1, { a: 2 }], (x: number) => [x, -x]);
    expect(out).toEqual([
      [1, { a: 2 }],
      [1, { a: -2 }],
      [-1, { a: 2 }],
      [-1, { a: -2 }],
    ]);
  });

  it('mapLeaves / reduceLeaves compose with pipe', () => {
    const total = pipe(
      t,
      mapLeaves((x: number) => x + 1),
      reduceLeaves(0, (s: number, x: number) => s + x),
    );
    expect(total).toBe(14);
    expect(pipe({ w: [1, 2] }, mapLeaves((x: number) => x * 3))).toStrictEqual({ w: [3, 6] });
  });
});

// ---------------------------------------------------------------- properties

const treeArb: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.double(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('node'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).node;

describe('properties', () => {
  it('unflatten(flatten(t)) deep-equals t', () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        const [ls, def] = flatten(t);
        expect(unflatten(def, ls)).toStrictEqual(t);
        expect(ls.length).toBe(def.numLeaves);
      }),
    );
  });

  it('map preserves structure and composes (functor laws)', () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        const f = (x: number): number => x + 1;
        const g = (x: number): string => `${x}`;
        expect(structure(map(f, t)).equals(structure(t))).toBe(true);
        expect(map((x: number) => g(f(x)), t)).toStrictEqual(map(g, map(f, t)));
        expect(Functor.map(t as Tree<number>, (x) => x)).toStrictEqual(t);
      }),
    );
  });

  it('a prefix made of the tree itself (or of its children) broadcasts to its own leaves', () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        // Label every leaf by its index; broadcasting the labelled tree against t is the identity.
        let i = 0;
        const labelled = map(() => i++, t);
        const n = structure(t).numLeaves;
        expect(broadcastPrefix(labelled, t, 'p', (x) => typeof x === 'number')).toEqual(
          Array.from({ length: n }, (_, k) => k),
        );
        // A single root leaf covers every leaf.
        expect(broadcastPrefix(7, t, 'p', vmapIsLeaf)).toEqual(Array(n).fill(7));
      }),
    );
  });

  it('treedef equality agrees with toString', () => {
    fc.assert(
      fc.property(treeArb, treeArb, (a, b) => {
        const da = structure(a);
        const db = structure(b);
        expect(da.equals(db)).toBe(da.toString() === db.toString());
      }),
    );
  });
});

describe('public entry', () => {
  it('exposes the namespace-style API', () => {
    expect(typeof tree.flatten).toBe('function');
    expect(tree.leaves(tree.map((x: number) => x + 1, [1, [2]]))).toEqual([2, 3]);
  });
});
