// Which manifests are simulated together, parsed once per document version (open editors) or
// file modification time (files on disk), so CodeLens, hover and diagnostics share one parse.
import type { TemplateAction } from '../engine/helm';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IncrementalParser } from './analysis/incremental-parse';
import { looksLikeScenario } from './analysis/scenario-tests';
import type { InputError, RawDoc } from '../engine/manifest';
import { core } from './core-loader';
import type { Scenario } from '../scenario/scenario';
import type { SourcePosition, SourceRange } from '../engine/types';

export type { ManifestScope } from './settings';
import type { ManifestScope } from './settings';

export interface ParsedFile {
  uri: vscode.Uri;
  /** Name used in positions and messages: the path relative to the workspace folder. */
  label: string;
  /** Document version (open) or mtime (on disk) this parse belongs to. */
  stamp: string;
  /** The text parsed (the simulation worker parses it again on its side). */
  text: string;
  docs: RawDoc[];
  /** The file's Scenario, when its first document is `kind: Scenario`. */
  scenario: Scenario | null;
  /** Why the file could not be read or parsed (YAML syntax, size, …). */
  errors: InputError[];
  /** Set on a file's last valid parse standing in for its current text, which has this error. */
  stale?: InputError;
  /** A Helm chart's template: where its first action is. It has no documents (not simulated). */
  helm?: TemplateAction;
}

/** A Kubernetes object as written: its kind, name and where its document starts. */
export interface ObjectAt {
  kind: string;
  name: string;
  namespace: string;
  doc: RawDoc;
}

const MAX_SCOPE_FILES = 500;

export class ManifestIndex {
  private readonly cache = new Map<string, ParsedFile>();
  /** Each file's last parse without errors: what lenses and the simulation keep while a line is
   * half typed. */
  private readonly lastGood = new Map<string, ParsedFile>();
  /** Per file: its documents by piece, so an edit re-parses only the document it touched. */
  private readonly parsers = new Map<string, IncrementalParser>();

  private parserFor(uri: vscode.Uri, label: string): IncrementalParser {
    const key = uri.toString();
    let parser = this.parsers.get(key);
    if (!parser || parser.file !== label)
      this.parsers.set(key, (parser = new (core().IncrementalParser)(label)));
    return parser;
  }

  /** The parse of an open document (cached per version). */
  parse(document: vscode.TextDocument): ParsedFile {
    const key = document.uri.toString();
    const stamp = `v${document.version}`;
    const hit = this.cache.get(key);
    if (hit && hit.stamp === stamp) return hit;
    const label = labelOf(document.uri);
    const parsed = parseText(
      document.getText(),
      document.uri,
      label,
      stamp,
      this.parserFor(document.uri, label),
    );
    this.remember(key, parsed);
    return parsed;
  }

  /**
   * The parse lenses and the simulation show: the current one, or while the text has a YAML error,
   * the last valid one marked `stale` with that error (none yet: the current, broken parse).
   */
  lastValid(document: vscode.TextDocument): ParsedFile {
    return this.orLastGood(this.parse(document));
  }

  private orLastGood(parsed: ParsedFile): ParsedFile {
    if (parsed.errors.length === 0) return parsed;
    const good = this.lastGood.get(parsed.uri.toString());
    return good ? { ...good, stale: parsed.errors[0] } : parsed;
  }

  private remember(key: string, parsed: ParsedFile): void {
    this.cache.set(key, parsed);
    if (parsed.errors.length === 0) this.lastGood.set(key, parsed);
  }

