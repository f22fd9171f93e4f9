// Pods (pkg/apis/core/validation ValidatePodSpec and friends)

import { E, FP, FieldError, IS_NEGATIVE, forMessages, nonNegative, root } from './field';
import { goQuote, goStringMap } from './go-format';
import { validateAnnotations, validateLabels } from './meta';
import {
  inclusiveRangeError,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
} from './names';
import { ParsedQuantity, canonicalQuantity, compareQuantity, quantityOf } from './quantity';
import {
  selectorIsEmpty,
  selectorMatches,
  selectorProblem,
  selectorText,
  validateLabelSelector,
} from './selector';
import { INT32_MAX } from './strict-decode';
import { Obj, arr, num, obj, str, strMap } from './values';

export const VOLUME_SOURCES: Array<[string, string]> = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

export function validateVolumeSource(vol: Obj, p: FP): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const [key, forbiddenName] of VOLUME_SOURCES) {
    const src = obj(vol[key]);
    if (src === undefined) continue;
    if (count > 0) {
      errs.push(E.forbidden(p.child(forbiddenName), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    const sp = p.child(key);
    if (key === 'hostPath' && str(src.path) === '') errs.push(E.required(sp.child('path')));
    if (key === 'persistentVolumeClaim' && str(src.claimName) === '')
      errs.push(E.required(sp.child('claimName')));
    if (key === 'configMap' && str(src.name) === '') errs.push(E.required(sp.child('name')));
    if (key === 'secret' && str(src.secretName) === '') errs.push(E.required(sp.child('secretName')));
    if (key === 'nfs') {
      if (str(src.server) === '') errs.push(E.required(sp.child('server')));
      if (str(src.path) === '') errs.push(E.required(sp.child('path')));
      if (!str(src.path).startsWith('/'))
        errs.push(E.invalid(sp.child('path'), goQuote(str(src.path)), 'must be an absolute path'));
    }
  }
  if (count === 0) errs.push(E.required(p, 'must specify a volume type'));
  return errs;
}

export const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
export const STANDARD_RESOURCES = [
  ...STANDARD_CONTAINER_RESOURCES,
  'storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
];

export function validateResources(res: Obj | undefined, p: FP): FieldError[] {
  const errs: FieldError[] = [];
  if (res === undefined) return errs;
  const limits = obj(res.limits) ?? {};
  const requests = obj(res.requests) ?? {};
  const checkName = (name: string, rp: FP): void => {
    const msgs = isQualifiedName(name);
    if (msgs.length > 0) {
      errs.push(...msgs.map((m) => E.invalid(rp, name, m)));
      return;
    }
    if (name.includes('/') || name.startsWith('hugepages-')) return;
    if (!STANDARD_RESOURCES.includes(name))
      errs.push(E.invalid(rp, name, 'must be a standard resource type or fully qualified'));
    if (!STANDARD_CONTAINER_RESOURCES.includes(name))
      errs.push(E.invalid(rp, name, 'must be a standard resource for containers'));
  };
  const checkQuantity = (q: ParsedQuantity | undefined, rp: FP): void => {
    if (q !== undefined && q.negative) errs.push(E.invalid(rp, goQuote(canonicalQuantity(q)), IS_NEGATIVE));
  };
  for (const [name, v] of Object.entries(limits)) {
    const rp = p.child('limits').key(name, [...p.loc, 'limits', name]);
    checkName(name, rp);
    checkQuantity(quantityOf(v), rp);
  }
  for (const [name, v] of Object.entries(requests)) {
    const rp = p.child('requests').key(name, [...p.loc, 'requests', name]);
    checkName(name, rp);
    const q = quantityOf(v);
    checkQuantity(q, rp);
    const limit = name in limits ? quantityOf(limits[name]) : undefined;
    if (q !== undefined && limit !== undefined && compareQuantity(q, limit) > 0)
      errs.push(
        E.invalid(
          p.child('requests').at(rp.loc),
          goQuote(canonicalQuantity(q)),
          `must be less than or equal to ${name} limit of ${canonicalQuantity(limit)}`,
        ),
      );
  }
  return errs;
}

export function validatePortNumOrName(v: unknown, p: FP): FieldError[] {
  if (typeof v === 'string') return forMessages(isValidPortName(v), (m) => E.invalid(p, goQuote(v), m));
  const n = num(v) ?? 0;
  return forMessages(isValidPortNum(n), (m) => E.invalid(p, String(n), m));
}

export function validateProbe(
  probe: unknown,
  p: FP,
  kind: 'liveness' | 'readiness' | 'startup',
): FieldError[] {
  const pr = obj(probe);
  if (pr === undefined) return [];
  const errs: FieldError[] = [];
  let handlers = 0;
  for (const h of ['exec', 'httpGet', 'tcpSocket', 'grpc']) {
    const hv = obj(pr[h]);
    if (hv === undefined) continue;
    const hp = p.child(h);
    if (handlers > 0) {
      errs.push(E.forbidden(hp, 'may not specify more than 1 handler type'));
      continue;
    }
    handlers++;
    if (h === 'exec' && arr(hv.command).length === 0) errs.push(E.required(hp.child('command')));
    if (h === 'httpGet' || h === 'tcpSocket') errs.push(...validatePortNumOrName(hv.port, hp.child('port')));
    if (h === 'grpc') errs.push(...validatePortNumOrName(num(hv.port) ?? 0, hp.child('port')));
  }
  if (handlers === 0) errs.push(E.required(p, 'must specify a handler type'));
  for (const f of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ])
    errs.push(...nonNegative(pr[f], p.child(f)));
  const grace = num(pr.terminationGracePeriodSeconds);
  if (grace !== undefined && grace <= 0)
    errs.push(E.invalid(p.child('terminationGracePeriodSeconds'), String(grace), 'must be greater than 0'));
  const success = num(pr.successThreshold) ?? 1;
  if (kind !== 'readiness' && success !== 1)
    errs.push(E.invalid(p.child('successThreshold'), String(success), 'must be 1'));
  if (
    kind === 'readiness' &&
    pr.terminationGracePeriodSeconds !== undefined &&
    pr.terminationGracePeriodSeconds !== null
  )
    errs.push(
      E.invalid(
        p.child('terminationGracePeriodSeconds'),
        String(grace ?? 0),
        'must not be set for readinessProbes',
      ),
    );
  return errs;
}

export function validateContainerCommon(c: Obj, p: FP, volumes: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (name === '') errs.push(E.required(p.child('name')));
  else errs.push(...forMessages(isDNS1123Label(name), (m) => E.invalid(p.child('name'), goQuote(name), m)));
  if (str(c.image) === '') errs.push(E.required(p.child('image')));
  const tmp = str(c.terminationMessagePolicy);
  if (tmp !== '' && tmp !== 'File' && tmp !== 'FallbackToLogsOnError')
    errs.push(
      E.notSupported(p.child('terminationMessagePolicy'), goQuote(tmp), ['File', 'FallbackToLogsOnError']),
    );
  // ports
  const portNames = new Set<string>();
  arr(c.ports).forEach((raw, i) => {
    const port = obj(raw) ?? {};
    const pp = p.child('ports').index(i);
    const pn = str(port.name);
    if (pn !== '') {
      const msgs = isValidPortName(pn);
      if (msgs.length > 0) errs.push(...msgs.map((m) => E.invalid(pp.child('name'), goQuote(pn), m)));
      else if (portNames.has(pn)) errs.push(E.duplicate(pp.child('name'), goQuote(pn)));
      else portNames.add(pn);
    }
    const cp = num(port.containerPort) ?? 0;
    if (cp === 0) errs.push(E.required(pp.child('containerPort')));
    else
      errs.push(
        ...forMessages(isValidPortNum(cp), (m) => E.invalid(pp.child('containerPort'), String(cp), m)),
      );
    const hp = num(port.hostPort) ?? 0;
    if (hp !== 0)
      errs.push(...forMessages(isValidPortNum(hp), (m) => E.invalid(pp.child('hostPort'), String(hp), m)));
    const proto = str(port.protocol);
    if (proto !== '' && !['TCP', 'UDP', 'SCTP'].includes(proto))
      errs.push(E.notSupported(pp.child('protocol'), goQuote(proto), ['SCTP', 'TCP', 'UDP']));
  });
  arr(c.env).forEach((raw, i) => {
    if (str(obj(raw)?.name) === '') errs.push(E.required(p.child('env').index(i).child('name')));
  });
  // volume mounts
  const mountPaths = new Set<string>();
  arr(c.volumeMounts).forEach((raw, i) => {
    const m = obj(raw) ?? {};
    const mp = p.child('volumeMounts').index(i);
    const mName = str(m.name);
    const mPath = str(m.mountPath);
    if (mName === '') errs.push(E.required(mp.child('name')));
    if (!volumes.has(mName)) errs.push(E.notFound(mp.child('name'), goQuote(mName)));
    if (mPath === '') errs.push(E.required(mp.child('mountPath')));
    if (mountPaths.has(mPath)) errs.push(E.invalid(mp.child('mountPath'), goQuote(mPath), 'must be unique'));
    mountPaths.add(mPath);
  });
  const pull = str(c.imagePullPolicy);
  if (pull !== '' && !['Always', 'IfNotPresent', 'Never'].includes(pull))
    errs.push(E.notSupported(p.child('imagePullPolicy'), goQuote(pull), ['Always', 'IfNotPresent', 'Never']));
  errs.push(...validateResources(obj(c.resources), p.child('resources')));
  return errs;
}

export interface PodSpecOptions {
  /** Top-level Pod (not a template): adds the pod-only container checks. */
  isPod: boolean;
  /** Volumes a StatefulSet adds from its volumeClaimTemplates. */
  claimVolumes?: string[];
}

export function validatePodSpec(spec: Obj, p: FP, opts: PodSpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  // volumes
  const volumes = new Set<string>();
  arr(spec.volumes).forEach((raw, i) => {
    const vol = obj(raw) ?? {};
    const vp = p.child('volumes').index(i);
    const el = validateVolumeSource(vol, vp);
    const vName = str(vol.name);
    if (vName === '') el.push(E.required(vp.child('name')));
    else
      el.push(...forMessages(isDNS1123Label(vName), (m) => E.invalid(vp.child('name'), goQuote(vName), m)));
    if (volumes.has(vName)) el.push(E.duplicate(vp.child('name'), goQuote(vName)));
    if (el.length === 0) volumes.add(vName);
    else errs.push(...el);
  });
  for (const claim of opts.claimVolumes ?? []) volumes.add(claim);
  // containers
  const containers = arr(spec.containers);
  const names = new Set<string>();
  if (containers.length === 0) errs.push(E.required(p.child('containers')));
  containers.forEach((raw, i) => {
    const c = obj(raw) ?? {};
    const cp = p.child('containers').index(i);
    errs.push(...validateContainerCommon(c, cp, volumes));
    const name = str(c.name);
    if (names.has(name)) errs.push(E.duplicate(cp.child('name'), goQuote(name)));
    else names.add(name);
    errs.push(...validateProbe(c.livenessProbe, cp.child('livenessProbe'), 'liveness'));
    errs.push(...validateProbe(c.readinessProbe, cp.child('readinessProbe'), 'readiness'));
    errs.push(...validateProbe(c.startupProbe, cp.child('startupProbe'), 'startup'));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null)
      errs.push(E.forbidden(cp.child('restartPolicy'), 'may not be set for non-init containers'));
  });
  arr(spec.initContainers).forEach((raw, i) => {
    const c = obj(raw) ?? {};
    const cp = p.child('initContainers').index(i);
    errs.push(...validateContainerCommon(c, cp, volumes));
    const rp = str(c.restartPolicy);
    if (c.restartPolicy !== undefined && c.restartPolicy !== null && rp !== 'Always')
      errs.push(E.notSupported(cp.child('restartPolicy'), goQuote(rp), ['Always']));
    const name = str(c.name);
    if (names.has(name)) errs.push(E.duplicate(cp.child('name'), goQuote(name)));
    else if (name !== '') names.add(name);
    if (rp === 'Always') {
      errs.push(...validateProbe(c.livenessProbe, cp.child('livenessProbe'), 'liveness'));
      errs.push(...validateProbe(c.readinessProbe, cp.child('readinessProbe'), 'readiness'));
      errs.push(...validateProbe(c.startupProbe, cp.child('startupProbe'), 'startup'));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'])
        if (c[f] !== undefined && c[f] !== null)
          errs.push(
            E.forbidden(cp.child(f), 'may not be set for init containers without restartPolicy=Always'),
          );
    }
  });
  const restart = str(spec.restartPolicy);
  if (restart !== '' && !['Always', 'OnFailure', 'Never'].includes(restart))
    errs.push(E.notSupported(p.child('restartPolicy'), goQuote(restart), ['Always', 'OnFailure', 'Never']));
  const dns = str(spec.dnsPolicy);
  if (dns !== '' && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(dns))
    errs.push(
      E.notSupported(p.child('dnsPolicy'), goQuote(dns), [
        'ClusterFirstWithHostNet',
        'ClusterFirst',
        'Default',
        'None',
      ]),
    );
  errs.push(...validateLabels(spec.nodeSelector, p.child('nodeSelector')));
  for (const f of ['serviceAccountName', 'nodeName']) {
    const v = str(spec[f]);
    if (v !== '')
      errs.push(...forMessages(isDNS1123Subdomain(v), (m) => E.invalid(p.child(f), goQuote(v), m)));
  }
  const ads = num(spec.activeDeadlineSeconds);
  if (ads !== undefined && (ads < 1 || ads > INT32_MAX))
    errs.push(E.invalid(p.child('activeDeadlineSeconds'), String(ads), inclusiveRangeError(1, INT32_MAX)));
  for (const f of ['hostname', 'subdomain']) {
    const v = str(spec[f]);
    if (v !== '') errs.push(...forMessages(isDNS1123Label(v), (m) => E.invalid(p.child(f), goQuote(v), m)));
  }
  const pc = str(spec.priorityClassName);
  if (pc !== '')
    errs.push(
      ...forMessages(isDNS1123Subdomain(pc), (m) => E.invalid(p.child('priorityClassName'), goQuote(pc), m)),
    );
  if (opts.isPod) {
    for (const key of ['containers', 'initContainers'])
      arr(spec[key]).forEach((raw, i) => {
        const image = str(obj(raw)?.image);
        if (image !== image.trim())
          errs.push(
            E.invalid(
              p.child(key).index(i).child('image'),
              goQuote(image),
              'must not have leading or trailing whitespace',
            ),
          );
      });
  }
  return errs;
}

