// ingress-nginx controller model (behaviour reference section E: ING-*, CAN-*, TLS-*, ING-STRICTPATH):
// which Ingresses are served, the nginx servers, locations and upstreams they turn into, and what one
// HTTP request through the controller gets back, with the reason for it.
// Invariants:
// - buildNginxConfig is a pure function of its input: it never mutates it and reads nothing else. The
//   controller rebuilds the whole config on every watched change, as the real controller's sync does.
// - routeRequest only looks things up in that config: one Map lookup for the host (one more for its
//   wildcard form) and one per element of the path; only regex-mode servers scan their ordered regex list,
//   as nginx itself does.
// - Randomness enters only through `draw` (once per request that reaches the canary weight step) and the
//   endpoint choice only through `pick`, so a seed fixes every outcome.
// - Every response carries `reason`: the Ingress, host rule, path and pathType that matched and the canary
//   decision, or why the answer is a 404, 503, 301, 308 or 400.
export {
  DEFAULT_INGRESS_CLASS,
  DEFAULT_CONTROLLER_CLASS,
  HTTP_NODE_PORT,
  HTTPS_NODE_PORT,
} from './constants';
export { NGINX_PAGES } from './pages';
export {
  NginxOptions,
  NginxInput,
  PathKind,
  EndpointChoice,
  CanaryPolicy,
  IgnoredCanary,
  Upstream,
  NginxLocation,
  ServedCert,
  NginxServer,
  NginxConfig,
  RoutedResponse,
  toHttpResponse,
} from './types';
export { withInstalledIngressClass } from './classes';
export { buildNginxConfig } from './config';
export { routeRequest } from './route';
export { IngressIndex, admitIngress, ingressRegexWarnings } from './admission';
export { IngressNginxController } from './controller';
