// Reads manifest files the way kubectl does (multi-document YAML with YAML 1.1 scalars, as
// sigs.k8s.io/yaml resolves them) while keeping where every document and field was written, so
// that messages can point at a line and column.
//
// Untrusted input must never hang the process or exhaust memory, so besides the file size limit
// the lexer/parser is driven by hand and stopped early on pathological nesting or size, and the
// checks the yaml package would do in quadratic time (duplicate keys) are done here in linear time.
import * as fs from 'fs';
import * as nodePath from 'path';
import {
  Composer,
  Lexer,
  LineCounter,
  Parser,
  isAlias,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  type CST,
  type Document,
  type ParsedNode,
  type Tags,
  type YAMLError,
} from 'yaml';
import { InputErrorException, type FieldPath, type InputError, type RawDoc } from './manifest';
import type { SourcePosition, SourceRange } from './types';

export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Parser stack entries (about two per nesting level); real manifests stay far below this. */
const MAX_PARSE_STACK = 256;
/** Tokens in one document; a Kubernetes object is at most ~1.5 MB (etcd's request limit). */
const MAX_DOCUMENT_TOKENS = 500_000;
const MAX_DOCUMENTS = 10_000;
/** The yaml package's own default: refuses "billion laughs" expansions. */
const MAX_ALIAS_COUNT = 100;
const MAX_REPORTED_ERRORS = 20;
// Outside YAML's printable set (c-printable); U+0085 (NEL) is allowed, so is every other character.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/;
/** The yaml package quotes the offending token whole; binary or runaway input makes that huge. */
const MAX_MESSAGE_CHARS = 200;

export interface LoadOptions {
  /** Added to every line number (for YAML embedded in another file). */
  lineOffset?: number;
  /** Added to every column number (indentation of an embedded block). */
  columnOffset?: number;
}

/** One non-empty document with its node tree, for callers that need more than RawDoc (scenario parser). */
export interface ParsedYamlDoc {
  raw: RawDoc;
  doc: Document.Parsed;
  /** Position of a character offset of the parsed text, shifted by the load options. */
  position(offset: number): SourcePosition;
}

// YAML 1.1 like kubectl (0644 is octal, yes/no/on/off are booleans, `<<` merges), but without the
// timestamp and base-60 types, which would turn `2024-01-01` or `1:20` into non-strings.
const k8sTags = (tags: Tags): Tags =>
  tags.filter((t) =>
    typeof t === 'string'
      ? t !== 'timestamp' && t !== 'intTime' && t !== 'floatTime'
      : t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME',
  );

const COMPOSE_OPTIONS = {
  version: '1.1',
  customTags: k8sTags,
  prettyErrors: false,
  // Checked in linear time by checkNodes(); the yaml package's check is quadratic per mapping.
  uniqueKeys: false,
} as const;

function inputError(file: string, pos: SourcePosition, message: string): InputErrorException {
  return new InputErrorException([{ file, line: pos.line, column: pos.column, message }]);
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function tooLarge(file: string, bytes: number, at: SourcePosition): InputErrorException {
  return inputError(
    file,
    at,
    `file is ${megabytes(bytes)}; the largest file k8s-sim reads is ${MAX_FILE_BYTES / (1024 * 1024)} MB`,
  );
}

/**
 * Parses multi-document YAML text into positioned documents. Empty documents are skipped.
 * Throws InputErrorException for syntax errors, duplicate keys, alias bombs, excessive nesting
 * and oversized text.
 */
export function parseYamlText(text: string, file: string, opts: LoadOptions = {}): ParsedYamlDoc[] {
  const lineOffset = opts.lineOffset ?? 0;
  const columnOffset = opts.columnOffset ?? 0;
  const lineCounter = new LineCounter();
  const position = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { line: p.line + lineOffset, column: p.col + columnOffset };
  };
  const fail = (offset: number, message: string): never => {
    throw inputError(file, position(offset), message);
  };

  // Cheap before parsing; String length bounds the UTF-8 size from below, so a huge text is
  // refused without encoding it.
  if (text.length > MAX_FILE_BYTES || Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) {
    throw tooLarge(file, Buffer.byteLength(text, 'utf8'), { line: 1 + lineOffset, column: 1 + columnOffset });
  }
  // A BOM is not content; dropping it keeps columns of the first line right.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // YAML allows only printable characters (tab, CR and LF aside); kubectl refuses the rest with
  // "control characters are not allowed". The yaml package would take them into plain scalars,
  // so that a binary file became one odd string.
  const control = CONTROL_CHARACTER.exec(source);
  if (control) {
    const lineStart = source.lastIndexOf('\n', control.index) + 1;
    let line = 1;
    for (let i = source.indexOf('\n'); i !== -1 && i < control.index; i = source.indexOf('\n', i + 1)) line++;
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw inputError(
      file,
      { line: line + lineOffset, column: control.index - lineStart + 1 + columnOffset },
      `invalid YAML: control character U+${code} is not allowed (is this a text file?)`,
    );
  }

  const composer = new Composer(COMPOSE_OPTIONS);
  const errors: InputError[] = [];
  const addError = (e: YAMLError): void => {
    if (errors.length >= MAX_REPORTED_ERRORS) return;
    const p = position(e.pos[0]);
    const text =
      e.message.length > MAX_MESSAGE_CHARS ? `${e.message.slice(0, MAX_MESSAGE_CHARS)}…` : e.message;
    errors.push({ file, line: p.line, column: p.column, message: `invalid YAML: ${text}` });
  };
  const result: ParsedYamlDoc[] = [];
  for (const doc of composer.compose(guardedTokens(source, lineCounter, fail))) {
    doc.errors.forEach(addError);
    if (errors.length > 0) continue; // keep collecting syntax errors, skip the rest of the work
    const contents = doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    const hasAlias = checkNodes(contents, position, fail);
    let body: unknown;
    try {
      body = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/alias count/i.test(message)) {
        fail(contents.range[0], 'too many YAML alias expansions (possible alias bomb)');
      }
      fail(contents.range[0], `invalid YAML: ${message}`);
    }
    // toJS gives every use of an anchor the same JS object; consumers may mutate one place.
    if (hasAlias) body = unshare(body);
    result.push({ raw: makeRawDoc(doc, body, file, source, result.length, position), doc, position });
  }
  composer.streamInfo().errors.forEach(addError);
  if (errors.length > 0) throw new InputErrorException(errors);
  return result;
}

