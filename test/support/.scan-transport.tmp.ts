import { scan } from '/work/main/test/support/harness';
const rules = (process.env.RULES ?? '').split(',');
(async () => {
  const findings = await scan(process.argv.slice(2));
  for (const f of findings) {
    if (rules[0] && !rules.includes(f.ruleId)) continue;
    console.log(`${f.path.split('/').slice(-2).join('/')}:${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.severity} ${f.ruleId}: ${f.message}${f.suppression ? ' [suppressed]' : ''}`);
    for (const r of f.related) console.log(`    related ${r.path.split('/').slice(-2).join('/')}:${r.range.start.line + 1}: ${r.message}`);
    for (const x of f.fixes) console.log(`    fix ${x.title} ${JSON.stringify(x.changes.map(c => c.kind === 'edit' ? c.edits : c.path))}`);
  }
})();
