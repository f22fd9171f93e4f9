// Unit tests for hostile input (issue 12) in the loader and the scenario parser: go-yaml's numbers,
// invalid UTF-8, the alias limit, durations and the replicas limit of scale steps. The CLI's
// view of the same faults is in test/hostile/input.test.ts.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { replicasLimitError } from '../src/engine/manifest';
import {
  MAX_ALIAS_EXPANSIONS,
  MAX_EXPANDED_VALUES,
  goYamlNumber,
  listYamlFiles,
  loadManifestFile,
  loadManifestText,
} from '../src/engine/loader';
import { MAX_REPLICAS, validateDoc } from '../src/engine/validation';
import { Cluster } from '../src/engine/cluster';
import { DEFAULT_CLUSTER } from '../src/engine/types';
import { MAX_DURATION_SECONDS, cliStep, parseDuration, parseScenarioText } from '../src/scenario/parse';
import { inputError } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-sim-input-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

test('plain scalars become numbers exactly when go-yaml v2 (kubectl) makes them numbers', () => {
  const numbers: Array<[string, number]> = [
    ['0', 0],
    ['42', 42],
    ['-7', -7],
    ['+7', 7],
    ['0644', 420],
    ['0o17', 15],
    ['0x1F', 31],
    ['0X1f', 31],
    ['0b101', 5],
    ['-0b11', -3],
    ['1_000', 1000],
    ['08', 8],
    ['1.5', 1.5],
    ['1.', 1],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['1e3', 1000],
    ['1E3', 1000],
    ['.5e1', 5],
    ['1e-400', 0],
    ['99999999999999999999', 1e20],
    ['18446744073709551615', 2 ** 64], // uint64, rounded as every JSON number
  ];
  for (const [text, value] of numbers) assert.equal(goYamlNumber(text)?.value, value, text);
  // Strings for kubectl, NaN or Infinity for the YAML 1.1 schema of the yaml package.
  for (const text of [
    '.',
    '-.',
    '+.',
    '._',
    'e5',
    'E3',
    '.e5',
    '-e5',
    '1e400',
    '-1e400',
    '0x',
    '0b',
    '0x1FFFFFFFFFFFFFFFFF',
    '_1',
    'x1',
    '1:20',
    '1.2.3',
  ]) {
    assert.equal(goYamlNumber(text), undefined, text);
  }
  const [doc] = loadManifestText(
    'args: [., -., e5, "1", 1e400, 1e3, 0o17, yes, ~, 0x10]\nport: 8080\nratio: 0.25\n',
    'n.yaml',
  );
  assert.deepEqual(doc.body, {
    args: ['.', '-.', 'e5', '1', '1e400', 1000, 15, true, null, 16],
    port: 8080,
    ratio: 0.25,
  });
});

test('.nan and .inf values are refused where written, as kubectl cannot convert them to JSON', () => {
  for (const [text, go] of [
    ['.nan', 'NaN'],
    ['.Inf', '+Inf'],
    ['-.inf', '-Inf'],
  ]) {
    const err = inputError(() => loadManifestText(`kind: Pod\nspec:\n  x: [1, ${text}]\n`, 'n.yaml'));
    assert.deepEqual([err.line, err.column], [3, 10], text);
    assert.ok(err.message.includes(`json: unsupported value: ${go}`), err.message);
  }
  // Quoted, they are strings.
  assert.deepEqual(loadManifestText('a: ".nan"\n', 'q.yaml')[0].body, { a: '.nan' });
});

test('invalid UTF-8 is refused at the line and column of its first bad byte', () => {
  const cases: Array<[Buffer, number, number, RegExp]> = [
    [Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]), 1, 4, /byte 0xFF never occurs in UTF-8/],
    [
      Buffer.concat([Buffer.from('a: 1\nb: "é'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n')]),
      2,
      6,
      /0xC3 starts a character that is cut short/,
    ],
    [
      Buffer.concat([Buffer.from('a: '), Buffer.from([0xe2, 0x82])]),
      1,
      4,
      /the file ends inside a character \(byte 0xE2\)/,
    ],
    [Buffer.from([0x61, 0x3a, 0x20, 0x80]), 1, 4, /0x80 continues a character that was never started/],
    [Buffer.from([0x61, 0x3a, 0x20, 0xc0, 0xaf]), 1, 4, /0xC0 never occurs/], // overlong '/'
    [Buffer.from([0x61, 0x3a, 0x20, 0xed, 0xa0, 0x80]), 1, 4, /0xED starts/], // a UTF-16 surrogate
    [Buffer.from([0x61, 0x3a, 0x20, 0xf4, 0x90, 0x80, 0x80]), 1, 4, /0xF4 starts/], // above U+10FFFF
    // A BOM takes no column; a 4-byte character before the bad byte takes two (UTF-16 units).
    [
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a: 😀'), Buffer.from([0xfe])]),
      1,
      6,
      /0xFE/,
    ],
  ];
  for (const [bytes, line, column, message] of cases) {
    const err = inputError(() => loadManifestFile(write('bad.yaml', bytes), 'bad.yaml'));
    assert.deepEqual([err.file, err.line, err.column], ['bad.yaml', line, column], err.message);
    assert.match(err.message, /^invalid UTF-8: /);
    assert.match(err.message, message);
  }
  // Valid UTF-8 with a BOM still reads, and a binary file is named as one.
  const ok = write('ok.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a: café\n')]));
  assert.deepEqual(loadManifestFile(ok)[0].body, { a: 'café' });
  const binary = inputError(() => loadManifestFile(write('bin.yaml', Buffer.from([0x61, 0xff, 0x00, 0x01]))));
  assert.match(binary.message, /control character U\+0000 is not allowed \(is this a text file\?\)/);
  // UTF-16 with a byte order mark, broken.
  const utf16 = inputError(() =>
    loadManifestFile(write('u16.yaml', Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x00, 0xd8]))),
  );
  assert.match(utf16.message, /invalid UTF-16LE/);
});

