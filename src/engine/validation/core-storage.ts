// Storage: PersistentVolumeClaims and PersistentVolumes (pkg/apis/core/validation) and
// StorageClasses (pkg/apis/storage/validation)

import { E, FP, FieldError, forMessages, root } from './field';
import { goQuote } from './go-format';
import { isDNS1123Subdomain, isQualifiedName } from './names';
import { canonicalQuantity, quantityOf } from './quantity';
import { validateLabelSelector } from './selector';
import { Obj, arr, obj, str } from './values';

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

export function validateAccessModes(modes: unknown[], p: FP): FieldError[] {
  const errs: FieldError[] = [];
  let rwop = false;
  let other = false;
  for (const m of modes.map(str)) {
    if (!ACCESS_MODES.includes(m)) errs.push(E.notSupported(p, goQuote(m), ACCESS_MODES));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (rwop && other) errs.push(E.forbidden(p, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

export function validateClassName(v: unknown, p: FP): FieldError[] {
  const name = str(v);
  return name === '' ? [] : forMessages(isDNS1123Subdomain(name), (m) => E.invalid(p, goQuote(name), m));
}

/** ValidatePersistentVolumeClaimSpec */
export function validateClaimSpec(spec: Obj, p: FP): FieldError[] {
  const errs: FieldError[] = [];
  const modes = arr(spec.accessModes);
  if (modes.length === 0) errs.push(E.required(p.child('accessModes'), 'at least 1 access mode is required'));
  const sel = obj(spec.selector);
  if (sel !== undefined) errs.push(...validateLabelSelector(sel, p.child('selector')));
  errs.push(...validateAccessModes(modes, p.child('accessModes')));
  const requests = obj(obj(spec.resources)?.requests) ?? {};
  const sp = p.child('resources').key('storage', [...p.loc, 'resources', 'requests', 'storage']);
  if (!('storage' in requests)) errs.push(E.required(sp));
  else {
    // `storage:` with no value decodes as a zero quantity.
    const q = requests.storage === null ? quantityOf('0') : quantityOf(requests.storage);
    if (q !== undefined && (q.negative || q.nanos === 0n))
      errs.push(E.invalid(sp, goQuote(canonicalQuantity(q)), 'must be greater than zero'));
  }
  errs.push(...validateClassName(spec.storageClassName, p.child('storageClassName')));
  const vm = str(spec.volumeMode);
  if (vm !== '' && vm !== 'Block' && vm !== 'Filesystem')
    errs.push(E.notSupported(p.child('volumeMode'), goQuote(vm), ['Block', 'Filesystem']));
  return errs;
}

export const PV_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'flocker',
  'nfs',
  'rbd',
  'quobyte',
  'cephfs',
  'iscsi',
  'cinder',
  'fc',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'scaleIO',
  'local',
  'storageos',
  'csi',
];

export function validatePersistentVolumeSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const p = root('spec');
  const modes = arr(spec.accessModes);
  if (modes.length === 0) errs.push(E.required(p.child('accessModes')));
  errs.push(...validateAccessModes(modes, p.child('accessModes')));
  const capacity = obj(spec.capacity);
  const cp = p.child('capacity');
  const keys = Object.keys(capacity ?? {});
  if (keys.length === 0) errs.push(E.required(cp));
  if (!keys.includes('storage') || keys.length > 1) {
    const shown =
      capacity === undefined || keys.length === 0
        ? 'core.ResourceList(nil)'
        : 'core.ResourceList{' +
          keys.map((k) => `${goQuote(k)}:${goQuote(String(capacity[k]))}`).join(', ') +
          '}';
    errs.push(E.notSupported(cp, shown, ['storage']));
  }
  for (const k of keys) {
    const q = quantityOf(capacity?.[k]);
    if (q !== undefined && (q.negative || q.nanos === 0n))
      errs.push(
        E.invalid(cp.key(k, [...cp.loc, k]), goQuote(canonicalQuantity(q)), 'must be greater than zero'),
      );
  }
  const policy = str(spec.persistentVolumeReclaimPolicy);
  if (policy !== '' && !['Delete', 'Recycle', 'Retain'].includes(policy))
    errs.push(
      E.notSupported(p.child('persistentVolumeReclaimPolicy'), goQuote(policy), [
        'Delete',
        'Recycle',
        'Retain',
      ]),
    );
  let count = 0;
  for (const key of PV_SOURCES) {
    const src = obj(spec[key]);
    if (src === undefined) continue;
    const sp = p.child(key === 'cephfs' ? 'cephFS' : key);
    if (count > 0) {
      errs.push(E.forbidden(sp, 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    if ((key === 'hostPath' || key === 'local') && str(src.path) === '')
      errs.push(E.required(p.child(key, 'path')));
    if (key === 'local' && spec.nodeAffinity === undefined)
      errs.push(E.required(p.child('nodeAffinity'), 'Local volume requires node affinity'));
    if (key === 'nfs') {
      if (str(src.server) === '') errs.push(E.required(p.child('nfs', 'server')));
      if (str(src.path) === '') errs.push(E.required(p.child('nfs', 'path')));
      if (!str(src.path).startsWith('/'))
        errs.push(E.invalid(p.child('nfs', 'path'), goQuote(str(src.path)), 'must be an absolute path'));
    }
    if (key === 'csi') {
      if (str(src.driver) === '') errs.push(E.required(p.child('csi', 'driver')));
      if (str(src.volumeHandle) === '') errs.push(E.required(p.child('csi', 'volumeHandle')));
    }
  }
  if (count === 0) errs.push(E.required(new FP('spec', ['spec']), 'must specify a volume type'));
  errs.push(...validateClassName(spec.storageClassName, p.child('storageClassName')));
  const vm = str(spec.volumeMode);
  if (vm !== '' && vm !== 'Block' && vm !== 'Filesystem')
    errs.push(E.notSupported(p.child('volumeMode'), goQuote(vm), ['Block', 'Filesystem']));
  return errs;
}

export function validateStorageClass(sc: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const provisioner = str(sc.provisioner);
  const pp = root('provisioner');
  if (provisioner === '') errs.push(E.required(pp));
  else
    errs.push(
      ...forMessages(isQualifiedName(provisioner.toLowerCase()), (m) =>
        E.invalid(pp, goQuote(provisioner), m),
      ),
    );
  const reclaim = str(sc.reclaimPolicy);
  if (reclaim !== '' && reclaim !== 'Delete' && reclaim !== 'Retain')
    errs.push(E.notSupported(root('reclaimPolicy'), goQuote(reclaim), ['Delete', 'Retain']));
  const mode = str(sc.volumeBindingMode);
  if (mode !== '' && mode !== 'Immediate' && mode !== 'WaitForFirstConsumer')
    errs.push(
      E.notSupported(root('volumeBindingMode'), goQuote(mode), ['Immediate', 'WaitForFirstConsumer']),
    );
  return errs;
}
