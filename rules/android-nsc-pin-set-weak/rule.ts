import type { XMLElement } from '../../server/src/engine/parsers/xml';
import { childElements } from '../../server/src/engine/parsers/xml';
import { defineRule, type RuleContext } from '../../server/src/engine/rule-api';
import { configLabel, nscScope } from '../../server/src/engine/platform/nsc';
import { editChange, setAttributeValue } from '../../server/src/engine/platform/text-edits';
import { backupPinFix, PIN_PLACEHOLDER } from './fixes';

export default defineRule({
  meta: {
    id: 'android-nsc-pin-set-weak',
    summary: 'A network security config pin-set is expired, has no backup pin, or is overridden.',
    category: 'transport',
    defaultSeverity: 'warning',
    fileKinds: ['network-security-config'],
    hipaa: ['(e)(1)'],
    masvs: ['MASVS-NETWORK-2'],
    cwe: [295],
    wave: 1,
    fix: 'safe',
  },
  check(context) {
    const xml = context.file.xml();
    for (const pinSet of xml.elements('pin-set')) checkPinSet(context, pinSet);
    for (const certificates of xml.elements('certificates')) checkOverride(context, certificates);
  },
});

/** `YYYY-MM-DD` of the analysis date in UTC, comparable as a string with `expiration`. */
function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function checkPinSet({ file, today, report }: RuleContext, pinSet: XMLElement): void {
  const xml = file.xml();
  const scope = nscScope(pinSet);
  if (!scope || scope.scope === 'debug-overrides') return;
  const label = configLabel(xml, scope.config);
  const expiration = xml.attribute(pinSet, 'expiration');
  const date = expiration?.value?.trim() ?? '';
  const expired = /^\d{4}-\d{2}-\d{2}$/.test(date) && date < isoDay(today);
  if (expiration && expired) {
    report({
      range: expiration.range,
      severity: 'error',
      message: `Pin-set for ${label} has expired: pinning disabled since ${date}.`,
      related: [
        {
          path: file.path,
          range: xml.nameRange(pinSet),
          message:
            'After the expiration date Android accepts any trusted certificate for this domain.',
        },
      ],
    });
  }
  const allPins = childElements(pinSet, 'pin');
  const pins = allPins.filter((pin) => xml.text(pin) !== PIN_PLACEHOLDER);
  const placeholders = allPins.filter((pin) => !pins.includes(pin));
  for (const placeholder of placeholders) {
    report({
      range: xml.elementRange(placeholder),
      severity: 'error',
      message: `Pin-set for ${label} still holds the PHI Guard backup pin placeholder.`,
      related: [
        {
          path: file.path,
          range: xml.elementRange(placeholder),
          message: 'Replace it with the base64 SPKI SHA-256 of a backup key kept offline.',
        },
      ],
    });
  }
  // A placeholder stands for the backup pin still to be filled in, and is reported above.
  if (pins.length >= 2 || placeholders.length > 0) return;
  report({
    range: xml.nameRange(pinSet),
    severity: expired ? 'info' : 'warning',
    message: `Pin-set for ${label} has ${pinCount(pins.length)} and no backup pin.`,
    related: [
      {
        path: file.path,
        range: xml.nameRange(pinSet),
        message:
          'Add the SPKI hash of a backup key kept offline, ' +
          'so that a key rotation cannot lock users out.',
      },
    ],
    fixes: pins.length === 1 ? [backupPinFix(xml, file.path, pinSet, pins[0], today)] : [],
  });
}

function pinCount(count: number): string {
  return count === 1 ? '1 pin' : `${count} pins`;
}

function checkOverride({ file, report }: RuleContext, certificates: XMLElement): void {
  const xml = file.xml();
  const attribute = xml.attribute(certificates, 'overridePins');
  if (attribute?.value?.trim() !== 'true') return;
  const scope = nscScope(certificates);
  if (!scope || scope.scope === 'debug-overrides') return;
  const source = xml.attribute(certificates, 'src')?.value?.trim() ?? '';
  const label = configLabel(xml, scope.config);
  report({
    range: attribute.range,
    severity: source === 'user' ? 'error' : undefined,
    message: `overridePins="true" lets ${source || 'these'} CAs bypass pinning for ${label}.`,
    related: [
      {
        path: file.path,
        range: xml.elementRange(certificates),
        message: 'A certificate from this trust anchor is accepted even when it matches no pin.',
      },
    ],
    fixes: [
      {
        title: 'Set overridePins to "false"',
        safe: true,
        isPreferred: true,
        changes: [editChange(file.path, [setAttributeValue(file.source, attribute, 'false')])],
      },
    ],
  });
}
