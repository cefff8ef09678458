import * as path from 'node:path';
import type { EngineConfig } from '../config';
import type { DartEndpoint } from '../dart/endpoints';
import type { DartFile } from '../dart/model';
import { nscPinnedDomains, pinsFor } from '../dart/nsc-pins';
import { readStringLiteral } from '../dart/strings';
import { namedChildren, type SyntaxNode } from '../dart/syntax';
import { matchesDomain } from '../dart/urls';
import { childElements, type XmlDocument, type XMLElement } from '../parsers/xml';
import type { Fix, FileChange, TextEdit } from '../types';
import type { Project } from '../workspace';
import { addImport, projectImportUri } from './dart-imports';
import {
  PINNED_CLIENT_FILE_NAME,
  PINNED_CLIENT_SOURCE,
  PINNED_DIO_FILE_NAME,
  PINNED_DIO_SOURCE,
  PINNED_HOSTS_FILE_NAME,
  PINNED_HTTP_FILE_NAME,
  PINNED_HTTP_SOURCE,
  pinnedHostEntry,
  pinnedHostsSource,
  type HostPins,
} from './pinned-client-source';
import { rewriteClientSite, type SiteRewrite } from './pinned-client-sites';
import { addDependencies, type Dependency } from './pubspec';

export const CRYPTO: Dependency = { name: 'crypto', constraint: '^3.0.3' };
export const HTTP: Dependency = { name: 'http', constraint: '^1.2.0' };
export const DIO: Dependency = { name: 'dio', constraint: '^5.4.0' };

/** The base64 SHA-256 of 32 zero bytes, which the NSC pin-set fix writes as a placeholder. */
const ZERO_PIN = `${'A'.repeat(43)}=`;

/** A client to rewrite, in the file that makes it. */
export interface PinTarget {
  file: DartFile;
  endpoint: DartEndpoint;
}

/** The inputs of one pinned-client fix. */
export interface PinnedClientRequest {
  project: Project;
  config: EngineConfig;
  title: string;
  targets: PinTarget[];
  /** The pin table entries the clients need. */
  hosts: HostPins[];
}

/**
 * Builds one unsafe fix that moves the targets onto the generated pinned client. It rewrites
 * each client site and imports the helper there. It creates the missing helpers, adds missing
 * hosts to an existing pin table and adds the packages to pubspec.yaml. The fix is unsafe
 * because a placeholder pin or a host missing from the table stops those requests until pins
 * are filled in. Returns undefined when no target can be rewritten or pubspec.yaml cannot
 * take the packages.
 */
export function pinnedClientFix(request: PinnedClientRequest): Fix | undefined {
  const { project, config } = request;
  const rewrites = request.targets.flatMap(({ file, endpoint }) => {
    const rewrite = rewriteClientSite(file, endpoint);
    return rewrite ? [{ file, rewrite }] : [];
  });
  if (rewrites.length === 0) return undefined;
  const stacks = new Set(rewrites.map(({ rewrite }) => rewrite.stack));
  if (stacks.has('dio') && !supportsCreateHttpClient(project)) return undefined;
  const dependencies = addDependencies(project, dependenciesFor(stacks));
  if (!dependencies) return undefined;
  const directory = path.posix.join(project.root, config.helperDirectory);
  const changes: FileChange[] = [
    ...siteChanges(project, directory, rewrites),
    ...helperChanges(project, directory, stacks, request.hosts),
    ...dependencies,
  ];
  return { title: request.title, safe: false, changes };
}

function dependenciesFor(stacks: Set<SiteRewrite['stack']>): Dependency[] {
  return [CRYPTO, ...(stacks.has('http') ? [HTTP] : []), ...(stacks.has('dio') ? [DIO] : [])];
}

/**
 * Checks that a locked dio has `IOHttpClientAdapter.createHttpClient`. The dio 5.2.0 release
 * notes introduce it in place of `onHttpClientCreate`, so an older lock gets no fix.
 */
