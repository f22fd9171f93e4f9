// Scenario files and command-line steps: every step type, defaults, positions of manifests and
// of mistakes, durations and kind aliases.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { InputErrorException, type InputError } from '../src/engine/manifest';
import { DEFAULT_CLUSTER, type SourcePosition } from '../src/engine/types';
import {
  cliStep,
  cliSteps,
  parseDuration,
  parseScenarioFile,
  parseScenarioText,
} from '../src/scenario/parse';
import type { Step } from '../src/scenario/scenario';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-sim-parse-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof InputErrorException, `expected InputErrorException, got ${String(e)}`);
    return e.errors[0];
  }
  assert.fail('expected an InputErrorException');
}

/** 1-based position of the first `needle` in `text`, after `from` if it occurs there. */
function posOf(text: string, needle: string, from = ''): SourcePosition {
  const after = from ? text.indexOf(needle, text.indexOf(from)) : -1;
  const offset = after >= 0 ? after : text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} in text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Steps without their `at`, for comparing content. */
function bare(steps: Step[]): unknown[] {
  return steps.map((s) => {
    const { at: _at, ...rest } = s;
    void _at;
    return 'docs' in rest ? { ...rest, docs: rest.docs.map((d) => d.body) } : rest;
  });
}

write('manifests/db.yaml', 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n---\nkind: Pod\n');
write('manifests/v2.yaml', 'kind: ConfigMap\nmetadata: {name: v2}\n');

const FULL = `apiVersion: k8s-sim/v1
kind: Scenario
metadata:
  name: full
  annotations:
    description: Every step type
spec:
  seed: 7
  settleLimit: 10m
  cluster:
    nodes: [n1, {name: n2, labels: {zone: b}}]
    ingressController: none
  manifests:
    - file: ../manifests/db.yaml
    - inline: |
        apiVersion: v1
        kind: Service
        metadata:
          name: db
  steps:
    - apply: {file: ../manifests/v2.yaml}
    - scale: {kind: sts, name: db, replicas: 3}
      for: 5s
    - delete: {kind: Pod, name: db-1, namespace: shop, gracePeriod: 0}
    - readiness: {pod: db-0, ready: false}
    - wait: 30s
    - request:
        url: http://www.app.com/version
        headers: {Accept-Language: kr}
        cookies: {canary: always}
        count: 1000
    - request: {from: request-pod, url: "http://db-0.db:8080/hostname"}
    - resolve: {name: db, from: shop/request-pod}
    - expect:
        pods: [db-0, db-1]
        pvcs: [data-db-0]
        ready: [db-0]
        podNodes: {db-0: n1, db-1: null}
        status: {db-1: Pending}
        traffic: {svc-v1: "90%±5"}
        responses: {status: 200, service: svc-v1, tls: null, ok: true}
        answers: 2
        events: ["SuccessfulCreate StatefulSet/db"]
    - expect: {answers: [db-0, db-1]}
`;

test('a scenario with every step type', () => {
  const file = write('scenarios/full.yaml', FULL);
  const s = parseScenarioFile(file, 'scenarios/full.yaml');
  assert.equal(s.name, 'full');
  assert.equal(s.description, 'Every step type');
  assert.equal(s.file, 'scenarios/full.yaml');
  assert.equal(s.seed, 7);
  assert.equal(s.settleLimit, 600);
  assert.deepEqual(s.cluster.nodes, [
    { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } },
    { name: 'n2', labels: { 'kubernetes.io/hostname': 'n2', zone: 'b' } },
  ]);
  assert.equal(s.cluster.ingressController, 'none');
  assert.deepEqual(s.cluster.timing, DEFAULT_CLUSTER.timing);
  assert.deepEqual(
    s.manifests.map((d) => (d.body as { kind: string }).kind),
    ['StatefulSet', 'Pod', 'Service'],
  );
  assert.deepEqual(bare(s.steps), [
    { type: 'apply', for: null, docs: [{ kind: 'ConfigMap', metadata: { name: 'v2' } }] },
    { type: 'scale', for: 5, kind: 'StatefulSet', namespace: 'default', name: 'db', replicas: 3 },
    { type: 'delete', for: null, kind: 'Pod', namespace: 'shop', name: 'db-1', gracePeriod: 0 },
    { type: 'readiness', for: null, namespace: 'default', pod: 'db-0', ready: false },
    { type: 'wait', seconds: 30 },
    {
      type: 'request',
      url: 'http://www.app.com/version',
      headers: { 'Accept-Language': 'kr' },
      cookies: { canary: 'always' },
      count: 1000,
      from: null,
      fromNamespace: 'default',
    },
    {
      type: 'request',
      url: 'http://db-0.db:8080/hostname',
      headers: {},
      cookies: {},
      count: 1,
      from: 'request-pod',
      fromNamespace: 'default',
    },
    { type: 'resolve', name: 'db', from: 'request-pod', fromNamespace: 'shop' },
    {
      type: 'expect',
      expect: {
        pods: ['db-0', 'db-1'],
        pvcs: ['data-db-0'],
        ready: ['db-0'],
        podNodes: { 'db-0': 'n1', 'db-1': null },
        status: { 'db-1': 'Pending' },
        traffic: { 'svc-v1': '90%±5' },
        responses: { status: 200, service: 'svc-v1', tls: null, ok: true },
        answers: 2,
        events: ['SuccessfulCreate StatefulSet/db'],
      },
    },
    { type: 'expect', expect: { answers: ['db-0', 'db-1'] } },
  ]);
  // `at` is the range of the step's map, `for` included.
  assert.deepEqual(s.steps[1].at, {
    file: 'scenarios/full.yaml',
    start: posOf(FULL, 'scale: {'),
    end: { line: posOf(FULL, 'for: 5s').line, column: posOf(FULL, 'for: 5s').column + 'for: 5s'.length },
  });
  assert.deepEqual(s.steps[5].at.start, posOf(FULL, 'request:\n'));
});

