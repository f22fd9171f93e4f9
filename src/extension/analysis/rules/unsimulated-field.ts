// Rule `unsimulated-field`: a field a real cluster acts on that the simulation does not model
// (the engine's one table, src/engine/unsimulated.ts), as Information on the field, so the editor
// is never silent where the run differs from a cluster.
import { unsimulatedFields } from '../../../engine/unsimulated';
import { fieldRange } from '../ranges';
import type { Rule } from './rule';

export const unsimulatedFieldRule: Rule = {
  id: 'unsimulated-field',
  severity: 'information',
  kinds: ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'Service', 'Ingress', 'PersistentVolumeClaim'],
  object: (o, doc, input, t) =>
    unsimulatedFields(o.kind, o.body).map((f) => ({
      range: fieldRange(doc, f.path, input.lineText),
      // The effect texts are keys of the l10n bundle too (test/unsimulated.test.ts).
      message: t('{0} is not simulated: {1}', f.field, t(f.effect)),
    })),
};
