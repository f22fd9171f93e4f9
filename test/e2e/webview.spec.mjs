#!/usr/bin/env node
// The timeline page in headless Chromium (plain Node ESM, no build step of its own):
//   node test/e2e/webview.spec.mjs
// Needs `npm run build` (dist/cli.js, dist/webview.js, out/ for the webview page builder), Debian's
// /usr/bin/chromium and playwright-core from the e2e cache (.cache/e2e/tools, prepared by
// `node test/e2e/harness.mjs --install-only`; K8S_SIM_E2E_CACHE overrides the folder, and
// K8S_SIM_PLAYWRIGHT points at another playwright-core install).
//
// Checks the standalone `--html` page and the same page as a VS Code webview (a fake
// acquireVsCodeApi, files served from a fake webview origin): lanes as text, readable event markers,
// keyboard, the time cursor, the snapshot, traffic bars, hostile text shown as text with nothing
// executed, light and dark schemes, no CSP violation, the messages to the extension, state restored
// after a reload, and a 1,000-pod StatefulSet (all objects listed, lanes virtualised, scrolls to the
// last). Screenshots go to test-output/webview/. The last line is `N passed, N failed`.
//
// No test asserts a wall-clock time (a loaded machine must not fail `npm test`); every wait is for a
// condition, bounded generously. Timing targets are benches: entries that run only when a filter
// names them, as `npm run bench` does (`node test/e2e/webview.spec.mjs 1,000-pod` runs the 1,000-pod
// test and the first-paint bench, which prints `bench:` lines; with --strict a missed target fails).
/* global window, document, performance, getComputedStyle, sessionStorage, URL -- page.evaluate bodies run in the page */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = path.resolve(process.env.K8S_SIM_E2E_CACHE || path.join(REPO, '.cache/e2e'));
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(REPO, 'test-output/webview');
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-sim-webview-'));
/** Target of the 1,000-pod bench: data → first paint (median of BENCH_RUNS page loads). */
const RENDER_BUDGET_MS = 1000;
const BENCH_RUNS = 5;
/** Bound of every wait for the page (a timeout, not a speed target). */
const WAIT = 30_000;
const EVIL_IMG = '<img src=x onerror=alert(1)>';
const EVIL_SCRIPT = '</script><script>alert(1)</script>';
const ORIGIN = 'https://webview.test';

function loadPlaywright() {
  const places = [
    process.env.K8S_SIM_PLAYWRIGHT,
    path.join(CACHE, 'tools/package.json'),
    '/tmp/playwright/package.json',
  ].filter(Boolean);
  for (const p of places) {
    try {
      return createRequire(p.endsWith('.json') ? p : path.join(p, 'package.json'))('playwright-core');
    } catch {
      /* next place */
    }
  }
  console.error(
    `playwright-core not found (looked in ${places.join(', ')}); run: node test/e2e/harness.mjs --install-only`,
  );
  process.exit(3);
}

function need(file, hint) {
  if (!fs.existsSync(path.join(REPO, file))) {
    console.error(`${file} is missing: ${hint}`);
    process.exit(2);
  }
}

// ---------------------------------------------------------------- tiny runner

