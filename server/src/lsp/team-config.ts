import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { EngineConfig } from '../engine';
import { CONFIG_FILE_NAME, ConfigLoader } from '../engine/config-loader';
import type { Rule } from '../engine/rule-api';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import type { Logger } from './log';

/** The diagnostic code of errors in phi_guard.yaml. */
export const CONFIG_ERROR_CODE = 'phi-guard-config';

/**
 * The team configuration (`phi_guard.yaml`) for each file, read from the editor's text when
 * the config is open so that edits apply before they are saved.
 */
export class TeamConfig {
  private readonly loader: ConfigLoader;
  private readonly reported = new Set<string>();

  constructor(
    rules: Rule[],
    openText: (filePath: string) => string | undefined,
    private readonly logger: Logger,
  ) {
    this.loader = new ConfigLoader({
      rules: rules.map((rule) => rule.meta),
      readText: (filePath) => openText(filePath) ?? readFileSync(filePath, 'utf8'),
      keepLastGood: true,
    });
  }

  configFor(filePath: string): EngineConfig {
    return this.loader.configFor(filePath);
  }

  /** Forgets where config files are, after one was created, deleted or renamed. */
  configFilesMoved(): void {
    this.loader.forgetLocations();
  }

  /**
   * Returns the load errors of a config file as diagnostics, and logs each error once: files it
   * includes have no diagnostics, and users of other editors may read only the log.
   */
  diagnosticsFor(configPath: string): Diagnostic[] {
    const errors = this.loader.load(configPath).errors;
    for (const error of errors) {
      const key = `${error.path}:${error.range.start.line}:${error.message}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.logger.warn(
        `Config error in ${error.path} line ${error.range.start.line + 1}: files under it keep ` +
          'the last valid settings, or the defaults, until the error is fixed',
      );
    }
    return errors
      .filter((error) => error.path === configPath)
      .map((error) => ({
        range: error.range,
        severity: DiagnosticSeverity.Error,
        source: DIAGNOSTIC_SOURCE,
        code: CONFIG_ERROR_CODE,
        message: error.message,
      }));
  }
}

export function isConfigFile(filePath: string): boolean {
  return path.posix.basename(filePath) === CONFIG_FILE_NAME;
}
