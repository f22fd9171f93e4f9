// The editor's picks without vscode (src/extension/analysis/picks.ts): the object a palette command
// works on, and the scale pick's counts — a reflexive Enter never scales to zero, the current count
// is labelled, a typed count is accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifestText } from '../src/engine/loader';
import type { ClusterState } from '../src/engine/snapshot';
import {
  commandTarget,
  currentReplicas,
  fileObjects,
  replicaChoices,
  typedReplicas,
} from '../src/extension/analysis/picks';
import { isWorkloadKind } from '../src/engine/kinds';
import { REPLICA_WEB, STATEFUL_DB, STATEFUL_HEADLESS, file, statefulPvc } from './course-manifests';

test('replicaChoices: ascending, the current one marked, current + 2 preselected, never 0', () => {
  const rows: Array<[number, number[], number]> = [
    // current, listed counts, preselected
    [1, [0, 1, 2, 3, 5], 3],
    [0, [0, 1, 2, 3, 5], 2],
    [3, [0, 1, 3, 4, 5], 5],
    [10, [0, 1, 3, 5, 10, 11, 12], 12],
    [100_000, [0, 1, 3, 5, 100_000], 100_000],
  ];
  for (const [current, listed, preselected] of rows) {
    const r = replicaChoices(current);
    assert.deepEqual(
      r.choices.map((c) => c.replicas),
      listed,
      `current ${current}`,
    );
    assert.deepEqual(
      r.choices.filter((c) => c.current).map((c) => c.replicas),
      [current],
    );
    assert.equal(r.preselected, preselected, `current ${current}`);
    assert.ok(r.choices.some((c) => c.replicas === r.preselected));
  }
});

test('typedReplicas: whole numbers from 0 to 100,000, nothing else', () => {
  const rows: Array<[string, number | null]> = [
    ['7', 7],
    [' 12 ', 12],
    ['0', 0],
    ['100000', 100_000],
    ['100001', null],
    ['', null],
    ['-1', null],
    ['1e3', null],
    ['3.5', null],
    ['seven', null],
    ['9'.repeat(400), null],
  ];
  for (const [text, want] of rows) assert.equal(typedReplicas(text), want, JSON.stringify(text));
});

test('currentReplicas: from the end of the simulation, else as written, else 1', () => {
  const body = { kind: 'StatefulSet', metadata: { name: 'stateful-db' }, spec: { replicas: 1 } };
  const target = { kind: 'StatefulSet', name: 'stateful-db', namespace: 'default' };
  const state = {
    workloads: [{ kind: 'StatefulSet', name: 'stateful-db', namespace: 'default', replicas: 3 }],
  } as unknown as ClusterState;
  assert.equal(currentReplicas(target, state, body), 3);
  assert.equal(currentReplicas({ ...target, namespace: 'other' }, state, body), 1);
  assert.equal(currentReplicas(target, null, body), 1);
  assert.equal(currentReplicas(target, null, { ...body, spec: { replicas: 4 } }), 4);
  assert.equal(currentReplicas(target, null, { ...body, spec: {} }), 1, 'defaulted as the API server does');
});

test('commandTarget: the object under the cursor, else the file’s only one, else a pick', () => {
  const text = file(STATEFUL_HEADLESS, statefulPvc(1));
  const docs = loadManifestText(text, 'course.yaml');
  const objects = fileObjects(docs);
  assert.deepEqual(
    objects.map((o) => `${o.kind}/${o.name}`),
    ['Service/stateful-headless', 'StatefulSet/stateful-pvc'],
  );
  const sts = objects[1];
  const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  // Cursor inside the StatefulSet: scale and delete use it.
  assert.deepEqual(commandTarget(docs, lineOf('serviceName'), isWorkloadKind), { target: sts });
  assert.deepEqual(
    commandTarget(docs, lineOf('serviceName'), () => true),
    { target: sts },
  );
  // Cursor in the Service: delete uses the Service; scale the file's only workload.
  assert.deepEqual(
    commandTarget(docs, lineOf('clusterIP'), () => true),
    { target: objects[0] },
  );
  assert.deepEqual(commandTarget(docs, lineOf('clusterIP'), isWorkloadKind), { target: sts });
  // Two workloads and the cursor on neither: the user picks.
  const two = file(REPLICA_WEB, STATEFUL_HEADLESS, STATEFUL_DB);
  const twoDocs = loadManifestText(two, 'two.yaml');
  const picked = commandTarget(
    twoDocs,
    two.split('\n').findIndex((l) => l.includes('clusterIP')) + 1,
    isWorkloadKind,
  );
  assert.ok('candidates' in picked);
  assert.deepEqual(
    picked.candidates.map((o) => o.kind),
    ['ReplicaSet', 'StatefulSet'],
  );
  // Nothing to scale in the file.
  assert.deepEqual(commandTarget(loadManifestText(STATEFUL_HEADLESS, 's.yaml'), 1, isWorkloadKind), {
    candidates: [],
  });
});
