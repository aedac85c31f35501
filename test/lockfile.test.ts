/**
 * The committed package-lock.json is what npm itself writes for package.json (issue 16, point 6):
 * `npm install` on a fresh clone must leave the tree clean. npm recomputes the lockfile from the
 * two files in a scratch copy (`--package-lock-only`: no node_modules, no scripts, offline-first)
 * and the result must equal the committed one, e.g. its root entry must repeat package.json's
 * dependencies and peerDependencies.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const scratch = mkdtempSync(join(tmpdir(), 'vmap-ts-lockfile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('package-lock.json', () => {
  it('is unchanged by npm install --package-lock-only', { timeout: 180_000 }, () => {
    for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(root, f), join(scratch, f));
    execFileSync(npm, ['install', '--package-lock-only', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: scratch,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const committed = read(root, 'package-lock.json');
    const rewritten = read(scratch, 'package-lock.json');
    // the root entry first, for a readable failure; then the whole file, byte for byte
    expect(JSON.parse(rewritten).packages['']).toEqual(JSON.parse(committed).packages['']);
    expect(rewritten).toBe(committed);
  });

  it("the root entry repeats package.json's dependency fields", () => {
    const pkg = JSON.parse(read(root, 'package.json'));
    const lockRoot = JSON.parse(read(root, 'package-lock.json')).packages[''];
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'peerDependenciesMeta'])
      expect({ field, value: lockRoot[field] }).toEqual({ field, value: pkg[field] });
  });
});
