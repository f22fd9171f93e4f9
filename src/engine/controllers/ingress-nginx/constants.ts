// Names and constants the controller model shares (class names, node ports, annotation prefix).

export const DEFAULT_INGRESS_CLASS = 'nginx';
export const DEFAULT_CONTROLLER_CLASS = 'k8s.io/ingress-nginx';
/** NodePorts of the controller Service in the seed course (bare-metal install). */
export const HTTP_NODE_PORT = 30431;
export const HTTPS_NODE_PORT = 30798;

export const ANN = 'nginx.ingress.kubernetes.io/';
export const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
export const DEFAULT_UPSTREAM = 'upstream-default-backend';
export const CATCH_ALL = '_';
/** ConfigMap default `no-tls-redirect-locations`. */
export const NO_TLS_REDIRECT_LOCATIONS = ['/.well-known/acme-challenge'];
export const WEBHOOK_DENIED = 'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: ';
export const FAKE_CERT = 'Kubernetes Ingress Controller Fake Certificate';
