// Drives the VS Code workbench like a user, through headless Chromium: opens the Dart file with
// a cleartext http:// URL, checks the squiggle and the Problems panel, presses Ctrl+. and Enter
// on the URL, saves, and checks the file on disk and that the problem is gone. Screenshots of
// each step go to SHOT_DIR.
// Usage: node ui-drive.mjs BASE_URL WORKSPACE_FOLDER SHOT_DIR
import fs from 'node:fs';
import path from 'node:path';
import { openBrowser } from './browser.mjs';

const [baseUrl, folder, shots] = process.argv.slice(2);
const RELATIVE = 'lib/services/api_client.dart';
const FIX_TITLE = 'Replace http:// with https://';
const PROBLEM = /labs\.northwind-clinic\.example goes over cleartext HTTP/;
// Another finding that the same filter keeps, so an empty (not yet rendered) panel cannot pass.
const OTHER_PROBLEM = /usesCleartextTraffic="true" lets native code/;
const file = path.join(folder, RELATIVE);
const original = fs.readFileSync(file, 'utf8');
const lines = original.split('\n');
const line = lines.findIndex((text) => text.includes("'http://labs."));
const column = lines[line].indexOf("'http://labs.") + 2;
const expected = original.replace("'http://labs.", "'https://labs.");

const started = Date.now();
const elapsed = () => ((Date.now() - started) / 1000).toFixed(1);
const log = (...args) => console.log(`[ui ${elapsed()}s]`, ...args);
const { page, close } = await openBrowser();
const editor = page.locator('.monaco-editor .view-lines').first();
const problems = page.locator('.markers-panel');

const steps = [
  ['the file shows squiggles and the Problems panel lists the finding', async () => {
    await page.goto(`${baseUrl}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.keyboard.press('Control+P');
    await page.keyboard.type(path.basename(RELATIVE));
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await editor.waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
    await page.keyboard.press('Control+Shift+M');
    // The panel lists every file's problems; the filter keeps the ones of this check in view.
    await page.getByPlaceholder(/^Filter \(e\.g\./).fill('cleartext HTTP');
    await problems.getByText(PROBLEM).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, '1-diagnostics.png') });
  }],
  ['Ctrl+. on the URL offers the https fix first', async () => {
    const menu = page.locator('.action-widget');
    await openQuickFixMenu(menu);
    const focused = await menu.locator('.monaco-list-row.focused').first().innerText();
    if (!focused.includes(FIX_TITLE)) throw new Error(`focused action is "${focused}"`);
    await page.screenshot({ path: path.join(shots, '2-quick-fix-menu.png') });
  }],
  ['Enter then Ctrl+S writes https:// to disk', async () => {
    await page.keyboard.press('Enter');
    await editor.getByText("'https://labs.").first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+S');
    await waitForFile(expected, 15_000);
  }],
  ['the finding leaves the Problems panel', async () => {
    await problems.getByText(PROBLEM).first().waitFor({ state: 'detached', timeout: 30_000 });
    await problems.getByText(OTHER_PROBLEM).first().waitFor({ timeout: 30_000 });
    const left = await problems.getByText(PROBLEM).count();
    if (left > 0) throw new Error(`the Problems panel still lists the finding ${left} time(s)`);
    await page.screenshot({ path: path.join(shots, '3-after-fix.png') });
  }],
];

let passed = 0;
try {
  for (const [name, step] of steps) {
    await step();
    passed++;
    log(`ok - ${name}`);
  }
} catch (error) {
  log(`not ok - ${steps[passed][0]}: ${String(error.message).split('\n')[0]}`);
  await page.screenshot({ path: path.join(shots, 'failure.png') }).catch(() => {});
} finally {
  await close();
}
const failed = steps.length - passed;
console.log(`ui: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/**
 * Puts the cursor on the URL and presses Ctrl+. until the menu lists the fix. A view that opens
 * late (the chat view of newer VS Code, for example) can take the focus from the editor, and
 * then Ctrl+. does nothing, so it tries three times.
 */
async function openQuickFixMenu(menu) {
  for (let attempt = 1; ; attempt++) {
    await editor.click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type(`${line + 1}:${column}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+.');
    try {
      await menu.getByText(FIX_TITLE).first().waitFor({ timeout: 15_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      log(`quick-fix menu not shown (attempt ${attempt}), trying again`);
      await page.keyboard.press('Escape');
    }
  }
}

/** Waits for the saved file to contain `text`, checking whenever the file changes. */
function waitForFile(text, timeoutMs) {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (fs.readFileSync(file, 'utf8') !== text) return;
      clearTimeout(timer);
      watcher.close();
      resolve();
    };
    const watcher = fs.watch(path.dirname(file), check);
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error('the file on disk did not get the fix'));
    }, timeoutMs);
    check();
  });
}