/** Splits multi-document YAML text into RawDocs (see parseYamlText for errors). */
export function loadManifestText(text: string, file: string, opts?: LoadOptions): RawDoc[] {
  return parseYamlText(text, file, opts).map((d) => d.raw);
}

/** Reads and splits a manifest file; `file` in positions is displayName ?? path. */
export function loadManifestFile(path: string, displayName?: string): RawDoc[] {
  const file = displayName ?? path;
  return loadManifestText(readInputFile(path, file), file);
}

/** `*.yaml` / `*.yml` files directly in a folder, sorted by name like `kubectl apply -f folder`. */
export function listYamlFiles(folder: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (e) {
    throw inputError(folder, { line: 1, column: 1 }, `cannot read folder: ${describeFsError(e)}`);
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (!/\.ya?ml$/i.test(entry.name)) continue;
    const full = nodePath.join(folder, entry.name);
    // Symlinks count when they point at a file, as kubectl follows them.
    if (entry.isFile() || (entry.isSymbolicLink() && isFile(full))) names.push(entry.name);
  }
  // Code-unit order, as Go's filepath.Walk (kubectl) sorts, independent of locale.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((n) => nodePath.join(folder, n));
}

function isFile(path: string): boolean {
  try {
    return fs.statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads a text file of at most MAX_FILE_BYTES. The size is checked with stat before reading,
 * and the read itself is bounded (the file may grow in between). Errors name the file at 1:1.
 */
export function readInputFile(path: string, displayName?: string): string {
  const file = displayName ?? path;
  const start = { line: 1, column: 1 };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch (e) {
    throw inputError(file, start, `cannot read file: ${describeFsError(e)}`);
  }
  // A FIFO or device could block forever or never end.
  if (stat.isDirectory()) throw inputError(file, start, 'cannot read file: it is a folder');
  if (!stat.isFile()) throw inputError(file, start, 'cannot read file: not a regular file');
  if (stat.size > MAX_FILE_BYTES) throw tooLarge(file, stat.size, start);
  let bytes: Buffer;
  try {
    bytes = readAtMost(path, MAX_FILE_BYTES + 1);
  } catch (e) {
    throw inputError(file, start, `cannot read file: ${describeFsError(e)}`);
  }
  if (bytes.length > MAX_FILE_BYTES) throw tooLarge(file, bytes.length, start);
  return decode(bytes);
}

function readAtMost(path: string, limit: number): Buffer {
  const fd = fs.openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < limit) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, limit - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

/** UTF-8 unless a UTF-16 byte order mark says otherwise (Windows editors write those). */
function decode(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes);
  return bytes.toString('utf8');
}

/** A file system error in words, without errno numbers or stack traces. */
export function describeFsError(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENAMETOOLONG':
      return 'path too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EIO':
      return 'input/output error';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return code ? `unexpected error (${code})` : 'unexpected error';
  }
}

/**
 * Drives lexer and parser token by token so that runaway input is stopped while it is read:
 * deep nesting would overflow the stack in the recursive composer, and huge collections take
 * seconds and gigabytes in the parser.
 */
