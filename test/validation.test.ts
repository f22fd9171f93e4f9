// Table-driven tests of src/engine/validation.ts: one row per rule, each with the exact message
// kubectl / the API server prints and the position the rejection points at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { FieldPath, RawDoc } from '../src/engine/manifest';
import type { SourcePosition } from '../src/engine/types';
import {
  MAX_REPLICAS,
  nginxAdmissionError,
  parseQuantity,
  validateDoc,
  type ValidationResult,
} from '../src/engine/validation';
import * as course from './course-manifests';

/** RawDocs the way the loader makes them; locate() gives the key of the deepest existing field. */
function rawDocs(text: string, file = 'test.yaml'): RawDoc[] {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter });
  if (!Array.isArray(parsed)) return [];
  const pos = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return parsed.map((d, index) => {
    const start = d.contents?.range[0] ?? d.range[0];
    return {
      body: d.toJS() as unknown,
      index,
      source: { file, start: pos(start), end: pos(d.range[1]) },
      locate(path: FieldPath): SourcePosition {
        let node: unknown = d.contents;
        let at = start;
        for (const seg of path) {
          if (isMap(node)) {
            const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
            if (pair === undefined || !isScalar(pair.key)) break;
            at = pair.key.range?.[0] ?? at;
            node = pair.value;
          } else if (isSeq(node) && typeof seg === 'number') {
            const item: unknown = node.items[seg];
            if (!isMap(item) && !isSeq(item) && !isScalar(item)) break;
            at = item.range?.[0] ?? at;
            node = item;
          } else break;
        }
        return pos(at);
      },
    };
  });
}

function one(text: string): RawDoc {
  const [doc] = rawDocs(text);
  assert.ok(doc, 'one document');
  return doc;
}

/** Replace one unique piece of a base manifest. */
function edit(base: string, from: string, to: string): string {
  assert.equal(base.split(from).length, 2, `"${from}" must occur once`);
  return base.replace(from, to);
}

const STS = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      type: db
  serviceName: web
  template:
    metadata:
      labels:
        type: db
    spec:
      containers:
      - name: c
        image: nginx
`;

const RS = edit(STS, 'kind: StatefulSet', 'kind: ReplicaSet').replace('  serviceName: web\n', '');
const DEPLOY = edit(RS, 'kind: ReplicaSet', 'kind: Deployment');

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: c
    image: nginx
`;

const SVC = `apiVersion: v1
kind: Service
metadata:
  name: svc
spec:
  selector:
    app: web
  ports:
  - port: 80
`;

const PVC = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 1Gi
`;

const ING = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: nginx
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: svc
            port:
              number: 80
`;

const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_NAME =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QUANTITY_FORMAT =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const STS_DECODE = 'StatefulSet in version "v1" cannot be handled as a StatefulSet: ';
const bullets = (head: string, ...lines: string[]): string =>
  `${head} \n` + lines.map((l) => `* ${l}`).join('\n');

interface Row {
  rule: string;
  yaml: string;
  message: string;
  line: number;
  column: number;
}

