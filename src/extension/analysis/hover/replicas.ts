// Hover topic replicas (StatefulSet, ReplicaSet, Deployment).
import { replicaSetHere } from './replicaset';
import { statefulSetHere } from './statefulset';
import type { Subject } from './subject';

export function replicas(h: Subject): void {
  const t = h.t;
  if (h.self.kind === 'StatefulSet') {
    h.e.what = t(
      'How many Pods the StatefulSet keeps. Pods are named `<name>-<ordinal>` from 0; with OrderedReady they are created one at a time, each after the previous is Running and Ready, and scaling down removes the highest ordinal first.',
    );
    statefulSetHere(h);
  } else {
    h.e.what = t(
      'How many Pods the controller keeps. Missing Pods are created all at once with random names; a Terminating Pod no longer counts, so its replacement starts at once.',
    );
    replicaSetHere(h);
  }
}
