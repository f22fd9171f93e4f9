// Hostile regular expressions through the CLI: ingress-nginx use-regex paths and canary-by-header-pattern
// run on RE2, so a pattern built for catastrophic backtracking finishes; one RE2 cannot compile is a
// warning naming the Ingress, in the text output and in the JSON `warnings`.
import assert from 'node:assert/strict';
import { hostileCases, tmpDir } from './harness';

// Made at file level so that its clean-up runs after all cases, not after the first.
tmpDir();

const APP = `apiVersion: v1
kind: Pod
metadata: {name: pod-a, labels: {app: a}}
spec: {containers: [{name: c, image: kubetm/app:v1}]}
---
apiVersion: v1
kind: Pod
metadata: {name: pod-b, labels: {app: b}}
spec: {containers: [{name: c, image: kubetm/app:v2}]}
---
apiVersion: v1
kind: Service
metadata: {name: svc-a}
spec: {selector: {app: a}, ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: svc-b}
spec: {selector: {app: b}, ports: [{port: 8080}]}
`;

function ingress(name: string, annotations: Record<string, string>, paths: Array<[string, string]>): string {
  const ann = Object.entries(annotations)
    .map(([k, v]) => `    nginx.ingress.kubernetes.io/${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  annotations:
${ann}
spec:
  ingressClassName: nginx
  rules:
    - host: re.example.com
      http:
        paths:
${paths.map(([p, svc]) => `          - {path: ${JSON.stringify(p)}, pathType: ImplementationSpecific, backend: {service: {name: ${svc}, port: {number: 8080}}}}`).join('\n')}
`;
}

function scenario(steps: string): string {
  return `apiVersion: k8s-sim/v1
kind: Scenario
metadata: {name: hostile-regex}
spec:
  manifests:
    - file: manifests.yaml
  steps:
${steps}`;
}

const LONG = 'a'.repeat(48);

hostileCases([
  {
    name: 'use-regex /(a+)+$ against a 49-character path',
    files: {
      'manifests.yaml':
        APP +
        ingress('evil', { 'use-regex': 'true' }, [
          ['/(a+)+$', 'svc-a'],
          ['/', 'svc-b'],
        ]),
      'scenario.yaml': scenario(`    - request: {url: "http://re.example.com:30431/${LONG}!", count: 3}
    - expect: {traffic: {svc-b: "100%"}}
    - request: {url: "http://re.example.com:30431/${LONG}", count: 3}
    - expect: {traffic: {svc-a: "100%"}}
`),
    },
    args: ['scenario.yaml'],
    code: 0,
    output: [/✓ traffic: svc-b got 100%/, /✓ traffic: svc-a got 100%/, /2 expectations held/],
    json: (r) => {
      assert.equal(r.ok, true);
      assert.equal(r.warnings, undefined);
    },
  },
  {
    name: 'canary-by-header-pattern ^(a+)+$ against a 49-character header',
    files: {
      'manifests.yaml':
        APP +
        ingress('primary', {}, [['/', 'svc-a']]) +
        ingress(
          'canary',
          { canary: 'true', 'canary-by-header': 'X-Canary', 'canary-by-header-pattern': '^(a+)+$' },
          [['/', 'svc-b']],
        ),
      'scenario.yaml':
        scenario(`    - request: {url: "http://re.example.com:30431/", headers: {X-Canary: "${LONG}!"}, count: 3}
    - expect: {traffic: {svc-a: "100%"}}
    - request: {url: "http://re.example.com:30431/", headers: {X-Canary: "${LONG}"}, count: 3}
    - expect: {traffic: {svc-b: "100%"}}
`),
    },
    args: ['scenario.yaml'],
    code: 0,
    output: [/2 expectations held/],
  },
  {
    name: 'a lookahead path RE2 cannot compile is a warning naming the Ingress',
    files: {
      'manifests.yaml':
        APP +
        ingress('lookahead', { 'use-regex': 'true' }, [
          ['/(?=api)api', 'svc-a'],
          ['/', 'svc-b'],
        ]),
    },
    args: ['manifests.yaml'],
    code: 0,
    output: [/Ingress default\/lookahead: path "\/\(\?=api\)api".*cannot evaluate it/],
    json: (r) => {
      assert.equal(r.warnings?.length, 1, JSON.stringify(r.warnings));
      assert.match(r.warnings?.[0] ?? '', /^Ingress default\/lookahead: .*nginx uses PCRE and may accept it/);
    },
  },
  {
    name: 'a backreference in canary-by-header-pattern is a warning naming the Ingress',
    files: {
      'manifests.yaml':
        APP +
        ingress('primary', {}, [['/', 'svc-a']]) +
        ingress(
          'backref',
          { canary: 'true', 'canary-by-header': 'X-Canary', 'canary-by-header-pattern': '(a)\\1' },
          [['/', 'svc-b']],
        ),
    },
    args: ['manifests.yaml'],
    code: 0,
    output: [/Ingress default\/backref: annotation nginx.ingress.kubernetes.io\/canary-by-header-pattern/],
    json: (r) => {
      assert.match(r.warnings?.[0] ?? '', /^Ingress default\/backref: .*cannot evaluate it/);
    },
  },
]);
