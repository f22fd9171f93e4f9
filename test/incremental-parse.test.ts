// Incremental re-parse (src/extension/analysis/incremental-parse.ts): after any sequence of edits
// the documents equal a whole-file parse — bodies, positions, indexes, field locations — and an
// error anywhere is reported exactly as the whole-file parse reports it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IncrementalParser, splitAtMarkers } from '../src/extension/analysis/incremental-parse';
import { loadManifestText } from '../src/engine/loader';
import { InputErrorException, type RawDoc } from '../src/engine/manifest';
import { Prng } from '../src/engine/prng';

const FILE = 'many.yaml';

const OBJECTS = [
  (i: number) =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\nspec:\n  clusterIP: None\n  ports: [{port: 80}]\n`,
  (i: number) =>
    `# a comment\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db-${i}\nspec:\n  replicas: ${i % 4}\n  template:\n    spec:\n      containers:\n      - name: app\n        image: kubetm/app\n`,
  (i: number) =>
    `kind: ConfigMap\nmetadata: {name: cm-${i}}\ndata:\n  script: |\n    echo one\n    --- not a marker, indented\n    echo ${i}\n`,
  () => `# only a comment: an empty document\n`,
  () => ``,
  (i: number) => `kind: Pod\nmetadata:\n  name: &n pod-${i}\n  labels: {app: *n}\n`,
];
const MARKERS = ['---\n', '---\n', '--- # next\n', '...\n---\n', '---\r\n'];
const BROKEN = [
  `kind: Pod\nmetadata:\n  name: x\n   bad: indent\n`,
  `kind: Pod\nmetadata: {name: a, name: b}\n`,
  `kind: Pod\nmetadata:\n  name: "unterminated\n`,
  `kind: Pod\ndata: "\u0007"\n`,
];

function compare(text: string, parser: IncrementalParser, what: string): void {
  let want: RawDoc[] | InputErrorException;
  try {
    want = loadManifestText(text, FILE);
  } catch (e) {
    if (!(e instanceof InputErrorException)) throw e;
    want = e;
  }
  let got: RawDoc[] | InputErrorException;
  try {
    got = parser.parse(text);
  } catch (e) {
    if (!(e instanceof InputErrorException)) throw e;
    got = e;
  }
  if (want instanceof InputErrorException || got instanceof InputErrorException) {
    assert.ok(
      want instanceof InputErrorException && got instanceof InputErrorException,
      `${what}: both fail`,
    );
    assert.deepEqual(got.errors, want.errors, what);
    return;
  }
  assert.equal(got.length, want.length, `${what}: documents`);
  got.forEach((doc, i) => {
    const w = want[i];
    assert.deepEqual(doc.body, w.body, `${what}: body ${i}`);
    assert.deepEqual(doc.source, w.source, `${what}: source ${i}`);
    assert.equal(doc.index, w.index, `${what}: index ${i}`);
    for (const path of [['metadata', 'name'], ['spec', 'replicas'], ['data', 'script'], ['kind'], []])
      assert.deepEqual(doc.locate(path), w.locate(path), `${what}: locate ${path.join('.')} of ${i}`);
  });
}

test('the pieces are cut at column-0 markers only; a marker with content or a directive is not cut', () => {
  assert.deepEqual(splitAtMarkers('a: 1\n---\nb: 2\n'), [
    { text: 'a: 1\n', line: 0 },
    { text: 'b: 2\n', line: 2 },
  ]);
  assert.deepEqual(
    (splitAtMarkers('x: |\n  ---\n--- # c\n...\ny: 1') ?? []).map((p) => p.line),
    [0, 3, 4],
  );
  assert.equal(splitAtMarkers('--- {a: 1}\n'), null);
  assert.equal(splitAtMarkers('%YAML 1.2\n---\na: 1\n'), null);
  assert.equal(splitAtMarkers('\ufeffa: 1\n'), null);
  assert.equal(splitAtMarkers('a: 1\n--- # \u0007\nb: 2\n'), null, 'a control character on a marker line');
  assert.equal(splitAtMarkers('a: 1\n---\n\ufeffb: 2\n'), null, 'U+FEFF opening a piece');
});

test('property: any sequence of edits parses as the whole file does', () => {
  const rng = new Prng(20261204);
  for (let round = 0; round < 40; round++) {
    const parser = new IncrementalParser(FILE);
    const docs = Array.from({ length: 2 + rng.int(12) }, (_, i) => OBJECTS[rng.int(OBJECTS.length)](i));
    const text = () =>
      docs.map((d, i) => (i === 0 ? '' : MARKERS[(i + round) % MARKERS.length]) + d).join('');
    compare(text(), parser, `round ${round} first parse`);
    for (let edit = 0; edit < 8; edit++) {
      const at = rng.int(docs.length);
      switch (rng.int(4)) {
        case 0: // change one document
          docs[at] = OBJECTS[rng.int(OBJECTS.length)](100 + edit);
          break;
        case 1: // insert one above: everything below moves
          docs.splice(at, 0, OBJECTS[rng.int(OBJECTS.length)](200 + edit));
          break;
        case 2: // remove one
          if (docs.length > 1) docs.splice(at, 1);
          break;
        default: // break one, then the next edit may mend it
          docs[at] = BROKEN[rng.int(BROKEN.length)];
      }
      compare(text(), parser, `round ${round} edit ${edit}`);
    }
  }
});

test('an edit of one document of 2,000 re-parses that document only', () => {
  const body = (i: number, replicas: number) =>
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db-${i}\nspec:\n  replicas: ${replicas}\n`;
  const docs = Array.from({ length: 2000 }, (_, i) => body(i, 1));
  const parser = new IncrementalParser(FILE);
  const first = parser.parse(docs.join('---\n'));
  docs[1500] = body(1500, 3);
  const second = parser.parse(docs.join('---\n'));
  // Unchanged documents are the same parsed objects (reused), the edited one is new.
  assert.equal(second[0].body, first[0].body);
  assert.equal(second[1999].body, first[1999].body);
  assert.notEqual(second[1500].body, first[1500].body);
  assert.equal((second[1500].body as { spec: { replicas: number } }).spec.replicas, 3);
});
