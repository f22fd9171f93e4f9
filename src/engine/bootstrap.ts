// What a kubeadm cluster with ingress-nginx holds before any manifest: its namespaces and its
// own Services (BOOT-SVC-KUBERNETES, BOOT-SVC-KUBEDNS).
import type { ServiceSpec } from 'kubernetes-types/core/v1';
import { defaultServiceSpec } from './admission/core-defaults';
import { KUBE_DNS_SERVICE_IP, KUBERNETES_SERVICE_IP } from './clusterips';
import type { Sim } from './sim';
import type { ServiceObject } from './types';

/** Namespaces that exist before any manifest, as on a kubeadm cluster with ingress-nginx. */
export const BUILTIN_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'ingress-nginx',
];

/** What kubeadm's cluster has before any manifest: `default/kubernetes` (the API server, no
 * selector) and `kube-system/kube-dns` (CoreDNS); BOOT-SVC-KUBERNETES, BOOT-SVC-KUBEDNS. The
 * CoreDNS pods themselves are not simulated (their answers are: src/engine/dns.ts). */
export function bootstrapServices(sim: Sim): ServiceObject[] {
  const service = (
    name: string,
    namespace: string,
    clusterIP: string,
    labels: Record<string, string>,
    annotations: Record<string, string>,
    spec: ServiceSpec,
    servedBy: 'apiserver' | 'coredns',
  ): ServiceObject => ({
    kind: 'Service',
    meta: sim.newMeta(name, namespace, { labels, annotations }),
    spec: defaultServiceSpec({ ...spec, clusterIP, clusterIPs: [clusterIP] }),
    clusterIP,
    nodePorts: (spec.ports ?? []).map(() => null),
    endpoints: [],
    servedBy,
  });
  return [
    service(
      'kubernetes',
      'default',
      KUBERNETES_SERVICE_IP,
      { component: 'apiserver', provider: 'kubernetes' },
      {},
      { type: 'ClusterIP', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
      'apiserver',
    ),
    service(
      'kube-dns',
      'kube-system',
      KUBE_DNS_SERVICE_IP,
      { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      {
        type: 'ClusterIP',
        selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
      },
      'coredns',
    ),
  ];
}
