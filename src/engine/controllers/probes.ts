// The kubelet's liveness prober (pkg/kubelet/prober) for containers whose image turns unhealthy
// (cluster.images `unhealthyAfter`, an extension of contract 5.1).
// Invariants (PROBE-DEFAULTS, PROBE-EVENTS):
// - probes run every periodSeconds (10) from initialDelaySeconds (0) after the container started;
//   the first one at or after `unhealthyAfter` fails, and so does every later one;
// - each failure is a `Warning Unhealthy` event; at failureThreshold (3) consecutive failures the
//   container is killed (`Killing … failed liveness probe, will be restarted`) with the pod's grace
//   period and exits 137 (143 if it stops on SIGTERM), then restarts under the pod's
//   restartPolicy with the usual back-off;
// - a probe of an earlier run of the container does nothing.
import type { Probe } from 'kubernetes-types/core/v1';
import type { Sim } from '../sim';
import type { PodObject } from '../types';

/** The failure text the kubelet records for this kind of probe. */
function failureText(probe: Probe, pod: PodObject): string {
  if (probe.httpGet) return 'HTTP probe failed with statuscode: 500';
  if (probe.tcpSocket)
    return `dial tcp ${pod.state.ip ?? ''}:${String(probe.tcpSocket.port)}: connect: connection refused`;
  if (probe.grpc) return `timeout: health rpc did not complete within ${probe.timeoutSeconds ?? 1}s`;
  return 'command exited with a non-zero status';
}

/**
 * Arms the liveness probe of a container that has just started: `schedule(delay, fn)` runs `fn`
 * after `delay` seconds if this run of the container is still the current one; `exited` ends the
 * run with an exit code.
 */
export function armLiveness(
  sim: Sim,
  pod: PodObject,
  index: number,
  unhealthyAfter: number,
  schedule: (delay: number, fn: (p: PodObject) => void) => void,
  exited: (p: PodObject, exitCode: number) => void,
): void {
  const c = (pod.spec.containers ?? [])[index];
  const probe = c.livenessProbe;
  if (!probe) return;
  const initial = probe.initialDelaySeconds ?? 0;
  const period = probe.periodSeconds ?? 10;
  const threshold = probe.failureThreshold ?? 3;
  // The first probe at or after the moment the app turns unhealthy.
  const k = Math.max(0, Math.ceil((unhealthyAfter - initial) / period));
  const firstFailure = initial + k * period;
  for (let i = 1; i <= threshold; i++) {
    const at = firstFailure + (i - 1) * period;
    schedule(at, (p) => {
      sim.event('Warning', 'Unhealthy', p, 'kubelet', `Liveness probe failed: ${failureText(probe, p)}`);
      if (i < threshold) return;
      sim.event(
        'Normal',
        'Killing',
        p,
        'kubelet',
        `Container ${c.name} failed liveness probe, will be restarted`,
      );
      const grace = Math.max(0, probe.terminationGracePeriodSeconds ?? p.spec.terminationGracePeriodSeconds);
      const sigterm = sim.timing.sigtermExit;
      const stopsOnTerm = sigterm !== null && sigterm < grace;
      schedule(stopsOnTerm ? sigterm : grace, (q) => exited(q, stopsOnTerm ? 143 : 137));
    });
  }
}
