// Go formatting (fmt %q, %#v of the few types that appear in messages)

import { num } from './values';

export const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

/** strconv.Quote */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c === 0x20 || (c > 0x20 && c !== 0x7f && PRINTABLE.test(ch))) out += ch;
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x80) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** %#v of a map[string]string (keys sorted, nil map printed as such). */
export function goStringMap(m: Record<string, string> | undefined): string {
  if (m === undefined) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return 'map[string]string{' + keys.map((k) => `${goQuote(k)}:${goQuote(m[k] ?? '')}`).join(', ') + '}';
}

/** How Go's encoding/json writes a float64 that kubectl re-serialized from YAML. */
export function goNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return BigInt(v).toString();
  return String(v).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** IntOrString printed through its String() method (the field error formatter prefers it). */
export function intOrStringText(v: unknown): string {
  return typeof v === 'string' ? v : String(num(v) ?? 0);
}
