import { writeFileSync } from 'node:fs';

/** Error for an output file that could not be written; the message names the file and why. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'the folder does not exist',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

/** Writes an output file (report, baseline); turns a failure into an `OutputError`. */
export function writeOutputFile(filePath: string, content: string): void {
  try {
    writeFileSync(filePath, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const reason = REASONS[code] ?? code;
    throw new OutputError(`Cannot write ${filePath}: ${reason}; choose a writable path.`);
  }
}
