// The manifest loader: document splitting, positions, YAML errors and the limits that keep
// hostile input from hanging the process.
import { after, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  MAX_FILE_BYTES,
  listYamlFiles,
  loadManifestFile,
  loadManifestText,
  type LoadOptions,
} from '../src/engine/loader';
import { inputError } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-sim-loader-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const MULTI = [
  '---', //                                  1
  '# leading comment-only document', //      2
  '---', //                                  3
  'apiVersion: v1', //                       4
  'kind: Service', //                        5
  'metadata:', //                            6
  '  name: web', //                          7
  '---', //                                  8
  '', //                                     9
  'apiVersion: apps/v1', //                  10
  'kind: StatefulSet', //                    11
  'metadata: {name: db}', //                 12
  'spec:', //                                13
  '  template:', //                          14
  '    spec:', //                            15
  '      containers:', //                    16
  '        - name: db', //                   17
  '          image: postgres:16', //         18
  '        -   name: sidecar', //            19
  '---', //                                  20
  'just a string', //                        21
  '',
].join('\n');

test('multi-document text: empty documents skipped, indexes and ranges per document', () => {
  const docs = loadManifestText(MULTI, 'm.yaml');
  assert.equal(docs.length, 3);
  assert.deepEqual(
    docs.map((d) => d.index),
    [0, 1, 2],
  );
  assert.deepEqual(docs[0].source, {
    file: 'm.yaml',
    start: { line: 4, column: 1 },
    end: { line: 7, column: 12 },
  });
  assert.deepEqual(docs[1].source.start, { line: 10, column: 1 });
  assert.deepEqual(docs[1].source.end, { line: 19, column: 26 });
  assert.deepEqual(docs[0].body, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } });
  // A non-object document is still returned; validation rejects it with a message.
  assert.equal(docs[2].body, 'just a string');
  assert.deepEqual(docs[2].source.start, { line: 21, column: 1 });
});

test('locate points at the key of a field, the item of a list, or the nearest ancestor', () => {
  const [, sts] = loadManifestText(MULTI, 'm.yaml');
  const cases: Array<[Array<string | number>, number, number]> = [
    [[], 10, 1],
    [['kind'], 11, 1],
    [['metadata', 'name'], 12, 12],
    [['spec', 'template', 'spec', 'containers'], 16, 7],
    [['spec', 'template', 'spec', 'containers', 0], 17, 11],
    [['spec', 'template', 'spec', 'containers', 0, 'image'], 18, 11],
    [['spec', 'template', 'spec', 'containers', 1, 'name'], 19, 13],
    [['spec', 'template', 'spec', 'containers', '1', 'name'], 19, 13],
    // Missing fields: the nearest existing ancestor.
    [['spec', 'replicas'], 13, 1],
    [['spec', 'template', 'spec', 'containers', 5, 'name'], 16, 7],
    [['spec', 'template', 'spec', 'containers', 0, 'image', 'deeper'], 18, 11],
    [['nope'], 10, 1],
  ];
  for (const [p, line, column] of cases) {
    assert.deepEqual(sts.locate(p), { line, column }, p.join('.'));
  }
});

test('documents that hold nothing are skipped', () => {
  for (const text of [
    '',
    '\n\n',
    '---\n',
    '# only a comment\n',
    '---\n---\n...\n',
    '--- ~\n',
    '---\nnull\n',
  ]) {
    assert.deepEqual(loadManifestText(text, 'e.yaml'), [], JSON.stringify(text));
  }
});

test('line and column offsets shift every position (inline manifests)', () => {
  const opts: LoadOptions = { lineOffset: 20, columnOffset: 6 };
  const [doc] = loadManifestText('kind: Pod\nmetadata:\n  name: p\n', 'scenario.yaml', opts);
  assert.deepEqual(doc.source.start, { line: 21, column: 7 });
  assert.deepEqual(doc.locate(['metadata', 'name']), { line: 23, column: 9 });
  const err = inputError(() => loadManifestText('kind: Pod\nmetadata: [a\nb: 1\n', 'scenario.yaml', opts));
  assert.equal(err.file, 'scenario.yaml');
  assert.ok(err.line > 20 && err.column > 6, JSON.stringify(err));
});

