// The default profile of kube-scheduler 1.33 (default_plugins.go, SCHED-PROFILE): the plugins in
// MultiPoint order with their score weights. NodeVolumeLimits, VolumeZone and ImageLocality are
// left out: no simulated node reports attach limits, zones for volumes or cached images, so they
// would pass every node and score every node alike.
import type { Plugin } from './framework';
import { nodeUnschedulable } from './plugins/node-unschedulable';
import { nodeName } from './plugins/node-name';
import { taintToleration } from './plugins/taint-toleration';
import { nodeAffinity } from './plugins/node-affinity';
import { nodePorts } from './plugins/node-ports';
import { nodeResourcesFit } from './plugins/node-resources-fit';
import { volumeRestrictions } from './plugins/volume-restrictions';
import { volumeBinding } from './plugins/volume-binding';
import { podTopologySpread } from './plugins/pod-topology-spread';
import { interPodAffinity } from './plugins/inter-pod-affinity';
import { balancedAllocation } from './plugins/balanced-allocation';

export const DEFAULT_PROFILE: readonly Plugin[] = [
  nodeUnschedulable,
  nodeName,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
  volumeRestrictions,
  volumeBinding,
  podTopologySpread,
  interPodAffinity,
  balancedAllocation,
];