const tests = [];
const test = (name, fn) => tests.push({ name, fn, bench: false });
/** A timing measurement: runs only when the command line's filter names it (npm run bench). */
const bench = (name, fn) => tests.push({ name, fn, bench: true });
const STRICT = process.argv.includes('--strict');
const assert = (cond, msg) => {
  if (!cond) throw new Error(msg);
};
const eq = (a, b, msg) => assert(a === b, `${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);

// ---------------------------------------------------------------- fixtures

function cli(args) {
  return execFileSync(process.execPath, [path.join(REPO, 'dist/cli.js'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** `k8s-sim run <file> --html <out>`; returns the page path. */
function htmlPage(scenario, name) {
  const out = path.join(WORK, `${name}.html`);
  cli(['run', scenario, '--html', out]);
  return out;
}

function resultOf(scenario) {
  const r = JSON.parse(cli(['run', scenario, '--json']));
  return Array.isArray(r) ? r[0] : r;
}

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function hostileScenario() {
  const dir = path.join(WORK, 'hostile');
  write(
    path.join(dir, 'app.yaml'),
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: evil-label',
      '  labels:',
      `    app: ${JSON.stringify(EVIL_IMG)}`,
      '  annotations:',
      `    note: ${JSON.stringify(EVIL_SCRIPT)}`,
      'spec:',
      '  containers:',
      '  - name: c',
      '    image: kubetm/app',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: evil-image',
      '  labels:',
      '    app: web',
      '  annotations:',
      `    note: ${JSON.stringify(EVIL_IMG)}`,
      'spec:',
      '  containers:',
      '  - name: c',
      `    image: ${JSON.stringify(EVIL_SCRIPT + EVIL_IMG)}`,
      '',
    ].join('\n'),
  );
  return write(
    path.join(dir, 'hostile.yaml'),
    [
      'apiVersion: k8s-sim/v1',
      'kind: Scenario',
      'metadata:',
      '  name: hostile-text',
      '  annotations:',
      `    description: ${JSON.stringify(`${EVIL_IMG} and ${EVIL_SCRIPT}`)}`,
      'spec:',
      '  seed: 1',
      '  manifests:',
      '    - file: app.yaml',
      '  steps:',
      '    - wait: 5s',
      '',
    ].join('\n'),
  );
}

function bigScenario() {
  const dir = path.join(WORK, 'big');
  const sts = fs
    .readFileSync(path.join(REPO, 'scenarios/manifests/stateful-pvc.yaml'), 'utf8')
    .replace(/replicas: 1\b/, 'replicas: 1000');
  write(path.join(dir, 'sts.yaml'), sts);
  return write(
    path.join(dir, 'big.yaml'),
    [
      'apiVersion: k8s-sim/v1',
      'kind: Scenario',
      'metadata:',
      '  name: statefulset-1000',
      'spec:',
      '  seed: 1',
      '  settleLimit: 3h',
      // The kubelet's default of 110 pods per node would leave most of the 1,000 Pending.
      '  cluster:',
      '    nodes: [{name: k8s-node1, capacity: {pods: 1000}}, {name: k8s-node2, capacity: {pods: 1000}}]',
      '  manifests:',
      '    - file: sts.yaml',
      '  steps:',
      '    - wait: 1s',
      '',
    ].join('\n'),
  );
}

// ---------------------------------------------------------------- browser helpers

let browser;

/** A fresh page that records dialogs, page errors and CSP violations. */
async function newPage(opts = {}) {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    colorScheme: opts.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  const problems = { dialogs: [], errors: [], requests: [] };
  page.on('dialog', async (d) => {
    problems.dialogs.push(d.message());
    await d.dismiss();
  });
  page.on('pageerror', (e) => problems.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.errors.push(m.text());
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('file:') && !u.startsWith(ORIGIN) && !u.startsWith('data:')) problems.requests.push(u);
  });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return { page, context, problems };
}

async function painted(page) {
  await page.waitForFunction(() => performance.getEntriesByName('k8s-sim:painted').length > 0);
}

async function clean(page, problems) {
  const csp = await page.evaluate(() => window.__csp);
  eq(csp.length, 0, `CSP violations (${csp.join('; ')})`);
  eq(problems.dialogs.length, 0, `dialogs opened (${problems.dialogs.join('; ')})`);
  eq(problems.errors.length, 0, `page errors (${problems.errors.join('; ')})`);
  eq(problems.requests.length, 0, `network requests (${problems.requests.join('; ')})`);
}

const shot = (page, name, fullPage = false) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
const cursorT = (page) =>
  page
    .locator('.scrub')
    .first()
    .evaluate((e) => Number(e.value));
const activeInfo = (page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    const lane = a?.closest('.lane');
    return {
      tag: a?.tagName ?? '',
      isLane: !!a?.classList.contains('lane'),
      isMarker: !!a?.classList.contains('ev'),
      row: lane ? Number(lane.dataset.row) : -1,
      laneText: lane?.querySelector('.label')?.textContent ?? '',
    };
  });

// ---------------------------------------------------------------- the standalone page

const SMALL = 'scenarios/02-scale-up-one-at-a-time.yaml';

test('lanes: stateful-db-0..2 are text in the DOM, grouped under their StatefulSet', async () => {
  const { page, context, problems } = await newPage();
  await page.goto(`file://${htmlPage(SMALL, 'small')}`);
  await painted(page);
  const names = await page.locator('.lane .label .name').allTextContents();
  for (const n of ['stateful-db-0', 'stateful-db-1', 'stateful-db-2', 'StatefulSet stateful-db'])
    assert(names.includes(n), `lane "${n}" in ${JSON.stringify(names)}`);
  assert(
    names.indexOf('StatefulSet stateful-db') < names.indexOf('stateful-db-0'),
    'the StatefulSet group row comes before its pods',
  );
  eq(await page.title(), 'K8s Sim: scale-up-one-at-a-time', 'document title');
  eq(
    await page.locator('h2').first().textContent(),
    'K8s Sim: scale-up-one-at-a-time',
    'heading is the scenario name',
  );
  const snapshot = await page.locator('.snapshot').textContent();
  for (const n of ['stateful-db-0', 'stateful-db-2', 'k8s-node1', 'k8s-node2'])
    assert(snapshot.includes(n), `snapshot lists ${n}`);
  await shot(page, 'small-light', true);
  await clean(page, problems);
  await context.close();
});

test('how things end: a tail after the last change, markers under the state text, names keep their ordinal', async () => {
  const { page, context, problems } = await newPage();
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.goto(`file://${htmlPage('scenarios/07-volumeclaimtemplates-survive.yaml', 'claims')}`);
  await painted(page);
  const facts = await page.evaluate(() => {
    const box = (e) => e.getBoundingClientRect();
    const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const lanes = [...document.querySelectorAll('.lane:not(.group)')];
    let covered = 0;
    for (const lane of lanes) {
      const texts = [...lane.querySelectorAll('.seg .st')].map(box);
      for (const m of lane.querySelectorAll('.ev')) if (texts.some((t) => overlap(box(m), t))) covered++;
    }
    // Every lane still present at the end: its last segment reaches past the end line.
    const end = box(document.querySelector('.endline'));
    const shortEnds = lanes.filter((lane) => {
      const segs = [...lane.querySelectorAll('.seg')];
      return (
        segs.length > 0 && !lane.querySelector('.gone') && box(segs[segs.length - 1]).right < end.left + 8
      );
    }).length;
    const claimTails = [...document.querySelectorAll('.lane .name.split')]
      .filter((n) => n.textContent.startsWith('volume-'))
      .map((n) => {
        const tail = n.querySelector('.nm-tail');
        return {
          name: n.textContent,
          tail: tail.textContent,
          shown: box(tail).width > 0 && box(tail).right <= box(n).right + 1,
        };
      });
    return { lanes: lanes.length, covered, shortEnds, claimTails };
  });
  assert(facts.lanes > 3, `lanes drawn: ${facts.lanes}`);
  eq(facts.covered, 0, 'event markers drawn over a state text');
  eq(facts.shortEnds, 0, 'lanes whose final state has no width after the last change');
  assert(facts.claimTails.length >= 1, `claim lanes: ${JSON.stringify(facts.claimTails)}`);
  for (const c of facts.claimTails) {
    assert(c.shown, `the end of ${c.name} is visible`);
    assert(/-\d+$/.test(c.tail), `${c.name} keeps its ordinal: ${c.tail}`);
  }
  await shot(page, 'how-things-end');
  await clean(page, problems);
  await context.close();
});

