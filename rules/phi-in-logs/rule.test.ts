import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkRuleFixtures, scan } from '../../test/support/harness';

const fixtures = path.join(__dirname, 'fixtures');

test('phi-in-logs fixtures', async () => {
  await checkRuleFixtures('phi-in-logs', fixtures);
});
