// Reading a YAML node tree with positions: the entries of a map checked against the keys it may
// hold, typed scalar values, and errors that name the line and column of the key or value at fault.
// The scenario parser (parse.ts) builds on it.
import { isAlias, isMap, isNode, isScalar, isSeq, visit, type Scalar, type YAMLMap } from 'yaml';
import { InputErrorException, replicasLimitError } from '../engine/manifest';
import type { ParsedYamlDoc } from '../engine/loader';
import type { SourcePosition, SourceRange } from '../engine/types';
import { parseDuration } from './duration';

export function lineError(file: string, pos: SourcePosition, message: string): InputErrorException {
  return new InputErrorException([{ file, line: pos.line, column: pos.column, message }]);
}

/** A key and its value in the scenario. */
export class Field {
  constructor(
    readonly key: unknown,
    /** The value node, aliases resolved; null when the key has no value. */
    readonly value: unknown,
    /** Where to point for a bad value: the value as written, or the key when it is empty. */
    readonly at: unknown,
  ) {}
}

/** The entries of one mapping of the scenario, checked against the keys it may hold. */
export class Fields {
  constructor(
    private readonly reader: NodeReader,
    readonly node: unknown,
    readonly what: string,
    private readonly map: Map<string, Field>,
  ) {}

  get(name: string): Field | undefined {
    return this.map.get(name);
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  required(name: string): Field {
    const f = this.map.get(name);
    if (!f) this.reader.fail(this.node, `${this.what} needs "${name}"`);
    return f as Field;
  }

  label(name: string): string {
    return `"${name}" in ${this.what}`;
  }
}

/** Typed access to the nodes of one parsed YAML document, aliases resolved. */
export class NodeReader {
  private readonly aliasTargets = new Map<unknown, unknown>();

  constructor(
    protected readonly parsed: ParsedYamlDoc,
    protected readonly file: string,
    protected readonly text: string,
  ) {
    // One pass in document order: an alias means the latest node anchored under its name.
    const anchors = new Map<string, unknown>();
    visit(parsed.doc, {
      Node: (_key, node) => {
        if (isAlias(node)) this.aliasTargets.set(node, anchors.get(node.source));
        else if (node.anchor) anchors.set(node.anchor, node);
      },
    });
  }

  // --- node access and typed values ---------------------------------------------------------

  fail(node: unknown, message: string): never {
    throw lineError(this.file, this.position(node), message);
  }

  protected position(node: unknown): SourcePosition {
    const offset = isNode(node) && node.range ? node.range[0] : -1;
    return offset >= 0 ? this.parsed.position(offset) : this.parsed.raw.source.start;
  }

  protected range(node: unknown): SourceRange {
    if (!isNode(node) || !node.range) return this.parsed.raw.source;
    let end = node.range[1];
    while (end > node.range[0] && /\s/.test(this.text[end - 1])) end--;
    return { file: this.file, start: this.parsed.position(node.range[0]), end: this.parsed.position(end) };
  }

  protected deref(node: unknown): unknown {
    return isAlias(node) ? this.aliasTargets.get(node) : node;
  }

  protected isNull(node: unknown): boolean {
    const v = this.deref(node);
    return v === null || v === undefined || (isScalar(v) && v.value === null);
  }

  /** The entries of a map given as a node or as a field's value. */
  protected fields(
    source: unknown,
    what: string,
    allowed: readonly string[],
    expected = 'a map',
    unknownHint = '',
  ): Fields {
    const node = source instanceof Field ? source.value : source;
    const at = source instanceof Field ? source.at : node;
    const value = this.deref(node);
    if (!isMap(value)) this.fail(at, `${what} must be ${expected} (got ${this.describe(node)})`);
    const map = new Map<string, Field>();
    for (const pair of (value as YAMLMap).items) {
      const key = this.deref(pair.key);
      const name = isScalar(key) ? key.value : undefined;
      if (typeof name === 'symbol')
        this.fail(pair.key, 'merge keys (<<) are not supported in scenario files');
      const text = name === null || name === undefined ? '' : String(name);
      if (!allowed.includes(text)) {
        const hint = text === 'for' ? unknownHint : '';
        this.fail(
          pair.key,
          `unknown key "${text}" in ${what} (expected one of: ${allowed.join(', ')})${hint}`,
        );
      }
      const v = this.deref(pair.value);
      const written = isNode(pair.value) && pair.value.range && !this.isNull(v) ? pair.value : pair.key;
      map.set(text, new Field(pair.key, v ?? null, written));
    }
    return new Fields(this, at, what, map);
  }

  protected describe(node: unknown): string {
    const v = this.deref(node);
    if (isMap(v)) return 'a map';
    if (isSeq(v)) return 'a list';
    if (!isScalar(v) || v.value === null || v.value === undefined) return 'nothing';
    if (typeof v.value === 'string')
      return JSON.stringify(v.value.length > 40 ? `${v.value.slice(0, 37)}...` : v.value);
    return String(v.value);
  }

