// `--html FILE`: a standalone page with the run's timeline (contract section 2), and the same page as
// the VS Code webview (renderWebviewHtml). The standalone page has a strict nonce-only CSP, the
// stylesheet (media/timeline.css) and the bundled page script (dist/webview.js, from
// src/webview/timeline/) inline, and the results as a JSON data island that the script reads. No
// network access is needed to open it.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScenarioResult } from './run';

/** The data island's id; src/webview/timeline/main.ts reads it. */
export const DATA_ELEMENT_ID = 'k8s-sim-data';
/** The l10n bundle's data island (the page's words in the editor's language; src/webview/timeline/l10n.ts). */
export const L10N_ELEMENT_ID = 'k8s-sim-l10n';

/**
 * JSON that can sit inside a <script> element: `<`, `>` and `&` become \u escapes (so neither
 * `</script>` nor `<!--` can appear), and so do U+2028 / U+2029. JSON.parse gives back the same value.
 */
export function escapeJsonForHtml(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text for HTML content and attribute values. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Keeps a script's own text from closing its element (`</script`) or opening a comment (`<!--`). */
function escapeInlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** Where the page script draws: the same for both hosts. */
const NOSCRIPT =
  '<main id="app"><noscript>This report needs JavaScript to draw the timeline.</noscript></main>';

/** A fresh nonce for one render of a page (18 random bytes, base64). */
export function makeNonce(): string {
  return crypto.randomBytes(18).toString('base64');
}

/** The page's skeleton, shared by the standalone report and the VS Code webview. */
function renderShell(opts: {
  csp: string;
  title: string;
  head: string[];
  body: string[];
  lang?: string;
}): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(opts.lang ?? 'en')}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${cspAttribute(opts.csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(opts.title)}</title>`,
    ...opts.head,
    '</head>',
    '<body>',
    NOSCRIPT,
    ...opts.body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * The whole standalone page. `pageScript` is the bundled src/webview/timeline/ (main.ts) (dist/webview.js)
 * and `pageCss` media/timeline.css (read from disk when not given); both are inlined under the nonce.
 */
export function renderHtmlReport(
  results: ScenarioResult[],
  pageScript: string,
  pageCss: string = readPageCss(),
): string {
  const nonce = makeNonce();
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:`;
  const title =
    results.length === 1 ? `K8s Sim: ${results[0].scenario}` : `K8s Sim: ${results.length} scenarios`;
  const data = escapeJsonForHtml(JSON.stringify(results));
  return renderShell({
    csp,
    title,
    head: [`<style nonce="${nonce}">${escapeInlineStyle(pageCss)}</style>`],
    body: [
      `<script type="application/json" id="${DATA_ELEMENT_ID}">${data}</script>`,
      `<script nonce="${nonce}">${escapeInlineScript(pageScript)}</script>`,
    ],
  });
}

/** What the VS Code webview page needs from the extension: URIs from webview.asWebviewUri. */
export interface WebviewPageOptions {
  /** webview.cspSource */
  cspSource: string;
  /** dist/webview.js as a webview URI */
  scriptUri: string;
  /** media/timeline.css as a webview URI */
  styleUri: string;
  title: string;
  /** A fresh one per render (makeNonce()). */
  nonce: string;
  /** The editor's display language (vscode.env.language) and its l10n bundle (vscode.l10n.bundle;
   * none in English): the page's words come from it. */
  lang?: string;
  l10n?: Readonly<Record<string, string>>;
}

/**
 * The same page as a VS Code webview: the script and the stylesheet are loaded as files from the
 * extension (allowed by the nonce and webview.cspSource), and the data arrives by message instead
 * of the data island. vscode-elements styles its controls through constructable stylesheets
 * (adoptedStyleSheets), which CSP's style-src does not govern, so no 'unsafe-inline' is needed.
 */
export function renderWebviewHtml(o: WebviewPageOptions): string {
  const csp = [
    "default-src 'none'",
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `script-src 'nonce-${o.nonce}'`,
    `img-src ${o.cspSource} data:`,
    `font-src ${o.cspSource}`,
  ].join('; ');
  // A data island like the standalone page's results: JSON, never run (CSP allows no inline script).
  const l10n = o.l10n
    ? [
        `<script type="application/json" id="${L10N_ELEMENT_ID}">${escapeJsonForHtml(JSON.stringify(o.l10n))}</script>`,
      ]
    : [];
  return renderShell({
    csp,
    title: o.title,
    lang: o.lang,
    head: [`<link rel="stylesheet" nonce="${o.nonce}" href="${escapeHtml(o.styleUri)}">`],
    body: [...l10n, `<script nonce="${o.nonce}" src="${escapeHtml(o.scriptUri)}"></script>`],
  });
}