test('manifest files: resolved from the scenario folder, shown relative to the working directory', () => {
  const s = parseScenarioFile(write('scenarios/full.yaml', FULL));
  const shown = path.relative(process.cwd(), path.join(tmp, 'manifests', 'db.yaml'));
  const [sts, pod] = s.manifests;
  assert.equal(sts.source.file, shown);
  assert.deepEqual(sts.locate(['metadata', 'name']), { line: 4, column: 3 });
  assert.deepEqual(pod.source.start, { line: 6, column: 1 });
  const apply = s.steps[0];
  assert.ok(apply.type === 'apply');
  assert.equal(
    apply.docs[0].source.file,
    path.relative(process.cwd(), path.join(tmp, 'manifests', 'v2.yaml')),
  );
});

test('inline manifests: positions point into the scenario file', () => {
  const s = parseScenarioFile(write('scenarios/full.yaml', FULL), 'full.yaml');
  const service = s.manifests[2];
  assert.equal(service.source.file, 'full.yaml');
  assert.deepEqual(service.source.start, posOf(FULL, 'apiVersion: v1'));
  assert.deepEqual(service.locate(['kind']), posOf(FULL, 'kind: Service'));
  assert.deepEqual(service.locate(['metadata', 'name']), posOf(FULL, 'name: db', 'kind: Service'));

  // Flow and quoted inline text map their first line too; errors inside inline text as well.
  const text = [
    'apiVersion: k8s-sim/v1',
    'kind: Scenario',
    'metadata: {name: inl}',
    'spec:',
    '  manifests:',
    '    - inline: "kind: Pod"',
    '    - inline: |',
    '',
    '        kind: ConfigMap',
    '        data: [unclosed',
    '  steps: []',
    '',
  ].join('\n');
  const err = inputError(() => parseScenarioText(text, 'inl.yaml', tmp));
  assert.equal(err.file, 'inl.yaml');
  assert.ok(err.line >= 10 && err.line <= 11, JSON.stringify(err));
  const ok = parseScenarioText(text.replace('[unclosed', '[closed]'), 'inl.yaml', tmp);
  assert.deepEqual(ok.manifests[0].source.start, posOf(text, 'kind: Pod'));
  assert.deepEqual(ok.manifests[1].locate(['data']), posOf(text, 'data: ['));
});

