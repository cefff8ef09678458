/** `--fix`: applies the safe fixes of a scan to the files on disk. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyChangesToTexts, mergeFixes, safeFixesOf } from '../engine/fixes/apply';
import type { Finding, Fix } from '../engine/types';

export interface AppliedFix {
  /** The file the finding is in. */
  path: string;
  ruleId: string;
  title: string;
}

export interface FixRound {
  applied: AppliedFix[];
  /** Files written, created ones included. */
  written: string[];
  /** Safe fixes left out because they change a file outside the scanned roots. */
  outsideRoots: AppliedFix[];
}

/**
 * Applies every safe fix of the findings that fits with the others (see `mergeFixes`) and
 * writes the changed files. A fix that would touch a file outside `roots` is not applied.
 */
export function applySafeFixes(findings: Finding[], roots: string[]): FixRound {
  const owners = new Map<Fix, Finding>();
  for (const finding of findings) {
    for (const fix of finding.fixes) owners.set(fix, finding);
  }
  const outsideRoots: AppliedFix[] = [];
  const allowed = safeFixesOf(findings).filter((fix) => {
    if (fix.changes.every((change) => insideRoots(change.path, roots))) return true;
    outsideRoots.push(describe(fix, owners));
    return false;
  });
  const { changes, taken } = mergeFixes(allowed);
  const texts = applyChangesToTexts(changes, readIfExists);
  for (const [filePath, text] of texts) {
    mkdirSync(path.dirname(filePath), { recursive: true });
    writeFileSync(filePath, text);
  }
  return {
    applied: taken.map((fix) => describe(fix, owners)),
    written: [...texts.keys()],
    outsideRoots,
  };
}

function describe(fix: Fix, owners: Map<Fix, Finding>): AppliedFix {
  const finding = owners.get(fix)!;
  return { path: finding.path, ruleId: finding.ruleId, title: fix.title };
}

function insideRoots(filePath: string, roots: string[]): boolean {
  return roots.some((root) => {
    const relative = path.relative(root, filePath);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
}

function readIfExists(filePath: string): string | undefined {
  return existsSync(filePath) ? readFileSync(filePath, 'utf8') : undefined;
}

/** Lines for standard error that name each applied fix: file, rule id and fix title. */
export function describeFixes(round: FixRound, baseDir: string): string[] {
  const where = (p: string) => path.relative(baseDir, p) || p;
  const lines = round.applied.map(
    (fix) => `phi-guard: fixed ${where(fix.path)}: ${fix.ruleId}: ${fix.title}`,
  );
  for (const fix of round.outsideRoots) {
    lines.push(
      `phi-guard: not fixed ${where(fix.path)}: ${fix.ruleId}: ${fix.title} ` +
        '(it changes a file outside the scanned paths)',
    );
  }
  return lines;
}
