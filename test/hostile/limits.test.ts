// Run-wide limits reached through the command line: the run stops with one line naming the
// counted limit and exits 2, with nothing on stdout (README, Limits).
import assert from 'node:assert/strict';
import { hostileCases } from './harness';
import { replicaSetYaml } from '../fixtures';

const scenario = (lines: string[], cluster: string[] = []): string =>
  [
    'apiVersion: k8s-sim/v1', //    1
    'kind: Scenario', //            2
    'metadata: {name: limits}', //  3
    'spec:', //                     4
    ...cluster,
    '  manifests:',
    '    - file: rs.yaml',
    '  steps:',
    ...lines,
    '',
  ].join('\n');

/** About `mb` megabytes of YAML comments before a small ConfigMap. */
const padded = (name: string, mb: number): string =>
  `${'# padding padding padding padding padding padding padding padding padding\n'.repeat(mb * 14_000)}` +
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;

hostileCases([
  {
    name: 'a scenario naming the same large file again and again passes the run-wide input limit',
    files: {
      'big.yaml': padded('big', 3),
      'rs.yaml': replicaSetYaml('web', 1),
      'again.yaml': scenario([], []).replace(
        '    - file: rs.yaml',
        Array(8).fill('    - file: big.yaml').join('\n'),
      ),
    },
    args: ['again.yaml'],
    code: 2,
    // The sixth entry (line 11) brings the total past 16 MB.
    output: [/^again\.yaml:11:13: error: the files of this run add up to more than 16 MB/m],
    limit: /the limit for one run, counting a file each time it is named/,
  },
  {
    name: 'a folder of large manifest files passes the run-wide input limit before any is parsed',
    files: { 'set/a.yaml': padded('a', 6), 'set/b.yaml': padded('b', 6), 'set/c.yaml': padded('c', 6) },
    args: ['set'],
    code: 2,
    output: [/^set\/c\.yaml:1:1: error: the files of this run add up to more than 16 MB/m],
  },
  {
    // 20,000 pods keep about 160,000 records; each wait step keeps a state of 20,000 more rows, so
    // the steps together, not any one of them, pass the limit.
    name: 'many steps of a large state add up to the record limit',
    files: {
      'rs.yaml': replicaSetYaml('web', 20_000),
      'many.yaml': scenario(Array.from({ length: 80 }, () => '    - wait: 1s')),
    },
    args: ['many.yaml'],
    code: 2,
    output: [/^k8s-sim: the run stopped at t=\d+s after recording 1,200,000 events/m],
    limit: /1,200,000 events, status changes and steps' state rows, the limit for one run/,
  },
  {
    name: 'request steps past the run-wide request limit are refused before anything runs',
    files: {
      'rs.yaml': replicaSetYaml('web', 1),
      'req.yaml': scenario(
        Array.from({ length: 60 }, () => "    - request: {url: 'http://x/', count: 1000000}"),
      ),
    },
    args: ['req.yaml'],
    code: 2,
    // Line 8 holds the first step; the eleventh crosses 10,000,000.
    output: [
      /^req\.yaml:18:7: error: this request step brings the run to 11,000,000 requests; the limit for one run is 10,000,000/m,
    ],
  },
  {
    name: '10,000 nodes and 1,000 pods run (the scheduler stops at 500 feasible nodes a pod, as upstream)',
    files: {
      'rs.yaml': replicaSetYaml('web', 1000),
      'nodes.yaml': scenario(
        ['    - expect: {pods: []}'],
        [`  cluster: {nodes: [${Array.from({ length: 10_000 }, (_, i) => `n${i}`).join(', ')}]}`],
      ),
    },
    args: ['nodes.yaml'],
    code: 1,
    output: [/✗ pods: expected \[\], got \[web-/],
    json: (r) => {
      assert.equal(r.state.pods.length, 1000);
      assert.equal(r.state.nodes.length, 10_000);
      assert.ok(r.state.pods.every((p) => p.node !== null && p.ip !== null));
    },
  },
]);
