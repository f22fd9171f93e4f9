// gen:api — generates src/engine/api-schema.generated.ts, the field names and types the strict
// decoder checks manifests against, from the Kubernetes 1.33 API types that @kubernetes/client-node
// 1.3.0 carries (each model's attributeTypeMap, generated upstream from the OpenAPI document).
// What an OpenAPI schema cannot say comes from OVERLAY below: Go named string types (their names
// appear in the API server's decode errors), quantities, and fields decoded as raw JSON.
//
//   node scripts/gen-api.mjs          write the file
//   node scripts/gen-api.mjs --check  exit 1 when the file differs from what would be written
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'src', 'engine', 'api-schema.generated.ts');
const PACKAGE = '@kubernetes/client-node';

/** The kinds the engine accepts (src/engine/kinds.ts) and their client-node models. */
const ROOTS = [
  'V1Pod',
  'V1ReplicaSet',
  'V1Deployment',
  'V1StatefulSet',
  'V1PersistentVolumeClaim',
  'V1PersistentVolume',
  'V1StorageClass',
  'V1Service',
  'V1Ingress',
  'V1IngressClass',
  'V1Secret',
  'V1ConfigMap',
  'V1Namespace',
  'V1PriorityClass',
  'V1PodDisruptionBudget',
];

/**
 * Type codes the schema cannot carry, by `Struct.field`: e<Name> is the Go named string type
 * v1.<Name>; q a resource.Quantity; r a v1.ResourceList (map of quantities); * raw JSON or a
 * time the decoder accepts as written. Brackets as in the generated codes: [T] list, {T} map.
 */
const OVERLAY = {
  'AppArmorProfile.type': 'eAppArmorProfileType',
  'Capabilities.add': '[eCapability]',
  'Capabilities.drop': '[eCapability]',
  'Container.imagePullPolicy': 'ePullPolicy',
  'Container.restartPolicy': 'eContainerRestartPolicy',
  'Container.terminationMessagePolicy': 'eTerminationMessagePolicy',
  'ContainerPort.protocol': 'eProtocol',
  'ContainerResizePolicy.resourceName': 'eResourceName',
  'ContainerResizePolicy.restartPolicy': 'eResourceResizeRestartPolicy',
  'DeploymentStrategy.type': 'eDeploymentStrategyType',
  'EphemeralContainer.imagePullPolicy': 'ePullPolicy',
  'EphemeralContainer.restartPolicy': 'eContainerRestartPolicy',
  'EphemeralContainer.terminationMessagePolicy': 'eTerminationMessagePolicy',
  'HTTPGetAction.scheme': 'eURIScheme',
  'Lifecycle.stopSignal': 'eSignal',
  'PodSecurityContext.seLinuxChangePolicy': 'ePodSELinuxChangePolicy',
  'PodSecurityContext.supplementalGroupsPolicy': 'eSupplementalGroupsPolicy',
  'HTTPIngressPath.pathType': 'ePathType',
  'HostPathVolumeSource.type': 'eHostPathType',
  'ImageVolumeSource.pullPolicy': 'ePullPolicy',
  'NamespaceSpec.finalizers': '[eFinalizerName]',
  'NodeSelectorRequirement.operator': 'eNodeSelectorOperator',
  'PersistentVolumeClaimSpec.accessModes': '[ePersistentVolumeAccessMode]',
  'PersistentVolumeClaimSpec.volumeMode': 'ePersistentVolumeMode',
  'PersistentVolumeSpec.accessModes': '[ePersistentVolumeAccessMode]',
  'PersistentVolumeSpec.persistentVolumeReclaimPolicy': 'ePersistentVolumeReclaimPolicy',
  'PersistentVolumeSpec.volumeMode': 'ePersistentVolumeMode',
  'PodOS.name': 'eOSName',
  'PodSecurityContext.fsGroupChangePolicy': 'ePodFSGroupChangePolicy',
  'PodSpec.dnsPolicy': 'eDNSPolicy',
  'PodSpec.preemptionPolicy': 'ePreemptionPolicy',
  'PodSpec.restartPolicy': 'eRestartPolicy',
  'SeccompProfile.type': 'eSeccompProfileType',
  'Secret.type': 'eSecretType',
  'SecurityContext.procMount': 'eProcMountType',
  'ServicePort.protocol': 'eProtocol',
  'ServiceSpec.externalTrafficPolicy': 'eServiceExternalTrafficPolicy',
  'ServiceSpec.internalTrafficPolicy': 'eServiceInternalTrafficPolicy',
  'ServiceSpec.ipFamilies': '[eIPFamily]',
  'ServiceSpec.ipFamilyPolicy': 'eIPFamilyPolicy',
  'ServiceSpec.sessionAffinity': 'eServiceAffinity',
  'ServiceSpec.type': 'eServiceType',
  'StatefulSetPersistentVolumeClaimRetentionPolicy.whenDeleted': 'ePersistentVolumeClaimRetentionPolicyType',
  'StatefulSetPersistentVolumeClaimRetentionPolicy.whenScaled': 'ePersistentVolumeClaimRetentionPolicyType',
  'StatefulSetSpec.podManagementPolicy': 'ePodManagementPolicyType',
  'StatefulSetUpdateStrategy.type': 'eStatefulSetUpdateStrategyType',
  'StorageClass.reclaimPolicy': 'ePersistentVolumeReclaimPolicy',
  'StorageClass.volumeBindingMode': 'eVolumeBindingMode',
  'Toleration.effect': 'eTaintEffect',
  'Toleration.operator': 'eTolerationOperator',
  'TopologySpreadConstraint.whenUnsatisfiable': 'eUnsatisfiableConstraintAction',
  'EmptyDirVolumeSource.sizeLimit': 'q',
  'ResourceFieldSelector.divisor': 'q',
  'PersistentVolumeSpec.capacity': 'r',
  'PodSpec.overhead': 'r',
  'ResourceRequirements.limits': 'r',
  'ResourceRequirements.requests': 'r',
  'VolumeResourceRequirements.limits': 'r',
  'VolumeResourceRequirements.requests': 'r',
  'ManagedFieldsEntry.fieldsV1': '*',
};

