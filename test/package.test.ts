/**
 * Packaging: `npm run build` emits ESM + .d.ts to dist/, `npm pack` ships only dist, README and
 * LICENSE, and a scratch project that installs the tarball (offline, from the npm cache) imports both
 * entry points with plain node and type-checks against the shipped declarations (NodeNext).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const sh = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const scratch = mkdtempSync(join(tmpdir(), 'vmap-ts-package-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Whether properties/index.ts re-exports the oracle yet (the line is added by the owner of that file). */
const oracleExported = readFileSync(join(root, 'properties/index.ts'), 'utf8').includes("'./oracle'");

const consumerJs = `
import { np, vmap, vmapWith, grad } from 'vmap-ts';
import * as props from 'vmap-ts/properties';
import fc from 'fast-check';
const vv = (x, y) => np.vdot(x, y);
const mm = vmap(vmap(vv, { inAxes: [0, null] }), { inAxes: [null, 1], outAxes: 1 });
console.log('mm ' + JSON.stringify(mm(np.reshape(np.arange(6), [2, 3]), np.reshape(np.arange(12), [3, 4])).toArray()));
console.log('grad ' + JSON.stringify(vmapWith()(grad((x) => np.sum(np.square(x))))(np.ones([2, 3])).toArray()));
console.log('host ok ' + (props.bitEqual(props.host([1], 'float64', [1]), props.host([1], 'float64', [1])) === null));
if (${oracleExported}) {
  fc.assert(props.vmapLaw((x) => np.cumsum(x, 0), [props.ndarrayArb([3])], { inAxes: 'random', outAxes: 'random' }), { numRuns: 20 });
  console.log('oracle ok');
}
`;

const consumerTs = `
import { np, vmap, type NDArray } from 'vmap-ts';
import { bitEqual, type HostArray } from 'vmap-ts/properties';
const vv = (x: NDArray, y: NDArray) => np.vdot(x, y);
export const mv: (x: NDArray, y: NDArray) => NDArray = vmap(vv, { inAxes: [0, null] });
// @ts-expect-error -- the declarations carry the typed inAxes (vv takes two arguments)
vmap(vv, { inAxes: [0] });
export const same = (a: HostArray): string | null => bitEqual(a, a);
${
  oracleExported
    ? `import { batchedEquals, ndarrayArb } from 'vmap-ts/properties';
export const prop = batchedEquals((xs: NDArray, y: NDArray) => np.matmul(xs, y), vv, [ndarrayArb([3]), ndarrayArb([3])], { inAxes: [0, null] });`
    : ''
}
`;

describe('the package', () => {
  let tarball = '';

  it('builds ESM and declarations to dist/', () => {
    sh(npm, ['run', 'build', '--silent'], root);
    const index = readFileSync(join(root, 'dist/lib/index.js'), 'utf8');
    expect(index).toMatch(/from '\.\/transforms\/vmap\.js'/);
    expect(readFileSync(join(root, 'dist/lib/index.d.ts'), 'utf8')).toMatch(/export \{ vmap/);
    expect(readFileSync(join(root, 'dist/properties/index.d.ts'), 'utf8')).toMatch(/ from '\.\/laws\.js'/);
  });

  it('packs only dist, README, LICENSE (and package.json)', () => {
    const out = sh(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], root);
    const [info] = JSON.parse(out.slice(out.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    tarball = join(scratch, info!.filename);
    const paths = info!.files.map((f) => f.path);
    expect(paths.filter((p) => !p.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
    expect(paths).toContain('dist/lib/index.js');
    expect(paths).toContain('dist/properties/index.d.ts');
    expect(paths.some((p) => p.endsWith('.test.js') || (p.endsWith('.ts') && !p.endsWith('.d.ts')))).toBe(false);
  });

  it('installs from the tarball and both entry points work with plain node and NodeNext types', () => {
    const project = join(scratch, 'consumer');
    sh('mkdir', ['-p', project], scratch);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const fcVersion = (JSON.parse(readFileSync(join(root, 'node_modules/fast-check/package.json'), 'utf8')) as { version: string }).version;
    const install = (mode: string) =>
      sh(npm, ['install', mode, '--no-audit', '--no-fund', '--no-package-lock', tarball, `fast-check@${fcVersion}`], project);
    try {
      install('--offline');
    } catch {
      install('--prefer-offline'); // a dependency missing from the cache: fetch it
    }
    writeFileSync(join(project, 'main.mjs'), consumerJs);
    const out = sh(process.execPath, ['main.mjs'], project);
    expect(out).toContain('mm [[20,23,26,29],[56,68,80,92]]');
    expect(out).toContain('grad [[2,2,2],[2,2,2]]');
    expect(out).toContain('host ok true');
    if (oracleExported) expect(out).toContain('oracle ok');

    writeFileSync(join(project, 'main.ts'), consumerTs);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['main.ts'],
      }),
    );
    sh(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
  });
}, 120_000);
