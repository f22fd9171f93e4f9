// Reads manifest files the way kubectl does (multi-document YAML with YAML 1.1 scalars, as
// sigs.k8s.io/yaml resolves them) while keeping where every document and field was written, so
// that messages can point at a line and column.
//
// Untrusted input must never hang the process or exhaust memory, so besides the file size limit
// the lexer/parser is driven by hand and stopped early on pathological nesting or size, and the
// checks the yaml package would do in quadratic time (duplicate keys) are done here in linear time.
import { HELM_TEMPLATE_MESSAGE, helmTemplateAction } from './helm';
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
  type ScalarTag,
  type Tags,
  type YAMLError,
} from 'yaml';
import { InputErrorException, type FieldPath, type InputError, type RawDoc } from './manifest';
import type { SourcePosition, SourceRange } from './types';

export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** YAML bytes one run may read in all (its scenario, manifest and apply files, each time named):
 * the per-file limit alone would let a scenario name the same large file thousands of times. */
export const MAX_RUN_INPUT_BYTES = 16 * 1024 * 1024;

/** Counts the bytes of every file one run reads against MAX_RUN_INPUT_BYTES. */
export class InputBudget {
  private bytes = 0;

  /** Counts `bytes` more; past the limit, the message the caller reports where the file is named. */
  add(bytes: number): string | null {
    this.bytes += bytes;
    if (this.bytes <= MAX_RUN_INPUT_BYTES) return null;
    return (
      `the files of this run add up to more than ${MAX_RUN_INPUT_BYTES / 1024 / 1024} MB ` +
      '(the limit for one run, counting a file each time it is named)'
    );
  }

  /** Counts the file at `path` by its size on disk, before it is read (0 if it cannot be read:
   * reading it then says why). */
  addFile(path: string): string | null {
    let size = 0;
    try {
      size = fs.statSync(path).size;
    } catch {
      // Reported by the read.
    }
    return this.add(size);
  }
}

/** Parser stack entries (about two per nesting level); real manifests stay far below this. */
const MAX_PARSE_STACK = 256;
/** Tokens in one document; a Kubernetes object is at most ~1.5 MB (etcd's request limit). */
const MAX_DOCUMENT_TOKENS = 500_000;
export const MAX_DOCUMENTS = 10_000;
/**
 * Alias expansions in one document (README "Limits"): each `*name` counts once, plus the
 * expansions inside what it names, so that nested "billion laughs" aliases are counted as the
 * copies they would make. 100 are accepted, the 101st is refused.
 */
export const MAX_ALIAS_EXPANSIONS = 100;
/**
 * Values (scalars, maps, lists) of one document once its aliases are expanded. Without aliases
 * the token limit keeps a document far below; 100 copies of a huge anchored list would take
 * seconds and hundreds of megabytes to copy.
 */
export const MAX_EXPANDED_VALUES = 1_000_000;
const MAX_REPORTED_ERRORS = 20;
// Outside YAML's printable set (c-printable); U+0085 (NEL) is allowed, so is every other character.
export const CONTROL_CHARACTER =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/;
/** The yaml package quotes the offending token whole; binary or runaway input makes that huge. */
const MAX_MESSAGE_CHARS = 200;

export interface LoadOptions {
  /** Added to every line number (for YAML embedded in another file). */
  lineOffset?: number;
  /** Added to every column number (indentation of an embedded block). */
  columnOffset?: number;
  /** false: do not refuse a Helm template (a scenario file checks its embedded manifests itself). */
  templateCheck?: boolean;
}

/** One non-empty document with its node tree, for callers that need more than RawDoc (scenario parser). */
export interface ParsedYamlDoc {
  raw: RawDoc;
  doc: Document.Parsed;
  /** Position of a character offset of the parsed text, shifted by the load options. */
  position(offset: number): SourcePosition;
}

const INT_TAG = 'tag:yaml.org,2002:int';
const FLOAT_TAG = 'tag:yaml.org,2002:float';