test(`YAML aliases: ${MAX_ALIAS_EXPANSIONS} expansions per document are accepted, one more is refused`, () => {
  const doc = (uses: number) => `a: &a x\n${Array.from({ length: uses }, (_, i) => `k${i}: *a\n`).join('')}`;
  assert.equal(loadManifestText(doc(MAX_ALIAS_EXPANSIONS), 'a.yaml').length, 1);
  const err = inputError(() => loadManifestText(doc(MAX_ALIAS_EXPANSIONS + 1), 'a.yaml'));
  assert.deepEqual([err.line, err.column], [1, 1]);
  assert.equal(
    err.message,
    'too many YAML alias expansions (possible alias bomb): more than 100 in one document, reached by the alias at line 102, column 7',
  );
  // Per document: two documents of 100 each are fine.
  assert.equal(loadManifestText(`${doc(100)}---\n${doc(100)}`, 'a.yaml').length, 2);
  // Nested: *b makes 1 + the 10 expansions inside b. 10 + 8 × 11 = 98 fits, 10 + 9 × 11 = 109 does not.
  const nested = (uses: number) =>
    `a: &a x\nb: &b [${Array(10).fill('*a').join(', ')}]\nc: [${Array(uses).fill('*b').join(', ')}]\n`;
  assert.equal(loadManifestText(nested(8), 'n.yaml').length, 1);
  assert.match(inputError(() => loadManifestText(nested(9), 'n.yaml')).message, /line 3, column 37/);
  // Merge keys expand too.
  const merges = `base: &base {x: 1}\n${Array.from({ length: 101 }, (_, i) => `m${i}: {<<: *base}\n`).join('')}`;
  assert.match(inputError(() => loadManifestText(merges, 'm.yaml')).message, /more than 100 in one document/);
});

test('YAML aliases may not expand a document beyond a million values', () => {
  const n = Math.ceil(MAX_EXPANDED_VALUES / 50);
  const text = `a: &a [${Array(n).fill('1').join(',')}]\n${Array.from({ length: 60 }, (_, i) => `k${i}: *a\n`).join('')}`;
  const err = inputError(() => loadManifestText(text, 'big.yaml'));
  assert.match(
    err.message,
    /the document would hold more than 1,000,000 values, reached by the alias at line 5[01],/,
  );
});

test('symlinks in a folder that do not lead to a file are reported, not skipped', () => {
  const dir = path.join(tmp, 'links');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'a.yaml'), 'kind: Pod\n');
  fs.symlinkSync('missing.yaml', path.join(dir, 'dangling.yaml'));
  fs.symlinkSync('loop.yaml', path.join(dir, 'loop.yaml'));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.symlinkSync('sub', path.join(dir, 'folder.yaml'));
  const files = listYamlFiles(dir);
  assert.deepEqual(
    files.map((f) => path.basename(f)),
    ['a.yaml', 'dangling.yaml', 'loop.yaml'],
  );
  assert.equal(
    inputError(() => loadManifestFile(files[1], 'dangling.yaml')).message,
    'cannot read file: no such file',
  );
  assert.equal(
    inputError(() => loadManifestFile(files[2], 'loop.yaml')).message,
    'cannot read file: too many levels of symbolic links',
  );
  assert.equal(
    inputError(() => loadManifestFile(path.join(dir, 'a.yaml', 'x.yaml'), 'x.yaml')).message,
    'cannot read file: a part of the path is not a folder',
  );
});

