// apps/v1 defaulting, as the API server runs it on every create and update before validation and
// before any controller reads the object (k8s.io/kubernetes pkg/apis/apps/v1/defaults.go:
// SetDefaults_StatefulSet, SetDefaults_Deployment, SetDefaults_ReplicaSet). Rule ADM-DEFAULTS-APPS.
// The pod template is not defaulted here: the engine's template hashes (controller-revision-hash,
// pod-template-hash) are computed over the template as written, so names stay those of the lessons.
import type { DeploymentSpec, ReplicaSetSpec, StatefulSetSpec } from 'kubernetes-types/apps/v1';
import type { DeploymentSpecDefaulted, ReplicaSetSpecDefaulted, StatefulSetSpecDefaulted } from '../types';

/** SetDefaults_StatefulSet (1.33: the retention policy is GA, maxUnavailable is alpha and off). */
export function defaultStatefulSetSpec(spec: StatefulSetSpec): StatefulSetSpecDefaulted {
  const strategyType = spec.updateStrategy?.type ?? 'RollingUpdate';
  return {
    ...spec,
    replicas: spec.replicas ?? 1,
    podManagementPolicy: spec.podManagementPolicy ?? 'OrderedReady',
    updateStrategy:
      strategyType === 'RollingUpdate'
        ? {
            ...spec.updateStrategy,
            type: strategyType,
            rollingUpdate: {
              ...spec.updateStrategy?.rollingUpdate,
              partition: spec.updateStrategy?.rollingUpdate?.partition ?? 0,
            },
          }
        : { ...spec.updateStrategy, type: strategyType },
    revisionHistoryLimit: spec.revisionHistoryLimit ?? 10,
    // Go's int32 zero value: absent and 0 mean the same.
    minReadySeconds: spec.minReadySeconds ?? 0,
    persistentVolumeClaimRetentionPolicy: {
      whenDeleted: spec.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? 'Retain',
      whenScaled: spec.persistentVolumeClaimRetentionPolicy?.whenScaled ?? 'Retain',
    },
  };
}

/** SetDefaults_Deployment: RollingUpdate with 25 % surge and unavailability, history of 10. */
export function defaultDeploymentSpec(spec: DeploymentSpec): DeploymentSpecDefaulted {
  const type = spec.strategy?.type ?? 'RollingUpdate';
  return {
    ...spec,
    replicas: spec.replicas ?? 1,
    strategy:
      type === 'RollingUpdate'
        ? {
            ...spec.strategy,
            type,
            rollingUpdate: {
              maxUnavailable: spec.strategy?.rollingUpdate?.maxUnavailable ?? '25%',
              maxSurge: spec.strategy?.rollingUpdate?.maxSurge ?? '25%',
            },
          }
        : // Validation refuses rollingUpdate beside Recreate, so nothing else is kept.
          { type },
    revisionHistoryLimit: spec.revisionHistoryLimit ?? 10,
    progressDeadlineSeconds: spec.progressDeadlineSeconds ?? 600,
    minReadySeconds: spec.minReadySeconds ?? 0,
  };
}

/** SetDefaults_ReplicaSet. */
export function defaultReplicaSetSpec(spec: ReplicaSetSpec): ReplicaSetSpecDefaulted {
  return { ...spec, replicas: spec.replicas ?? 1, minReadySeconds: spec.minReadySeconds ?? 0 };
}
