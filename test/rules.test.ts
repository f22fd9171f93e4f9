// The static diagnostic rules (src/extension/analysis/rules/) over the course's manifests: one positive and
// one negative row per rule, the range each finding points at, and the piVersion quick fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifestText } from '../src/engine/loader';
import { InputErrorException, type RawDoc } from '../src/engine/manifest';
import { DEFAULT_CLUSTER, type ClusterConfig } from '../src/engine/types';
import { canaryShare } from '../src/extension/analysis/ingress';
import { checkRules } from '../src/extension/analysis/rules';
import { RULES } from '../src/extension/analysis/rules/registry';
import { inputErrorFindings } from '../src/extension/analysis/rules/yaml';
import { editDistance, keyTypoFixes, typoTarget } from '../src/extension/analysis/typos';
import type { Finding, RuleCode, RunFacts } from '../src/extension/analysis/types';
import {
  APP_V1_V2,
  CANARY_KR,
  CANARY_V2,
  everyCourseManifest,
  INGRESS_APP,
  REPLICA_PVC1,
  REPLICA_WEB,
  REQUEST_POD,
  SERVICE_LOADBALANCING,
  STATEFUL_DB,
  STATEFUL_HEADLESS,
  file,
  replicaPvc,
  statefulPvc,
} from './course-manifests';
import { runManifests, t } from './extension-helpers';

interface CheckOptions {
  /** Other files simulated together with this one. */
  others?: string[];
  /** Run the simulation and pass its events. */
  simulate?: boolean;
  cluster?: ClusterConfig;
}

function runOf(docs: RawDoc[], cluster: ClusterConfig): RunFacts {
  const r = runManifests(docs, cluster);
  return { events: r.events, objects: r.objects, rejected: r.rejected, state: r.state };
}

function check(text: string, opts: CheckOptions = {}): Finding[] {
  const docs = loadManifestText(text, 'test.yaml');
  const others = (opts.others ?? []).flatMap((o, i) => loadManifestText(o, `other-${i}.yaml`));
  const set = [...docs, ...others];
  const cluster = opts.cluster ?? DEFAULT_CLUSTER;
  const lines = text.split('\n');
  return checkRules(
    {
      docs,
      set,
      cluster,
      run: opts.simulate ? runOf(set, cluster) : null,
      lineText: (line) => lines[line - 1],
    },
    t,
  );
}

function only(findings: Finding[], code: RuleCode): Finding[] {
  return findings.filter((f) => f.code === code);
}

/** The text a finding's range covers (single-line ranges). */
function covered(text: string, f: Finding): string {
  const line = text.split('\n')[f.range.start.line - 1] ?? '';
  assert.equal(f.range.end.line, f.range.start.line);
  return line.slice(f.range.start.column - 1, f.range.end.column - 1);
}

// ---------------------------------------------------------------------------------------------
// The course's manifests are clean

test('the course manifests, simulated together, give one finding: the header canary ingress-nginx ignores', () => {
  // The practice file's canary-kr shares host, path and Service with canary-v2 (CAN-SVC-REUSE), a
  // true warning; nothing else is reported.
  const all = everyCourseManifest();
  for (const simulate of [false, true])
    assert.deepEqual(
      check(all, { simulate }).map((f) => [f.code, covered(all, f)]),
      [['canary-ignored', 'nginx.ingress.kubernetes.io/canary']],
    );
});

// ---------------------------------------------------------------------------------------------
// Rejections and the piVersion typo

test('piVersion: kubectl’s message on the misspelled key, and a quick fix renaming it', () => {
  const text = file(statefulPvc(1), STATEFUL_HEADLESS, REQUEST_POD);
  const findings = check(text);
  assert.equal(findings.length, 1);
  const f = findings[0];
  assert.equal(f.code, 'key-typo');
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'error validating data: apiVersion not set');
  const line = text.split('\n').indexOf('piVersion: v1') + 1;
  assert.deepEqual(f.range, { file: 'test.yaml', start: { line, column: 1 }, end: { line, column: 10 } });
  assert.equal(covered(text, f), 'piVersion');
  assert.deepEqual(f.fix, { title: 'Change piVersion to apiVersion', range: f.range, newText: 'apiVersion' });
  // Applying the fix leaves nothing to report.
  const lines = text.split('\n');
  lines[line - 1] = 'apiVersion' + lines[line - 1].slice(f.range.end.column - 1);
  assert.deepEqual(check(lines.join('\n')), []);
});

