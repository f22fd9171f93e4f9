// `--json` without one giant string: writes JSON.stringify(value, null, 2) in pieces. A large run's
// result passes V8's maximum string length (~512 MB; JSON.stringify then throws "Invalid string
// length"), and short of that, building the whole text costs memory and GC time. The output is
// byte for byte what JSON.stringify(value, null, 2) gives, with one deliberate difference: DEL and
// the C1 controls (U+007F–U+009F), which JSON.stringify leaves raw, are written as \u escapes
// (the same value for any JSON reader) so that `--json` on a terminal cannot drive it either.
//
// Small subtrees are handed to the native JSON.stringify: runs of an array's elements (or of an
// object's properties) that hold up to NATIVE_BUDGET values together are stringified as one array
// (object) wrapped in as many one-element arrays as the run is deep, so that JSON.stringify itself
// indents them right; the wrapper's lines are then cut off (a substring, no copy, no re-indent).
// Only containers above the budget are walked here, and measuring one stops once over the budget.

/** Up to this many values (counted through all levels; see count) go to JSON.stringify in one call. */
const NATIVE_BUDGET = 65536;

/** Characters JSON.stringify leaves raw that a terminal may act on. */
const RAW_CONTROL = /[\u007f-\u009f]/g;

/** JSON text with DEL and C1 controls as \u escapes; safe on a whole document (they occur only in strings). */
export function escapeJsonControls(json: string): string {
  RAW_CONTROL.lastIndex = 0;
  return RAW_CONTROL.test(json)
    ? json.replace(RAW_CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : json;
}

/**
 * escapeJsonControls on UTF-8 bytes: memchr-fast when there is nothing to escape (DEL is 0x7F,
 * U+0080–U+009F are C2 80–C2 9F), which is nearly always; a regular expression over a large
 * string costs as much as encoding it.
 */
export function escapeJsonControlBytes(b: Buffer): Buffer {
  let found = b.indexOf(0x7f) !== -1;
  for (let i = b.indexOf(0xc2); !found && i !== -1; i = b.indexOf(0xc2, i + 1)) {
    if (b[i + 1] <= 0x9f) found = true;
  }
  return found ? Buffer.from(escapeJsonControls(b.toString('utf8')), 'utf8') : b;
}

type Write = (s: string) => void;

/**
 * The budget left after counting the values of `v` (negative: over, counting stopped). A string
 * also costs one unit per 64 characters, so that a few long strings cannot make one call too long.
 */
function count(v: unknown, budget: number): number {
  if (typeof v === 'string') return budget - 1 - (v.length >> 6);
  let left = budget - 1;
  if (v === null || typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return left;
  }
  if (Array.isArray(v)) {
    if (v.length > left) return -1;
    for (let i = 0; i < v.length && left >= 0; i++) left = count(v[i], left);
    return left;
  }
  for (const k of Object.keys(v)) {
    left = count((v as Record<string, unknown>)[k], left);
    if (left < 0) return left;
  }
  return left;
}

/** The value JSON.stringify serializes for `v` under `key`: toJSON applied once, as it does. */
function prepare(v: unknown, key: string): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return (v as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  return v;
}

/** Whether JSON.stringify writes a prepared value (it drops undefined, functions and symbols). */
function hasJsonForm(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/**
 * The members of `part` (an array or an object) as JSON.stringify(…, null, 2) prints them `depth`
 * levels down: from the first member's indent to the last member's end, without the brackets.
 */
function members(part: unknown, depth: number): string {
  let wrapped: unknown = part;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const json = JSON.stringify(wrapped, null, 2);
  let from = 0;
  for (let i = 0; i <= depth; i++) from = json.indexOf('\n', from) + 1;
  let to = json.length;
  for (let i = 0; i <= depth; i++) to = json.lastIndexOf('\n', to - 1);
  return json.slice(from, to);
}

/**
 * Writes `JSON.stringify(value, null, 2)` through `write`, in pieces. Throws as JSON.stringify would
 * on a cycle (TypeError) or a BigInt. `budget` is for tests: a small one walks more of the value.
 */
export function writeJson(value: unknown, write: Write, budget0 = NATIVE_BUDGET): void {
  const seen = new Set<object>();
  /** Writes a prepared value that has a JSON form, `depth` levels down. */
  const emit = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || count(v, budget0) >= 0) {
      // v alone, its later lines indented for its depth; its first line's indent is written.
      write(depth === 0 ? JSON.stringify(v, null, 2) : members([v], depth - 1).slice(2 * depth));
      return;
    }
    if (seen.has(v)) throw new TypeError('Converting circular structure to JSON');
    seen.add(v);
    const indent = '  '.repeat(depth);
    const isArray = Array.isArray(v);
    const keys = isArray ? null : Object.keys(v);
    const n = isArray ? (v as unknown[]).length : (keys as string[]).length;
    let written = 0;
    // A run of members small enough together for one JSON.stringify call.
    let batch: unknown[] | Record<string, unknown> = isArray ? [] : {};
    let batchSize = 0;
    let budget = budget0;
    const separator = (): string => (written++ === 0 ? '\n' : ',\n');
    const flush = (): void => {
      if (batchSize === 0) return;
      write(separator() + members(batch, depth));
      batch = isArray ? [] : {};
      batchSize = 0;
      budget = budget0;
    };
    write(isArray ? '[' : '{');
    for (let i = 0; i < n; i++) {
      const key = isArray ? String(i) : (keys as string[])[i];
      let child = prepare((v as Record<string, unknown>)[key], key);
      if (!hasJsonForm(child)) {
        if (!isArray) continue; // JSON.stringify drops the property…
        child = null; // …and writes null in an array
      }
      const left = count(child, budget);
      if (left < 0 && batchSize > 0) {
        flush();
        i--; // measure it again against a fresh budget
        continue;
      }
      if (left < 0) {
        // Too large alone: walk it.
        write(`${separator()}${indent}  ${isArray ? '' : `${JSON.stringify(key)}: `}`);
        emit(child, depth + 1);
        continue;
      }
      if (Array.isArray(batch)) batch.push(child);
      else
        Object.defineProperty(batch, key, {
          value: child,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      batchSize++;
      budget = left;
    }
    flush();
    write(written === 0 ? (isArray ? ']' : '}') : `\n${indent}${isArray ? ']' : '}'}`);
    seen.delete(v);
  };
  const top = prepare(value, '');
  if (!hasJsonForm(top)) throw new TypeError('the value has no JSON form');
  emit(top, 0);
}
