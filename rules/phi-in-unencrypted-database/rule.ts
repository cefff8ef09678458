import type { DartFile } from '../../server/src/engine/dart/model';
import { readStringLiteral } from '../../server/src/engine/dart/strings';
import {
  misparsedGenericCalls,
  type GenericCallSite,
} from '../../server/src/engine/dart/generic-calls';
import { visitTypes } from '../../server/src/engine/dart/traverse';
import { type CallSite, type SyntaxNode } from '../../server/src/engine/dart/syntax';
import {
  dartCallSites,
  isGeneratedDart,
  classifyRecordName,
  phiFlow,
  type PhiFlow,
} from '../../server/src/engine/phi';
import {
  entityEvidence,
  isRecordClass,
  schemaEvidence,
  storeNameEvidence,
  type RecordEvidence,
} from '../../server/src/engine/phi/records';
import { defineRule, type RuleContext } from '../../server/src/engine/rule-api';
import { passwordFixes, storeFixes } from './fixes';
import { opensInMemory } from './in-memory';

/** A database or box opened without encryption, and where to look for description it stores. */
interface PlainStore {
  /** The call as the message names it: `openDatabase`, `Hive.openBox`, `NativeDatabase`. */
  label: string;
  call: CallSite;
  /** The advice in related information. */
  fix: string;
  /** SQL stores are also judged by schema strings, while boxes and entities are judged by names. */
  kind: 'sql' | 'box' | 'entity' | 'app-state';
}

const SQLITE_OPENERS = ['openDatabase', 'openReadOnlyDatabase'];
const ANNOTATIONS = new Set(['annotation']);

export default defineRule({
  meta: {
    id: 'phi-in-unencrypted-database',
    summary: 'A database or box that holds PHI is opened without encryption.',
    category: 'data-at-rest',
    defaultSeverity: 'error',
    fileKinds: ['dart'],
    hipaa: ['(a)(2)(iv)'],
    masvs: ['MASVS-STORAGE-1'],
    cwe: [311, 312],
    wave: 1,
    fix: 'unsafe',
  },
  check(context) {
    if (isGeneratedDart(context.file.path)) return;
    const dart = context.file.dart();
    const flow = dart ? phiFlow(dart, context.config) : undefined;
    if (!dart || !flow) return;
    for (const call of [...dartCallSites(dart), ...misparsedGenericCalls(dart.root)]) {
      if (emptySqlCipherPassword(context, dart, call)) continue;
      const store = plainStore(call, dart);
      if (!store || opensInMemory(call, dart)) continue;
      if (store.kind === 'app-state') {
        reportAppState(context, dart, store);
        continue;
      }
      const evidence = evidenceFor(store, dart, flow, context);
      if (evidence) reportStore(context, dart, store, evidence);
    }
  },
});

/**
 * Reports `HydratedStorage.build` without a cipher as a warning that names no data. hydrated_bloc
 * writes the state of every HydratedBloc of the app to one Hive box, and those states are
 * declared in other files.
 */
function reportAppState(context: RuleContext, dart: DartFile, store: PlainStore): void {
  const range = dart.source.rangeOf(store.call.startIndex, store.call.endIndex);
  context.report({
    range,
    severity: 'warning',
    message: '`HydratedStorage.build` persists every HydratedBloc state without encryption.',
    related: [{ path: context.file.path, range, message: store.fix }],
  });
}

function reportStore(
  context: RuleContext,
  dart: DartFile,
  store: PlainStore,
  evidence: RecordEvidence,
): void {
  const { call } = store;
  const range = dart.source.rangeOf(call.startIndex, call.endIndex);
  const description = evidence.match.kind === 'phi' ? 'PHI' : 'secrets';
  context.report({
    range,
    message: `\`${store.label}\` opens an unencrypted store of ${description} (${evidence.name}).`,
    related: [
      {
        path: context.file.path,
        range: dart.source.rangeOf(evidence.node.startIndex, evidence.node.endIndex),
        message: `Source: '${evidence.name}' names ${kindWord(description)}.`,
      },
      { path: context.file.path, range, message: store.fix },
    ],
    fixes: storeFixes(context, dart, call, store.kind),
  });
}

