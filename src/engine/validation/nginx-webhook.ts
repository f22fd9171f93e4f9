// ingress-nginx admission webhook (only when that controller runs; not called by validateDoc)

import { arr, obj, str } from './values';

export const NGINX_VALID_PATH = /^\/[A-Za-z0-9._\-/]*$/;

/**
 * ingress-nginx's validating webhook with `strict-validate-path-type` (default true since
 * controller 1.12): Exact/Prefix paths may only hold `[A-Za-z0-9._-/]`. Returns the text kubectl
 * prints after `Error from server (BadRequest): error when creating "<file>": `, or null.
 * (internal/ingress/inspector ValidatePathType, controller.CheckIngress; errors.Join → one per line.)
 */
export function nginxAdmissionError(ingress: unknown): string | null {
  const problems: string[] = [];
  for (const rule of arr(obj(obj(ingress)?.spec)?.rules)) {
    for (const raw of arr(obj(obj(rule)?.http)?.paths)) {
      const path = obj(raw) ?? {};
      const value = str(path.path);
      if (value === '') continue;
      const pathType = typeof path.pathType === 'string' ? path.pathType : 'nil';
      if (pathType !== 'ImplementationSpecific' && !NGINX_VALID_PATH.test(value))
        problems.push(`path ${value} cannot be used with pathType ${pathType}`);
    }
  }
  if (problems.length === 0) return null;
  return (
    'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: ingress contains invalid paths: ' +
    problems.join('\n')
  );
}