test('defaults: seed 1, settle limit 1h, the default cluster with hostname labels', () => {
  const before = JSON.stringify(DEFAULT_CLUSTER);
  const s = parseScenarioText(
    'apiVersion: k8s-sim/v1\nkind: Scenario\nmetadata: {name: min}\n',
    'min.yaml',
    tmp,
  );
  assert.equal(s.seed, 1);
  assert.equal(s.settleLimit, 3600);
  assert.equal(s.description, null);
  assert.deepEqual(s.manifests, []);
  assert.deepEqual(s.steps, []);
  assert.deepEqual(s.cluster, {
    ...DEFAULT_CLUSTER,
    nodes: DEFAULT_CLUSTER.nodes.map((n) => ({ ...n, labels: { 'kubernetes.io/hostname': n.name } })),
  });
  assert.equal(JSON.stringify(DEFAULT_CLUSTER), before, 'the shared default is not modified');
});

test('cluster extensions: timing and storage classes', () => {
  const s = parseScenarioText(
    [
      'apiVersion: k8s-sim/v1',
      'kind: Scenario',
      'metadata: {name: c}',
      'spec:',
      '  cluster:',
      '    nodes:',
      '      - k8s-node1',
      '      - {name: cordoned, unschedulable: true, labels: {kubernetes.io/hostname: other, rack: 1}}',
      '    timing: {containerStart: 500ms, provision: 1m, sigtermExit: null}',
      '    storageClasses:',
      '      - {name: local, provisioner: rancher.io/local-path, volumeBindingMode: WaitForFirstConsumer}',
      '',
    ].join('\n'),
    'c.yaml',
    tmp,
  );
  assert.deepEqual(s.cluster.nodes, [
    { name: 'k8s-node1', labels: { 'kubernetes.io/hostname': 'k8s-node1' } },
    { name: 'cordoned', unschedulable: true, labels: { 'kubernetes.io/hostname': 'other', rack: '1' } },
  ]);
  assert.deepEqual(s.cluster.timing, { containerStart: 0.5, provision: 60, attach: 1, sigtermExit: null });
  assert.deepEqual(s.cluster.storageClasses, [
    { name: 'local', provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' },
  ]);
  assert.equal(s.cluster.ingressController, 'nginx');
});

test('a plain manifest file is a scenario without steps', () => {
  const file = write(
    'plain/web-app.yml',
    'kind: Pod\nmetadata: {name: a}\n---\nkind: Pod\nmetadata: {name: b}\n',
  );
  const s = parseScenarioFile(file, 'web-app.yml');
  assert.equal(s.name, 'web-app');
  assert.equal(s.file, 'web-app.yml');
  assert.deepEqual(s.steps, []);
  assert.equal(s.seed, 1);
  assert.deepEqual(
    s.manifests.map((d) => [d.source.file, d.source.start.line]),
    [
      ['web-app.yml', 1],
      ['web-app.yml', 4],
    ],
  );
  assert.deepEqual(parseScenarioText('', 'empty.yaml', tmp).manifests, []);
});

test('a manifest entry may name a folder, read like kubectl apply -f', () => {
  write('folder/m/b.yaml', 'kind: Pod\nmetadata: {name: b}\n');
  write('folder/m/a.yml', 'kind: Pod\nmetadata: {name: a}\n');
  const s = parseScenarioText(
    'apiVersion: k8s-sim/v1\nkind: Scenario\nmetadata: {name: f}\nspec:\n  manifests: [{file: m}]\n',
    'f.yaml',
    path.join(tmp, 'folder'),
  );
  assert.deepEqual(
    s.manifests.map((d) => (d.body as { metadata: { name: string } }).metadata.name),
    ['a', 'b'],
  );
});

const HEAD = 'apiVersion: k8s-sim/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  steps:\n';
const withSteps = (...lines: string[]): string => HEAD + lines.map((l) => `    ${l}\n`).join('');

test('unknown keys are rejected at their line and column', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      HEAD.replace('spec:', 'status: {}\nspec:'),
      'status',
      /unknown key "status" in Scenario \(expected one of: apiVersion, kind, metadata, spec\)/,
    ],
    [
      HEAD.replace('{name: t}', '{name: t, namespace: x}'),
      'namespace',
      /unknown key "namespace" in Scenario metadata/,
    ],
    [
      HEAD + '  seeds: 3\n',
      'seeds',
      /unknown key "seeds" in Scenario spec \(expected one of: seed, settleLimit, cluster, manifests, steps\)/,
    ],
    [
      HEAD.replace('spec:\n', 'spec:\n  cluster: {node: [a]}\n'),
      'node:',
      /unknown key "node" in spec.cluster/,
    ],
    [
      HEAD.replace('spec:\n', 'spec:\n  cluster: {timing: {pull: 1s}}\n'),
      'pull',
      /unknown key "pull" in spec.cluster.timing/,
    ],
    [
      HEAD.replace('spec:\n', 'spec:\n  cluster: {nodes: [{name: a, zone: b}]}\n'),
      'zone',
      /unknown key "zone" in node/,
    ],
    [
      HEAD.replace('spec:\n', 'spec:\n  manifests: [{path: x.yaml}]\n'),
      'path',
      /unknown key "path" in manifest entry \(expected one of: file, inline\)/,
    ],
    [
      withSteps('- scale: {kind: sts, name: web, replicas: 1, foo: 2}'),
      'foo',
      /^unknown key "foo" in scale step \(expected one of: kind, name, namespace, replicas\)$/,
    ],
    [
      withSteps('- scale: {kind: sts, name: web, replicas: 1, for: 5s}'),
      'for:',
      /"for" goes next to "scale:", at step level/,
    ],
    [
      withSteps('- wait: 1s', '  until: ready'),
      'until',
      /unknown key "until" in step 1 \(expected one of: apply, scale, delete, readiness, node, crash, rollout, wait, request, resolve, expect, for\)/,
    ],
    [
      withSteps('- request: {url: "http://a/", header: {a: b}}'),
      'header',
      /unknown key "header" in request step/,
    ],
    [withSteps('- resolve: {name: a, form: b}'), 'form', /unknown key "form" in resolve step/],
    [withSteps('- delete: {kind: pod, name: a, force: true}'), 'force', /unknown key "force" in delete step/],
    [
      withSteps('- readiness: {pod: a, ready: true, probe: x}'),
      'probe',
      /unknown key "probe" in readiness step/,
    ],
    [withSteps('- apply: {file: a.yaml, dryRun: true}'), 'dryRun', /unknown key "dryRun" in apply step/],
    [
      withSteps('- expect:', '    pods: [a]', '    pod: [b]'),
      'pod:',
      /unknown key "pod" in expect step \(expected one of: pods, pvcs, ready, podNodes, status, restarts, readyColumn, nodes, traffic, responses, answers, events, rejected\)/,
    ],
  ];
  for (const [text, needle, message] of cases) {
    const err = inputError(() => parseScenarioText(text, 's.yaml', tmp));
    assert.equal(err.file, 's.yaml');
    assert.match(err.message, message);
    assert.deepEqual({ line: err.line, column: err.column }, posOf(text, needle, 'metadata'), err.message);
  }
});