/** The policy is ours (and webview.cspSource's): refuse rather than escape anything that could end the attribute. */
function cspAttribute(csp: string): string {
  if (/["<>&]/.test(csp)) throw new Error(`unexpected character in the Content-Security-Policy: ${csp}`);
  return csp;
}

/** Keeps a stylesheet from closing its element. */
function escapeInlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

/**
 * The package's root folder, from where this code runs: dist/ (the CLI and extension bundles) or
 * out/src/scenario/ (tsc's output, in tests). The page's stylesheet and script are read from the
 * package only, never from the working folder or a path the user gives.
 */
function packageRoot(): string {
  const here = path.resolve(__dirname);
  if (path.basename(here) === 'dist') return path.dirname(here);
  const out = path.join('out', 'src', 'scenario');
  if (here.endsWith(path.sep + out)) return here.slice(0, -(out.length + 1));
  throw new Error(`cannot tell the package's folder from ${here}`);
}

/** The page's stylesheet, the package's media/timeline.css. */
export function readPageCss(): string {
  const file = path.join(packageRoot(), 'media', 'timeline.css');
  if (!fs.existsSync(file)) throw new Error(`the timeline stylesheet is missing: ${file}`);
  return fs.readFileSync(file, 'utf8');
}

/** The bundled page script, the package's dist/webview.js. */
function findPageScript(): string {
  const file = path.join(packageRoot(), 'dist', 'webview.js');
  if (!fs.existsSync(file)) {
    throw new Error(`the timeline page script is missing: ${file}: run npm run build first`);
  }
  return file;
}

/** What a report target that exists is, when it is not something a report may replace. */
function nonRegularKind(st: fs.Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Where the report for `file` goes, or why it cannot: `--html` writes regular files only. The
 * target may be missing (it is created), a regular file (replaced), or a symbolic link that
 * resolves to a regular file (that file is replaced; the link stays, as with the shell's `>`).
 * A folder, FIFO, device, socket, dangling or looping link is refused: replacing it by rename would
 * swap out /dev/null for root, and opening a FIFO to write would block. Nothing here opens the
 * target.
 */
export function reportTarget(file: string): { path: string } | { refused: string } {
  const target = path.resolve(file);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { path: target };
    throw e;
  }
  if (!st.isSymbolicLink()) {
    const kind = nonRegularKind(st);
    return kind ? { refused: `it is ${kind}, not a regular file` } : { path: target };
  }
  let real: string;
  try {
    real = fs.realpathSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'a missing file' : code === 'ELOOP' ? 'itself (a loop)' : 'nothing readable';
    return { refused: `it is a symbolic link to ${why}; name a regular file` };
  }
  const kind = nonRegularKind(fs.statSync(real));
  return kind ? { refused: `it is a symbolic link to ${kind}, not to a regular file` } : { path: real };
}

/** An --html target that is not a regular file (see reportTarget). */
export class ReportTargetError extends Error {}

/**
 * Writes the page for `results` to `file` (atomically: temp file then rename), creating folders.
 * The target is checked again just before the rename, in case it changed while the run went on.
 */
export function writeHtmlReport(file: string, results: ScenarioResult[]): void {
  const first = reportTarget(file);
  if ('refused' in first) throw new ReportTargetError(first.refused);
  const script = fs.readFileSync(findPageScript(), 'utf8');
  const html = renderHtmlReport(results, script);
  const target = first.path;
  const dir = path.dirname(target);
  ensureParentDir(target);
  const tmp = path.join(
    dir,
    `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    // 'wx': never through a file or link that is already there under the temporary name.
    fs.writeFileSync(tmp, html, { encoding: 'utf8', flag: 'wx' });
    const again = reportTarget(file);
    if ('refused' in again) throw new ReportTargetError(again.refused);
    if (again.path !== target) throw new ReportTargetError('it changed while the report was written');
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Creates the folders above the report one level at a time: fs.mkdirSync's `recursive`
 * loops forever where mkdir keeps failing with ENOENT (e.g. under /proc).
 */
function ensureParentDir(file: string): void {
  const missing: string[] = [];
  let dir = path.dirname(path.resolve(file));
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) {
    missing.unshift(dir);
    dir = path.dirname(dir);
  }
  if (!fs.statSync(dir).isDirectory()) {
    throw Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR' });
  }
  for (const d of missing) fs.mkdirSync(d);
}
