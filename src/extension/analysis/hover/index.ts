// What the hovers say (no vscode import, so that node tests can run it): which taught field a path
// is, and its explanation — what the field does in the course's words, what it does HERE (computed
// from the manifests simulated together and, when a simulation covers the document, from the
// engine's state and events) and, where the course simplifies, a one-line note. Each topic is a
// module of this folder; the result is Markdown in which every name from a manifest is escaped.
import { CANARY_ANNOTATION } from '../ingress';
import { code, escapeMarkdown } from '../markdown';
import { objectRef } from '../objects';
import type { Translate } from '../types';
import { accessModes } from './access-modes';
import { canary } from './canary';
import { grace } from './grace';
import { host, ingressClassName, path } from './ingress';
import { kind } from './kind';
import { nodeSelector } from './node-selector';
import { replicas } from './replicas';
import { retention } from './retention';
import { selector } from './selector';
import { clusterIP } from './service';
import { serviceName } from './service-name';
import { podManagementPolicy, updateStrategy } from './statefulset';
import { storageClassName } from './storage-class';
import { Subject, type ExplainContext, type Explanation, type FieldId, type Match } from './subject';
import { tls } from './tls';
import { volumeClaimTemplates } from './volume-claim-templates';
import { WORKLOAD_KINDS } from '../../../engine/kinds';

export type { ExplainContext, Explanation, RunView } from './subject';

interface Pattern {
  kinds: readonly string[] | '*';
  pattern: string;
  id: FieldId;
  /** Also for the keys and items inside the field. */
  deep?: boolean;
}

const WORKLOAD: readonly string[] = WORKLOAD_KINDS;
const TEMPLATE = 'spec.template.spec';
const VCT = 'spec.volumeClaimTemplates.#';

const PATTERNS: readonly Pattern[] = [
  { kinds: '*', pattern: 'kind', id: 'kind' },
  { kinds: WORKLOAD, pattern: 'spec.replicas', id: 'replicas' },
  { kinds: ['StatefulSet'], pattern: 'spec.serviceName', id: 'serviceName' },
  { kinds: ['StatefulSet'], pattern: `${VCT}.spec.accessModes`, id: 'accessModes', deep: true },
  { kinds: ['StatefulSet'], pattern: `${VCT}.spec.storageClassName`, id: 'storageClassName' },
  { kinds: ['StatefulSet'], pattern: 'spec.volumeClaimTemplates', id: 'volumeClaimTemplates' },
  { kinds: ['StatefulSet'], pattern: VCT, id: 'volumeClaimTemplates' },
  { kinds: ['StatefulSet'], pattern: `${VCT}.metadata`, id: 'volumeClaimTemplates', deep: true },
  { kinds: ['StatefulSet'], pattern: 'spec.podManagementPolicy', id: 'podManagementPolicy' },
  {
    kinds: ['StatefulSet'],
    pattern: 'spec.persistentVolumeClaimRetentionPolicy',
    id: 'retention',
    deep: true,
  },
  { kinds: ['StatefulSet'], pattern: 'spec.updateStrategy', id: 'updateStrategy', deep: true },
  { kinds: [...WORKLOAD, 'Service'], pattern: 'spec.selector', id: 'selector', deep: true },
  { kinds: WORKLOAD, pattern: `${TEMPLATE}.nodeSelector`, id: 'nodeSelector', deep: true },
  { kinds: ['Pod'], pattern: 'spec.nodeSelector', id: 'nodeSelector', deep: true },
  {
    kinds: WORKLOAD,
    pattern: `${TEMPLATE}.terminationGracePeriodSeconds`,
    id: 'terminationGracePeriodSeconds',
  },
  { kinds: ['Pod'], pattern: 'spec.terminationGracePeriodSeconds', id: 'terminationGracePeriodSeconds' },
  {
    kinds: ['PersistentVolumeClaim', 'PersistentVolume'],
    pattern: 'spec.accessModes',
    id: 'accessModes',
    deep: true,
  },
  {
    kinds: ['PersistentVolumeClaim', 'PersistentVolume'],
    pattern: 'spec.storageClassName',
    id: 'storageClassName',
  },
  { kinds: ['Service'], pattern: 'spec.clusterIP', id: 'clusterIP' },
  { kinds: ['Ingress'], pattern: 'spec.ingressClassName', id: 'ingressClassName' },
  { kinds: ['Ingress'], pattern: 'spec.rules.#.host', id: 'host' },
  { kinds: ['Ingress'], pattern: 'spec.rules.#.http.paths.#.path', id: 'path' },
  { kinds: ['Ingress'], pattern: 'spec.rules.#.http.paths.#.pathType', id: 'pathType' },
  { kinds: ['Ingress'], pattern: 'spec.tls.#.secretName', id: 'secretName' },
  { kinds: ['Ingress'], pattern: 'spec.tls', id: 'tls', deep: true },
];

