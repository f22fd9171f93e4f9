// `--html` page (src/scenario/html.ts): strict CSP with one nonce, data island that cannot break
// out of its <script>, and JSON that round-trips. The ScenarioResult is built by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { escapeJsonForHtml, renderHtmlReport, writeHtmlReport } from '../src/scenario/html';
import type { ScenarioResult } from '../src/scenario/run';
import type { ClusterState } from '../src/engine/snapshot';
import type { ScenarioView } from '../src/webview/model';

const EVIL = '</script><script>alert(1)</script>';
const PAGE_SCRIPT = 'document.getElementById("app").textContent = "page";';

// Compile-time check: the page's view of the data is a subset of the contract's result.
const asView = (r: ScenarioResult): ScenarioView => r;

function state(evil: boolean): ClusterState {
  return {
    pods: [
      {
        name: 'web-0',
        namespace: 'default',
        uid: 'u-web-0',
        status: 'Running',
        phase: 'Running',
        ready: true,
        node: 'k8s-node1',
        ip: '10.244.1.2',
        labels: { app: 'web', note: evil ? EVIL : 'plain' },
        owner: { kind: 'StatefulSet', name: 'web' },
        claims: ['data-web-0'],
        hostname: 'web-0',
        subdomain: 'web',
        restarts: 0,
        readyColumn: '1/1',
      },
    ],
    pvcs: [
      {
        name: 'data-web-0',
        namespace: 'default',
        status: 'Bound',
        volume: 'pvc-1',
        storageClass: 'fast',
        accessModes: ['ReadWriteOnce'],
        owner: null,
      },
    ],
    pvs: [{ name: 'pvc-1', status: 'Bound', claim: 'default/data-web-0', storageClass: 'fast', node: null }],
    services: [],
    ingresses: [],
    nodes: [
      { name: 'k8s-node1', labels: {}, status: 'Ready', capacity: {}, taints: [] },
      { name: 'k8s-node2', labels: {}, status: 'Ready', capacity: {}, taints: [] },
    ],
    workloads: [
      {
        kind: 'StatefulSet',
        name: 'web',
        namespace: 'default',
        replicas: 1,
        readyReplicas: 1,
        currentRevision: 'web-6d4cf56db6',
        updateRevision: 'web-6d4cf56db6',
        owner: null,
        generation: 1,
        observedGeneration: 1,
        availableReplicas: 1,
        updatedReplicas: 1,
      },
    ],
    pdbs: [],
  };
}

function sample(): ScenarioResult {
  return {
    scenario: 'escape-test',
    file: 'scenarios/escape.yaml',
    description: 'A line\u2028with separators\u2029and <!-- a comment opener',
    seed: 7,
    ok: false,
    rejected: [],
    notSimulated: [],
    steps: [
      {
        index: 0,
        type: 'scale',
        start: 0,
        end: 5,
        settled: true,
        rejected: [],
        output: ['statefulset.apps/web scaled'],
        state: state(false),
        expectations: [{ ok: true, text: 'pods: [web-0]' }],
      },
      {
        index: 1,
        type: 'expect',
        start: 5,
        end: 5,
        settled: true,
        rejected: [],
        state: state(true),
        expectations: [{ ok: false, text: `status: expected ${EVIL}` }],
      },
    ],
    events: [
      {
        t: 0,
        type: 'Normal',
        reason: 'SuccessfulCreate',
        object: { kind: 'StatefulSet', namespace: 'default', name: 'web' },
        source: 'statefulset-controller',
        message: 'create Pod web-0 in StatefulSet web successful',
      },
      {
        t: 1,
        type: 'Warning',
        reason: 'FailedScheduling',
        object: { kind: 'Pod', namespace: 'default', name: 'web-0' },
        source: 'default-scheduler',
        message: EVIL,
      },
    ],
    objects: [
      {
        kind: 'Pod',
        namespace: 'default',
        name: 'web-0',
        uid: 'u-web-0',
        owner: { kind: 'StatefulSet', name: 'web' },
        transitions: [
          { t: 0, status: 'Pending', ready: false },
          { t: 1, status: 'ContainerCreating', ready: false, node: 'k8s-node1' },
          { t: 4, status: 'Running', ready: true },
        ],
      },
    ],
    state: state(true),
  };
}

function dataIsland(html: string): string {
  const m = /<script type="application\/json" id="k8s-sim-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'data island present');
  return m[1];
}

