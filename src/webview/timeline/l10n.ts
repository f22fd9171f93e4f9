// The page's words in the editor's display language. The extension puts its loaded l10n bundle
// (vscode.l10n.bundle: English message → translation, the same l10n/bundle.l10n.<lang>.json its
// own messages come from) in a JSON data island; the standalone --html page has none and stays in
// English. Kubernetes' own words (statuses, event reasons and messages, kinds, step keywords) are
// shown as kubectl shows them, untranslated.
import { L10N_ID } from './constants';

let bundle: Readonly<Record<string, string>> | null = null;

function loaded(): Readonly<Record<string, string>> {
  if (bundle) return bundle;
  bundle = {};
  const node = typeof document === 'undefined' ? null : document.getElementById(L10N_ID);
  if (!node) return bundle;
  try {
    const parsed: unknown = JSON.parse(node.textContent ?? 'null');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const strings: Record<string, string> = {};
      for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') strings[k] = v;
      bundle = strings;
    }
  } catch {
    // A broken island: the page stays in English.
  }
  return bundle;
}

/** As vscode.l10n.t: the message's translation (or the message), with {0}, {1}, … filled in. */
function t(message: string, ...args: Array<string | number>): string {
  const text = Object.prototype.hasOwnProperty.call(loaded(), message) ? loaded()[message] : message;
  return text.replace(/\{(\d+)\}/g, (whole, i: string) =>
    Number(i) < args.length ? String(args[Number(i)]) : whole,
  );
}

export const l10n = { t };
