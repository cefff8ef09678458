import { defineRule } from '../../server/src/engine/rule-api';
import { excludeDataFix, disableBackupFix } from './fixes';
import { findExposure } from './exposure';

export default defineRule({
  meta: {
    id: 'android-backup-includes-phi',
    summary: 'Android backup or device transfer copies app data such as databases and preferences.',
    category: 'data-at-rest',
    defaultSeverity: 'warning',
    fileKinds: ['android-manifest'],
    reads: ['android-manifest', 'backup-rules', 'dart', 'gradle', 'pubspec'],
    hipaa: ['(a)(1)', '(a)(2)(iv)'],
    masvs: ['MASVS-STORAGE-2'],
    cwe: [530],
    wave: 1,
    fix: 'safe',
  },
  check(context) {
    const exposure = findExposure(context);
    if (!exposure) return;
    const { application, exposed, related, legacyRelevant } = exposure;
    context.report({
      range: context.file.xml().nameRange(application),
      message: `Android backup copies ${listOf(exposed.map((e) => e.label))} off the device.`,
      related,
      fixes: [
        disableBackupFix(context, application),
        excludeDataFix(context, application, legacyRelevant),
      ],
    });
  },
});

function listOf(labels: string[]): string {
  if (labels.length <= 2) return labels.join(' and ');
  return `${labels[0]}, ${labels[1]} and ${labels.length - 2} more`;
}
