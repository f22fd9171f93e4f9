// The hover texts (src/extension/analysis/hover/) over the course's manifests: the field under the
// cursor, the explanation, what the engine computes for it here (statically and from a run), the
// notes where the course simplifies, Markdown escaping, and the Korean bundle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { loadManifestText } from '../src/engine/loader';
import type { RawDoc } from '../src/engine/manifest';
import { DEFAULT_CLUSTER, type ClusterConfig } from '../src/engine/types';
import { docAtLine, fieldAt } from '../src/extension/analysis/cursor';
import { classify, explainField, renderExplanation, type RunView } from '../src/extension/analysis/hover';
import { code, escapeMarkdown } from '../src/extension/analysis/markdown';
import { objectsIn } from '../src/extension/analysis/objects';
import {
  APP_V1_V2,
  CANARY_KR,
  CANARY_V2,
  HTTPS,
  INGRESS_APP,
  REPLICA_PVC1,
  REPLICA_WEB,
  REQUEST_POD,
  SERVICE_LOADBALANCING,
  STATEFUL_HEADLESS,
  file,
  replicaPvc,
  statefulPvc,
} from './course-manifests';
import { runManifests, t } from './extension-helpers';

const LINK = 'command:k8sSim.simulate?%5B%5D';

function run(docs: RawDoc[], cluster: ClusterConfig = DEFAULT_CLUSTER): RunView {
  const r = runManifests(docs, cluster);
  return { state: r.state, events: r.events, objects: r.objects };
}

interface HoverOptions {
  /** Which occurrence of the needle (0 = first). */
  nth?: number;
  /** Offset of the cursor inside the needle. */
  at?: number;
  simulate?: boolean;
  cluster?: ClusterConfig;
}

/** The hover Markdown at the first character of `needle` in `text`, as the hover provider builds it. */
function hover(text: string, needle: string, opts: HoverOptions = {}): string | null {
  const docs = loadManifestText(text, 'test.yaml');
  let offset = -1;
  for (let i = 0; i <= (opts.nth ?? 0); i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `needle ${needle} is in the text`);
  offset += opts.at ?? 0;
  const line = text.slice(0, offset).split('\n').length;
  const doc = docAtLine(docs, line);
  assert.ok(doc, `a document contains line ${line}`);
  const docStart = text
    .split('\n')
    .slice(0, doc.source.start.line - 1)
    .join('\n').length;
  const base = doc.source.start.line === 1 ? 0 : docStart + 1;
  const hit = fieldAt(text.slice(base), offset - base);
  if (!hit) return null;
  const cluster = opts.cluster ?? DEFAULT_CLUSTER;
  const ctx = { t, set: objectsIn(docs), cluster, run: opts.simulate ? run(docs, cluster) : null };
  const e = explainField(doc.body, hit.path, ctx);
  return e ? renderExplanation(e, t, opts.simulate ? null : LINK) : null;
}

// ---------------------------------------------------------------------------------------------
// The field under the cursor

test('fieldAt: key, scalar value, list item, nested keys and annotation keys with dots', () => {
  const text = CANARY_V2;
  const at = (needle: string, delta = 0): Array<string | number> | undefined =>
    fieldAt(text, text.indexOf(needle) + delta)?.path;
  assert.deepEqual(at('kind'), ['kind']);
  assert.deepEqual(at('Ingress'), ['kind']);
  assert.deepEqual(at('canary-weight'), [
    'metadata',
    'annotations',
    'nginx.ingress.kubernetes.io/canary-weight',
  ]);
  assert.deepEqual(at('"10"', 1), ['metadata', 'annotations', 'nginx.ingress.kubernetes.io/canary-weight']);
  assert.deepEqual(at('host'), ['spec', 'rules', 0, 'host']);
  assert.deepEqual(at('pathType'), ['spec', 'rules', 0, 'http', 'paths', 0, 'pathType']);
  assert.deepEqual(at('number'), [
    'spec',
    'rules',
    0,
    'http',
    'paths',
    0,
    'backend',
    'service',
    'port',
    'number',
  ]);
  const sts = statefulPvc(3);
  const hit = fieldAt(sts, sts.indexOf('ReadWriteOnce') + 3);
  assert.deepEqual(hit?.path, ['spec', 'volumeClaimTemplates', 0, 'spec', 'accessModes', 0]);
  assert.equal(sts.slice(hit?.start, hit?.end), 'ReadWriteOnce');
  const replicas = fieldAt(sts, sts.indexOf('replicas: 3') + 2);
  assert.equal(sts.slice(replicas?.start, replicas?.end), 'replicas: 3');
  const flow = 'spec: {replicas: 2, serviceName: web}\n';
  assert.deepEqual(fieldAt(flow, flow.indexOf('web'))?.path, ['spec', 'serviceName']);
  assert.equal(fieldAt('# only a comment\n', 3), null);
});

