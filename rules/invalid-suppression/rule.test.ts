import { test } from 'node:test';
import * as path from 'node:path';
import { checkRuleFixtures } from '../../test/support/harness';

test('invalid-suppression fixtures', async () => {
  await checkRuleFixtures('invalid-suppression', path.join(__dirname, 'fixtures'));
});