const ROWS: Row[] = [
  // --- kubectl: object kind ---------------------------------------------------------------
  {
    rule: 'POD-TYPO: misspelled apiVersion key',
    yaml: edit(POD, 'apiVersion: v1', 'piVersion: v1'),
    message: 'error validating data: apiVersion not set',
    line: 1,
    column: 1,
  },
  {
    rule: 'kind key missing',
    yaml: edit(POD, 'kind: Pod', 'knd: Pod'),
    message: 'error validating data: kind not set',
    line: 1,
    column: 1,
  },
  {
    rule: 'apiVersion and kind both missing',
    yaml: edit(edit(POD, 'kind: Pod', 'Kind: Pod'), 'apiVersion: v1', 'apiversion: v1'),
    message: 'error validating data: [apiVersion not set, kind not set]',
    line: 1,
    column: 1,
  },
  {
    rule: 'kind is not a string',
    yaml: edit(POD, 'kind: Pod', 'kind: 5'),
    message: "error validating data: kind isn't string type",
    line: 1,
    column: 1,
  },
  {
    rule: 'document is not an object',
    yaml: '- apiVersion: v1\n  kind: Pod\n',
    message: 'error validating data: invalid object to validate',
    line: 1,
    column: 1,
  },
  // --- kubectl: REST mapping --------------------------------------------------------------
  {
    rule: 'StatefulSet under a removed apiVersion',
    yaml: edit(STS, 'apiVersion: apps/v1', 'apiVersion: apps/v1beta1'),
    message: 'no matches for kind "StatefulSet" in version "apps/v1beta1"',
    line: 1,
    column: 1,
  },
  {
    rule: 'Ingress under extensions/v1beta1',
    yaml: edit(ING, 'apiVersion: networking.k8s.io/v1', 'apiVersion: extensions/v1beta1'),
    message: 'no matches for kind "Ingress" in version "extensions/v1beta1"',
    line: 1,
    column: 1,
  },
  {
    rule: 'kind is case-sensitive',
    yaml: edit(STS, 'kind: StatefulSet', 'kind: statefulset'),
    message: 'no matches for kind "statefulset" in version "apps/v1"',
    line: 2,
    column: 1,
  },
  {
    rule: 'misspelled kind in a built-in group',
    yaml: edit(DEPLOY, 'kind: Deployment', 'kind: Deploymnet'),
    message: 'no matches for kind "Deploymnet" in version "apps/v1"',
    line: 2,
    column: 1,
  },
  {
    rule: 'kind in the wrong group',
    yaml: edit(DEPLOY, 'apiVersion: apps/v1', 'apiVersion: v1'),
    message: 'no matches for kind "Deployment" in version "v1"',
    line: 1,
    column: 1,
  },
  {
    rule: 'unmodelled built-in kind under a removed version',
    yaml: 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: nightly\n',
    message: 'no matches for kind "CronJob" in version "batch/v1beta1"',
    line: 1,
    column: 1,
  },
  // --- API server: strict decoding --------------------------------------------------------
  {
    rule: 'replicas written as a word',
    yaml: edit(STS, 'replicas: 1', 'replicas: "three"'),
    message:
      STS_DECODE +
      'json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32',
    line: 6,
    column: 3,
  },
  {
    rule: 'replicas not an integer',
    yaml: edit(STS, 'replicas: 1', 'replicas: 1.5'),
    message:
      STS_DECODE +
      'json: cannot unmarshal number 1.5 into Go struct field StatefulSetSpec.spec.replicas of type int32',
    line: 6,
    column: 3,
  },
  {
    rule: 'replicas above int32',
    yaml: edit(STS, 'replicas: 1', 'replicas: 3000000000'),
    message:
      STS_DECODE +
      'json: cannot unmarshal number 3000000000 into Go struct field StatefulSetSpec.spec.replicas of type int32',
    line: 6,
    column: 3,
  },
  {
    rule: 'containers not a list',
    yaml: edit(STS, '      - name: c\n        image: nginx', '        name: c\n        image: nginx'),
    message:
      STS_DECODE +
      'json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container',
    line: 16,
    column: 7,
  },
  {
    rule: 'label value not a string',
    yaml: edit(STS, '        type: db', '        type: db\n        version: 1.0'),
    message:
      STS_DECODE +
      'json: cannot unmarshal number into Go struct field ObjectMeta.spec.template.metadata.labels of type string',
    line: 15,
    column: 9,
  },
  {
    rule: 'terminationGracePeriodSeconds as a string',
    yaml: edit(
      STS,
      '        image: nginx',
      '        image: nginx\n      terminationGracePeriodSeconds: "10"',
    ),
    message:
      STS_DECODE +
      'json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.terminationGracePeriodSeconds of type int64',
    line: 19,
    column: 7,
  },
  {
    rule: 'containerPort as a string',
    yaml: edit(POD, '    image: nginx', '    image: nginx\n    ports:\n    - containerPort: "8080"'),
    message:
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
    line: 12,
    column: 7,
  },
  {
    rule: 'targetPort neither number nor name',
    yaml: edit(SVC, '  - port: 80', '  - port: 80\n    targetPort: true'),
    message:
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32',
    line: 10,
    column: 5,
  },
  {
    rule: 'unknown field (typo)',
    yaml: edit(STS, '        image: nginx', '        image: nginx\n        imagePullPolcy: Always'),
    message:
      STS_DECODE + 'strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolcy"',
    line: 19,
    column: 9,
  },
  {
    rule: 'unknown fields from a wrong indentation',
    yaml: edit(STS, '    spec:\n      containers:', '      containers:'),
    message: STS_DECODE + 'strict decoding error: unknown field "spec.template.metadata.containers"',
    line: 15,
    column: 7,
  },
  {
    rule: 'unknown top-level field',
    yaml: edit(POD, 'spec:', 'specs:'),
    message: 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "specs"',
    line: 7,
    column: 1,
  },
  {
    rule: 'storage is not a quantity',
    yaml: edit(PVC, 'storage: 1Gi', 'storage: 1GB'),
    message:
      'PersistentVolumeClaim in version "v1" cannot be handled as a PersistentVolumeClaim: ' +
      QUANTITY_FORMAT,
    line: 10,
    column: 7,
  },
  {
    rule: 'Secret data must be base64',
    yaml: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: admin\n',
    message: 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4',
    line: 6,
    column: 3,
  },
  {
    rule: 'Secret base64 offsets follow encoding/base64',
    yaml: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: hello world\n',
    message: 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 5',
    line: 6,
    column: 3,
  },
  {
    rule: 'several unknown fields, in the order the server reads them',
    yaml: edit(POD, '    image: nginx', '    image: nginx\n    imagePullPolcy: Always\n    command2: [sh]'),
    message:
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].command2", unknown field "spec.containers[0].imagePullPolcy"',
    line: 12,
    column: 5,
  },
  {
    rule: 'a type error wins over unknown fields',
    yaml: edit(edit(STS, '  name: web', '  name: web\n  replicas: 3'), 'replicas: 1', 'replicas: "1"'),
    message:
      STS_DECODE +
      'json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32',
    line: 7,
    column: 3,
  },
  // --- API server: validation -------------------------------------------------------------
  {
    rule: 'metadata.name required',
    yaml: edit(STS, '  name: web', '  labels: {}'),
    message: 'The StatefulSet "" is invalid: metadata.name: Required value: name or generateName is required',
    line: 3,
    column: 1,
  },
  {
    rule: 'Pod names are RFC 1123 subdomains',
    yaml: edit(POD, '  name: web', '  name: Web_1'),
    message: `The Pod "Web_1" is invalid: metadata.name: Invalid value: "Web_1": ${DNS1123_SUBDOMAIN}`,
    line: 4,
    column: 3,
  },
  {
    rule: 'StatefulSet names are RFC 1123 labels',
    yaml: edit(STS, '  name: web', '  name: web.db'),
    message:
      'The StatefulSet "web.db" is invalid: metadata.name: Invalid value: "web.db": must not contain dots',
    line: 4,
    column: 3,
  },
  {
    rule: 'Service names are RFC 1035 labels',
    yaml: edit(SVC, '  name: svc', '  name: 1svc'),
    message: `The Service "1svc" is invalid: metadata.name: Invalid value: "1svc": ${DNS1035_LABEL}`,
    line: 4,
    column: 3,
  },
  {
    rule: 'Namespace names are RFC 1123 labels',
    yaml: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: Team-A\n',
    message: `The Namespace "Team-A" is invalid: metadata.name: Invalid value: "Team-A": ${DNS1123_LABEL}`,
    line: 4,
    column: 3,
  },
  {
    rule: 'label key format',
    yaml: edit(POD, '    app: web', '    app name: web'),
    message: `The Pod "web" is invalid: metadata.labels: Invalid value: "app name": ${QUALIFIED_NAME}`,
    line: 6,
    column: 5,
  },
  {
    rule: 'label value format',
    yaml: edit(POD, '    app: web', '    app: -web'),
    message: `The Pod "web" is invalid: metadata.labels: Invalid value: "-web": ${LABEL_VALUE}`,
    line: 6,
    column: 5,
  },
  {
    rule: 'negative replicas',
    yaml: edit(STS, 'replicas: 1', 'replicas: -1'),
    message:
      'The StatefulSet "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    line: 6,
    column: 3,
  },
  {
    rule: 'selector missing (StatefulSet)',
    yaml: edit(STS, '  selector:\n    matchLabels:\n      type: db\n', ''),
    message: bullets(
      'The StatefulSet "web" is invalid:',
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"type":"db"}: `selector` does not match template `labels`',
    ),
    line: 5,
    column: 1,
  },
  {
    rule: 'selector does not match template labels (StatefulSet)',
    yaml: edit(STS, '      type: db\n  serviceName', '      type: web\n  serviceName'),
    message:
      'The StatefulSet "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"type":"db"}: `selector` does not match template `labels`',
    line: 13,
    column: 7,
  },
  {
    rule: 'selector does not match template labels (ReplicaSet)',
    yaml: edit(RS, '      type: db\n  template', '      type: web\n  template'),
    message:
      'The ReplicaSet "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"type":"db"}: `selector` does not match template `labels`',
    line: 12,
    column: 7,
  },
  {
    rule: 'selector does not match template labels (Deployment)',
    yaml: edit(DEPLOY, '      type: db\n  template', '      type: web\n  template'),
    message:
      'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"type":"db"}: `selector` does not match template `labels`',
    line: 12,
    column: 7,
  },
  {
    rule: 'empty selector',
    yaml: edit(RS, '  selector:\n    matchLabels:\n      type: db\n', '  selector: {}\n'),
    message:
      'The ReplicaSet "web" is invalid: spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: empty selector is invalid for deployment',
    line: 7,
    column: 3,
  },
  {
    rule: 'pod template needs containers',
    yaml: edit(RS, '      containers:\n      - name: c\n        image: nginx\n', '      containers: []\n'),
    message: 'The ReplicaSet "web" is invalid: spec.template.spec.containers: Required value',
    line: 15,
    column: 7,
  },
  {
    rule: 'container name and image required',
    yaml: edit(DEPLOY, '      - name: c\n        image: nginx', '      - imagePullPolicy: Always'),
    message: bullets(
      'The Deployment "web" is invalid:',
      'spec.template.spec.containers[0].name: Required value',
      'spec.template.spec.containers[0].image: Required value',
    ),
    line: 16,
    column: 9,
  },
  {
    rule: 'container names are RFC 1123 labels',
    yaml: edit(POD, '  - name: c', '  - name: Web'),
    message: `The Pod "web" is invalid: spec.containers[0].name: Invalid value: "Web": ${DNS1123_LABEL}`,
    line: 9,
    column: 5,
  },
  {
    rule: 'container names are unique',
    yaml: edit(POD, '    image: nginx', '    image: nginx\n  - name: c\n    image: busybox'),
    message: 'The Pod "web" is invalid: spec.containers[1].name: Duplicate value: "c"',
    line: 11,
    column: 5,
  },
  {
    rule: 'volumeMounts must name a volume',
    yaml: edit(
      POD,
      '    image: nginx',
      '    image: nginx\n    volumeMounts:\n    - name: data\n      mountPath: /data',
    ),
    message: 'The Pod "web" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"',
    line: 12,
    column: 7,
  },
  {
    rule: 'image without surrounding spaces (Pod only)',
    yaml: edit(POD, '    image: nginx', '    image: " nginx"'),
    message:
      'The Pod "web" is invalid: spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
    line: 10,
    column: 5,
  },
  {
    rule: 'template missing',
    yaml: edit(DEPLOY, RS.slice(RS.indexOf('  template:')), ''),
    message: bullets(
      'The Deployment "web" is invalid:',
      'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
      'spec.template.spec.containers: Required value',
    ),
    line: 5,
    column: 1,
  },
  {
    rule: 'volumes need a source',
    yaml: edit(POD, 'spec:', 'spec:\n  volumes:\n  - name: data'),
    message: 'The Pod "web" is invalid: spec.volumes[0]: Required value: must specify a volume type',
    line: 9,
    column: 5,
  },
  {
    rule: 'requests may not exceed limits',
    yaml: edit(
      POD,
      '    image: nginx',
      '    image: nginx\n    resources:\n      requests:\n        memory: 1Gi\n      limits:\n        memory: 512Mi',
    ),
    message:
      'The Pod "web" is invalid: spec.containers[0].resources.requests: Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi',
    line: 13,
    column: 9,
  },
  {
    rule: 'ReplicaSet pods must restart Always',
    yaml: edit(RS, '        image: nginx', '        image: nginx\n      restartPolicy: Never'),
    message:
      'The ReplicaSet "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    line: 18,
    column: 7,
  },
  {
    rule: 'podManagementPolicy values',
    yaml: edit(STS, '  serviceName: web', '  serviceName: web\n  podManagementPolicy: Sequential'),
    message:
      'The StatefulSet "web" is invalid: spec.podManagementPolicy: Invalid value: "Sequential": must be \'OrderedReady\' or \'Parallel\'',
    line: 11,
    column: 3,
  },
  {
    rule: 'updateStrategy.type values',
    yaml: edit(STS, '  serviceName: web', '  serviceName: web\n  updateStrategy:\n    type: Rolling'),
    message:
      'The StatefulSet "web" is invalid: spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:"Rolling", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be \'RollingUpdate\' or \'OnDelete\'',
    line: 11,
    column: 3,
  },
  {
    rule: 'rollingUpdate only with RollingUpdate',
    yaml: edit(
      STS,
      '  serviceName: web',
      '  serviceName: web\n  updateStrategy:\n    type: OnDelete\n    rollingUpdate:\n      partition: 2',
    ),
    message:
      'The StatefulSet "web" is invalid: spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:2, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy \'RollingUpdate\'',
    line: 13,
    column: 5,
  },
  {
    rule: 'partition ≥ 0',
    yaml: edit(
      STS,
      '  serviceName: web',
      '  serviceName: web\n  updateStrategy:\n    rollingUpdate:\n      partition: -1',
    ),
    message:
      'The StatefulSet "web" is invalid: spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
    line: 13,
    column: 7,
  },
  {
    rule: 'ordinals.start ≥ 0',
    yaml: edit(STS, '  serviceName: web', '  serviceName: web\n  ordinals:\n    start: -1'),
    message:
      'The StatefulSet "web" is invalid: spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0',
    line: 12,
    column: 5,
  },
  {
    rule: 'persistentVolumeClaimRetentionPolicy values',
    yaml: edit(
      STS,
      '  serviceName: web',
      '  serviceName: web\n  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Keep',
    ),
    message:
      'The StatefulSet "web" is invalid: spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: "Keep": supported values: "Retain", "Delete"',
    line: 12,
    column: 5,
  },
  {
    rule: 'volumeClaimTemplates need access modes and storage',
    yaml:
      STS +
      '  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      storageClassName: fast\n',
    message: bullets(
      'The StatefulSet "web" is invalid:',
      'spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required',
      'spec.volumeClaimTemplates[0].spec.resources[storage]: Required value',
    ),
    line: 22,
    column: 5,
  },
  {
    rule: 'PVC access modes required',
    yaml: edit(PVC, '  accessModes:\n  - ReadWriteOnce\n', ''),
    message:
      'The PersistentVolumeClaim "data" is invalid: spec.accessModes: Required value: at least 1 access mode is required',
    line: 5,
    column: 1,
  },
  {
    rule: 'PVC access mode values',
    yaml: edit(PVC, '  - ReadWriteOnce', '  - ReadWrite'),
    message:
      'The PersistentVolumeClaim "data" is invalid: spec.accessModes: Unsupported value: "ReadWrite": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    line: 6,
    column: 3,
  },
  {
    rule: 'PVC storage request required',
    yaml: edit(PVC, '      storage: 1Gi', '      cpu: 1'),
    message: 'The PersistentVolumeClaim "data" is invalid: spec.resources[storage]: Required value',
    line: 9,
    column: 5,
  },
  {
    rule: 'PVC storage request positive',
    yaml: edit(PVC, 'storage: 1Gi', 'storage: "0"'),
    message:
      'The PersistentVolumeClaim "data" is invalid: spec.resources[storage]: Invalid value: "0": must be greater than zero',
    line: 10,
    column: 7,
  },
  {
    rule: 'PV needs a capacity',
    yaml: 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv1\nspec:\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /data\n',
    message: bullets(
      'The PersistentVolume "pv1" is invalid:',
      'spec.capacity: Required value',
      'spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage"',
    ),
    line: 5,
    column: 1,
  },
  {
    rule: 'PV needs a volume source',
    yaml: 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv1\nspec:\n  accessModes: [ReadWriteOnce]\n  capacity:\n    storage: 1Gi\n',
    message: 'The PersistentVolume "pv1" is invalid: spec: Required value: must specify a volume type',
    line: 5,
    column: 1,
  },
  {
    rule: 'Service ports required (unless headless)',
    yaml: edit(SVC, '  ports:\n  - port: 80\n', ''),
    message: 'The Service "svc" is invalid: spec.ports: Required value',
    line: 5,
    column: 1,
  },
  {
    rule: 'Service port range (targetPort defaults to port)',
    yaml: edit(SVC, '  - port: 80', '  - port: 70000'),
    message: bullets(
      'The Service "svc" is invalid:',
      'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ),
    line: 9,
    column: 5,
  },
  {
    rule: 'Service named targetPort',
    yaml: edit(SVC, '  - port: 80', '  - port: 80\n    targetPort: HTTP'),
    message: bullets(
      'The Service "svc" is invalid:',
      'spec.ports[0].targetPort: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ports[0].targetPort: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ),
    line: 10,
    column: 5,
  },
  {
    rule: 'Service ports need names when there are several',
    yaml: edit(SVC, '  - port: 80', '  - port: 80\n  - port: 443'),
    message: bullets(
      'The Service "svc" is invalid:',
      'spec.ports[0].name: Required value',
      'spec.ports[1].name: Required value',
    ),
    line: 9,
    column: 5,
  },
  {
    rule: 'Service type values',
    yaml: edit(SVC, 'spec:', 'spec:\n  type: Nodeport'),
    message:
      'The Service "svc" is invalid: spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    line: 6,
    column: 3,
  },
  {
    rule: 'nodePort range',
    yaml: edit(
      edit(SVC, 'spec:', 'spec:\n  type: NodePort'),
      '  - port: 80',
      '  - port: 80\n    nodePort: 80',
    ),
    message:
      'The Service "svc" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    line: 11,
    column: 5,
  },
  {
    rule: 'ING-PATHTYPE-REQ',
    yaml: edit(ING, '        pathType: Prefix\n', ''),
    message:
      'The Ingress "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    line: 10,
    column: 9,
  },
  {
    rule: 'ING-CLASS-BOTH',
    yaml: edit(ING, '  name: web', '  name: web\n  annotations:\n    kubernetes.io/ingress.class: nginx'),
    message:
      'The Ingress "web" is invalid: annotations.kubernetes.io/ingress.class: Invalid value: "nginx": can not be set when the class field is also set',
    line: 6,
    column: 5,
  },
  {
    rule: 'Ingress backend port name or number',
    yaml: edit(ING, '            port:\n              number: 80\n', ''),
    message:
      'The Ingress "web" is invalid: spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
    line: 12,
    column: 9,
  },
  {
    rule: 'Ingress backend service',
    yaml: edit(
      ING,
      '          service:\n            name: svc\n            port:\n              number: 80\n',
      '          {}\n',
    ),
    message:
      'The Ingress "web" is invalid: spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required',
    line: 12,
    column: 9,
  },
  {
    rule: 'Ingress backend service name',
    yaml: edit(ING, '            name: svc', '            name: Svc'),
    message: `The Ingress "web" is invalid: spec.rules[0].http.paths[0].backend.service.name: Invalid value: "Svc": ${DNS1035_LABEL}`,
    line: 14,
    column: 13,
  },
  {
    rule: 'Ingress paths are absolute',
    yaml: edit(ING, '      - path: /', '      - path: web'),
    message:
      'The Ingress "web" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "web": must be an absolute path',
    line: 10,
    column: 9,
  },
  {
    rule: 'Deployment maxSurge and maxUnavailable not both 0',
    yaml: edit(
      DEPLOY,
      '  template:',
      '  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n  template:',
    ),
    message:
      'The Deployment "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    line: 13,
    column: 7,
  },
  {
    rule: 'Deployment rollingUpdate with Recreate',
    yaml: edit(
      DEPLOY,
      '  template:',
      '  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n  template:',
    ),
    message:
      'The Deployment "web" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is \'Recreate\'',
    line: 12,
    column: 5,
  },
  {
    rule: 'StorageClass provisioner required',
    yaml: 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nreclaimPolicy: Delete\n',
    message: 'The StorageClass "fast" is invalid: provisioner: Required value',
    line: 1,
    column: 1,
  },
  {
    rule: 'TLS Secret keys',
    yaml: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: x\n',
    message: 'The Secret "tls" is invalid: data[tls.key]: Required value',
    line: 1,
    column: 1,
  },
  {
    rule: 'ConfigMap keys',
    yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  my key: x\n',
    message:
      "The ConfigMap \"cfg\" is invalid: data[my key]: Invalid value: \"my key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    line: 6,
    column: 3,
  },
  // --- the simulator's own limit ----------------------------------------------------------
  {
    rule: 'replicas above the simulated maximum',
    yaml: edit(STS, 'replicas: 1', 'replicas: 1e9'),
    message: 'k8s-sim: spec.replicas 1000000000 is above the largest value simulated (100000)',
    line: 6,
    column: 3,
  },
];

for (const row of ROWS) {
  test(`rejects: ${row.rule}`, () => {
    const result = validateDoc(one(row.yaml));
    assert.equal(result.ok, false, JSON.stringify(result));
    if (result.ok !== false) return;
    assert.equal(result.rejection.message, row.message);
    assert.deepEqual(
      { line: result.rejection.line, column: result.rejection.column },
      { line: row.line, column: row.column },
    );
    assert.equal(result.rejection.file, 'test.yaml');
  });
}

test('rejection names the object: kind, name, namespace (default for namespaced kinds)', () => {
  const r = validateDoc(one(edit(STS, 'replicas: 1', 'replicas: -1')));
  assert.equal(r.ok, false);
  if (r.ok !== false) return;
  assert.deepEqual(
    { kind: r.rejection.kind, name: r.rejection.name, namespace: r.rejection.namespace },
    { kind: 'StatefulSet', name: 'web', namespace: 'default' },
  );
  const pv = validateDoc(
    one('apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv1\n  namespace: x\nspec: {}\n'),
  );
  assert.equal(pv.ok, false);
  if (pv.ok !== false) return;
  assert.equal(pv.rejection.namespace, '');
});

test('replicas 1e9 is a valid int32, only the simulator refuses it; MAX_REPLICAS itself runs', () => {
  assert.equal(validateDoc(one(edit(STS, 'replicas: 1', `replicas: ${MAX_REPLICAS}`))).ok, true);
  assert.equal(validateDoc(one(edit(STS, 'replicas: 1', `replicas: ${MAX_REPLICAS + 1}`))).ok, false);
});

test('kinds the engine does not model are reported as not simulated', () => {
  const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: once\nspec: {}\n';
  const crd = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n';
  const r1 = validateDoc(rawDocs('---\n' + job, 'jobs.yaml')[0] ?? one(job));
  assert.deepEqual(r1, {
    ok: 'not-simulated',
    item: { apiVersion: 'batch/v1', kind: 'Job', name: 'once', file: 'jobs.yaml', line: 2 },
  });
  assert.equal(validateDoc(one(crd)).ok, 'not-simulated');
  assert.equal(validateDoc(one(edit(STS, 'kind: StatefulSet', 'kind: DaemonSet'))).ok, 'not-simulated');
});

test('accepted manifests keep their data and get the default namespace', () => {
  const r = validateDoc(one(STS));
  assert.equal(r.ok, true);
  if (r.ok !== true) return;
  const m = r.manifest.manifest;
  assert.equal(m.kind, 'StatefulSet');
  assert.equal(m.metadata?.namespace, 'default');
  assert.equal(m.metadata?.name, 'web');
  assert.equal(m.kind === 'StatefulSet' ? m.spec?.replicas : undefined, 1);
  assert.deepEqual(r.manifest.locate(['spec', 'replicas']), { line: 6, column: 3 });
  const ns = validateDoc(one('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n'));
  assert.equal(ns.ok, true);
  if (ns.ok !== true) return;
  assert.equal(ns.manifest.manifest.metadata?.namespace, undefined);
});

test('valid variants pass: headless Service without ports, generateName, quantities, claim-template mounts', () => {
  const cases = [
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector:\n    app: db\n',
    edit(POD, '  name: web', '  generateName: web-'),
    edit(PVC, 'storage: 1Gi', 'storage: 1e3'),
    edit(PVC, 'storage: 1Gi', 'storage: 500Mi'),
    edit(SVC, '  - port: 80', '  - port: 80\n    targetPort: http'),
    edit(
      DEPLOY,
      '  template:',
      '  strategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n  template:',
    ),
  ];
  for (const text of cases) assert.deepEqual(validateDoc(one(text)).ok, true, text);
});

// The course's manifests (seed/controller-intermediate.ko.md and seed/ingress-practice.yaml).
const COURSE_CONTROLLER = course.file(
  course.REPLICA_WEB,
  course.STATEFUL_DB,
  course.REPLICA_PVC1,
  course.replicaPvc(),
  course.statefulPvc(),
  course.STATEFUL_HEADLESS,
  course.REQUEST_POD,
);

const COURSE_INGRESS = course.file(
  course.SERVICE_LOADBALANCING,
  course.APP_V1_V2,
  course.INGRESS_APP,
  course.CANARY_V2,
  course.CANARY_KR,
  course.HTTPS,
);

test('the course manifests validate, except the Pod with `piVersion`', () => {
  const results = rawDocs(COURSE_CONTROLLER, 'controller.yaml').map(validateDoc);
  assert.equal(results.length, 7);
  results.slice(0, 6).forEach((r, i) => assert.equal(r.ok, true, `document ${i}: ${JSON.stringify(r)}`));
  const typo: ValidationResult | undefined = results[6];
  assert.deepEqual(typo, {
    ok: false,
    rejection: {
      kind: 'Pod',
      name: 'request-pod',
      namespace: 'default',
      file: 'controller.yaml',
      line: COURSE_CONTROLLER.split('\n').findIndex((l) => l.startsWith('piVersion:')) + 1,
      column: 1,
      message: 'error validating data: apiVersion not set',
    },
  });
  const ingress = rawDocs(COURSE_INGRESS, 'ingress.yaml').map(validateDoc);
  assert.equal(ingress.length, 17);
  ingress.forEach((r, i) => assert.equal(r.ok, true, `document ${i}: ${JSON.stringify(r)}`));
});

test('parseQuantity reads Kubernetes quantities', () => {
  const cases: Array<[string | number, number | null]> = [
    ['1G', 1e9],
    ['1Gi', 1073741824],
    ['500Mi', 524288000],
    ['1e3', 1000],
    ['100m', 0.1],
    ['1.5Gi', 1610612736],
    ['2k', 2000],
    [1.5, 1.5],
    [1073741824, 1073741824],
    [' 2Gi ', 2147483648],
    ['0', 0],
    ['1GB', null],
    ['1K', null],
    ['', null],
    ['abc', null],
  ];
  for (const [input, expected] of cases) assert.equal(parseQuantity(input), expected, String(input));
});

test('ingress-nginx admission (strict-validate-path-type) refuses regex paths outside ImplementationSpecific', () => {
  const regex = edit(ING, '      - path: /', '      - path: /app(/|$)(.*)');
  const body = one(regex).body;
  assert.equal(
    nginxAdmissionError(body),
    'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: ingress contains invalid paths: path /app(/|$)(.*) cannot be used with pathType Prefix',
  );
  assert.equal(
    nginxAdmissionError(one(edit(regex, 'pathType: Prefix', 'pathType: ImplementationSpecific')).body),
    null,
  );
  assert.equal(nginxAdmissionError(one(ING).body), null);
});
