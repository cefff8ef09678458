import * as vscode from 'vscode';
import type { StatusParams } from '../../shared/protocol';
import { ClientCommands } from './commands';
import { DOCUMENT_SELECTOR } from './selector';

/**
 * The language status item: server state, the number of findings shown, and whether the Dart
 * grammar loaded. Its link opens the actions menu (scan, output, restart, report).
 */
export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('phiGuard.status', DOCUMENT_SELECTOR);
    this.item.name = 'PHI Guard';
    this.item.text = 'PHI Guard: starting';
    this.item.command = { title: 'Actions', command: ClientCommands.showActions };
  }

  update(status: StatusParams): void {
    this.item.busy = status.state === 'scanning';
    if (!status.dartGrammarOk) {
      this.item.severity = vscode.LanguageStatusSeverity.Error;
      this.item.text = 'PHI Guard: Dart analysis unavailable';
      this.item.detail = status.dartGrammarError;
      return;
    }
    this.item.severity = vscode.LanguageStatusSeverity.Information;
    this.item.detail = `${status.files} files analysed`;
    if (status.state === 'disabled') this.item.text = 'PHI Guard: disabled';
    else if (status.state === 'scanning') this.item.text = 'PHI Guard: scanning';
    else this.item.text = `PHI Guard: ${plural(status.findings, 'finding')}`;
  }

  stopped(): void {
    this.item.busy = false;
    this.item.severity = vscode.LanguageStatusSeverity.Warning;
    this.item.text = 'PHI Guard: server stopped';
    this.item.detail = 'Restart it from Actions after checking the output';
  }

  dispose(): void {
    this.item.dispose();
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
