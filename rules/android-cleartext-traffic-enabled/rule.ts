import { defineRule } from '../../server/src/engine/rule-api';
import { manifestRole } from '../../server/src/engine/platform/android';

export default defineRule({
  meta: {
    id: 'android-cleartext-traffic-enabled',
    summary: 'The Android manifest allows cleartext HTTP for native code and WebViews.',
    category: 'transport',
    defaultSeverity: 'warning',
    fileKinds: ['android-manifest'],
    hipaa: ['(e)(1)'],
    masvs: ['MASVS-NETWORK-1'],
    cwe: [319],
    wave: 1,
    fix: 'safe',
  },
  check({ file, report }) {
    const role = manifestRole(file.path);
    if (role === 'debug') return;
    const xml = file.xml();
    for (const application of xml.elements('application')) {
      const attribute = xml.attribute(application, 'android:usesCleartextTraffic');
      if (!attribute || attribute.value?.trim() !== 'true') continue;
      report({
        range: attribute.range,
        severity: role === 'library' ? 'info' : undefined,
        message:
          role === 'library'
            ? 'Plugin manifest sets android:usesCleartextTraffic="true", which the app may inherit.'
            : 'android:usesCleartextTraffic="true" lets native code and WebViews send cleartext HTTP.',
        related: [
          {
            path: file.path,
            range: attribute.range,
            message:
              "Flutter's Dart networking ignores this flag; check Dart URLs with cleartext-http-endpoint.",
          },
        ],
        fixes: attribute.valueRange
          ? [
              {
                title: 'Set android:usesCleartextTraffic to "false"',
                safe: true,
                isPreferred: true,
                changes: [
                  {
                    kind: 'edit',
                    path: file.path,
                    edits: [{ range: attribute.valueRange, newText: '"false"' }],
                  },
                ],
              },
            ]
          : [],
      });
    }
  },
});