test('YAML syntax errors name file, line and column', () => {
  const cases: Array<[string, number, number]> = [
    ['a: 1\nb: [1, 2\nc: 3\n', 3, 1],
    ['a: 1\n  b: 2\n', 1, 4],
    ['kind: Pod\nmetadata:\n\t name: x\n', 3, 1],
    ['a: "unterminated\n', 2, 1],
    ['ok: 1\n---\nkind: Pod\nspec: {a: 1\nstatus: {}\n', 5, 1],
  ];
  for (const [text, line, column] of cases) {
    const err = inputError(() => loadManifestText(text, 'bad.yaml'));
    assert.equal(err.file, 'bad.yaml');
    assert.deepEqual([err.line, err.column], [line, column], `${JSON.stringify(text)}: ${err.message}`);
    assert.match(err.message, /^invalid YAML: /);
    assert.doesNotMatch(err.message, /\n/, 'one-line message');
  }
});

test('duplicate keys are errors at the second occurrence', () => {
  const err = inputError(() =>
    loadManifestText('a: 1\n---\nkind: Pod\nmetadata:\n  name: x\n  name: y\n', 'd.yaml'),
  );
  assert.deepEqual(err, {
    file: 'd.yaml',
    line: 6,
    column: 3,
    message: 'duplicate key "name" (first at line 5)',
  });
  // Keys that become the same JSON key collide too, as they would in kubectl's conversion.
  assert.equal(inputError(() => loadManifestText('1: a\n"1": b\n', 'd.yaml')).line, 2);
});

test('duplicate-key checking stays linear for a mapping with many keys', () => {
  let text = '';
  for (let i = 0; i < 60_000; i++) text += `key${i}: ${i}\n`;
  const [doc] = loadManifestText(text, 'big.yaml');
  assert.equal(Object.keys(doc.body as object).length, 60_000);
});

test('scalars resolve like kubectl (YAML 1.1), without timestamps', () => {
  const [doc] = loadManifestText(
    [
      'octal: 0644',
      'quotedOctal: "0644"',
      'hex: 0x1F',
      'yes: yes',
      'off: off',
      'date: 2024-01-01',
      'sexagesimal: 1:20',
      'float: 1.5',
      'nul: ~',
      'base: &b {a: 1, b: 2}',
      'merged: {<<: *b, b: 3}',
      // go-yaml v2 reads y and n as booleans too (the "Norway problem"), keys included.
      'norway: {n: NO}',
    ].join('\n'),
    's.yaml',
  );
  assert.deepEqual(doc.body, {
    octal: 420,
    quotedOctal: '0644',
    hex: 31,
    true: true,
    false: false,
    date: '2024-01-01',
    sexagesimal: '1:20',
    float: 1.5,
    nul: null,
    base: { a: 1, b: 2 },
    merged: { a: 1, b: 3 },
    norway: { false: false },
  });
});

test('aliased nodes are separate objects in the body', () => {
  const [doc] = loadManifestText('a: &x {labels: {app: web}}\nb: *x\n', 'a.yaml');
  const body = doc.body as { a: { labels: { app: string } }; b: { labels: { app: string } } };
  body.a.labels.app = 'changed';
  assert.equal(body.b.labels.app, 'web');
});

