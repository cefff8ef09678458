import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { Engine, Finding, Position } from '../engine';
import type { RuleMeta } from '../engine/rule-api';
import type { Analyzer } from './analysis';
import { ruleDocUrl } from './diagnostics';
import type { DocumentStore } from './documents';
import { uriToPath } from './uri';

/**
 * Rule background for the findings under the cursor: the rule's summary, why it matters (from
 * the rule's bundled README, else the finding's related notes), and the HIPAA safeguard, MASVS
 * control and CWE it maps to.
 */
export function provideHover(
  params: HoverParams,
  deps: { engine: Engine; analyzer: Analyzer; documents: DocumentStore },
): Hover | null {
  const filePath = uriToPath(params.textDocument.uri);
  const stored = filePath ? deps.analyzer.result(filePath) : undefined;
  if (!stored) return null;
  const openVersion = deps.documents.get(params.textDocument.uri)?.version ?? null;
  if (stored.version !== openVersion) return null;
  const findings = stored.result.findings.filter(
    (finding) => !finding.suppression && contains(finding, params.position),
  );
  if (findings.length === 0) return null;
  const metas = new Map(deps.engine.ruleList().map((rule) => [rule.meta.id, rule.meta]));
  const sections = findings.map((finding) => describe(finding, metas.get(finding.ruleId)));
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    range: findings[0].range,
  };
}

function contains(finding: Finding, position: Position): boolean {
  const { start, end } = finding.range;
  const afterStart =
    position.line > start.line ||
    (position.line === start.line && position.character >= start.character);
  const beforeEnd =
    position.line < end.line || (position.line === end.line && position.character <= end.character);
  return afterStart && beforeEnd;
}

function describe(finding: Finding, meta: RuleMeta | undefined): string {
  const lines = [`**${finding.ruleId}**: ${meta?.summary ?? finding.message}`];
  const why = whyItMatters(finding.ruleId) ?? finding.related.map((r) => r.message).join(' ');
  if (why) lines.push(`**Why it matters:** ${why}`);
  if (meta) lines.push(mappings(meta));
  lines.push(`[Rule documentation](${ruleDocUrl(finding.ruleId)})`);
  return lines.join('\n\n');
}

function mappings(meta: RuleMeta): string {
  const parts: string[] = [];
  if (meta.hipaa.length > 0) {
    parts.push(`HIPAA: ${meta.hipaa.map((p) => `45 CFR 164.312${p}`).join(', ')}`);
  }
  if (meta.masvs.length > 0) parts.push(`MASVS: ${meta.masvs.join(', ')}`);
  if (meta.cwe.length > 0) parts.push(`CWE: ${meta.cwe.map((id) => `CWE-${id}`).join(', ')}`);
  return parts.join(' · ');
}

const whyCache = new Map<string, string | undefined>();

/** Returns the first paragraph under "Why it matters" in the rule's README, if shipped. */
function whyItMatters(ruleId: string): string | undefined {
  if (whyCache.has(ruleId)) return whyCache.get(ruleId);
  let why: string | undefined;
  for (const dir of rulesDirectories()) {
    try {
      why = firstParagraphAfter(readFileSync(path.join(dir, ruleId, 'README.md'), 'utf8'));
      break;
    } catch {
      // The README is not in this folder; try the next candidate.
    }
  }
  whyCache.set(ruleId, why);
  return why;
}

/** `rules/` next to the bundled `dist/`, or at the repository root when run from source. */
function rulesDirectories(): string[] {
  return [
    path.resolve(__dirname, '..', 'rules'),
    path.resolve(__dirname, '..', '..', '..', 'rules'),
  ];
}

function firstParagraphAfter(markdown: string): string | undefined {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => /^##\s+Why it matters/i.test(line));
  if (start < 0) return undefined;
  const paragraph: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#') || (line.trim() === '' && paragraph.length > 0)) break;
    if (line.trim() !== '') paragraph.push(line.trim());
  }
  return paragraph.length > 0 ? paragraph.join(' ') : undefined;
}
