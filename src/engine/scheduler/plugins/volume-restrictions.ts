// VolumeRestrictions (plugins/volumerestrictions): a ReadWriteOncePod claim already used by a
// scheduled (or assumed) pod lets no other pod in anywhere (AM-RWOP); preemption may remove the
// pods holding it (RemovePod drops their count).
import { claimNamesOf } from '../../store';
import { unschedulable, type Plugin } from '../framework';
import type { PodObject } from '../../types';

const RWOP = 'ReadWriteOncePod';
export const RWOP_CONFLICT =
  'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

export const volumeRestrictions: Plugin = {
  name: 'VolumeRestrictions',
  weight: 0,
  preFilter: (pod, ctx) => {
    const holders: PodObject[] = [];
    for (const name of claimNamesOf(pod)) {
      const claim = ctx.store.claim(pod.meta.namespace, name);
      if (!claim || !(claim.spec.accessModes ?? []).includes(RWOP)) continue;
      for (const other of ctx.store.podsUsingClaim(claim.meta.namespace, claim.meta.name)) {
        if (other !== pod && (other.state.nodeName || ctx.assumed.has(other.meta.uid))) holders.push(other);
      }
    }
    if (holders.length === 0) return null;
    return {
      filter: () => unschedulable(RWOP_CONFLICT),
      filterWithout: (_node, gone) =>
        holders.every((h) => gone.includes(h)) ? null : unschedulable(RWOP_CONFLICT),
    };
  },
};