/** ValidatePodTemplateSpec (labels and annotations print as `spec.template.labels`). */
export function validatePodTemplateSpec(template: Obj, p: FP, claimVolumes?: string[]): FieldError[] {
  const meta = obj(template.metadata) ?? {};
  const mp = p.child('metadata');
  const errs = validateLabels(meta.labels, p.child('labels').at(mp.child('labels').loc));
  errs.push(...validateAnnotations(meta.annotations, p.child('annotations').at(mp.child('annotations').loc)));
  errs.push(...validatePodSpec(obj(template.spec) ?? {}, p.child('spec'), { isPod: false, claimVolumes }));
  if (arr(obj(template.spec)?.ephemeralContainers).length > 0)
    errs.push(
      E.forbidden(p.child('spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'),
    );
  return errs;
}

/** Selector checks shared by ReplicaSet, Deployment and StatefulSet; `owner` names the message. */
export function validateSelectorAndTemplate(
  spec: Obj,
  owner: 'deployment' | 'statefulset',
  controller: 'ReplicaSet' | 'StatefulSet',
  claimVolumes?: string[],
): FieldError[] {
  const errs: FieldError[] = [];
  const sp = root('spec');
  const sel = obj(spec.selector);
  if (sel === undefined) errs.push(E.required(sp.child('selector')));
  else {
    errs.push(...validateLabelSelector(sel, sp.child('selector')));
    if (selectorIsEmpty(sel))
      errs.push(E.invalid(sp.child('selector'), selectorText(sel), `empty selector is invalid for ${owner}`));
  }
  const template = obj(spec.template) ?? {};
  const tp = sp.child('template');
  const invalidSelector = sel !== undefined && selectorProblem(sel);
  if (invalidSelector) {
    errs.push(
      E.invalid(
        sp.child('selector'),
        selectorText(sel),
        controller === 'StatefulSet' ? '' : 'invalid label selector',
      ),
    );
  } else {
    const labels = strMap(obj(template.metadata)?.labels);
    // A missing selector selects nothing (labels.Nothing), an empty one everything.
    const matches = sel === undefined ? false : selectorIsEmpty(sel) || selectorMatches(sel, labels ?? {});
    if (!matches)
      errs.push(
        E.invalid(
          tp.child('metadata', 'labels'),
          goStringMap(labels),
          '`selector` does not match template `labels`',
        ),
      );
    errs.push(...validatePodTemplateSpec(template, tp, claimVolumes));
  }
  // ReplicaSet checks these inside its template validation, StatefulSet after it.
  if (controller === 'StatefulSet' || !invalidSelector) {
    const tspec = obj(template.spec) ?? {};
    const restart = str(tspec.restartPolicy) || 'Always';
    if (restart !== 'Always')
      errs.push(E.notSupported(tp.child('spec', 'restartPolicy'), goQuote(restart), ['Always']));
    if (tspec.activeDeadlineSeconds !== undefined && tspec.activeDeadlineSeconds !== null)
      errs.push(
        E.forbidden(
          tp.child('spec', 'activeDeadlineSeconds'),
          `activeDeadlineSeconds in ${controller} is not Supported`,
        ),
      );
  }
  return errs;
}
