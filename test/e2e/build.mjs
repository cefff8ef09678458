// Bundles the end-to-end suite into dist/test/e2e/: one CommonJS file per suite module, so that
// mocha can require each test file after it has set up its `suite`/`test` globals. `vscode` is
// provided by the extension host and mocha is loaded from node_modules.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const suite = path.join(root, 'test/e2e/suite');
const entryPoints = readdirSync(suite)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => path.join(suite, name));

await build({
  entryPoints,
  outdir: path.join(root, 'dist/test/e2e'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
console.log(`e2e build: ${entryPoints.length} modules in dist/test/e2e/`);
