// core/v1 defaulting the engine relies on, as the API server runs it on create and update before
// any controller reads the object (k8s.io/kubernetes pkg/apis/core/v1/defaults.go: SetDefaults_PodSpec,
// SetDefaults_Service, SetDefaults_ServicePort). Rule ADM-DEFAULTS-CORE.
// Container-level defaults (imagePullPolicy, port protocol) are not stored: controllers share a
// template's containers between its pods, and the few readers treat an absent protocol as TCP.
import type { PodSpec, ServiceSpec } from 'kubernetes-types/core/v1';
import type { PodSpecDefaulted, ServiceSpecDefaulted } from '../types';

/** SetDefaults_PodSpec: a shallow copy with the pod-level defaults filled in. */
export function defaultPodSpec(spec: PodSpec): PodSpecDefaulted {
  return {
    ...spec,
    restartPolicy: spec.restartPolicy ?? 'Always',
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    schedulerName: spec.schedulerName ?? 'default-scheduler',
  };
}

/** SetDefaults_Service and SetDefaults_ServicePort: type ClusterIP, affinity None, each port TCP
 * with targetPort = port when not written. */
export function defaultServiceSpec(spec: ServiceSpec): ServiceSpecDefaulted {
  return {
    ...spec,
    type: spec.type ?? 'ClusterIP',
    sessionAffinity: spec.sessionAffinity ?? 'None',
    ports: (spec.ports ?? []).map((p) => ({
      ...p,
      protocol: p.protocol ?? 'TCP',
      // An absent, 0 or "" targetPort is the Service port.
      targetPort:
        p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '' ? p.port : p.targetPort,
    })),
  };
}
