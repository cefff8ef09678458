/**
 * The evidence report as Markdown, for a pull request or a wiki. The chart becomes a table of
 * counts per safeguard and severity. Table cells pass through `escapeMarkdownCell`.
 */
import { escapeMarkdownCell as m } from './escape';
import { describeGit, type EvidenceModel, type FindingRow } from './model';
import { plural } from '../report';

export function evidenceMarkdown(model: EvidenceModel): string {
  return [
    ...header(model),
    ...summary(model),
    ...safeguards(model),
    ...masvs(model),
    ...suppressions(model),
    ...rules(model),
    ...configs(model),
  ].join('\n');
}

function table(headings: string[], rows: string[][]): string[] {
  return [
    `| ${headings.join(' | ')} |`,
    `|${headings.map(() => '---').join('|')}|`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
  ];
}

function code(text: string): string {
  // Backticks cannot occur in rule ids and paths are shown as written, so escape only pipes.
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

function header(model: EvidenceModel): string[] {
  const { commit, branch, changes } = describeGit(model, code);
  const complete = model.complete ? 'yes' : `no: ${m(model.errors.join('; '))}`;
  return [
    '# PHI Guard evidence report',
    '',
    'Findings of the HIPAA Security Rule technical safeguards (45 CFR 164.312) and OWASP MASVS',
    'v2 controls, with every suppression and the configuration in force. Messages name',
    'identifiers; no source code is included, but suppression reasons appear as their authors',
    'wrote them.',
    '',
    ...table(
      ['Fact', 'Value'],
      [
        ['Tool', `PHI Guard ${m(model.toolVersion)}`],
        ['Analysis date', m(model.date)],
        ['Scanned paths', model.paths.map(code).join(', ')],
        ['Git commit', `${commit}${branch}`],
        ['Scanned files changed since the commit', m(changes)],
        ['Files analysed', String(model.filesScanned)],
        ['Files skipped (not analysed)', String(model.filesSkipped)],
        ['Analysis complete', complete],
      ],
    ),
  ];
}

function summary(model: EvidenceModel): string[] {
  const t = model.totals;
  const rows = model.safeguards.map((s) => [
    `164.312${s.paragraph} ${m(s.title)}`,
    String(s.counts.error),
    String(s.counts.warning),
    String(s.counts.info),
  ]);
  return [
    '## Summary',
    '',
    `${plural(t.error, 'error')}, ${plural(t.warning, 'warning')}, ${t.info} info; ` +
      `${t.suppressed} suppressed.`,
    'Counts are unsuppressed findings; a finding whose rule serves two safeguards counts under',
    'both.',
    '',
    ...table(['Safeguard', 'Errors', 'Warnings', 'Info'], rows),
  ];
}

function findingTable(rows: FindingRow[]): string[] {
  if (rows.length === 0) return ['No findings.', ''];
  const cells = rows.map((r) => [r.severity, code(r.ruleId), code(r.location), m(r.message)]);
  return table(['Severity', 'Rule', 'Location', 'Message'], cells);
}

function safeguards(model: EvidenceModel): string[] {
  const lines = ['## Findings by HIPAA safeguard', ''];
  for (const section of model.safeguards) {
    const total = section.findings.length;
    const noun = total === 1 ? 'finding' : 'findings';
    lines.push(`### 164.312${section.paragraph} ${m(section.title)} (${total} ${noun})`, '');
    lines.push(...findingTable(section.findings));
  }
  return lines;
}

function masvs(model: EvidenceModel): string[] {
  const rows = model.masvs.map((row) => [
    code(row.control),
    m(row.group),
    row.rules.map(code).join(', '),
    String(row.counts.error),
    String(row.counts.warning),
    String(row.counts.info),
  ]);
  const headings = ['Control', 'Group', 'Rules', 'Errors', 'Warnings', 'Info'];
  return ['## Findings by MASVS control', '', ...table(headings, rows)];
}

function suppressions(model: EvidenceModel): string[] {
  const suppressed = model.suppressed.map((r) => [
    r.severity,
    code(r.ruleId),
    code(r.location),
    m(r.message),
    m(r.reason),
    m(r.expires ?? 'none'),
  ]);
  const comments = model.suppressions.map((r) => [
    code(`${r.path}:${r.line}`),
    r.status,
    r.rules.map(code).join(', ') + (r.scope === 'file' ? ' (whole file)' : ''),
    m(r.expires ?? 'none'),
    m(r.reason),
    r.problems.map(m).join(' '),
  ]);
  return [
    '## Suppressions',
    '',
    '### Suppressed findings',
    '',
    ...(suppressed.length > 0
      ? table(['Severity', 'Rule', 'Location', 'Message', 'Reason', 'Expires'], suppressed)
      : ['No finding is suppressed.', '']),
    '### Suppression comments',
    '',
    ...(comments.length > 0
      ? table(['Location', 'Status', 'Rules', 'Expires', 'Reason', 'Problems'], comments)
      : ['No suppression comments.', '']),
  ];
}

function rules(model: EvidenceModel): string[] {
  const rows = model.rules.map((rule) => [
    code(rule.id),
    rule.severity,
    rule.hipaa.map((p) => `164.312${p}`).join(', '),
    rule.masvs.join(', ') || 'none',
    String(rule.findings),
  ]);
  const headings = ['Rule', 'Severity in force', 'HIPAA', 'MASVS', 'Findings'];
  return ['## Rules', '', ...table(headings, rows)];
}

function configs(model: EvidenceModel): string[] {
  const lines = ['## Configuration in force', ''];
  lines.push('Each phi_guard.yaml merged with its includes and the defaults.', '');
  for (const config of model.configs) {
    const title = config.file ? code(config.file) : 'Built-in defaults (no phi_guard.yaml)';
    lines.push(`### ${title}`, '');
    // A fence longer than any backtick run in the YAML keeps the block closed.
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(config.yaml) + 1));
    lines.push(`${fence}yaml`, config.yaml.trimEnd(), fence, '');
  }
  return lines;
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}
