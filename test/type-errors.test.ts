/**
 * Compile errors that say what is wrong (issue 16, point 3): snippets with a bad `inAxes` are
 * compiled with the TypeScript API and the diagnostics' text is checked, since `@ts-expect-error`
 * only proves that some error occurs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { InAxesFor, NDArray } from '../lib';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vmap-ts-type-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = `import { np, vmap, vmapWith, type NDArray } from ${JSON.stringify(join(repo, 'lib'))};
const vv = (x: NDArray, y: NDArray) => np.vdot(x, y);
const opt = (x: NDArray, y?: NDArray) => (y ? np.add(x, y) : x);
const foo = (d: { a: number; b: NDArray }, x: number) => np.add(np.add(d.a, d.b), x);
const pair = ([x, [y, z]]: [NDArray, [NDArray, NDArray]]) => np.dot(x, np.dot(y, z));
`;

const snippets = {
  tooMany: 'vmap(vv, { inAxes: [0, 0, 0] });',
  tooFew: 'vmap(vv, { inAxes: [0] });',
  optional: 'vmap(opt, { inAxes: [0, 1, 2] });',
  viaVmapWith: 'vmapWith({ inAxes: [0, null, 0] })(vv)(np.ones(2), np.ones(2));',
  badKey: 'vmap(foo, { inAxes: [{ a: null, c: 0 }, null] });',
  innerTuple: 'vmap(pair, { inAxes: [[0, [1]]] });',
  fits: 'vmap(vv, { inAxes: [0, null] }); vmap(opt, { inAxes: [0] }); vmapWith({ inAxes: [0, 0] })(vv)(np.ones(2), np.ones(2));',
};

/** The messages of each snippet's diagnostics, from one program (the library is checked once). */
const messages: Record<string, string[]> = (() => {
  const files = Object.entries(snippets).map(([name, code]) => {
    const file = join(dir, `${name}.ts`);
    writeFileSync(file, header + code + '\n');
    return [name, file] as const;
  });
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [join(repo, 'node_modules', '@types')],
  };
  const program = ts.createProgram(
    files.map(([, f]) => f),
    options,
  );
  return Object.fromEntries(
    files.map(([name, file]) => [
      name,
      ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    ]),
  );
})();

describe('a wrong inAxes is a compile error that reads like the run-time one', () => {
  it('wrong-length lists name both lengths', () => {
    expect(messages.tooMany).toEqual([
      `Type 'number[]' is not assignable to type '"vmap: inAxes has 3 entries but f takes 2 parameters"'.`,
    ]);
    expect(messages.tooFew).toEqual([`Type 'number[]' is not assignable to type '"vmap: inAxes has 1 entry but f takes 2 parameters"'.`]);
    expect(messages.optional).toEqual([
      `Type 'number[]' is not assignable to type '"vmap: inAxes has 3 entries but f takes 1 to 2 parameters"'.`,
    ]);
  });

  it('through vmapWith, the call of the result says the same (not "Expected 1 arguments")', () => {
    expect(messages.viaVmapWith).toEqual([
      `Argument of type 'NDArray' is not assignable to parameter of type '"vmap: inAxes has 3 entries but f takes 2 parameters"'.`,
    ]);
  });

  it('an unknown key and a short inner tuple are named too', () => {
    expect(messages.badKey).toEqual([
      `Type 'number' is not assignable to type '"vmap: c is not a key of the value this axis spec stands for"'.`,
    ]);
    expect(messages.innerTuple!.join('\n')).toContain('vmap: this axis spec has 1 entry but the tuple it stands for has 2 elements');
  });

  it('specs that fit compile cleanly', () => {
    expect(messages.fits).toEqual([]);
  });

  it('the message types themselves', () => {
    expectTypeOf<
      InAxesFor<[NDArray, NDArray], readonly [0, 0, 0]>
    >().toEqualTypeOf<'vmap: inAxes has 3 entries but f takes 2 parameters'>();
    expectTypeOf<InAxesFor<[NDArray, ...NDArray[]], readonly [0, 0, 0]>>().not.toBeString(); // a rest parameter takes any number
  });
});
