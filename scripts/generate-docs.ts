/**
 * Writes the parts of the docs that come from rule metadata: `docs/rules.md` and the rules table
 * in README.md between its generated markers. `--check` only compares and exits 1 on drift;
 * `test/unit/generated-docs.test.ts` runs the same comparison.
 * Usage: npx tsx scripts/generate-docs.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import type { Rule } from '../server/src/engine/rule-api';

const ROOT = path.resolve(__dirname, '..');
const START = '<!-- generated:rules-table start -->';
const END = '<!-- generated:rules-table end -->';

const CATEGORY_TITLES: Record<string, string> = {
  'data-at-rest': 'Data at rest',
  'side-channels': 'PHI leaving through side channels',
  transport: 'Transport',
  cryptography: 'Cryptography',
  'identity-and-access': 'Identity and access',
  'platform-and-build': 'Platform and build',
};

function ruleRow(rule: Rule): string {
  const m = rule.meta;
  const hipaa = m.hipaa.map((p) => `164.312${p}`).join(', ');
  return `| [\`${m.id}\`](rules/${m.id}/README.md) | ${m.summary} | ${m.defaultSeverity} | ${hipaa} | ${m.masvs.join(', ')} | ${m.fix} |`;
}

/** The rules table for README.md, grouped by category in catalogue order. */
export function rulesTable(rules: Rule[]): string {
  const lines = [START, ''];
  for (const [category, title] of Object.entries(CATEGORY_TITLES)) {
    const inCategory = rules.filter((r) => r.meta.category === category);
    if (inCategory.length === 0) continue;
    lines.push(`### ${title}`, '');
    lines.push('| rule | flags | severity | HIPAA | MASVS | fix |', '|---|---|---|---|---|---|');
    lines.push(...inCategory.map(ruleRow), '');
  }
  lines.push(END);
  return lines.join('\n');
}

/** `docs/rules.md`: one section per rule with every metadata field. */
export function rulesPage(rules: Rule[]): string {
  const lines = [
    '# Rule reference',
    '',
    'Generated from the metadata in `rules/*/rule.ts` by `npx tsx scripts/generate-docs.ts`.',
    '',
  ];
  for (const rule of rules) {
    const m = rule.meta;
    lines.push(`## ${m.id}`, '', m.summary, '');
    lines.push(`- Category: ${CATEGORY_TITLES[m.category] ?? m.category}`);
    lines.push(`- Default severity: ${m.defaultSeverity}`);
    lines.push(`- Files: ${m.fileKinds.join(', ')}${m.reads?.length ? `; also reads ${m.reads.join(', ')}` : ''}`);
    lines.push(`- HIPAA: ${m.hipaa.map((p) => `45 CFR 164.312${p}`).join(', ')}`);
    lines.push(`- OWASP MASVS: ${m.masvs.join(', ')}`);
    if (m.cwe.length > 0) lines.push(`- CWE: ${m.cwe.map((c) => `CWE-${c}`).join(', ')}`);
    lines.push(`- Fix: ${m.fix}`, `- Release wave: ${m.wave}`, `- Documentation: [rules/${m.id}/README.md](../rules/${m.id}/README.md)`, '');
  }
  return lines.join('\n');
}

export function withRulesTable(readme: string, rules: Rule[]): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < 0) throw new Error(`README.md lacks the markers ${START} and ${END}.`);
  return readme.slice(0, start) + rulesTable(rules) + readme.slice(end + END.length);
}

function main(): void {
  const check = process.argv.includes('--check');
  const targets = [
    { file: path.join(ROOT, 'docs/rules.md'), content: rulesPage(allRules) },
    {
      file: path.join(ROOT, 'README.md'),
      content: withRulesTable(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), allRules),
    },
  ];
  let drift = false;
  for (const target of targets) {
    let current = '';
    try {
      current = readFileSync(target.file, 'utf8');
    } catch {
      current = '';
    }
    if (current === target.content) continue;
    drift = true;
    if (check) console.error(`${path.relative(ROOT, target.file)} is out of date; run npx tsx scripts/generate-docs.ts`);
    else writeFileSync(target.file, target.content);
  }
  if (check && drift) process.exitCode = 1;
}

if (require.main === module) main();