/**
 * What go-yaml v2 (inside sigs.k8s.io/yaml, which kubectl uses) makes of a plain scalar that
 * starts like a number: an int, a float, or undefined for a string. Its rules differ from the
 * yaml package's YAML 1.1 schema, which reads `.`, `-.`, `e5` or `._` as NaN and `1e400` as
 * Infinity; go-yaml keeps all of those strings. `.inf` and `.nan` are handled by the yaml
 * package's own tag, which matches go-yaml's list exactly.
 */
export function goYamlNumber(text: string): { tag: 'int' | 'float'; value: number } | undefined {
  const first = text.charAt(0);
  if (first === '.') {
    // strconv.ParseFloat on the text as written (no underscores, no overflow).
    if (!/^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(text)) return undefined;
    const value = Number(text);
    return Number.isFinite(value) ? { tag: 'float', value } : undefined;
  }
  if (!/^[-+0-9]/.test(first)) return undefined;
  // go-yaml drops every underscore before trying strconv.ParseInt(s, 0, 64) and ParseUint.
  const plain = text.replace(/_/g, '');
  const int = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0[oO]([0-7]+)|0([0-7]*)|([1-9][0-9]*))$/.exec(
    plain,
  );
  if (int) {
    const [, sign, hex, bin, oct, octLegacy, dec] = int;
    const digits =
      hex !== undefined
        ? `0x${hex}`
        : bin !== undefined
          ? `0b${bin}`
          : oct !== undefined
            ? `0o${oct}`
            : octLegacy !== undefined
              ? `0o${octLegacy || '0'}`
              : dec;
    const magnitude = BigInt(digits);
    const value = sign === '-' ? -magnitude : magnitude;
    // int64, or uint64 when unsigned (ParseUint refuses a sign, even '+').
    const fits =
      (value >= -(2n ** 63n) && value < 2n ** 63n) || (sign === '' && value >= 0n && value < 2n ** 64n);
    if (fits) return { tag: 'int', value: Number(value) };
  }
  // Then strconv.ParseFloat, only for this decimal form; out of range (1e400) stays a string.
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(plain)) {
    const value = Number(plain);
    if (Number.isFinite(value)) return { tag: 'float', value };
  }
  return undefined;
}

/** A tag's `test` is only ever asked `.test(text)`; this one asks goYamlNumber. */
class GoNumberTest extends RegExp {
  constructor(private readonly kind: 'int' | 'float') {
    super('(?!)');
  }
  override test(text: string): boolean {
    return goYamlNumber(text)?.tag === this.kind;
  }
}

function goNumberTag(kind: 'int' | 'float'): ScalarTag {
  return {
    tag: kind === 'int' ? INT_TAG : FLOAT_TAG,
    default: true,
    identify: (value) => typeof value === 'number',
    test: new GoNumberTest(kind),
    resolve(text, onError) {
      const n = goYamlNumber(text);
      if (n === undefined) onError(`cannot decode ${JSON.stringify(text)} as a number`);
      return n === undefined ? text : n.value;
    },
  };
}

// YAML 1.1 like kubectl (0644 is octal, yes/no/on/off are booleans, `<<` merges), with go-yaml's
// numbers (see goYamlNumber), and without the timestamp and base-60 types, which would turn
// `2024-01-01` or `1:20` into non-strings.
const k8sTags = (tags: Tags): Tags => [
  ...tags.filter((t) =>
    typeof t === 'string'
      ? t !== 'timestamp' && t !== 'intTime' && t !== 'floatTime'
      : t.tag !== 'tag:yaml.org,2002:timestamp' &&
        t.format !== 'TIME' &&
        t.tag !== INT_TAG &&
        // The yaml package's `.inf` / `.nan` tag stays: go-yaml has the same list.
        (t.tag !== FLOAT_TAG || (t.test?.test('.nan') ?? false)),
  ),
  goNumberTag('int'),
  goNumberTag('float'),
];

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

/** The text is a Helm chart's template; `wholeFile` when it is the file itself, not a manifest
 * written inside a scenario (the editor then treats the file as a template, not as a YAML error). */
export class HelmTemplateError extends InputErrorException {
  constructor(
    errors: InputError[],
    readonly wholeFile: boolean,
  ) {
    super(errors);
  }
}

