import type { FileResult } from '../engine';
import type { RuleLevelSetting } from '../../../shared/protocol';

/**
 * The `workerData` of a scan worker: everything it needs to build an engine that gives the
 * same results as the server's own. Plain data, because it crosses threads by structured clone.
 */
export interface ScanWorkerSetup {
  dartGrammarPath?: string;
  /** The server engine's analysis date in ms since the epoch, so expiry checks agree. */
  today: number;
  /** The workspace folders, which decide the project of a file with no pubspec.yaml above it. */
  scanRoots: string[];
  /** Every path in the server's workspace, so each file belongs to the same project as there. */
  paths: string[];
  /** The `phiGuard.rules` setting, applied on top of each file's phi_guard.yaml. */
  ruleLevels: Record<string, RuleLevelSetting>;
}

/** An editor document whose text replaces the disk text in the worker. */
export interface OpenDocument {
  path: string;
  text: string;
  version: number;
}

/** Asks a worker to analyse the closed files of one project. */
export interface ProjectRequest {
  type: 'project';
  root: string;
  paths: string[];
  /** Open documents of the project and open phi_guard.yaml files, as the editor has them. */
  open: OpenDocument[];
}

export type WorkerMessage =
  | { type: 'result'; result: FileResult }
  /** `replace` requests a fresh worker, which starts with a small heap, for the next project. */
  | { type: 'project-done'; root: string; replace: boolean }
  | { type: 'log'; level: 'error' | 'debug'; message: string };
