/**
 * Compares scanned files with git's index, read straight from `.git/index`, so the evidence
 * report can tell whether the analysed files are those of the named commit. A file whose blob
 * id differs from its index entry is changed, and a file with no entry is untracked.
 * NOTE: staged changes are not seen, because the index matches HEAD except for them and
 * reading HEAD's tree would mean inflating git objects.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface WorkingTreeState {
  /** Scanned files whose text differs from their index entry, relative to the checkout. */
  changed: string[];
  /** Scanned files that the index does not list. */
  untracked: string[];
}

const ENTRY_FIXED_BYTES = 40;
const EXTENDED_FLAG = 0x4000;

/** Reads the blob id of every path in a version 2 or 3 index; undefined for anything else. */
export function readIndex(indexFile: string): Map<string, string> | undefined {
  let data: Buffer;
  try {
    data = readFileSync(indexFile);
  } catch {
    return undefined;
  }
  if (data.length < 12 || data.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = data.readUInt32BE(4);
  if (version !== 2 && version !== 3) return undefined;
  const count = data.readUInt32BE(8);
  // SHA-1 repositories use 20-byte ids; the trailing checksum has the same length.
  const idLength = 20;
  const entries = new Map<string, string>();
  let at = 12;
  for (let i = 0; i < count; i++) {
    const start = at;
    const idStart = at + ENTRY_FIXED_BYTES;
    const flags = data.readUInt16BE(idStart + idLength);
    let nameStart = idStart + idLength + 2;
    if (version === 3 && flags & EXTENDED_FLAG) nameStart += 2;
    const nameEnd = data.indexOf(0, nameStart);
    if (nameEnd < 0) return undefined;
    const name = data.toString('utf8', nameStart, nameEnd);
    entries.set(name, data.toString('hex', idStart, idStart + idLength));
    // Entries are padded with 1 to 8 NUL bytes to a multiple of 8 bytes.
    at = start + Math.ceil((nameEnd - start + 1) / 8) * 8;
    if (at > data.length) return undefined;
  }
  return entries;
}

/** Returns the id git gives a file's bytes as a blob. */
export function blobId(bytes: Buffer): string {
  const hash = createHash('sha1');
  hash.update(`blob ${bytes.length}\0`);
  hash.update(bytes);
  return hash.digest('hex');
}

/**
 * Compares `files` with the index of the checkout at `root` whose git folder is `gitDir`.
 * Returns undefined when the index cannot be read (a missing or newer-format index).
 */
export function compareWithIndex(
  root: string,
  gitDir: string,
  files: string[],
): WorkingTreeState | undefined {
  const index = readIndex(path.join(gitDir, 'index'));
  if (!index) return undefined;
  const state: WorkingTreeState = { changed: [], untracked: [] };
  for (const file of files) {
    const name = path.relative(root, file).split(path.sep).join('/');
    if (name.startsWith('../')) continue;
    const id = index.get(name);
    if (id === undefined) state.untracked.push(name);
    else if (!matchesBlob(file, id)) state.changed.push(name);
  }
  return state;
}

/**
 * Compares a file with a blob id, also with CRLF line breaks turned into LF, because a checkout
 * with `core.autocrlf` stores LF in the blob and writes CRLF to the file.
 */
function matchesBlob(file: string, id: string): boolean {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return false;
  }
  if (blobId(bytes) === id) return true;
  if (!bytes.includes('\r\n')) return false;
  return blobId(Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1')) === id;
}
