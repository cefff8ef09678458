import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../rules';
import { WAVE_ONE_RULE_IDS } from '../support/catalogue';

const RULES_DIR = path.resolve(__dirname, '../../rules');


const SECTIONS = [
  'Why it matters',
  'Invalid',
  'Valid',
  'Quick fix',
  'Options',
  'When not to use it',
  'Known limitations',
  'References',
];

const folders = readdirSync(RULES_DIR).filter((name) =>
  statSync(path.join(RULES_DIR, name)).isDirectory(),
);

test('rules index lists every rule folder', () => {
  const ids = allRules.map((rule) => rule.meta.id).sort();
  assert.deepEqual(ids, [...folders].sort());
});

test('rules index has every wave-1 id', () => {
  const ids = new Set(allRules.map((rule) => rule.meta.id));
  for (const id of WAVE_ONE_RULE_IDS) assert.ok(ids.has(id), `missing wave-1 rule ${id}`);
  for (const id of WAVE_ONE_RULE_IDS) {
    assert.equal(allRules.find((r) => r.meta.id === id)?.meta.wave, 1, `${id} is wave 1`);
  }
});

for (const rule of allRules) {
  const { meta } = rule;
  test(`${meta.id} metadata is complete`, () => {
    assert.match(meta.summary, /^[A-Z].*\.$/, 'summary is a sentence');
    assert.notEqual(meta.summary, 'Placeholder.', 'summary is written');
    assert.ok(meta.fileKinds.length > 0, 'fileKinds is not empty');
    assert.ok(meta.hipaa.length > 0, 'hipaa names a 164.312 paragraph');
    assert.ok(meta.hipaa.every((p) => /^\([a-e]\)(\(\d\))?(\((i|ii|iii|iv)\))?$/.test(p)), 'hipaa form');
    assert.ok(meta.masvs.every((c) => /^MASVS-[A-Z]+-\d$/.test(c)), 'masvs form');
  });

  test(`${meta.id} has docs, fixtures and tests`, () => {
    const folder = path.join(RULES_DIR, meta.id);
    assert.ok(existsSync(path.join(folder, 'fixtures')), 'fixtures/ exists');
    assert.ok(existsSync(path.join(folder, 'rule.test.ts')), 'rule.test.ts exists');
    const readme = readFileSync(path.join(folder, 'README.md'), 'utf8');
    assert.equal(readme.split('\n')[0], `# ${meta.id}`, 'README title is the id');
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1].trim());
    const known = headings.filter((h) => SECTIONS.includes(h));
    assert.deepEqual(known, SECTIONS.filter((s) => known.includes(s)), 'sections in order');
    for (const required of ['Invalid', 'Valid', 'Quick fix', 'References']) {
      assert.ok(headings.includes(required), `README has ## ${required}`);
    }
  });
}
