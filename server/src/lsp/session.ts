import {
  DidChangeConfigurationNotification,
  MessageType,
  ShowMessageNotification,
  type Connection,
  type DidChangeTextDocumentParams,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { allRules } from '../../../rules';
import { classifyFile, Engine } from '../engine';
import { isCandidatePath } from '../engine/file-kind';
import {
  SCAN_WORKSPACE_REQUEST,
  SETTINGS_SECTION,
  STATUS_NOTIFICATION,
  type ScanWorkspaceResult,
  type ServerState,
  type StatusParams,
} from '../../../shared/protocol';
import { Analyzer } from './analysis';
import {
  clientFeaturesOf,
  dartGrammarPathOf,
  SERVER_CAPABILITIES,
  type ClientFeatures,
} from './capabilities';
import { ChangeTracker } from './changes';
import { provideCodeActions } from './code-actions';
import { DocumentStore } from './documents';
import { listenToFileEvents, registerWatchers } from './file-watching';
import { provideHover } from './hover';
import { Logger } from './log';
import { SettingsStore } from './settings';
import { isConfigFile, TeamConfig } from './team-config';
import { UriMap, uriToPath } from './uri';
import { WorkspaceScanner } from './workspace-scan';

/** The parts that exist once `initialize` has loaded the engine. */
interface Running {
  engine: Engine;
  analyzer: Analyzer;
  tracker: ChangeTracker;
  scanner: WorkspaceScanner;
  settings: SettingsStore;
  features: ClientFeatures;
}

/**
 * The PHI Guard language server: adapts the engine to LSP. Every handler catches and logs its
 * own errors, so one bad request or file never stops the server.
 */
export class PhiGuardServer {
  private readonly logger: Logger;
  private readonly documents = new DocumentStore();
  private readonly uris = new UriMap();
  private running?: Running;
  private roots: string[] = [];
  private state: ServerState = 'starting';

  constructor(private readonly connection: Connection) {
    this.logger = new Logger(connection.console);
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => {
      const result = this.initialize(params);
      this.starting = result.then(() => undefined, () => undefined);
      return result;
    });
    c.onInitialized(() =>
      this.whenStarted(() => this.guardAsync('initialized', () => this.initialized())),
    );
    c.onDidOpenTextDocument((p) =>
      this.whenStarted(() => this.guard('didOpen', () => this.didOpen(p.textDocument))),
    );
    c.onDidChangeTextDocument((p) =>
      this.whenStarted(() => this.guard('didChange', () => this.didChange(p))),
    );
    c.onDidCloseTextDocument((p) =>
      this.whenStarted(() => this.guard('didClose', () => this.didClose(p.textDocument.uri))),
    );
    c.onDidChangeConfiguration((p) => {
      void this.guardAsync('didChangeConfiguration', () => this.settingsChanged(p.settings));
    });
    c.onCodeAction((params) => {
      const running = this.running;
      if (!running) return [];
      const deps = { ...running, documents: this.documents, uris: this.uris };
      const actions = this.guard('codeAction', () =>
        provideCodeActions(params, { ...deps, ...running.features }),
      );
      return actions ?? [];
    });
    c.onHover((params) => {
      const running = this.running;
      if (!running) return null;
      const deps = { ...running, documents: this.documents };
      return this.guard('hover', () => provideHover(params, deps)) ?? null;
    });
    c.onRequest(SCAN_WORKSPACE_REQUEST, () => this.scanRequested());
    c.onShutdown(() => {
      this.running?.tracker.dispose();
      this.running?.scanner.dispose();
    });
    this.connection.listen();
  }

  /**
   * Runs a notification handler once `initialize` has loaded the engine. A client that sends
   * `initialized` or opens documents before the initialize response would otherwise lose them.
   * Promise callbacks run in order, so the notifications keep their order.
   */
  private whenStarted(action: () => unknown): void {
    if (this.running || !this.starting) {
      action();
      return;
    }
    void this.starting.then(() => action());
  }

  private starting?: Promise<void>;

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    const features = clientFeaturesOf(params.capabilities);
    const settings = new SettingsStore(this.connection, this.logger, features.pullConfiguration);
    const openText = (filePath: string) => this.documents.get(this.uris.uriOf(filePath))?.getText();
    const teamConfig = new TeamConfig(allRules, openText, this.logger);
    const engine = await Engine.create({
      rules: allRules,
      dartGrammarPath: dartGrammarPathOf(params),
      configFor: (filePath) => settings.withOverrides(teamConfig.configFor(filePath)),
    });

    const analyzer = new Analyzer(engine, this.connection, this.uris, this.logger);
    analyzer.onChange = () => this.statusChanged();
    analyzer.extraDiagnostics = (p) => (isConfigFile(p) ? teamConfig.diagnosticsFor(p) : []);
    const isOpen = (filePath: string) => this.isOpen(filePath);
    const configFilesMoved = () => teamConfig.configFilesMoved();
    const scanner = new WorkspaceScanner(this.connection, engine, analyzer, this.logger, isOpen);
    const dartGrammarPath = dartGrammarPathOf(params);
    scanner.useWorkers({ dartGrammarPath, settings: () => settings.current });
    const inWorkspace = (filePath: string) => scanner.contains(filePath);
    const tracker = new ChangeTracker(
      engine,
      analyzer,
      this.logger,
      isOpen,
      configFilesMoved,
      inWorkspace,
    );

    this.running = { engine, analyzer, tracker, scanner, settings, features };
    this.roots = rootsOf(params);
    scanner.setRoots(this.roots);
    listenToFileEvents(this.connection, tracker, this.logger, inWorkspace);
    this.logStart(engine);
    return { capabilities: SERVER_CAPABILITIES, serverInfo: { name: 'phi-guard' } };
  }

  private async initialized(): Promise<void> {
    const running = this.requireRunning();
    if (running.features.registerConfigurationChange) {
      await this.connection.client.register(DidChangeConfigurationNotification.type, {
        section: SETTINGS_SECTION,
      });
    }
    if (running.features.registerWatchers) await registerWatchers(this.connection, this.logger);
    if (running.features.workspaceFolders) {
      this.connection.workspace.onDidChangeWorkspaceFolders((event) => {
        void this.guardAsync('didChangeWorkspaceFolders', () => this.foldersChanged(event));
      });
    }
    this.reportGrammarFailure(running.engine);
    await running.settings.refresh();
    this.applySettings(running);
    await this.scan();
  }

  private didOpen(document: {
    uri: string;
    languageId: string;
    version: number;
    text: string;
  }): void {
    const running = this.running;
    const filePath = uriToPath(document.uri);
    if (!running || !filePath || !isAnalysable(filePath, document.text)) return;
    this.uris.remember(document.uri, filePath);
    this.documents.open(document.uri, document.languageId, document.version, document.text);
    running.engine.workspace.open(filePath, document.text, document.version);
    this.logger.debug(`Opened ${filePath} (version ${document.version})`);
    running.tracker.documentChanged(filePath, false);
  }

  private didChange(params: DidChangeTextDocumentParams): void {
    const running = this.running;
    const filePath = uriToPath(params.textDocument.uri);
    if (!running || !filePath) return;
    const { uri, version } = params.textDocument;
    const change = this.documents.change(uri, version, params.contentChanges);
    if (!change) return;
    const text = change.document.getText();
    running.engine.workspace.open(filePath, text, version, change.treeEdits);
    const ranged = params.contentChanges.filter((c) => 'range' in c);
    if (ranged.length === params.contentChanges.length && running.tracker.waitsForPause(filePath)) {
      running.analyzer.showMoved(filePath, ranged, version);
    }
    running.tracker.documentChanged(filePath, true);
  }

  private didClose(uri: string): void {
    const filePath = uriToPath(uri);
    if (!this.running || !filePath || !this.documents.get(uri)) return;
    this.documents.close(uri);
    this.logger.debug(`Closed ${filePath}`);
    this.running.tracker.documentClosed(filePath);
  }

  private async settingsChanged(pushed: unknown): Promise<void> {
    const running = this.requireRunning();
    await running.settings.refresh(pushed);
    this.applySettings(running);
    if (running.analyzer.enabled) await this.scan();
  }

  /** Applies the settings that act outside the engine configuration. */
  private applySettings(running: Running): void {
    const { enable, maxFileBytes } = running.settings.current;
    running.engine.workspace.setMaxFileBytes(maxFileBytes);
    running.analyzer.maxFileBytes = maxFileBytes;
    running.analyzer.enabled = enable;
    if (!enable) {
      running.analyzer.clearAll();
      this.setState('disabled');
    }
  }

  private async foldersChanged(event: { added: WorkspaceFolder[]; removed: WorkspaceFolder[] }) {
    const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
    const added = event.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    this.roots = [...this.roots.filter((r) => !removed.has(r)), ...added];
    this.requireRunning().scanner.setRoots(this.roots);
    await this.scan();
  }

  private async scanRequested(): Promise<ScanWorkspaceResult> {
    const result = await this.guardAsync('scanWorkspace', () => this.scan());
    return result ?? { files: 0, findings: 0, durationMs: 0 };
  }

  private async scan(): Promise<ScanWorkspaceResult> {
    const running = this.requireRunning();
    if (!running.analyzer.enabled) return { files: 0, findings: 0, durationMs: 0 };
    this.setState('scanning');
    const result = await running.scanner.scan();
    if (!running.scanner.running) this.setState('ready');
    return result;
  }

  /**
   * Sends one error notification per session when the Dart grammar did not load. Each Dart
   * file also gets a file diagnostic from the engine.
   */
  private reportGrammarFailure(engine: Engine): void {
    const grammar = engine.grammar;
    if (grammar.ok) return;
    const reason = grammar.error ?? 'unknown error';
    const named = reason.includes(grammar.grammarPath)
      ? reason
      : `${grammar.grammarPath}: ${reason}`;
    const sentence = named.endsWith('.') ? named : `${named}.`;
    const message =
      `PHI Guard could not load the Dart grammar, so Dart files are not analysed. ${sentence} ` +
      'XML, plist and Gradle checks still run.';
    this.logger.error(message);
    // A notification, not `showErrorMessage`, which is a request that waits for a button.
    void this.connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Error,
      message,
    });
  }

  private logStart(engine: Engine): void {
    const grammar = engine.grammar;
    const status = grammar.ok ? `ABI ${grammar.abiVersion}` : 'failed to load';
    this.logger.info(
      `PHI Guard server started: Node ${process.version}, ${engine.ruleList().length} rules, ` +
        `Dart grammar ${grammar.grammarPath} (${status}), ${this.roots.length} workspace folder(s)`,
    );
  }

  private setState(state: ServerState): void {
    this.state = state;
    this.statusChanged();
  }

  private statusTimer?: NodeJS.Timeout;

  /** Sends the status at most every 300 ms, so a scan does not flood the client. */
  private statusChanged(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      void this.guardAsync('status', () => this.sendStatus());
    }, 300);
  }

  private async sendStatus(): Promise<void> {
    const running = this.running;
    if (!running) return;
    const totals = running.analyzer.totals();
    const grammar = running.engine.grammar;
    const params: StatusParams = {
      state: this.state,
      ...totals,
      dartGrammarOk: grammar.ok,
      dartGrammarError: grammar.ok ? undefined : grammar.error,
    };
    await this.connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  private isOpen(filePath: string): boolean {
    return this.documents.get(this.uris.uriOf(filePath)) !== undefined;
  }

  private requireRunning(): Running {
    if (!this.running) throw new Error('The server has not been initialized');
    return this.running;
  }

  private guard<T>(what: string, action: () => T): T | undefined {
    try {
      return action();
    } catch (error) {
      this.logger.error(`Handling ${what} failed`, error);
      return undefined;
    }
  }

  private async guardAsync<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    try {
      return await action();
    } catch (error) {
      this.logger.error(`Handling ${what} failed`, error);
      return undefined;
    }
  }
}

function rootsOf(params: InitializeParams): string[] {
  let uris = params.workspaceFolders?.map((folder) => folder.uri) ?? [];
  if (uris.length === 0 && params.rootUri) uris = [params.rootUri];
  return uris.map(uriToPath).filter((p): p is string => p !== undefined);
}

/** Files the engine reads; other documents a generic client opens are ignored. */
function isAnalysable(filePath: string, text: string): boolean {
  return isCandidatePath(filePath) && classifyFile(filePath, text) !== 'other';
}
