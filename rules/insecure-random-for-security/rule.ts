import { defineRule } from '../../server/src/engine/rule-api';
import type { Fix } from '../../server/src/engine/types';
import type { DartFile } from '../../server/src/engine/dart/model';
import { findSymbolUses, type SymbolUse } from '../../server/src/engine/dart/symbols';
import { toRelated } from '../../server/src/engine/dart/crypto';
import { clockBytes, securityUse } from './flow';

const PREDICTABLE_NOTE =
  'dart:math Random() is a seeded PRNG: its output can be predicted from a few values. ' +
  'Random.secure() draws from the operating system CSPRNG.';

const CLOCK_NOTE =
  'The time an app ran is easy to guess within seconds. Fill key bytes from Random.secure().';

export default defineRule({
  meta: {
    id: 'insecure-random-for-security',
    summary:
      'A dart:math Random() or the clock produces tokens, nonces, IVs, keys, salts or OTPs.',
    category: 'cryptography',
    defaultSeverity: 'error',
    fileKinds: ['dart'],
    hipaa: ['(a)(2)(iv)'],
    masvs: ['MASVS-CRYPTO-1'],
    cwe: [338, 330],
    wave: 1,
    fix: 'safe',
  },
  check(ctx) {
    const file = ctx.file.dart();
    if (!file) return;
    for (const use of findSymbolUses(file, ['dart:math'], ['Random'])) {
      if (!use.call) continue;
      const evidence = securityUse(file, use);
      if (!evidence) continue;
      const written = oneLine(file.text.slice(use.names.startIndex, use.call.endIndex));
      ctx.report({
        range: file.source.rangeOf(use.names.startIndex, use.call.endIndex),
        severity: evidence.handshakeNonce ? 'info' : undefined,
        message: evidence.handshakeNonce
          ? `${written} feeds the WebSocket handshake nonce; Random.secure() is as cheap.`
          : `${written} is predictable, yet its values feed ${evidence.label}.`,
        related: toRelated(file, [
          { start: evidence.start, end: evidence.end, message: evidence.note },
          { start: use.names.startIndex, end: use.call.endIndex, message: PREDICTABLE_NOTE },
        ]),
        fixes: [secureFix(file, use)],
      });
    }
    for (const clock of clockBytes(file)) {
      const { evidence } = clock;
      ctx.report({
        range: file.source.rangeOf(clock.start, clock.end),
        message: `DateTime.now() is predictable, yet its values feed ${evidence.label}.`,
        related: toRelated(file, [
          { start: evidence.start, end: evidence.end, message: evidence.note },
          { start: clock.start, end: clock.end, message: CLOCK_NOTE },
        ]),
      });
    }
  },
});

/** `Random()` to `Random.secure()`; unsafe when a seed makes the sequence repeatable. */
function secureFix(file: DartFile, use: SymbolUse): Fix {
  const call = use.call!;
  const seeded = call.args.positional.length > 0 || call.args.named.size > 0;
  const original = oneLine(file.text.slice(use.names.startIndex, call.endIndex));
  const constructor = oneLine(file.text.slice(use.names.startIndex, use.nameNode.endIndex));
  const range = file.source.rangeOf(use.nameNode.endIndex, call.args.node.endIndex);
  return {
    title: `Replace ${original} with ${constructor}.secure()`,
    safe: !seeded,
    isPreferred: true,
    changes: [{ kind: 'edit', path: file.path, edits: [{ range, newText: '.secure()' }] }],
  };
}

function oneLine(text: string): string {
  return text.replace(/\s*\.\s*/g, '.').replace(/\s+/g, ' ');
}
