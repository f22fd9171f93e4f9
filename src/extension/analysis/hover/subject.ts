// The object a hover explains and what the topics share: the context (set, cluster, run), the field
// matched, the explanation being written, and the facts about the object's Pods and classes.
import type { FieldPath } from '../../../engine/manifest';
import type { ClusterState, PodState } from '../../../engine/snapshot';
import type { ClusterConfig, Incarnation, SimEvent } from '../../../engine/types';
import { code, escapeMarkdown } from '../markdown';
import { arr, obj, type ObjRef } from '../objects';
import { ordinalsOf } from '../services';
import { storageClassesOf, type ClassInfo } from '../storage';
import type { Translate } from '../types';

export interface RunView {
  state: ClusterState;
  events: SimEvent[];
  objects: Incarnation[];
}

export interface ExplainContext {
  t: Translate;
  /** The objects simulated together with this document (its own included). */
  set: ObjRef[];
  cluster: ClusterConfig;
  /** The simulation, when it covers this version of the document. */
  run: RunView | null;
}

export interface Explanation {
  /** The field as written, e.g. `replicas` or the annotation key. */
  field: string;
  /** Kind of the object the field belongs to. */
  kind: string;
  /** What the field does (Markdown). */
  what: string;
  /** What it does here (Markdown list items). */
  here: string[];
  /** Problems found (Markdown list items). */
  warnings: string[];
  /** Where the course simplifies (Markdown). */
  notes: string[];
  /** Whether a simulation would add to `here`. */
  dynamic: boolean;
}

export type FieldId =
  | 'kind'
  | 'replicas'
  | 'serviceName'
  | 'volumeClaimTemplates'
  | 'podManagementPolicy'
  | 'retention'
  | 'updateStrategy'
  | 'selector'
  | 'nodeSelector'
  | 'accessModes'
  | 'storageClassName'
  | 'clusterIP'
  | 'ingressClassName'
  | 'host'
  | 'path'
  | 'pathType'
  | 'tls'
  | 'secretName'
  | 'canary'
  | 'terminationGracePeriodSeconds';

export interface Match {
  id: FieldId;
  /** Path of the field itself (the hovered node may be inside it). */
  path: Array<string | number>;
}

function get(body: unknown, path: FieldPath): unknown {
  let v: unknown = body;
  for (const seg of path) {
    if (typeof seg === 'number') v = arr(v)[seg];
    else v = obj(v)[seg];
  }
  return v;
}

/** What every topic works with: the object, the field matched and the explanation being written. */
export class Subject {
  readonly t: Translate;

  constructor(
    readonly ctx: ExplainContext,
    readonly self: ObjRef,
    readonly match: Match,
    readonly e: Explanation,
  ) {
    this.t = ctx.t;
  }

  value(): unknown {
    return get(this.self.body, this.match.path);
  }

  podsOwned(): PodState[] {
    const run = this.ctx.run;
    if (!run) return [];
    const s = this.self;
    const hashed = new RegExp(`^${s.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[4-9bcdf]{1,10}$`);
    return run.state.pods.filter((p) => {
      if (p.namespace !== s.namespace) return false;
      if (s.kind === 'Pod') return p.name === s.name;
      if (!p.owner) return false;
      if (s.kind === 'Deployment') return p.owner.kind === 'ReplicaSet' && hashed.test(p.owner.name);
      return p.owner.kind === s.kind && p.owner.name === s.name;
    });
  }

  podLines(pods: PodState[]): string[] {
    const t = this.t;
    const shown = pods.length > 8 ? pods.slice(0, 8) : pods;
    const lines = shown.map((p) =>
      p.node
        ? t('{0}: {1} on {2}', code(p.name), escapeMarkdown(p.status), code(p.node))
        : t('{0}: {1}, not scheduled', code(p.name), escapeMarkdown(p.status)),
    );
    if (pods.length > shown.length) lines.push(t('… and {0} more', pods.length - shown.length));
    return lines;
  }

  podNames(): string[] {
    const { start, replicas } = ordinalsOf(this.self);
    const names: string[] = [];
    const n = Math.max(0, Math.min(replicas, 100000));
    const pick = n > 7 ? [0, 1, 2, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i);
    for (const i of pick) names.push(`${this.self.name}-${start + i}`);
    if (n > 7) names.splice(3, 0, '…');
    return names;
  }

  classes(): Map<string, ClassInfo> {
    return storageClassesOf(this.ctx.set, this.ctx.cluster);
  }
}
