// ClusterIPs as the 1.33 API server allocates them from the ServiceCIDR `kubernetes`, kubeadm's
// 10.96.0.0/12 (BOOT-CLUSTERIP; registry/core/service/ipallocator): the range is split at
// `min(max(16, size/16), 256)` into a static band (10.96.0.1–10.96.1.0), which dynamic
// allocation avoids, and a dynamic band, where a pick starts at a random address and scans
// upward with wrap, falling back to the static band only when the dynamic one is full. An address
// asked for in the manifest must be in range and free. 10.96.0.1 is the `kubernetes` Service's and
// 10.96.0.10 kube-dns's (BOOT-SVC-KUBERNETES, BOOT-SVC-KUBEDNS).
import type { Prng } from './prng';

export const SERVICE_CIDR = '10.96.0.0/12';
const BASE = (10 << 24) | (96 << 16);
const SIZE = 1 << 20;
const STATIC_BAND = Math.min(Math.max(16, SIZE / 16), 256);
/** Usable addresses are offsets 1 … SIZE − 2 (not the network or broadcast address). */
const LAST = SIZE - 2;

export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const KUBE_DNS_SERVICE_IP = '10.96.0.10';

function ipOf(offset: number): string {
  const n = BASE + offset;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The offset of an IPv4 address from the range's network address (may lie outside 0 … SIZE − 1). */
function rawOffset(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0) - (BASE >>> 0);
}

/** The offset of an IPv4 address in the range, or null when it is not a usable address of it. */
function offsetOf(ip: string): number | null {
  const offset = rawOffset(ip);
  return offset !== null && offset >= 1 && offset <= LAST ? offset : null;
}

export class ClusterIPAllocator {
  private readonly used = new Set<number>();

  constructor(private readonly rng: Prng) {}

  /** Why an address written in a manifest cannot be had, in the API server's words; null if it can. */
  refusal(ip: string): string | null {
    const raw = rawOffset(ip);
    // The network and broadcast addresses are in the CIDR but never allocatable.
    if (raw === 0 || raw === SIZE - 1) {
      return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`;
    }
    const offset = offsetOf(ip);
    if (offset === null) return 'the provided network does not match the current range';
    if (this.used.has(offset)) return 'provided IP is already allocated';
    return null;
  }

  /** Take an address written in a manifest (after `refusal` said yes) or reserved by the cluster. */
  take(ip: string): void {
    const offset = offsetOf(ip);
    if (offset !== null) this.used.add(offset);
  }

  release(ip: string): void {
    const offset = offsetOf(ip);
    if (offset !== null) this.used.delete(offset);
  }

  /** A dynamic pick; null when the whole range is taken. */
  allocate(): string | null {
    const dynamicSize = LAST - STATIC_BAND;
    const start = this.rng.int(dynamicSize);
    for (let i = 0; i < dynamicSize; i++) {
      const offset = STATIC_BAND + 1 + ((start + i) % dynamicSize);
      if (!this.used.has(offset)) {
        this.used.add(offset);
        return ipOf(offset);
      }
    }
    for (let offset = 1; offset <= STATIC_BAND; offset++) {
      if (!this.used.has(offset)) {
        this.used.add(offset);
        return ipOf(offset);
      }
    }
    return null;
  }
}
