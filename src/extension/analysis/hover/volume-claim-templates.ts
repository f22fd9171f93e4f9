// Hover topic volumeClaimTemplates (StatefulSet): the claims per Pod, their class and what becomes of
// them.
import { code, escapeMarkdown } from '../markdown';
import { arr, obj, str } from '../objects';
import { effectiveClass, type ClassInfo } from '../storage';
import { keptNote, retentionHere } from './retention';
import { classLine, sameNodeNote } from './storage-class';
import type { RunView, Subject } from './subject';

export function volumeClaimTemplates(h: Subject): void {
  const t = h.t;
  const e = h.e;
  const s = h.self;
  e.what = t(
    'PVC templates: for every Pod the StatefulSet creates a claim `<template>-<pod>` just before the Pod, and a re-created Pod gets the same claim (and data) back.',
  );
  e.dynamic = true;
  const names = h.podNames();
  const classes = h.classes();
  let firstClass: ClassInfo | undefined;
  arr(obj(s.body.spec).volumeClaimTemplates).forEach((raw) => {
    const tpl = obj(raw);
    const name = str(obj(tpl.metadata).name);
    if (!name) return;
    const claims = names.map((n) => (n === '…' ? '…' : `${name}-${n}`));
    if (claims.length > 0)
      e.here.push(t('Claims {0}', claims.map((c) => (c === '…' ? '…' : code(c))).join(', ')));
    const className = effectiveClass(obj(tpl.spec), classes);
    const info = className ? classes.get(className) : undefined;
    if (info) {
      e.here.push(classLine(h, info));
      firstClass ??= info;
    }
  });
  retentionHere(h);
  const run = h.ctx.run;
  if (run) {
    const fromTemplates = templateClaims(h, run);
    const mine = run.state.pvcs.filter(
      (c) => c.namespace === s.namespace && c.owner === null && fromTemplates.has(c.name),
    );
    const owned = run.state.pvcs.filter(
      (c) => c.namespace === s.namespace && c.owner !== null && fromTemplates.has(c.name),
    );
    for (const c of [...mine, ...owned].slice(0, 8))
      e.here.push(t('{0}: {1}, volume {2}', code(c.name), escapeMarkdown(c.status), code(c.volume ?? '-')));
  }
  sameNodeNote(h, firstClass);
  keptNote(h);
}

/**
 * The claims this StatefulSet's templates gave its Pods, from facts of the run: the claims it
 * created (SuccessfulCreate events name them as `related`) and those its Pods mount other than
 * the shared claims its pod template names (adopted claims that existed before).
 */
function templateClaims(h: Subject, run: RunView): Set<string> {
  const self = h.self;
  const claims = new Set<string>();
  for (const ev of run.events) {
    if (ev.reason !== 'SuccessfulCreate' || ev.related?.kind !== 'PersistentVolumeClaim') continue;
    if (
      ev.object.kind === self.kind &&
      ev.object.name === self.name &&
      ev.object.namespace === self.namespace
    )
      claims.add(ev.related.name);
  }
  const shared = new Set(
    arr(obj(obj(obj(self.body.spec).template).spec).volumes).map((v) =>
      str(obj(obj(v).persistentVolumeClaim).claimName),
    ),
  );
  for (const p of run.state.pods) {
    if (p.namespace !== self.namespace || p.owner?.kind !== self.kind || p.owner.name !== self.name) continue;
    for (const c of p.claims) if (!shared.has(c)) claims.add(c);
  }
  return claims;
}
