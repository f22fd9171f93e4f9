// Workloads (pkg/apis/apps/validation)

import { validateSelectorAndTemplate } from './core-pod';
import { validateClaimSpec } from './core-storage';
import { E, FP, FieldError, forMessages, nonNegative, root } from './field';
import { goQuote, intOrStringText } from './go-format';
import { isValidPercent } from './names';
import { Obj, arr, num, obj, str } from './values';

export function intOrPercent(v: unknown, p: FP): FieldError[] {
  if (typeof v === 'string')
    return forMessages(isValidPercent(v), (m) => E.invalid(p, intOrStringText(v), m));
  return nonNegative(v, p);
}
/** getIntOrPercentValue */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === 'string') {
    if (isValidPercent(v).length === 0) return Number(v.slice(0, -1));
    return /^[+-]?\d+$/.test(v) ? Number(v) : 0;
  }
  return num(v) ?? 0;
}
export function notMoreThan100Percent(v: unknown, p: FP): FieldError[] {
  if (typeof v === 'string' && isValidPercent(v).length === 0 && Number(v.slice(0, -1)) > 100)
    return [E.invalid(p, v, 'must not be greater than 100%')];
  return [];
}

export function validateStatefulSetSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const sp = root('spec');
  const pmp = str(spec.podManagementPolicy) || 'OrderedReady';
  if (pmp !== 'OrderedReady' && pmp !== 'Parallel')
    errs.push(
      E.invalid(sp.child('podManagementPolicy'), goQuote(pmp), "must be 'OrderedReady' or 'Parallel'"),
    );
  const us = obj(spec.updateStrategy) ?? {};
  const usType = str(us.type) || 'RollingUpdate';
  const ru = obj(us.rollingUpdate);
  const up = sp.child('updateStrategy');
  const ptr = (t: string, set: boolean): string => (set ? `(*${t})(0xc000000000)` : `(*${t})(nil)`);
  if (usType === 'OnDelete') {
    if (ru !== undefined)
      errs.push(
        E.invalid(
          up.child('rollingUpdate'),
          `apps.RollingUpdateStatefulSetStrategy{Partition:${num(ru.partition) ?? 0}, MaxUnavailable:${ptr('intstr.IntOrString', ru.maxUnavailable !== undefined && ru.maxUnavailable !== null)}}`,
          "only allowed for updateStrategy 'RollingUpdate'",
        ),
      );
  } else if (usType === 'RollingUpdate') {
    if (ru !== undefined) {
      const rp = up.child('rollingUpdate');
      errs.push(...nonNegative(ru.partition, rp.child('partition')));
      const mu = ru.maxUnavailable;
      if (mu !== undefined && mu !== null) {
        const mp = rp.child('maxUnavailable');
        errs.push(...intOrPercent(mu, mp));
        if (intOrPercentValue(mu) === 0) errs.push(E.invalid(mp, intOrStringText(mu), 'cannot be 0'));
        errs.push(...notMoreThan100Percent(mu, mp));
      }
    }
  } else {
    errs.push(
      E.invalid(
        up,
        `apps.StatefulSetUpdateStrategy{Type:${goQuote(usType)}, RollingUpdate:${ptr('apps.RollingUpdateStatefulSetStrategy', ru !== undefined)}}`,
        "must be 'RollingUpdate' or 'OnDelete'",
      ),
    );
  }
  const retention = obj(spec.persistentVolumeClaimRetentionPolicy);
  if (retention !== undefined)
    for (const f of ['whenDeleted', 'whenScaled']) {
      const v = str(retention[f]) || 'Retain';
      if (v !== 'Retain' && v !== 'Delete')
        errs.push(
          E.notSupported(sp.child('persistentVolumeClaimRetentionPolicy', f), goQuote(v), [
            'Retain',
            'Delete',
          ]),
        );
    }
  errs.push(...nonNegative(spec.replicas, sp.child('replicas')));
  errs.push(...nonNegative(spec.minReadySeconds, sp.child('minReadySeconds')));
  const ordinals = obj(spec.ordinals);
  if (ordinals !== undefined)
    errs.push(...nonNegative(ordinals.start, new FP('spec.ordinals.start', ['spec', 'ordinals', 'start'])));
  const templateVolumes = new Set(arr(obj(obj(spec.template)?.spec)?.volumes).map((v) => str(obj(v)?.name)));
  const claims = arr(spec.volumeClaimTemplates)
    .map((c) => str(obj(obj(c)?.metadata)?.name))
    .filter((n) => !templateVolumes.has(n));
  errs.push(...validateSelectorAndTemplate(spec, 'statefulset', 'StatefulSet', claims));
  arr(spec.volumeClaimTemplates).forEach((raw, i) => {
    const claim = obj(raw) ?? {};
    errs.push(
      ...validateClaimSpec(obj(claim.spec) ?? {}, sp.child('volumeClaimTemplates').index(i).child('spec')),
    );
  });
  return errs;
}

export function validateReplicaSetSpec(spec: Obj): FieldError[] {
  const sp = root('spec');
  const errs = nonNegative(spec.replicas, sp.child('replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, sp.child('minReadySeconds')));
  errs.push(...validateSelectorAndTemplate(spec, 'deployment', 'ReplicaSet'));
  return errs;
}

export function validateDeploymentSpec(spec: Obj): FieldError[] {
  const sp = root('spec');
  const errs = nonNegative(spec.replicas, sp.child('replicas'));
  errs.push(...validateSelectorAndTemplate(spec, 'deployment', 'ReplicaSet'));
  const strategy = obj(spec.strategy) ?? {};
  const type = str(strategy.type) || 'RollingUpdate';
  const ru = obj(strategy.rollingUpdate);
  const stp = sp.child('strategy');
  if (type === 'Recreate') {
    if (ru !== undefined)
      errs.push(
        E.forbidden(stp.child('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'"),
      );
  } else if (type === 'RollingUpdate') {
    const r = ru ?? {};
    const maxUnavailable = r.maxUnavailable ?? '25%';
    const maxSurge = r.maxSurge ?? '25%';
    const rp = stp.child('rollingUpdate');
    errs.push(...intOrPercent(maxUnavailable, rp.child('maxUnavailable')));
    errs.push(...intOrPercent(maxSurge, rp.child('maxSurge')));
    if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0)
      errs.push(
        E.invalid(
          rp.child('maxUnavailable'),
          intOrStringText(maxUnavailable),
          'may not be 0 when `maxSurge` is 0',
        ),
      );
    errs.push(...notMoreThan100Percent(maxUnavailable, rp.child('maxUnavailable')));
  } else {
    const ptr =
      ru === undefined
        ? '(*apps.RollingUpdateDeployment)(nil)'
        : '(*apps.RollingUpdateDeployment)(0xc000000000)';
    errs.push(
      E.notSupported(stp, `apps.DeploymentStrategy{Type:${goQuote(type)}, RollingUpdate:${ptr}}`, [
        'Recreate',
        'RollingUpdate',
      ]),
    );
  }
  errs.push(...nonNegative(spec.minReadySeconds, sp.child('minReadySeconds')));
  errs.push(...nonNegative(spec.revisionHistoryLimit, sp.child('revisionHistoryLimit')));
  const pds = num(spec.progressDeadlineSeconds) ?? 600;
  errs.push(...nonNegative(pds, sp.child('progressDeadlineSeconds')));
  if (pds <= (num(spec.minReadySeconds) ?? 0))
    errs.push(
      E.invalid(sp.child('progressDeadlineSeconds'), String(pds), 'must be greater than minReadySeconds'),
    );
  return errs;
}
