/** Notices for rules that threw, which name the rule and the throw site but never the file text. */
import type { FileNotice } from './types';

/**
 * Builds the notice for a rule that threw. It names the error type and where it was thrown, not the
 * error message: messages such as JSON.parse's quote the text being read, which can be PHI.
 */
export function ruleCrashNotice(filePath: string, ruleId: string, error: unknown): FileNotice {
  const name = error instanceof Error ? error.name : typeof error;
  const frame = error instanceof Error ? throwSite(error) : undefined;
  const detail = frame ? `${name} at ${frame}` : name;
  return {
    path: filePath,
    code: 'rule-failed',
    severity: 'warning',
    message: `Rule ${ruleId} failed on this file (${detail}); other rules still ran. Please report it.`,
  };
}

/** Returns the rule id that a notice of `ruleCrashNotice` names, else undefined. */
export function crashedRuleOf(notice: FileNotice): string | undefined {
  if (notice.code !== 'rule-failed') return undefined;
  return /^Rule (\S+) failed on this file /.exec(notice.message)?.[1];
}

/** The function and file position of the first stack frame, without the folder. */
function throwSite(error: Error): string | undefined {
  const line = (error.stack ?? '').split('\n').find((l) => l.trim().startsWith('at '));
  const folder = /\(?(?:file:\/\/)?[^()]*[\\/]([^\\/()]+)\)?$/;
  return line?.trim().slice(3).replace(folder, '($1)');
}