/** The Helm template error for `text` (at its first action), or null when it is plain YAML. */
export function templateError(
  text: string,
  file: string,
  lineOffset = 0,
  columnOffset = 0,
): HelmTemplateError | null {
  const helm = helmTemplateAction(text);
  if (!helm) return null;
  const at = { line: helm.line + lineOffset, column: helm.column + columnOffset };
  return new HelmTemplateError(
    [{ file, ...at, message: HELM_TEMPLATE_MESSAGE }],
    lineOffset === 0 && columnOffset === 0,
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
  // A chart's template would give a YAML error per line (kubectl refuses it too): say what it is.
  if (opts.templateCheck !== false) {
    const template = templateError(text, file, lineOffset, columnOffset);
    if (template) throw template;
  }
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
      // Expansions were counted (and bounded) by checkNodes, by this project's own rule.
      body = doc.toJS({ maxAliasCount: -1 });
    } catch (e) {
      fail(contents.range[0], `invalid YAML: ${e instanceof Error ? e.message : String(e)}`);
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
    // Symlinks count unless they point at a folder: kubectl opens them, so a dangling link or a
    // loop is an error there too (readInputFile says which), not a file silently left out.
    if (entry.isFile() || (entry.isSymbolicLink() && !isFolder(full))) names.push(entry.name);
  }
  // Code-unit order, as Go's filepath.Walk (kubectl) sorts, independent of locale.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((n) => nodePath.join(folder, n));
}