function model(name) {
  return require(`${PACKAGE}/dist/gen/models/${name}.js`)[name];
}

/** `V1PodSpec` → `PodSpec`: the Go struct name the decoder's messages use. */
function structName(modelName) {
  return modelName.replace(/^V1/, '');
}

const MAP_OF = /^\{ \[key: string\]: (.+); \}$/;
const ARRAY_OF = /^Array<(.+)>$/;

/** client-node's type and format → the schema's type code; models reached go on `queue`. */
function typeCode(type, format, queue) {
  const array = ARRAY_OF.exec(type);
  if (array) return `[${typeCode(array[1], format, queue)}]`;
  const map = MAP_OF.exec(type);
  if (map) return `{${typeCode(map[1], format, queue)}}`;
  switch (type) {
    case 'string':
      return format === 'byte' ? 'y' : 's';
    case 'number':
      if (format === 'int32') return 'i';
      if (format === 'int64') return 'l';
      throw new Error(`a number of format ${JSON.stringify(format)}`);
    case 'boolean':
      return 'b';
    case 'IntOrString':
      return 'n';
    case 'Date':
    case 'any':
    case 'object':
      return '*';
    default:
      if (!/^V1[A-Za-z0-9]+$/.test(type)) throw new Error(`unknown client-node type ${type}`);
      queue.push(type);
      return structName(type);
  }
}

function generate() {
  const version = require(`${PACKAGE}/package.json`).version;
  const structs = new Map();
  const queue = [...ROOTS];
  const used = new Set();
  while (queue.length > 0) {
    const name = queue.shift();
    const struct = structName(name);
    if (structs.has(struct)) continue;
    const fields = [];
    structs.set(struct, fields);
    for (const a of model(name).attributeTypeMap) {
      // Objects may carry a status; the decoder accepts any (src/engine/validation.ts).
      if (a.baseName === 'status' && ROOTS.includes(name)) continue;
      const key = `${struct}.${a.baseName}`;
      let code = typeCode(a.type, a.format, OVERLAY[key] ? [] : queue);
      if (OVERLAY[key]) {
        used.add(key);
        code = OVERLAY[key];
      }
      fields.push(`${a.baseName}:${code}`);
    }
  }
  const unused = Object.keys(OVERLAY).filter((k) => !used.has(k) && structs.has(k.split('.')[0]));
  if (unused.length > 0) throw new Error(`overlay entries for fields the API does not have: ${unused}`);
  const lines = [...structs.keys()]
    .sort()
    .map((s) => `${s}|${structs.get(s).sort().join(',')}`)
    .join('\n');
  return `// GENERATED by scripts/gen-api.mjs from ${PACKAGE} ${version} (Kubernetes 1.33 API types)
// and the script's overlay. Do not edit: run \`npm run gen:api\`; test/gen-api.test.ts fails on drift.
//
// One struct per line, \`Name|field:type,...\`. Types: s string, e<Name> named Go string type
// v1.<Name>, i int32, l int64, b bool, q resource.Quantity, n intstr.IntOrString, y []byte
// (base64), r v1.ResourceList, * anything, [T] list, {T} map[string]T, other names: structs.
export const API_SCHEMA_TEXT = \`
${lines}
\`;
`;
}

const text = await prettier.format(generate(), {
  ...(await prettier.resolveConfig(OUT)),
  filepath: OUT,
});
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {
    // missing: reported as drift below
  }
  if (current !== text) {
    console.error(`${OUT} is not what scripts/gen-api.mjs generates: run npm run gen:api`);
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
}
