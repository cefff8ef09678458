import * as vscode from 'vscode';
import type { StatusParams } from '../../shared/protocol';
import { Commands } from '../../shared/protocol';
import { DOCUMENT_SELECTOR } from './selector';

/** The language status item: scan state, totals, and whether the Dart grammar loaded. */
export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('phiGuard.status', DOCUMENT_SELECTOR);
    this.item.name = 'PHI Guard';
    this.item.text = 'PHI Guard: starting';
    this.item.command = { title: 'Show Output', command: Commands.showOutput };
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
    this.item.detail = undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
