// The ingress-nginx controller (internal/ingress/controller, its sync loop): watches Ingresses,
// IngressClasses, Services and Secrets and rebuilds the whole nginx configuration on every
// watched change, as the real controller's sync does.
// Invariants:
// - buildNginxConfig (config.ts) is a pure function of its input; routeRequest (route.ts) only
//   looks things up in the config it built.
// - Randomness enters only through the request's draws, so a seed fixes every outcome.
import { HttpRequest } from '../../net';
import { Controller, Sim } from '../../sim';
import { Change } from '../../store';
import { Kind } from '../../types';
import { IngressIndex } from './admission';
import { withInstalledIngressClass } from './classes';
import { buildNginxConfig } from './config';
import { routeRequest } from './route';
import { EndpointChoice, NginxConfig, NginxOptions, RoutedResponse, Upstream } from './types';

export const SYNC_KEY = 'config';

export class IngressNginxController implements Controller {
  readonly name = 'ingress-nginx-controller';
  readonly watches: readonly Kind[] = ['Ingress', 'IngressClass', 'Service', 'Secret'];
  private current: NginxConfig;
  /** Round-robin position per upstream (ING-LB). */
  private readonly next = new Map<string, number>();
  /** The store's Ingresses for admission, kept in step with the watch. */
  readonly ingresses = new IngressIndex();

  constructor(
    private readonly sim: Sim,
    private readonly opts: NginxOptions = {},
  ) {
    this.current = buildNginxConfig({ ingresses: [], services: [], secrets: [], ingressClasses: [] }, opts);
  }

  get config(): NginxConfig {
    return this.current;
  }

  onChange(change: Change): void {
    if (change.obj.kind === 'Ingress') {
      if (change.type === 'deleted') this.ingresses.remove(change.obj);
      else this.ingresses.add(change.obj);
    }
    this.sim.enqueue(this, SYNC_KEY);
  }

  sync(_key: string): void {
    const store = this.sim.store;
    this.current = buildNginxConfig(
      {
        ingresses: [...store.list('Ingress')],
        services: [...store.list('Service')],
        secrets: [...store.list('Secret')],
        ingressClasses: withInstalledIngressClass([...store.list('IngressClass')], this.opts),
      },
      this.opts,
    );
  }

  handle(req: HttpRequest): RoutedResponse {
    return routeRequest(this.current, req, this.draw, this.pick);
  }

  private readonly draw = (total: number): number =>
    total <= 0x100000000
      ? 1 + this.sim.trafficRng.int(total)
      : 1 + Math.floor(this.sim.trafficRng.float() * total);

  private readonly pick = (upstream: Upstream): EndpointChoice => {
    const i = this.next.get(upstream.name) ?? 0;
    this.next.set(upstream.name, i + 1);
    return upstream.endpoints[i % upstream.endpoints.length];
  };
}
