// StorageClasses as the simulated cluster has them (its own plus those of the manifests), and the
// class a claim ends up with.
import { isNodeLocalProvisioner } from '../../engine/controllers/volumebinding';
import type { ClusterConfig } from '../../engine/types';
import { obj, str, strMap, type Obj, type ObjRef } from './objects';

export interface ClassInfo {
  name: string;
  provisioner: string;
  bindingMode: string;
  reclaimPolicy: string;
  isDefault: boolean;
  nodeLocal: boolean;
  /** Written in the manifests (else: part of the simulated cluster, like the lab's `fast`). */
  fromManifest: boolean;
}

export function storageClassesOf(set: readonly ObjRef[], cluster: ClusterConfig): Map<string, ClassInfo> {
  const out = new Map<string, ClassInfo>();
  for (const sc of cluster.storageClasses) {
    out.set(sc.name, {
      name: sc.name,
      provisioner: sc.provisioner,
      bindingMode: sc.volumeBindingMode ?? 'Immediate',
      reclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      isDefault: sc.isDefault ?? false,
      nodeLocal: isNodeLocalProvisioner(sc.provisioner),
      fromManifest: false,
    });
  }
  for (const o of set) {
    if (o.kind !== 'StorageClass') continue;
    const provisioner = str(o.body.provisioner) ?? '';
    const annotations = strMap(obj(o.body.metadata).annotations);
    out.set(o.name, {
      name: o.name,
      provisioner,
      bindingMode: str(o.body.volumeBindingMode) ?? 'Immediate',
      reclaimPolicy: str(o.body.reclaimPolicy) ?? 'Delete',
      isDefault: annotations['storageclass.kubernetes.io/is-default-class'] === 'true',
      nodeLocal: isNodeLocalProvisioner(provisioner),
      fromManifest: true,
    });
  }
  return out;
}

/** The class a claim spec ends up with: its storageClassName, else the default class (null: none). */
export function effectiveClass(claimSpec: Obj, classes: Map<string, ClassInfo>): string | null {
  const written = claimSpec.storageClassName;
  if (typeof written === 'string') return written;
  for (const c of classes.values()) if (c.isDefault) return c.name;
  return null;
}
