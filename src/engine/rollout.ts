// `kubectl rollout undo | restart | pause | resume` for Deployments and StatefulSets (contract 5.2),
// and the lines `kubectl rollout status` prints while a rollout proceeds. kubectl's side only:
// each action writes the object as kubectl's patch would; the controllers roll it out.
import type { PodTemplateLike } from './types';
import type { DeploymentObject, StatefulSetObject } from './types';
import type { Sim } from './sim';
import { TEMPLATE_HASH_LABEL, revisionOf } from './controllers/deployment';
import { stableJson } from './hash';

export const ROLLOUT_ACTIONS = ['undo', 'restart', 'pause', 'resume'] as const;
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];
/** Kinds with a rollout (DaemonSets too in a real cluster; the engine does not model them). */
export const ROLLOUT_KINDS = ['Deployment', 'StatefulSet'] as const;
export type RolloutKind = (typeof ROLLOUT_KINDS)[number];

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
/** The wall clock of simulated second 0, for timestamps kubectl writes (restartedAt). */
const SIMULATED_EPOCH_MS = Date.UTC(2025, 0, 1);

export interface RolloutResult {
  /** kubectl's error (the command fails), or null. */
  error: string | null;
  /** kubectl's answer line. */
  output: string[];
}

type Workload = DeploymentObject | StatefulSetObject;

const ok = (line: string): RolloutResult => ({ error: null, output: [line] });
const fail = (error: string): RolloutResult => ({ error, output: [] });

