// Hover topic persistentVolumeClaimRetentionPolicy (StatefulSet): whether scale-down and deletion keep
// the claims; also the note on the course's "PVCs are never deleted".
import { obj, str } from '../objects';
import type { Subject } from './subject';

export function retention(h: Subject): void {
  h.e.what = h.t(
    'What happens to the claims made from volumeClaimTemplates: whenDeleted (the StatefulSet is deleted) and whenScaled (scale-down), each Retain (default) or Delete.',
  );
  retentionHere(h);
  keptNote(h);
}

function retentionPolicy(h: Subject): { whenDeleted: string; whenScaled: string } {
  const p = obj(obj(h.self.body.spec).persistentVolumeClaimRetentionPolicy);
  return { whenDeleted: str(p.whenDeleted) ?? 'Retain', whenScaled: str(p.whenScaled) ?? 'Retain' };
}

export function retentionHere(h: Subject): void {
  const t = h.t;
  const { whenDeleted, whenScaled } = retentionPolicy(h);
  h.e.here.push(
    whenScaled === 'Delete'
      ? t('Scaling down deletes the claims of the removed Pods (whenScaled: Delete).')
      : t('Scaling down keeps the claims; a Pod that comes back gets its old claim (whenScaled: Retain).'),
    whenDeleted === 'Delete'
      ? t('Deleting the StatefulSet deletes its claims (whenDeleted: Delete).')
      : t('Deleting the StatefulSet keeps its claims; you delete them yourself (whenDeleted: Retain).'),
  );
}

export function keptNote(h: Subject): void {
  if (retentionPolicy(h).whenScaled !== 'Retain') return;
  h.e.notes.push(
    h.t(
      'The course says PVCs are never deleted with the Pods — true with the default policy (Retain); persistentVolumeClaimRetentionPolicy can delete them.',
    ),
  );
}
