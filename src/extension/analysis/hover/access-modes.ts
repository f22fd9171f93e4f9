// Hover topic accessModes: what ReadWriteOnce & co. mean with the class of the claim, and the
// ReplicaSets sharing a claim.
import { code, escapeMarkdown } from '../markdown';
import { arr, num, obj, podSpecOf } from '../objects';
import { effectiveClass } from '../storage';
import { claimSpec, rwoNote } from './storage-class';
import type { Subject } from './subject';

export function accessModes(h: Subject): void {
  const t = h.t;
  const e = h.e;
  const modes = arr(h.value()).map(String);
  e.what = t(
    'ReadWriteOnce: read-write by the Pods of one node at a time. ReadOnlyMany / ReadWriteMany: by many nodes. ReadWriteOncePod: by a single Pod in the whole cluster.',
  );
  const spec = claimSpec(h);
  const classes = h.classes();
  const className = spec ? effectiveClass(spec, classes) : null;
  const info = className ? classes.get(className) : undefined;
  if (modes.includes('ReadWriteOnce') && info) {
    e.here.push(
      info.nodeLocal
        ? t(
            '{0} is node-local: every Pod using this volume runs on its node, so ReadWriteOnce never conflicts.',
            code(info.name),
          )
        : t(
            '{0} ({1}) makes attachable volumes: a second node that needs this ReadWriteOnce volume gets a Multi-Attach error while the first node uses it.',
            code(info.name),
            code(info.provisioner),
          ),
    );
  }
  if (modes.includes('ReadWriteOncePod'))
    e.here.push(t('Only one Pod can use the claim; any other Pod using it stays Pending.'));
  if (h.self.kind === 'StatefulSet')
    e.here.push(t('Each Pod has a claim of its own, so ReadWriteOnce is enough for a StatefulSet.'));
  if (h.self.kind === 'PersistentVolumeClaim') {
    const users = h.ctx.set.filter((o) => {
      if (o.kind !== 'ReplicaSet' && o.kind !== 'Deployment') return false;
      if (o.namespace !== h.self.namespace) return false;
      return arr(podSpecOf(o)?.spec.volumes).some(
        (v) => obj(obj(v).persistentVolumeClaim).claimName === h.self.name,
      );
    });
    for (const u of users) {
      const replicas = num(obj(u.body.spec).replicas) ?? 1;
      e.here.push(t('{0} {1} shares it among {2} replicas.', escapeMarkdown(u.kind), code(u.name), replicas));
    }
    if (users.length > 0) rwoNote(h);
  }
}
