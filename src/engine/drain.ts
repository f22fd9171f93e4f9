// `kubectl drain <node> --ignore-daemonsets --delete-emptydir-data` (kubectl pkg/cmd/drain
// RunDrain, pkg/drain): cordon, check every pod of the node, then evict them all in parallel
// through the Eviction API, retrying a refused eviction every 5 s, and wait for each pod to be
// gone (DRAIN-FLOW). What kubectl prints once the step's own lines are out goes to `later`, so a
// drain still waiting on a budget keeps printing under the steps that follow, as a terminal would.
import { BUDGET_VIOLATION, evictPod } from './eviction';
import { budgetSelects } from './controllers/disruption';
import type { Sim } from './sim';
import type { PodObject } from './types';
import type { QueueItem } from './queue';

/** kubectl drain's retry after a 429. */
export const EVICTION_RETRY = 5;
/** kubectl drain polls every second until an evicted pod is gone. */
const POLL = 1;

export interface DrainStart {
  /** kubectl's error when the drain stops before evicting (the node stays cordoned). */
  error: string | null;
  output: string[];
}

const NO_CONTROLLER = 'cannot delete Pods that declare no controller (use --force to override)';
const LOCAL_STORAGE = 'deleting Pods with local storage';

export function drainNode(sim: Sim, nodeName: string, later: (line: string) => void): DrainStart {
  const node = sim.store.get('Node', '', nodeName);
  if (!node) return { error: `Error from server (NotFound): nodes "${nodeName}" not found`, output: [] };
  const output: string[] = [];
  if (node.unschedulable) output.push(`node/${nodeName} already cordoned`);
  else {
    node.unschedulable = true;
    sim.store.changed(node);
    output.push(`node/${nodeName} cordoned`);
  }
  // Pods of the node in API order (namespace, then name); the filters stop at the first refusal.
  const pods = [...sim.store.podsOn(nodeName)].sort(
    (a, b) => a.meta.namespace.localeCompare(b.meta.namespace) || a.meta.name.localeCompare(b.meta.name),
  );
  const errors = new Map<string, string[]>();
  const warnings = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, msg: string, pod: PodObject) =>
    map.set(msg, [...(map.get(msg) ?? []), `${pod.meta.namespace}/${pod.meta.name}`]);
  for (const pod of pods) {
    const finished = pod.state.phase === 'Succeeded' || pod.state.phase === 'Failed';
    if (!finished && (pod.spec.volumes ?? []).some((v) => v.emptyDir)) add(warnings, LOCAL_STORAGE, pod);
    if (!finished && !pod.meta.ownerReferences.some((r) => r.controller)) add(errors, NO_CONTROLLER, pod);
  }
  if (errors.size > 0) {
    const parts = [...errors].map(([msg, list]) => `${msg}: ${list.join(', ')}`);
    const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
    output.push(
      `error: unable to drain node "${nodeName}" due to error: cannot delete ${joined}, continuing command...`,
      'There are pending nodes to be drained:',
      ` ${nodeName}`,
      ...parts,
    );
    return { error: `unable to drain node "${nodeName}"`, output };
  }
  if (warnings.size > 0) {
    output.push(`Warning: ${[...warnings].map(([msg, list]) => `${msg}: ${list.join(', ')}`).join('; ')}`);
  }
  new DrainRun(sim, nodeName, pods, later).start(output);
  return { error: null, output };
}

/** The evictions of one drain, in parallel, each retried until accepted and then awaited. */
class DrainRun {
  private readonly remaining = new Set<string>();
  /** Background retries by pod uid: promoted when a budget frees up so a step waits for them. */
  private readonly retries = new Map<string, { timer: QueueItem; at: number; pod: PodObject }>();
  private stopWatching: (() => void) | null = null;

  constructor(
    private readonly sim: Sim,
    private readonly nodeName: string,
    private readonly pods: PodObject[],
    private readonly later: (line: string) => void,
  ) {}

  start(first: string[]): void {
    if (this.pods.length === 0) {
      first.push(`node/${this.nodeName} drained`);
      return;
    }
    for (const pod of this.pods) this.remaining.add(pod.meta.uid);
    this.stopWatching = this.sim.store.watch(({ type, obj }) => {
      if (type === 'deleted' && obj.kind === 'Pod' && this.remaining.has(obj.meta.uid)) this.gone(obj);
      if (obj.kind === 'PodDisruptionBudget' && obj.state.disruptionsAllowed > 0) this.promote();
    });
    for (const pod of this.pods) this.evict(pod, first);
  }

  private evict(pod: PodObject, out: string[] | null): void {
    const print = (line: string) => (out ? out.push(line) : this.later(line));
    print(`evicting pod ${pod.meta.namespace}/${pod.meta.name}`);
    const current = this.sim.store.byUID(pod.meta.uid);
    if (current?.kind !== 'Pod') return; // gone already: the watcher has said so
    const r = evictPod(this.sim, current);
    if (r.code === 201) return;
    if (r.code === 429) {
      print(
        `error when evicting pods/"${pod.meta.name}" -n "${pod.meta.namespace}" (will retry after ${EVICTION_RETRY}s): ${BUDGET_VIOLATION}`,
      );
      // A refused eviction retries for ever: a steady loop unless a budget frees up (promote).
      const at = this.sim.now + EVICTION_RETRY;
      const timer = this.sim.afterInBackground(EVICTION_RETRY, () => this.retry(pod));
      this.retries.set(pod.meta.uid, { timer, at, pod });
      return;
    }
    print(`error when evicting pods/"${pod.meta.name}" -n "${pod.meta.namespace}": ${r.message}`);
    this.remaining.delete(pod.meta.uid);
  }

  private retry(pod: PodObject): void {
    this.retries.delete(pod.meta.uid);
    this.evict(pod, null);
  }

  /** A budget allows a disruption again: the waiting retries of its pods count as work. */
  private promote(): void {
    for (const [uid, r] of [...this.retries]) {
      const current = this.sim.store.byUID(uid);
      const budgets =
        current?.kind === 'Pod'
          ? [...this.sim.store.list('PodDisruptionBudget')].filter((b) => budgetSelects(b, current))
          : [];
      if (!budgets.some((b) => b.state.disruptionsAllowed > 0) || !r.timer.background) continue;
      this.sim.cancel(r.timer);
      const timer = this.sim.after(r.at - this.sim.now, () => this.retry(r.pod));
      this.retries.set(uid, { ...r, timer });
    }
  }

  /** The pod is gone: kubectl's next poll says so; the last one ends the drain. */
  private gone(pod: PodObject): void {
    this.remaining.delete(pod.meta.uid);
    const last = this.remaining.size === 0;
    if (last) this.stopWatching?.();
    this.sim.after(POLL, () => {
      this.later(`pod/${pod.meta.name} evicted`);
      if (last) this.later(`node/${this.nodeName} drained`);
    });
  }
}
