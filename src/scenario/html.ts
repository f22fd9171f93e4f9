// `--html FILE`: a standalone page with the run's timeline (contract section 2). The page is built
// the way a VS Code webview is: a strict nonce-only CSP, one inline style, the bundled page script
// (dist/webview.js, from src/webview/timeline.ts) inline, and the results as a JSON data island that
// the script reads. No network access is needed to open it.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScenarioResult } from './run';

/** The data island's id; src/webview/timeline.ts reads it. */
export const DATA_ELEMENT_ID = 'k8s-sim-data';

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

/** Status colours: light fills with dark text in both schemes, deeper fills on dark backgrounds. */
const LIGHT_PALETTE = `
  --seg-fg: #1b1b1b;
  --st-pending: #f2cc60;
  --st-creating: #8cc4ff;
  --st-running: #6cc477;
  --st-notready: #d3eed6;
  --st-terminating: #f5a25d;
  --st-terminating-2: #f8c08f;
  --st-bound: #c5a3e8;
  --st-failed: #f07a7a;
  --st-done: #c8c8c8;`;
const DARK_PALETTE = `
  --seg-fg: #111111;
  --st-pending: #d7b54a;
  --st-creating: #5fa8f0;
  --st-running: #4fae5c;
  --st-notready: #2c4f31;
  --st-terminating: #e08a3c;
  --st-terminating-2: #b86f2c;
  --st-bound: #a883d6;
  --st-failed: #e35d5d;
  --st-done: #9a9a9a;`;

