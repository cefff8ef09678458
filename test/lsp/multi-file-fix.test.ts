/**
 * A quick fix that creates a file and edits pubspec.yaml, applied through the bundled server
 * (`npm run build` first) the way an editor applies a code action's workspace edit.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type {
  CodeAction,
  CreateFile,
  Diagnostic,
  TextDocumentEdit,
} from 'vscode-languageserver';
import { VAULT_SOURCE } from '../../server/src/engine/fixes/vault';
import { assertWellFormed } from '../support/fix-checks';
import { applyEdits, TestClient, uriOf, writeProjectFile } from './lsp-client';

const RULE = 'phi-in-unencrypted-database';
const TITLE = 'Add encryptionCipher: HiveAesCipher with a key from PhiVault';
const PUBSPEC = 'name: clinic\n\ndependencies:\n  # Offline storage.\n  hive: ^2.2.3\n';
const LABS = [
  "import 'package:hive/hive.dart';",
  '',
  'Future<void> openLabResults() async {',
  "  await Hive.openBox('lab_results');",
  '}',
  '',
].join('\n');

const write = writeProjectFile;

async function vaultAction(client: TestClient, file: string, diagnostic: Diagnostic) {
  const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: uriOf(file) },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
  return actions.find((action) => action.title === TITLE);
}

describe('multi-file quick fix', () => {
  let root: string;
  let labs: string;
  let pubspec: string;
  let client: TestClient;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'phi-guard-multi-file-'));
    pubspec = write(root, 'pubspec.yaml', PUBSPEC);
    labs = write(root, 'lib/labs.dart', LABS);
    client = TestClient.start();
    await client.initialize([root]);
    await client.open(labs, LABS, 'dart', 1);
  });

  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('code action creates the helper and edits pubspec.yaml', async () => {
    const hasRule = (l: Diagnostic[]) => l.some((d) => d.code === RULE);
    const list = await client.waitForDiagnostics(labs, hasRule, '', 1);
    const action = await vaultAction(client, labs, list.find((d) => d.code === RULE)!);
    assert.ok(action?.edit?.documentChanges, 'a code action with document changes');
    const changes = action.edit.documentChanges;
    const helper = path.join(root, 'lib/security/phi_vault.dart');
    const create = changes.find((c) => 'kind' in c && c.kind === 'create') as CreateFile;
    assert.equal(create.uri, uriOf(helper));
    const edits = changes.filter((c) => !('kind' in c)) as TextDocumentEdit[];
    const byUri = new Map(edits.map((e) => [e.textDocument.uri, e]));
    assert.equal(byUri.get(uriOf(labs))?.textDocument.version, 1, 'edit carries the version');
    assert.equal(byUri.get(uriOf(pubspec))?.textDocument.version, null);

    // Apply the edit as the editor would: create, then edit each document.
    const applied: Record<string, string> = {
      'lib/security/phi_vault.dart': applyEdits('', byUri.get(uriOf(helper))!.edits),
      'pubspec.yaml': applyEdits(readFileSync(pubspec, 'utf8'), byUri.get(uriOf(pubspec))!.edits),
      'lib/labs.dart': applyEdits(LABS, byUri.get(uriOf(labs))!.edits),
    };
    assert.equal(applied['lib/security/phi_vault.dart'], VAULT_SOURCE);
    assert.equal(
      applied['pubspec.yaml'],
      'name: clinic\n\ndependencies:\n  cryptography: ^2.7.0\n  flutter_secure_storage: ^9.2.2\n' +
        '  # Offline storage.\n  hive: ^2.2.3\n',
    );
    await assertWellFormed(applied);

    write(root, 'lib/security/phi_vault.dart', applied['lib/security/phi_vault.dart']);
    write(root, 'pubspec.yaml', applied['pubspec.yaml']);
    await client.change(labs, 2, [{ text: applied['lib/labs.dart'] }]);
    await client.waitForDiagnostics(labs, (l) => !l.some((d) => d.code === RULE), 'fixed', 2);
  });

  test('request for an outdated version gets no edit', async () => {
    await client.change(labs, 3, [{ text: LABS }]);
    const hasRule = (l: Diagnostic[]) => l.some((d) => d.code === RULE);
    const list = await client.waitForDiagnostics(labs, hasRule, '', 3);
    const stale = list.find((d) => d.code === RULE)!;
    await client.change(labs, 4, [{ text: `// Lab results.\n${LABS}` }]);
    const action = await vaultAction(client, labs, stale);
    assert.equal(action, undefined, 'no fix for a document that moved on');
  });
});
