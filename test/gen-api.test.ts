// The strict decoder's API tables are generated (npm run gen:api) from the Kubernetes API types a
// maintained package carries; this fails when the committed file drifts from what the generator
// writes, or when the generated schema loses a field the decoder relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { API_SCHEMA_TEXT } from '../src/engine/api-schema.generated';

const ROOT = path.join(__dirname, '..', '..');

test('src/engine/api-schema.generated.ts is what scripts/gen-api.mjs generates (no drift)', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-api.mjs'), '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
});

test('the generated schema has the 1.33 fields, Go named types and quantities of the overlay', () => {
  const structs = new Map(
    API_SCHEMA_TEXT.trim()
      .split('\n')
      .map((line) => {
        const [name, fields] = line.split('|');
        return [name, new Map(fields.split(',').map((f) => f.split(':') as [string, string]))];
      }),
  );
  const field = (s: string, f: string) => structs.get(s)?.get(f);
  assert.equal(field('Container', 'imagePullPolicy'), 'ePullPolicy');
  assert.equal(field('ResourceRequirements', 'limits'), 'r');
  assert.equal(field('ServicePort', 'targetPort'), 'n');
  assert.equal(field('Secret', 'data'), '{y}');
  assert.equal(field('PodSpec', 'terminationGracePeriodSeconds'), 'l');
  assert.equal(field('StatefulSetSpec', 'volumeClaimTemplates'), '[PersistentVolumeClaim]');
  // Added in 1.31–1.33, once hand-patched: now from the API types.
  assert.equal(field('Volume', 'image'), 'ImageVolumeSource');
  assert.equal(field('Lifecycle', 'stopSignal'), 'eSignal');
  assert.equal(field('PodSpec', 'resources'), 'ResourceRequirements');
  // Gone since 1.31 (PodResourceClaim.source).
  assert.equal(structs.has('ClaimSource'), false);
});
