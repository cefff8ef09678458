/** The evidence report's bar chart: findings per safeguard, stacked by severity, as inline SVG. */
import type { Severity } from '../../engine/types';
import { escapeHtml } from './escape';
import type { SafeguardSection } from './model';

export const SEVERITY_COLORS: Record<Severity, string> = {
  error: '#b3261e',
  warning: '#9a5b00',
  info: '#1f5fa8',
};

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const LABEL_WIDTH = 350;
const BAR_WIDTH = 360;
const ROW_HEIGHT = 26;
const TOP = 30;

/** Draws one bar per safeguard, scaled so that the largest count fills the width. */
export function safeguardChart(sections: SafeguardSection[]): string {
  const totals = sections.map((s) => s.counts.error + s.counts.warning + s.counts.info);
  const max = Math.max(1, ...totals);
  const height = TOP + sections.length * ROW_HEIGHT + 10;
  const width = LABEL_WIDTH + BAR_WIDTH + 50;
  const rows = sections.map((section, index) => chartRow(section, index, totals[index], max));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="${width}" ` +
      `height="${height}" viewBox="0 0 ${width} ${height}" ` +
      'aria-labelledby="chart-title">',
    '<title id="chart-title">' +
      'Unsuppressed findings per HIPAA 164.312 safeguard, by severity</title>',
    legend(),
    ...rows,
    '</svg>',
  ].join('\n');
}

function legend(): string {
  return SEVERITIES.map((severity, index) => {
    const x = LABEL_WIDTH + index * 90;
    return (
      `<rect x="${x}" y="6" width="12" height="12" fill="${SEVERITY_COLORS[severity]}"/>` +
      `<text x="${x + 18}" y="16" class="legend">${severity}</text>`
    );
  }).join('\n');
}

function chartRow(section: SafeguardSection, index: number, total: number, max: number): string {
  const y = TOP + index * ROW_HEIGHT;
  const label = `164.312${section.paragraph} ${section.title}`;
  const parts = [
    `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end" class="label">` +
      `${escapeHtml(label)}</text>`,
  ];
  let x = LABEL_WIDTH;
  for (const severity of SEVERITIES) {
    const count = section.counts[severity];
    if (count === 0) continue;
    const width = (count / max) * BAR_WIDTH;
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${width.toFixed(1)}" height="16" ` +
        `fill="${SEVERITY_COLORS[severity]}"><title>${count} ${severity}</title></rect>`,
    );
    x += width;
  }
  parts.push(`<text x="${(x + 6).toFixed(1)}" y="${y + 15}" class="count">${total}</text>`);
  return parts.join('');
}