test('misspelled keys: quoted keys keep their quotes, kind typos too, known fields are never renamed', () => {
  const quoted = check(REQUEST_POD.replace('piVersion:', '"piVersion":'));
  assert.equal(quoted[0]?.fix?.newText, '"apiVersion"');
  assert.equal(quoted[0]?.range.end.column, 12);
  const kind = check('apiVersion: v1\nknid: Pod\nmetadata:\n  name: x\n');
  assert.equal(kind[0]?.message, 'error validating data: kind not set');
  assert.equal(kind[0]?.fix?.title, 'Change knid to kind');
  const both = check('apiVersoin: v1\nKind: Pod\nmetadata:\n  name: x\n');
  assert.deepEqual(
    both.map((f) => f.fix?.newText),
    ['apiVersion', 'kind'],
  );
  assert.equal(both[0]?.message, 'error validating data: [apiVersion not set, kind not set]');
  assert.equal(typoTarget('apiversion'), 'apiVersion');
  assert.equal(typoTarget('data'), null);
  assert.equal(typoTarget('type'), null);
  assert.equal(typoTarget('metadata'), null);
  assert.equal(typoTarget('id'), null);
  assert.equal(editDistance('piVersion', 'apiVersion'), 1);
  const docs = loadManifestText(REQUEST_POD, 'test.yaml');
  assert.equal(keyTypoFixes(docs[0], t).length, 1);
  assert.deepEqual(keyTypoFixes(loadManifestText(REPLICA_WEB, 'test.yaml')[0], t), []);
});

test('YAML that is not a Kubernetes object is not checked', () => {
  assert.deepEqual(check('name: build\non:\n  push: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n'), []);
  assert.deepEqual(check('version: "3"\nservices:\n  web:\n    image: nginx\n'), []);
});

test('other rejections point at the offending field', () => {
  const text = REPLICA_WEB.replace('replicas: 1', 'replicas: -1');
  const findings = check(text);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].code, 'rejected');
  assert.match(findings[0].message, /spec\.replicas: Invalid value: -1: must be greater than or equal to 0/);
  assert.equal(covered(text, findings[0]), 'replicas: -1');
  assert.deepEqual(check(REPLICA_WEB), []);
});

test('refusals only the apply knows (the ingress-nginx webhook) come from the run', () => {
  const duplicate = INGRESS_APP.replace('name: app', 'name: app-copy');
  const text = file(APP_V1_V2, INGRESS_APP, duplicate);
  assert.deepEqual(only(check(text), 'rejected'), [], 'not without a run');
  const rejected = only(check(text, { simulate: true }), 'rejected');
  assert.equal(rejected.length, 1);
  assert.match(rejected[0].message, /admission webhook .* denied the request/);
});

test('YAML syntax errors become findings on their line', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n';
  try {
    loadManifestText(text, 'test.yaml');
    assert.fail('the text does not parse');
  } catch (e) {
    assert.ok(e instanceof InputErrorException);
    const lines = text.split('\n');
    const findings = inputErrorFindings(e.errors, (l) => lines[l - 1]);
    assert.ok(findings.length >= 1);
    assert.equal(findings[0].code, 'yaml');
    assert.equal(findings[0].severity, 'error');
    assert.match(findings[0].message, /^invalid YAML/);
    assert.ok(findings[0].range.end.column > findings[0].range.start.column);
  }
});

