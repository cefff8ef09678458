/** `phi-guard report`: the evidence report for security leads and auditors. */
import type { ConfigLoader } from '../../engine';
import type { EvidenceFormat } from '../args';
import type { ScanReport } from '../report';
import { evidenceHtml } from './html';
import { evidenceMarkdown } from './markdown';
import { buildModel } from './model';

export interface EvidenceOptions {
  format: EvidenceFormat;
  roots: string[];
  /** The analysed files, to list every config file in force. */
  files: string[];
  loader: ConfigLoader;
  /** The analysis date; defaults to now. */
  today?: Date;
}

export function evidenceReport(report: ScanReport, options: EvidenceOptions): string {
  const model = buildModel(report, { ...options, today: options.today ?? new Date() });
  return options.format === 'markdown' ? evidenceMarkdown(model) : evidenceHtml(model);
}