test('wrong values are rejected with the field, the expected type and the position', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      withSteps('- scale: {kind: sts, name: web, replicas: -1}'),
      '-1',
      /"replicas" in scale step must be a non-negative integer .*\(got -1\)/,
    ],
    [
      withSteps('- scale: {kind: sts, name: web, replicas: "3"}'),
      '"3"',
      /"replicas" in scale step must be a non-negative integer/,
    ],
    [withSteps('- scale: {kind: sts, name: web}'), '{kind', /scale step needs "replicas"/],
    [withSteps('- scale: {kind: pod, name: web, replicas: 1}'), 'pod,', /Pod cannot be scaled/],
    [withSteps('- delete: {kind: widget, name: a}'), 'widget', /unknown kind "widget"/],
    [
      withSteps('- readiness: {pod: a, ready: "false"}'),
      '"false"',
      /"ready" in readiness step must be true or false/,
    ],
    [withSteps('- wait: soon'), 'soon', /"wait": invalid duration "soon"/],
    [withSteps('- wait: {seconds: 3}'), '{seconds', /"wait" must be a duration like 30s or 5m \(got a map\)/],
    [
      withSteps('- request: {url: /version}'),
      '/version',
      /"url" in request step must be an absolute http:\/\/ or https:\/\/ URL/,
    ],
    [
      withSteps('- request: {url: "http://a/", count: 0}'),
      '0}',
      /"count" in request step must be a positive integer of at most 1,000,000/,
    ],
    [withSteps('- request: {url: "http://a/", count: 1000001}'), '1000001', /at most 1,000,000/],
    [
      withSteps('- request: {url: "http://a/", headers: [a]}'),
      '[a]',
      /"headers" in request step must be a map \(got a list\)/,
    ],
    [withSteps('- request: {count: 2}'), '{count', /request step needs "url"/],
    [withSteps('- resolve: {from: a}'), '{from', /resolve step needs "name"/],
    [withSteps('- expect: {pods: web-0}'), 'web-0', /"pods" in expect step must be a list/],
    [
      withSteps('- expect: {podNodes: {a: [n1]}}'),
      '[n1]',
      /"a" in "podNodes" in expect step must be a node name or null \(got a list\)/,
    ],
    [
      withSteps('- expect: {answers: many}'),
      'many',
      /"answers" in expect step must be a count or a list of pod names \(got "many"\)/,
    ],
    [
      withSteps('- expect: {responses: {status: [200]}}'),
      '[200]',
      /must be a string, number, boolean or null/,
    ],
    [withSteps('- expect: {}'), '{}', /expect step needs at least one of: pods/],
    [
      withSteps('- wait: 1s', '  for: 2s'),
      'for',
      /"for" applies only to apply, scale, delete, readiness, node, crash, rollout steps, not to wait/,
    ],
    // Contract 5.2: a node step names a node of the cluster and one of its actions.
    [
      withSteps('- node: {name: k8s-node9, action: fail}'),
      'k8s-node9',
      /"name" in node step: no node "k8s-node9" in the cluster \(nodes: k8s-node1, k8s-node2\)/,
    ],
    [
      withSteps('- node: {name: k8s-node1, action: explode}'),
      'explode',
      /"action" in node step must be one of fail, recover, cordon, uncordon, drain, taint, untaint \(got "explode"\)/,
    ],
    [withSteps('- node: {name: k8s-node1, action: taint}'), 'taint', /needs "taint: \{key, value, effect\}"/],
    [
      withSteps('- node: {name: k8s-node1, action: fail, taint: {key: a, effect: NoSchedule}}'),
      'taint:',
      /"taint" applies only to the taint and untaint actions, not to fail/,
    ],
    [
      withSteps('- wait: 1s', '  expect: {pods: []}'),
      'expect',
      /step 1 has both "wait" and "expect"; write them as separate steps/,
    ],
    [withSteps('- for: 1s'), 'for', /step 1 has no action/],
    [withSteps('- wait'), 'wait', /step 1 must be a map with one of: apply, scale/],
    [withSteps('- scale:'), 'scale', /^scale step must be a map \(got nothing\)$/],
    [
      HEAD.replace('metadata: {name: t}', 'metadata:'),
      'metadata',
      /Scenario metadata must be a map \(got nothing\)/,
    ],
    [
      withSteps('- scale: {kind: sts, name: web, replicas: }'),
      'replicas',
      /"replicas" in scale step must be a non-negative integer .*\(got nothing\)/,
    ],
    [
      withSteps('- scale: {kind: sts, name: a, replicas: 1}', '  for: later'),
      'later',
      /"for" in step 1: invalid duration/,
    ],
    [
      withSteps('- apply: {file: nope.yaml}'),
      'nope.yaml',
      /cannot read manifest file "nope.yaml": no such file/,
    ],
    [withSteps('- apply: {file: a.yaml, inline: "kind: Pod"}'), 'inline', /has both "file" and "inline"/],
    [HEAD + '  seed: 1.5\n', '1.5', /"seed" in spec must be an integer/],
    [HEAD + '  settleLimit: 0s\n', '0s', /"settleLimit" in spec must be more than 0/],
    [
      HEAD.replace('spec:\n', 'spec:\n  cluster: {ingressController: traefik}\n'),
      'traefik',
      /must be nginx or none \(got "traefik"\)/,
    ],
    [HEAD.replace('spec:\n', 'spec:\n  cluster: {nodes: [a, a]}\n'), 'a]', /node "a" is listed twice/],
    [
      HEAD.replace('spec:\n', 'spec:\n  manifests: [x.yaml]\n'),
      'x.yaml',
      /manifest entry must be a map \(got "x.yaml"\)/,
    ],
    [
      HEAD.replace('k8s-sim/v1', 'k8s-sim/v2'),
      'k8s-sim/v2',
      /Scenario apiVersion must be "k8s-sim\/v1" \(got "k8s-sim\/v2"\)/,
    ],
    [HEAD.replace('{name: t}', '{}'), '{}', /Scenario metadata needs "name"/],
    [HEAD + '    - wait: 1s\n---\nkind: Pod\n', 'kind: Pod', /list manifests under spec.manifests/],
    ['kind: Pod\n---\n' + HEAD, 'apiVersion: k8s', /the Scenario must be the first document/],
  ];
  for (const [text, needle, message] of cases) {
    const err = inputError(() => parseScenarioText(text, 's.yaml', tmp));
    assert.match(err.message, message, text);
    assert.deepEqual(
      { line: err.line, column: err.column },
      posOf(text, needle, 'metadata'),
      `${err.message}\n${text}`,
    );
  }
});

