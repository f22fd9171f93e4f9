// `request` and `resolve` steps: send N requests, count them the way the contract's request
// result does, and keep every distinct response (with its count) so that `expect.responses`
// can check all of them without holding a million response objects.
import type { HttpRequest, HttpResponse } from '../engine/net';
import type { RequestSent } from '../shared/protocol';
import type { RequestStep } from './scenario';

/** Contract section 4 request result, plus the outcome reasons and what was sent (added fields). */
export interface RequestResult {
  sent: RequestSent;
  count: number;
  byService: Record<string, number>;
  byPod: Record<string, number>;
  byStatus: Record<string, number>;
  /** The first 20 responses. */
  responses: HttpResponse[];
  /** Extension: why requests went where they went, most frequent first. */
  reasons: Array<{ reason: string; count: number }>;
}

export type { ResolveResult } from '../engine/dns';

/** What the runner keeps of a request step for later expectations. */
export interface RequestRecord {
  result: RequestResult;
  distinct: Array<{ response: HttpResponse; count: number }>;
}

const FIRST_RESPONSES = 20;

/** Responses differ in so few ways that a key of their fields groups a million of them into a handful. */
function responseKey(r: HttpResponse): string {
  return JSON.stringify([r.status, r.service, r.pod, r.body, r.location, r.tls, r.reason]);
}

export function runRequests(step: RequestStep, send: (req: HttpRequest) => HttpResponse): RequestRecord {
  const req: HttpRequest = { url: step.url, method: 'GET', headers: step.headers, cookies: step.cookies };
  const byService: Record<string, number> = {};
  const byPod: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const responses: HttpResponse[] = [];
  const distinct = new Map<string, { response: HttpResponse; count: number }>();
  for (let i = 0; i < step.count; i++) {
    const r = send(req);
    if (r.service !== null) byService[r.service] = (byService[r.service] ?? 0) + 1;
    if (r.pod !== null) byPod[r.pod] = (byPod[r.pod] ?? 0) + 1;
    const status = String(r.status);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (responses.length < FIRST_RESPONSES) responses.push(r);
    const key = responseKey(r);
    const seen = distinct.get(key);
    if (seen) seen.count++;
    else distinct.set(key, { response: r, count: 1 });
  }
  const reasons = new Map<string, number>();
  for (const { response, count } of distinct.values()) {
    reasons.set(response.reason, (reasons.get(response.reason) ?? 0) + count);
  }
  return {
    result: {
      sent: {
        method: req.method,
        url: step.url,
        headers: step.headers,
        cookies: step.cookies,
        from: step.from === null ? null : { namespace: step.fromNamespace, pod: step.from },
      },
      count: step.count,
      byService: sortKeys(byService),
      byPod: sortKeys(byPod),
      byStatus: sortKeys(byStatus),
      responses,
      reasons: [...reasons]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
    },
    distinct: [...distinct.values()],
  };
}

function sortKeys(m: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k];
  return out;
}