test("a Deployment's pods sit under the Deployment, whichever ReplicaSet made them", async () => {
  const { page, context, problems } = await newPage();
  await page.goto(`file://${htmlPage('scenarios/26-rollout-undo.yaml', 'rollout')}`);
  await painted(page);
  const rows = await page.evaluate(() =>
    [...document.querySelectorAll('.lane')].map((l) => ({
      group: l.classList.contains('group'),
      kind: l.dataset.kind ?? '',
      name: l.querySelector('.label .name')?.textContent ?? '',
    })),
  );
  const groups = rows.filter((r) => r.group).map((r) => r.name);
  assert(groups.includes('Deployment web'), `groups: ${JSON.stringify(groups)}`);
  assert(
    !groups.some((g) => g.startsWith('ReplicaSet ')),
    `no ReplicaSet group of its own: ${JSON.stringify(groups)}`,
  );
  const at = rows.findIndex((r) => r.group && r.name === 'Deployment web');
  const next = rows.findIndex((r, i) => i > at && r.group);
  const pods = rows.slice(at + 1, next < 0 ? rows.length : next).filter((r) => r.kind === 'Pod');
  assert(
    pods.length >= 2 && pods.every((p) => p.name.startsWith('web-')),
    `pods under the Deployment: ${JSON.stringify(pods)}`,
  );
  await clean(page, problems);
  await context.close();
});

test('event markers: reason and message on hover (title) and focus (details panel)', async () => {
  const { page, context, problems } = await newPage();
  await page.goto(`file://${htmlPage(SMALL, 'small')}`);
  await painted(page);
  const lane = page.locator('.lane', { has: page.locator('.name', { hasText: /^stateful-db-1$/ }) });
  const markers = lane.locator('.ev');
  assert((await markers.count()) >= 3, 'stateful-db-1 has event markers');
  const labels = await markers.evaluateAll((ms) => ms.map((m) => m.textContent));
  assert(
    labels.some((l) => /Scheduled: Successfully assigned default\/stateful-db-1 to k8s-node\d/.test(l)),
    `a marker reads the Scheduled event as text: ${JSON.stringify(labels)}`,
  );
  const marker = lane.locator('.ev', { hasText: 'Scheduled' }).first();
  await marker.hover();
  const title = await marker.getAttribute('title');
  assert(
    /^Scheduled: Successfully assigned/.test(title ?? ''),
    `hover text has reason and message: ${title}`,
  );
  await marker.click();
  const details = await page.locator('#details').textContent();
  assert(
    details.includes('Scheduled') && details.includes('Successfully assigned default/stateful-db-1'),
    details,
  );
  const t = await cursorT(page);
  const markerT = Number(await marker.getAttribute('data-t'));
  eq(t, markerT, 'clicking a marker moves the time cursor to it');
  await shot(page, 'marker-focus');
  await clean(page, problems);
  await context.close();
});

test('details panel beside the editor (a 1100×800 window): a few lines at most, collapsible, never hides the end', async () => {
  const { page, context, problems } = await newPage();
  // The webview's share of a 1100×800 window with the timeline beside the editor.
  await page.setViewportSize({ width: 540, height: 680 });
  await page.goto(`file://${htmlPage('scenarios/17-resources-that-do-not-fit.yaml', 'narrow')}`);
  await painted(page);
  const panel = page.locator('#details');
  // The lanes keep most of the width; the names are cut in the middle, not the chart.
  const share = await page
    .locator('.lane')
    .first()
    .evaluate(
      (l) => l.querySelector('.label').getBoundingClientRect().width / l.getBoundingClientRect().width,
    );
  assert(share <= 0.45, `the name column takes ${(share * 100).toFixed(0)}% of a lane`);
  // The longest text a marker carries: the scheduler's FailedScheduling message.
  const marker = page.locator('.ev', { hasText: 'FailedScheduling' }).first();
  await marker.focus();
  await page.waitForFunction(() =>
    document.getElementById('details').textContent.includes('nodes are available'),
  );
  const height = async () => (await panel.boundingBox()).height / 680;
  const open = await height();
  assert(open <= 0.25, `the open panel takes ${(open * 100).toFixed(1)}% of the height`);
  const toggle = panel.locator('.dtoggle');
  eq(await toggle.getAttribute('aria-expanded'), 'true', 'toggle state when open');
  await toggle.click();
  eq(await toggle.getAttribute('aria-expanded'), 'false', 'toggle state when collapsed');
  const closed = await height();
  assert(closed <= 0.07, `the collapsed panel is one line: ${(closed * 100).toFixed(1)}%`);
  assert(
    (await panel.textContent()).includes('FailedScheduling'),
    'the collapsed line still names the event',
  );
  // Scrolled to the end, the page's last element sits above the panel.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const hidden = await page.evaluate(() => {
    const top = document.getElementById('details').getBoundingClientRect().top;
    const sections = [...document.querySelectorAll('section')];
    const last = sections[sections.length - 1];
    return last.getBoundingClientRect().bottom - top;
  });
  assert(hidden <= 0, `the end of the page is ${hidden}px under the panel`);
  await shot(page, 'narrow-details');
  await clean(page, problems);
  await context.close();
});

