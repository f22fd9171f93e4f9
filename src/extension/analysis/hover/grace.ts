// Hover topic terminationGracePeriodSeconds: how long a deleted Pod stays Terminating here.
import { num } from '../objects';
import type { Subject } from './subject';

export function grace(h: Subject): void {
  const t = h.t;
  const e = h.e;
  const written = num(h.value());
  const seconds = written ?? 30;
  e.what = t(
    'How long a deleted Pod may take to stop: its containers get SIGTERM and are killed when the period runs out (default 30 s). The Pod shows Terminating meanwhile.',
  );
  const exit = h.ctx.cluster.timing.sigtermExit;
  if (exit === null || exit >= seconds)
    e.here.push(
      t(
        'A deleted Pod is Terminating for {0} s here: the container does not stop on SIGTERM (as kubetm/app), so it is killed when the period ends.',
        seconds,
      ),
    );
  else e.here.push(t('A deleted Pod is Terminating for {0} s here: its container exits on SIGTERM.', exit));
  const stay = exit === null ? seconds : Math.min(exit, seconds);
  if (h.self.kind === 'StatefulSet')
    e.here.push(
      t('The StatefulSet re-creates it under the same name only after it is gone, {0} s later.', stay),
    );
  else if (h.self.kind === 'ReplicaSet' || h.self.kind === 'Deployment')
    e.here.push(t('The ReplicaSet starts a replacement at once; the old Pod stays Terminating meanwhile.'));
}