/** The page's only stylesheet. Colours come from VS Code's theme variables when present. */
export const PAGE_CSS = `
:root {
  color-scheme: light dark;
  --bg: var(--vscode-editor-background, #ffffff);
  --fg: var(--vscode-editor-foreground, #1f1f1f);
  --muted: var(--vscode-descriptionForeground, #616161);
  --border: var(--vscode-panel-border, #d4d4d4);
  --panel-bg: var(--vscode-sideBar-background, #f3f3f3);
  --hover: var(--vscode-list-hoverBackground, #f0f0f0);
  --sel: var(--vscode-list-inactiveSelectionBackground, #e4e6f1);
  --focus: var(--vscode-focusBorder, #0066bf);
  --link: var(--vscode-textLink-foreground, #006ab1);
  --ok: var(--vscode-testing-iconPassed, #2d7d32);
  --bad: var(--vscode-testing-iconFailed, #c72e0f);
  --warn: var(--vscode-editorWarning-foreground, #9a6700);
  --step: var(--vscode-charts-blue, #1a85ff);
  --ev-normal: var(--vscode-editor-foreground, #1f1f1f);
  --ev-warning: var(--vscode-charts-red, #d11a1a);
  --label-w: 15rem;${LIGHT_PALETTE}
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: var(--vscode-editor-background, #1e1e1e);
    --fg: var(--vscode-editor-foreground, #d4d4d4);
    --muted: var(--vscode-descriptionForeground, #a0a0a0);
    --border: var(--vscode-panel-border, #3c3c3c);
    --panel-bg: var(--vscode-sideBar-background, #252526);
    --hover: var(--vscode-list-hoverBackground, #2a2d2e);
    --sel: var(--vscode-list-inactiveSelectionBackground, #37373d);
    --focus: var(--vscode-focusBorder, #3794ff);
    --link: var(--vscode-textLink-foreground, #4daafc);
    --ok: var(--vscode-testing-iconPassed, #73c991);
    --bad: var(--vscode-testing-iconFailed, #f48771);
    --warn: var(--vscode-editorWarning-foreground, #cca700);
    --step: var(--vscode-charts-blue, #3794ff);
    --ev-normal: var(--vscode-editor-foreground, #d4d4d4);
    --ev-warning: var(--vscode-charts-red, #f14c4c);${DARK_PALETTE}
  }
}
/* In a VS Code webview the theme kind (body class) wins over the OS preference. */
body.vscode-light, body.vscode-high-contrast-light {${LIGHT_PALETTE}
}
body.vscode-dark, body.vscode-high-contrast:not(.vscode-high-contrast-light) {${DARK_PALETTE}
}

* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--fg); }
body {
  font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-size: var(--vscode-font-size, 13px);
  line-height: 1.4;
  padding: 12px 20px 9rem;
}
a { color: var(--link); }
h2 { font-size: 1.5em; margin: 0; }
h3 { font-size: 1.1em; margin: 0; }
h4 { font-size: 1em; margin: 0 0 6px; }
.muted { color: var(--muted); }
.vh {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }

.toc ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; margin: 0 0 12px; }
.toc li { display: flex; gap: 4px; }
.scenario { margin: 0 0 40px; }
.sc-head { display: flex; align-items: baseline; flex-wrap: wrap; gap: 6px 16px; }
.badge { margin: 0; font-weight: 600; }
.desc { margin: 6px 0 2px; max-width: 75em; white-space: pre-line; }
.meta { margin: 2px 0 8px; color: var(--muted); font-size: 0.92em; }
.mark.ok { color: var(--ok); }
.mark.bad { color: var(--bad); }
.mark .sym { font-weight: 700; }
.notices { margin: 4px 0 8px; padding-left: 1.2em; }
.note.bad { color: var(--bad); }
.note.warn { color: var(--warn); }
.note.muted { color: var(--muted); font-family: var(--vscode-editor-font-family, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace); font-size: 0.92em; }

/* Timeline */
.tl-section { margin: 14px 0 18px; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 18px; margin-bottom: 4px; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 12px; margin: 0; padding: 0; font-size: 0.88em; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 5px; }
.sw { display: inline-block; width: 16px; height: 10px; border-radius: 2px; }
.legend .ev { position: static; transform: none; width: 9px; height: 9px; }
.legend .ev.ev-warning { transform: rotate(45deg); }
.zoom { display: flex; align-items: center; gap: 4px; margin-left: auto; }
.zoom button {
  min-width: 26px; height: 22px; font: inherit; color: var(--vscode-button-secondaryForeground, var(--fg));
  background: var(--vscode-button-secondaryBackground, var(--panel-bg)); border: 1px solid var(--border); border-radius: 3px; cursor: pointer;
}
.zoom button:disabled { opacity: 0.45; cursor: default; }
.zoomlabel { min-width: 2.5em; text-align: center; font-variant-numeric: tabular-nums; }
.hint { margin: 0 0 6px; color: var(--muted); font-size: 0.88em; }

.timeline { overflow: auto; max-height: 75vh; border: 1px solid var(--border); border-radius: 4px; }
.tl-inner { position: relative; width: calc(var(--label-w) + (100% - var(--label-w)) * var(--zoom, 1)); min-width: 100%; }
.tl-head {
  position: sticky; top: 0; z-index: 4; display: grid; grid-template-columns: var(--label-w) 1fr;
  background: var(--bg); border-bottom: 1px solid var(--border);
}
.corner {
  position: sticky; left: 0; z-index: 5; background: var(--bg); padding: 2px 8px; color: var(--muted);
  font-size: 0.85em; border-right: 1px solid var(--border);
}
.axis { position: relative; overflow: clip; height: calc(20px + var(--levels, 0) * 17px); font-size: 11px; color: var(--muted); }
.tick { position: absolute; top: 0; height: 100%; padding-left: 3px; border-left: 1px solid var(--border); white-space: nowrap; font-variant-numeric: tabular-nums; }
.steplabel {
  position: absolute; height: 16px; line-height: 16px; padding: 0 5px 0 4px; white-space: nowrap; color: var(--fg);
  border-left: 2px solid var(--step); background: var(--bg); z-index: 1;
}
.steplabel.end { transform: translateX(-100%); border-left: 0; border-right: 2px solid var(--step); padding: 0 4px 0 5px; }
.steplabel.lvl0 { top: 19px; }
.steplabel.lvl1 { top: 36px; }
.steplabel.lvl2 { top: 53px; }

.overlay { position: absolute; top: 0; bottom: 0; left: var(--label-w); right: 0; pointer-events: none; }
.overlay.bands { z-index: 0; }
.overlay.lines { z-index: 1; }
.band { position: absolute; top: 0; bottom: 0; background: color-mix(in srgb, var(--step) 5%, transparent); }
.band.alt { background: color-mix(in srgb, var(--step) 10%, transparent); }
.stepline { position: absolute; top: 0; bottom: 0; border-left: 1px dashed var(--step); }
.endline { position: absolute; top: 0; bottom: 0; border-left: 1px solid var(--muted); opacity: 0.5; }

.lanes { position: relative; }
.lane { display: grid; grid-template-columns: var(--label-w) 1fr; height: 22px; scroll-margin-top: 90px; scroll-margin-left: var(--label-w); }
.lane:hover { background: var(--hover); }
.lane:focus { outline: none; }
.lane:focus-within { background: var(--sel); }
.lane:focus .label { box-shadow: inset 3px 0 0 var(--focus); }
.lane:focus .track { box-shadow: inset 0 0 0 1px var(--focus); }
.lane.group { height: 26px; border-top: 1px solid var(--border); font-weight: 600; }
.lanes > .lane.group:first-child { border-top: 0; }
.label {
  position: sticky; left: 0; z-index: 3; display: flex; align-items: center; gap: 6px; min-width: 0;
  padding: 0 8px; overflow: hidden; white-space: nowrap; background: var(--bg); border-right: 1px solid var(--border);
}
.lane:hover .label { background: var(--hover); }
.lane:focus-within .label { background: var(--sel); }
.lane:not(.group) .label { padding-left: 18px; }
.label .name { overflow: hidden; text-overflow: ellipsis; }
.kind {
  flex: none; font-size: 10px; line-height: 14px; padding: 0 4px; border-radius: 3px; font-weight: 400;
  border: 1px solid var(--border); color: var(--muted);
}
.note { font-size: 10px; color: var(--muted); font-weight: 400; }
.label .note { flex: none; }
.track { position: relative; }
.seg {
  position: absolute; top: 3px; bottom: 3px; min-width: 1px; overflow: hidden; white-space: nowrap;
  font-size: 11px; line-height: 16px; color: var(--seg-fg); border-radius: 2px;
}
.lane.group .seg { top: 5px; bottom: 5px; }
.seg .st { padding: 0 4px; }
.s-pending { background: var(--st-pending); }
.s-creating { background: var(--st-creating); }
.s-running { background: var(--st-running); }
.s-running.notready {
  background: repeating-linear-gradient(135deg, var(--st-running) 0 4px, var(--st-notready) 4px 8px);
  box-shadow: inset 0 0 0 1px var(--st-running);
}
.seg.notready .st { background: var(--bg); color: var(--fg); border-radius: 2px; margin-left: 2px; padding: 0 3px; }
.s-terminating { background: repeating-linear-gradient(135deg, var(--st-terminating) 0 6px, var(--st-terminating-2) 6px 9px); }
.s-bound { background: var(--st-bound); }
.s-failed { background: var(--st-failed); }
.s-done, .s-other { background: var(--st-done); }
.gone { position: absolute; top: 4px; bottom: 4px; width: 0; border-left: 2px solid var(--muted); }

.ev {
  position: absolute; top: 50%; z-index: 2; width: 10px; height: 10px; padding: 0; margin: 0;
  transform: translate(-50%, -50%); border: 1.5px solid var(--bg); border-radius: 50%;
  background: var(--ev-normal); cursor: pointer; appearance: none; scroll-margin-left: calc(var(--label-w) + 12px);
}
.ev.ev-warning { border-radius: 1px; background: var(--ev-warning); transform: translate(-50%, -50%) rotate(45deg); }
.ev:hover { box-shadow: 0 0 0 2px var(--focus); }
.ev:focus { outline: 2px solid var(--focus); outline-offset: 2px; }
.empty { margin: 8px; color: var(--muted); }

/* Steps and expectations */
.steps { margin: 18px 0; }
.steps h3 { margin-bottom: 6px; }
table.expect { border-collapse: collapse; width: 100%; max-width: 90em; }
.expect th, .expect td { text-align: left; vertical-align: top; padding: 4px 10px 4px 0; border-bottom: 1px solid var(--border); }
.expect thead th { color: var(--muted); font-weight: 600; font-size: 0.9em; }
.expect tbody th { font-weight: 600; white-space: nowrap; }
.expect td.num, .expect td.res { white-space: nowrap; font-variant-numeric: tabular-nums; }
.checks { list-style: none; margin: 0; padding: 0; }
.checks li { margin: 0 0 2px; }
.checks .mark { margin-right: 6px; }
.checks li.bad .text { color: var(--bad); }

/* Cluster snapshot */
.snapshot h3 { margin-bottom: 8px; }
.nodes { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 12px; }
.node { border: 1px solid var(--border); border-radius: 6px; padding: 8px 10px; background: var(--panel-bg); min-width: 0; }
.node.unscheduled { border-style: dashed; }
.node ul { list-style: none; margin: 0; padding: 0; }
.pods > li { margin: 0 0 5px; }
.pod, .claim { display: flex; align-items: center; gap: 6px; min-width: 0; }
.pod .name, .claim .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pod .st, .claim .st { color: var(--muted); white-space: nowrap; }
.claims { padding-left: 18px !important; margin-top: 2px !important; font-size: 0.92em; }
.claim .vol { color: var(--muted); font-size: 0.9em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.dot { flex: none; display: inline-block; width: 10px; height: 10px; border-radius: 2px; }

/* Details panel */
.details {
  position: fixed; left: 0; right: 0; bottom: 0; z-index: 10; max-height: 30vh; overflow: auto;
  padding: 6px 20px 8px; background: var(--panel-bg); border-top: 1px solid var(--border); font-size: 0.95em;
}
.details ul { margin: 2px 0 0; padding-left: 1.2em; }
.details .dtitle { display: block; }
.error { color: var(--bad); font-weight: 600; }

@media (forced-colors: active) {
  .seg, .dot, .sw { border: 1px solid CanvasText; }
  .ev { forced-color-adjust: none; background: CanvasText; border-color: Canvas; }
  .stepline { border-left-color: Highlight; }
}
`;

