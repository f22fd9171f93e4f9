// The `k8s-sim` command as users run it: the bundled dist/cli.js (built by `npm run build`) in a
// child process. Bad input of every kind must end in a short message naming file, line and column
// with the contract's exit code (2 = cannot run, 1 = an expectation failed, 0 = ran), never in a
// stack trace, a hang or runaway memory; rejected objects do not stop a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScenarioResult } from '../src/scenario/run';
import { assertNoCrash, cli, tmpDir, workspace, type CliRun } from './hostile/harness';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
// A hang guard for the piped child below, not a speed target (npm test runs on loaded machines).
const TIMEOUT_MS = 300_000;

function json(r: CliRun): ScenarioResult {
  return JSON.parse(r.stdout) as ScenarioResult;
}

function podNames(state: ScenarioResult['state']): string[] {
  return state.pods.map((p) => p.name).sort();
}

// --- fixtures --------------------------------------------------------------------------------

const statefulSet = (name: string, replicas: string | number = 1): string =>
  [
    'apiVersion: apps/v1', //      1
    'kind: StatefulSet', //        2
    'metadata:', //                3
    `  name: ${name}`, //          4
    'spec:', //                    5
    `  replicas: ${replicas}`, //  6
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '    spec:',
    '      containers:',
    '      - name: c',
    '        image: nginx',
    '',
  ].join('\n');

const replicaSet = (replicas: number): string =>
  [
    'apiVersion: apps/v1',
    'kind: ReplicaSet',
    'metadata:',
    '  name: rs',
    'spec:',
    `  replicas: ${replicas}`,
    '  selector: {matchLabels: {app: r}}',
    '  template:',
    '    metadata: {labels: {app: r}}',
    '    spec:',
    '      containers: [{name: c, image: nginx}]',
    '',
  ].join('\n');

/** A scenario over sts.yaml (next to it) with these lines under spec (indented 2). */
const scenario = (name: string, specLines: string[]): string =>
  [
    'apiVersion: k8s-sim/v1', //     1
    'kind: Scenario', //             2
    'metadata:', //                  3
    `  name: ${name}`, //            4
    'spec:', //                      5
    '  manifests:', //               6
    '    - file: sts.yaml', //       7
    ...specLines, //                 8…
    '',
  ].join('\n');

/** "Billion laughs": 9 levels of 9 aliases, 9^9 strings if expanded. */
function aliasBomb(): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