test('kinds that are not simulated are reported as information on kind', () => {
  const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: once\n';
  const findings = check(text);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].code, 'not-simulated');
  assert.equal(findings[0].severity, 'information');
  assert.equal(
    findings[0].message,
    'Job (batch/v1) is not simulated: K8s Sim leaves it out and models no controller for it.',
  );
  assert.equal(covered(text, findings[0]), 'kind: Job');
  assert.deepEqual(only(check(REPLICA_WEB), 'not-simulated'), []);
});

// ---------------------------------------------------------------------------------------------
// Rules that look at the other manifests

test('serviceName without a matching headless Service', () => {
  const text = statefulPvc(3);
  const alone = only(check(text), 'headless-service');
  assert.equal(alone.length, 1);
  assert.equal(alone[0].severity, 'warning');
  assert.equal(covered(text, alone[0]), 'serviceName: "stateful-headless"');
  assert.match(
    alone[0].message,
    /No headless Service stateful-headless in the simulated set: .*stateful-pvc-0\.stateful-headless\.default\.svc\.cluster\.local/,
  );
  assert.deepEqual(
    only(check(text, { others: [STATEFUL_HEADLESS] }), 'headless-service'),
    [],
    'in another file of the set',
  );
  assert.deepEqual(only(check(file(text, STATEFUL_HEADLESS)), 'headless-service'), []);
  const notHeadless = only(
    check(text, { others: [STATEFUL_HEADLESS.replace('  clusterIP: None\n', '')] }),
    'headless-service',
  );
  assert.match(notHeadless[0]?.message ?? '', /Service stateful-headless is not headless/);
  assert.deepEqual(only(check(STATEFUL_DB), 'headless-service'), [], 'no serviceName, no finding');
});

test('a Service whose selector matches no Pod template', () => {
  const svc = only(check(STATEFUL_HEADLESS), 'service-selector');
  assert.equal(svc.length, 1);
  assert.equal(covered(STATEFUL_HEADLESS, svc[0]), 'selector:');
  assert.match(svc[0].message, /labels type=db2: this Service gets no endpoints/);
  assert.deepEqual(only(check(STATEFUL_HEADLESS, { others: [statefulPvc(1)] }), 'service-selector'), []);
  assert.deepEqual(only(check(SERVICE_LOADBALANCING), 'service-selector'), [], 'selecting Pods');
});

test('an Ingress backend naming a missing Service or port', () => {
  const missing = only(check(INGRESS_APP), 'ingress-backend');
  assert.equal(missing.length, 1);
  assert.equal(covered(INGRESS_APP, missing[0]), 'name: svc-v1');
  assert.match(
    missing[0].message,
    /Service svc-v1 is not in the simulated set: requests for this path get 503/,
  );
  const wrongPort = INGRESS_APP.replace('number: 8080', 'number: 80');
  const port = only(check(wrongPort, { others: [APP_V1_V2] }), 'ingress-backend');
  assert.equal(port.length, 1);
  assert.equal(covered(wrongPort, port[0]), 'number: 80');
  assert.match(port[0].message, /Service svc-v1 has no port 80 \(its ports: 8080\)/);
  assert.deepEqual(only(check(INGRESS_APP, { others: [APP_V1_V2] }), 'ingress-backend'), []);
});

test('a canary Ingress without a primary of the same host, path and pathType', () => {
  const text = CANARY_V2;
  const alone = only(check(text, { others: [APP_V1_V2] }), 'canary-primary');
  assert.equal(alone.length, 1);
  assert.equal(covered(text, alone[0]), 'path: /');
  assert.match(
    alone[0].message,
    /no other Ingress serves host www\.app\.com, path \/ \(Prefix\), so this canary is ignored/,
  );
  assert.deepEqual(only(check(text, { others: [APP_V1_V2, INGRESS_APP] }), 'canary-primary'), []);
  const exact = INGRESS_APP.replace('pathType: Prefix', 'pathType: Exact');
  assert.equal(
    only(check(text, { others: [APP_V1_V2, exact] }), 'canary-primary').length,
    1,
    'pathType differs',
  );
  const otherHost = INGRESS_APP.replace('www.app.com', 'www.other.com');
  assert.equal(
    only(check(text, { others: [APP_V1_V2, otherHost] }), 'canary-primary').length,
    1,
    'host differs',
  );
  assert.deepEqual(only(check(INGRESS_APP, { others: [APP_V1_V2] }), 'canary-primary'), [], 'not a canary');
  assert.deepEqual(canaryShare({ 'nginx.ingress.kubernetes.io/canary-weight': '10' }), {
    weight: 10,
    total: 100,
    percent: 10,
  });
});