test('durations', () => {
  const cases: Array<[string | number, number]> = [
    ['500ms', 0.5],
    ['30s', 30],
    ['5m', 300],
    ['2h', 7200],
    ['1m30s', 90],
    ['1h2m3s', 3723],
    ['1s500ms', 1.5],
    ['100ms200ms', 0.3],
    ['1.5h', 5400],
    ['.5s', 0.5],
    ['45', 45],
    [' 10s ', 10],
    [12, 12],
    [0.25, 0.25],
    ['0s', 0],
  ];
  for (const [input, seconds] of cases) assert.equal(parseDuration(input), seconds, String(input));
  for (const bad of ['', 's', '5', '-5s', '5d', '5 s', '1m30', 'soon', '1e3s', 'Infinity', '5sec'].filter(
    (b) => b !== '5',
  )) {
    assert.throws(
      () => parseDuration(bad),
      /invalid duration .*write it like 500ms, 30s, 5m, 2h or 1m30s/,
      bad,
    );
  }
  assert.throws(() => parseDuration(-1), /invalid duration/);
  assert.throws(() => parseDuration(Number.POSITIVE_INFINITY), /invalid duration/);
});

test('kinds are matched like kubectl: any case, plural, short names, kind.group', () => {
  const cases: Array<[string, string]> = [
    ['sts', 'StatefulSet'],
    ['statefulsets', 'StatefulSet'],
    ['StatefulSet', 'StatefulSet'],
    ['STATEFULSET', 'StatefulSet'],
    ['statefulset.apps', 'StatefulSet'],
    ['deployments.v1.apps', 'Deployment'],
    ['rs', 'ReplicaSet'],
    ['deploy', 'Deployment'],
    ['pvc', 'PersistentVolumeClaim'],
    ['svc', 'Service'],
    ['ing', 'Ingress'],
    ['po', 'Pod'],
  ];
  for (const [alias, kind] of cases) {
    const s = parseScenarioText(withSteps(`- delete: {kind: ${alias}, name: x}`), 'k.yaml', tmp);
    assert.equal((s.steps[0] as { kind: string }).kind, kind, alias);
    assert.equal((cliStep('delete', `${alias}/x`, 'k') as { kind: string }).kind, kind, alias);
  }
  assert.match(inputError(() => cliStep('delete', 'statefulset.batch/x', 'k')).message, /unknown kind/);
  // Cluster-scoped kinds have no namespace.
  const pv = parseScenarioText(withSteps('- delete: {kind: pv, name: data, namespace: shop}'), 'k.yaml', tmp);
  assert.deepEqual(bare(pv.steps), [
    { type: 'delete', for: null, kind: 'PersistentVolume', namespace: '', name: 'data', gracePeriod: null },
  ]);
});

