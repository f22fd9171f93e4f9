// Validating admission webhook (N-CTL CheckIngress, checkOverlap)
import { Manifest } from '../../manifest';
import { IngressObject, PassiveObject } from '../../types';
import { nginxAdmissionError } from '../../validation';
import { compileNginxRegex, re2Limit } from '../ingress-regex';
import { goParseBool, headerPatternWarning, parseAnnotations } from './annotations';
import { compareIngresses, ingressKey, whyNotServed, withInstalledIngressClass } from './classes';
import { BuildContext, BuildServer, assemble, upstreamNamesOf } from './config';
import { ANN, CATCH_ALL, FAKE_CERT, WEBHOOK_DENIED } from './constants';
import { NginxOptions, servedCert } from './types';

export function manifestToIngress(m: Manifest & { kind: 'Ingress' }): IngressObject {
  return {
    kind: 'Ingress',
    meta: {
      name: m.metadata?.name ?? '',
      namespace: m.metadata?.namespace ?? 'default',
      uid: '',
      labels: m.metadata?.labels ?? {},
      annotations: m.metadata?.annotations ?? {},
      ownerReferences: [],
      finalizers: [],
      creationTime: Number.MAX_SAFE_INTEGER,
      deletionTime: null,
      deletionGracePeriodSeconds: null,
      creationIndex: Number.MAX_SAFE_INTEGER,
      generation: 1,
    },
    spec: m.spec ?? {},
  };
}

/** GetBoolAnnotation("canary"): value, and whether the annotation is absent (ErrMissingAnnotations). */
export function canaryFlag(ing: IngressObject): { value: boolean; missing: boolean } {
  const v = ing.meta.annotations[ANN + 'canary'];
  if (v === undefined) return { value: false, missing: true };
  return { value: goParseBool(v) ?? false, missing: false };
}

/**
 * Ingresses by rule host and path as written, so that admission looks only at the Ingresses that can own
 * a location the new one asks for instead of rebuilding every server for every Ingress (quadratic).
 * The controller keeps one up to date from its watch; an array passed to admitIngress gets a fresh one.
 */
export class IngressIndex {
  private readonly byHostPath = new Map<string, Set<IngressObject>>();
  private readonly keysOf = new Map<IngressObject, string[]>();
  /** Ingresses with `canary: "true"`: they can change which upstreams back a server, see admitIngress. */
  private readonly canaries = new Set<IngressObject>();

  static of(ingresses: Iterable<IngressObject>): IngressIndex {
    const index = new IngressIndex();
    for (const ing of ingresses) index.add(ing);
    return index;
  }

  /** Adds or re-indexes (objects are updated in place). */
  add(ing: IngressObject): void {
    this.remove(ing);
    const keys: string[] = [];
    for (const rule of ing.spec.rules ?? [])
      for (const p of rule.http?.paths ?? []) keys.push(`${rule.host || CATCH_ALL} ${p.path || '/'}`);
    for (const k of keys) {
      let set = this.byHostPath.get(k);
      if (!set) this.byHostPath.set(k, (set = new Set()));
      set.add(ing);
    }
    this.keysOf.set(ing, keys);
    if (canaryFlag(ing).value) this.canaries.add(ing);
  }

  remove(ing: IngressObject): void {
    const keys = this.keysOf.get(ing);
    if (!keys) return;
    for (const k of keys) {
      const set = this.byHostPath.get(k);
      set?.delete(ing);
      if (set?.size === 0) this.byHostPath.delete(k);
    }
    this.keysOf.delete(ing);
    this.canaries.delete(ing);
  }

  all(): IterableIterator<IngressObject> {
    return this.keysOf.keys();
  }

  at(host: string, path: string): Iterable<IngressObject> {
    return this.byHostPath.get(`${host} ${path}`) ?? [];
  }

  canaryIngresses(): Iterable<IngressObject> {
    return this.canaries;
  }
}

/**
 * The existing Ingresses whose presence can change checkOverlap's answer for `candidate`, or null when
 * that cannot be narrowed and every Ingress must be assembled. A location named P on host H comes only
 * from paths P, or P without its trailing `/` (Prefix split), of rules for H; locations do not interact
 * across paths otherwise. Global facts stay out of reach of the narrowing, hence null: rules without host
 * (they also receive paths of hosts no server has) and canaries (an upstream's creator decides whether
 * its paths make locations at all, CAN-NOSERVER / CAN-SVC-REUSE).
 */
export function overlapCandidates(
  candidate: IngressObject,
  index: IngressIndex,
  served: (i: IngressObject) => boolean,
): IngressObject[] | null {
  if (canaryFlag(candidate).value) return null;
  const picked = new Set<IngressObject>();
  for (const rule of candidate.spec.rules ?? []) {
    if (!rule.http) continue;
    const host = rule.host || CATCH_ALL;
    if (host === CATCH_ALL) return null;
    for (const p of rule.http.paths) {
      const path = p.path || '/';
      for (const i of index.at(host, path)) if (served(i)) picked.add(i);
      if (path.length > 1 && path.endsWith('/'))
        for (const i of index.at(host, path.slice(0, -1))) if (served(i)) picked.add(i);
    }
  }
  const names = new Set(upstreamNamesOf(candidate));
  for (const i of picked) for (const n of upstreamNamesOf(i)) names.add(n);
  for (const c of index.canaryIngresses())
    if (served(c) && upstreamNamesOf(c).some((n) => names.has(n))) return null;
  return [...picked];
}