test('a claim naming a StorageClass that does not exist', () => {
  const pvc = REPLICA_PVC1.replace('"fast"', '"slow"');
  const findings = only(check(pvc), 'storage-class');
  assert.equal(findings.length, 1);
  assert.equal(covered(pvc, findings[0]), 'storageClassName: "slow"');
  assert.match(
    findings[0].message,
    /StorageClass slow does not exist in the simulated cluster \(classes: fast\)/,
  );
  const sts = statefulPvc(1).replace('"fast"', 'slow');
  assert.equal(only(check(sts), 'storage-class').length, 1, 'in volumeClaimTemplates too');
  const slow =
    'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: slow\nprovisioner: rancher.io/local-path\n';
  assert.deepEqual(only(check(pvc, { others: [slow] }), 'storage-class'), [], 'a StorageClass of the set');
  assert.deepEqual(only(check(REPLICA_PVC1), 'storage-class'), [], 'the cluster’s fast');
});

test('replicas sharing a ReadWriteOnce claim without nodeSelector: Multi-Attach (static rule)', () => {
  const text = file(REPLICA_PVC1, replicaPvc(3, false));
  const findings = only(check(text), 'multi-attach');
  assert.equal(findings.length, 1);
  assert.equal(findings[0].severity, 'warning');
  assert.equal(covered(text, findings[0]), 'claimName: replica-pvc1');
  assert.match(
    findings[0].message,
    /3 replicas share the ReadWriteOnce claim replica-pvc1 and may run on 2 nodes: replicas on other nodes will fail with a Multi-Attach error/,
  );
  assert.deepEqual(
    only(check(file(REPLICA_PVC1, replicaPvc(3, true))), 'multi-attach'),
    [],
    'pinned by nodeSelector',
  );
  assert.deepEqual(only(check(file(REPLICA_PVC1, replicaPvc(1, false))), 'multi-attach'), [], 'one replica');
  const oneNode = { ...DEFAULT_CLUSTER, nodes: [{ name: 'k8s-node1' }] };
  assert.deepEqual(only(check(text, { cluster: oneNode }), 'multi-attach'), [], 'one node');
  const local =
    'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: local\nprovisioner: rancher.io/local-path\n';
  const localText = file(REPLICA_PVC1.replace('"fast"', 'local'), replicaPvc(3, false));
  assert.deepEqual(only(check(localText, { others: [local] }), 'multi-attach'), [], 'node-local volume');
  const rwx = file(REPLICA_PVC1.replace('ReadWriteOnce', 'ReadWriteMany'), replicaPvc(3, false));
  assert.deepEqual(only(check(rwx), 'multi-attach'), [], 'ReadWriteMany');
});

test('Multi-Attach from the simulation’s FailedAttachVolume events when a run covers the file', () => {
  const text = file(REPLICA_PVC1, replicaPvc(3, false));
  const findings = only(check(text, { simulate: true }), 'multi-attach');
  assert.equal(findings.length, 1);
  assert.equal(covered(text, findings[0]), 'claimName: replica-pvc1');
  assert.match(
    findings[0].message,
    /^In the simulation: replica-pvc-\w{5}: Multi-Attach error for volume "pvc-[0-9a-f-]+" Volume is already used by pod\(s\) replica-pvc-\w{5}/,
  );
  assert.deepEqual(
    only(check(file(REPLICA_PVC1, replicaPvc(3, true)), { simulate: true }), 'multi-attach'),
    [],
  );
  const deployment = text.replace('kind: ReplicaSet', 'kind: Deployment');
  const fromDeployment = only(check(deployment, { simulate: true }), 'multi-attach');
  assert.equal(fromDeployment.length, 1, 'Pods of a Deployment’s ReplicaSet');
});