function* guardedTokens(
  source: string,
  lineCounter: LineCounter,
  fail: (offset: number, message: string) => never,
): Generator<CST.Token> {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  let tokens = 0;
  let documents = 0;
  const countDocument = (token: CST.Token): CST.Token => {
    if (token.type === 'document') {
      tokens = 0;
      if (++documents > MAX_DOCUMENTS)
        fail(token.offset, `more than ${MAX_DOCUMENTS} YAML documents in one file`);
    }
    return token;
  };
  for (const lexeme of new Lexer().lex(source)) {
    const c = lexeme.charCodeAt(0);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) tokens++;
    for (const token of parser.next(lexeme)) yield countDocument(token);
    if (parser.stack.length > MAX_PARSE_STACK) {
      fail(parser.offset, 'YAML is nested too deeply (refusing to parse it)');
    }
    if (tokens > MAX_DOCUMENT_TOKENS) {
      fail(parser.offset, `YAML document is too large (more than ${MAX_DOCUMENT_TOKENS} tokens)`);
    }
  }
  for (const token of parser.end()) yield countDocument(token);
}

/**
 * One linear pass over a document, in document order: duplicate keys, keys that are maps or
 * lists (Kubernetes has only string keys), and aliases that refer to a node containing them
 * (a cycle). Returns whether the document uses aliases.
 */
function checkNodes(
  contents: ParsedNode,
  position: (offset: number) => SourcePosition,
  fail: (offset: number, message: string) => never,
): boolean {
  type Task =
    | { t: 'node'; node: unknown }
    | { t: 'close'; node: unknown }
    | { t: 'key'; node: unknown; seen: Map<string, number> };
  // The latest node defined under each anchor so far, which is what an alias at this point means.
  const anchors = new Map<string, unknown>();
  const open = new Set<unknown>(); // collections being walked: ancestors of the current node
  let hasAlias = false;
  const stack: Task[] = [{ t: 'node', node: contents }];
  while (stack.length > 0) {
    const task = stack.pop() as Task;
    const node = task.node;
    if (task.t === 'close') {
      open.delete(node);
      continue;
    }
    if (task.t === 'key') {
      const key = isAlias(node) ? anchors.get(node.source) : node;
      if (isCollection(key)) fail(offsetOf(node), 'mapping keys must be strings, not maps or lists');
      // Same identity as the JS object key the document becomes; `<<` merge keys may repeat.
      if (isScalar(key) && typeof key.value !== 'symbol') {
        const name = key.value === null ? '' : String(key.value);
        const first = task.seen.get(name);
        if (first !== undefined) {
          fail(offsetOf(node), `duplicate key "${name}" (first at line ${position(first).line})`);
        }
        task.seen.set(name, offsetOf(node));
      }
    }
    if (isAlias(node)) {
      hasAlias = true;
      if (open.has(anchors.get(node.source))) {
        fail(offsetOf(node), `YAML alias *${node.source} refers to a node that contains it`);
      }
      continue;
    }
    if (isScalar(node) && node.anchor) anchors.set(node.anchor, node);
    if (!isCollection(node)) continue;
    if (node.anchor) anchors.set(node.anchor, node);
    open.add(node);
    stack.push({ t: 'close', node });
    const seen = new Map<string, number>();
    // Pushed in reverse so that they are visited in document order.
    for (let i = node.items.length - 1; i >= 0; i--) {
      const child: unknown = node.items[i];
      if (isPair(child)) {
        stack.push({ t: 'node', node: child.value }, { t: 'key', node: child.key, seen });
      } else {
        stack.push({ t: 'node', node: child });
      }
    }
  }
  return hasAlias;
}

/**
 * Deep copy of plain data so that no object is reachable twice. Bounded: cycles and runaway
 * expansion were refused before, and nesting is limited by the parser guard.
 */
function unshare(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unshare);
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // defineProperty: a `__proto__` key must stay an own property.
    Object.defineProperty(out, k, {
      value: unshare(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function offsetOf(node: unknown): number {
  return isNode(node) && node.range ? node.range[0] : 0;
}

function makeRawDoc(
  doc: Document.Parsed,
  body: unknown,
  file: string,
  text: string,
  index: number,
  position: (offset: number) => SourcePosition,
): RawDoc {
  const contents = doc.contents as ParsedNode;
  // A block collection's range runs to the start of the next line; end after the last character.
  let end = contents.range[1];
  while (end > contents.range[0] && /\s/.test(text[end - 1])) end--;
  const source: SourceRange = { file, start: position(contents.range[0]), end: position(end) };
  return {
    body,
    source,
    index,
    locate: (path) => position(locateOffset(doc, contents, path)),
  };
}

/**
 * Offset of the field at `path`: the key of a mapping entry (where the field is written, also
 * when its value is empty or starts on the next line), an item of a list, or else the nearest
 * existing ancestor. Through aliases the anchored node's position is used.
 */
function locateOffset(doc: Document.Parsed, contents: ParsedNode, path: FieldPath): number {
  let node: unknown = contents;
  let offset = offsetOf(contents);
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      offset = offsetOf(pair.key);
      node = pair.value;
    } else if (isSeq(node)) {
      const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
      const item: unknown = node.items[index];
      if (item === undefined || item === null) break;
      offset = offsetOf(item);
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
