// The canary Ingresses of a set that ingress-nginx never lets shape traffic (CAN-ONE,
// CAN-SVC-REUSE), found by the engine's own controller model over the set's Ingresses, Services,
// Secrets and IngressClasses: the editor says what a run would say, from one copy of the rules.
import { Cluster } from '../../engine/cluster';
import { SYNC_KEY } from '../../engine/controllers/ingress-nginx/controller';
import type { IgnoredCanary } from '../../engine/controllers/ingress-nginx';
import type { RawDoc } from '../../engine/manifest';
import type { ClusterConfig } from '../../engine/types';
import { isCanary } from './ingress';
import type { ObjRef } from './objects';
import type { Translate } from './types';

/** What the ingress controller's configuration is built from (and their namespaces). */
const CONFIG_KINDS = new Set(['Ingress', 'Service', 'Secret', 'IngressClass', 'Namespace']);

const cache = new WeakMap<readonly ObjRef[], { cluster: ClusterConfig; ignored: IgnoredCanary[] }>();

/** The set's ignored canaries, in the controller's order; computed once per set and cluster. */
export function ignoredCanaries(objects: readonly ObjRef[], cluster: ClusterConfig): IgnoredCanary[] {
  const hit = cache.get(objects);
  if (hit && hit.cluster === cluster) return hit.ignored;
  const ignored = compute(objects, cluster);
  cache.set(objects, { cluster, ignored });
  return ignored;
}

function compute(objects: readonly ObjRef[], cluster: ClusterConfig): IgnoredCanary[] {
  if (cluster.ingressController !== 'nginx') return [];
  // Without a canary nothing can be ignored: most sets stop here.
  if (!objects.some((o) => o.kind === 'Ingress' && isCanary(o))) return [];
  const docs: RawDoc[] = [];
  for (const o of objects) if (o.doc && CONFIG_KINDS.has(o.kind)) docs.push(o.doc);
  // Only the configuration matters: no nodes, so no pod is ever scheduled.
  const engine = new Cluster({ ...cluster, nodes: [] }, 1);
  engine.apply(docs);
  const controller = engine.ingress;
  if (!controller) return [];
  controller.sync(SYNC_KEY);
  return controller.config.ignoredCanaries;
}

/** The ignored canary entries of one Ingress. */
export function ignoredCanaryOf(
  ingress: ObjRef,
  objects: readonly ObjRef[],
  cluster: ClusterConfig,
): IgnoredCanary[] {
  const key = `${ingress.namespace}/${ingress.name}`;
  return ignoredCanaries(objects, cluster).filter((c) => c.ingress === key);
}

/** Why this canary never shapes traffic, and which Ingress applies instead. */
export function ignoredCanaryText(c: IgnoredCanary, t: Translate): string {
  if (c.rule === 'CAN-ONE')
    return t(
      'This canary is ignored: ingress-nginx applies one canary per backend (Service {0}), and {1} is applied (CAN-ONE).',
      c.service,
      c.applied,
    );
  if (c.appliedIsCanary)
    return t(
      'This canary is ignored: ingress-nginx applies one canary per Service, and {0} is applied: it made Service {1} an upstream first (CAN-SVC-REUSE).',
      c.applied,
      c.service,
    );
  return t(
    'This canary is ignored: Ingress {0} made Service {1} an upstream first, without canary rules, so these never apply (CAN-SVC-REUSE).',
    c.applied,
    c.service,
  );
}