// ---------------------------------------------------------------------------------------------
test('a field the simulation does not model is Information on that field', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      hostNetwork: true
      containers:
      - name: app
        image: kubetm/app
        startupProbe:
          httpGet: {path: /, port: 8080}
`;
  const findings = only(check(text), 'unsimulated-field');
  assert.deepEqual(
    findings.map((f) => [f.severity, f.message, covered(text, f).split('\n')[0]]),
    [
      [
        'information',
        'spec.template.spec.hostNetwork is not simulated: the pod gets an address from the pod network',
        'hostNetwork: true',
      ],
      [
        'information',
        'spec.template.spec.containers[0].startupProbe is not simulated: the container counts as started at once',
        'startupProbe:',
      ],
    ],
  );
});

test('unsimulated-field: an ingress-nginx annotation the controller does not read, at its key', () => {
  const text = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: 8m
spec:
  ingressClassName: nginx
  defaultBackend:
    service: {name: web, port: {number: 80}}
`;
  const findings = only(check(text), 'unsimulated-field');
  assert.deepEqual(
    findings.map((f) => [f.message, covered(text, f).split('\n')[0]]),
    [
      [
        'metadata.annotations[nginx.ingress.kubernetes.io/proxy-body-size] is not simulated: the simulated ingress-nginx reads only its canary, rewrite-target, ssl-redirect, force-ssl-redirect, preserve-trailing-slash and use-regex annotations',
        'nginx.ingress.kubernetes.io/proxy-body-size: 8m',
      ],
    ],
  );
});

test('CAN-SVC-REUSE, CAN-ONE: the canary ingress-nginx never consults is warned at its canary annotation', () => {
  // The course's practice file: canary-v2 (weight) and canary-kr (header) on one host, path and
  // Service; canary-v2 sorts first (ING-ORDER), makes svc-v2's upstream and keeps it.
  const kr = only(check(CANARY_KR, { others: [APP_V1_V2, INGRESS_APP, CANARY_V2] }), 'canary-ignored');
  assert.equal(kr.length, 1);
  assert.equal(kr[0].severity, 'warning');
  assert.equal(covered(CANARY_KR, kr[0]), 'nginx.ingress.kubernetes.io/canary');
  assert.equal(
    kr[0].message,
    'This canary is ignored: ingress-nginx applies one canary per Service, and default/canary-v2 is applied: it made Service default/svc-v2 an upstream first (CAN-SVC-REUSE).',
  );
  assert.deepEqual(
    only(check(CANARY_V2, { others: [APP_V1_V2, INGRESS_APP, CANARY_KR] }), 'canary-ignored'),
    [],
    'the applied canary is not warned',
  );
  assert.deepEqual(
    only(check(CANARY_KR, { others: [APP_V1_V2, INGRESS_APP] }), 'canary-ignored'),
    [],
    'alone, the header canary applies',
  );
  const own = CANARY_KR.replace(/svc-v2/g, 'svc-v3');
  const one = only(check(own, { others: [APP_V1_V2, INGRESS_APP, CANARY_V2] }), 'canary-ignored');
  assert.deepEqual(
    one.map((f) => f.message),
    [
      'This canary is ignored: ingress-nginx applies one canary per backend (Service default/svc-v1), and default/canary-v2 is applied (CAN-ONE).',
    ],
  );
  assert.deepEqual(
    only(
      check(CANARY_KR, {
        others: [APP_V1_V2, INGRESS_APP, CANARY_V2],
        cluster: { ...DEFAULT_CLUSTER, ingressController: 'none' },
      }),
      'canary-ignored',
    ),
    [],
    'no controller, no canary at all',
  );
});