test('keyboard: Tab to a lane, arrows move between lanes and events, Space plays and pauses', async () => {
  const { page, context, problems } = await newPage();
  await page.goto(`file://${htmlPage(SMALL, 'small')}`);
  await painted(page);
  let info = await activeInfo(page);
  for (let i = 0; i < 40 && !info.isLane; i++) {
    await page.keyboard.press('Tab');
    info = await activeInfo(page);
  }
  assert(info.isLane, 'Tab reaches a lane');
  const first = info.row;
  await page.keyboard.press('ArrowDown');
  info = await activeInfo(page);
  eq(info.row, first + 1, 'ArrowDown moves to the next lane');
  await page.keyboard.press('ArrowUp');
  eq((await activeInfo(page)).row, first, 'ArrowUp moves back');
  await page.keyboard.press('End');
  info = await activeInfo(page);
  assert(info.laneText.includes('stateful-db-2'), `End goes to the last lane: ${info.laneText}`);

  const end = await cursorT(page);
  await page.keyboard.press('ArrowLeft');
  const t1 = await cursorT(page);
  info = await activeInfo(page);
  assert(t1 < end, `ArrowLeft steps the cursor back to an event (${end} → ${t1})`);
  assert(info.isMarker && info.laneText.includes('stateful-db-2'), 'and focuses that event marker');
  await page.keyboard.press('ArrowLeft');
  const t2 = await cursorT(page);
  assert(t2 < t1, `ArrowLeft again: earlier event (${t1} → ${t2})`);
  await page.keyboard.press('ArrowRight');
  eq(await cursorT(page), t1, 'ArrowRight: the next event');
  const details = await page.locator('#details').textContent();
  assert(details.length > 20, 'the focused event shows in the details panel');

  const play = page.locator('vscode-button.play');
  eq(await play.getAttribute('aria-pressed'), 'false', 'not playing at first');
  await page.keyboard.press(' ');
  eq(await play.getAttribute('aria-pressed'), 'true', 'Space starts playing');
  // Playing advances the cursor on animation frames: wait for one that moved it (not a fixed sleep).
  await page
    .waitForFunction((from) => Number(document.querySelector('.scrub')?.value) > from, t1)
    .catch(() => undefined); // the check below says where it stayed
  const t3 = await cursorT(page);
  assert(t3 > t1, `the cursor advances while playing (${t1} → ${t3})`);
  await page.keyboard.press(' ');
  eq(await play.getAttribute('aria-pressed'), 'false', 'Space pauses');
  const t4 = await cursorT(page);
  await page.waitForTimeout(250);
  eq(await cursorT(page), t4, 'paused: the cursor stays');

  // The buttons and the slider work too.
  await page.locator('vscode-button.prev').click();
  assert((await cursorT(page)) < t4, 'the previous-event button steps back');
  await page.locator('.scrub').focus();
  await page.keyboard.press('Home');
  eq(await cursorT(page), 0, 'the slider moves the cursor to 0');
  // The snapshot is redrawn on the next animation frame after the cursor moves: wait for it.
  await page
    .waitForFunction(() => document.querySelector('.snapshot h3')?.textContent === 'Cluster at 0s')
    .catch(() => undefined); // the check below says what it showed instead
  eq(await page.locator('.snapshot h3').textContent(), 'Cluster at 0s', 'the snapshot follows the cursor');
  await shot(page, 'keyboard');
  await clean(page, problems);
  await context.close();
});

test('time cursor: dragging on the axis moves it; the snapshot shows the cluster at that time', async () => {
  const { page, context, problems } = await newPage();
  await page.goto(`file://${htmlPage(SMALL, 'small')}`);
  await painted(page);
  const axis = page.locator('.axis').first();
  const box = await axis.boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + 5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.12, box.y + 5, { steps: 5 });
  await page.mouse.up();
  const t = await cursorT(page);
  const end = Number(await page.locator('.scrub').getAttribute('max'));
  assert(t > 0 && t < end * 0.2, `dragged to about 12% of the run: ${t} of ${end}`);
  // The snapshot is redrawn on the next animation frame: wait for it rather than sleep.
  await page
    .waitForFunction(() => !document.querySelector('.snapshot')?.textContent?.includes('stateful-db-2'))
    .catch(() => undefined); // the checks below say what it showed instead
  const snapshot = await page.locator('.snapshot').textContent();
  assert(!snapshot.includes('stateful-db-2'), 'stateful-db-2 does not exist yet at the start');
  assert(snapshot.includes('stateful-db-0'), 'stateful-db-0 does');
  await shot(page, 'cursor-dragged');
  await clean(page, problems);
  await context.close();
});

test('failures: node lanes come first; a crash loop reads its restarts on the pod lane', async () => {
  const { page, context, problems } = await newPage();
  await page.goto(`file://${htmlPage('scenarios/24-crash-loop.yaml', 'crash-loop')}`);
  await painted(page);
  const names = await page.locator('.lane .label .name').allTextContents();
  eq(names[0], 'Nodes', 'the node group is first');
  assert(names.includes('k8s-node1'), `a node lane: ${JSON.stringify(names)}`);
  const segs = await page
    .locator('.lane', { has: page.locator('.name', { hasText: /^web-0$/ }) })
    .locator('.seg')
    .evaluateAll((ds) => ds.map((d) => d.getAttribute('title')));
  assert(
    segs.some((t) => /CrashLoopBackOff · k8s-node\d · 7 restarts/.test(t ?? '')),
    `the last segment says the restarts: ${JSON.stringify(segs.slice(-3))}`,
  );
  await shot(page, 'crash-loop');
  await clean(page, problems);
  await context.close();
});

