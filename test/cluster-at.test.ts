// One clusterAt for the sidebar and the timeline page: both list the pods and claims that existed
// at a moment, with their status then, in the same (natural) name order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from '../src/engine/cluster';
import { loadManifestText } from '../src/engine/loader';
import { DEFAULT_CLUSTER } from '../src/engine/types';
import { byNameNumeric, clusterAt, endpointsAt, runEnd } from '../src/shared/cluster-at';
import { STATEFUL_HEADLESS, file, statefulPvc } from './course-manifests';
import { snapshotAt } from '../src/webview/timeline/cluster-at';
import { statefulSet } from './helpers';

function run(replicas: number) {
  const c = new Cluster(DEFAULT_CLUSTER, 1);
  c.apply(loadManifestText(statefulSet('web', { replicas, policy: 'Parallel' }), 'sts.yaml'));
  assert.ok(c.settle(3600));
  const mid = c.sim.now;
  c.scale('StatefulSet', 'default', 'web', 2);
  assert.ok(c.settle(3600));
  return {
    history: { objects: c.sim.incarnations, state: c.state() },
    mid,
    nodes: c.state().nodes.map((n) => n.name),
  };
}

test('pods come in natural order: web-2 before web-10', () => {
  const { history, mid } = run(12);
  const names = clusterAt(history, mid).pods.map((p) => p.name);
  assert.equal(names.length, 12);
  assert.deepEqual(names, [...names].sort(byNameNumeric));
  assert.ok(names.indexOf('web-2') < names.indexOf('web-10'));
});

test('the sidebar and the snapshot panel show the same pods, status and nodes at every moment', () => {
  const { history, mid, nodes } = run(12);
  for (const t of [0, 1, 3, mid, mid + 1, mid + 40]) {
    const side = clusterAt(history, t).pods;
    const snap = snapshotAt(history, nodes, t);
    const panel = [...[...snap.byNode.values()].flat(), ...snap.unscheduled].map((e) => e.pod);
    const key = (p: { name: string; status: string; node: string | null }) =>
      `${p.name} ${p.status} ${p.node}`;
    assert.deepEqual(panel.map(key).sort(), side.map(key).sort(), `t=${t}`);
    for (const list of snap.byNode.values())
      assert.deepEqual(
        list.map((e) => e.pod.name),
        list.map((e) => e.pod.name).sort(byNameNumeric),
      );
    assert.equal(snap.pods, side.length);
  }
  // After scaling to 2 and settling only web-0 and web-1 remain.
  assert.deepEqual(
    clusterAt(history, null).pods.map((p) => p.name),
    ['web-0', 'web-1'],
  );
});

test('endpointsAt: a Service lists the pods that are there at the cursor, not those of the end', () => {
  const c = new Cluster(DEFAULT_CLUSTER, 1);
  c.apply(loadManifestText(file(STATEFUL_HEADLESS, statefulPvc(1)), 'course.yaml'));
  assert.ok(c.settle(3600));
  const mid = c.sim.now;
  const before = c.state();
  c.scale('StatefulSet', 'default', 'stateful-pvc', 3);
  assert.ok(c.settle(3600));
  const history = { objects: c.sim.incarnations, steps: [{ state: before }], state: c.state() };
  const svc = { name: 'stateful-headless', namespace: 'default' };
  const names = (t: number | null) =>
    endpointsAt(history, svc, t === null ? null : clusterAt(history, t)).map((e) => `${e.pod} ${e.ready}`);
  assert.deepEqual(names(mid), ['stateful-pvc-0 true']);
  // Just after the scale: pod 1 exists but has no IP yet, so it is no endpoint.
  assert.deepEqual(names(mid + 0.001), ['stateful-pvc-0 true']);
  assert.deepEqual(names(null), ['stateful-pvc-0 true', 'stateful-pvc-1 true', 'stateful-pvc-2 true']);
  assert.deepEqual(names(runEnd(history)), names(null));
  assert.ok(runEnd(history) > mid);
});