test('command line --scale and --delete become steps', () => {
  const steps = cliSteps(
    ['sts/web=3', 'Deployment/api=0'],
    ['pod/web-0', 'pvc/data-web-1'],
    '<command line>',
  );
  assert.deepEqual(bare(steps), [
    { type: 'scale', for: null, kind: 'StatefulSet', namespace: 'default', name: 'web', replicas: 3 },
    { type: 'scale', for: null, kind: 'Deployment', namespace: 'default', name: 'api', replicas: 0 },
    { type: 'delete', for: null, kind: 'Pod', namespace: 'default', name: 'web-0', gracePeriod: null },
    {
      type: 'delete',
      for: null,
      kind: 'PersistentVolumeClaim',
      namespace: 'default',
      name: 'data-web-1',
      gracePeriod: null,
    },
  ]);
  assert.equal(steps[0].at.file, '<command line>');
  assert.deepEqual(cliSteps([], [], 'x'), []);
});

test('command line syntax errors name "<command line>"', () => {
  const cases: Array<[() => unknown, RegExp]> = [
    [() => cliSteps(['web=3'], [], 'f'), /^--scale web=3: expected KIND\/NAME=REPLICAS/],
    [() => cliSteps(['sts/web'], [], 'f'), /^--scale sts\/web: expected KIND\/NAME=REPLICAS/],
    [() => cliSteps(['sts/web=-1'], [], 'f'), /replicas must be a non-negative integer/],
    [() => cliSteps(['sts/web=x'], [], 'f'), /replicas must be a non-negative integer/],
    [
      () => cliSteps(['sts/web=99999999999'], [], 'f'),
      /k8s-sim: spec.replicas 99999999999 is above the largest value simulated \(100000\)/,
    ],
    [() => cliSteps(['sts/ns/web=1'], [], 'f'), /expected KIND\/NAME=REPLICAS/],
    [() => cliSteps(['widget/web=1'], [], 'f'), /unknown kind "widget"/],
    [() => cliSteps(['pod/web=1'], [], 'f'), /Pod cannot be scaled/],
    [() => cliSteps([], ['pod'], 'f'), /^--delete pod: expected KIND\/NAME/],
    [() => cliSteps([], ['pod/a=1'], 'f'), /expected KIND\/NAME/],
    [() => cliSteps([], ['gadget/a'], 'f'), /unknown kind "gadget"/],
  ];
  for (const [fn, message] of cases) {
    const err = inputError(fn);
    assert.equal(err.file, '<command line>');
    assert.deepEqual([err.line, err.column], [1, 1]);
    assert.match(err.message, message);
  }
});

