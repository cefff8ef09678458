import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { compareWithIndex, readIndex } from '../../server/src/cli/evidence/git-index';

function git(cwd: string, ...args: string[]): void {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  const result = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd,
    env,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
}

/** Creates a checkout with two committed files and returns its folder and files. */
function checkout(): { root: string; files: string[] } {
  const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-git-'));
  git(root, 'init', '-q');
  writeFileSync(path.join(root, 'a.dart'), 'void main() {}\n');
  writeFileSync(path.join(root, 'b.xml'), '<manifest/>\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'first');
  return { root, files: ['a.dart', 'b.xml'].map((name) => path.join(root, name)) };
}

test('scanned files that match the index count as unchanged', () => {
  const { root, files } = checkout();
  const state = compareWithIndex(root, path.join(root, '.git'), files);
  assert.deepEqual(state, { changed: [], untracked: [] });
});

test('an edited file and a new file are told apart', () => {
  const { root, files } = checkout();
  writeFileSync(files[0], 'void main() { print(1); }\n');
  const extra = path.join(root, 'c.dart');
  writeFileSync(extra, '');
  const state = compareWithIndex(root, path.join(root, '.git'), [...files, extra]);
  assert.deepEqual(state, { changed: ['a.dart'], untracked: ['c.dart'] });
});

test('CRLF written by autocrlf over an LF blob is not a change', () => {
  const { root, files } = checkout();
  writeFileSync(files[0], 'void main() {}\r\n');
  const state = compareWithIndex(root, path.join(root, '.git'), files);
  assert.deepEqual(state, { changed: [], untracked: [] });
});

test('an index format that is not read gives no answer', () => {
  const { root } = checkout();
  git(root, 'update-index', '--index-version', '4');
  assert.equal(readIndex(path.join(root, '.git', 'index')), undefined);
  assert.equal(compareWithIndex(root, path.join(root, '.git'), []), undefined);
});

test('a version 3 index with extended flags is read past them', () => {
  const { root, files } = checkout();
  const intended = path.join(root, 'c.dart');
  writeFileSync(intended, 'void later() {}\n');
  // `git add -N` marks the file as intended to add, an extended flag of a version 3 index.
  git(root, 'add', '-N', 'c.dart');
  const entries = readIndex(path.join(root, '.git', 'index'));
  assert.deepEqual([...(entries?.keys() ?? [])].sort(), ['a.dart', 'b.xml', 'c.dart']);
  const state = compareWithIndex(root, path.join(root, '.git'), [...files, intended]);
  assert.deepEqual(state, { changed: ['c.dart'], untracked: [] });
});
