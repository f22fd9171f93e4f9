// Hostile corpus, API semantics: input a real cluster accepts or refuses item by item must be
// accepted or refused the same way here, with the API server's words, and never stop the run.
import assert from 'node:assert/strict';
import { hostileCases, tmpDir } from './harness';

// Made at file level: the harness's `after` hook then removes the folder when the file ends
// (made inside the first test, the hook would run after that test and remove it too early).
tmpDir();

const scenario = (name: string, body: string): string => `apiVersion: k8s-sim/v1
kind: Scenario
metadata: {name: ${name}}
spec:
${body}`;

const POD = (image: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  terminationGracePeriodSeconds: 5
  containers:
    - name: app
      image: ${image}
${extra}`;

hostileCases([
  {
    name: 'kind List: items applied one by one, an invalid item refused alone at its line',
    files: {
      'list.yaml': `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: {name: x}
    spec:
      selector: {app: x}
      ports: [{port: 80}]
  - apiVersion: v1
    kind: Pod
    metadata: {name: Bad_Name}
    spec:
      containers: [{name: app, image: nginx}]
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: cfg}
    data: {a: b}
`,
    },
    args: ['list.yaml'],
    code: 0,
    output: [
      /service\/x created/,
      /configmap\/cfg created/,
      /list\.yaml:12:16: Pod\/Bad_Name: The Pod "Bad_Name" is invalid/,
    ],
    json: (r) => {
      assert.deepEqual(
        r.rejected.map((x) => [x.kind, x.name, x.line, x.column]),
        [['Pod', 'Bad_Name', 12, 16]],
      );
      assert.deepEqual(r.notSimulated, []);
      assert.ok(r.state.services.some((s) => s.name === 'x'));
      assert.ok(!r.state.pods.some((p) => p.name === 'Bad_Name'));
    },
  },
  {
    name: 'typed lists: PodList items without apiVersion and kind are Pods, ServiceList items apply',
    files: {
      'lists.yaml': `apiVersion: v1
kind: PodList
items:
  - metadata: {name: p1}
    spec:
      containers: [{name: app, image: nginx}]
---
apiVersion: v1
kind: ServiceList
items:
  - apiVersion: v1
    kind: Service
    metadata: {name: s1}
    spec:
      selector: {app: x}
      ports: [{port: 80}]
`,
    },
    args: ['lists.yaml'],
    code: 0,
    output: [/pod\/p1 created/, /service\/s1 created/],
    json: (r) => {
      assert.deepEqual(r.rejected, []);
      assert.deepEqual(
        r.state.pods.map((p) => [p.name, p.status]),
        [['p1', 'Running']],
      );
    },
  },
  {
    name: 'pod image update is allowed: the container restarts in the same pod',
    files: {
      'pod.yaml': POD('nginx:1.27'),
      'pod-v2.yaml': POD('nginx:1.28'),
      's.yaml': scenario(
        'image',
        `  manifests: [{file: pod.yaml}]
  steps:
    - apply: {file: pod-v2.yaml}
    - expect:
        rejected: []
        ready: [web]
        events: [Started Pod/web, Killing Pod/web, Pulled Pod/web, Created Pod/web, Started Pod/web]
`,
      ),
    },
    args: ['s.yaml'],
    code: 0,
    output: [/pod\/web configured/, /Container app definition changed, will be restarted/],
    json: (r) => {
      const web = r.state.pods.find((p) => p.name === 'web');
      assert.ok(web);
      assert.equal(web.restarts, 1);
      assert.equal(r.steps[0].rejected.length, 0);
      // One incarnation: the pod was not recreated.
      assert.equal(r.objects.filter((o) => o.kind === 'Pod' && o.name === 'web').length, 1);
      const killing = r.events.find((e) => e.reason === 'Killing');
      assert.equal(killing?.message, 'Container app definition changed, will be restarted');
      const pulled = r.events.filter((e) => e.reason === 'Pulled').map((e) => e.message);
      assert.deepEqual(pulled, [
        'Container image "nginx:1.27" already present on machine',
        'Container image "nginx:1.28" already present on machine',
      ]);
    },
  },
  {
    name: 'pod update of another field is refused with the list of fields that may change',
    files: {
      'pod.yaml': POD('nginx'),
      'pod-env.yaml': POD('nginx', '      env: [{name: A, value: b}]'),
      's.yaml': scenario(
        'env',
        `  manifests: [{file: pod.yaml}]
  steps:
    - apply: {file: pod-env.yaml}
    - expect: {rejected: [pod/web]}
