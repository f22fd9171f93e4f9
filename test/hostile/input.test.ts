// Hostile input, part 1 (issue 12): bad bytes, overflowing numbers, alias bombs, odd paths and
// huge replica counts each end in one `file:line:col: error: ...` line and exit code 2, or run
// as kubectl would. Runs the bundled CLI (see harness.ts); no case measures time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hostileCases, tmpDir } from './harness';

// Created here, at the top level, so that its `after` clean-up belongs to the file: created inside
// the first test, it would be removed when that test ends.
tmpDir();

const RS = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: c
          image: nginx
`;

/** A scenario over rs.yaml whose steps are `steps` (YAML list items, indented by 4). */
function scenario(steps: string, extraSpec = ''): string {
  return `apiVersion: k8s-sim/v1
kind: Scenario
metadata: {name: hostile}
spec:
${extraSpec}  manifests: [{file: rs.yaml}]
  steps:
${steps}`;
}

/** A ConfigMap whose data holds `uses` aliases of one anchored scalar. */
function aliases(uses: number): string {
  let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aliases\ndata:\n  a: &a v\n';
  for (let i = 0; i < uses; i++) text += `  k${i}: *a\n`;
  return text;
}

const LIMIT = /k8s-sim: spec\.replicas \d+ is above the largest value simulated \(100000\)/;

hostileCases([
  // 1. Durations: refused above one year, never Infinity or NaN.
  {
    name: 'wait: 1.7e308',
    files: { 'rs.yaml': RS, 's.yaml': scenario('    - wait: 1.7e308\n') },
    args: ['s.yaml'],
    code: 2,
    output: [
      /^s\.yaml:7:13: error: "wait": duration 1\.7e308 is longer than the maximum of 1 year \(31,536,000 s\)$/m,
    ],
  },
  {
    name: 'for: 1e400s',
    files: {
      'rs.yaml': RS,
      's.yaml': scenario('    - scale: {kind: rs, name: web, replicas: 2}\n      for: 1e400s\n'),
    },
    args: ['s.yaml'],
    code: 2,
    output: [/^s\.yaml:8:12: error: "for" in step 1: invalid duration "1e400s"/m],
  },
  {
    name: 'settleLimit: 99999999999h',
    files: { 'rs.yaml': RS, 's.yaml': scenario('    - wait: 1s\n', '  settleLimit: 99999999999h\n') },
    args: ['s.yaml'],
    code: 2,
    output: [
      /^s\.yaml:5:16: error: "settleLimit" in spec: duration "99999999999h" is longer than the maximum/m,
    ],
  },
  {
    name: 'wait: .inf',
    files: { 'rs.yaml': RS, 's.yaml': scenario('    - wait: .inf\n') },
    args: ['s.yaml'],
    code: 2,
    output: [/^s\.yaml:7:13: error: \.inf is not a number JSON can hold/m],
  },
  {
    name: 'a wait of exactly one year runs, and every time in the JSON is a number',
    files: { 'rs.yaml': RS, 's.yaml': scenario('    - wait: 8760h\n') },
    args: ['s.yaml'],
    code: 0,
    output: [/wait/],
    json: (r) => {
      const times = r.steps.flatMap((s) => [s.start, s.end]).concat(r.events.map((e) => e.t));
      for (const t of times) {
        if (typeof t !== 'number' || !Number.isFinite(t)) throw new Error(`time ${String(t)}`);
      }
      if (Math.max(...times) !== 31_536_000 + r.steps[0].start) throw new Error(`end ${Math.max(...times)}`);
    },
  },
  // 2. Invalid UTF-8, at the line and column of the first bad byte.
  {
    name: 'a manifest in Latin-1',
    files: {
      'latin1.yaml': Buffer.concat([
        Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  greeting: "caf'),
        Buffer.from([0xe9]),
        Buffer.from('"\n'),
      ]),
    },
    args: ['latin1.yaml'],
    code: 2,
    output: [/^latin1\.yaml:6:17: error: invalid UTF-8: byte 0xE9 starts a character that is cut short/m],
  },
  {
    name: 'a scenario with a stray continuation byte after valid UTF-8',
    files: {
      'rs.yaml': RS,
      's.yaml': Buffer.concat([Buffer.from(scenario('    - wait: 1s # é ')), Buffer.from([0x80, 0x0a])]),
    },
    args: ['s.yaml'],
    code: 2,
    output: [/^s\.yaml:7:20: error: invalid UTF-8: byte 0x80 continues a character that was never started/m],
  },
  // 3. Alias limit: exactly 100 expansions per document.
  {
    name: '100 alias expansions are accepted',
    files: { 'al.yaml': aliases(100) },
    args: ['al.yaml'],
    code: 0,
    output: [/configmap\/aliases created/],
  },
  {
    name: '101 alias expansions are refused',
    files: { 'al.yaml': aliases(101) },
    args: ['al.yaml'],
    code: 2,
    output: [
      /^al\.yaml:1:1: error: too many YAML alias expansions \(possible alias bomb\): more than 100 in one document, reached by the alias at line 107, column 9$/m,
    ],
  },
  // 4. Scalars kubectl reads as strings stay strings.
  {
    name: 'args: [.] and command: ["ls", .] are strings',
    files: {
      'dot.yaml': RS.replace(
        'image: nginx\n',
        'image: nginx\n          command: ["ls", .]\n          args: [., e5, -.]\n',
      ),
    },
    args: ['dot.yaml'],
    code: 0,
    output: [/replicaset\.apps\/web created/],
    json: (r) => {
      if (r.rejected.length !== 0) throw new Error(JSON.stringify(r.rejected));
    },
  },
  {
    name: '.nan in a string field is refused as kubectl refuses it',
    files: { 'nan.yaml': RS.replace('image: nginx\n', 'image: nginx\n          args: [.nan]\n') },
    args: ['nan.yaml'],
    code: 2,
    output: [/^nan\.yaml:16:18: error: \.nan is not a number JSON can hold; kubectl refuses the file/m],
  },
  // 5. Honest file errors.
  {
    name: 'a symlink loop on the command line',
    files: {},
    setup: (dir) => {
      fs.symlinkSync('b', path.join(dir, 'a'));
      fs.symlinkSync('a', path.join(dir, 'b'));
    },
    args: ['a'],
    code: 2,
    output: [/^a:1:1: error: cannot read file: too many levels of symbolic links$/m],
  },
  {
    name: "a Helm chart's template: one line saying so, not a YAML error per line",
    files: {
      'svc.yaml':
        'kind: Service\nmetadata:\n  name: {{ include "app.fullname" . }}\n  labels:\n    {{- include "app.labels" . | nindent 4 }}\n',
    },
    args: ['svc.yaml'],
    code: 2,
    output: [
      /^svc\.yaml:3:9: error: a Helm template: render it with `helm template` first \(K8s Sim reads rendered manifests\)\n(?!.*invalid YAML)/m,
    ],
  },
  {
    name: 'a path through a file on the command line',
    files: { 'rs.yaml': RS },
    args: ['rs.yaml/x.yaml'],
    code: 2,
    output: [/^rs\.yaml\/x\.yaml:1:1: error: cannot read file: a part of the path is not a folder$/m],
  },
  {
    name: 'a symlink loop as a scenario manifest file',
    files: { 's.yaml': scenario('    - wait: 1s\n').replace('{file: rs.yaml}', '{file: loop.yaml}') },
    setup: (dir) => {
      fs.symlinkSync('loop2.yaml', path.join(dir, 'loop.yaml'));
      fs.symlinkSync('loop.yaml', path.join(dir, 'loop2.yaml'));
    },
    args: ['s.yaml'],
    code: 2,
    output: [
      /^s\.yaml:5:22: error: cannot read manifest file "loop\.yaml": too many levels of symbolic links$/m,
    ],
  },
  {
    name: 'a path through a file as a scenario manifest file',
    files: {
      'rs.yaml': RS,
      's.yaml': scenario('    - wait: 1s\n').replace('{file: rs.yaml}', '{file: rs.yaml/x.yaml}'),
    },
    args: ['s.yaml'],
    code: 2,
    output: [
      /^s\.yaml:5:22: error: cannot read manifest file "rs\.yaml\/x\.yaml": a part of the path is not a folder$/m,
    ],
  },
  {
    name: 'a looping symlink inside a folder of manifests',
    files: { 'dir/rs.yaml': RS },
    setup: (dir) => fs.symlinkSync('loop.yaml', path.join(dir, 'dir', 'loop.yaml')),
    args: ['dir'],
    code: 2,
    output: [/^dir\/loop\.yaml:1:1: error: cannot read file: too many levels of symbolic links$/m],
  },
  // 6. The replicas limit for --scale and scale steps, with the manifest's message.
  {
    name: '--scale rs/web=2000000000',
    files: { 'rs.yaml': RS },
    args: ['rs.yaml', '--scale', 'rs/web=2000000000'],
    code: 2,
    output: [
      /^<command line>:1:1: error: --scale rs\/web=2000000000: k8s-sim: spec\.replicas 2000000000 is above the largest value simulated \(100000\)$/m,
    ],
  },
  {
    name: '--scale beyond a safe integer',
    files: { 'rs.yaml': RS },
    args: ['rs.yaml', '--scale', 'rs/web=99999999999999999999'],
    code: 2,
    output: [
      /^<command line>:1:1: error: --scale rs\/web=99999999999999999999: k8s-sim: spec\.replicas 99999999999999999999 is above/m,
    ],
  },
  {
    name: '--scale with negative replicas',
    files: { 'rs.yaml': RS },
    args: ['rs.yaml', '--scale=rs/web=-1'],
    code: 2,
    output: [/^<command line>:1:1: error: --scale rs\/web=-1: replicas must be a non-negative integer$/m],
  },
  {
    name: 'a scale step above the limit',
    files: { 'rs.yaml': RS, 's.yaml': scenario('    - scale: {kind: rs, name: web, replicas: 100001}\n') },
    args: ['s.yaml'],
    code: 2,
    output: [
      /^s\.yaml:7:46: error: k8s-sim: spec\.replicas 100001 is above the largest value simulated \(100000\)$/m,
      LIMIT,
    ],
  },
  {
    name: 'a scale step with negative replicas',
    files: { 'rs.yaml': RS, 's.yaml': scenario('    - scale: {kind: rs, name: web, replicas: -5}\n') },
    args: ['s.yaml'],
    code: 2,
    output: [/^s\.yaml:7:46: error: "replicas" in scale step must be a non-negative integer \(got -5\)$/m],
  },
  {
    name: 'a manifest above the limit is rejected with the same words',
    files: { 'rs.yaml': RS.replace('replicas: 1', 'replicas: 100001') },
    args: ['rs.yaml'],
    code: 0,
    output: [LIMIT],
  },
]);
