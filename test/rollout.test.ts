// kubectl rollout undo / restart / pause / resume / status, revisions (docs/behavior/replicaset-deployment.md).
import test from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../src/engine/cluster';
import { REVISION_ANNOTATION } from '../src/engine/controllers/deployment';
import { RESTARTED_AT } from '../src/engine/rollout';
import { parseScenarioText } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';
import { SETTLE, apply, clusterFrom, inputError, pod, statefulSet } from './helpers';
import { deploymentYaml } from './fixtures';

function sets(c: Cluster): Array<{ name: string; revision: string; history?: string; replicas: number }> {
  return [...c.sim.store.list('ReplicaSet')]
    .map((rs) => ({
      name: rs.meta.name,
      revision: rs.meta.annotations[REVISION_ANNOTATION],
      ...(rs.meta.annotations['deployment.kubernetes.io/revision-history']
        ? { history: rs.meta.annotations['deployment.kubernetes.io/revision-history'] }
        : {}),
      replicas: rs.spec.replicas,
    }))
    .sort((a, b) => Number(a.revision) - Number(b.revision));
}

function imageOf(c: Cluster, name = 'web'): string | undefined {
  return c.sim.store.get('Deployment', 'default', name)?.spec.template.spec?.containers[0].image;
}

test('DEP-REVISION, ROLLOUT-UNDO: revisions 1, 2; undo re-uses the first set as revision 3 with history 1; undo again toggles', () => {
  const c = clusterFrom(deploymentYaml('web', 2, 'app:v1'));
  apply(c, deploymentYaml('web', 2, 'app:v2'));
  c.settle(SETTLE);
  const [v1, v2] = sets(c);
  assert.deepEqual([v1.revision, v2.revision], ['1', '2']);
  assert.equal(c.sim.store.get('Deployment', 'default', 'web')?.meta.annotations[REVISION_ANNOTATION], '2');
  assert.deepEqual(c.rollout('Deployment', 'default', 'web', 'undo'), {
    error: null,
    output: ['deployment.apps/web rolled back'],
  });
  c.settle(SETTLE);
  assert.equal(imageOf(c), 'app:v1');
  assert.deepEqual(
    sets(c).map((s) => [s.name, s.revision, s.history ?? null, s.replicas]),
    [
      [v2.name, '2', null, 0],
      [v1.name, '3', '1', 2],
    ],
  );
  assert.equal(c.sim.store.get('Deployment', 'default', 'web')?.meta.annotations[REVISION_ANNOTATION], '3');
  c.rollout('Deployment', 'default', 'web', 'undo');
  c.settle(SETTLE);
  assert.equal(imageOf(c), 'app:v2', 'undo of an undo goes back to the second-highest revision');
  // APPLY-PATCH: a re-apply keeps the controller's annotation (the manifest never wrote it).
  apply(c, deploymentYaml('web', 2, 'app:v2'));
  assert.equal(c.sim.store.get('Deployment', 'default', 'web')?.meta.annotations[REVISION_ANNOTATION], '4');
});

test('ROLLOUT-UNDO: kubectl errors and the skipped rollback', () => {
  const c = clusterFrom(deploymentYaml('web', 1, 'app:v1'));
  assert.deepEqual(
    c.rollout('Deployment', 'default', 'web', 'undo').error,
    'error: no rollout history found for deployment "web"',
  );
  assert.deepEqual(c.rollout('Deployment', 'default', 'web', 'undo', 1).output, [
    'deployment.apps/web skipped rollback (current template already matches revision 1)',
  ]);
  assert.equal(
    c.rollout('Deployment', 'default', 'web', 'undo', 7).error,
    'error: unable to find specified revision 7 in history',
  );
  assert.equal(
    c.rollout('Deployment', 'default', 'nope', 'undo').error,
    'Error from server (NotFound): deployments.apps "nope" not found',
  );
  c.rollout('Deployment', 'default', 'web', 'pause');
  assert.equal(
    c.rollout('Deployment', 'default', 'web', 'undo').error,
    "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
  );
});

test('ROLLOUT-PAUSE, ROLLOUT-RESTART: paused edits wait for resume; restart writes restartedAt and rolls every pod', () => {
  const c = clusterFrom(deploymentYaml('web', 2, 'app:v1'));
  const before = c.state().pods.map((p) => p.name);
  assert.deepEqual(c.rollout('Deployment', 'default', 'web', 'pause').output, ['deployment.apps/web paused']);
  assert.equal(
    c.rollout('Deployment', 'default', 'web', 'pause').error,
    'error: deployments.apps "web" is already paused',
  );
  assert.equal(
    c.rollout('Deployment', 'default', 'web', 'restart').error,
    `error: deployments.apps "web" can't restart paused deployment (run rollout resume first)`,
  );
  apply(c, deploymentYaml('web', 2, 'app:v2').replace('replicas: 2', 'replicas: 2\n  paused: true'));
  c.settle(SETTLE);
  assert.deepEqual(
    c.state().pods.map((p) => p.name),
    before,
    'paused: no new ReplicaSet',
  );
  assert.deepEqual(c.rollout('Deployment', 'default', 'web', 'resume').output, [
    'deployment.apps/web resumed',
  ]);
  assert.equal(
    c.rollout('Deployment', 'default', 'web', 'resume').error,
    'error: deployments.apps "web" is not paused',
  );
  c.settle(SETTLE);
  const afterResume = c.state().pods.map((p) => p.name);
  assert.ok(
    afterResume.every((p) => !before.includes(p)),
    'resumed: rolled to v2',
  );
  c.advance(100);
  assert.deepEqual(c.rollout('Deployment', 'default', 'web', 'restart').output, [
    'deployment.apps/web restarted',
  ]);
  const annotations = c.sim.store.get('Deployment', 'default', 'web')?.spec.template.metadata?.annotations;
  assert.match(annotations?.[RESTARTED_AT] ?? '', /^2025-01-01T00:\d\d:\d\dZ$/);
  c.settle(SETTLE);
  assert.ok(
    c.state().pods.every((p) => !afterResume.includes(p.name)),
    'every pod replaced',
  );
});

