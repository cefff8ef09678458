import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

/** Where the Dart grammar came from and whether it loaded, for logs and the CLI's error output. */
export interface GrammarStatus {
  ok: boolean;
  grammarPath: string;
  /** Why loading failed, including the tree-sitter error text (for example an ABI mismatch). */
  error?: string;
  abiVersion?: number;
}

export class GrammarLoadError extends Error {
  constructor(
    message: string,
    readonly grammarPath: string,
  ) {
    super(message);
    this.name = 'GrammarLoadError';
  }
}

const DART_WASM = 'tree-sitter-dart.wasm';
const RUNTIME_WASM = 'tree-sitter.wasm';

/**
 * Candidate folders for the wasm files: next to the bundled script (`dist/`), then the packages
 * in node_modules, which is where tests running from source find them.
 */
function candidateDirs(): string[] {
  const here = __dirname;
  return [
    here,
    path.join(here, 'grammars'),
    path.resolve(here, '../../../dist'),
    path.resolve(here, '../../../../dist'),
  ];
}

export function defaultDartGrammarPath(): string {
  for (const dir of candidateDirs()) {
    const file = path.join(dir, DART_WASM);
    if (existsSync(file)) return file;
  }
  try {
    return require.resolve(`tree-sitter-wasms/out/${DART_WASM}`);
  } catch {
    return path.join(__dirname, DART_WASM);
  }
}

function runtimeWasmPath(): string | undefined {
  for (const dir of candidateDirs()) {
    const file = path.join(dir, RUNTIME_WASM);
    if (existsSync(file)) return file;
  }
  try {
    return require.resolve(`web-tree-sitter/${RUNTIME_WASM}`);
  } catch {
    return undefined;
  }
}

let runtimeReady: Promise<void> | undefined;

function initRuntime(): Promise<void> {
  if (!runtimeReady) {
    const wasm = runtimeWasmPath();
    runtimeReady = Parser.init(wasm ? { locateFile: () => wasm } : undefined);
  }
  return runtimeReady;
}

/**
 * Loads the Dart grammar and proves it works by parsing a small program. `Language.load` can
 * succeed with a grammar that `setLanguage` or the first parse then rejects, so all three steps
 * run here and any failure becomes a `GrammarLoadError` naming the file.
 */
export async function loadDartLanguage(grammarPath: string): Promise<Language> {
  await initRuntime();
  if (!existsSync(grammarPath)) {
    throw new GrammarLoadError(`Dart grammar not found at ${grammarPath}.`, grammarPath);
  }
  let language: Language;
  try {
    language = await Language.load(new Uint8Array(readFileSync(grammarPath)));
  } catch (error) {
    throw new GrammarLoadError(
      `Dart grammar ${grammarPath} could not be loaded: ${describe(error)}.`,
      grammarPath,
    );
  }
  const parser = new Parser();
  try {
    parser.setLanguage(language);
    const tree = parser.parse('void main() { print(1); }');
    if (!tree || tree.rootNode.type !== 'program') {
      throw new Error(`a test parse produced ${tree?.rootNode.type ?? 'no tree'}, not a Dart program`);
    }
    tree.delete();
  } catch (error) {
    throw new GrammarLoadError(
      `Dart grammar ${grammarPath} is not usable with web-tree-sitter 0.25 ` +
        `(language ABI ${safeAbi(language)}): ${describe(error)}.`,
      grammarPath,
    );
  } finally {
    parser.delete();
  }
  return language;
}

function safeAbi(language: Language): string {
  try {
    return String(language.abiVersion);
  } catch {
    return 'unknown';
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\.$/, '');
}
