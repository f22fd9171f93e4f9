// What a `node` step does (contract 5.2): a node's kubelet stops or comes back, or kubectl
// cordons, uncordons, drains, taints or untaints it. Each answers with kubectl's lines where kubectl is
// the actor. `taint`/`untaint` are an extension of the contract: with them an administrator's
// out-of-service taint (non-graceful node shutdown, OOS-TAINT) can be shown.
import type { Taint } from 'kubernetes-types/core/v1';
import type { NodeLifecycleController } from './controllers/nodelifecycle';
import type { Sim } from './sim';
import { drainNode } from './drain';

export const NODE_ACTIONS = ['fail', 'recover', 'cordon', 'uncordon', 'drain', 'taint', 'untaint'] as const;
export type NodeAction = (typeof NODE_ACTIONS)[number];

export interface NodeActionResult {
  /** kubectl's error, when the action could not be done. */
  error: string | null;
  /** kubectl's answer lines (none for fail and recover: no kubectl command does them). */
  output: string[];
}

export function nodeAction(
  sim: Sim,
  lifecycle: NodeLifecycleController,
  name: string,
  action: NodeAction,
  taint: Taint | undefined,
  later: (line: string) => void,
): NodeActionResult {
  const node = sim.store.get('Node', '', name);
  if (!node) return { error: `Error from server (NotFound): nodes "${name}" not found`, output: [] };
  switch (action) {
    case 'fail':
      lifecycle.fail(node);
      return { error: null, output: [] };
    case 'recover':
      lifecycle.recover(node);
      return { error: null, output: [] };
    case 'cordon':
    case 'uncordon': {
      // CORDON (kubectl RunCordonOrUncordon): spec.unschedulable; the node lifecycle controller
      // adds or removes the unschedulable NoSchedule taint on the update.
      const wanted = action === 'cordon';
      if (node.unschedulable === wanted) return { error: null, output: [`node/${name} already ${action}ed`] };
      node.unschedulable = wanted;
      sim.store.changed(node);
      return { error: null, output: [`node/${name} ${action}ed`] };
    }
    case 'drain':
      return drainNode(sim, name, later);
    case 'taint':
    case 'untaint': {
      // kubectl taint node <n> key=value:Effect (or key:Effect- to remove).
      if (!taint) return { error: 'error: at least one taint update is required', output: [] };
      const same = (t: Taint) => t.key === taint.key && t.effect === taint.effect;
      const present = node.taints.some(same);
      if (action === 'taint') {
        if (present) {
          return {
            error: `error: node ${name} already has ${taint.key} taint(s) with same effect(s) and --overwrite is false`,
            output: [],
          };
        }
        node.taints = [...node.taints, { ...taint }];
      } else {
        if (!present) return { error: `error: taint "${taint.key}:${taint.effect}" not found`, output: [] };
        node.taints = node.taints.filter((t) => !same(t));
      }
      sim.store.changed(node);
      return { error: null, output: [`node/${name} ${action}ed`] };
    }
  }
}