test('traffic: each request step splits by Service and pod with percentages, counts and reasons', async () => {
  const { page, context, problems } = await newPage();
  await page.goto(`file://${htmlPage('scenarios/12-canary-by-weight.yaml', 'traffic')}`);
  await painted(page);
  const cards = page.locator('.tcard');
  assert((await cards.count()) >= 1, 'a card per request step');
  const text = await cards.last().textContent();
  for (const s of ['By Service', 'By pod', 'svc-v1', 'svc-v2', '%', 'Why', 'canary'])
    assert(text.includes(s), `traffic card shows "${s}": ${text.slice(0, 300)}`);
  const widths = await cards
    .last()
    .locator('.split')
    .first()
    .locator('.bseg')
    .evaluateAll((s) => s.map((x) => x.getBoundingClientRect().width));
  assert(widths.length === 2 && widths[0] > widths[1] * 3, `bar parts are proportional: ${widths}`);
  // What was sent is on the card: method and URL, and where it came from.
  const sent = await cards.last().locator('.sent').textContent();
  for (const s of ['GET http://www.app.com:30431/version', 'from outside the cluster'])
    assert(sent.includes(s), `the card says what was sent ("${s}"): ${sent}`);
  await cards.last().scrollIntoViewIfNeeded();
  await shot(page, 'traffic');
  // A header canary: each card names the header its requests carried.
  await page.goto(`file://${htmlPage('scenarios/13-canary-by-header.yaml', 'traffic-header')}`);
  await painted(page);
  const headers = await page.locator('.tcard .sent-headers').allTextContents();
  eq(
    JSON.stringify(headers),
    JSON.stringify(['Accept-Language: kr', 'Accept-Language: en']),
    'headers sent per card',
  );
  await clean(page, problems);
  await context.close();
});

test('Simulate This Change: the apply step lists per object what changed, field by field, as text', async () => {
  const { writeHtmlReport } = createRequire(import.meta.url)(path.join(REPO, 'out/src/scenario/html.js'));
  const result = resultOf(SMALL);
  // The extension adds `changes` to the apply step of a change; any step draws them.
  result.steps[0].changes = [
    {
      kind: 'StatefulSet',
      namespace: 'default',
      name: 'stateful-db',
      change: 'changed',
      fields: [
        { path: 'spec.replicas', before: '1', after: '3' },
        { path: 'spec.template.spec.containers[0].image', before: 'kubetm/app', after: EVIL_IMG },
        { path: 'spec.minReadySeconds', before: null, after: '5' },
      ],
      moreFields: 2,
    },
    { kind: 'Service', namespace: 'default', name: 'web', change: 'unchanged', fields: [], moreFields: 0 },
    { kind: 'ConfigMap', namespace: 'default', name: 'cfg', change: 'unchanged', fields: [], moreFields: 0 },
    { kind: 'Deployment', namespace: 'default', name: 'old', change: 'removed', fields: [], moreFields: 0 },
  ];
  const file = path.join(WORK, 'change.html');
  writeHtmlReport(file, [result]);
  const { page, context, problems } = await newPage();
  await page.goto(`file://${file}`);
  await painted(page);
  const notes = await page.locator('.steps .note.change').allTextContents();
  assert(notes[0].startsWith('StatefulSet/stateful-db changed'), `first note: ${notes[0]}`);
  const fields = await page
    .locator('.steps .note.change .field')
    .evaluateAll((fs) => fs.map((f) => f.textContent.replace(/\s+/g, ' ')));
  eq(
    JSON.stringify(fields),
    JSON.stringify([
      'spec.replicas1 → 3',
      `spec.template.spec.containers[0].imagekubetm/app → ${EVIL_IMG}`,
      'spec.minReadySeconds(not set) → 5',
      '… and 2 more',
    ]),
    'fields',
  );
  assert(
    notes.some((n) => n === 'Deployment/old removed from the files (kubectl apply leaves it running)'),
    `the removed object: ${JSON.stringify(notes)}`,
  );
  const unchanged = await page.locator('.steps .note.muted', { hasText: 'unchanged:' }).allTextContents();
  eq(
    JSON.stringify(unchanged),
    JSON.stringify(['unchanged: Service/web, ConfigMap/cfg']),
    'unchanged on one line',
  );
  eq(await page.locator('img').count(), 0, 'a value with markup is text');
  await page.locator('.steps .note.change').first().scrollIntoViewIfNeeded();
  await shot(page, 'change');
  await clean(page, problems);
  await context.close();
});