  protected scalarValue(field: Field): unknown {
    return isScalar(field.value) ? field.value.value : undefined;
  }

  protected string(field: Field, label: string): string {
    const v = this.scalarValue(field);
    if (typeof v !== 'string')
      this.fail(field.at, `${label} must be a string (got ${this.describe(field.value)})`);
    return v as string;
  }

  /** A non-empty string. */
  protected name(field: Field, label: string): string {
    const v = this.string(field, label);
    if (v === '') this.fail(field.at, `${label} must not be empty`);
    return v;
  }

  /** A string, or a number or boolean taken as written (label values, header values): `zone: 1`. */
  protected looseString(field: Field, label: string): string {
    const v = field.value;
    if (isScalar(v) && typeof v.value === 'string') return v.value;
    if (isScalar(v) && (typeof v.value === 'number' || typeof v.value === 'boolean')) {
      return typeof v.source === 'string' ? v.source : String(v.value);
    }
    return this.fail(field.at, `${label} must be a string (got ${this.describe(v)})`);
  }

  protected integer(field: Field, label: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.scalarValue(field);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      const kind = min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : 'an integer';
      const bound = max < Number.MAX_SAFE_INTEGER ? ` of at most ${max.toLocaleString('en-US')}` : '';
      this.fail(field.at, `${label} must be ${kind}${bound} (got ${this.describe(field.value)})`);
    }
    return v as number;
  }

  /** A scale step's replicas: the manifest's limit with the manifest's wording (shared with --scale). */
  protected replicas(field: Field, label: string): number {
    const v = this.scalarValue(field);
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
      const source = isScalar(field.value) ? field.value.source : undefined;
      const limit = replicasLimitError(typeof source === 'string' && /^\d+$/.test(source) ? source : v);
      if (limit) this.fail(field.at, limit);
      return v;
    }
    return this.integer(field, label, 0);
  }

  protected boolean(field: Field, label: string): boolean {
    const v = this.scalarValue(field);
    if (typeof v !== 'boolean')
      this.fail(field.at, `${label} must be true or false (got ${this.describe(field.value)})`);
    return v as boolean;
  }

  protected duration(field: Field, label: string): number {
    const v = this.scalarValue(field);
    if (typeof v !== 'string' && typeof v !== 'number') {
      this.fail(field.at, `${label} must be a duration like 30s or 5m (got ${this.describe(field.value)})`);
    }
    try {
      // A number is shown as written (1.7e308, not 1.7e+308).
      const source = isScalar(field.value) ? field.value.source : undefined;
      return parseDuration(v as string | number, typeof source === 'string' ? source : undefined);
    } catch (e) {
      return this.fail(field.at, `${label}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  protected oneOf<T extends string>(field: Field, label: string, values: readonly T[]): T {
    const v = this.string(field, label);
    if (!(values as readonly string[]).includes(v)) {
      this.fail(field.at, `${label} must be one of ${values.join(', ')} (got "${v}")`);
    }
    return v as T;
  }

  protected plainScalar(field: Field, label: string): string | number | boolean | null {
    const v = field.value;
    if (v === null) return null;
    if (isScalar(v)) {
      const x = v.value;
      if (x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return x;
    }
    return this.fail(
      field.at,
      `${label} must be a string, number, boolean or null (got ${this.describe(v)})`,
    );
  }

  protected list(field: Field, label: string): unknown[] {
    if (!isSeq(field.value))
      this.fail(field.at, `${label} must be a list (got ${this.describe(field.value)})`);
    return (field.value as { items: unknown[] }).items;
  }

  protected stringList(field: Field, label: string): string[] {
    return this.list(field, label).map((item) => this.name(this.itemField(item), `an item of ${label}`));
  }

  protected itemField(item: unknown): Field {
    const value = this.deref(item) ?? null;
    return new Field(item, value, item);
  }

  /** A map of names to values, each read by `read` with a label naming its key. */
  protected entries<T>(
    field: Field,
    label: string,
    read: (value: Field, itemLabel: string) => T,
  ): Record<string, T> {
    const value = field.value;
    if (!isMap(value)) this.fail(field.at, `${label} must be a map (got ${this.describe(value)})`);
    const out: Record<string, T> = {};
    for (const pair of (value as YAMLMap).items) {
      const key = this.deref(pair.key);
      if (!isScalar(key) || key.value === null || typeof key.value === 'symbol') {
        this.fail(pair.key, `${label} must have names as keys`);
      }
      const name = String((key as Scalar).value);
      const v = this.deref(pair.value) ?? null;
      const at = isNode(pair.value) && pair.value.range && !this.isNull(v) ? pair.value : pair.key;
      // defineProperty: a key like __proto__ must stay an own property.
      Object.defineProperty(out, name, {
        value: read(new Field(pair.key, v, at), `"${name}" in ${label}`),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }

  protected stringMap(field: Field | undefined, label: string): Record<string, string> {
    return field ? this.entries(field, label, (v, itemLabel) => this.looseString(v, itemLabel)) : {};
  }
}
