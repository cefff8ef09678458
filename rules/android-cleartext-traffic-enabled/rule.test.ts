import { test } from 'node:test';
import * as path from 'node:path';
import { checkRuleFixtures } from '../../test/support/harness';

test('android-cleartext-traffic-enabled fixtures', async () => {
  await checkRuleFixtures('android-cleartext-traffic-enabled', path.join(__dirname, 'fixtures'));
});