`,
      ),
    },
    args: ['s.yaml'],
    code: 0,
    output: [
      /The Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`,`spec\.initContainers\[\*\]\.image`,`spec\.activeDeadlineSeconds`,`spec\.tolerations` \(only additions to existing tolerations\),`spec\.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)/,
    ],
  },
  {
    name: 'rejected: [] fails once something was refused',
    files: {
      'bad.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: Bad_Name}\nspec:\n  containers: [{name: a, image: nginx}]\n',
      's.yaml': scenario(
        'nothing-refused',
        `  manifests: [{file: bad.yaml}]
  steps:
    - expect: {rejected: []}
`,
      ),
    },
    args: ['s.yaml'],
    code: 1,
    output: [/rejected: expected nothing to be refused, refused so far: \[Pod\/Bad_Name\]/],
    json: (r) => {
      assert.equal(r.ok, false);
      assert.equal(r.steps[0].expectations[0].ok, false);
    },
  },
  {
    name: 'NodePort collisions are refused; the ingress controller holds its own node ports',
    files: {
      'svc.yaml': ['a', 'b', 'c']
        .map(
          (name, i) => `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  type: NodePort
  selector: {app: x}
  ports: [{port: 80, nodePort: ${i === 2 ? 30431 : 30000}}]
`,
        )
        .join('---\n'),
    },
    args: ['svc.yaml'],
    code: 0,
    output: [
      /The Service "b" is invalid: spec\.ports\[0\]\.nodePort: Invalid value: 30000: provided port is already allocated/,
      /The Service "c" is invalid: spec\.ports\[0\]\.nodePort: Invalid value: 30431: provided port is already allocated/,
      /service\/a created/,
    ],
    json: (r) => {
      assert.deepEqual(
        r.rejected.map((x) => [x.name, x.line, x.column]),
        [
          ['b', 15, 22],
          ['c', 23, 22],
        ],
      );
      assert.deepEqual(r.state.services.find((s) => s.name === 'a')?.ports[0].nodePort, 30000);
    },
  },
  {
    name: 'an automatic node port does not take the port a later manifest asks for',
    files: {
      'svc.yaml': `apiVersion: v1
kind: Service
metadata: {name: auto}
spec:
  type: NodePort
  selector: {app: x}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: fixed}
spec:
  type: NodePort
  selector: {app: x}
  ports: [{port: 80, nodePort: 30000}]
`,
    },
    args: ['svc.yaml'],
    code: 0,
    output: [/service\/auto created/, /service\/fixed created/],
    json: (r) => {
      assert.deepEqual(r.rejected, []);
      const port = (n: string) => r.state.services.find((s) => s.name === n)?.ports[0].nodePort;
      assert.equal(port('fixed'), 30000);
      assert.notEqual(port('auto'), 30000);
    },
  },
  {
    name: 'the default namespace cannot be deleted',
    files: {
      's.yaml': scenario(
        'immortal',
        `  steps:
    - delete: {kind: Namespace, name: default}
    - delete: {kind: ns, name: kube-system}
    - delete: {kind: namespace, name: kube-node-lease}
`,
      ),
    },
    args: ['s.yaml'],
    code: 1,
    output: [
      /namespaces "default" is forbidden: this namespace may not be deleted/,
      /namespaces "kube-system" is forbidden: this namespace may not be deleted/,
    ],
    json: (r) => {
      assert.deepEqual(
        r.steps.map((s) => s.expectations.every((e) => e.ok)),
        [false, false, true],
      );
      assert.deepEqual(r.steps[2].output, ['namespace "kube-node-lease" deleted']);
    },
  },
]);
