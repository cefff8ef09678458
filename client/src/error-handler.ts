import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type Message,
} from 'vscode-languageclient/node';

/** Crashes within this window count towards the limit. */
const CRASH_WINDOW_MS = 3 * 60 * 1000;
const MAX_CRASHES = 4;
const MAX_CONNECTION_ERRORS = 3;

/**
 * Restarts a crashed server, but stops after four crashes within three minutes, so that a
 * server that dies on start (a broken bundle, a missing wasm file) never loops. The user then
 * gets one error with a button to the output channel, where the crash details are.
 */
export class CrashLimitErrorHandler implements ErrorHandler {
  private crashes: number[] = [];

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly now: () => number = Date.now,
  ) {}

  error(
    error: Error,
    _message: Message | undefined,
    count: number | undefined,
  ): ErrorHandlerResult {
    this.output.error(`Connection to the PHI Guard server failed: ${error.message}`);
    if (count !== undefined && count <= MAX_CONNECTION_ERRORS)
      return { action: ErrorAction.Continue };
    return { action: ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = this.now();
    this.crashes = [...this.crashes.filter((at) => now - at < CRASH_WINDOW_MS), now];
    if (this.crashes.length < MAX_CRASHES) {
      this.output.warn(
        `The PHI Guard server stopped unexpectedly; restarting it (${this.crashes.length}).`,
      );
      return { action: CloseAction.Restart, handled: true };
    }
    this.output.error(
      `The PHI Guard server stopped ${this.crashes.length} times within three minutes; ` +
        'it will not be restarted. Run "PHI Guard: Restart Server" after fixing the cause.',
    );
    void this.showStopped();
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  /** Called when the user restarts the server, which starts a fresh count. */
  reset(): void {
    this.crashes = [];
  }

  private async showStopped(): Promise<void> {
    const show = 'Show Output';
    const choice = await vscode.window.showErrorMessage(
      'PHI Guard stopped because its language server kept crashing.',
      show,
    );
    if (choice === show) this.output.show();
  }
}
