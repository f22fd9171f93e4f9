// The nodes of the simulated cluster and which of them a pod spec can be scheduled on.
import type { NodeSelector } from 'kubernetes-types/core/v1';
import { requiredNodeAffinityMatches } from '../../engine/selector';
import type { ClusterConfig } from '../../engine/types';
import { arr, obj, str, strMap, type Obj } from './objects';

export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  unschedulable: boolean;
}

export function clusterNodes(cluster: ClusterConfig): NodeInfo[] {
  return cluster.nodes.map((n) => ({
    name: n.name,
    labels: { 'kubernetes.io/hostname': n.name, ...(n.labels ?? {}) },
    unschedulable: n.unschedulable ?? false,
  }));
}

/** Nodes a pod spec can be scheduled on: nodeName, nodeSelector, required node affinity, cordons. */
export function nodesFor(podSpec: Obj, cluster: ClusterConfig): NodeInfo[] {
  const selector = strMap(podSpec.nodeSelector);
  const nodeName = str(podSpec.nodeName);
  const required = obj(
    obj(obj(podSpec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution,
  );
  const terms = arr(required.nodeSelectorTerms);
  return clusterNodes(cluster).filter((n) => {
    if (nodeName) return n.name === nodeName;
    if (n.unschedulable) return false;
    // The written spec, sanitised to the API's shapes, through the scheduler's own matcher.
    const affinity =
      terms.length > 0
        ? {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: required as unknown as NodeSelector,
            },
          }
        : undefined;
    return requiredNodeAffinityMatches({ nodeSelector: selector, affinity }, n.labels, n.name);
  });
}
