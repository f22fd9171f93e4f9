// The Priority admission plugin (plugin/pkg/admission/priority): a pod's `priorityClassName`
// becomes `spec.priority` and `spec.preemptionPolicy` from its PriorityClass; without one, the
// class marked globalDefault (else 0). The two system classes always exist (PREEMPT-VICTIMS).
import type { PodSpec } from 'kubernetes-types/core/v1';
import type { Store } from '../store';
import type { KObject } from '../types';

export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-cluster-critical': 2000000000,
  'system-node-critical': 2000001000,
};

interface ClassBody {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

function classBody(obj: KObject | undefined): ClassBody | undefined {
  return obj && 'body' in obj && obj.kind === 'PriorityClass' ? (obj.body as ClassBody) : undefined;
}

/**
 * Set spec.priority and spec.preemptionPolicy as admission does; the refusal text when the pod
 * names a class that does not exist (then nothing is set).
 */
export function admitPriority(store: Store, podName: string, spec: PodSpec): string | null {
  const name = spec.priorityClassName;
  if (name) {
    const system = SYSTEM_PRIORITY_CLASSES[name];
    const body = classBody(store.get('PriorityClass', '', name) as KObject | undefined);
    if (system === undefined && !body) {
      return `pods "${podName}" is forbidden: no PriorityClass with name ${name} was found`;
    }
    spec.priority = system ?? body?.value ?? 0;
    spec.preemptionPolicy = body?.preemptionPolicy ?? 'PreemptLowerPriority';
    return null;
  }
  for (const obj of store.list('PriorityClass') as IterableIterator<KObject>) {
    const body = classBody(obj);
    if (body?.globalDefault) {
      spec.priority = body.value ?? 0;
      spec.preemptionPolicy = body.preemptionPolicy ?? 'PreemptLowerPriority';
      spec.priorityClassName = obj.meta.name;
      return null;
    }
  }
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  return null;
}