function kindWord(description: string): string {
  return description === 'PHI' ? 'health data' : 'a secret';
}

/** `sqflite_sqlcipher` with `password: ''` writes a plain SQLite file. */
function emptySqlCipherPassword(context: RuleContext, dart: DartFile, call: CallSite): boolean {
  const last = call.callee[call.callee.length - 1];
  if (!SQLITE_OPENERS.includes(last) || !dart.refersTo(call.callee, 'sqflite_sqlcipher', last))
    return false;
  const password = call.args.named.get('password');
  const value = password?.expr.nodes;
  if (!password || value?.length !== 1 || value[0].type !== 'string_literal') return true;
  if (readStringLiteral(value[0]).constant !== '') return true;
  const range = dart.source.rangeOf(password.node.startIndex, password.node.endIndex);
  context.report({
    range,
    message: 'SQLCipher `openDatabase` with an empty password writes an unencrypted file.',
    related: [
      {
        path: context.file.path,
        range,
        message:
          'Pass a random key kept in FlutterSecureStorage; an empty key turns encryption off.',
      },
    ],
    fixes: passwordFixes(context, dart, call),
  });
  return true;
}

function plainStore(call: CallSite, dart: DartFile): PlainStore | undefined {
  const names = call.callee;
  const last = names[names.length - 1];
  if (SQLITE_OPENERS.includes(last) && isPlainSqflite(names, dart)) {
    const fix = 'Open it with sqflite_sqlcipher and a key from FlutterSecureStorage.';
    return { label: last, call, fix, kind: 'sql' };
  }
  if ((last === 'openBox' || last === 'openLazyBox') && names.includes('Hive')) {
    if (call.args.named.has('encryptionCipher')) return undefined;
    const fix = 'Pass encryptionCipher: HiveAesCipher(key) with a key from FlutterSecureStorage.';
    return { label: `Hive.${last}`, call, fix, kind: 'box' };
  }
  if (
    last === 'build' &&
    names.includes('HydratedStorage') &&
    dart.importsLibrary('hydrated_bloc')
  ) {
    if (call.args.named.has('encryptionCipher')) return undefined;
    const fix =
      'Pass encryptionCipher: HydratedAesCipher(key) with a key from FlutterSecureStorage.';
    return { label: 'HydratedStorage.build', call, fix, kind: 'app-state' };
  }
  if (names.includes('NativeDatabase') && dart.importsLibrary('drift')) {
    if (setsKeyPragma(call)) return undefined;
    const fix = "Use SQLCipher and run PRAGMA key in NativeDatabase's setup callback.";
    return { label: 'NativeDatabase', call, fix, kind: 'entity' };
  }
  if (last === 'open' && names.includes('Isar') && !call.args.named.has('encryptionKey')) {
    const fix = 'Encrypt the records before storing them, or pass an encryptionKey (Isar 4).';
    return { label: 'Isar.open', call, fix, kind: 'entity' };
  }
  if (
    (last === 'openStore' || (names.length === 1 && last === 'Store')) &&
    dart.importsLibrary('objectbox')
  ) {
    const fix = 'ObjectBox files are not encrypted; encrypt PHI fields before storing them.';
    return { label: last, call, fix, kind: 'entity' };
  }
  return undefined;
}

/** `openDatabase` of sqflite (or sqflite_common_ffi), not of sqflite_sqlcipher. */
function isPlainSqflite(names: string[], dart: DartFile): boolean {
  const last = names[names.length - 1];
  if (dart.refersTo(names, 'sqflite_sqlcipher', last)) return false;
  if (dart.refersTo(names, 'sqflite', last) || dart.refersTo(names, 'sqflite_common_ffi', last))
    return true;
  const receiver = names[names.length - 2] ?? '';
  return /^databaseFactory/.test(receiver) && !dart.importsLibrary('sqflite_sqlcipher');
}

function setsKeyPragma(call: CallSite): boolean {
  const setup = call.args.named.get('setup');
  if (!setup) return false;
  return setup.node.descendantsOfType('string_literal').some((literal) => {
    const text = literal ? readStringLiteral(literal).shape : '';
    return /pragma\s+(key|rekey)\b/i.test(text);
  });
}

