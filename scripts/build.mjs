// Bundles the VS Code client, the language server and the CLI with esbuild, and copies the
// WebAssembly files that web-tree-sitter loads at run time next to the bundles.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const outdir = 'dist';
mkdirSync(outdir, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['vscode'],
  // web-tree-sitter's module build finds its files through import.meta.url, which a CommonJS
  // bundle does not have; point it at the bundle's own file.
  define: { 'import.meta.url': '__bundleFileUrl' },
};
const fileUrlBanner = "const __bundleFileUrl = require('url').pathToFileURL(__filename).href;";

const entries = [
  { in: 'client/src/extension.ts', out: 'extension.js' },
  { in: 'server/src/server.ts', out: 'server.js' },
  // The server starts workspace scan workers from this file, which must sit next to server.js.
  { in: 'server/src/lsp/scan-worker.ts', out: 'scan-worker.js' },
  { in: 'server/src/cli/main.ts', out: 'cli.js', banner: '#!/usr/bin/env node' },
];

const written = [];
for (const entry of entries) {
  if (!existsSync(entry.in)) {
    console.warn(`build: skipped ${entry.in} (not present)`);
    continue;
  }
  await build({
    ...common,
    entryPoints: [entry.in],
    outfile: path.join(outdir, entry.out),
    banner: { js: [entry.banner, fileUrlBanner].filter(Boolean).join('\n') },
  });
  written.push(entry.out);
}
if (existsSync(path.join(outdir, 'cli.js'))) chmodSync(path.join(outdir, 'cli.js'), 0o755);

copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), path.join(outdir, 'tree-sitter.wasm'));
copyFileSync(
  require.resolve('tree-sitter-wasms/out/tree-sitter-dart.wasm'),
  path.join(outdir, 'tree-sitter-dart.wasm'),
);
console.log(`build: wrote ${written.join(', ')} and the grammar wasm files to ${outdir}/`);