test('unreadable scenario files and manifest files', () => {
  assert.deepEqual(
    inputError(() => parseScenarioFile(path.join(tmp, 'none.yaml'), 'none.yaml')),
    {
      file: 'none.yaml',
      line: 1,
      column: 1,
      message: 'cannot read file: no such file',
    },
  );
  // A missing manifest file is reported where the scenario names it.
  const text = HEAD.replace('  steps:\n', '  manifests:\n    - file: ../gone/app.yaml\n');
  const err = inputError(() => parseScenarioText(text, 's.yaml', tmp));
  assert.deepEqual(err, {
    file: 's.yaml',
    ...posOf(text, '../gone'),
    message: 'cannot read manifest file "../gone/app.yaml": no such file',
  });
  // A YAML error inside a referenced file points into that file.
  write('broken/bad.yaml', 'kind: Pod\nmetadata: {name: [x}\n');
  const inner = inputError(() =>
    parseScenarioText(
      HEAD.replace('  steps:\n', '  manifests: [{file: bad.yaml}]\n'),
      's.yaml',
      path.join(tmp, 'broken'),
    ),
  );
  assert.equal(inner.file, path.relative(process.cwd(), path.join(tmp, 'broken', 'bad.yaml')));
  assert.equal(inner.line, 2);
});
