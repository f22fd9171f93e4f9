// Resource arithmetic of the scheduler: a pod's requests (FIT-REQUESTS, component-helpers
// `PodRequests`), the non-zero requests used for scoring (FIT-SCORE), and node allocatable.
// CPU is held in millicores and everything else in base units (bytes, counts), rounded up as
// resource.Quantity's MilliValue / Value round.
import type { Container, PodSpec } from 'kubernetes-types/core/v1';
import { parseQuantityText } from '../validation/quantity';

/** Resource name → amount (cpu in millicores, memory and ephemeral-storage in bytes). */
export type ResourceList = Map<string, number>;

/** schedutil.DefaultMilliCPURequest / DefaultMemoryRequest: what a container without a request
 * counts for in scoring (never in filtering). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** The amount of one resource: millicores for cpu, base units otherwise; null when unparsable. */
export function resourceAmount(name: string, quantity: string | number): number | null {
  const text = typeof quantity === 'number' ? String(quantity) : quantity.trim();
  const parsed = parseQuantityText(text);
  if (typeof parsed === 'string' || parsed.nanos === null) return null;
  const perUnit = name === 'cpu' ? 1_000_000n : 1_000_000_000n;
  const whole = parsed.nanos / perUnit + (parsed.nanos % perUnit === 0n ? 0n : 1n);
  const value = Number(whole);
  return parsed.negative ? -value : value;
}

function listOf(raw: Record<string, string | number> | undefined): ResourceList {
  const out: ResourceList = new Map();
  for (const [name, q] of Object.entries(raw ?? {})) {
    const amount = resourceAmount(name, q);
    if (amount !== null) out.set(name, amount);
  }
  return out;
}

/** A container's requests; limits stand in for requests they do not name (API defaulting). */
export function containerRequests(c: Container): ResourceList {
  const requests = listOf(c.resources?.requests);
  for (const [name, amount] of listOf(c.resources?.limits)) {
    if (!requests.has(name)) requests.set(name, amount);
  }
  return requests;
}

function addInto(total: ResourceList, add: ResourceList): void {
  for (const [name, amount] of add) total.set(name, (total.get(name) ?? 0) + amount);
}

function maxInto(total: ResourceList, other: ResourceList): void {
  for (const [name, amount] of other) if (amount > (total.get(name) ?? 0)) total.set(name, amount);
}

/**
 * FIT-REQUESTS: sum of the app containers plus restartable (sidecar) init containers; each
 * ordinary init container needs its own request plus the sidecars started before it; the pod
 * needs the larger of the two, plus `spec.overhead`.
 */
export function podRequests(spec: PodSpec, perContainer = containerRequests): ResourceList {
  const total: ResourceList = new Map();
  for (const c of spec.containers ?? []) addInto(total, perContainer(c));
  const sidecars: ResourceList = new Map();
  const initNeed: ResourceList = new Map();
  for (const c of spec.initContainers ?? []) {
    const own = perContainer(c);
    if (c.restartPolicy === 'Always') {
      addInto(sidecars, own);
      addInto(total, own);
      continue;
    }
    const need: ResourceList = new Map(own);
    addInto(need, sidecars);
    maxInto(initNeed, need);
  }
  maxInto(total, initNeed);
  addInto(total, listOf(spec.overhead));
  return total;
}

/** A pod's spec does not change its requests once created (resources are immutable without
 * in-place resize, which is not simulated): the sums are computed once per spec object. */
const requestsOfSpec = new WeakMap<PodSpec, ResourceList>();
const nonZeroOfSpec = new WeakMap<PodSpec, { cpu: number; memory: number }>();

/** podRequests, computed once per spec object (callers must not change the list). */
/** No container (app or init) states resources and there is no overhead: nothing is requested. */
function requestsNothing(spec: PodSpec): boolean {
  if (spec.overhead) return false;
  for (const c of spec.containers ?? []) if (c.resources) return false;
  for (const c of spec.initContainers ?? []) if (c.resources) return false;
  return true;
}

export function podRequestsOf(spec: PodSpec): ReadonlyMap<string, number> {
  if (requestsNothing(spec)) return NO_REQUESTS;
  let r = requestsOfSpec.get(spec);
  if (!r) {
    r = podRequests(spec);
    // Most pods request nothing: one shared empty list instead of a Map per pod.
    if (r.size === 0) r = NO_REQUESTS;
    requestsOfSpec.set(spec, r);
  }
  return r;
}

const NO_REQUESTS: ResourceList = new Map();
/** Non-zero request pairs seen so far, shared (pods of one template ask the same). */
const NON_ZERO = new Map<string, { readonly cpu: number; readonly memory: number }>();

/** nonZeroRequests, computed once per spec object. */
export function nonZeroRequestsOf(spec: PodSpec): { readonly cpu: number; readonly memory: number } {
  if (requestsNothing(spec) && !spec.initContainers?.length) {
    // Each app container counts the defaults; the pair is shared per container count.
    const n = spec.containers?.length ?? 0;
    const key = `${n}x`;
    let shared = NON_ZERO.get(key);
    if (!shared)
      NON_ZERO.set(
        key,
        (shared = { cpu: n * DEFAULT_MILLI_CPU_REQUEST, memory: n * DEFAULT_MEMORY_REQUEST }),
      );
    return shared;
  }
  let r = nonZeroOfSpec.get(spec);
  if (!r) {
    const computed = nonZeroRequests(spec);
    const key = `${computed.cpu}/${computed.memory}`;
    r = NON_ZERO.get(key);
    if (!r) {
      if (NON_ZERO.size > 10_000) NON_ZERO.clear();
      NON_ZERO.set(key, (r = computed));
    }
    nonZeroOfSpec.set(spec, r);
  }
  return r;
}

/** The requests scoring uses: a container without a cpu or memory request counts 100m / 200Mi. */
export function nonZeroRequests(spec: PodSpec): { cpu: number; memory: number } {
  const r = podRequests(spec, (c) => {
    const own = containerRequests(c);
    const out: ResourceList = new Map();
    out.set('cpu', own.get('cpu') || DEFAULT_MILLI_CPU_REQUEST);
    out.set('memory', own.get('memory') || DEFAULT_MEMORY_REQUEST);
    return out;
  });
  return { cpu: r.get('cpu') ?? 0, memory: r.get('memory') ?? 0 };
}

/** Node capacity as a scenario writes it (contract 5.1); allocatable equals it here. */
export interface CapacityInput {
  cpu?: string | number;
  memory?: string | number;
  pods?: number;
  'ephemeral-storage'?: string | number;
}

/** The lab nodes' default allocatable (README, Defaults): the kubelet's 110 pods. */
export const DEFAULT_NODE_CAPACITY: Required<CapacityInput> = {
  cpu: '2',
  memory: '4Gi',
  pods: 110,
  'ephemeral-storage': '40Gi',
};

/** Allocatable of a node from its written capacity, defaults filling the rest. */
export function allocatableOf(input: CapacityInput | undefined): {
  resources: ResourceList;
  text: Record<string, string>;
} {
  const merged: Record<string, string | number> = { ...DEFAULT_NODE_CAPACITY, ...(input ?? {}) };
  const resources: ResourceList = new Map();
  const text: Record<string, string> = {};
  for (const [name, q] of Object.entries(merged)) {
    const amount = name === 'pods' ? Number(q) : resourceAmount(name, q);
    if (amount === null || !Number.isFinite(amount)) continue;
    resources.set(name, amount);
    text[name] = String(q);
  }
  return { resources, text };
}
