// Hover topic selector: which Pods a workload counts as its own, or a Service sends requests to.
import { code } from '../markdown';
import { labelsMatch, labelsText, obj, podSpecOf } from '../objects';
import { serviceHere } from './service';
import type { Subject } from './subject';

export function selector(h: Subject): void {
  const t = h.t;
  const e = h.e;
  if (h.self.kind === 'Service') {
    e.what = t('Which Pods receive this Service’s requests: every Pod whose labels include all of these.');
    serviceHere(h);
    return;
  }
  e.what = t(
    'Which Pods the controller counts as its own. It must match the labels of the template, or the API server refuses the object.',
  );
  const pod = podSpecOf(h.self);
  const selector = obj(obj(h.self.body.spec).selector);
  if (pod && labelsMatch(selector, pod.labels, false))
    e.here.push(t('Matches the template labels {0}.', code(labelsText(pod.labels))));
  else if (pod)
    e.warnings.push(
      t('Does not match the template labels {0}: the object is refused.', code(labelsText(pod.labels))),
    );
}
