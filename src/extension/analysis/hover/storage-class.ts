// Hover topic storageClassName (claims and volumeClaimTemplates): the class a claim uses, how its volumes
// are made; also the class line and the storage notes the other topics share.
import { code, escapeMarkdown, list } from '../markdown';
import { arr, obj, str, type Obj } from '../objects';
import { effectiveClass, type ClassInfo } from '../storage';
import type { Subject } from './subject';

export function classLine(h: Subject, info: ClassInfo): string {
  const t = h.t;
  const binding =
    info.bindingMode === 'WaitForFirstConsumer'
      ? t('the volume is made when the first Pod using the claim is scheduled, on that node')
      : t('the volume is made as soon as the claim exists');
  const placement = info.nodeLocal
    ? t('node-local: the volume stays on one node and its Pods are scheduled there')
    : t('attachable: the volume follows the Pod to its node, one node at a time for ReadWriteOnce');
  return t(
    'StorageClass {0}: provisioner {1}, {2} ({3}); {4}.',
    code(info.name) + (info.isDefault ? ` ${t('(default)')}` : ''),
    code(info.provisioner),
    code(info.bindingMode),
    binding,
    placement,
  );
}

export function sameNodeNote(h: Subject, info: ClassInfo | undefined): void {
  if (info && info.nodeLocal) return;
  h.e.notes.push(
    h.t(
      'The course says a StatefulSet makes each Pod and its PVC on the same node. That holds for node-local volumes (e.g. local-path with WaitForFirstConsumer); with {0} ({1}) the volume is attached to whichever node the Pod is scheduled on.',
      code(info?.name ?? '-'),
      code(info?.provisioner ?? '-'),
    ),
  );
}

export function rwoNote(h: Subject): void {
  const classes = h.classes();
  const def = [...classes.values()].find((c) => c.isDefault) ?? [...classes.values()][0];
  if (def?.nodeLocal) return;
  h.e.notes.push(
    h.t(
      'The course says the Pod must run on the node where the PVC was made. That holds for node-local volumes; a volume of {0} can be attached to any node, but a ReadWriteOnce one to one node at a time, so replicas on a second node fail with a Multi-Attach error — hence the nodeSelector.',
      code(def?.provisioner ?? '-'),
    ),
  );
}

export function claimSpec(h: Subject): Obj | null {
  const p = h.match.path;
  if (h.self.kind === 'StatefulSet' && p[1] === 'volumeClaimTemplates' && typeof p[2] === 'number')
    return obj(obj(arr(obj(h.self.body.spec).volumeClaimTemplates)[p[2]]).spec);
  if (h.self.kind === 'PersistentVolumeClaim') return obj(h.self.body.spec);
  return null;
}

export function storageClassName(h: Subject): void {
  const t = h.t;
  const e = h.e;
  e.what = t(
    'The StorageClass whose provisioner makes the volume for this claim (dynamic provisioning). Without it the default class is used; "" means no class: only a PersistentVolume made beforehand can bind.',
  );
  if (h.self.kind === 'PersistentVolume') return;
  const spec = claimSpec(h) ?? {};
  const p = h.match.path;
  let claimNames: string[] = [];
  if (h.self.kind === 'PersistentVolumeClaim') claimNames = [h.self.name];
  else if (typeof p[2] === 'number') {
    const tpl = str(obj(obj(arr(obj(h.self.body.spec).volumeClaimTemplates)[p[2]]).metadata).name) ?? '';
    claimNames = h.podNames().map((n) => (n === '…' ? '…' : `${tpl}-${n}`));
  }
  const info = claimClassHere(h, spec, claimNames);
  if (h.self.kind === 'StatefulSet') sameNodeNote(h, info);
}

/** The class of a claim spec: how its volumes are made, and (simulated) the claims' state. */
export function claimClassHere(h: Subject, spec: Obj, claimNames: string[]): ClassInfo | undefined {
  const t = h.t;
  const e = h.e;
  const classes = h.classes();
  const className = effectiveClass(spec, classes);
  e.dynamic = true;
  if (className === '') {
    e.here.push(t('No class: the claim binds only to a matching PersistentVolume made beforehand.'));
    return undefined;
  }
  if (className === null) {
    e.warnings.push(t('No default StorageClass in the simulated cluster: the claim stays Pending.'));
    return undefined;
  }
  const info = classes.get(className);
  if (!info) {
    e.warnings.push(
      t(
        'StorageClass {0} does not exist in the simulated cluster (classes: {1}): the claim stays Pending.',
        code(className),
        list([...classes.keys()]),
      ),
    );
    return undefined;
  }
  e.here.push(classLine(h, info));
  const run = h.ctx.run;
  if (run) {
    const wanted = new Set(claimNames);
    for (const c of run.state.pvcs
      .filter((x) => x.namespace === h.self.namespace && wanted.has(x.name))
      .slice(0, 8))
      e.here.push(t('{0}: {1}, volume {2}', code(c.name), escapeMarkdown(c.status), code(c.volume ?? '-')));
  }
  return info;
}
