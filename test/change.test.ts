// "Simulate This Change": what changed between two versions of the manifests, per object and per
// field (src/extension/analysis/change.ts), and the run that starts from the old version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { objectChanges, MAX_FIELDS_PER_OBJECT } from '../src/extension/analysis/change';
import { loadManifestText } from '../src/engine/loader';
import { runScenario } from '../src/scenario/run';
import { DEFAULT_CLUSTER } from '../src/engine/types';
import type { Scenario } from '../src/scenario/scenario';
import { webStatefulSetYaml } from './fixtures';

const sts = webStatefulSetYaml;
const svc = (name: string, app: string) => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  clusterIP: None
  selector: {app: ${app}}
  ports: [{port: 80}]
`;
const docs = (text: string) => loadManifestText(text, 'web.yaml');

test('objects are added, changed (field by field), unchanged or removed', () => {
  const before = docs(sts(2, 'nginx:1.26') + svc('web', 'web') + svc('old', 'web'));
  const after = docs(sts(3, 'nginx:1.27') + svc('web', 'web') + svc('new', 'web'));
  assert.deepEqual(
    objectChanges(before, after).map((c) => [c.kind, c.name, c.change, c.fields, c.moreFields]),
    [
      [
        'StatefulSet',
        'web',
        'changed',
        [
          { path: 'spec.replicas', before: '2', after: '3' },
          { path: 'spec.template.spec.containers[0].image', before: 'nginx:1.26', after: 'nginx:1.27' },
        ],
        0,
      ],
      ['Service', 'web', 'unchanged', [], 0],
      ['Service', 'new', 'added', [], 0],
      ['Service', 'old', 'removed', [], 0],
    ],
  );
});

test('a field set or unset on one side, long values cut, and a cap per object', () => {
  const before = docs(sts(1, 'nginx'));
  const after = docs(sts(1, 'nginx', `  podManagementPolicy: Parallel\n  minReadySeconds: 5\n`));
  const [c] = objectChanges(before, after);
  assert.deepEqual(c.fields, [
    { path: 'spec.podManagementPolicy', before: null, after: 'Parallel' },
    { path: 'spec.minReadySeconds', before: null, after: '5' },
  ]);
  const long = 'x'.repeat(200);
  const [l] = objectChanges(docs(sts(1, 'nginx')), docs(sts(1, long)));
  assert.equal(l.fields[0].after?.length, 60);
  assert.ok(l.fields[0].after?.endsWith('…'));
  // A map set on one side only is one change; the same map with 20 values changed is 20.
  const annotated = (value: string) =>
    sts(1, 'nginx').replace(
      'metadata: {name: web}',
      `metadata:\n  name: web\n  annotations:\n${Array.from({ length: 20 }, (_, i) => `    k${i}: ${value}${i}`).join('\n')}`,
    );
  assert.equal(objectChanges(docs(sts(1, 'nginx')), docs(annotated('a')))[0].fields.length, 1);
  const [m] = objectChanges(docs(annotated('a')), docs(annotated('b')));
  assert.equal(m.fields.length, MAX_FIELDS_PER_OBJECT);
  assert.deepEqual(m.fields[0], { path: 'metadata.annotations.k0', before: 'a0', after: 'b0' });
  assert.equal(m.moreFields, 20 - MAX_FIELDS_PER_OBJECT);
});

test('the run starts from the old version and applies the new one: a rolling update, a refusal', () => {
  const base = docs(sts(2, 'nginx:1.26'));
  const scenario = (now: string): Scenario => ({
    origin: 'manifests',
    name: 'change',
    description: null,
    file: 'web.yaml',
    seed: 1,
    settleLimit: 3600,
    cluster: DEFAULT_CLUSTER,
    manifests: base,
    steps: [
      {
        type: 'apply',
        docs: docs(now),
        for: null,
        at: { file: 'web.yaml', start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
      },
    ],
  });
  const rolled = runScenario(scenario(sts(2, 'nginx:1.27'))).result;
  assert.deepEqual(rolled.steps[0].output, ['statefulset.apps/web configured']);
  // RollingUpdate replaces the highest ordinal first (STS-RU-ORDER).
  const deleted = rolled.events
    .filter((e) => e.t >= rolled.steps[0].start && e.reason === 'SuccessfulDelete')
    .map((e) => e.message);
  assert.deepEqual(deleted, [
    'delete Pod web-1 in StatefulSet web successful',
    'delete Pod web-0 in StatefulSet web successful',
  ]);
  const refused = runScenario(
    scenario(sts(2, 'nginx:1.26').replace('serviceName: web', 'serviceName: other')),
  ).result;
  assert.match(
    refused.steps[0].rejected[0]?.message ?? '',
    /spec: Forbidden: updates to statefulset spec for fields other than/,
  );
});