test('time ticks keep room for their labels: a 6-minute run in a narrow panel, and after a resize', async () => {
  const { page, context, problems } = await newPage({ viewport: { width: 400, height: 800 } });
  await page.goto(`file://${htmlPage('scenarios/22-node-failure-statefulset.yaml', 'node-failure')}`);
  await painted(page);
  const overlaps = () =>
    page.evaluate(() => {
      const boxes = [...document.querySelectorAll('.axis .tick')].map((t) => t.getBoundingClientRect());
      const out = [];
      for (let i = 1; i < boxes.length; i++)
        if (boxes[i].left < boxes[i - 1].right) out.push(`${i - 1}/${i}`);
      return { ticks: boxes.length, out };
    });
  const narrow = await overlaps();
  assert(narrow.ticks >= 2, `ticks drawn: ${narrow.ticks}`);
  assert(narrow.out.length === 0, `tick labels overlap at 400 px: ${narrow.out.join(', ')}`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForFunction((n) => document.querySelectorAll('.axis .tick').length > n, narrow.ticks);
  const wide = await overlaps();
  assert(wide.out.length === 0, `tick labels overlap at 1280 px: ${wide.out.join(', ')}`);
  await shot(page, 'narrow-ticks');
  await clean(page, problems);
  await context.close();
});

test('hostile text: labels, annotations and messages with markup show as text and run nothing', async () => {
  const { page, context, problems } = await newPage();
  await page.goto(`file://${htmlPage(hostileScenario(), 'hostile')}`);
  await painted(page);
  await page.waitForTimeout(300);
  const body = await page.locator('body').textContent();
  assert(body.includes(`${EVIL_IMG} and ${EVIL_SCRIPT}`), 'the description is shown as text');
  assert(body.includes(`Invalid value: "${EVIL_IMG}"`), 'the rejection message is shown as text');
  const markers = await page.locator('.ev').evaluateAll((ms) => ms.map((m) => m.textContent).join('\n'));
  assert(markers.includes(`Container image "${EVIL_SCRIPT}${EVIL_IMG}"`), 'event messages are text');
  eq(await page.locator('img').count(), 0, '<img> elements');
  const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.type || 'classic'));
  eq(JSON.stringify(scripts), JSON.stringify(['application/json', 'classic']), 'script elements');
  eq(
    await page.evaluate(() => document.querySelectorAll('[onerror], [onload], iframe, object, embed').length),
    0,
    'handlers',
  );
  await shot(page, 'hostile', true);
  await clean(page, problems);
  await context.close();
});

test('colour schemes: light and dark render with their own colours; controls are styled under the CSP', async () => {
  const page1 = htmlPage(SMALL, 'small');
  const colours = {};
  for (const scheme of ['light', 'dark']) {
    const { page, context, problems } = await newPage({ colorScheme: scheme });
    await page.goto(`file://${page1}`);
    await painted(page);
    colours[scheme] = await page.evaluate(() => {
      const b = document.querySelector('vscode-button.play');
      const base = b?.shadowRoot?.querySelector('.base');
      return {
        bg: getComputedStyle(document.body).backgroundColor,
        fg: getComputedStyle(document.body).color,
        adopted: b?.shadowRoot?.adoptedStyleSheets.length ?? 0,
        button: base ? getComputedStyle(base).backgroundColor : '',
      };
    });
    assert(colours[scheme].adopted > 0, 'vscode-button styles come from adopted stylesheets');
    assert(
      colours[scheme].button && colours[scheme].button !== 'rgba(0, 0, 0, 0)',
      'vscode-button is styled',
    );
    await shot(page, `small-${scheme}`);
    await clean(page, problems);
    await context.close();
  }
  eq(colours.light.bg, 'rgb(255, 255, 255)', 'light background');
  eq(colours.dark.bg, 'rgb(30, 30, 30)', 'dark background');
  assert(colours.light.fg !== colours.dark.fg, 'text colour follows the scheme');
});

test('1,000-pod StatefulSet: all 2,000 objects drawn; lanes virtualised; scrolls to the last', async () => {
  const file = htmlPage(bigScenario(), 'statefulset-1000');
  const { page, context, problems } = await newPage();
  await page.goto(`file://${file}`);
  await painted(page);
  const m = await page.evaluate(() => ({
    lanes: document.querySelectorAll('.lane').length,
    meta: document.querySelector('.meta')?.textContent ?? '',
  }));
  assert(m.meta.includes('2000 pod and claim lanes'), `all 1,000 pods and 1,000 claims: ${m.meta}`);
  assert(m.lanes < 200, `only the visible rows are in the DOM (${m.lanes})`);
  await shot(page, 'statefulset-1000-top');
  await page.locator('.timeline').evaluate((s) => (s.scrollTop = s.scrollHeight));
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.lane .name')].some((n) => n.textContent === 'volume-stateful-pvc-999'),
  );
  await page.locator('.lane').last().focus();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.activeElement?.dataset.row === '0');
  await shot(page, 'statefulset-1000');
  await clean(page, problems);
  await context.close();
});

bench(`1,000-pod StatefulSet bench: data → first paint (target < ${RENDER_BUDGET_MS} ms)`, async () => {
  const file = htmlPage(bigScenario(), 'statefulset-1000');
  const runs = [];
  for (let i = 0; i < BENCH_RUNS; i++) {
    const { page, context } = await newPage();
    const t0 = Date.now();
    await page.goto(`file://${file}`);
    await painted(page);
    const wall = Date.now() - t0;
    const m = await page.evaluate(() => {
      const at = (n) => performance.getEntriesByName(n)[0].startTime;
      return {
        data: at('k8s-sim:data'),
        rendered: at('k8s-sim:rendered'),
        painted: at('k8s-sim:painted'),
        lanes: document.querySelectorAll('.lane').length,
        elements: document.getElementsByTagName('*').length,
      };
    });
    runs.push({ ...m, wall, ms: m.painted - m.data });
    await context.close();
  }
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const mid = sorted[Math.floor(sorted.length / 2)];
  const ms = Math.round(mid.ms);
  const ok = ms < RENDER_BUDGET_MS;
  console.log(
    `    bench: 1,000 pods: data → first paint ${ms} ms, median of ${BENCH_RUNS} ` +
      `[${runs.map((r) => Math.round(r.ms)).join(', ')}] (target < ${RENDER_BUDGET_MS} ms) ${ok ? 'PASS' : 'FAIL'}; ` +
      `data → DOM ${Math.round(mid.rendered - mid.data)} ms, navigation → paint ${Math.round(mid.painted)} ms, ` +
      `wall ${mid.wall} ms; ${mid.lanes} lane rows, ${mid.elements} elements`,
  );
  if (STRICT) assert(ok, `data → first paint ${ms} ms < ${RENDER_BUDGET_MS} ms`);
});