test('ROLLOUT-STATUS: the Deployment lines in order, and the StatefulSet partitioned lines', () => {
  const text = (extra: string) => `apiVersion: k8s-sim/v1
kind: Scenario
metadata: {name: t}
spec:
  manifests:
  - inline: |
${deploymentYaml('web', 3, 'app:v1')
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
      ---
${statefulSet('db', { replicas: 2 })
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
  steps:
  - apply:
    - inline: |
${deploymentYaml('web', 3, 'app:v2')
  .split('\n')
  .map((l) => `        ${l}`)
  .join('\n')}
${extra}`;
  const run = runScenario(
    parseScenarioText(
      text(`  - rollout: {kind: Deployment, name: web, action: undo}
  - rollout: {kind: sts, name: db, action: restart}
`),
      't.yaml',
      '.',
    ),
  );
  assert.deepEqual(run.result.steps[1].output, [
    'deployment.apps/web rolled back',
    'Waiting for deployment spec update to be observed...',
    'Waiting for deployment "web" rollout to finish: 0 out of 3 new replicas have been updated...',
    'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
    'Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...',
    'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
    'deployment "web" successfully rolled out',
  ]);
  const sts = run.result.steps[2].output ?? [];
  assert.equal(sts[0], 'statefulset.apps/db restarted');
  assert.ok(sts.includes('Waiting for 1 pods to be ready...'));
  assert.equal(sts[sts.length - 1], 'partitioned roll out complete: 2 new pods have been updated...');
});

test('STS-ROLLBACK: undo finds the older ControllerRevision, makes it the highest, and rolls pods highest ordinal first', () => {
  const c = clusterFrom(statefulSet('db', { replicas: 3 }));
  const first = c.sim.store.get('StatefulSet', 'default', 'db')?.state.updateRevision;
  assert.equal(
    c.rollout('StatefulSet', 'default', 'db', 'undo').error,
    'error: no last revision to roll back to',
  );
  apply(c, statefulSet('db', { replicas: 3 }).replace('kubetm/app:v1', 'kubetm/app:v2'));
  c.settle(SETTLE);
  const second = c.sim.store.get('StatefulSet', 'default', 'db')?.state.updateRevision;
  assert.notEqual(first, second);
  const t = c.now;
  assert.deepEqual(c.rollout('StatefulSet', 'default', 'db', 'undo').output, [
    'statefulset.apps/db rolled back',
  ]);
  c.settle(SETTLE);
  const s = c.sim.store.get('StatefulSet', 'default', 'db');
  assert.equal(s?.state.updateRevision, first);
  assert.deepEqual(Object.fromEntries(s?.state.revisionNumbers ?? []), {
    [first as string]: 3,
    [second as string]: 2,
  });
  const deletions = c.sim.events
    .filter((e) => e.t >= t && e.reason === 'SuccessfulDelete')
    .map((e) => e.related?.name);
  assert.deepEqual(deletions, ['db-2', 'db-1', 'db-0']);
  assert.equal(pod(c, 'db-0').status, 'Running');
  assert.equal(
    c.rollout('StatefulSet', 'default', 'db', 'undo', 3).output[0],
    'statefulset.apps/db skipped rollback (current template already matches revision 3)',
  );
});

test('rollout steps: a kind without rollouts, pause of a StatefulSet, or toRevision outside undo stop the run with exit 2', () => {
  const head = `apiVersion: k8s-sim/v1
kind: Scenario
metadata: {name: t}
spec:
  steps:
`;
  const cases: Array<[string, RegExp]> = [
    [
      '  - rollout: {kind: ReplicaSet, name: x, action: undo}\n',
      /ReplicaSet has no rollout \(kubectl rollout works on Deployment and StatefulSet, and DaemonSets\)/,
    ],
    [
      '  - rollout: {kind: StatefulSet, name: x, action: pause}\n',
      /rollout pause works on Deployments only \(kubectl: statefulsets.apps pausing is not supported\)/,
    ],
    [
      '  - rollout: {kind: Deployment, name: x, action: restart, toRevision: 2}\n',
      /"toRevision" applies only to rollout undo/,
    ],
    [
      '  - rollout: {kind: Deployment, name: x, action: rewind}\n',
      /must be one of undo, restart, pause, resume/,
    ],
  ];
  for (const [step, message] of cases) {
    const err = inputError(() => parseScenarioText(head + step, 't.yaml', '.'));
    assert.match(err.message, message);
    assert.equal(err.line, 6);
  }
});
