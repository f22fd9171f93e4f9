// What the editor's picks offer, without vscode: the object a palette command works on (the one
// under the cursor, else the file's objects it applies to), and the replica counts of the scale pick
// (the current one labelled, a step up preselected so a reflexive Enter never scales to zero).
import type { RawDoc } from '../../engine/manifest';
import type { ClusterState } from '../../engine/snapshot';
import { docAtLine } from './cursor';
import { num, obj, objectRef } from './objects';

/** An object written in a file: what a command target is made of. */
export interface FileObject {
  kind: string;
  name: string;
  namespace: string;
  /** 1-based first line of its document. */
  line: number;
}

/** The objects of a file's documents, in file order (documents without kind or name are skipped). */
export function fileObjects(docs: readonly RawDoc[]): FileObject[] {
  const out: FileObject[] = [];
  for (const d of docs) {
    const o = objectRef(d.body, d);
    if (o && o.name !== '')
      out.push({ kind: o.kind, name: o.name, namespace: o.namespace, line: d.source.start.line });
  }
  return out;
}

/**
 * The object a command run from the palette works on: the one whose document holds the cursor
 * when the command applies to it, else the only one of the file it applies to; otherwise the
 * candidates to pick from (none: the file has nothing the command applies to).
 */
export function commandTarget(
  docs: readonly RawDoc[],
  cursorLine: number,
  applies: (kind: string) => boolean,
): { target: FileObject } | { candidates: FileObject[] } {
  const here = docAtLine(docs, cursorLine);
  const atCursor = here ? fileObjects([here])[0] : undefined;
  if (atCursor && applies(atCursor.kind)) return { target: atCursor };
  const candidates = fileObjects(docs).filter((o) => applies(o.kind));
  return candidates.length === 1 ? { target: candidates[0] } : { candidates };
}

/** The highest replica count the scale pick accepts (the steps' own limit is the run's). */
export const MAX_REPLICAS = 100_000;

/** A typed replica count: a whole number from 0 to MAX_REPLICAS, else null. */
export function typedReplicas(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,6}$/.test(t)) return null;
  const n = Number(t);
  return n <= MAX_REPLICAS ? n : null;
}

/** The replicas a workload has now: at the end of the simulation when it holds the workload, else
 * as written (`spec.replicas`, 1 when unset, as the API server defaults it). */
export function currentReplicas(
  target: { kind: string; name: string; namespace: string },
  state: ClusterState | null,
  body: unknown,
): number {
  const simulated = state?.workloads.find(
    (w) => w.kind === target.kind && w.name === target.name && w.namespace === target.namespace,
  );
  if (simulated) return simulated.replicas;
  return num(obj(obj(body).spec).replicas) ?? 1;
}

export interface ReplicaChoice {
  replicas: number;
  current: boolean;
}

/** The counts the scale pick lists, ascending: the lesson's 0, 1, 3, 5, the current count and the
 * two above it; `preselected` is current + 2 (1 → 3, the chapter's first scale). */
export function replicaChoices(current: number): { choices: ReplicaChoice[]; preselected: number } {
  const preselected = Math.min(current + 2, MAX_REPLICAS);
  const values = new Set([0, 1, 3, 5, current, Math.min(current + 1, MAX_REPLICAS), preselected]);
  const choices = [...values]
    .sort((a, b) => a - b)
    .map((replicas) => ({ replicas, current: replicas === current }));
  return { choices, preselected };
}
