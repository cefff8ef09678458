/**
 * The client's crash limit, run without VS Code: the `vscode` module is replaced by a stub
 * that records error notifications.
 */
import assert from 'node:assert/strict';
import Module from 'node:module';
import { test } from 'node:test';

const shown: string[] = [];
const showErrorMessage = async (message: string) => {
  shown.push(message);
  return undefined;
};
/**
 * Stands for every other export of `vscode`, including the classes that the language client
 * library extends when it loads.
 */
const stubTarget = Object.assign(function () {}, { window: { showErrorMessage } });
const anything: unknown = new Proxy(stubTarget, {
  get: (target, key) => (key in target ? Reflect.get(target, key) : anything),
  construct: () => ({}),
});
const vscodeStub = anything;
const moduleWithLoad = Module as unknown as {
  _load: (request: string, ...rest: unknown[]) => unknown;
};
const load = moduleWithLoad._load;
moduleWithLoad._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? vscodeStub : load.call(this, request, ...rest);
};
const { CrashLimitErrorHandler } =
  require('../../client/src/error-handler') as typeof import('../../client/src/error-handler');
const { CloseAction, ErrorAction } =
  require('vscode-languageclient/node') as typeof import('vscode-languageclient/node');

function fakeOutput() {
  const lines: string[] = [];
  const record = (line: string) => void lines.push(line);
  return { lines, channel: { error: record, warn: record, info: record, show: () => {} } };
}

test('crash limit stops restarting', () => {
  let now = 0;
  const output = fakeOutput();
  const handler = new CrashLimitErrorHandler(output.channel as never, () => now);
  const actions = [0, 1, 2, 3].map(() => {
    now += 1000;
    return handler.closed().action;
  });
  assert.deepEqual(actions, [
    CloseAction.Restart,
    CloseAction.Restart,
    CloseAction.Restart,
    CloseAction.DoNotRestart,
  ]);
  assert.equal(shown.length, 1, 'one error notification');
});

test('crashes far apart keep restarting', () => {
  let now = 0;
  const handler = new CrashLimitErrorHandler(fakeOutput().channel as never, () => now);
  for (let crash = 0; crash < 6; crash++) {
    now += 2 * 60 * 1000;
    assert.equal(handler.closed().action, CloseAction.Restart, `crash ${crash}`);
  }
});

test('reset starts a fresh count', () => {
  let now = 0;
  const handler = new CrashLimitErrorHandler(fakeOutput().channel as never, () => now);
  for (let crash = 0; crash < 3; crash++) handler.closed();
  handler.reset();
  now += 1;
  assert.equal(handler.closed().action, CloseAction.Restart);
});

test('repeated connection errors shut down', () => {
  const handler = new CrashLimitErrorHandler(fakeOutput().channel as never);
  assert.equal(handler.error(new Error('broken pipe'), undefined, 1).action, ErrorAction.Continue);
  assert.equal(handler.error(new Error('broken pipe'), undefined, 4).action, ErrorAction.Shutdown);
});
