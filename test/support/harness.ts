import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { discoverFiles, Engine, type EngineOptions } from '../../server/src/engine';
import type { Finding } from '../../server/src/engine/types';

/** The fixed analysis date of the tests, so that expiry checks do not change with the calendar. */
export const TEST_TODAY = new Date('2026-12-01T00:00:00Z');

let shared: Promise<Engine> | undefined;

/** An engine with every rule, shared across a test file; call `reset` between scans. */
export async function createEngine(options: Partial<EngineOptions> = {}): Promise<Engine> {
  return Engine.create({ rules: allRules, today: TEST_TODAY, ...options });
}

/** Scans folders or files from disk and returns every finding, suppressed ones included. */
export async function scan(roots: string[], options: Partial<EngineOptions> = {}): Promise<Finding[]> {
  const own = options.dartGrammarPath !== undefined || options.configFor !== undefined;
  const engine = own ? await createEngine(options) : await (shared ??= createEngine());
  const discovery = discoverFiles(roots);
  for (const p of engine.workspace.allPaths()) engine.workspace.removePath(p);
  engine.workspace.setScanRoots(roots.map((r) => path.resolve(r)));
  for (const file of discovery.files) engine.workspace.addPath(file);
  return discovery.files.flatMap((file) => engine.analyzeFile(file).findings);
}

export interface Expectation {
  path: string;
  /** 0-based line the finding must start on. */
  line: number;
  ruleId: string;
  severity?: string;
}

const EXPECT = /expect:\s*([a-z0-9-]+)(?:\s+(error|warning|info))?/g;

/**
 * Reads `expect: rule-id [severity]` annotations from comments. An annotation on a line of its
 * own expects a finding on the next line that is not a comment; one after code on the same line
 * expects it on that line.
 */
export function readExpectations(files: string[]): Expectation[] {
  const found: Expectation[] = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split(/\r\n|\r|\n/);
    lines.forEach((text, index) => {
      for (const match of text.matchAll(EXPECT)) {
        const before = text.slice(0, match.index);
        const commentStart = before.search(/\/\/|#|<!--|\/\*/);
        if (commentStart < 0) continue;
        const ownLine = before.slice(0, commentStart).trim() === '';
        const target = ownLine ? nextCodeLine(lines, index) : index;
        found.push({ path: file, line: target, ruleId: match[1], severity: match[2] });
      }
    });
  }
  return found;
}

function nextCodeLine(lines: string[], from: number): number {
  for (let i = from + 1; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '' || /^(\/\/|#|<!--)/.test(t) || /^\/?\*/.test(t)) continue;
    return i;
  }
  return from + 1;
}

/**
 * Checks a rule's fixtures folder: every annotated finding is reported on its line (with its
 * severity when given), and the rule reports nothing that is not annotated.
 */
export async function checkRuleFixtures(ruleId: string, fixturesDir: string): Promise<void> {
  const findings = (await scan([fixturesDir])).filter((f) => f.ruleId === ruleId && !f.suppression);
  const files = discoverFiles([fixturesDir]).files;
  const expected = readExpectations(files).filter((e) => e.ruleId === ruleId);
  assert.ok(expected.length > 0, `${ruleId}: fixtures have no "expect: ${ruleId}" annotation`);
  for (const e of expected) {
    const hit = findings.find((f) => f.path === e.path && f.range.start.line === e.line);
    const where = `${path.relative(fixturesDir, e.path)}:${e.line + 1}`;
    assert.ok(hit, `${ruleId}: expected a finding at ${where}`);
    if (e.severity) assert.equal(hit.severity, e.severity, `${ruleId}: severity at ${where}`);
  }
  for (const f of findings) {
    const annotated = expected.some((e) => e.path === f.path && e.line === f.range.start.line);
    const where = `${path.relative(fixturesDir, f.path)}:${f.range.start.line + 1}`;
    assert.ok(annotated, `${ruleId}: unexpected finding at ${where}: ${f.message}`);
  }
}
