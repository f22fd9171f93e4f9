// Bench cases 5 and 6 (printed by bench.ts): ingress-nginx request routing, routeRequest alone,
// the config built outside the timing.
import { performance } from 'node:perf_hooks';
import type { IngressObject, Meta, ServiceObject } from '../src/engine/types';
import type { HttpRequest } from '../src/engine/net';
import { defaultServiceSpec } from '../src/engine/admission/core-defaults';
import {
  buildNginxConfig,
  routeRequest,
  withInstalledIngressClass,
  type EndpointChoice,
  type NginxConfig,
  type Upstream,
} from '../src/engine/controllers/ingress-nginx';
import { ms, RUNS, WARMUPS } from './common';

const ROUTE_REQUESTS = 1_000_000;
export const ROUTE_TARGET = 2_000_000;

let benchUid = 0;
function benchMeta(name: string, t = 0, annotations: Record<string, string> = {}): Meta {
  benchUid++;
  return {
    name,
    namespace: 'default',
    uid: `bench-${benchUid}`,
    labels: {},
    annotations,
    ownerReferences: [],
    finalizers: [],
    creationTime: t,
    deletionTime: null,
    deletionGracePeriodSeconds: null,
    creationIndex: benchUid,
    generation: 1,
  };
}

function benchService(name: string, pods: number): ServiceObject {
  return {
    kind: 'Service',
    meta: benchMeta(name),
    spec: defaultServiceSpec({ ports: [{ port: 8080 }] }),
    clusterIP: '10.96.0.10',
    nodePorts: [null],
    endpoints: Array.from({ length: pods }, (_, i) => ({
      pod: `${name}-${i}`,
      ip: `10.244.1.${i + 2}`,
      node: 'k8s-node1',
      serving: true,
      terminating: false,
      ready: true,
      hostname: null,
      targetPorts: [8080],
    })),
  };
}

function benchIngress(
  name: string,
  host: string,
  paths: Array<[string, string]>,
  t = 0,
  annotations: Record<string, string> = {},
): IngressObject {
  return {
    kind: 'Ingress',
    meta: benchMeta(name, t, annotations),
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host,
          http: {
            paths: paths.map(([path, service]) => ({
              path,
              pathType: 'Prefix',
              backend: { service: { name: service, port: { number: 8080 } } },
            })),
          },
        },
      ],
    },
  };
}

function benchConfig(ingresses: IngressObject[], services: ServiceObject[]): NginxConfig {
  return buildNginxConfig({
    ingresses,
    services,
    secrets: [],
    ingressClasses: withInstalledIngressClass([]),
  });
}

/** Case 5: the seed's app + canary-v2 (weight 10), one URL. */
export function canaryRouteSetup(): { config: NginxConfig; requests: HttpRequest[] } {
  const config = benchConfig(
    [
      benchIngress('app', 'www.app.com', [['/', 'svc-v1']]),
      benchIngress('canary-v2', 'www.app.com', [['/', 'svc-v2']], 60, {
        'nginx.ingress.kubernetes.io/canary': 'true',
        'nginx.ingress.kubernetes.io/canary-weight': '10',
      }),
    ],
    [benchService('svc-v1', 3), benchService('svc-v2', 1)],
  );
  const requests = [{ url: 'http://www.app.com:30431/version', method: 'GET', headers: {}, cookies: {} }];
  return { config, requests };
}

/** Case 6: 1,000 rules (100 hosts × 10 paths, one Ingress per host), requests spread over all of them. */
export function manyRulesSetup(): { config: NginxConfig; requests: HttpRequest[] } {
  const ingresses: IngressObject[] = [];
  const services: ServiceObject[] = [];
  for (let s = 0; s < 50; s++) services.push(benchService(`svc-${s}`, 2));
  const requests: HttpRequest[] = [];
  for (let h = 0; h < 100; h++) {
    const host = `host-${h}.example.com`;
    const paths: Array<[string, string]> = [];
    for (let p = 0; p < 10; p++) {
      paths.push([`/api/v${p}`, `svc-${(h * 10 + p) % 50}`]);
      requests.push({
        url: `http://${host}/api/v${p}/items/42?full=1`,
        method: 'GET',
        headers: {},
        cookies: {},
      });
    }
    ingresses.push(benchIngress(`ing-${h}`, host, paths, h));
  }
  return { config: benchConfig(ingresses, services), requests };
}

interface RouteRun {
  ms: number;
  canary: number;
  ok: number;
}

/** Times ROUTE_REQUESTS calls of routeRequest with a cheap LCG draw and a first-endpoint pick. */
function routeRun(config: NginxConfig, requests: HttpRequest[]): RouteRun {
  let state = 12345;
  const draw = (total: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return 1 + (state % total);
  };
  const pick = (u: Upstream): EndpointChoice => u.endpoints[0];
  let canary = 0;
  let ok = 0;
  const n = requests.length;
  const start = performance.now();
  for (let i = 0; i < ROUTE_REQUESTS; i++) {
    const r = routeRequest(config, requests[i % n], draw, pick);
    if (r.status === 200) ok++;
    if (r.canary) canary++;
  }
  return { ms: performance.now() - start, canary, ok };
}

export function routeCase(
  title: string,
  setup: () => { config: NginxConfig; requests: HttpRequest[] },
): number {
  const { config, requests } = setup();
  for (let i = 0; i < WARMUPS; i++) routeRun(config, requests);
  const runs: RouteRun[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(routeRun(config, requests));
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const mid = sorted[Math.floor(sorted.length / 2)];
  if (mid.ok !== ROUTE_REQUESTS)
    throw new Error(`${title}: only ${mid.ok} of ${ROUTE_REQUESTS} requests answered 200`);
  const rps = ROUTE_REQUESTS / (mid.ms / 1000);
  console.log(`\n${title}`);
  console.log(
    `  wall (median of ${RUNS}):   ${ms(mid.ms)}   [runs: ${runs.map((r) => r.ms.toFixed(1)).join(', ')}]`,
  );
  console.log(`  requests per second:      ${Math.round(rps).toLocaleString('en-US')}/s`);
  if (mid.canary > 0)
    console.log(`  canary share:             ${((mid.canary / ROUTE_REQUESTS) * 100).toFixed(2)} %`);
  return rps;
}
