import { statSync } from 'node:fs';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  WatchKind,
  type Connection,
  type FileOperationRegistrationOptions,
} from 'vscode-languageserver';
import { discoverFiles } from '../engine';
import type { ChangeTracker } from './changes';
import type { Logger } from './log';
import { uriToPath } from './uri';

/** Every file name the engine can read; folders are watched for deletion only. */
const CANDIDATE_GLOB = '**/*.{dart,xml,plist,entitlements,gradle,kts,yaml,lock,kt,java,swift}';

/** The `workspace.fileOperations` capability: renames, deletes and creates of files and folders. */
export const FILE_OPERATIONS: FileOperationRegistrationOptions = {
  filters: [{ scheme: 'file', pattern: { glob: '**/*' } }],
};

/** Routes watched-file events and editor file operations to the change tracker. */
export function listenToFileEvents(
  connection: Connection,
  tracker: ChangeTracker,
  logger: Logger,
  inWorkspace: (filePath: string) => boolean = () => true,
): void {
  const created = (t: ChangeTracker, filePath: string) => createdIn(t, filePath, inWorkspace);
  connection.onDidChangeWatchedFiles((params) => {
    guard(logger, 'didChangeWatchedFiles', () => {
      for (const change of params.changes) {
        const filePath = uriToPath(change.uri);
        if (!filePath) continue;
        if (change.type === FileChangeType.Deleted) tracker.deleted(filePath);
        else created(tracker, filePath);
      }
    });
  });
  connection.workspace.onDidDeleteFiles((params) => {
    guard(logger, 'didDeleteFiles', () => forEachPath(params.files, (p) => tracker.deleted(p)));
  });
  connection.workspace.onDidCreateFiles((params) => {
    guard(logger, 'didCreateFiles', () => forEachPath(params.files, (p) => created(tracker, p)));
  });
  connection.workspace.onDidRenameFiles((params) => {
    guard(logger, 'didRenameFiles', () => {
      forEachPath(
        params.files.map((f) => ({ uri: f.oldUri })),
        (p) => tracker.deleted(p),
      );
      forEachPath(
        params.files.map((f) => ({ uri: f.newUri })),
        (p) => created(tracker, p),
      );
    });
  });
}

/** Asks the client to watch the candidate files, when it lets servers register watchers. */
export async function registerWatchers(connection: Connection, logger: Logger): Promise<void> {
  try {
    await connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: CANDIDATE_GLOB }, { globPattern: '**/*', kind: WatchKind.Delete }],
    });
  } catch (error) {
    logger.error('Registering file watchers failed; disk changes are picked up on rescan', error);
  }
}

/**
 * Analyses a created file, or every file below a created folder (a rename or a restore). A
 * folder outside the workspace folders is ignored: an event for `/` would otherwise walk the
 * whole disk on the main thread.
 */
function createdIn(
  tracker: ChangeTracker,
  filePath: string,
  inWorkspace: (filePath: string) => boolean,
): void {
  let isFolder = false;
  try {
    isFolder = statSync(filePath).isDirectory();
  } catch {
    return;
  }
  if (isFolder && !inWorkspace(filePath)) return;
  const files = isFolder ? discoverFiles([filePath]).files : [filePath];
  for (const file of files) tracker.diskChanged(file);
}

function forEachPath(files: Array<{ uri: string }>, action: (filePath: string) => void): void {
  for (const file of files) {
    const filePath = uriToPath(file.uri);
    if (filePath) action(filePath);
  }
}

function guard(logger: Logger, event: string, action: () => void): void {
  try {
    action();
  } catch (error) {
    logger.error(`Handling ${event} failed`, error);
  }
}