test('an alias bomb is refused quickly', () => {
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let prev = 'a';
  for (const n of 'bcdefghijklm') {
    text += `${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    prev = n;
  }
  const err = inputError(() => loadManifestText(text, 'bomb.yaml'));
  assert.equal(err.file, 'bomb.yaml');
  assert.equal(err.line, 1);
  assert.match(err.message, /too many YAML alias expansions \(possible alias bomb\)/);
});

test('recursive aliases and map-valued keys are refused', () => {
  const cycle = inputError(() => loadManifestText('a: &x\n  b: *x\n', 'c.yaml'));
  assert.deepEqual([cycle.line, cycle.column], [2, 6]);
  assert.match(cycle.message, /alias \*x refers to a node that contains it/);
  const key = inputError(() => loadManifestText('ok: 1\n? [a, b]\n: 1\n', 'k.yaml'));
  assert.deepEqual([key.line, key.column], [2, 3]);
  assert.match(key.message, /mapping keys must be strings/);
});

test('runaway nesting and oversized documents are refused quickly', () => {
  const cases: Array<[string, RegExp]> = [
    ['['.repeat(200_000), /nested too deeply/],
    ['a: ' + '{b: '.repeat(100_000), /nested too deeply/],
    ['- '.repeat(200_000) + 'x\n', /nested too deeply/],
    ['? '.repeat(200_000) + 'x\n', /nested too deeply/],
    ['- 1\n'.repeat(600_000), /document is too large/],
    ['---\na: 1\n'.repeat(10_001), /more than 10000 YAML documents/],
  ];
  for (const [text, message] of cases) {
    const err = inputError(() => loadManifestText(text, 'x.yaml'));
    assert.match(err.message, message);
  }
  // Ordinary depth is fine.
  const deep = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' leaf\n';
  assert.equal(loadManifestText(deep, 'deep.yaml').length, 1);
});

test('text larger than 8 MB is refused before parsing', () => {
  const err = inputError(() => loadManifestText('#'.repeat(20 * 1024 * 1024), 'huge.yaml'));
  assert.deepEqual(err, {
    file: 'huge.yaml',
    line: 1,
    column: 1,
    message: 'file is 20.0 MB; the largest file k8s-sim reads is 8 MB',
  });
});

test('loadManifestFile: positions name the display name, or the path', () => {
  const file = path.join(tmp, 'app.yaml');
  fs.writeFileSync(file, 'kind: Pod\n---\nkind: Service\nmetadata:\n  name: s\n');
  const docs = loadManifestFile(file, 'manifests/app.yaml');
  assert.equal(docs.length, 2);
  assert.deepEqual(docs[1].source.start, { line: 3, column: 1 });
  assert.equal(docs[1].source.file, 'manifests/app.yaml');
  assert.deepEqual(docs[1].locate(['metadata', 'name']), { line: 5, column: 3 });
  assert.equal(loadManifestFile(file)[0].source.file, file);
});

test('loadManifestFile: byte order marks and UTF-16', () => {
  const bom = path.join(tmp, 'bom.yaml');
  fs.writeFileSync(bom, '\uFEFFkind: Pod\nmetadata: {name: é}\n');
  const [a] = loadManifestFile(bom);
  assert.deepEqual(a.body, { kind: 'Pod', metadata: { name: 'é' } });
  assert.deepEqual(a.source.start, { line: 1, column: 1 });
  const utf16 = path.join(tmp, 'utf16.yaml');
  fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: Pod\n', 'utf16le')]));
  assert.deepEqual(loadManifestFile(utf16)[0].body, { kind: 'Pod' });
});

test('a file larger than 8 MB is refused from its size, without reading it', (t) => {
  const file = path.join(tmp, 'huge.yaml');
  const fd = fs.openSync(file, 'w');
  fs.ftruncateSync(fd, 20 * 1024 * 1024); // sparse: no 20 MB written to disk
  fs.closeSync(fd);
  const open = t.mock.method(fs, 'openSync');
  const readFile = t.mock.method(fs, 'readFileSync');
  const read = t.mock.method(fs, 'readSync');
  const err = inputError(() => loadManifestFile(file, 'huge.yaml'));
  assert.deepEqual(err, {
    file: 'huge.yaml',
    line: 1,
    column: 1,
    message: 'file is 20.0 MB; the largest file k8s-sim reads is 8 MB',
  });
  assert.equal(open.mock.callCount() + readFile.mock.callCount() + read.mock.callCount(), 0);
  mock.restoreAll();
  // Exactly the limit is accepted.
  fs.writeFileSync(file, `a: 1\n${'#'.repeat(MAX_FILE_BYTES - 6)}\n`);
  assert.equal(loadManifestFile(file).length, 1);
});

test('unreadable files give a short message at line 1, column 1', () => {
  const missing = inputError(() => loadManifestFile(path.join(tmp, 'nope.yaml'), 'nope.yaml'));
  assert.deepEqual(missing, {
    file: 'nope.yaml',
    line: 1,
    column: 1,
    message: 'cannot read file: no such file',
  });
  const folder = inputError(() => loadManifestFile(tmp, 'dir'));
  assert.equal(folder.message, 'cannot read file: it is a folder');
  const underFile = inputError(() => loadManifestFile(path.join(tmp, 'app.yaml', 'x.yaml'), 'x'));
  assert.doesNotMatch(underFile.message, /ENOENT|ENOTDIR|errno|at /);
});

test('listYamlFiles: *.yaml and *.yml in name order, not recursive', () => {
  const dir = path.join(tmp, 'list');
  fs.mkdirSync(path.join(dir, 'sub.yaml'), { recursive: true });
  for (const name of ['b.yaml', 'a.yml', 'c.txt', 'd.json', '10-x.yaml', '2-y.yaml']) {
    fs.writeFileSync(path.join(dir, name), 'kind: Pod\n');
  }
  fs.writeFileSync(path.join(dir, 'sub.yaml', 'inner.yaml'), 'kind: Pod\n');
  assert.deepEqual(
    listYamlFiles(dir),
    ['10-x.yaml', '2-y.yaml', 'a.yml', 'b.yaml'].map((n) => path.join(dir, n)),
  );
  assert.match(
    inputError(() => listYamlFiles(path.join(tmp, 'missing'))).message,
    /cannot read folder: no such file/,
  );
});
