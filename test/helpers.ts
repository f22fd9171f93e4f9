// Shared test helpers: build a cluster from YAML text, read its state, replay its log.
import assert from 'node:assert/strict';
import { Cluster } from '../src/engine/cluster';
import { loadManifestText } from '../src/engine/loader';
import { DEFAULT_CLUSTER, type ClusterConfig } from '../src/engine/types';
import type { LogEntry } from '../src/engine/sim';
import { InputErrorException, type InputError } from '../src/engine/manifest';

export const SETTLE = 3600;

export interface ClusterOptions {
  seed?: number;
  config?: Partial<ClusterConfig>;
  /** Do not settle after the initial apply. */
  noSettle?: boolean;
}

export function clusterFrom(yaml: string, opts: ClusterOptions = {}): Cluster {
  const c = new Cluster({ ...DEFAULT_CLUSTER, ...(opts.config ?? {}) }, opts.seed ?? 1);
  const r = c.apply(loadManifestText(yaml, 'test.yaml'));
  assert.deepEqual(r.rejected, [], 'test manifests must be accepted');
  if (!opts.noSettle) assert.ok(c.settle(SETTLE), 'initial apply must settle');
  return c;
}

export function apply(c: Cluster, yaml: string): void {
  const r = c.apply(loadManifestText(yaml, 'test.yaml'));
  assert.deepEqual(r.rejected, []);
}

export function pods(c: Cluster): string[] {
  return c.state().pods.map((p) => p.name);
}

export function pvcs(c: Cluster): string[] {
  return c.state().pvcs.map((p) => p.name);
}

export function pod(c: Cluster, name: string) {
  const p = c.state().pods.find((x) => x.name === name);
  assert.ok(p, `pod ${name} exists`);
  return p;
}

/** Messages of events with this reason, in order. */
export function messages(c: Cluster, reason: string, objectName?: string): string[] {
  return c.sim.events
    .filter((e) => e.reason === reason && (objectName === undefined || e.object.name === objectName))
    .map((e) => e.message);
}

/** Time of the first log entry matching `pred`. */
export function timeOf(c: Cluster, pred: (e: LogEntry) => boolean): number {
  const e = c.sim.log.find(pred);
  assert.ok(e, 'expected log entry exists');
  return e.type === 'event' ? e.event.t : e.transition.t;
}

export function statefulSet(
  name: string,
  extra: { replicas?: number; policy?: 'OrderedReady' | 'Parallel'; spec?: string; template?: string } = {},
): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  replicas: ${extra.replicas ?? 1}
  podManagementPolicy: ${extra.policy ?? 'OrderedReady'}
  serviceName: ${name}-svc
  selector:
    matchLabels:
      app: ${name}
${extra.spec ?? ''}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: app
        image: kubetm/app:v1
${extra.template ?? ''}
`;
}

/** The first InputError a call throws (it must throw InputErrorException). */
export function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof InputErrorException, `expected InputErrorException, got ${String(e)}`);
    assert.ok(e.errors.length >= 1);
    return e.errors[0];
  }
  assert.fail('expected an InputErrorException');
}

/** A cluster config of `count` nodes that each hold `pods` pods (the default is the kubelet's 110),
 * for tests of scale rather than of placement. */
export function roomyNodes(count: number, pods: number): ClusterConfig {
  return {
    ...DEFAULT_CLUSTER,
    nodes: Array.from({ length: count }, (_, i) => ({ name: `k8s-node${i + 1}`, capacity: { pods } })),
  };
}