function supportsCreateHttpClient(project: Project): boolean {
  const locked = project.lockedVersion('dio');
  if (locked === undefined) return true;
  const [major, minor] = locked.split('.').map((part) => Number.parseInt(part, 10));
  return major > 5 || (major === 5 && minor >= 2);
}

function siteChanges(
  project: Project,
  directory: string,
  rewrites: Array<{ file: DartFile; rewrite: SiteRewrite }>,
): FileChange[] {
  const byFile = new Map<DartFile, SiteRewrite[]>();
  for (const { file, rewrite } of rewrites) {
    byFile.set(file, [...(byFile.get(file) ?? []), rewrite]);
  }
  return [...byFile].map(([file, list]) => {
    const edits: TextEdit[] = list.map((rewrite) => rewrite.edit);
    for (const helper of new Set(list.map((rewrite) => rewrite.helperFile))) {
      const uri = projectImportUri(project, file.path, path.posix.join(directory, helper));
      const importEdit = addImport(file, uri);
      if (importEdit) edits.push(importEdit);
    }
    return { kind: 'edit', path: file.path, edits };
  });
}

/**
 * Creates the pin table, the core helper and the adapters the stacks need, each only when it is
 * missing. An existing helper is kept as it is, and only the missing hosts are added to the
 * existing pin table.
 */
function helperChanges(
  project: Project,
  directory: string,
  stacks: Set<SiteRewrite['stack']>,
  hosts: HostPins[],
): FileChange[] {
  const changes: FileChange[] = [];
  const table = pinTableChange(project, directory, hosts);
  if (table) changes.push(table);
  const helpers: Array<[string, string, boolean]> = [
    [PINNED_CLIENT_FILE_NAME, PINNED_CLIENT_SOURCE, true],
    [PINNED_HTTP_FILE_NAME, PINNED_HTTP_SOURCE, stacks.has('http')],
    [PINNED_DIO_FILE_NAME, PINNED_DIO_SOURCE, stacks.has('dio')],
  ];
  for (const [name, content, needed] of helpers) {
    const helperPath = path.posix.join(directory, name);
    if (needed && !project.get(helperPath)) {
      changes.push({ kind: 'create', path: helperPath, content });
    }
  }
  return changes;
}

/**
 * Creates `pinned_hosts.dart`, or adds the missing hosts to an existing `pinnedHosts` table.
 * That table is in `pinned_hosts.dart` when the file exists. Without the file, a core helper
 * that still declares the table itself, as older PHI Guard versions generated it, gets the
 * entries, because that helper does not read `pinned_hosts.dart`.
 */
function pinTableChange(
  project: Project,
  directory: string,
  hosts: HostPins[],
): FileChange | undefined {
  const hostsPath = path.posix.join(directory, PINNED_HOSTS_FILE_NAME);
  const corePath = path.posix.join(directory, PINNED_CLIENT_FILE_NAME);
  const existing = project.get(hostsPath);
  const core = project.get(corePath)?.dart();
  const legacy = !existing && core && pinTableList(core) ? core : undefined;
  if (!existing && !legacy) {
    return { kind: 'create', path: hostsPath, content: pinnedHostsSource(hosts) };
  }
  // NOTE: a pinned_hosts.dart without a parsable pinnedHosts list gets no entries, so the new
  // hosts stay rejected until someone adds them by hand.
  const tableFile = existing ? existing.dart() : legacy;
  if (!tableFile) return undefined;
  const edit = tableAdditions(tableFile, hosts);
  return edit ? { kind: 'edit', path: tableFile.path, edits: [edit] } : undefined;
}

/** Inserts entries for the hosts that the existing `pinnedHosts` list does not name yet. */
function tableAdditions(dart: DartFile, hosts: HostPins[]): TextEdit | undefined {
  const list = pinTableList(dart);
  if (!list) return undefined;
  const present = new Set(pinTableHosts(list));
  const missing = hosts.filter((entry) => !present.has(entry.host));
  if (missing.length === 0) return undefined;
  const close = list.endIndex - 1;
  const lineStart = dart.text.lastIndexOf('\n', close - 1) + 1;
  const onOwnLine = dart.text.slice(lineStart, close).trim() === '';
  const at = onOwnLine ? lineStart : close;
  const text = missing.map(pinnedHostEntry).join('');
  return { range: dart.source.rangeOf(at, at), newText: onOwnLine ? text : `\n${text}` };
}

