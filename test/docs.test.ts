/**
 * The TypeDoc site (issue 16, point 5): `npm run docs` names the modules after the package's entry
 * points, gives every `np`, `lax` and `random` function its own page, and documents `vmap-ts/properties` as
 * the oracle API, not the repo's law tables. TypeDoc's JSON output is checked against the runtime
 * namespaces.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lax, nn, np, random, special } from '../lib';
import * as cases from '../properties/cases';
import * as props from '../properties';

interface Reflection {
  readonly name: string;
  readonly kind: number;
  readonly children?: readonly Reflection[];
  readonly comment?: unknown;
  readonly signatures?: readonly { readonly comment?: unknown }[];
}
const NAMESPACE = 4; // TypeDoc's ReflectionKind.Namespace

const root = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'vmap-ts-docs-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

let modules: readonly Reflection[] = [];
beforeAll(() => {
  const json = join(out, 'api.json');
  execFileSync(join(root, 'node_modules', '.bin', 'typedoc'), ['--json', json, '--logLevel', 'Error'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  modules = (JSON.parse(readFileSync(json, 'utf8')) as Reflection).children ?? [];
}, 180_000);

const child = (r: Reflection | undefined, name: string) => r?.children?.find((c) => c.name === name);
const names = (r: Reflection | undefined) => (r?.children ?? []).map((c) => c.name).sort();
const documented = (r: Reflection) => JSON.stringify([r.comment ?? null, ...(r.signatures ?? []).map((s) => s.comment ?? null)]);
const functionNames = (ns: object) => Object.keys(ns).filter((k) => typeof (ns as Record<string, unknown>)[k] === 'function');

describe('the TypeDoc site', () => {
  it('names the modules after the entry points', () => {
    expect(modules.map((m) => m.name)).toEqual(['vmap-ts', 'vmap-ts/properties']);
  });

  it('gives every np, lax, random, nn and special function its own page in a namespace', () => {
    const lib = modules[0];
    for (const [name, ns] of [
      ['np', np] as const,
      ['lax', lax] as const,
      ['random', random] as const,
      ['nn', nn] as const,
      ['special', special] as const,
    ]) {
      const page = child(lib, name);
      expect({ name, kind: page?.kind }).toEqual({ name, kind: NAMESPACE });
      const missing = functionNames(ns).filter((f) => !child(page, f));
      expect({ name, missing }).toEqual({ name, missing: [] });
    }
    // np.linalg is a reference to the root's linalg namespace, which has the pages
    expect(child(child(lib, 'linalg'), 'norm')).toBeDefined();
  });

  it("shows a function's comment and example on its page", () => {
    const zerosLike = child(child(modules[0], 'np'), 'zerosLike')!;
    expect(documented(zerosLike)).toContain('Zeros of');
    expect(documented(zerosLike)).toContain('@example');
  });

  it('documents the oracle API as vmap-ts/properties, without the law tables', () => {
    const shown = names(modules[1]);
    expect(shown).toEqual(
      expect.arrayContaining([
        'vmapLaw',
        'batchedEquals',
        'vmapLawExamples',
        'batchedEqualsExamples',
        'checkOracle',
        'ndarrayArb',
        'shapeArb',
        'host',
        'bitEqual',
      ]),
    );
    for (const internal of ['npCases', 'laxCases', 'controlCases', 'FD_RTOL', 'PARAM_POOL', 'programArb', 'gradOfVmapLaw'])
      expect({ internal, shown: shown.includes(internal) }).toEqual({ internal, shown: false });
    // the site shows what the entry point exports (types aside), and the tables stay importable
    expect(functionNames(props).filter((f) => !shown.includes(f))).toEqual([]);
    expect(Object.keys(cases)).toEqual(expect.arrayContaining(['npCases', 'laxCases', 'controlCases', 'FD_RTOL', 'PARAM_POOL']));
  });
});
