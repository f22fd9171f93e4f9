// Which Ingresses are served (ING-CLASS) and in which order (ING-ORDER)
import { IngressObject, PassiveObject } from '../../types';
import { CLASS_ANNOTATION, DEFAULT_CONTROLLER_CLASS, DEFAULT_INGRESS_CLASS } from './constants';
import { NginxOptions } from './types';

export function ingressKey(ing: IngressObject): string {
  return `${ing.meta.namespace}/${ing.meta.name}`;
}

export function classController(cls: PassiveObject): string {
  const spec = cls.body.spec;
  const controller =
    typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>).controller : undefined;
  return typeof controller === 'string' ? controller : '';
}

/** Null when this controller serves the Ingress, else why not (N-STORE GetIngressClass). */
export function whyNotServed(
  ing: IngressObject,
  classes: PassiveObject[],
  opts: NginxOptions,
): string | null {
  const controller = opts.controller ?? DEFAULT_CONTROLLER_CLASS;
  const className = ing.spec.ingressClassName;
  if (typeof className === 'string') {
    const cls = classes.find((c) => c.meta.name === className);
    if (!cls) return `spec.ingressClassName "${className}" names no IngressClass`;
    const owner = classController(cls);
    if (owner !== controller)
      return `IngressClass "${className}" has spec.controller "${owner}", not ${controller}`;
    return null;
  }
  const annotation = ing.meta.annotations[CLASS_ANNOTATION];
  const wanted = opts.ingressClass ?? DEFAULT_INGRESS_CLASS;
  if (annotation !== undefined)
    return annotation === wanted
      ? null
      : `annotation ${CLASS_ANNOTATION}: "${annotation}" is not "${wanted}"`;
  if (opts.watchWithoutClass) return null;
  return 'it has neither spec.ingressClassName nor the kubernetes.io/ingress.class annotation (--watch-ingress-without-class=false)';
}

/** CreationTimestamp has 1-second granularity; ties go by namespace/name descending (sortIngressSlice). */
export function compareIngresses(a: IngressObject, b: IngressObject): number {
  const ta = Math.floor(a.meta.creationTime);
  const tb = Math.floor(b.meta.creationTime);
  if (ta !== tb) return ta - tb;
  const ka = ingressKey(a);
  const kb = ingressKey(b);
  return ka > kb ? -1 : ka < kb ? 1 : 0;
}

/**
 * The IngressClass the controller's install creates (chart/bare-metal manifest), added when the store has
 * none of that name, so that `ingressClassName: nginx` works as on a cluster with ingress-nginx installed.
 */
export function withInstalledIngressClass(
  classes: PassiveObject[],
  opts: NginxOptions = {},
): PassiveObject[] {
  const name = opts.ingressClass ?? DEFAULT_INGRESS_CLASS;
  if (classes.some((c) => c.meta.name === name)) return classes;
  const controller = opts.controller ?? DEFAULT_CONTROLLER_CLASS;
  const installed: PassiveObject = {
    kind: 'IngressClass',
    meta: {
      name,
      namespace: '',
      uid: '',
      labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
      annotations: {},
      ownerReferences: [],
      finalizers: [],
      creationTime: 0,
      deletionTime: null,
      deletionGracePeriodSeconds: null,
      creationIndex: -1,
      generation: 1,
    },
    body: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name },
      spec: { controller },
    },
  };
  return [...classes, installed];
}
