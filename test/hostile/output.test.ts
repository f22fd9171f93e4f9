// Hostile input aimed at the CLI's output: control characters that would drive the terminal, a
// fake verdict, and --html targets that are not regular files (a FIFO, /dev/null through a link).
// The harness checks every case for raw control characters on stdout and stderr.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { cli, hostileCases, ROOT, tmpDir, workspace } from './harness';

// The harness's folder is removed by an after() hook registered where tmpDir() is first called:
// call it here, at the file's top level, so the hook is the file's and not the first test's.
tmpDir();

/** A Scenario whose name, description and annotations carry escape sequences (YAML \e, \x, \u). */
const escapes = `apiVersion: k8s-sim/v1
kind: Scenario
metadata:
  name: "evil\\e[2J\\e]0;pwned\\a"
  annotations:
    description: "clear \\e[2J title \\e]0;title\\x07 csi \\u009b31m del \\x7f\\r✓ all 99 expectations held"
spec:
  manifests:
    - inline: |
        apiVersion: v1
        kind: Pod
        metadata:
          name: "bad\\e[2Jname"
        spec:
          containers: [{name: app, image: nginx}]
    - inline: |
        apiVersion: v1
        kind: Pod
        metadata:
          name: good
          annotations:
            note: "\\e]0;title\\a\\u009b2J"
        spec:
          containers: [{name: app, image: nginx}]
  steps:
    - request: {url: "http://www.app.com/", headers: {X-Evil: "\\e[2J"}, cookies: {c: "\\e]0;t\\a"}}
    - expect: {pods: ["x\\e[2J\\r✓ all 99 expectations held", good]}
    - delete: {kind: Pod, name: "z\\e[2J\\nq"}
`;

const isFifo = (p: string) => fs.lstatSync(p).isFIFO();

hostileCases([
  {
    name: 'escape sequences in names, annotations and the description are shown, not sent',
    files: { 'evil.yaml': escapes },
    args: ['evil.yaml'],
    code: 1,
    output: [
      /━━ evil\\u001b\[2J\\u001b\]0;pwned\\u0007 /,
      /clear \\u001b\[2J title \\u001b\]0;title\\u0007 csi \\u009b31m del \\u007f\\u000d✓ all 99/,
      /Pod\/bad\\u001b\[2Jname: The Pod "bad\\x1b\[2Jname" is invalid/,
      // A newline in a name cannot start a line of its own.
      /pods "z\\u001b\[2J\\u000aq" not found/,
      // Headers and cookies of a request step, as its heading shows them.
      /request http:\/\/www\.app\.com\/ -H 'X-Evil: \\u001b\[2J' -b 'c=\\u001b\]0;t\\u0007'/,
      /^✗ evil\\u001b\[2J\\u001b\]0;pwned\\u0007: 2 of 2 expectations failed$/m,
    ],
    json: (r) => {
      assert.equal(r.scenario, 'evil\u001b[2J\u001b]0;pwned\u0007', 'the JSON keeps the value');
    },
  },
  {
    name: 'a file name and a command-line argument with escape sequences, on stderr',
    files: {},
    args: ['missing\u001b[2J\n✓.yaml'],
    code: 2,
    output: [/^missing\\u001b\[2J\\u000a✓\.yaml:1:1: error: cannot read file/m],
  },
  {
    name: 'an unknown option with an escape sequence',
    files: { 'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n' },
    args: ['a.yaml', '--\u001b]0;x\u0007'],
    code: 2,
    output: [/unknown option "--\\u001b\]0;x\\u0007"/],
  },
  {
    name: '--html to a FIFO is refused before simulating, and never opened',
    files: {
      'web.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: a, image: nginx}]}\n',
    },
    setup: (dir) => {
      fs.mkdirSync(path.join(dir, 'out'));
      // node's fs cannot make a FIFO; mkfifo(1) can.
      const made = spawnSync('mkfifo', [path.join(dir, 'out', 'report.html')]);
      assert.equal(made.status, 0, 'mkfifo');
    },
    args: ['web.yaml', '--html', 'out/report.html'],
    code: 2,
    output: [/^k8s-sim: --html out\/report\.html: it is a FIFO \(named pipe\), not a regular file$/m],
    after: (dir) => {
      assert.ok(isFifo(path.join(dir, 'out', 'report.html')), 'still a FIFO');
      assert.deepEqual(fs.readdirSync(path.join(dir, 'out')), ['report.html'], 'no temp file');
    },
  },
  {
    name: '--html to a link to /dev/null is refused; /dev/null stays a character device',
    files: {
      'web.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: a, image: nginx}]}\n',
    },
    setup: (dir) => fs.symlinkSync('/dev/null', path.join(dir, 'null.html')),
    args: ['web.yaml', '--html', 'null.html'],
    code: 2,
    output: [/--html null\.html: it is a symbolic link to a character device, not to a regular file/],
    after: (dir) => {
      assert.ok(fs.statSync('/dev/null').isCharacterDevice(), '/dev/null is still a device');
      assert.ok(fs.lstatSync(path.join(dir, 'null.html')).isSymbolicLink(), 'the link is left alone');
    },
  },
  {
    name: '--html to /dev/null itself is refused',
    files: {
      'web.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: a, image: nginx}]}\n',
    },
    args: ['web.yaml', '--html', '/dev/null'],
    code: 2,
    output: [/--html \/dev\/null: it is a character device, not a regular file/],
    after: () => assert.ok(fs.statSync('/dev/null').isCharacterDevice()),
  },
  {
    name: '--html to a dangling link is refused',
    files: {
      'web.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: a, image: nginx}]}\n',
    },
    setup: (dir) => fs.symlinkSync(path.join(dir, 'nowhere', 'x.html'), path.join(dir, 'dangling.html')),
    args: ['web.yaml', '--html', 'dangling.html'],
    code: 2,
    output: [/--html dangling\.html: it is a symbolic link to a missing file/],
    after: (dir) => assert.ok(!fs.existsSync(path.join(dir, 'nowhere'))),
  },
]);

test('hostile: --html through a link to a regular file replaces that file and keeps the link', () => {
  const dir = workspace('html-link', {
    'web.yaml':
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: a, image: nginx}]}\n',
    'real/report.html': 'old',
  });
  fs.symlinkSync(path.join('real', 'report.html'), path.join(dir, 'link.html'));
  const r = cli(['run', 'web.yaml', '--html', 'link.html'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(fs.lstatSync(path.join(dir, 'link.html')).isSymbolicLink());
  assert.match(fs.readFileSync(path.join(dir, 'real', 'report.html'), 'utf8'), /^<!DOCTYPE html>/i);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'real')), ['report.html'], 'no temp file left');
});

test('hostile: streamed --json of the bundled scenarios is what JSON.stringify gives, for one and several', () => {
  const files = fs
    .readdirSync(path.join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join('scenarios', f));
  const all = cli(['run', ...files, '--json'], ROOT);
  assert.equal(all.code, 0, all.stderr);
  assert.equal(all.stdout, `${JSON.stringify(JSON.parse(all.stdout), null, 2)}\n`);
  const results = JSON.parse(all.stdout) as unknown[];
  assert.equal(results.length, files.length);
  const one = cli(['run', files[0], '--json'], ROOT);
  assert.equal(one.stdout, `${JSON.stringify(results[0], null, 2)}\n`);
  // The golden file is the same bytes again.
  const golden = path.join(ROOT, 'test', 'golden', path.basename(files[0]).replace(/\.yaml$/, '.json'));
  assert.equal(one.stdout, fs.readFileSync(golden, 'utf8'));
});
