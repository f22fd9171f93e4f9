// Shared shapes of the networking model: an HTTP request as a scenario `request` step sends it,
// the response a user would see with curl, and why it came out that way.

/** One HTTP request. Header names are matched case-insensitively, as HTTP and nginx do. */
export interface HttpRequest {
  /** Absolute URL, e.g. `http://www.app.com/version` or `https://www.https.com:30798/hostname`. */
  url: string;
  method: string;
  headers: Record<string, string>;
  cookies: Record<string, string>;
}

/** TLS as the client saw it: null over plain HTTP. */
export interface TlsInfo {
  /** `<namespace>/<name>` of the Secret whose certificate was served, null for the fake one. */
  secret: string | null;
  /** The controller's self-signed "Kubernetes Ingress Controller Fake Certificate". */
  fake: boolean;
}

/** Contract section 4, a response entry, plus the reason for the outcome (an added field). */
export interface HttpResponse {
  status: number;
  /** Service that answered; null when no backend answered (404, 503, redirects, refused). */
  service: string | null;
  pod: string | null;
  body: string;
  location: string | null;
  tls: TlsInfo | null;
  /** Why: which Ingress/rule/path matched, canary decision, or why 404/503/308/refused. */
  reason: string;
}

/** A request that never got an HTTP answer: curl's exit, e.g. connection refused. */
export const CONNECTION_REFUSED = 0;
