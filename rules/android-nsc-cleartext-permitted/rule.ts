import { defineRule } from '../../server/src/engine/rule-api';
import { nscScope, configDomains, configLabel } from '../../server/src/engine/platform/nsc';
import { editChange, setAttributeValue } from '../../server/src/engine/platform/text-edits';

export default defineRule({
  meta: {
    id: 'android-nsc-cleartext-permitted',
    summary: 'The network security config permits cleartext HTTP outside debug-overrides.',
    category: 'transport',
    defaultSeverity: 'warning',
    fileKinds: ['network-security-config'],
    hipaa: ['(e)(1)'],
    masvs: ['MASVS-NETWORK-1'],
    cwe: [319],
    wave: 1,
    fix: 'safe',
  },
  check({ file, config, report }) {
    const xml = file.xml();
    const loopback = new Set(config.hosts.cleartextAllowed.map((host) => host.toLowerCase()));
    for (const element of xml.elements()) {
      const attribute = xml.attribute(element, 'cleartextTrafficPermitted');
      if (attribute?.value?.trim() !== 'true') continue;
      const scope = nscScope(element);
      if (!scope || scope.scope === 'debug-overrides') continue;
      const domains = scope.scope === 'domain-config' ? configDomains(xml, element) : [];
      if (domains.length > 0 && domains.every((d) => loopback.has(d.toLowerCase()))) continue;
      const label = configLabel(xml, element);
      report({
        range: attribute.range,
        message: `cleartextTrafficPermitted="true" allows cleartext HTTP for ${label}.`,
        related: [
          {
            path: file.path,
            range: attribute.range,
            message:
              'Native code and WebViews may send PHI unencrypted. ' +
              'Dart networking ignores this file.',
          },
        ],
        fixes: [
          {
            title: 'Set cleartextTrafficPermitted to "false"',
            safe: true,
            isPreferred: true,
            changes: [editChange(file.path, [setAttributeValue(file.source, attribute, 'false')])],
          },
        ],
      });
    }
  },
});