/**
 * The rejection ingress-nginx's validating webhook gives when `ingress` is created or updated, or null.
 * Checks, in CheckIngress order: served by this controller at all (else allowed), ING-STRICTPATH,
 * snippet annotations (allow-snippet-annotations defaults to false), then ING-WEBHOOK overlap.
 */
export function admitIngress(
  ingress: Manifest,
  existing: IngressObject[] | IngressIndex,
  controllerIsNginx: boolean,
  ingressClasses: PassiveObject[] = [],
  opts: NginxOptions = {},
  /** false: assemble every existing Ingress (the reference the narrowing is tested against). */
  narrow = true,
): string | null {
  if (!controllerIsNginx || ingress.kind !== 'Ingress') return null;
  const candidate = manifestToIngress(ingress);
  const classes = withInstalledIngressClass(ingressClasses, opts);
  if (whyNotServed(candidate, classes, opts) !== null) return null;
  const strict = nginxAdmissionError(ingress);
  if (strict !== null) return strict;
  for (const key of Object.keys(candidate.meta.annotations))
    if (key.endsWith('-snippet'))
      return `${WEBHOOK_DENIED}${key} annotation cannot be used. Snippet directives are disabled by the Ingress administrator`;
  const same = (i: IngressObject): boolean =>
    i.meta.namespace === candidate.meta.namespace && i.meta.name === candidate.meta.name;
  const served = (i: IngressObject): boolean => !same(i) && whyNotServed(i, classes, opts) === null;
  const index = existing instanceof IngressIndex ? existing : IngressIndex.of(existing);
  const narrowed = narrow ? overlapCandidates(candidate, index, served) : null;
  const others = (narrowed ?? [...index.all()].filter(served)).sort(compareIngresses);
  const ctx: BuildContext = {
    services: new Map(),
    secrets: new Map(),
    defaultCert: servedCert({ secret: null, fake: true }, FAKE_CERT),
    warnings: [],
    ignoredCanaries: [],
    invalidAnnotations: [],
  };
  // The new object is appended after the sorted existing ones, as CheckIngress does.
  const { servers } = assemble([...others, candidate], ctx);
  const overlap = checkOverlap(candidate, servers);
  return overlap === null ? null : WEBHOOK_DENIED + overlap;
}

/** checkOverlap as written: the first path that some location already serves decides the answer. */
export function checkOverlap(ing: IngressObject, servers: Map<string, BuildServer>): string | null {
  const mine = canaryFlag(ing);
  for (const rule of ing.spec.rules ?? []) {
    if (!rule.http) continue;
    const host = rule.host || CATCH_ALL;
    for (const p of rule.http.paths) {
      if (!p.backend.service) continue;
      const path = p.path || '/';
      const owners: IngressObject[] = [];
      for (const loc of servers.get(host)?.locations ?? [])
        if (loc.path === path && !loc.isDefBackend && loc.ingress) owners.push(loc.ingress);
      if (owners.length === 0) continue;
      if (owners.some((o) => o.meta.namespace === ing.meta.namespace && o.meta.name === ing.meta.name))
        return null;
      for (const o of owners) {
        const theirs = canaryFlag(o);
        if ((mine.value && theirs.value) || (mine.missing && theirs.missing))
          return `host "${host}" and path "${path}" is already defined in ingress ${o.meta.namespace}/${o.meta.name}`;
      }
      return null;
    }
  }
  return null;
}

/**
 * Warnings for `kubectl apply` of an Ingress this controller serves: the regexes of its own annotations
 * (use-regex / rewrite-target paths, canary-by-header-pattern) that RE2 cannot compile, so that the reader
 * learns at apply time that the simulation skips them. Paths that become regexes only because another
 * Ingress of the host sets use-regex are reported in NginxConfig.warnings.
 */
export function ingressRegexWarnings(
  ingress: Manifest,
  ingressClasses: PassiveObject[] = [],
  opts: NginxOptions = {},
): string[] {
  if (ingress.kind !== 'Ingress') return [];
  const ing = manifestToIngress(ingress);
  if (whyNotServed(ing, withInstalledIngressClass(ingressClasses, opts), opts) !== null) return [];
  const out: string[] = [];
  const a = parseAnnotations(ing, []);
  const key = ingressKey(ing);
  if (a.canary?.headerRegexError != null)
    out.push(headerPatternWarning(key, a.canary.headerPattern, a.canary.header, a.canary.headerRegexError));
  if (!a.useRegex && a.rewriteTarget === '') return out;
  for (const rule of ing.spec.rules ?? [])
    for (const p of rule.http?.paths ?? []) {
      const path = p.path || '/';
      const why = a.useRegex ? 'use-regex' : 'rewrite-target';
      if (!a.useRegex && a.rewriteTarget === path) continue;
      const c = compileNginxRegex('^' + path, true);
      if (!c.ok)
        out.push(
          `Ingress ${key}: path "${path}" of ${rule.host ? `host ${rule.host}` : 'the rule without host'} is the nginx regex location ~* "^${path}" (${ANN}${why}): ${re2Limit(c.error)}; the simulation never matches this location`,
        );
    }
  return out;
}