function pseudoRandomBytes(n: number): Buffer {
  const bytes = Buffer.alloc(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

function twentyMegabytes(): string {
  const doc = `---\n${statefulSet('web')}`;
  return doc.repeat(Math.ceil((20 * 1024 * 1024) / doc.length));
}

// --- bad input, one row each -----------------------------------------------------------------

interface Row {
  name: string;
  files: Record<string, string | Buffer>;
  args: string[];
  code: 0 | 1 | 2;
  /** Matched against stdout + stderr of the text run. */
  output: RegExp[];
  /** Checks on the --json result (exit code 0 or 1 only). */
  json?: (r: ScenarioResult) => void;
}

const rows: Row[] = [
  {
    name: 'YAML syntax error',
    files: { 'syntax.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {x: [1, 2}\n' },
    args: ['syntax.yaml'],
    code: 2,
    output: [/^syntax\.yaml:5:\d+: error: invalid YAML: /m],
  },
  {
    name: 'a mapping value where none is allowed',
    files: { 'compact.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a: b\n' },
    args: ['compact.yaml'],
    code: 2,
    output: [/^compact\.yaml:4:9: error: invalid YAML: /m],
  },
  {
    name: 'a control character',
    files: { 'nul.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\u0000b\n' },
    args: ['nul.yaml'],
    code: 2,
    output: [/^nul\.yaml:4:10: error: invalid YAML: control character U\+0000 is not allowed/m],
  },
  {
    name: 'a binary file',
    files: { 'garbage.yaml': pseudoRandomBytes(300_000) },
    args: ['garbage.yaml'],
    code: 2,
    output: [/^garbage\.yaml:\d+:\d+: error: invalid YAML: control character U\+[0-9A-F]{4} is not allowed/m],
  },
  {
    name: 'deeply nested YAML',
    files: { 'deep.yaml': `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` },
    args: ['deep.yaml'],
    code: 2,
    output: [/^deep\.yaml:1:\d+: error: YAML is nested too deeply/m],
  },
  {
    name: 'YAML alias bomb',
    files: { 'bomb.yaml': aliasBomb() },
    args: ['bomb.yaml'],
    code: 2,
    output: [/^bomb\.yaml:\d+:\d+: error: too many YAML alias expansions \(possible alias bomb\)/m],
  },
  {
    name: 'a 20 MB file',
    files: { 'big.yaml': twentyMegabytes() },
    args: ['big.yaml'],
    code: 2,
    output: [/^big\.yaml:1:1: error: file is 20\.0 MB; the largest file k8s-sim reads is 8 MB$/m],
  },
  {
    name: 'replicas: "three"',
    files: { 'three.yaml': `${statefulSet('web', '"three"')}---\n${statefulSet('ok')}` },
    args: ['three.yaml'],
    code: 0,
    output: [
      /three\.yaml:6:3: StatefulSet\/web: StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec\.spec\.replicas of type int32/,
    ],
    json: (r) => {
      assert.equal(r.rejected.length, 1);
      assert.match(r.rejected[0].message, /cannot unmarshal string .*spec\.replicas of type int32/);
      assert.deepEqual([r.rejected[0].file, r.rejected[0].line, r.rejected[0].column], ['three.yaml', 6, 3]);
      assert.deepEqual(podNames(r.state), ['ok-0'], 'the run proceeds; nothing of web is created');
    },
  },
  {
    name: 'replicas: 1e9',
    files: { 'huge.yaml': `${statefulSet('web', '1e9')}---\n${statefulSet('ok')}` },
    args: ['huge.yaml'],
    code: 0,
    output: [
      /huge\.yaml:6:3: StatefulSet\/web: .*spec\.replicas 1000000000 is above the largest value simulated \(100000\)/,
    ],
    json: (r) => {
      assert.equal(r.rejected.length, 1);
      assert.match(r.rejected[0].message, /1000000000 .*100000/);
      assert.deepEqual(podNames(r.state), ['ok-0']);
    },
  },
  {
    name: 'unknown kinds (built-in Job, custom resource Foo)',
    files: {
      'kinds.yaml': [
        'apiVersion: batch/v1', //      1
        'kind: Job',
        'metadata:',
        '  name: job1',
        'spec:',
        '  template:',
        '    spec:',
        '      restartPolicy: Never',
        '      containers: [{name: c, image: busybox}]',
        '---', //                       10
        'apiVersion: example.com/v1', // 11
        'kind: Foo',
        'metadata:',
        '  name: foo1',
        '',
      ].join('\n'),
    },
    args: ['kinds.yaml'],
    code: 0,
    output: [
      /kinds\.yaml:1\b.*Job\/job1 \(batch\/v1\) not simulated/,
      /kinds\.yaml:11\b.*Foo\/foo1 \(example\.com\/v1\) not simulated/,
    ],
    json: (r) => {
      assert.deepEqual(
        r.notSimulated.map((n) => [n.kind, n.apiVersion, n.name, n.file, n.line]),
        [
          ['Job', 'batch/v1', 'job1', 'kinds.yaml', 1],
          ['Foo', 'example.com/v1', 'foo1', 'kinds.yaml', 11],
        ],
      );
      assert.deepEqual(r.rejected, []);
    },
  },
  {
    name: 'missing fields (StatefulSet without selector, Pod without containers)',
    files: {
      'missing.yaml': [
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata:',
        '  name: nosel',
        'spec:', //                     5
        '  replicas: 1',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec:',
        '      containers: [{name: c, image: nginx}]',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: nocontainers',
        'spec: {}', //                  16
        '',
      ].join('\n'),
    },
    args: ['missing.yaml'],
    code: 0,
    output: [
      /missing\.yaml:5:1: StatefulSet\/nosel: The StatefulSet "nosel" is invalid: \s*\n\* spec\.selector: Required value/,
      /missing\.yaml:16:\d+: Pod\/nocontainers: The Pod "nocontainers" is invalid: spec\.containers: Required value/,
    ],
    json: (r) => {
      assert.deepEqual(
        r.rejected.map((x) => x.name),
        ['nosel', 'nocontainers'],
      );
      assert.match(r.rejected[0].message, /spec\.selector: Required value/);
      assert.match(r.rejected[1].message, /spec\.containers: Required value/);
      assert.deepEqual(r.state.pods, []);
    },
  },
  {
    name: 'the same StatefulSet twice in one file',
    files: { 'dup.yaml': `${statefulSet('web')}---\n${statefulSet('web')}` },
    args: ['dup.yaml'],
    code: 0,
    output: [/statefulset\.apps\/web created/],
    json: (r) => {
      assert.equal(r.warnings?.length, 1, 'one warning');
      assert.match(
        r.warnings?.[0] ?? '',
        /^dup\.yaml:19\b.*StatefulSet "web" is also defined at dup\.yaml:1\b/,
      );
      assert.deepEqual(podNames(r.state), ['web-0'], 'the run proceeds');
    },
  },
  {
    name: 'scenario step with an unknown key',
    files: {
      'sts.yaml': statefulSet('web'),
      'badstep.yaml': scenario('badstep', [
        '  steps:', //                                        8
        '    - scale: {kind: sts, name: web, replicas: 2}', // 9
        '    - bogus: 1', //                                   10
      ]),
    },
    args: ['badstep.yaml'],
    code: 2,
    output: [/^badstep\.yaml:10:7: error: unknown key "bogus" in step 2 \(expected one of: apply, scale,/m],
  },
  {
    name: 'unknown key inside a step',
    files: {
      'sts.yaml': statefulSet('web'),
      'badkey.yaml': scenario('badkey', [
        '  steps:',
        '    - scale: {kind: sts, name: web, replicas: 2, colour: red}', // 9
      ]),
    },
    args: ['badkey.yaml'],
    code: 2,
    output: [/^badkey\.yaml:9:50: error: unknown key "colour" in scale step/m],
  },
  {
    name: 'a missing file',
    files: {},
    args: ['nope.yaml'],
    code: 2,
    output: [/^nope\.yaml:1:1: error: cannot read file: no such file/m],
  },
  {
    name: 'a scenario naming a missing manifest file',
    files: {
      'missingman.yaml': scenario('missingman', []).replace('file: sts.yaml', 'file: gone.yaml'),
    },
    args: ['missingman.yaml'],
    code: 2,
    output: [/^missingman\.yaml:7:13: error: cannot read manifest file "gone\.yaml": no such file/m],
  },
  {
    name: 'a malformed URL in a request step',
    files: {
      'sts.yaml': statefulSet('web'),
      'req.yaml': scenario('req', ['  steps:', '    - request: {url: "www.app.com/"}']),
    },
    args: ['req.yaml'],
    code: 2,
    output: [/^req\.yaml:9:\d+: error: .*url/im],
  },
  {
    name: 'a request to a host no Ingress names: 404 from the default backend, with its reason',
    files: {
      'sts.yaml': statefulSet('web'),
      'req.yaml': scenario('req', ['  steps:', '    - request: {url: "http://www.app.com/", count: 3}']),
    },
    args: ['req.yaml'],
    code: 0,
    output: [/3 requests → status 404: 3 \(100%\)/],
    json: (r) => {
      const req = r.steps[0].requests;
      assert.ok(req);
      assert.equal(req.count, 3);
      assert.deepEqual(req.byStatus, { '404': 3 });
      assert.equal(req.responses[0].service, null);
      assert.match(req.responses[0].reason, /404/);
    },
  },
  {
    name: 'a failing expectation',
    files: {
      'sts.yaml': statefulSet('web'),
      'fail.yaml': scenario('fail', ['  steps:', '    - expect: {pods: [web-0, web-1]}']),
    },
    args: ['fail.yaml'],
    code: 1,
    output: [/✗ pods: expected \[web-0, web-1\], got \[web-0\]/, /✗ fail: 1 of 1 expectation failed/],
    json: (r) => {
      assert.equal(r.ok, false);
      assert.deepEqual(r.steps[0].expectations, [
        {
          ok: false,
          text: 'pods: expected [web-0, web-1], got [web-0]',
          expected: '[web-0, web-1]',
          actual: '[web-0]',
        },
      ]);
    },
  },
];

for (const row of rows) {
  test(`bad input: ${row.name}`, () => {
    const dir = workspace(row.name, row.files);
    const text = cli(['run', ...row.args], dir);
    assertNoCrash(text, row.name);
    assert.equal(text.code, row.code, `exit code\n${text.stderr}`);
    for (const re of row.output) assert.match(`${text.stdout}\n${text.stderr}`, re);
    if (row.code === 2) {
      assert.ok(text.stderr.length < 10_000, `a short message, got ${text.stderr.length} characters`);
      assert.doesNotMatch(text.stdout, /\S/, 'nothing on stdout when the input cannot run');
    }

    const js = cli(['run', ...row.args, '--json'], dir);
    assertNoCrash(js, `${row.name} --json`);
    assert.equal(js.code, row.code, `--json exit code\n${js.stderr}`);
    if (row.code === 2) {
      assert.equal(js.stdout, '', '--json prints no partial document');
    } else {
      const result = json(js);
      assert.equal(result.ok, row.code === 0);
      row.json?.(result);
    }
  });
}

// Found by this file; format.ts prints only the steps' warnings, not those of spec.manifests.
test('text output shows the duplicate-object warning', () => {
  const dir = workspace('dup-text', { 'dup.yaml': `${statefulSet('web')}---\n${statefulSet('web')}` });
  const r = cli(['run', 'dup.yaml'], dir);
  assert.match(r.stdout, /dup\.yaml:19\b.*is also defined at dup\.yaml:1\b/);
});

// Found by this file: Math.max(...entries) / push(...lines) overflow the stack above ~100k log lines.
test('text output of a 20000-pod ReplicaSet', () => {
  const dir = workspace('rs20k', { 'rs.yaml': replicaSet(20_000) });
  const r = cli(['run', 'rs.yaml'], dir);
  assertNoCrash(r, 'rs 20000');
  assert.equal(r.code, 0, r.stderr);
});

// --- options ---------------------------------------------------------------------------------

test('--seed overrides the seed: ReplicaSet pod names change, same seed gives identical JSON', () => {
  const dir = workspace('seed', { 'rs.yaml': replicaSet(2) });
  const plain = json(cli(['run', 'rs.yaml', '--json'], dir));
  const one = cli(['run', 'rs.yaml', '--json', '--seed', '1'], dir);
  const two = cli(['run', 'rs.yaml', '--json', '--seed=2'], dir);
  const twoAgain = cli(['run', 'rs.yaml', '--json', '--seed', '2'], dir);
  for (const r of [one, two, twoAgain]) assert.equal(r.code, 0, r.stderr);
  assert.equal(plain.seed, 1, 'default seed');
  assert.equal(json(one).seed, 1);
  assert.equal(json(two).seed, 2);
  const names = (r: CliRun) => podNames(json(r).state);
  for (const n of [...names(one), ...names(two)]) assert.match(n, /^rs-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.deepEqual(names(one), podNames(plain.state));
  assert.notDeepEqual(names(one), names(two));
  assert.equal(two.stdout, twoAgain.stdout, 'byte-identical JSON for the same seed');

  const bad = cli(['run', 'rs.yaml', '--seed', '99999999999999999999'], dir);
  assertNoCrash(bad, 'huge seed');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--seed must be an integer/);
});

test('--scale and --delete run in the order given, each followed by settling', () => {
  const dir = workspace('actions', { 'web.yaml': statefulSet('web') });
  const r = cli(
    ['run', 'web.yaml', '--json', '--scale', 'sts/web=3', '--delete', 'pod/web-1', '--scale', 'sts/web=0'],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  const result = json(r);
  assert.deepEqual(
    result.steps.map((s) => s.type),
    ['scale', 'delete', 'scale'],
  );
  assert.ok(result.steps.every((s) => s.settled));
  assert.deepEqual(
    result.steps.map((s) => podNames(s.state)),
    [['web-0', 'web-1', 'web-2'], ['web-0', 'web-1', 'web-2'], []],
  );
  const deleted = result.objects.filter((o) => o.kind === 'Pod' && o.name === 'web-1');
  assert.equal(deleted.length, 2, 'web-1 was deleted and recreated under the same name');

  // Not regrouped as "all scales, then all deletes".
  const reversed = json(
    cli(['run', 'web.yaml', '--json', '--delete', 'pod/web-0', '--scale', 'sts/web=2'], dir),
  );
  assert.deepEqual(
    reversed.steps.map((s) => s.type),
    ['delete', 'scale'],
  );

  const text = cli(['run', 'web.yaml', '--scale', 'sts/web=2', '--delete', 'pod/web-1'], dir);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /▸ 1\. scale StatefulSet\/web --replicas=2[\s\S]*▸ 2\. delete Pod\/web-1/);

  const missing = cli(['run', 'web.yaml', '--delete', 'pod/nothere'], dir);
  assertNoCrash(missing, 'delete of a missing pod');
  assert.equal(missing.code, 1, 'a step naming a missing object fails like an expectation');
  assert.match(missing.stdout, /pods "nothere" not found/);

  for (const args of [
    ['--scale', 'sts/web=abc'],
    ['--scale', 'job/x=1'],
    ['--delete', 'web'],
  ]) {
    const bad = cli(['run', 'web.yaml', ...args], dir);
    assertNoCrash(bad, args.join(' '));
    assert.equal(bad.code, 2, args.join(' '));
    assert.match(bad.stderr, /^<command line>:1:1: error: --(scale|delete) /m);
  }
});

test('a folder of plain manifests is one set; a folder with scenarios runs each', () => {
  const dir = workspace('folders', {
    'plain/a.yaml': statefulSet('web'),
    'plain/b.yaml': replicaSet(2),
    'scen/sts.yaml': statefulSet('web'),
    'scen/01-ok.yaml': scenario('ok', ['  steps:', '    - expect: {pods: [web-0]}']),
    'scen/02-fail.yaml': scenario('fail', ['  steps:', '    - expect: {pods: []}']),
  });
  const plain = cli(['run', 'plain', '--json'], dir);
  assert.equal(plain.code, 0, plain.stderr);
  const set = json(plain);
  assert.ok(!Array.isArray(set), 'one result for one manifest set');
  assert.equal(set.scenario, 'plain');
  assert.equal(podNames(set.state).length, 3);
  assert.ok(podNames(set.state).includes('web-0'));

  const scen = cli(['run', 'scen', '--json'], dir);
  assertNoCrash(scen, 'scenario folder');
  assert.equal(scen.code, 1, 'one scenario fails');
  const results = JSON.parse(scen.stdout) as ScenarioResult[];
  assert.ok(Array.isArray(results));
  assert.deepEqual(
    results.map((x) => [x.scenario, x.ok]),
    [
      ['ok', true],
      ['fail', false],
    ],
  );

  const both = cli(['run', 'plain', path.join('scen', '01-ok.yaml'), '--json'], dir);
  assert.equal(both.code, 0, both.stderr);
  assert.equal((JSON.parse(both.stdout) as ScenarioResult[]).length, 2, 'an array for several inputs');

  fs.mkdirSync(path.join(dir, 'empty'));
  const empty = cli(['run', 'empty'], dir);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /^empty:1:1: error: /m);
});

test('--html writes a standalone page with a Content-Security-Policy', () => {
  const dir = workspace('html', { 'web.yaml': statefulSet('web') });
  const r = cli(['run', 'web.yaml', '--html', 'out/report.html'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote out\/report\.html/);
  const page = fs.readFileSync(path.join(dir, 'out/report.html'), 'utf8');
  assert.match(page, /^<!DOCTYPE html>/i);
  assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  assert.doesNotMatch(page, /<(script|link|img)\b[^>]*\b(src|href)="https?:/, 'no network access');
  assert.ok(!fs.readdirSync(path.join(dir, 'out')).some((f) => f.endsWith('.tmp')), 'no temp file left');

  fs.mkdirSync(path.join(dir, 'afolder'));
  for (const [target, message] of [
    ['afolder', /--html afolder: it is a folder/],
    ['web.yaml/report.html', /cannot write web\.yaml\/report\.html: a part of the path is not a folder/],
  ] as const) {
    const bad = cli(['run', 'web.yaml', '--html', target], dir);
    assertNoCrash(bad, `--html ${target}`);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, message);
  }
});

test('usage errors exit 2 and show the usage', () => {
  const cases: Array<[string[], RegExp]> = [
    [[], /missing command/],
    [['frob', 'x.yaml'], /unknown command "frob"/],
    [['run'], /name at least one scenario or manifest file or folder/],
    [['run', 'x.yaml', '--bogus'], /unknown option "--bogus"/],
    [['run', 'x.yaml', '--seed'], /--seed needs a value/],
    [['run', 'x.yaml', '--seed', 'abc'], /--seed must be an integer/],
    [['run', 'x.yaml', '--html='], /--html needs a file name/],
  ];
  for (const [args, message] of cases) {
    const r = cli(args, tmpDir());
    assertNoCrash(r, args.join(' '));
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
    assert.match(r.stderr, /Usage: k8s-sim run /);
  }
  const help = cli(['--help'], tmpDir());
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: k8s-sim run /);
});

test('a closed pipe or a full disk ends quietly, without a stack trace', async () => {
  // `k8s-sim run scenarios --json | head -c 1`: the reader goes away after the first chunk.
  const child = spawn(process.execPath, [CLI, 'run', 'scenarios', '--json'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.once('data', () => child.stdout.destroy());
  const timer = setTimeout(() => child.kill(), TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  assert.equal(code, 0, stderr);
  assertNoCrash({ code, stdout: '', stderr }, 'EPIPE');

  if (fs.existsSync('/dev/full')) {
    const fd = fs.openSync('/dev/full', 'w');
    try {
      const r = cli(['run', 'scenarios', '--json'], ROOT, { stdio: ['ignore', fd, 'pipe'] });
      assertNoCrash(r, 'ENOSPC');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^k8s-sim: cannot write the output: no space left on device$/m);
    } finally {
      fs.closeSync(fd);
    }
  }
});

test("npm start's job: every bundled scenario holds its expectations", () => {
  const files = fs.readdirSync(path.join(ROOT, 'scenarios')).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length > 0);
  const r = cli(['run', 'scenarios'], ROOT);
  assertNoCrash(r, 'scenarios');
  assert.equal(r.code, 0, r.stderr);
  for (const f of files) {
    const name = /^metadata:\n {2}name: (\S+)/m.exec(
      fs.readFileSync(path.join(ROOT, 'scenarios', f), 'utf8'),
    );
    assert.ok(name, `${f} names its scenario`);
    assert.match(r.stdout, new RegExp(`^✓ ${name[1]}: \\d+ expectations? held$`, 'm'), f);
  }
});
