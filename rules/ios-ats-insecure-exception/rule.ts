import { defineRule } from '../../server/src/engine/rule-api';

// TODO: placeholder until the rule's detection is written; it reports nothing.
export default defineRule({
  meta: {
    id: 'ios-ats-insecure-exception',
    summary: 'Placeholder.',
    category: 'transport',
    defaultSeverity: 'warning',
    fileKinds: [],
    hipaa: [],
    masvs: [],
    cwe: [],
    wave: 1,
    fix: 'none',
  },
  check() {},
});
