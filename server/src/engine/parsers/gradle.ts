import { tokenize, type Token } from './clike';

/**
 * A Gradle build script (Groovy or Kotlin DSL) read as nested blocks of settings. It does not
 * evaluate anything: `release { debuggable true }`, `getByName("release") { isDebuggable = true }`
 * and `create("qa") { ... }` all become a block whose name is the build type and whose
 * properties keep the raw value tokens, so a rule can tell a literal `true` from an expression.
 */
export interface GradleBlock {
  /** `android`, `buildTypes`, or for `getByName("release")` / `create("qa")` the string argument. */
  name: string;
  /** The call that opened the block when it was not a bare name, such as `getByName`. */
  via?: string;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  blocks: GradleBlock[];
  properties: GradleProperty[];
  parent?: GradleBlock;
}

export interface GradleProperty {
  /** `debuggable`, `isDebuggable`, `minSdk`, ... */
  name: string;
  value: Token[];
  start: number;
  end: number;
  /** `=` (Kotlin DSL or Groovy assignment), ' ' (Groovy method-call style) or '(' (call). */
  style: '=' | ' ' | '(';
}

export interface GradleScript {
  root: GradleBlock;
  unterminated?: { what: string; start: number };
}

const BLOCK_FACTORIES = new Set(['getByName', 'create', 'named', 'register', 'maybeCreate']);

export function parseGradle(text: string): GradleScript {
  const { tokens, unterminated } = tokenize(text);
  const root: GradleBlock = {
    name: '',
    start: 0,
    end: text.length,
    nameStart: 0,
    nameEnd: 0,
    blocks: [],
    properties: [],
  };
  let current = root;
  let statementStart = 0;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'punct' && token.text === '}') {
      current.end = token.end;
      current = current.parent ?? root;
      statementStart = i + 1;
      continue;
    }
    if (token.kind === 'punct' && token.text === '{') {
      const block = openBlock(tokens, statementStart, i, current);
      current.blocks.push(block);
      current = block;
      statementStart = i + 1;
      continue;
    }
    const lineBreak = i + 1 < tokens.length && hasLineBreakBetween(text, token, tokens[i + 1]);
    if (lineBreak || token.text === ';' || i + 1 === tokens.length) {
      const property = readProperty(tokens.slice(statementStart, i + 1));
      if (property) current.properties.push(property);
      statementStart = i + 1;
    }
  }
  return { root, unterminated };
}

function openBlock(tokens: Token[], from: number, brace: number, parent: GradleBlock): GradleBlock {
  const head = tokens.slice(from, brace);
  const first = head[0] ?? tokens[brace];
  let name = first.kind === 'identifier' ? first.text : '';
  let via: string | undefined;
  let nameToken = first;
  const stringArgument = head.find((t) => t.kind === 'string');
  if (first.kind === 'identifier' && BLOCK_FACTORIES.has(first.text) && stringArgument) {
    via = first.text;
    name = stringArgument.text;
    nameToken = stringArgument;
  }
  return {
    name,
    via,
    start: first.start,
    end: tokens[brace].end,
    nameStart: nameToken.start,
    nameEnd: nameToken.end,
    blocks: [],
    properties: [],
    parent,
  };
}

function readProperty(statement: Token[]): GradleProperty | undefined {
  const tokens = statement.filter((t) => t.text !== ';');
  if (tokens.length < 2 || tokens[0].kind !== 'identifier') return undefined;
  const [name, second] = tokens;
  const last = tokens[tokens.length - 1];
  if (second.text === '=') {
    return { name: name.text, value: tokens.slice(2), start: name.start, end: last.end, style: '=' };
  }
  if (second.text === '(') {
    const inner = tokens.slice(2, tokens.length - (last.text === ')' ? 1 : 0));
    return { name: name.text, value: inner, start: name.start, end: last.end, style: '(' };
  }
  if (second.kind !== 'punct' || second.text === '-') {
    return { name: name.text, value: tokens.slice(1), start: name.start, end: last.end, style: ' ' };
  }
  return undefined;
}

function hasLineBreakBetween(text: string, a: Token, b: Token): boolean {
  const between = text.slice(a.end, b.start);
  return between.includes('\n') || between.includes('\r');
}

/** Finds a block by path, such as ['android', 'buildTypes', 'release']. */
export function findBlocks(root: GradleBlock, path: string[]): GradleBlock[] {
  let level = [root];
  for (const name of path) {
    level = level.flatMap((block) => block.blocks.filter((child) => child.name === name));
  }
  return level;
}

export function allBlocks(root: GradleBlock): GradleBlock[] {
  const list: GradleBlock[] = [];
  const visit = (block: GradleBlock) => {
    list.push(block);
    block.blocks.forEach(visit);
  };
  visit(root);
  return list;
}