// ---------------------------------------------------------------- the same page as a VS Code webview

/** Serves the webview page and its two files from a fake webview origin; a fake acquireVsCodeApi. */
async function webviewPage(opts = {}) {
  const { renderWebviewHtml, makeNonce } = createRequire(import.meta.url)(
    path.join(REPO, 'out/src/scenario/html.js'),
  );
  const { page, context, problems } = await newPage(opts);
  const files = {
    '/dist/webview.js': ['application/javascript', path.join(REPO, 'dist/webview.js')],
    '/media/timeline.css': ['text/css', path.join(REPO, 'media/timeline.css')],
  };
  await context.route(`${ORIGIN}/**`, async (route) => {
    const u = new URL(route.request().url());
    if (u.pathname === '/index.html') {
      const html = renderWebviewHtml({
        cspSource: ORIGIN,
        scriptUri: `${ORIGIN}/dist/webview.js`,
        styleUri: `${ORIGIN}/media/timeline.css`,
        title: 'K8s Sim: Timeline',
        nonce: makeNonce(),
        lang: opts.lang,
        l10n: opts.l10n,
      });
      return route.fulfill({ contentType: 'text/html', body: html });
    }
    const f = files[u.pathname];
    if (!f) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ contentType: f[0], body: fs.readFileSync(f[1]) });
  });
  // VS Code's webview API, as far as the page uses it: messages out, state kept across reloads.
  await context.addInitScript(() => {
    window.__posted = [];
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => JSON.parse(sessionStorage.getItem('state') ?? 'null'),
      setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
    });
  });
  return { page, context, problems };
}

/**
 * Posts a message as the extension would and resolves once the page has handled it: the page's own
 * listener was added before the page said `ready`, so it runs before this one-shot listener.
 */
const send = (page, message) =>
  page.evaluate(
    (m) =>
      new Promise((resolve) => {
        window.addEventListener('message', () => resolve(), { once: true });
        window.postMessage(m, '*');
      }),
    message,
  );
const posted = (page) => page.evaluate(() => window.__posted);

test("webview in Korean: the page's words come from the bundle the extension hands it; Kubernetes' stay", async () => {
  const ko = JSON.parse(fs.readFileSync(path.join(REPO, 'l10n/bundle.l10n.ko.json'), 'utf8'));
  const { page, context, problems } = await webviewPage({ lang: 'ko', l10n: ko });
  await page.goto(`${ORIGIN}/index.html`);
  eq(await page.locator('html').getAttribute('lang'), 'ko', 'the page says its language');
  eq(
    (await page.locator('#app p').first().textContent()).trim(),
    ko['Waiting for the simulation…'],
    'before the run',
  );
  await send(page, { type: 'show', title: 'StatefulSet stateful-db', result: resultOf(SMALL) });
  await painted(page);
  eq(
    (await page.locator('section.tl-section h3').first().textContent()).trim(),
    ko['Timeline'],
    'timeline heading',
  );
  eq((await page.locator('vscode-button.play').first().textContent()).trim(), ko['Play'], 'play button');
  const legend = await page.locator('.legend').first().innerText();
  assert(legend.includes(ko['Running, not ready']), `legend in Korean: ${legend}`);
  // Kubernetes' own words as kubectl shows them: statuses, kinds, pod names.
  assert(legend.includes('ContainerCreating'), 'statuses stay as Kubernetes names them');
  const names = await page.locator('.lane .name').allTextContents();
  assert(names.includes('stateful-db-2'), 'lanes drawn');
  const english = await page.locator('body').innerText();
  for (const word of ['Drag the time cursor', 'Steps and expectations', 'Cluster at'])
    assert(!english.includes(word), `"${word}" left in English`);
  await shot(page, 'webview-korean');
  await clean(page, problems);
  await context.close();
});

