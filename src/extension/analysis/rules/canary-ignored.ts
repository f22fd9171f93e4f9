// Rule `canary-ignored`: a canary Ingress ingress-nginx never consults, because another canary (or a
// normal Ingress) owns the Service's upstream first (CAN-ONE, CAN-SVC-REUSE). The engine's
// controller model decides (analysis/canaries.ts); this rule only says it at the canary annotation.
import { ignoredCanaryOf, ignoredCanaryText } from '../canaries';
import { CANARY_ANNOTATION } from '../ingress';
import { fieldRange } from '../ranges';
import type { Rule } from './rule';

export const canaryIgnoredRule: Rule = {
  id: 'canary-ignored',
  severity: 'warning',
  kinds: ['Ingress'],
  object: (ing, doc, input, t) =>
    ignoredCanaryOf(ing, input.index.objects, input.index.cluster).map((c) => ({
      range: fieldRange(doc, ['metadata', 'annotations', CANARY_ANNOTATION], input.lineText, false),
      message: ignoredCanaryText(c, t),
    })),
};
