// Runs the mocha suite (a module exporting run(), as --extensionTestsPath expects) inside the
// real extension host of the VS Code server. The browser only provides the window: the web
// workbench reads extensionDevelopmentPath and extensionTestsPath from its `payload` query and,
// with --enable-smoke-test-driver, calls window.codeAutomationExit(code) when run() settles.
// Usage: node exthost-tests.mjs BASE_URL EXTENSION_DIR TESTS_MODULE WORKSPACE_FOLDER
import { format } from 'node:util';
import { openBrowser } from './browser.mjs';

const [baseUrl, extensionDir, testsModule, folder] = process.argv.slice(2);
const TIMEOUT_MS = 420_000;
const NOISE = new RegExp(['connection token', 'Creating a socket', 'Ignoring fetching',
  'Service Worker', 'Failed to load resource', 'same-origin', 'allow-scripts'].join('|'));
const remote = (p) => `vscode-remote://${new URL(baseUrl).host}${p}`;
const payload = [
  ['extensionDevelopmentPath', remote(extensionDir)],
  ['extensionTestsPath', remote(testsModule)],
];
const url = `${baseUrl}/?folder=${encodeURIComponent(folder)}` +
  `&payload=${encodeURIComponent(JSON.stringify(payload))}`;

const started = Date.now();
const { page, close } = await openBrowser();
let counts;
// Mocha's own lines, counted in case run() never reports (a hung extension host).
const seen = { passed: 0, failed: 0 };
page.on('console', async (message) => {
  const text = await consoleText(message);
  if (NOISE.test(text)) return;
  if (/^\s*✔ /.test(text)) seen.passed++;
  if (/^\s*\d+\) /.test(text)) seen.failed++;
  const result = /E2E-RESULT passed=(\d+) failed=(\d+)/.exec(text);
  if (result) counts = { passed: Number(result[1]), failed: Number(result[2]) };
  console.log(`[exthost] ${text.trimEnd()}`);
});
const exitCode = await new Promise((resolve) => {
  const timer = setTimeout(() => {
    console.log(`exthost: no result within ${TIMEOUT_MS / 1000} s`);
    resolve(124);
  }, TIMEOUT_MS);
  void page.exposeFunction('codeAutomationExit', (code) => {
    clearTimeout(timer);
    resolve(code);
  }).then(() => page.goto(url));
});
await close();
counts ??= { passed: seen.passed, failed: Math.max(seen.failed, 1) };
if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`exthost: exit code ${exitCode} after ${seconds} s`);
console.log(`exthost: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed === 0 && counts.passed > 0 ? 0 : 1);

/** Returns the console line as the extension host wrote it, without the %c styling. */
async function consoleText(message) {
  try {
    let args = await Promise.all(message.args().map((handle) => handle.jsonValue()));
    if (typeof args[0] === 'string' && args[0].startsWith('%c')) args = args.slice(2);
    return format(...args);
  } catch {
    return message.text();
  }
}