test('html: strict CSP, one nonce shared by the only style and the only executable script', () => {
  const html = renderHtmlReport([sample()], PAGE_SCRIPT);
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.match(html, /<meta charset="utf-8">/);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(csp, 'CSP meta present');
  const m =
    /^default-src 'none'; style-src 'nonce-([A-Za-z0-9+/=]+)'; script-src 'nonce-([A-Za-z0-9+/=]+)'; img-src data:$/.exec(
      csp[1],
    );
  assert.ok(m, `CSP is strict: ${csp[1]}`);
  const nonce = m[1];
  assert.equal(m[2], nonce, 'same nonce for styles and scripts');
  assert.ok(nonce.length >= 16, 'nonce is long enough');
  // The CSP comes before anything it governs.
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<style'));

  const styles = [...html.matchAll(/<style\b([^>]*)>/g)];
  assert.equal(styles.length, 1);
  assert.equal(styles[0][1], ` nonce="${nonce}"`);
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((s) => s[1]);
  assert.deepEqual(scripts, [' type="application/json" id="k8s-sim-data"', ` nonce="${nonce}"`]);
  assert.ok(html.includes(`<script nonce="${nonce}">${PAGE_SCRIPT}</script>`), 'page script inline');
  // Nothing else that could execute or load: no handlers, no javascript: URLs, no external resources.
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
  assert.doesNotMatch(html, /javascript:/i);
  assert.doesNotMatch(html, /<(link|iframe|object|embed|img|base|form)\b/i);
  assert.doesNotMatch(html, /\b(src|href)\s*=/i);
  assert.doesNotMatch(html, /https?:\/\//i);

  const again = renderHtmlReport([sample()], PAGE_SCRIPT);
  const nonce2 = /'nonce-([^']+)'/.exec(again)?.[1];
  assert.notEqual(nonce2, nonce, 'a fresh nonce per page');
});

test('html: data cannot break out of the data island', () => {
  const html = renderHtmlReport([sample()], PAGE_SCRIPT);
  assert.ok(!html.includes('</script><script>'), 'raw </script><script> never appears');
  assert.ok(!html.includes('alert(1)</script>'));
  assert.ok(!html.includes('<!--'), 'no comment opener');
  assert.ok(!html.includes('\u2028') && !html.includes('\u2029'), 'no raw line/paragraph separators');
  assert.equal(html.match(/<\/script>/g)?.length, 2, 'exactly the two closing tags of the page');
  const island = dataIsland(html);
  assert.ok(!/[<>]/.test(island), 'no < or > left in the JSON');
  assert.ok(island.includes('\\u003c/script\\u003e\\u003cscript\\u003e'));

  // The page script cannot close its own element either.
  const tricky = renderHtmlReport([sample()], 'var s = "</script><!--";');
  assert.equal(tricky.match(/<\/script>/gi)?.length, 2);
  assert.ok(!tricky.includes('<!--'));
});

test('html: the JSON round-trips', () => {
  const results = [sample(), { ...sample(), scenario: 'second', ok: true }];
  const html = renderHtmlReport(results, PAGE_SCRIPT);
  assert.deepEqual(JSON.parse(dataIsland(html)), JSON.parse(JSON.stringify(results)));
  assert.deepEqual(JSON.parse(dataIsland(html))[0].events[1].message, EVIL);
  assert.deepEqual(asView(results[0]).scenario, 'escape-test');
  assert.match(html, /<title>K8s Sim: 2 scenarios<\/title>/);
});

test('html: escapeJsonForHtml keeps the value', () => {
  const value = { a: '</script>', b: '<!-- -->', c: 'x\u2028y\u2029z', d: 'a & b > c' };
  const escaped = escapeJsonForHtml(JSON.stringify(value));
  assert.doesNotMatch(escaped, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(escaped), value);
});

test('html: the title is escaped', () => {
  const html = renderHtmlReport([{ ...sample(), scenario: '<b>&"x"' }], PAGE_SCRIPT);
  assert.match(html, /<title>K8s Sim: &#60;b&#62;&#38;&#34;x&#34;<\/title>/);
});

test('html: writeHtmlReport writes the page atomically, or says to build first', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-sim-html-'));
  try {
    const file = path.join(dir, 'nested', 'deeper', 'report.html');
    let wrote = true;
    try {
      writeHtmlReport(file, [sample()]);
    } catch (e) {
      wrote = false;
      assert.match((e as Error).message, /npm run build/);
    }
    if (wrote) {
      const html = fs.readFileSync(file, 'utf8');
      assert.ok(html.startsWith('<!DOCTYPE html>'));
      assert.deepEqual(JSON.parse(dataIsland(html)), JSON.parse(JSON.stringify([sample()])));
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ['report.html'], 'no temp file left');
      writeHtmlReport(file, [{ ...sample(), scenario: 'overwritten' }]);
      assert.match(fs.readFileSync(file, 'utf8'), /K8s Sim: overwritten/);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
