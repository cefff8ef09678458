// Opens the evidence report of examples/clinic_app in headless Chromium and fails when the page
// logs a console error, throws, requests anything but its own file, or lacks a section. It also
// saves the screenshot used in the docs. Not part of `npm test`, because it needs a browser.
//
// Usage: npm run build && node scripts/check-report.mjs [--screenshot FILE]
// Needs Debian's `chromium` (or CHROMIUM=/path) and playwright-core, from node_modules or from
// .vscode-harness/node_modules (or PLAYWRIGHT_CORE=/path/to/playwright-core).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SECTIONS = [
  'Summary',
  'Findings by HIPAA safeguard',
  'Findings by MASVS control',
  'Suppressions',
  'Rules',
  'Configuration in force',
];

function loadPlaywright() {
  const require = createRequire(import.meta.url);
  const candidates = [
    process.env.PLAYWRIGHT_CORE,
    'playwright-core',
    path.join(ROOT, '.vscode-harness/node_modules/playwright-core'),
  ].filter(Boolean);
  for (const candidate of candidates) {
    try {
      return require(candidate);
    } catch {
      // Try the next location.
    }
  }
  throw new Error(`playwright-core not found; tried ${candidates.join(', ')}.`);
}

function writeReport(folder) {
  const file = path.join(folder, 'evidence-report.html');
  const cli = path.join(ROOT, 'dist/cli.js');
  const args = [cli, 'report', '--output', file, path.join(ROOT, 'examples/clinic_app')];
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  return file;
}

async function checkPage(browserContext, reportUrl, screenshot) {
  const problems = [];
  const page = await browserContext.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (request.url() !== reportUrl) problems.push(`unexpected request: ${request.url()}`);
  });
  await page.goto(reportUrl, { waitUntil: 'load' });
  const headings = await page.locator('h2').allTextContents();
  for (const section of SECTIONS) {
    if (!headings.includes(section)) problems.push(`missing section: ${section}`);
  }
  if ((await page.locator('svg.chart rect').count()) === 0) problems.push('the chart has no bars');
  await page.screenshot({ path: screenshot });
  return problems;
}

async function main() {
  const screenshotArg = process.argv.indexOf('--screenshot');
  const screenshot =
    screenshotArg > 0
      ? path.resolve(process.argv[screenshotArg + 1])
      : path.join(ROOT, 'docs/images/evidence-report.png');
  const { chromium } = loadPlaywright();
  const scratch = mkdtempSync(path.join(tmpdir(), 'phi-guard-report-check-'));
  const userDataDir = path.join(scratch, 'profile');
  let context;
  try {
    const reportUrl = pathToFileURL(writeReport(scratch)).href;
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 1500 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const problems = await checkPage(context, reportUrl, screenshot);
    for (const problem of problems) console.error(`check-report: ${problem}`);
    if (problems.length > 0) process.exitCode = 1;
    else console.log(`check-report: no console errors; screenshot saved to ${screenshot}`);
  } finally {
    await context?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
