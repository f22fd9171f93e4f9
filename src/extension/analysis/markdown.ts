// Markdown of the hovers: every name taken from a manifest is escaped (code spans, or backslash
// escapes), never trusted HTML.

/** Backslash-escapes Markdown punctuation and neutralises HTML in text taken from a manifest. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+!|~>]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\r?\n/g, ' ');
}

/** Characters a code span shows as they are; anything else is backslash-escaped text instead. */
const PLAIN = /^[\w.\-/:*=,@%+~… ]+$/u;

/** A name from a manifest as a code span (escaped text when it has unusual characters). */
export function code(text: string | number): string {
  const s = String(text);
  if (s.length > 0 && s.length <= 300 && PLAIN.test(s) && s.trim() === s) return '`' + s + '`';
  return escapeMarkdown(s.length > 300 ? `${s.slice(0, 300)}…` : s);
}

/** `a` → `b` → `c`, long lists shortened to the first three and the last two. */
function chain(names: readonly string[], separator = ' → '): string {
  const shown =
    names.length > 7 ? [...names.slice(0, 3).map(code), '…', ...names.slice(-2).map(code)] : names.map(code);
  return shown.join(separator);
}

export function list(names: readonly string[]): string {
  return chain(names, ', ');
}
