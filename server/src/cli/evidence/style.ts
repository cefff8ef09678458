/** The evidence report's stylesheet, inlined so the page needs no other file; it also prints. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6474; --line: #d8dde6; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f6f9; color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 8px; padding-bottom: 4px;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 6px; }
h3 .count { color: var(--muted); font-weight: normal; margin-left: 6px; }
.lead, .note, .none { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px;
  border-bottom: 1px solid var(--line); }
thead th { background: #eef1f6; font-weight: 600; }
table.facts { width: auto; }
table.facts th { color: var(--muted); font-weight: normal; padding-right: 24px; }
code { font: 12.5px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  overflow-wrap: anywhere; }
code.id { white-space: nowrap; }
pre { background: #f6f8fa; border: 1px solid var(--line); padding: 10px; overflow: auto;
  font: 12px/1.45 ui-monospace, Menlo, Consolas, monospace; max-height: 420px; }
.pill, .status { display: inline-block; padding: 0 8px; border-radius: 9px; color: #fff;
  font-size: 12px; font-weight: 600; }
.pill.error { background: #b3261e; } .pill.warning { background: #9a5b00; }
.pill.info { background: #1f5fa8; }
.status.active { background: #2e7d32; } .status.expired { background: #9a5b00; }
.status.invalid { background: #b3261e; }
.cards { display: flex; gap: 12px; margin: 8px 0 16px; flex-wrap: wrap; }
.card { border: 1px solid var(--line); border-left-width: 6px; padding: 8px 14px;
  min-width: 140px; }
.card .number { font-size: 24px; font-weight: 700; margin-right: 4px; }
.card.error { border-left-color: #b3261e; } .card.warning { border-left-color: #9a5b00; }
.card.info { border-left-color: #1f5fa8; } .card.suppressed { border-left-color: #6b7280; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg.chart text { font: 12px system-ui, sans-serif; fill: var(--ink); }
svg.chart text.count { font-weight: 600; }
@media print { body { background: #fff; } main { padding: 0; } pre { max-height: none; } }
`;