test('docAtLine finds the document of a line by binary search, none between documents', () => {
  const text = file(STATEFUL_HEADLESS, REQUEST_POD, REPLICA_WEB);
  const docs = loadManifestText(text, 'test.yaml');
  assert.equal(docs.length, 3);
  assert.equal(docAtLine(docs, 1), docs[0]);
  const podLine = text.split('\n').indexOf('piVersion: v1') + 1;
  assert.equal(docAtLine(docs, podLine), docs[1]);
  assert.equal(docAtLine(docs, podLine - 1), undefined, 'the --- line belongs to no document');
  assert.equal(docAtLine(docs, text.split('\n').length - 1), docs[2]);
});

test('classify: taught fields (and what is inside them) only, per kind', () => {
  const rows: Array<[string, Array<string | number>, string | null]> = [
    ['StatefulSet', ['spec', 'replicas'], 'replicas'],
    ['StatefulSet', ['spec', 'volumeClaimTemplates', 0, 'spec', 'storageClassName'], 'storageClassName'],
    ['StatefulSet', ['spec', 'volumeClaimTemplates', 0, 'metadata', 'name'], 'volumeClaimTemplates'],
    ['StatefulSet', ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenScaled'], 'retention'],
    ['StatefulSet', ['spec', 'updateStrategy', 'rollingUpdate', 'partition'], 'updateStrategy'],
    ['ReplicaSet', ['spec', 'template', 'spec', 'nodeSelector', 'kubernetes.io/hostname'], null],
    ['ReplicaSet', ['spec', 'template', 'spec', 'nodeSelector'], 'nodeSelector'],
    ['Pod', ['spec', 'terminationGracePeriodSeconds'], 'terminationGracePeriodSeconds'],
    ['Service', ['spec', 'selector', 'type'], 'selector'],
    ['Service', ['spec', 'clusterIP'], 'clusterIP'],
    ['Ingress', ['metadata', 'annotations', 'nginx.ingress.kubernetes.io/canary-by-header'], 'canary'],
    ['Ingress', ['metadata', 'annotations', 'kubernetes.io/ingress.class'], null],
    ['Ingress', ['spec', 'tls', 0, 'hosts', 0], 'tls'],
    ['Ingress', ['spec', 'tls', 0, 'secretName'], 'secretName'],
    ['Pod', ['spec', 'containers', 0, 'image'], null],
    ['Service', ['spec', 'replicas'], null],
    ['ConfigMap', ['kind'], 'kind'],
  ];
  for (const [kind, p, want] of rows)
    assert.equal(classify(kind, p)?.id ?? null, want, `${kind} ${p.join('.')}`);
});

// ---------------------------------------------------------------------------------------------
// StatefulSet, claims and the headless Service

test('replicas: 3 of the course StatefulSet names the Pods and claims in creation order', () => {
  const text = file(statefulPvc(3), STATEFUL_HEADLESS);
  const md = hover(text, 'replicas: 3');
  assert.ok(md);
  assert.match(
    md,
    /`stateful-pvc-0` → `stateful-pvc-1` → `stateful-pvc-2`, each after the previous is Running and Ready/,
  );
  assert.match(md, /`volume-stateful-pvc-0`, `volume-stateful-pvc-1`, `volume-stateful-pvc-2`/);
  assert.match(md, /Scaling to 0 removes `stateful-pvc-2` → `stateful-pvc-1` → `stateful-pvc-0`/);
  assert.ok(md.includes(`[Simulate to see more](${LINK})`), 'static hover offers the simulation');
  const simulated = hover(text, 'replicas: 3', { simulate: true });
  assert.ok(simulated);
  assert.match(
    simulated,
    /In the simulation: created `stateful-pvc-0` \(0s\) → `stateful-pvc-1` \(\d+s\) → `stateful-pvc-2`/,
  );
  assert.match(simulated, /`stateful-pvc-2`: Running on `k8s-node\d`/);
  assert.ok(!simulated.includes('Simulate to see more'));
});

test('replicas of a ReplicaSet: random names, all at once; the shared claim and its Multi-Attach risk', () => {
  const md = hover(REPLICA_WEB, 'replicas');
  assert.ok(md);
  assert.match(md, /1 Pods named `replica-web-xxxxx` \(5 random characters\), created together/);
  const shared = hover(file(REPLICA_PVC1, replicaPvc(3, false)), 'replicas: 3');
  assert.ok(shared);
  assert.match(shared, /same claim `replica-pvc1`/);
  assert.match(shared, /3 replicas share the ReadWriteOnce claim `replica-pvc1` and may run on 2 nodes/);
  const simulated = hover(file(REPLICA_PVC1, replicaPvc(3, false)), 'replicas: 3', { simulate: true });
  assert.ok(simulated);
  assert.match(simulated, /In the simulation: replica-pvc-\w{5}: Multi-Attach error for volume/);
  const pinned = hover(file(REPLICA_PVC1, replicaPvc(3, true)), 'replicas: 3');
  assert.ok(pinned && !pinned.includes('Multi-Attach'));
});

test('serviceName gives the Pods’ DNS names, and warns without a matching headless Service', () => {
  const text = file(statefulPvc(3), STATEFUL_HEADLESS);
  const md = hover(text, 'serviceName');
  assert.ok(md);
  for (const i of [0, 1, 2])
    assert.ok(md.includes(`\`stateful-pvc-${i}.stateful-headless.default.svc.cluster.local\``));
  assert.ok(md.includes('`stateful-pvc-0.stateful-headless`'), 'the short name the course curls');
  assert.ok(!md.includes('⚠️'));
  const simulated = hover(text, 'serviceName', { simulate: true });
  assert.ok(simulated);
  assert.match(
    simulated,
    /`stateful-pvc-0\.stateful-headless\.default\.svc\.cluster\.local` → `10\.\d+\.\d+\.\d+` \(ready\)/,
  );
  const alone = hover(statefulPvc(3), 'serviceName');
  assert.ok(alone);
  assert.match(alone, /⚠️ No headless Service `stateful-headless` in the simulated set/);
  const notHeadless = hover(
    file(statefulPvc(1), STATEFUL_HEADLESS.replace('  clusterIP: None\n', '')),
    'serviceName',
  );
  assert.ok(notHeadless);
  assert.match(notHeadless, /Service `stateful-headless` is not headless/);
});

test('volumeClaimTemplates and storageClassName: the claims, the class from the cluster, the same-node note', () => {
  const text = file(statefulPvc(3), STATEFUL_HEADLESS);
  const vct = hover(text, 'volumeClaimTemplates');
  assert.ok(vct);
  assert.match(vct, /Claims `volume-stateful-pvc-0`, `volume-stateful-pvc-1`, `volume-stateful-pvc-2`/);
  assert.match(vct, /Scaling down keeps the claims/);
  assert.match(
    vct,
    /Where the course simplifies:\* The course says a StatefulSet makes each Pod and its PVC on the same node/,
  );
  const sc = hover(text, 'storageClassName');
  assert.ok(sc);
  assert.match(sc, /StorageClass `fast` \(default\): provisioner `driver\.longhorn\.io`, `Immediate`/);
  assert.match(sc, /same node/);
  const simulated = hover(text, 'storageClassName', { simulate: true });
  assert.ok(simulated);
  assert.match(simulated, /`volume-stateful-pvc-2`: Bound, volume `pvc-/);
  // A node-local class: no note, the binding mode as written.
  const local = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
`;
  const localSc = hover(file(local, statefulPvc(1).replace('"fast"', 'local')), 'storageClassName');
  assert.ok(localSc);
  assert.match(localSc, /`rancher\.io\/local-path`, `WaitForFirstConsumer`/);
  assert.match(localSc, /node-local/);
  assert.ok(!localSc.includes('Where the course simplifies'));
  const missing = hover(statefulPvc(1).replace('"fast"', 'slow'), 'storageClassName');
  assert.ok(missing);
  assert.match(missing, /StorageClass `slow` does not exist in the simulated cluster \(classes: `fast`\)/);
});

test('retention policy and update strategy follow what is written', () => {
  const sts = statefulPvc(3).replace(
    '  serviceName:',
    '  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n  updateStrategy:\n    rollingUpdate:\n      partition: 1\n  serviceName:',
  );
  const retention = hover(sts, 'whenScaled');
  assert.ok(retention);
  assert.match(retention, /Scaling down deletes the claims/);
  assert.match(retention, /Deleting the StatefulSet keeps its claims/);
  assert.ok(!retention.includes('never deleted'), 'no "PVCs are kept" note when they are not');
  const update = hover(sts, 'partition');
  assert.ok(update);
  assert.match(update, /A template change replaces `stateful-pvc-2` → `stateful-pvc-1`\./);
  const parallel = hover(
    statefulPvc(3).replace('  serviceName:', '  podManagementPolicy: Parallel\n  serviceName:'),
    'Parallel',
  );
  assert.ok(parallel);
  assert.match(parallel, /all created at once \(Parallel\)/);
});

test('clusterIP: None and the Service selector: the selected Pods and the StatefulSet using it', () => {
  const text = file(statefulPvc(2), STATEFUL_HEADLESS);
  const md = hover(text, 'clusterIP');
  assert.ok(md);
  assert.match(md, /headless Service/);
  assert.match(md, /Selects the Pods of `StatefulSet\/stateful-pvc`/);
  assert.match(
    md,
    /StatefulSet `stateful-pvc` names it in serviceName: `stateful-pvc-0\.stateful-headless\.default\.svc\.cluster\.local`/,
  );
  const simulated = hover(text, 'type: db2', { nth: 2, simulate: true });
  assert.ok(simulated);
  assert.match(simulated, /In the simulation: ClusterIP `None`, endpoints `stateful-pvc-0` `10\./);
  const none = hover(STATEFUL_HEADLESS, 'selector');
  assert.ok(none);
  assert.match(none, /No Pod or Pod template in the simulated set has the labels `type=db2`/);
});

test('nodeSelector: the matching nodes of the cluster, or none', () => {
  const md = hover(file(REPLICA_PVC1, replicaPvc(1)), 'nodeSelector');
  assert.ok(md);
  assert.match(md, /Matching nodes: `k8s-node1` \(of `k8s-node1`, `k8s-node2`\)/);
  assert.match(
    md,
    /Where the course simplifies:\* The course says the Pod must run on the node where the PVC was made/,
  );
  const simulated = hover(file(REPLICA_PVC1, replicaPvc(1)), 'nodeSelector', { simulate: true });
  assert.ok(simulated);
  assert.match(simulated, /`replica-pvc-\w{5}` → `k8s-node1`/);
  const nowhere = hover(replicaPvc(1).replace('k8s-node1', 'k8s-node9'), 'nodeSelector');
  assert.ok(nowhere);
  assert.match(nowhere, /No node of the simulated cluster matches: .*0\/2 nodes are available/);
});

test('terminationGracePeriodSeconds: how long Terminating lasts here', () => {
  const sts = hover(statefulPvc(1), 'terminationGracePeriodSeconds');
  assert.ok(sts);
  assert.match(sts, /A deleted Pod is Terminating for 10 s here/);
  assert.match(sts, /re-creates it under the same name only after it is gone, 10 s later/);
  const rs = hover(REPLICA_WEB, 'terminationGracePeriodSeconds');
  assert.ok(rs);
  assert.match(rs, /starts a replacement at once/);
  const quick = hover(REPLICA_WEB, 'terminationGracePeriodSeconds', {
    cluster: { ...DEFAULT_CLUSTER, timing: { ...DEFAULT_CLUSTER.timing, sigtermExit: 2 } },
  });
  assert.ok(quick);
  assert.match(quick, /Terminating for 2 s here: its container exits on SIGTERM/);
});

test('accessModes: ReadWriteOnce on an attachable class, shared by a ReplicaSet', () => {
  const md = hover(file(REPLICA_PVC1, replicaPvc(3, false)), 'ReadWriteOnce');
  assert.ok(md);
  assert.match(md, /`fast` \(`driver\.longhorn\.io`\) makes attachable volumes/);
  assert.match(md, /ReplicaSet `replica-pvc` shares it among 3 replicas/);
});

// ---------------------------------------------------------------------------------------------
// Ingress

test('canary-weight "10": about 10% of www.app.com/ to svc-v2, split from the primary app/svc-v1', () => {
  const text = file(APP_V1_V2, INGRESS_APP, CANARY_V2);
  const md = hover(text, 'canary-weight');
  assert.ok(md);
  assert.match(
    md,
    /About 10% of the requests for `www\.app\.com\/` go to `svc-v2`; the rest to `svc-v1` of Ingress `app`/,
  );
  assert.match(md, /The split is attached to Service `svc-v1`/);
  assert.match(md, /not exactly one in every 10/);
  const alone = hover(file(APP_V1_V2, CANARY_V2), 'canary-weight');
  assert.ok(alone);
  assert.match(
    alone,
    /No primary Ingress with host `www\.app\.com`, path `\/` \(Prefix\): this canary is ignored/,
  );
  assert.ok(!alone.includes('About 10%'));
  const total = hover(
    file(
      INGRESS_APP,
      CANARY_V2.replace(
        'canary-weight: "10"',
        'canary-weight: "10"\n    nginx.ingress.kubernetes.io/canary-weight-total: "200"',
      ),
    ),
    'canary-weight',
  );
  assert.ok(total);
  assert.match(total, /About 5% of the requests/);
  const disabled = hover(
    file(INGRESS_APP, CANARY_V2.replace('canary: "true"', 'canary: "false"')),
    'canary-weight',
  );
  assert.ok(disabled);
  assert.match(disabled, /Ignored: nginx\.ingress\.kubernetes\.io\/canary is not "true"/);
});

test('canary by header: the header the course sends and where it goes', () => {
  const md = hover(file(APP_V1_V2, INGRESS_APP, CANARY_KR), 'canary-by-header-value');
  assert.ok(md);
  assert.match(md, /`Accept-Language`: `kr` on `www\.app\.com\/` → `svc-v2`/);
});

test('CAN-SVC-REUSE: the hover of the ignored header canary says so and promises no route', () => {
  const md = hover(file(APP_V1_V2, INGRESS_APP, CANARY_V2, CANARY_KR), 'canary-by-header-value');
  assert.ok(md);
  assert.ok(
    md.includes(
      escapeMarkdown(
        'This canary is ignored: ingress-nginx applies one canary per Service, and default/canary-v2 is applied: it made Service default/svc-v2 an upstream first (CAN-SVC-REUSE).',
      ),
    ),
    md,
  );
  assert.ok(!md.includes('→ `svc-v2`'), md);
  const applied = hover(file(APP_V1_V2, INGRESS_APP, CANARY_V2, CANARY_KR), 'canary-weight');
  assert.ok(applied && !applied.includes('is ignored'), 'the applied canary keeps its split');
});

test('ingressClassName, host, path and tls of the practice Ingresses', () => {
  const cls = hover(SERVICE_LOADBALANCING, 'ingressClassName');
  assert.ok(cls);
  assert.match(cls, /Served by ingress-nginx/);
  assert.match(cls, /`\/customer` \(Prefix\) → Service `svc-customer:8080`/);
  assert.match(cls, /The course says an Ingress alone does nothing — true without an Ingress Controller/);
  const none = hover(SERVICE_LOADBALANCING, 'ingressClassName', {
    cluster: { ...DEFAULT_CLUSTER, ingressController: 'none' },
  });
  assert.ok(none);
  assert.match(none, /No Ingress Controller in this cluster: the Ingress is stored and nothing happens/);
  assert.ok(!none.includes('Where the course simplifies'));
  const customer = hover(SERVICE_LOADBALANCING, 'path: /customer');
  assert.ok(customer);
  assert.match(customer, /Matches `\/customer` and `\/customer\/…`, not `\/customerx`/);
  const host = hover(file(APP_V1_V2, INGRESS_APP), 'host');
  assert.ok(host);
  assert.match(host, /`www\.app\.com\/` \(Prefix\) → Service `svc-v1:8080`/);
  const secret = hover(HTTPS, 'secretName');
  assert.ok(secret);
  assert.match(
    secret,
    /Secret `secret-https` is not in the simulated set, so the controller’s fake certificate is served/,
  );
  const withSecret = hover(
    file(HTTPS, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: secret-https\ntype: kubernetes.io/tls\n'),
    'secretName',
  );
  assert.ok(withSecret);
  assert.match(withSecret, /`www\.https\.com`: certificate from Secret `secret-https`/);
  const missingSvc = hover(INGRESS_APP, 'path: /');
  assert.ok(missingSvc);
  assert.match(missingSvc, /Service `svc-v1` is not in the simulated set: requests for this path get 503/);
});

test('kind: what the object is; kinds that are not simulated say so', () => {
  const sts = hover(statefulPvc(3), 'kind');
  assert.ok(sts);
  assert.match(sts, /A controller for Stateful Applications/);
  assert.match(sts, /`stateful-pvc-0` → `stateful-pvc-1` → `stateful-pvc-2`/);
  const job = hover('apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: once\n', 'kind');
  assert.ok(job);
  assert.match(job, /`Job` \(`batch\/v1`\) is not simulated/);
  assert.equal(hover(REPLICA_WEB, 'image'), null, 'fields the course does not teach have no hover');
  assert.equal(hover(REPLICA_WEB, 'replica-web'), null, 'metadata.name has no hover');
});

// ---------------------------------------------------------------------------------------------
// Safety and translations

test('names from manifests are escaped: no HTML, no links, no command URIs', () => {
  const evil = statefulPvc(2).replace(
    'serviceName: "stateful-headless"',
    'serviceName: "<img src=x onerror=1>](command:evil)"',
  );
  const md = hover(evil, 'serviceName');
  assert.ok(md);
  assert.ok(!md.includes('<img'), md);
  assert.ok(
    !/\]\(command:evil\)(?!`)/.test(md.replace(/`[^`]*`/g, '')),
    'the link text stays inside code spans',
  );
  assert.equal(escapeMarkdown('[a](command:x) <b> *c*'), '\\[a\\]\\(command:x\\) &lt;b\\> \\*c\\*');
  assert.equal(code('svc`x'), 'svc\\`x');
  assert.equal(code('stateful-pvc-0'), '`stateful-pvc-0`');
});

test('the Simulate link appears only without a simulation and only where one adds to the hover', () => {
  const text = file(statefulPvc(1), STATEFUL_HEADLESS);
  assert.ok(hover(text, 'replicas')?.includes(LINK));
  assert.ok(!hover(text, 'replicas', { simulate: true })?.includes(LINK));
  const canary = hover(file(INGRESS_APP, CANARY_V2), 'canary-weight');
  assert.ok(canary && !canary.includes(LINK), 'the canary share is computed without a run');
});

/** Messages that are only a layout of names, the same in every language. */
const FORMAT_ONLY = new Set([
  '{0} → {1} ({2})',
  '{0} ({1}) → Service {2}',
  'StorageClass {0}: provisioner {1}, {2} ({3}); {4}.',
]);

/** Every `t('…')` / `l10n.t('…')` message of the given source files. */
function messagesOf(files: string[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    const source = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.arguments.length > 0) {
        const callee = node.expression;
        const name = ts.isIdentifier(callee)
          ? callee.text
          : ts.isPropertyAccessExpression(callee)
            ? callee.name.text
            : '';
        const first = node.arguments[0];
        if (name === 't' && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)))
          out.add(first.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

test('every hover and diagnostic message has a Korean translation with the same placeholders', () => {
  const root = path.join(__dirname, '..', '..');
  const extension = path.join(root, 'src', 'extension');
  const analysis = fs
    .readdirSync(path.join(extension, 'analysis'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(extension, 'analysis', f));
  const files = [...analysis, ...['hover.ts', 'diagnostics.ts'].map((f) => path.join(extension, f))];
  const bundle = JSON.parse(
    fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.ko.json'), 'utf8'),
  ) as Record<string, string>;
  const keys = Object.keys(bundle);
  assert.deepEqual(keys, [...keys].sort(), 'the bundle is sorted by key');
  const messages = messagesOf(files);
  assert.ok(messages.size > 100, `found ${messages.size} messages`);
  const placeholders = (s: string): string[] => (s.match(/\{\d+\}/g) ?? []).sort();
  for (const m of messages) {
    const ko = bundle[m];
    assert.equal(typeof ko, 'string', `Korean entry for: ${m}`);
    assert.deepEqual(placeholders(ko), placeholders(m), `placeholders of: ${m}`);
    if (ko === m) assert.ok(FORMAT_ONLY.has(m), `not translated: ${m}`);
  }
});