/**
 * Finds what the store contains: the store's file or box name, the schema strings of its `onCreate`
 * callback (or of the function it names), typed boxes (`openBox<Patient>`), and otherwise the
 * schema strings, tables and entities of the same file.
 */
function evidenceFor(
  store: PlainStore,
  dart: DartFile,
  flow: PhiFlow,
  context: RuleContext,
): RecordEvidence | undefined {
  const config = context.config;
  const { call } = store;
  const first = call.args.positional[0]?.nodes;
  const byName = first?.length === 1 ? storeNameEvidence(first[0], config) : undefined;
  if (byName) return byName;
  const typed = typeArgumentEvidence(call, flow);
  if (typed) return typed;
  for (const callback of ['onCreate', 'onUpgrade', 'onConfigure']) {
    const arg = call.args.named.get(callback);
    if (!arg) continue;
    const inline = schemaEvidence(arg.node, config);
    if (inline) return inline;
    const named = namedFunctionBody(arg.expr.nodes, flow);
    const fromFunction = named ? schemaEvidence(named, config) : undefined;
    if (fromFunction) return fromFunction;
  }
  if (store.kind === 'sql' && hasInlineSchema(call)) return undefined;
  const fileSchema = store.kind === 'sql' ? schemaEvidence(dart.root, config) : undefined;
  return (
    fileSchema ??
    schemaListEvidence(call, config) ??
    entityEvidence(flow.scope, config, isRecordClass) ??
    databaseAnnotationEvidence(dart, config)
  );
}

/** Reads the tables listed in `@DriftDatabase(tables: [Prescriptions, LabReports])`. */
function databaseAnnotationEvidence(
  dart: DartFile,
  config: RuleContext['config'],
): RecordEvidence | undefined {
  let found: RecordEvidence | undefined;
  visitTypes(dart.root, ANNOTATIONS, (annotation) => {
    const name = annotation.namedChildren.find((c) => c?.type === 'identifier')?.text;
    if (found || (name !== 'DriftDatabase' && name !== 'UseMoor')) return;
    for (const id of annotation.descendantsOfType('identifier')) {
      const match = id && id.text !== name ? classifyRecordName(id.text, config) : undefined;
      if (id && match) {
        found = { match, name: id.text, node: id };
        return;
      }
    }
  });
  return found;
}

/** Checks for an `onCreate` with its own schema, which then decides alone. */
function hasInlineSchema(call: CallSite): boolean {
  const onCreate = call.args.named.get('onCreate');
  return onCreate !== undefined && onCreate.node.descendantsOfType('string_literal').length > 0;
}

function typeArgumentEvidence(call: CallSite, flow: PhiFlow): RecordEvidence | undefined {
  if ('typeArguments' in call) {
    const generic = call as GenericCallSite;
    const name = generic.typeArguments.find((t) => flow.phiClass(t));
    const match = name ? flow.phiClass(name) : undefined;
    return name && match ? { match, name, node: generic.node } : undefined;
  }
  const typeArgs = call.args.node.previousNamedSibling;
  if (typeArgs?.type !== 'type_arguments') return undefined;
  for (const typeNode of typeArgs.descendantsOfType('type_identifier')) {
    const match = typeNode ? flow.phiClass(typeNode.text) : undefined;
    if (typeNode && match) return { match, name: typeNode.text, node: typeNode };
  }
  return undefined;
}

function namedFunctionBody(nodes: SyntaxNode[], flow: PhiFlow): SyntaxNode | undefined {
  if (nodes.length !== 1 || nodes[0].type !== 'identifier') return undefined;
  const binding = flow.scope.resolve(nodes[0], nodes[0].text);
  return binding?.kind === 'function' ? binding.fn.body : undefined;
}

/** Reads the collection schemas of `Isar.open([NoteSchema, VisitSchema])`. */
function schemaListEvidence(
  call: CallSite,
  config: RuleContext['config'],
): RecordEvidence | undefined {
  const list = call.args.positional[0]?.nodes[0];
  if (list?.type !== 'list_literal') return undefined;
  for (const id of list.descendantsOfType('identifier')) {
    if (!id) continue;
    const name = id.text.replace(/Schema$/, '');
    const match = classifyRecordName(name, config);
    if (match) return { match, name, node: id };
  }
  return undefined;
}