test('webview: ready → show draws the run; messages to the extension are valid; state survives a reload', async () => {
  const { isWebviewMessage } = createRequire(import.meta.url)(path.join(REPO, 'out/src/shared/protocol.js'));
  const result = resultOf(SMALL);
  const { page, context, problems } = await webviewPage({ colorScheme: 'dark' });
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  await send(page, { type: 'show', title: 'StatefulSet stateful-db', result });
  await painted(page);
  eq(await page.locator('h2').first().textContent(), 'K8s Sim: StatefulSet stateful-db', 'heading');
  eq(await page.title(), 'K8s Sim: StatefulSet stateful-db', 'title');
  const names = await page.locator('.lane .name').allTextContents();
  assert(names.includes('stateful-db-2'), 'lanes drawn from the message');

  await page.locator('vscode-button.prev').click();
  await page.locator('vscode-button.prev').click();
  const t = await cursorT(page);
  // cursorMoved is throttled (a trailing call on a timer): wait for the message with the cursor's time.
  await page
    .waitForFunction((at) => window.__posted.filter((m) => m.type === 'cursorMoved').at(-1)?.t === at, t)
    .catch(() => undefined); // the check below says what was posted
  const moved = (await posted(page)).filter((m) => m.type === 'cursorMoved');
  assert(
    moved.length > 0 && moved[moved.length - 1].t === t,
    `cursorMoved {t: ${t}} posted: ${JSON.stringify(moved)}`,
  );

  await page.locator('.lane .name', { hasText: /^stateful-db-1$/ }).click();
  const reveal = (await posted(page)).find((m) => m.type === 'reveal');
  eq(
    JSON.stringify(reveal),
    JSON.stringify({ type: 'reveal', kind: 'Pod', name: 'stateful-db-1', namespace: 'default' }),
    'reveal',
  );

  await page.locator('.lane .name', { hasText: /^stateful-db-0$/ }).click({ button: 'right' });
  const item = page.locator('vscode-context-menu-item[value="delete"]');
  await item.waitFor();
  await shot(page, 'webview-context-menu');
  await item.click();
  await page
    .waitForFunction(() => window.__posted.some((m) => m.type === 'simulateDelete'))
    .catch(() => undefined);
  const del = (await posted(page)).find((m) => m.type === 'simulateDelete');
  eq(
    JSON.stringify(del),
    JSON.stringify({ type: 'simulateDelete', kind: 'Pod', name: 'stateful-db-0', namespace: 'default' }),
    'simulateDelete',
  );
  for (const m of await posted(page)) assert(isWebviewMessage(m), `valid message ${JSON.stringify(m)}`);
  await shot(page, 'webview-dark');

  // VS Code's theme: a body class for the kind and --vscode-* variables set on <html> (here a
  // high-contrast theme). The page's colours and the controls follow them.
  const hc = await page.evaluate(() => {
    const vars = {
      '--vscode-editor-background': '#000000',
      '--vscode-editor-foreground': '#ffffff',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-focusBorder': '#f38518',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-sideBar-background': '#000000',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
      '--vscode-button-secondaryBackground': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff',
    };
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
    document.body.className = 'vscode-high-contrast';
    const base = document.querySelector('vscode-button.play')?.shadowRoot?.querySelector('.base');
    return {
      bg: getComputedStyle(document.body).backgroundColor,
      button: base ? getComputedStyle(base).borderTopColor : '',
      seg: getComputedStyle(document.querySelector('.seg')).outlineStyle,
    };
  });
  eq(hc.bg, 'rgb(0, 0, 0)', 'high-contrast background from the theme variables');
  eq(hc.button, 'rgb(111, 195, 223)', 'vscode-button border from the theme');
  eq(hc.seg, 'solid', 'segments are outlined in high contrast');
  // The focused lane's name stays readable whatever the OS scheme says (light fallbacks under the
  // theme's white text were the bug).
  await page.emulateMedia({ colorScheme: 'light' });
  await page.locator('.lane:not(.group)').first().focus();
  const ratio = await page.evaluate(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const name = document.activeElement.querySelector('.label .name');
    let el = name;
    let bg = 'rgba(0, 0, 0, 0)';
    while (el && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
      bg = getComputedStyle(el).backgroundColor;
      el = el.parentElement;
    }
    const a = lum(rgb(getComputedStyle(name).color));
    const b = lum(rgb(bg === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.body).backgroundColor : bg));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
  assert(ratio >= 4.5, `focused lane name contrast in high contrast: ${ratio.toFixed(2)} (need 4.5)`);
  await shot(page, 'webview-high-contrast');
  await page.emulateMedia({ colorScheme: 'dark' });

  // The extension moves the cursor.
  await send(page, { type: 'cursor', t: 3 });
  eq(await cursorT(page), 3, 'cursor message');
  // The state is saved at most every 250 ms (a trailing call on a timer): wait until it holds t 3.
  await page.waitForFunction(() => JSON.parse(sessionStorage.getItem('state') ?? 'null')?.t === 3);

  // Hidden and shown again (the context is not retained) / reloaded: the page asks again, the
  // extension sends the run without a cursor, and the page restores its own.
  await page.reload();
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  await send(page, { type: 'show', title: 'StatefulSet stateful-db', result });
  await painted(page);
  eq(await cursorT(page), 3, 'cursor restored from setState after the reload');
  // A different simulation starts at its end.
  await send(page, { type: 'show', title: 'Another', result });
  eq(
    await cursorT(page),
    Number(await page.locator('.scrub').getAttribute('max')),
    'another run: cursor at the end',
  );
  // Empty state.
  await send(page, { type: 'empty', title: 'Timeline', message: `Nothing simulated yet ${EVIL_IMG}` });
  const text = await page.locator('#app').textContent();
  assert(text.includes(`Nothing simulated yet ${EVIL_IMG}`), 'empty state message as text');
  eq(await page.locator('img').count(), 0, '<img> elements');
  // Messages of unknown shape are ignored.
  await send(page, { type: 'show', title: 'x', result: null });
  await send(page, { type: 'nonsense' });
  assert(
    (await page.locator('#app').textContent()).includes('Nothing simulated yet'),
    'bad messages ignored',
  );
  await clean(page, problems);
  await context.close();
});

// ---------------------------------------------------------------- main

async function main() {
  need('dist/cli.js', 'run npm run build');
  need('dist/webview.js', 'run npm run build');
  need('out/src/scenario/html.js', 'run npm run build (tsc -p .)');
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: apt-get install -y chromium (see test/e2e/README.md)`);
    process.exit(3);
  }
  const { chromium } = loadPlaywright();
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const only = process.argv.slice(2).find((a) => !a.startsWith('--'));
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    if (t.bench && !only) continue; // benches run only when named (npm run bench)
    const start = Date.now();
    try {
      await t.fn();
      passed++;
      console.log(`✓ ${t.name} (${Date.now() - start} ms)`);
    } catch (e) {
      failed++;
      console.log(
        `✗ ${t.name}\n    ${String(e?.stack ?? e)
          .split('\n')
          .slice(0, 4)
          .join('\n    ')}`,
      );
    }
  }
  await browser.close();
  fs.rmSync(WORK, { recursive: true, force: true });
  console.log(`screenshots: ${path.relative(REPO, SHOTS)}/`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
