// Starts Debian's headless Chromium through playwright-core (installed by setup.sh in
// $VSC_TOOLS) and aborts every request that is not for 127.0.0.1, so the workbench cannot
// reach the internet even by accident.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const tools = process.env.VSC_TOOLS ?? path.resolve('.vscode-harness');
const { chromium } = createRequire(path.join(tools, 'package.json'))('playwright-core');

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function openBrowser() {
  const profile = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: FLAGS,
  });
  const refused = new Set();
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const remote = /^(https?|wss?):$/.test(url.protocol) && url.hostname !== '127.0.0.1';
    if (!remote) return route.continue();
    refused.add(url.origin);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  async function close() {
    if (refused.size > 0) console.log(`refused non-loopback requests: ${[...refused].join(', ')}`);
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return { context, page, close };
}