/** Which taught field a path is (or is inside), for an object of `kind`. */
export function classify(kind: string, path: readonly (string | number)[]): Match | null {
  if (
    kind === 'Ingress' &&
    path[0] === 'metadata' &&
    path[1] === 'annotations' &&
    typeof path[2] === 'string' &&
    path[2].startsWith(CANARY_ANNOTATION)
  )
    return { id: 'canary', path: path.slice(0, 3) };
  if (path.some((s) => typeof s === 'string' && (s.includes('.') || s === '#'))) return null;
  const segments = path.map((s) => (typeof s === 'number' ? '#' : s));
  for (const p of PATTERNS) {
    if (p.kinds !== '*' && !p.kinds.includes(kind)) continue;
    const want = p.pattern.split('.');
    if (segments.length < want.length || (!p.deep && segments.length !== want.length)) continue;
    if (want.every((w, i) => w === segments[i])) return { id: p.id, path: path.slice(0, want.length) };
  }
  return null;
}

/** The topic that writes the explanation of each taught field. */
const TOPICS: Record<FieldId, (h: Subject) => void> = {
  kind,
  replicas,
  serviceName,
  volumeClaimTemplates,
  podManagementPolicy,
  retention,
  updateStrategy,
  selector,
  nodeSelector,
  accessModes,
  storageClassName,
  clusterIP,
  ingressClassName,
  host,
  path,
  pathType: path,
  tls,
  secretName: tls,
  canary,
  terminationGracePeriodSeconds: grace,
};

/** The explanation of the field at `path` of the object `body`, or null when it is not a taught field. */
export function explainField(
  body: unknown,
  path: readonly (string | number)[],
  ctx: ExplainContext,
): Explanation | null {
  const self = objectRef(body);
  if (!self) return null;
  const match = classify(self.kind, path);
  if (!match) return null;
  const own = ctx.set.find((o) => o.body === body) ?? self;
  const last = match.path[match.path.length - 1];
  const e: Explanation = {
    field: String(last),
    kind: self.kind,
    what: '',
    here: [],
    warnings: [],
    notes: [],
    dynamic: false,
  };
  TOPICS[match.id](new Subject(ctx, own, match, e));
  return e.what === '' ? null : e;
}

/** Renders an explanation; `simulateLink` is the command URI offered when no simulation covers the document. */
export function renderExplanation(e: Explanation, t: Translate, simulateLink: string | null): string {
  const parts: string[] = [`**${code(e.field)}** · ${escapeMarkdown(e.kind)}`, e.what];
  if (e.warnings.length > 0) parts.push(e.warnings.map((w) => `- ⚠️ ${w}`).join('\n'));
  if (e.here.length > 0) parts.push(`**${t('Here')}**\n\n${e.here.map((h) => `- ${h}`).join('\n')}`);
  for (const n of e.notes) parts.push(`*${t('Where the course simplifies:')}* ${n}`);
  if (simulateLink !== null && e.dynamic) parts.push(`[${t('Simulate to see more')}](${simulateLink})`);
  return parts.join('\n\n');
}
