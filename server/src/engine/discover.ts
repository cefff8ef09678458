import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isCandidatePath, SKIPPED_DIRECTORIES } from './file-kind';
import { normalizePath } from './workspace';

export interface Discovery {
  files: string[];
  /** Paths that could not be listed, with the reason. */
  errors: Array<{ path: string; message: string }>;
}

export interface DiscoveryOptions {
  /** Files to leave out, such as those matching an `exclude:` glob of phi_guard.yaml. */
  isExcluded?: (filePath: string) => boolean;
}

/**
 * Lists the files below `roots` that the engine reads. Symbolic links to files are followed;
 * links to folders are not, so a link cycle cannot hang the scan. Pipes and devices are never
 * listed, because reading one can block forever.
 */
export function discoverFiles(roots: string[], options: DiscoveryOptions = {}): Discovery {
  const files: string[] = [];
  const errors: Discovery['errors'] = [];
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      errors.push({ path: dir, message: (error as Error).message });
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) visit(full);
      } else if (entry.isFile() && isCandidatePath(normalizePath(full))) {
        files.push(normalizePath(full));
      } else if (entry.isSymbolicLink() && isCandidatePath(normalizePath(full)) && isFile(full)) {
        files.push(normalizePath(full));
      }
    }
  };
  for (const root of roots) {
    const absolute = path.resolve(root);
    try {
      const stat = statSync(absolute);
      if (stat.isDirectory()) visit(absolute);
      else if (stat.isFile()) files.push(normalizePath(absolute));
      else errors.push({ path: absolute, message: 'not a regular file (a pipe or device); skipped' });
    } catch (error) {
      errors.push({ path: absolute, message: (error as Error).message });
    }
  }
  const kept = options.isExcluded ? files.filter((file) => !options.isExcluded?.(file)) : files;
  return { files: [...new Set(kept)].sort(), errors };
}

function isFile(target: string): boolean {
  try {
    return statSync(target).isFile();
  } catch {
    return false;
  }
}
