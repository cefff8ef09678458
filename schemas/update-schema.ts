/**
 * Writes the rule ids and summaries from rule metadata into phi_guard.schema.json, so that
 * editors complete and check them. Run after adding a rule: `npx tsx schemas/update-schema.ts`.
 * test/unit/config.test.ts fails while the schema lists other ids than `rules/index.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';

const SCHEMA_PATH = path.join(__dirname, 'phi_guard.schema.json');

/** Fills the schema's `rules` properties and rule-id enum from `allRules`, and returns it. */
export function schemaWithRuleIds(schema: Record<string, any>): Record<string, any> {
  const ids = allRules.map((rule) => rule.meta.id).sort();
  const properties: Record<string, unknown> = {};
  for (const id of ids) {
    const rule = allRules.find((candidate) => candidate.meta.id === id);
    properties[id] = {
      description: `${rule?.meta.summary} Default severity: ${rule?.meta.defaultSeverity}.`,
      $ref: '#/definitions/ruleSetting',
    };
  }
  schema.properties.rules.properties = properties;
  schema.definitions.ruleId.enum = ids;
  return schema;
}

if (require.main === module) {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
  writeFileSync(SCHEMA_PATH, JSON.stringify(schemaWithRuleIds(schema), null, 2) + '\n');
}
