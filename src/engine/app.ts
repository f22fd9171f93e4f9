// The application model: what the program in a container answers, since the simulator runs no
// real images. One simple model for every image, so that a request's outcome depends only on
// Kubernetes (Services, endpoints, DNS, ingress), never on guessing what an image does:
// - a running pod answers HTTP on every containerPort its containers declare, and on 8080 for a
//   container that declares none (the course's kubetm/app, kubetm/shopping, … listen on 8080
//   and their manifests declare no ports); any other port refuses the connection;
// - the pod must be running (containers started); a terminating pod still answers until its
//   containers are stopped — only kube-proxy and the ingress controller stop sending to it;
// - `GET /hostname` → the pod name (what `hostname` prints inside a pod);
// - `GET /version` → the image tag: `kubetm/app:v1` → `v1`, `kubetm/app:v2` → `v2`, so that
//   the canary lesson reads "v1 … v2" as in the course; an untagged image answers `latest`,
//   the tag the runtime actually pulls for it;
// - any other path → 200 with a short page naming the image and the pod, e.g.
//   `kubetm/shopping: shopping page (pod-shopping)`.
// Query strings are ignored. Bodies carry no trailing newline.
import type { Container } from 'kubernetes-types/core/v1';
import type { PodObject } from './types';

/** The port an app listens on when its container declares none. */
export const DEFAULT_APP_PORT = 8080;

/** `registry:5000/kubetm/app:v2@sha256:…` → repository `registry:5000/kubetm/app`, tag `v2`. */
export function parseImage(image: string): { repository: string; tag: string } {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  // A colon before the last slash belongs to a registry host:port, not to a tag.
  if (colon > slash) return { repository: noDigest.slice(0, colon), tag: noDigest.slice(colon + 1) };
  return { repository: noDigest, tag: 'latest' };
}

/** The container listening on `port`, if any. */
export function listeningContainer(pod: PodObject, port: number): Container | null {
  const containers = pod.spec.containers ?? [];
  for (const c of containers) {
    if ((c.ports ?? []).some((p) => p.containerPort === port && (p.protocol ?? 'TCP') === 'TCP')) return c;
  }
  if (port === DEFAULT_APP_PORT) {
    for (const c of containers) if ((c.ports ?? []).length === 0) return c;
  }
  return null;
}

/** What the pod answers to `GET <path>` on `port`; null = nothing listens (connection refused). */
export function appResponse(
  pod: PodObject,
  port: number,
  path: string,
): { status: number; body: string } | null {
  if (!pod.state.containersStarted || pod.state.phase !== 'Running') return null;
  const container = listeningContainer(pod, port);
  if (!container) return null;
  const image = parseImage(container.image ?? '');
  const route = path.split(/[?#]/)[0];
  if (route === '/hostname') return { status: 200, body: pod.meta.name };
  if (route === '/version') return { status: 200, body: image.tag };
  const app = image.repository.slice(image.repository.lastIndexOf('/') + 1) || container.name;
  return { status: 200, body: `${image.repository || container.name}: ${app} page (${pod.meta.name})` };
}