  /** The parse of a file: the open document if there is one, else the file on disk. */
  async parseUri(uri: vscode.Uri): Promise<ParsedFile | null> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.parse(open);
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      return null;
    }
    const stamp = `m${stat.mtime}:${stat.size}`;
    const hit = this.cache.get(uri.toString());
    if (hit && hit.stamp === stamp) return hit;
    const bytes = await vscode.workspace.fs.readFile(uri);
    const label = labelOf(uri);
    const parsed = parseText(new TextDecoder().decode(bytes), uri, label, stamp, this.parserFor(uri, label));
    this.remember(uri.toString(), parsed);
    return parsed;
  }

  /**
   * The files simulated together with `document`, the document's own file first. Another file
   * with a YAML error counts with its last valid version; the document's own file too with
   * `ownLastValid` (the simulation), not for its own diagnostics.
   */
  async collect(
    document: vscode.TextDocument,
    scope: ManifestScope,
    ownLastValid = false,
  ): Promise<ParsedFile[]> {
    const own = ownLastValid ? this.lastValid(document) : this.parse(document);
    if (scope === 'file' || own.scenario) return [own];
    const uris = await scopeUris(document.uri, scope);
    const files: ParsedFile[] = [];
    for (const uri of uris) {
      if (uri.toString() === document.uri.toString()) continue;
      const read = await this.parseUri(uri);
      const parsed = read ? this.orLastGood(read) : null;
      // Scenario files and files without a single Kubernetes object are not manifests.
      if (parsed && !parsed.scenario && parsed.docs.some((d) => objectOf(d))) files.push(parsed);
    }
    files.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    return [own, ...files];
  }

  /** Drop the cached parse (the file changed on disk or closed); the last valid one stays while
   * the file exists, for the lenses of a file reopened with an error. */
  forget(uri: vscode.Uri, deleted = false): void {
    this.cache.delete(uri.toString());
    this.parsers.delete(uri.toString());
    if (deleted) this.lastGood.delete(uri.toString());
  }
}

async function scopeUris(uri: vscode.Uri, scope: ManifestScope): Promise<vscode.Uri[]> {
  if (scope === 'workspace') {
    return vscode.workspace.findFiles('**/*.{yaml,yml}', '**/{node_modules,.git}/**', MAX_SCOPE_FILES);
  }
  // `kubectl apply -f <folder>`: the .yaml/.yml files of that folder, not its subfolders.
  const folder = vscode.Uri.joinPath(uri, '..');
  try {
    const entries = await vscode.workspace.fs.readDirectory(folder);
    return entries
      .filter(([name, type]) => type === vscode.FileType.File && /\.ya?ml$/i.test(name))
      .map(([name]) => vscode.Uri.joinPath(folder, name))
      .slice(0, MAX_SCOPE_FILES);
  } catch {
    return [uri];
  }
}

function parseText(
  text: string,
  uri: vscode.Uri,
  label: string,
  stamp: string,
  parser: IncrementalParser,
): ParsedFile {
  const base = { uri, label, stamp, text };
  try {
    if (looksLikeScenario(text)) {
      const scenario = core().parseScenarioText(text, label, baseDirOf(uri));
      if (scenario.origin === 'scenario') return { ...base, docs: [], scenario, errors: [] };
    }
    return { ...base, docs: parser.parse(text), scenario: null, errors: [] };
  } catch (e) {
    // The parser finds a Helm template before any YAML error: one warning instead of an error per line.
    if (e instanceof core().HelmTemplateError && e.wholeFile) {
      const { line, column } = e.errors[0];
      return { ...base, docs: [], scenario: null, errors: [], helm: { line, column } };
    }
    if (e instanceof core().InputErrorException)
      return { ...base, docs: [], scenario: null, errors: e.errors };
    const message = e instanceof Error ? e.message : String(e);
    return { ...base, docs: [], scenario: null, errors: [{ file: label, line: 1, column: 1, message }] };
  }
}

/** The folder `file:` entries of a scenario are relative to. */
export function baseDirOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? path.dirname(uri.fsPath) : '.';
}

export function labelOf(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/** kind, name and namespace of a document, when it looks like a Kubernetes object. */
export function objectOf(doc: RawDoc): ObjectAt | null {
  const body = doc.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  const kind = typeof record.kind === 'string' ? record.kind : null;
  const metadata =
    record.metadata && typeof record.metadata === 'object'
      ? (record.metadata as Record<string, unknown>)
      : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
  if (!kind) return null;
  return { kind, name, namespace, doc };
}

export function toPosition(p: SourcePosition): vscode.Position {
  return new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.column - 1));
}

export function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(toPosition(r.start), toPosition(r.end));
}
