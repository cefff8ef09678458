/**
 * Reads the commit of the git checkout that holds the scanned folder, straight from the files
 * under `.git`, so the report runs no program and works where git is not installed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export interface GitState {
  /** The checkout's top folder. */
  root: string;
  /** Full object id of HEAD; undefined on a branch with no commit yet. */
  commit?: string;
  /** The branch, such as `refs/heads/main`; undefined for a detached HEAD. */
  ref?: string;
  /** The git folder (`.git`, or where a worktree's `.git` file points). */
  gitDir: string;
}

const OBJECT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
/** A ref name as git writes it in HEAD; rejects `..` so the ref cannot leave the git folder. */
const REF_NAME = /^refs\/(?!.*\.\.)[A-Za-z0-9._/-]+$/;

/** Returns the git state of the checkout containing `folder`, or undefined outside one. */
export function readGitState(folder: string): GitState | undefined {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    if (existsSync(dotGit)) return readCheckout(dir, dotGit);
    if (path.dirname(dir) === dir) return undefined;
  }
}

function readCheckout(root: string, dotGit: string): GitState | undefined {
  const gitDir = resolveGitDir(dotGit);
  if (!gitDir) return undefined;
  const head = readTrimmed(path.join(gitDir, 'HEAD'));
  if (head === undefined) return undefined;
  if (OBJECT_ID.test(head)) return { root, gitDir, commit: head };
  const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  if (!ref || !REF_NAME.test(ref)) return { root, gitDir };
  return { root, gitDir, ref, commit: resolveRef(gitDir, ref) };
}

/** A worktree or submodule has a `.git` file that points at its git folder. */
function resolveGitDir(dotGit: string): string | undefined {
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
  } catch {
    return undefined;
  }
  const pointer = /^gitdir:\s*(.+)$/m.exec(readTrimmed(dotGit) ?? '')?.[1];
  return pointer ? path.resolve(path.dirname(dotGit), pointer.trim()) : undefined;
}

/** Looks up a ref as a loose file, then in packed-refs, in the worktree's and common folder. */
function resolveRef(gitDir: string, ref: string): string | undefined {
  const common = readTrimmed(path.join(gitDir, 'commondir'));
  const folders = common ? [gitDir, path.resolve(gitDir, common)] : [gitDir];
  for (const folder of folders) {
    const loose = readTrimmed(path.join(folder, ref));
    if (loose && OBJECT_ID.test(loose)) return loose;
  }
  for (const folder of folders) {
    const packed = readTrimmed(path.join(folder, 'packed-refs')) ?? '';
    for (const line of packed.split('\n')) {
      const [id, name] = line.trim().split(/\s+/);
      if (name === ref && OBJECT_ID.test(id)) return id;
    }
  }
  return undefined;
}

function readTrimmed(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}