export function rollout(
  sim: Sim,
  kind: RolloutKind,
  namespace: string,
  name: string,
  action: RolloutAction,
  toRevision: number,
): RolloutResult {
  const obj = sim.store.get(kind, namespace, name);
  const resource = kind === 'Deployment' ? 'deployments.apps' : 'statefulsets.apps';
  const label = kind === 'Deployment' ? `deployment.apps/${name}` : `statefulset.apps/${name}`;
  if (!obj || obj.meta.deletionTime !== null)
    return fail(`Error from server (NotFound): ${resource} "${name}" not found`);
  switch (action) {
    case 'pause':
    case 'resume': {
      // ROLLOUT-PAUSE: only Deployments can be paused (objectpauser.go).
      if (obj.kind !== 'Deployment')
        return fail(
          `error: ${resource} "${name}" ${action === 'pause' ? 'pausing' : 'resuming'} is not supported`,
        );
      const paused = obj.spec.paused === true;
      if (action === 'pause' && paused) return fail(`error: ${resource} "${name}" is already paused`);
      if (action === 'resume' && !paused) return fail(`error: ${resource} "${name}" is not paused`);
      obj.spec = { ...obj.spec, paused: action === 'pause' };
      if (action === 'resume') delete obj.spec.paused;
      bump(sim, obj);
      return ok(`${label} ${action}d`);
    }
    case 'restart': {
      // ROLLOUT-RESTART (objectrestarter.go): a template annotation with the time.
      if (obj.kind === 'Deployment' && obj.spec.paused) {
        return fail(
          `error: ${resource} "${name}" can't restart paused deployment (run rollout resume first)`,
        );
      }
      const template = obj.spec.template as PodTemplateLike;
      const at = new Date(SIMULATED_EPOCH_MS + sim.now * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      setTemplate(obj, {
        ...template,
        metadata: {
          ...(template.metadata ?? {}),
          annotations: { ...(template.metadata?.annotations ?? {}), [RESTARTED_AT]: at },
        },
      });
      bump(sim, obj);
      return ok(`${label} restarted`);
    }
    case 'undo':
      return obj.kind === 'Deployment'
        ? undoDeployment(sim, obj, label, toRevision)
        : undoStatefulSet(sim, obj, label, toRevision);
  }
}

/** ROLLOUT-UNDO (rollback.go DeploymentRollbacker). */
function undoDeployment(sim: Sim, d: DeploymentObject, label: string, toRevision: number): RolloutResult {
  if (d.spec.paused) {
    return fail(
      "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    );
  }
  const sets = [...sim.store.dependentsOf(d.meta.uid)].filter((o) => o.kind === 'ReplicaSet');
  let latest: { rev: number; template: PodTemplateLike } | null = null;
  let previous: { rev: number; template: PodTemplateLike } | null = null;
  let chosen: { rev: number; template: PodTemplateLike } | null = null;
  for (const rs of sets) {
    if (rs.kind !== 'ReplicaSet') continue;
    const entry = { rev: revisionOf(rs), template: rs.spec.template as PodTemplateLike };
    if (entry.rev === 0) continue;
    if (toRevision > 0) {
      if (entry.rev === toRevision) chosen = entry;
    } else if (!latest || latest.rev < entry.rev) {
      previous = latest;
      latest = entry;
    } else if (!previous || previous.rev < entry.rev) previous = entry;
  }
  if (toRevision > 0 && !chosen)
    return fail(`error: unable to find specified revision ${toRevision} in history`);
  chosen ??= previous;
  if (!chosen) return fail(`error: no rollout history found for deployment "${d.meta.name}"`);
  const target = withoutHashLabel(chosen.template);
  if (stableJson(target) === stableJson(withoutHashLabel(d.spec.template as PodTemplateLike))) {
    return ok(`${label} skipped rollback (current template already matches revision ${chosen.rev})`);
  }
  setTemplate(d, structuredClone(target));
  bump(sim, d);
  return ok(`${label} rolled back`);
}

/** STS-ROLLBACK (rollback.go StatefulSetRollbacker over the set's ControllerRevisions). */
function undoStatefulSet(sim: Sim, sts: StatefulSetObject, label: string, toRevision: number): RolloutResult {
  const numbers = [...sts.state.revisionNumbers].sort((a, b) => b[1] - a[1]);
  let chosen: [string, number] | undefined;
  if (toRevision > 0) {
    chosen = numbers.find(([, n]) => n === toRevision);
    if (!chosen) return fail(`error: unable to find specified revision ${toRevision} in history`);
  } else {
    if (numbers.length <= 1) return fail('error: no last revision to roll back to');
    chosen = numbers[1];
  }
  const template = sts.state.revisions.get(chosen[0]);
  if (!template) return fail(`error: unable to find specified revision ${chosen[1]} in history`);
  if (stableJson(template) === stableJson(sts.spec.template)) {
    return ok(`${label} skipped rollback (current template already matches revision ${chosen[1]})`);
  }
  setTemplate(sts, structuredClone(template));
  bump(sim, sts);
  return ok(`${label} rolled back`);
}

/** A template without the pod-template-hash label (EqualIgnoreHash). */
function withoutHashLabel(t: PodTemplateLike): PodTemplateLike {
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels[TEMPLATE_HASH_LABEL];
  return { ...t, metadata: { ...(t.metadata ?? {}), labels } };
}

/** The template is replaced, never edited: controllers key their caches on the object. */
function setTemplate(obj: Workload, template: PodTemplateLike): void {
  obj.spec = { ...obj.spec, template: template as Workload['spec']['template'] };
}

function bump(sim: Sim, obj: Workload): void {
  obj.meta.generation++;
  sim.store.changed(obj);
}

/** ROLLOUT-STATUS: the line `kubectl rollout status` prints for the object as it is now, and
 * whether the rollout is complete. */
export function rolloutStatusLine(obj: Workload): { line: string; done: boolean } {
  if (obj.kind === 'Deployment') {
    const d = obj;
    const name = d.meta.name;
    if (d.meta.generation > d.state.observedGeneration) {
      return { line: 'Waiting for deployment spec update to be observed...', done: false };
    }
    const s = d.state;
    if (s.updatedReplicas < d.spec.replicas) {
      return {
        line: `Waiting for deployment "${name}" rollout to finish: ${s.updatedReplicas} out of ${d.spec.replicas} new replicas have been updated...`,
        done: false,
      };
    }
    if (s.replicas > s.updatedReplicas) {
      return {
        line: `Waiting for deployment "${name}" rollout to finish: ${s.replicas - s.updatedReplicas} old replicas are pending termination...`,
        done: false,
      };
    }
    if (s.availableReplicas < s.updatedReplicas) {
      return {
        line: `Waiting for deployment "${name}" rollout to finish: ${s.availableReplicas} of ${s.updatedReplicas} updated replicas are available...`,
        done: false,
      };
    }
    return { line: `deployment "${name}" successfully rolled out`, done: true };
  }
  const sts = obj;
  if (sts.spec.updateStrategy.type !== 'RollingUpdate') {
    return { line: 'error: rollout status is only available for RollingUpdate strategy type', done: true };
  }
  if (sts.meta.generation > sts.state.observedGeneration) {
    return { line: 'Waiting for statefulset spec update to be observed...', done: false };
  }
  const replicas = sts.spec.replicas;
  if (sts.state.readyReplicas < replicas) {
    return { line: `Waiting for ${replicas - sts.state.readyReplicas} pods to be ready...`, done: false };
  }
  const partition = sts.spec.updateStrategy.rollingUpdate?.partition ?? 0;
  const updated = sts.state.updatedReplicas;
  if (updated < replicas - partition) {
    return {
      line: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...`,
      done: false,
    };
  }
  return { line: `partitioned roll out complete: ${updated} new pods have been updated...`, done: true };
}

/** `kubectl rollout status` from now on: one line per change of what it would print; the
 * returned function stops watching and gives the lines (the last read when it is called). */
export function watchRolloutStatus(
  sim: Sim,
  kind: RolloutKind,
  namespace: string,
  name: string,
): () => string[] {
  const lines: string[] = [];
  let done = false;
  const look = () => {
    const obj = sim.store.get(kind, namespace, name);
    if (!obj || done) return;
    const status = rolloutStatusLine(obj);
    if (lines[lines.length - 1] !== status.line) lines.push(status.line);
    done = status.done;
  };
  look();
  const stop = sim.store.watch(look);
  return () => {
    stop();
    look();
    return lines;
  };
}