/** The whole page. `pageScript` is the bundled src/webview/timeline.ts (dist/webview.js). */
export function renderHtmlReport(results: ScenarioResult[], pageScript: string): string {
  const nonce = crypto.randomBytes(18).toString('base64');
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:`;
  const title =
    results.length === 1 ? `K8s Sim: ${results[0].scenario}` : `K8s Sim: ${results.length} scenarios`;
  const data = escapeJsonForHtml(JSON.stringify(results));
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(title)}</title>`,
    `<style nonce="${nonce}">${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    '<main id="app"><noscript>This report needs JavaScript to draw the timeline.</noscript></main>',
    `<script type="application/json" id="${DATA_ELEMENT_ID}">${data}</script>`,
    `<script nonce="${nonce}">${escapeInlineScript(pageScript)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Where the bundled page script is: next to the CLI bundle, or the repo's dist/ when run from out/. */
function findPageScript(): string {
  const candidates = [
    path.join(__dirname, 'webview.js'), // dist/cli.js → dist/webview.js
    path.resolve(__dirname, '../../../dist/webview.js'), // out/src/scenario/html.js → dist/webview.js
  ];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  throw new Error(
    `the timeline page script (webview.js) is missing; looked in ${candidates.join(' and ')}: run npm run build first`,
  );
}

/** Writes the page for `results` to `file` (atomically: temp file then rename), creating folders. */
export function writeHtmlReport(file: string, results: ScenarioResult[]): void {
  const script = fs.readFileSync(findPageScript(), 'utf8');
  const html = renderHtmlReport(results, script);
  const target = path.resolve(file);
  const dir = path.dirname(target);
  ensureParentDir(target);
  const tmp = path.join(
    dir,
    `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    fs.writeFileSync(tmp, html, 'utf8');
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
