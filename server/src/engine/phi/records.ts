import type { EngineConfig } from '../config';
import { readStringLiteral } from '../dart/strings';
import type { SyntaxNode } from '../dart/syntax';
import { classifyName, classifyRecordName, type PhiMatch } from './classifier';
import type { ClassInfo, FileScope } from './scope';
import { visitTypes } from '../dart/traverse';

const STRING_TYPES = new Set(['string_literal']);

/**
 * Evidence that stored records are PHI: column and table names in SQL schema strings, names of
 * boxes and database files, and entity or table classes whose names or fields are PHI.
 */

export interface RecordEvidence {
  match: PhiMatch;
  /** The name that matched: a column, a table, a file or box name, a class. */
  name: string;
  node: SyntaxNode;
}

const SQL_WORDS = new Set([
  'create',
  'table',
  'if',
  'not',
  'exists',
  'primary',
  'key',
  'foreign',
  'unique',
  'constraint',
  'check',
  'references',
]);

/**
 * Table and column names of the `CREATE TABLE` statements in a SQL string. Only the first word
 * of each column definition counts, so types and constraints are skipped.
 */
export function sqlSchemaNames(sql: string): string[] {
  const names: string[] = [];
  const statements = sql.split(/create\s+(?:temp\s+|temporary\s+)?table\s+/i).slice(1);
  for (const statement of statements) {
    const open = statement.indexOf('(');
    if (open < 0) continue;
    const table = statement
      .slice(0, open)
      .replace(/if\s+not\s+exists/i, '')
      .trim();
    names.push(table.replace(/["'`[\]]/g, ''));
    const close = statement.lastIndexOf(')');
    const body = statement.slice(open + 1, close > open ? close : undefined);
    for (const column of body.split(',')) {
      const word = /^\s*["'`[]?([A-Za-z_][A-Za-z0-9_]*)/.exec(column)?.[1];
      if (word && !SQL_WORDS.has(word.toLowerCase())) names.push(word);
    }
  }
  return names;
}

/** Finds a PHI table or column name in the SQL string literals below `root`. */
export function schemaEvidence(root: SyntaxNode, config: EngineConfig): RecordEvidence | undefined {
  let found: RecordEvidence | undefined;
  visitTypes(root, STRING_TYPES, (node) => {
    if (found) return;
    const value = readStringLiteral(node).shape;
    if (!/create\s+(temp\s+|temporary\s+)?table/i.test(value)) return;
    const names = sqlSchemaNames(value);
    // A vocabulary column (`patient_name`) names the data better than a record word (`visit`).
    const name =
      names.find((n) => classifyName(n, config)) ??
      names.find((n) => classifyRecordName(n, config));
    const match = name ? classifyRecordName(name, config) : undefined;
    if (name && match) found = { match, name, node };
  });
  return found;
}

/** Finds a PHI word in a database file or box name such as `'$dir/journal.db'`. */
export function storeNameEvidence(
  node: SyntaxNode,
  config: EngineConfig,
): RecordEvidence | undefined {
  if (node.type !== 'string_literal') return undefined;
  const text = readStringLiteral(node).shape;
  const base = text.split(/[\\/]/).pop() ?? text;
  const name = base.replace(/\.(db|sqlite3?|hive|isar|realm)$/i, '');
  const match = name ? classifyRecordName(name, config) : undefined;
  return match ? { match, name, node } : undefined;
}

/**
 * Finds a class of the file that stores PHI records: a drift `Table`, an ObjectBox or Isar
 * entity (`@Entity`, `@collection`, `@Collection`), a Hive type (`@HiveType`), or any of them
 * whose name or field names are PHI.
 */
export function entityEvidence(
  scope: FileScope,
  config: EngineConfig,
  isEntity: (cls: ClassInfo) => boolean,
): RecordEvidence | undefined {
  for (const cls of scope.classes.values()) {
    if (!isEntity(cls)) continue;
    const names = [cls.name, ...cls.fields.keys(), ...cls.members.keys()];
    for (const name of names) {
      const match = classifyRecordName(name, config);
      const nameNode = cls.node.childForFieldName('name') ?? cls.node;
      if (match) return { match, name, node: nameNode };
    }
  }
  return undefined;
}

/** Drift tables, ObjectBox and Isar entities and Hive types declared in this file. */
export function isRecordClass(cls: ClassInfo): boolean {
  if (cls.superclass === 'Table' || cls.superclass === 'DataClass') return true;
  return cls.annotations.some((a) =>
    ['Entity', 'collection', 'Collection', 'HiveType', 'DataClassName'].includes(a),
  );
}
