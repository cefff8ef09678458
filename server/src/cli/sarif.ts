import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Rule } from '../engine/rule-api';
import type { Finding, Location, Range, Severity } from '../engine/types';
import { ruleDocUrl, type ScanReport } from './report';
import { fingerprint } from './fingerprint';

const LEVEL: Record<Severity, Sarif.Result.level> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

const SRCROOT = '%SRCROOT%';

/** Builds a SARIF 2.1.0 log: every rule with its help URI and tags, every finding as a result. */
export function toSarif(report: ScanReport): Sarif.Log {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.meta.id, index]));
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: 'PHI Guard',
        version: report.toolVersion,
        semanticVersion: report.toolVersion,
        informationUri: 'https://github.com/phi-guard/phi-guard',
        rules: report.rules.map(describeRule),
      },
    },
    originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(report.baseDir) } },
    columnKind: 'utf16CodeUnits',
    results: report.findings.map((finding) => toResult(finding, report, ruleIndex)),
    invocations: [
      {
        executionSuccessful: report.complete,
        toolExecutionNotifications: [
          ...report.errors.map((message) => ({ level: 'error' as const, message: { text: message } })),
          ...report.notices.map((notice) => ({
            level: LEVEL[notice.severity],
            message: { text: notice.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: artifact(notice.path, report.baseDir),
                  region: notice.range ? region(notice.range) : undefined,
                },
              },
            ],
          })),
        ],
      },
    ],
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [run],
  };
}

function describeRule(rule: Rule): Sarif.ReportingDescriptor {
  const meta = rule.meta;
  const tags = [
    'security',
    ...meta.hipaa.map((p) => `HIPAA-164.312${p}`),
    ...meta.masvs,
    ...meta.cwe.map((id) => `external/cwe/cwe-${id}`),
  ];
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.summary },
    fullDescription: { text: meta.summary },
    helpUri: ruleDocUrl(meta.id),
    help: { text: `${meta.summary} See ${ruleDocUrl(meta.id)}` },
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    properties: {
      tags,
      category: meta.category,
      hipaa: meta.hipaa.map((p) => `45 CFR 164.312${p}`),
      masvs: meta.masvs,
      wave: meta.wave,
    },
  };
}

function toResult(finding: Finding, report: ScanReport, ruleIndex: Map<string, number>): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [location(finding, report.baseDir)],
    partialFingerprints: { 'phiGuard/v1': fingerprint(finding, report.baseDir) },
  };
  if (finding.related.length > 0) {
    result.relatedLocations = finding.related.map((related, id) => ({
      id,
      ...location(related, report.baseDir),
      message: { text: related.message },
    }));
  }
  if (finding.suppression) {
    const { reason, expires, location: comment } = finding.suppression;
    result.suppressions = [
      {
        kind: 'inSource',
        status: 'accepted',
        justification: reason,
        location: location(comment, report.baseDir),
        // Only an active suppression hides a finding; expired and invalid ones are reported
        // as invalid-suppression results instead.
        properties: { status: 'active', ...(expires ? { expires } : {}) },
      },
    ];
  } else if (report.baseline) {
    result.baselineState = 'new';
  }
  return result;
}

function location(where: Location, baseDir: string): Sarif.Location {
  return {
    physicalLocation: {
      artifactLocation: artifact(where.path, baseDir),
      region: region(where.range),
    },
  };
}

function artifact(filePath: string, baseDir: string): Sarif.ArtifactLocation {
  const relative = path.relative(baseDir, filePath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(filePath).href };
  }
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** SARIF lines and columns are 1-based; columns count UTF-16 code units (see columnKind). */
function region(range: Range): Sarif.Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
