// Never silent: the one table of fields a real cluster acts on and the simulation does not
// (src/engine/unsimulated.ts), reported once per object with the field's path and position.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from '../src/engine/cluster';
import { loadManifestText } from '../src/engine/loader';
import { DEFAULT_CLUSTER } from '../src/engine/types';
import { UNSIMULATED_EFFECTS, unsimulatedFields } from '../src/engine/unsimulated';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { everyCourseManifest } from './course-manifests';

const cases: Array<[string, string, object, string[]]> = [
  ['no such field', 'Pod', { spec: { containers: [{ name: 'a' }] } }, []],
  [
    'init containers are simulated (INIT-SEQ)',
    'Pod',
    { spec: { initContainers: [{ name: 'i' }], containers: [] } },
    [],
  ],
  ['an empty list says nothing', 'Pod', { spec: { initContainers: [], schedulingGates: [] } }, []],
  [
    'probes of each container',
    'StatefulSet',
    {
      spec: {
        template: {
          spec: { containers: [{ name: 'a' }, { name: 'b', livenessProbe: {}, startupProbe: {} }] },
        },
      },
    },
    // A liveness probe is simulated: it fails when the image turns unhealthy (PROBE-EVENTS).
    ['spec.template.spec.containers[1].startupProbe'],
  ],
  [
    'priority is simulated (PREEMPT-VICTIMS)',
    'ReplicaSet',
    { spec: { template: { spec: { priorityClassName: 'x' } } } },
    [],
  ],
  ['hostNetwork false says nothing', 'Pod', { spec: { hostNetwork: false } }, []],
  [
    'ingress-nginx annotations the controller does not read; the ones it reads say nothing',
    'Ingress',
    {
      metadata: {
        annotations: {
          'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
          'nginx.ingress.kubernetes.io/canary-weight': '10',
          'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS',
          'kubernetes.io/ingress.class': 'nginx',
        },
      },
    },
    [
      'metadata.annotations[nginx.ingress.kubernetes.io/backend-protocol]',
      'metadata.annotations[nginx.ingress.kubernetes.io/proxy-body-size]',
    ],
  ],
  [
    'a claim cloned from another',
    'PersistentVolumeClaim',
    { spec: { dataSource: { kind: 'PersistentVolumeClaim', name: 'x' } } },
    ['spec.dataSource'],
  ],
  ['a paused Deployment is simulated (DEP-PAUSED)', 'Deployment', { spec: { paused: true } }, []],
  ['ClientIP affinity', 'Service', { spec: { sessionAffinity: 'ClientIP' } }, ['spec.sessionAffinity']],
  ['None affinity is what is simulated', 'Service', { spec: { sessionAffinity: 'None' } }, []],
  [
    'Local traffic policies',
    'Service',
    { spec: { externalTrafficPolicy: 'Local', internalTrafficPolicy: 'Local' } },
    ['spec.externalTrafficPolicy', 'spec.internalTrafficPolicy'],
  ],
  [
    'affinity and tolerations are simulated',
    'Pod',
    { spec: { affinity: { podAntiAffinity: {} }, tolerations: [{}], topologySpreadConstraints: [{}] } },
    [],
  ],
];

for (const [name, kind, body, fields] of cases) {
  test(`unsimulated fields: ${name}`, () => {
    assert.deepEqual(
      unsimulatedFields(kind, body).map((f) => f.field),
      fields,
    );
  });
}

test('apply warns once per object and field, at the field’s line and column', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: kubetm/app
    startupProbe: {httpGet: {path: /, port: 8080}}
`;
  const c = new Cluster(DEFAULT_CLUSTER, 1);
  const first = c.apply(loadManifestText(yaml, 'pod.yaml'));
  assert.deepEqual(first.warnings, [
    'pod.yaml:8:5: Pod/p: spec.containers[0].startupProbe is not simulated: the container counts as started at once',
  ]);
  assert.deepEqual(c.apply(loadManifestText(yaml, 'pod.yaml')).warnings, [], 'said once');
});

test('the course manifests use no unsimulated field', () => {
  const c = new Cluster(DEFAULT_CLUSTER, 1);
  const r = c.apply(loadManifestText(everyCourseManifest(), 'course.yaml'));
  assert.deepEqual(r.warnings, []);
});

test('every effect of the table has a Korean translation for the editor', () => {
  const bundle = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', '..', 'l10n', 'bundle.l10n.ko.json'), 'utf8'),
  ) as Record<string, string>;
  for (const effect of UNSIMULATED_EFFECTS) assert.equal(typeof bundle[effect], 'string', effect);
});
