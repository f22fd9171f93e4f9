// Every message the extension shows through vscode.l10n.t, and every word of the timeline page
// (its l10n.t, fed the extension's bundle), has a Korean translation with the same placeholders (the course the extension serves is Korean), and every %key% of package.json
// exists in both package.nls.json and package.nls.ko.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const read = (p: string): string => fs.readFileSync(path.join(root, p), 'utf8');

/** The extension's messages, and the timeline page's (the extension hands the page its bundle). */
function messages(): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const folder of ['extension', 'webview']) {
    const dir = path.join(root, 'src', folder);
    for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!f.endsWith('.ts')) continue;
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      const re = /l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g;
      for (let m = re.exec(src); m; m = re.exec(src))
        out.push({ file: `${folder}/${f}`, text: m[1].replace(/\\'/g, "'") });
    }
  }
  return out;
}

const placeholders = (s: string): string[] => (s.match(/\{\d+\}/g) ?? []).sort();

test('every l10n.t message of the extension has a Korean entry with the same placeholders', () => {
  const ko = JSON.parse(read('l10n/bundle.l10n.ko.json')) as Record<string, string>;
  const found = messages();
  assert.ok(found.length > 30, `found ${found.length} messages`);
  const missing = found.filter((m) => !(m.text in ko)).map((m) => `${m.file}: ${m.text}`);
  assert.deepEqual(missing, []);
  for (const m of found) assert.deepEqual(placeholders(ko[m.text]), placeholders(m.text), m.text);
});

test('package.json %keys% exist in English and Korean', () => {
  const keys = [...read('package.json').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  const en = JSON.parse(read('package.nls.json')) as Record<string, string>;
  const ko = JSON.parse(read('package.nls.ko.json')) as Record<string, string>;
  assert.ok(keys.length > 10);
  for (const k of keys) {
    assert.ok(k in en, `package.nls.json lacks ${k}`);
    assert.ok(k in ko, `package.nls.ko.json lacks ${k}`);
  }
});