function isFolder(path: string): boolean {
  try {
    return fs.statSync(path).isDirectory();
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
  return decode(bytes, file);
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

/**
 * UTF-8 unless a UTF-16 byte order mark says otherwise (Windows editors write those). Invalid
 * text is refused where it goes wrong, as kubectl refuses it, instead of being read with
 * replacement characters. A BOM stays in the text (parseYamlText drops it).
 */
function decode(bytes: Buffer, file: string): string {
  const utf16 =
    bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : null;
  if (utf16) {
    try {
      return new TextDecoder(utf16, { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw inputError(
        file,
        { line: 1, column: 1 },
        `invalid ${utf16.toUpperCase()}: the file has a byte order mark for it but is not valid ${utf16.toUpperCase()} text`,
      );
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // A C0 control character marks a binary file: parseYamlText's check then says so ("is this
    // a text file?"), which helps more than the invalid byte. Text in another encoding (Latin-1,
    // say) has none, and gets the position of its first non-UTF-8 byte.
    if (bytes.some(isControlByte)) return bytes.toString('utf8');
    const bad = invalidUtf8(bytes);
    throw inputError(file, bad.at, `invalid UTF-8: ${bad.what} (k8s-sim reads UTF-8 text, as kubectl does)`);
  }
}

/** The ASCII bytes CONTROL_CHARACTER refuses; never part of a multi-byte UTF-8 character. */
function isControlByte(b: number): boolean {
  return b <= 0x08 || b === 0x0b || b === 0x0c || (b >= 0x0e && b <= 0x1f) || b === 0x7f;
}

/** Length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), or 0. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const inRange = (k: number, lo: number, hi: number): boolean =>
    i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  const tail = (k: number): boolean => inRange(k, 0x80, 0xbf);
  if (b >= 0xc2 && b <= 0xdf) return tail(1) ? 2 : 0;
  if (b === 0xe0) return inRange(1, 0xa0, 0xbf) && tail(2) ? 3 : 0;
  if (b === 0xed) return inRange(1, 0x80, 0x9f) && tail(2) ? 3 : 0; // no UTF-16 surrogates
  if (b >= 0xe1 && b <= 0xef) return tail(1) && tail(2) ? 3 : 0;
  if (b === 0xf0) return inRange(1, 0x90, 0xbf) && tail(2) && tail(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return tail(1) && tail(2) && tail(3) ? 4 : 0;
  if (b === 0xf4) return inRange(1, 0x80, 0x8f) && tail(2) && tail(3) ? 4 : 0; // ≤ U+10FFFF
  return 0;
}

/**
 * The first byte that does not start a well-formed UTF-8 character, as a line and column: the
 * column counts the characters before it on its line (UTF-16 units, like every other column).
 */
function invalidUtf8(bytes: Buffer): { at: SourcePosition; what: string } {
  let i = 0;
  for (let n = utf8SequenceLength(bytes, i); i < bytes.length && n > 0; n = utf8SequenceLength(bytes, i))
    i += n;
  // (lastIndexOf with a negative offset would count from the end.)
  const lineStart = i === 0 ? 0 : bytes.lastIndexOf(0x0a, i - 1) + 1;
  let line = 1;
  for (let j = bytes.indexOf(0x0a); j !== -1 && j < i; j = bytes.indexOf(0x0a, j + 1)) line++;
  // Everything before `i` is valid; a BOM at the start of the file takes no column.
  const from = lineStart === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : lineStart;
  const column = bytes.toString('utf8', from, i).length + 1;
  const hex = (b: number): string => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
  const b = bytes[i];
  const expected = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
  const truncated = i + expected > bytes.length && bytes.subarray(i + 1).every((c) => c >= 0x80 && c <= 0xbf);
  const what =
    b >= 0x80 && b <= 0xbf
      ? `byte ${hex(b)} continues a character that was never started`
      : b >= 0xc2 && b <= 0xf4 && truncated
        ? `the file ends inside a character (byte ${hex(b)})`
        : b >= 0xc2 && b <= 0xf4
          ? `byte ${hex(b)} starts a character that is cut short or out of range`
          : `byte ${hex(b)} never occurs in UTF-8`;
  return { at: { line, column }, what };
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
 * lists (Kubernetes has only string keys), aliases that refer to a node containing them (a
 * cycle), more than MAX_ALIAS_EXPANSIONS alias expansions, and values JSON cannot hold (.nan,
 * .inf: kubectl converts YAML to JSON and refuses the file). Returns whether the document uses
 * aliases.
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
  // Expansions so far, and for each anchored collection the expansions one copy of it makes
  // (those counted between its opening and its closing).
  let expansions = 0;
  let values = 0;
  const openedAt = new Map<unknown, { expansions: number; values: number }>();
  const weight = new Map<unknown, { expansions: number; values: number }>();
  // Reported at the document's start, where the bomb as a whole is; the message names the alias.
  const bomb = (offset: number, what: string): never =>
    fail(
      offsetOf(contents),
      `too many YAML alias expansions (possible alias bomb): ${what}, reached by the alias at line ${position(offset).line}, column ${position(offset).column}`,
    );
  const countValues = (n: number, offset: number): void => {
    values += n;
    if (values > MAX_EXPANDED_VALUES) {
      bomb(offset, `the document would hold more than ${MAX_EXPANDED_VALUES.toLocaleString('en-US')} values`);
    }
  };
  const stack: Task[] = [{ t: 'node', node: contents }];
  while (stack.length > 0) {
    const task = stack.pop() as Task;
    const node = task.node;
    if (task.t === 'close') {
      open.delete(node);
      const start = openedAt.get(node);
      if (start)
        weight.set(node, { expansions: expansions - start.expansions, values: values - start.values });
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
      const target = anchors.get(node.source);
      if (open.has(target)) {
        fail(offsetOf(node), `YAML alias *${node.source} refers to a node that contains it`);
      }
      const copy = weight.get(target) ?? { expansions: 0, values: 1 };
      expansions += 1 + copy.expansions;
      if (expansions > MAX_ALIAS_EXPANSIONS) {
        bomb(offsetOf(node), `more than ${MAX_ALIAS_EXPANSIONS} in one document`);
      }
      countValues(copy.values, offsetOf(node));
      continue;
    }
    if (isCollection(node) && node.anchor) {
      openedAt.set(node, { expansions, values });
    }
    if (isScalar(node)) {
      if (node.anchor) anchors.set(node.anchor, node);
      // A key is a string in JSON (sigs.k8s.io/yaml spells it out); a value must be a number.
      if (task.t === 'node' && typeof node.value === 'number' && !Number.isFinite(node.value)) {
        const go = Number.isNaN(node.value) ? 'NaN' : node.value > 0 ? '+Inf' : '-Inf';
        fail(
          offsetOf(node),
          `${node.source ?? String(node.value)} is not a number JSON can hold; kubectl refuses the file ("error converting YAML to JSON: json: unsupported value: ${go}")`,
        );
      }
    }
    countValues(1, offsetOf(node));
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
