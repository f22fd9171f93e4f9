// Ingresses as ingress-nginx reads them: its annotations (canary, weights, Go-style booleans and
// numbers), the paths of an Ingress and the primary a canary path is attached to.
import { arr, num, obj, str, strMap, type ObjRef } from './objects';

export const ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io/';
export const CANARY_ANNOTATION = `${ANNOTATION_PREFIX}canary`;

/** Go's strconv.ParseBool, as ingress-nginx reads boolean annotations. */
export function goBool(v: string | undefined): boolean | null {
  if (v === '1' || v === 't' || v === 'T' || v === 'true' || v === 'TRUE' || v === 'True') return true;
  if (v === '0' || v === 'f' || v === 'F' || v === 'false' || v === 'FALSE' || v === 'False') return false;
  return null;
}

/** strconv.Atoi; invalid numbers count as the default, as ingress-nginx does. */
export function goInt(v: string | undefined, fallback: number): number {
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return fallback;
  return Number.parseInt(v, 10);
}

export function annotationsOf(o: ObjRef): Record<string, string> {
  return strMap(obj(o.body.metadata).annotations);
}

export function isCanary(ing: ObjRef): boolean {
  return goBool(annotationsOf(ing)[CANARY_ANNOTATION]) === true;
}

/** The share of requests a weighted canary gets, in percent (weight out of max(total, 100)). */
export function canaryShare(annotations: Record<string, string>): {
  weight: number;
  total: number;
  percent: number;
} {
  const weight = goInt(annotations[`${ANNOTATION_PREFIX}canary-weight`], 0);
  const written = goInt(annotations[`${ANNOTATION_PREFIX}canary-weight-total`], 100);
  const total = written > 100 ? written : 100;
  const clamped = Math.min(Math.max(weight, 0), total);
  return { weight, total, percent: Math.round((clamped / total) * 10000) / 100 };
}

export interface IngressPath {
  ing: ObjRef;
  rule: number;
  index: number;
  /** '' when the rule has no host (any host). */
  host: string;
  path: string;
  /** As ingress-nginx uses it: ImplementationSpecific (or none) counts as Prefix. */
  pathType: string;
  service: string;
  port: number | string | undefined;
}

export function ingressPaths(ing: ObjRef): IngressPath[] {
  const out: IngressPath[] = [];
  arr(obj(ing.body.spec).rules).forEach((rawRule, rule) => {
    const r = obj(rawRule);
    arr(obj(r.http).paths).forEach((rawPath, index) => {
      const p = obj(rawPath);
      const type = str(p.pathType);
      const service = obj(obj(p.backend).service);
      const port = obj(service.port);
      out.push({
        ing,
        rule,
        index,
        host: str(r.host) ?? '',
        path: str(p.path) ?? '/',
        pathType: type === 'Exact' ? 'Exact' : 'Prefix',
        service: str(service.name) ?? '',
        port: num(port.number) ?? str(port.name),
      });
    });
  });
  return out;
}

/** The non-canary path a canary path is attached to (same host, path and pathType), oldest first. */
export function primaryFor(canary: IngressPath, set: readonly ObjRef[]): IngressPath | undefined {
  for (const o of set) {
    if (o.kind !== 'Ingress' || o === canary.ing || isCanary(o)) continue;
    const hit = ingressPaths(o).find(
      (p) => p.host === canary.host && p.path === canary.path && p.pathType === canary.pathType,
    );
    if (hit) return hit;
  }
  return undefined;
}