test(`durations: at most ${MAX_DURATION_SECONDS} s (one year), never Infinity`, () => {
  assert.equal(MAX_DURATION_SECONDS, 31_536_000);
  for (const ok of ['8760h', '525600m', '31536000s', '31536000', 31_536_000]) {
    assert.equal(parseDuration(ok), MAX_DURATION_SECONDS, String(ok));
  }
  for (const long of [
    '8761h',
    '31536001',
    '99999999999h',
    '1' + '0'.repeat(400) + 's',
    1.7e308,
    31_536_000.5,
  ]) {
    assert.throws(
      () => parseDuration(long),
      /is longer than the maximum of 1 year \(31,536,000 s\)/,
      String(long),
    );
  }
  assert.throws(() => parseDuration(1.7e308, '1.7e308'), /duration 1\.7e308 is longer/);
  assert.throws(() => parseDuration('1e400s'), /invalid duration "1e400s"/);
});

const SCENARIO = (step: string) =>
  `apiVersion: k8s-sim/v1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  steps:\n    - ${step}\n`;

test('scenario durations and gracePeriod above the maximum name their line and column', () => {
  const wait = inputError(() => parseScenarioText(SCENARIO('wait: 1.7e308'), 's.yaml', tmp));
  assert.deepEqual([wait.line, wait.column], [6, 13]);
  assert.equal(wait.message, '"wait": duration 1.7e308 is longer than the maximum of 1 year (31,536,000 s)');
  const forText = SCENARIO('scale: {kind: sts, name: web, replicas: 1}\n      for: 1e400s');
  const forErr = inputError(() => parseScenarioText(forText, 's.yaml', tmp));
  assert.deepEqual([forErr.line, forErr.column], [7, 12]);
  const grace = inputError(() =>
    parseScenarioText(SCENARIO('delete: {kind: pod, name: p, gracePeriod: 31536001}'), 's.yaml', tmp),
  );
  assert.match(
    grace.message,
    /"gracePeriod" in delete step must be a non-negative integer of at most 31,536,000/,
  );
  const settle = `apiVersion: k8s-sim/v1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  settleLimit: 99999999999h\n`;
  assert.deepEqual(
    (({ line, column }) => [line, column])(inputError(() => parseScenarioText(settle, 's.yaml', tmp))),
    [5, 16],
  );
});

test('scale steps, --scale and Cluster.scale share the manifest limit and its words', () => {
  // The words a manifest gets from validation.
  const [doc] = loadManifestText(
    'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\nspec:\n  replicas: 2000000000\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: i}]}\n',
    'rs.yaml',
  );
  const v = validateDoc(doc);
  assert.ok(v.ok === false);
  assert.equal(v.rejection.message, replicasLimitError(2_000_000_000));
  assert.equal(replicasLimitError(MAX_REPLICAS), null);
  assert.equal(replicasLimitError(`${MAX_REPLICAS + 1}`), replicasLimitError(MAX_REPLICAS + 1));

  const step = inputError(() =>
    parseScenarioText(SCENARIO('scale: {kind: rs, name: web, replicas: 2000000000}'), 's.yaml', tmp),
  );
  assert.deepEqual([step.line, step.column], [6, 46]);
  assert.equal(step.message, replicasLimitError(2_000_000_000));
  const huge = inputError(() =>
    parseScenarioText(
      SCENARIO('scale: {kind: rs, name: web, replicas: 99999999999999999999}'),
      's.yaml',
      tmp,
    ),
  );
  assert.equal(huge.message, replicasLimitError('99999999999999999999'));
  const at = parseScenarioText(
    SCENARIO(`scale: {kind: rs, name: web, replicas: ${MAX_REPLICAS}}`),
    's.yaml',
    tmp,
  );
  assert.equal((at.steps[0] as { replicas: number }).replicas, MAX_REPLICAS);
  assert.match(
    inputError(() => parseScenarioText(SCENARIO('scale: {kind: rs, name: web, replicas: -1}'), 's.yaml', tmp))
      .message,
    /must be a non-negative integer \(got -1\)/,
  );

  const flag = inputError(() => cliStep('scale', 'rs/web=99999999999999999999', '<command line>'));
  assert.deepEqual([flag.file, flag.line, flag.column], ['<command line>', 1, 1]);
  assert.equal(
    flag.message,
    `--scale rs/web=99999999999999999999: ${replicasLimitError('99999999999999999999')}`,
  );
  assert.equal(
    (cliStep('scale', `rs/web=${MAX_REPLICAS}`, 'f') as { replicas: number }).replicas,
    MAX_REPLICAS,
  );

  // Steps built elsewhere (the extension) are held to the same limit by the cluster.
  const cluster = new Cluster(DEFAULT_CLUSTER, 1);
  assert.equal(
    cluster.scale('ReplicaSet', 'default', 'web', 2_000_000_000),
    replicasLimitError(2_000_000_000),
  );
  assert.match(cluster.scale('ReplicaSet', 'default', 'web', -1) ?? '', /non-negative integer/);
  assert.match(cluster.scale('ReplicaSet', 'default', 'web', 3) ?? '', /not found/);
});
