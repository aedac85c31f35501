// After `tsc -p tsconfig.build.json`: the sources import extensionless relative paths (bundler
// resolution), which plain Node ESM cannot load. Rewrite every relative specifier in dist/**/*.js and
// *.d.ts to the file it names ('./x' -> './x.js' or './x/index.js'), and copy the non-TS assets the
// library loads at run time (lib/**/*.wasm) next to the compiled modules.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));

const specifier = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;
let rewritten = 0;
for (const file of walk(dist).filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))) {
  const src = readFileSync(file, 'utf8');
  const isComment = (line) => /^\s*(\*|\/\*|\/\/)/.test(line);
  const out = src
    .split('\n')
    .map((line) =>
      isComment(line)
        ? line
        : line.replace(specifier, (whole, head, quote, spec) => {
            if (/\.(m?js|json|wasm)$/.test(spec)) return whole;
            const base = join(dirname(file), spec);
            const target = existsSync(`${base}.js`) ? `${spec}.js` : existsSync(join(base, 'index.js')) ? `${spec}/index.js` : null;
            if (target === null) throw new Error(`${relative(root, file)}: cannot resolve ${spec}`);
            rewritten++;
            return `${head}${quote}${target}${quote}`;
          }),
    )
    .join('\n');
  if (out !== src) writeFileSync(file, out);
}

let copied = 0;
for (const file of walk(join(root, 'lib')).filter((f) => f.endsWith('.wasm'))) {
  const to = join(dist, relative(root, file));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(file, to);
  copied++;
}
console.log(`dist: ${rewritten} relative specifiers made explicit, ${copied} asset(s) copied`);
