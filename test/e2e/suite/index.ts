/**
 * The module VS Code loads as `--extensionTestsPath` (the shape `@vscode/test-electron` uses):
 * `run()` runs the mocha files next to it inside the extension host.
 */
import * as path from 'path';
import Mocha from 'mocha';

const FILES = [
  'activation.test.js',
  'diagnostics.test.js',
  'editing.test.js',
  'files.test.js',
  'commands.test.js',
];

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const file of FILES) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // exthost-tests.mjs reads this line from the console that the window forwards.
      console.log(`E2E-RESULT passed=${runner.stats?.passes ?? 0} failed=${failures}`);
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else resolve();
    });
  });
}
