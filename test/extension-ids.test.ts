// package.json's contributions and the extension's one table of command/view IDs and settings
// agree: a command registered but not contributed (or the reverse) fails here, not in the editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, VIEWS } from '../src/extension/commands';
import { MANIFEST_SCOPES, SETTING_DEFAULTS, SETTINGS_SECTION, readSettings } from '../src/extension/settings';

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    views: Record<string, Array<{ id: string }>>;
    configuration: { properties: Record<string, { default: unknown; enum?: unknown[]; maximum?: number }> };
  };
}

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

test('every command in COMMANDS is contributed, and nothing else is', () => {
  const contributed = pkg.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(contributed, Object.values(COMMANDS).sort());
});

test('every view in VIEWS is contributed', () => {
  const views = Object.values(pkg.contributes.views).flatMap((list) => list.map((v) => v.id));
  assert.deepEqual(views.sort(), Object.values(VIEWS).sort());
});

test('settings: keys, defaults and choices match contributes.configuration', () => {
  const props = pkg.contributes.configuration.properties;
  const keys = Object.keys(SETTING_DEFAULTS).map((k) => `${SETTINGS_SECTION}.${k}`);
  assert.deepEqual(Object.keys(props).sort(), keys.sort());
  for (const [key, value] of Object.entries(SETTING_DEFAULTS))
    assert.deepEqual(props[`${SETTINGS_SECTION}.${key}`].default, value, key);
  assert.deepEqual(props[`${SETTINGS_SECTION}.manifestScope`].enum, [...MANIFEST_SCOPES]);
});

test('readSettings brings hand-typed values back into range', () => {
  const from = (values: Record<string, unknown>) => readSettings({ get: <T>(k: string) => values[k] as T });
  assert.deepEqual(from({}), SETTING_DEFAULTS);
  assert.deepEqual(from({ manifestScope: 'workspace', debounceMs: 0 }), {
    manifestScope: 'workspace',
    debounceMs: 0,
  });
  assert.deepEqual(from({ manifestScope: 'everything', debounceMs: 'fast' }), SETTING_DEFAULTS);
  const max = pkg.contributes.configuration.properties[`${SETTINGS_SECTION}.debounceMs`].maximum;
  assert.equal(from({ debounceMs: 1e9 }).debounceMs, max);
  assert.equal(from({ debounceMs: -5 }).debounceMs, 0);
});
