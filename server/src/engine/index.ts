/** The engine's public surface for the language server, the CLI and the tests. */
export { Engine, type AnalyzeOptions, type EngineOptions, type FileResult } from './engine';
export { rulesAffectedBy, type PartialRun } from './partial-run';
export { discoverFiles } from './discover';
export { defaultConfig, type EngineConfig } from './config';
export {
  ConfigLoader,
  formatConfigError,
  type ConfigError,
  type ConfigLoaderOptions,
  type LoadedConfig,
} from './config-loader';
export { SourceText } from './text';
export { classifyFile } from './file-kind';
export { normalizePath } from './workspace';
export type * from './types';
