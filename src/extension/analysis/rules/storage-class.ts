// Rule `storage-class`: the storageClassName of a claim or volumeClaimTemplate names a class of the
// simulated cluster, or the claim stays Pending.
import type { RawDoc } from '../../../engine/manifest';
import type { SetIndex } from '../index-set';
import { arr, obj, str, type Obj, type ObjRef } from '../objects';
import { fieldRange } from '../ranges';
import type { RuleInput, Translate } from '../types';
import type { Report, Rule } from './rule';

export const storageClassRule: Rule = {
  id: 'storage-class',
  severity: 'warning',
  kinds: ['PersistentVolumeClaim', 'StatefulSet'],
  object: (o, doc, input, t) => storageClass(o, doc, input.index, input, t),
};

function storageClass(o: ObjRef, doc: RawDoc, set: SetIndex, input: RuleInput, t: Translate): Report[] {
  const classes = set.classes();
  const claims: Array<{ spec: Obj; path: Array<string | number> }> = [];
  if (o.kind === 'PersistentVolumeClaim') claims.push({ spec: obj(o.body.spec), path: ['spec'] });
  else
    arr(obj(o.body.spec).volumeClaimTemplates).forEach((vct, i) =>
      claims.push({ spec: obj(obj(vct).spec), path: ['spec', 'volumeClaimTemplates', i, 'spec'] }),
    );
  const out: Report[] = [];
  for (const c of claims) {
    const name = str(c.spec.storageClassName);
    if (!name || classes.has(name)) continue;
    out.push({
      range: fieldRange(doc, [...c.path, 'storageClassName'], input.lineText),
      message: t(
        'StorageClass {0} does not exist in the simulated cluster (classes: {1}): the claim stays Pending.',
        name,
        [...classes.keys()].join(', ') || '-',
      ),
    });
  }
  return out;
}