test('expectation: a failed expectation of a Scenario file is an error on its step, one per expectation', () => {
  const text =
    'spec:\n  steps:\n    - scale: {kind: StatefulSet, name: web, replicas: 3}\n    - expect: {pods: [web-0]}\n';
  const lines = text.split('\n');
  const at = { file: 's.yaml', start: { line: 4, column: 7 }, end: { line: 4, column: 31 } };
  const findings = checkRules(
    {
      docs: [],
      set: [],
      cluster: DEFAULT_CLUSTER,
      lineText: (line) => lines[line - 1],
      scenario: { steps: [{ at, failed: ['pods: expected [web-0], got [web-0, web-1, web-2]'] }] },
    },
    t,
  );
  assert.deepEqual(findings, [
    {
      code: 'expectation',
      severity: 'error',
      message: 'Expectation failed: pods: expected [web-0], got [web-0, web-1, web-2]',
      range: { file: 's.yaml', start: { line: 4, column: 7 }, end: { line: 4, column: lines[3].length + 1 } },
    },
  ]);
  assert.deepEqual(
    checkRules({ docs: [], set: [], cluster: DEFAULT_CLUSTER, scenario: { steps: [] } }, t),
    [],
    'all held: nothing',
  );
});

test('helm-template: one warning at the first action, whatever else the file holds', () => {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: {{ include "app.fullname" . }}'];
  const findings = checkRules(
    {
      docs: [],
      set: [],
      cluster: DEFAULT_CLUSTER,
      helm: { file: 'templates/cm.yaml', line: 4, column: 9 },
      lineText: (n) => lines[n - 1],
    },
    t,
  );
  assert.deepEqual(
    findings.map((f) => [f.code, f.severity, f.range.start.line, f.range.start.column, f.range.end.column]),
    [['helm-template', 'warning', 4, 9, lines[3].length + 1]],
  );
  assert.match(findings[0].message, /render it with `helm template` first/);
});

// The registry

test('the registry holds every RuleCode exactly once, each rule with a check', () => {
  // A Record over RuleCode: adding a code without listing it here does not compile.
  const codes: Record<RuleCode, true> = {
    yaml: true,
    rejected: true,
    'key-typo': true,
    'not-simulated': true,
    'headless-service': true,
    'service-selector': true,
    'ingress-backend': true,
    'canary-primary': true,
    'canary-ignored': true,
    'storage-class': true,
    'multi-attach': true,
    'unsimulated-field': true,
    expectation: true,
    'helm-template': true,
  };
  const ids = RULES.map((r) => r.id);
  assert.deepEqual([...ids].sort(), Object.keys(codes).sort());
  for (const rule of RULES) {
    assert.ok(
      rule.errors || rule.scenario || rule.document || rule.file || rule.object,
      `${rule.id} checks something`,
    );
    if (rule.object) assert.ok((rule.kinds ?? []).length > 0, `${rule.id} names the kinds it checks`);
  }
});

test('findings come pass by pass: YAML errors, each document alone, the file, then each object in file order', () => {
  const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: once\n';
  const lost =
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: lost\nspec:\n  selector:\n    app: nobody\n  ports:\n  - port: 80\n';
  const text = file(statefulPvc(1).replace('"fast"', 'nope'), job, lost);
  assert.deepEqual(
    check(text).map((f) => f.code),
    ['not-simulated', 'headless-service', 'storage-class', 'service-selector'],
  );
  const docs = loadManifestText(text, 'test.yaml');
  const error = { file: 'test.yaml', line: 1, column: 1, message: 'invalid YAML: x' };
  const withErrors = checkRules({ errors: [error], docs, set: docs, cluster: DEFAULT_CLUSTER }, t);
  assert.deepEqual(
    withErrors.map((f) => [f.code, f.severity]),
    [
      ['yaml', 'error'],
      ['not-simulated', 'information'],
      ['headless-service', 'warning'],
      ['storage-class', 'warning'],
      ['service-selector', 'warning'],
    ],
  );
  assert.deepEqual(withErrors[0], inputErrorFindings([error])[0]);
});