/** Finds the list literal of the generated `pinnedHosts` constant. */
export function pinTableList(dart: DartFile): SyntaxNode | undefined {
  for (const declaration of dart.root.descendantsOfType('static_final_declaration')) {
    const children = declaration ? namedChildren(declaration) : [];
    if (children[0]?.text !== 'pinnedHosts') continue;
    return children.find((child) => child.type === 'list_literal');
  }
  return undefined;
}

/** Lists the host names of the `PinnedHost(...)` entries of the table. */
function pinTableHosts(list: SyntaxNode): string[] {
  return list.descendantsOfType('argument').flatMap((argument) => {
    const literal = argument?.namedChildren[0];
    const owner = argument?.parent?.parent?.parent?.previousNamedSibling;
    if (literal?.type !== 'string_literal' || owner?.text !== 'PinnedHost') return [];
    const value = readStringLiteral(literal).constant;
    return value ? [value] : [];
  });
}

/**
 * Returns the pin table entry of a host the client talks to: the pins of phi_guard.yaml's
 * `hosts.phi` entry when it has some, else those of the NSC `<pin-set>` that covers the host,
 * else two placeholders. A single known pin gets a placeholder backup beside it.
 */
export function hostPinsFor(project: Project, config: EngineConfig, host: string): HostPins {
  const configured = configuredPins(config, host);
  if (configured) return { host, includeSubdomains: false, pins: configured, source: 'config' };
  const covering = pinsFor(host, nscPinnedDomains(project))[0];
  const fromNsc = covering ? nscPins(covering.file.xml(), covering.pinSet) : [];
  if (fromNsc.length > 0) {
    return { host, includeSubdomains: false, pins: withBackup(fromNsc), source: 'nsc' };
  }
  return placeholderEntry(host, false);
}

/** Returns the entry of an NSC domain, with the pins of its pin-set unless the config has some. */
export function domainPinsFor(
  config: EngineConfig,
  xml: XmlDocument,
  pinSet: XMLElement,
  domain: { name: string; includeSubdomains: boolean },
): HostPins {
  const host = domain.name;
  const configured = configuredPins(config, host);
  const { includeSubdomains } = domain;
  if (configured) return { host, includeSubdomains, pins: configured, source: 'config' };
  const fromNsc = nscPins(xml, pinSet);
  if (fromNsc.length > 0) {
    return { host, includeSubdomains, pins: withBackup(fromNsc), source: 'nsc' };
  }
  return placeholderEntry(host, includeSubdomains);
}

function configuredPins(config: EngineConfig, host: string): Array<string | undefined> | undefined {
  const entry = config.hosts.phi.find(
    (candidate) => candidate.pins.length > 0 && matchesDomain(host, candidate.host, true),
  );
  return entry ? withBackup(entry.pins) : undefined;
}

/** Reads the SHA-256 pins of a pin-set, leaving out the zero placeholder. */
function nscPins(xml: XmlDocument, pinSet: XMLElement): string[] {
  return childElements(pinSet, 'pin')
    .filter((pin) => (xml.attribute(pin, 'digest')?.value ?? 'SHA-256').trim() === 'SHA-256')
    .map((pin) => xml.text(pin))
    .filter((value) => value !== '' && value !== ZERO_PIN);
}

function withBackup(pins: string[]): Array<string | undefined> {
  return pins.length >= 2 ? [...pins] : [...pins, undefined];
}

function placeholderEntry(host: string, includeSubdomains: boolean): HostPins {
  return { host, includeSubdomains, pins: [undefined, undefined], source: 'placeholder' };
}
