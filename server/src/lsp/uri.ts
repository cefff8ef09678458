import { fileURLToPath, pathToFileURL } from 'node:url';
import { normalizePath } from '../engine';

/** Returns the absolute path of a `file:` URI with forward slashes, or undefined otherwise. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return normalizePath(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}

/**
 * Remembers the URI spelling the client used for each path, so that diagnostics go back under
 * the same URI (clients differ in how they escape characters such as `:` or spaces).
 */
export class UriMap {
  private readonly byPath = new Map<string, string>();

  remember(uri: string, filePath: string): void {
    this.byPath.set(filePath, uri);
  }

  uriOf(filePath: string): string {
    return this.byPath.get(filePath) ?? pathToUri(filePath);
  }
}
