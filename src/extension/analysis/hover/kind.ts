// Hover topic kind: what an object of that kind is and what it makes here (or that it is not simulated).
import { validateDoc } from '../../../engine/validation';
import { code } from '../markdown';
import { obj } from '../objects';
import { isHeadless } from '../services';
import { ingressNote, servedHere } from './ingress';
import { replicaSetHere } from './replicaset';
import { serviceHere } from './service';
import { statefulSetHere } from './statefulset';
import { claimClassHere, classLine } from './storage-class';
import type { Subject } from './subject';

export function kind(h: Subject): void {
  const t = h.t;
  const s = h.self;
  const e = h.e;
  const result = s.doc ? validateDoc(s.doc) : null;
  if (result && result.ok === 'not-simulated') {
    e.what = t(
      '{0} ({1}) is not simulated: K8s Sim leaves it out and models no controller for it.',
      code(s.kind),
      code(result.item.apiVersion),
    );
    return;
  }
  switch (s.kind) {
    case 'StatefulSet':
      e.what = t(
        'A controller for Stateful Applications: each Pod gets a fixed name (`<name>-0`, `-1`, …) and its own PVC from volumeClaimTemplates, and a deleted Pod comes back under the same name.',
      );
      workloadHere(h);
      return;
    case 'ReplicaSet':
      e.what = t(
        'A controller for Stateless Applications: it keeps `replicas` Pods with random names (`<name>-xxxxx`), creates missing ones all at once and replaces a deleted Pod under a new name.',
      );
      workloadHere(h);
      return;
    case 'Deployment':
      e.what = t(
        'Manages ReplicaSets (`<name>-<hash>`): a template change starts a new ReplicaSet and moves the Pods over to it.',
      );
      workloadHere(h);
      return;
    case 'Pod':
      e.what = t('A single Pod, created as written; no controller re-creates it when it is deleted.');
      e.dynamic = true;
      e.here.push(...h.podLines(h.podsOwned()));
      return;
    case 'Service':
      e.what = isHeadless(s)
        ? t(
            'A headless Service (clusterIP: None): no virtual IP; its DNS name gives the IPs of the ready Pods, and StatefulSet Pods that name it in serviceName get names of their own.',
          )
        : t(
            'Gives the Pods matching its selector one stable name and virtual IP (ClusterIP), spreading requests over the ready ones.',
          );
      serviceHere(h);
      return;
    case 'Ingress':
      e.what = t(
        'Host and path rules that an Ingress Controller (here ingress-nginx) applies to route requests from outside to Services.',
      );
      servedHere(h);
      ingressNote(h);
      return;
    case 'PersistentVolumeClaim':
      e.what = t(
        'A request for storage that a Pod mounts; the StorageClass named by the claim makes the volume (dynamic provisioning).',
      );
      claimClassHere(h, obj(s.body.spec), [s.name]);
      return;
    case 'PersistentVolume':
      e.what = t('A volume of the cluster, bound to one claim at a time.');
      return;
    case 'StorageClass': {
      e.what = t(
        'Which provisioner makes the volumes of the claims that name this class, and when (volumeBindingMode).',
      );
      const info = h.classes().get(s.name);
      if (info) e.here.push(classLine(h, info));
      return;
    }
    case 'Secret':
      e.what = t(
        'Keeps data such as a TLS certificate (type kubernetes.io/tls: tls.crt and tls.key) that an Ingress names in tls.secretName.',
      );
      return;
    default:
      e.what = t('{0} is stored in the simulated cluster; no controller acts on it.', code(s.kind));
  }
}

function workloadHere(h: Subject): void {
  if (h.self.kind === 'StatefulSet') statefulSetHere(h);
  else replicaSetHere(h);
}
