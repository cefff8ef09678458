/**
 * The evidence report as one self-contained HTML page: inline CSS and SVG, no script, and a
 * Content-Security-Policy that blocks every fetch, so the page opens offline and sends nothing.
 * Every value from the scan passes through `escapeHtml`.
 */
import { safeguardChart } from './chart';
import { escapeHtml as e } from './escape';
import { describeGit, type EvidenceModel, type FindingRow, type SafeguardSection } from './model';
import { REPORT_CSS } from './style';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function evidenceHtml(model: EvidenceModel): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>PHI Guard evidence report ${e(model.date)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    header(model),
    summary(model),
    safeguards(model.safeguards),
    masvs(model),
    suppressions(model),
    rules(model),
    configs(model),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function table(headings: string[], rows: string[][], className = ''): string {
  const head = headings.map((h) => `<th scope="col">${e(h)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`);
  const classAttribute = className ? ` class="${className}"` : '';
  return [
    `<table${classAttribute}><thead><tr>${head}</tr></thead><tbody>`,
    ...body,
    '</tbody></table>',
  ].join('\n');
}

function section(anchor: string, title: string, parts: string[]): string {
  return [`<section id="${anchor}">`, `<h2>${e(title)}</h2>`, ...parts, '</section>'].join('\n');
}

function pill(severity: string): string {
  return `<span class="pill ${e(severity)}">${e(severity)}</span>`;
}

/** Marks up an id (rule, control, date) that must not wrap at its hyphens. */
function id(text: string): string {
  return `<code class="id">${e(text)}</code>`;
}

function code(text: string): string {
  return `<code>${e(text)}</code>`;
}

function header(model: EvidenceModel): string {
  const { commit, branch, changes } = describeGit(model, code);
  const errors = e(model.errors.join('; '));
  const facts: Array<[string, string]> = [
    ['Tool', `PHI Guard ${e(model.toolVersion)}`],
    ['Analysis date', e(model.date)],
    ['Scanned paths', model.paths.map(code).join(', ')],
    ['Git commit', `${commit}${branch}`],
    ['Scanned files changed since the commit', e(changes)],
    ['Files analysed', String(model.filesScanned)],
    ['Files skipped (not analysed)', String(model.filesSkipped)],
    ['Analysis complete', model.complete ? 'yes' : `<strong>no</strong>: ${errors}`],
  ];
  const rows = facts.map(([k, v]) => `<tr><th scope="row">${e(k)}</th><td>${v}</td></tr>`);
  return [
    '<header>',
    '<h1>PHI Guard evidence report</h1>',
    '<p class="lead">Findings of the HIPAA Security Rule technical safeguards (45 CFR 164.312) ' +
      'and OWASP MASVS v2 controls in a Flutter app, with every suppression and the ' +
      'configuration in force. Messages name identifiers; no source code is included, but suppression reasons appear as their authors wrote them.</p>',
    `<table class="facts"><tbody>${rows.join('')}</tbody></table>`,
    '</header>',
  ].join('\n');
}

function summary(model: EvidenceModel): string {
  const t = model.totals;
  const cards: Array<[string, number, string]> = [
    ['Errors', t.error, 'error'],
    ['Warnings', t.warning, 'warning'],
    ['Info', t.info, 'info'],
    ['Suppressed', t.suppressed, 'suppressed'],
  ];
  const html = cards.map(
    ([label, count, kind]) =>
      `<div class="card ${kind}"><span class="number">${count}</span> ${e(label)}</div>`,
  );
  return [
    '<section id="summary">',
    '<h2>Summary</h2>',
    `<div class="cards">${html.join('')}</div>`,
    safeguardChart(model.safeguards),
    '<p class="note">Counts are unsuppressed findings. A finding whose rule serves two ' +
      'safeguards counts under both.</p>',
    '</section>',
  ].join('\n');
}

function findingTable(rows: FindingRow[]): string {
  if (rows.length === 0) return '<p class="none">No findings.</p>';
  const cells = rows.map((row) => [
    pill(row.severity),
    id(row.ruleId),
    code(row.location),
    e(row.message),
  ]);
  return table(['Severity', 'Rule', 'Location', 'Message'], cells, 'findings');
}

function safeguards(sections: SafeguardSection[]): string {
  const parts = sections.map((section) => {
    const total = section.findings.length;
    return [
      `<h3>164.312${e(section.paragraph)} ${e(section.title)} ` +
        `<span class="count">${total} ${total === 1 ? 'finding' : 'findings'}</span></h3>`,
      findingTable(section.findings),
    ].join('\n');
  });
  return section('hipaa', 'Findings by HIPAA safeguard', parts);
}

function masvs(model: EvidenceModel): string {
  const rows = model.masvs.map((row) => [
    id(row.control),
    e(row.group),
    row.rules.map(id).join(' '),
    String(row.counts.error),
    String(row.counts.warning),
    String(row.counts.info),
  ]);
  const headings = ['Control', 'Group', 'Rules', 'Errors', 'Warnings', 'Info'];
  return section('masvs', 'Findings by MASVS control', [table(headings, rows)]);
}

function suppressions(model: EvidenceModel): string {
  const suppressed = model.suppressed.map((row) => [
    pill(row.severity),
    id(row.ruleId),
    code(row.location),
    e(row.message),
    e(row.reason),
    id(row.expires ?? 'none'),
  ]);
  const comments = model.suppressions.map((row) => [
    code(`${row.path}:${row.line}`),
    `<span class="status ${e(row.status)}">${e(row.status)}</span>`,
    row.rules.map(id).join(' ') + (row.scope === 'file' ? ' (whole file)' : ''),
    id(row.expires ?? 'none'),
    e(row.reason),
    row.problems.map(e).join('<br>'),
  ]);
  return [
    '<section id="suppressions">',
    '<h2>Suppressions</h2>',
    '<h3>Suppressed findings</h3>',
    suppressed.length > 0
      ? table(['Severity', 'Rule', 'Location', 'Message', 'Reason', 'Expires'], suppressed)
      : '<p class="none">No finding is suppressed.</p>',
    '<h3>Suppression comments</h3>',
    comments.length > 0
      ? table(['Location', 'Status', 'Rules', 'Expires', 'Reason', 'Problems'], comments)
      : '<p class="none">No suppression comments.</p>',
    '</section>',
  ].join('\n');
}

function rules(model: EvidenceModel): string {
  const rows = model.rules.map((rule) => [
    id(rule.id),
    e(rule.severity),
    e(rule.hipaa.map((p) => `164.312${p}`).join(', ')),
    e(rule.masvs.join(', ') || 'none'),
    String(rule.findings),
  ]);
  const headings = ['Rule', 'Severity in force', 'HIPAA', 'MASVS', 'Findings'];
  return section('rules', 'Rules', [table(headings, rows)]);
}

function configs(model: EvidenceModel): string {
  const parts = model.configs.map((config) => {
    const title = config.file ? code(config.file) : 'Built-in defaults (no phi_guard.yaml)';
    return `<h3>${title}</h3>\n<pre>${e(config.yaml)}</pre>`;
  });
  return [
    '<section id="config">',
    '<h2>Configuration in force</h2>',
    '<p class="note">Each phi_guard.yaml merged with its includes and the defaults.</p>',
    ...parts,
    '</section>',
  ].join('\n');
}
