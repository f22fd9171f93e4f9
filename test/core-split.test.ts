// The extension's two bundles (scripts/bundle.mjs): what activation loads (dist/extension.js) holds
// none of the parser, the engine or the analysis the editor runs on first use; those come from
// dist/extension-core.js through core-loader.ts. Read from the build's metafile (`npm run build`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');

interface MetaInput {
  bytesInOutput: number;
}
interface Metafile {
  inputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
  outputs: Record<
    string,
    { inputs: Record<string, MetaInput>; imports: Array<{ path: string; external?: boolean }> }
  >;
}

function shellMeta(): { meta: Metafile; inputs: Record<string, MetaInput> } {
  const meta = JSON.parse(fs.readFileSync(path.join(DIST, 'extension.meta.json'), 'utf8')) as Metafile;
  const outputs = Object.values(meta.outputs);
  assert.equal(outputs.length, 1, 'one output: dist/extension.js');
  return { meta, inputs: outputs[0].inputs };
}

/** What core.ts exists to keep out of activation. */
const HEAVY = [
  'node_modules/',
  'src/engine/loader.ts',
  // Its InputErrorException is the class the core's parser throws: a copy in the shell would make
  // every `instanceof` on a parse error false (and YAML errors lose their line).
  'src/engine/manifest.ts',
  'src/engine/cluster.ts',
  'src/engine/sim.ts',
  'src/engine/controllers/',
  'src/engine/scheduler/',
  'src/engine/validation/',
  'src/scenario/parse.ts',
  'src/scenario/run.ts',
  'src/extension/core.ts',
  'src/extension/worker/build.ts',
  'src/extension/analysis/cursor.ts',
  'src/extension/analysis/incremental-parse.ts',
  'src/extension/analysis/rules/',
  'src/extension/analysis/hover/',
];

/** The import chain from the entry to `target`, to say how a heavy module crept in. */
function chainTo(meta: Metafile, target: string): string[] {
  const from = new Map<string, string>();
  const queue = ['src/extension/extension.ts'];
  while (queue.length > 0) {
    const at = queue.shift() as string;
    if (at === target) break;
    for (const imp of meta.inputs[at]?.imports ?? []) {
      if (imp.external || from.has(imp.path)) continue;
      from.set(imp.path, at);
      queue.push(imp.path);
    }
  }
  const chain = [target];
  for (let at = from.get(target); at; at = from.get(at)) chain.unshift(at);
  return chain;
}

test('activation loads none of the parser, engine or analysis (they are in extension-core.js)', () => {
  const { meta, inputs } = shellMeta();
  const heavy = Object.keys(inputs).filter((f) => HEAVY.some((h) => f.startsWith(h)));
  assert.deepEqual(
    heavy.map((f) => chainTo(meta, f).join(' → ')),
    [],
    'these reach dist/extension.js; import them through core() (src/extension/core-loader.ts)',
  );
});

/**
 * Modules bundled into both halves: each has a copy per bundle, so none may hold a class, a cache
 * or any other state that one half hands the other (an `instanceof` across the halves is false).
 * These are stateless functions and constant tables.
 */
const SHARED_STATELESS = new Set([
  'src/engine/types.ts', // DEFAULT_CLUSTER and types
  'src/engine/kinds.ts', // the table of kinds
  'src/engine/selector.ts', // label-selector matching
  'src/extension/analysis/objects.ts', // reading fields of a parsed document
  'src/extension/analysis/scope-set.ts', // which documents a scope's files hold
  'src/extension/analysis/scenario-tests.ts', // looksLikeScenario, a text test
  'src/extension/worker/request.ts', // scenarioOf, plain data in and out
  'src/shared/cluster-at.ts',
  'src/shared/names.ts',
  'src/shared/protocol.ts',
]);

test('what both halves bundle is stateless (a class in both would break instanceof across them)', () => {
  const inputsOf = (file: string): string[] => {
    const meta = JSON.parse(fs.readFileSync(path.join(DIST, file), 'utf8')) as Metafile;
    return Object.keys(Object.values(meta.outputs)[0].inputs);
  };
  const core = new Set(inputsOf('extension-core.meta.json'));
  const shared = inputsOf('extension.meta.json').filter((f) => core.has(f));
  assert.deepEqual(
    shared.filter((f) => !SHARED_STATELESS.has(f)),
    [],
    'bundled into both dist/extension.js and dist/extension-core.js: reach it through core() instead, ' +
      'or list it in SHARED_STATELESS if it holds no class or state',
  );
});

test('the core is required at run time beside the shell, not bundled into it', () => {
  const { meta } = shellMeta();
  const output = Object.values(meta.outputs)[0];
  assert.ok(
    output.imports.some((i) => i.external && i.path === './extension-core.js'),
    'dist/extension.js requires ./extension-core.js',
  );
  assert.ok(fs.existsSync(path.join(DIST, 'extension-core.js')));
  const shellBytes = fs.statSync(path.join(DIST, 'extension.js')).size;
  const coreBytes = fs.statSync(path.join(DIST, 'extension-core.js')).size;
  // A budget, not a timing: the shell is what every activation pays for.
  assert.ok(shellBytes < 150 * 1024, `dist/extension.js is ${shellBytes} bytes (budget 150 KB)`);
  assert.ok(coreBytes > 4 * shellBytes, 'the heavy half is in the core');
});

test('the core loads and answers without vscode (its modules are plain analysis)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require(path.join(DIST, 'extension-core.js')) as typeof import('../src/extension/core');
  const docs = core.loadManifestText('kind: Service\nmetadata: {name: web}\n', 'web.yaml');
  assert.equal(docs.length, 1);
  assert.equal(core.docAtLine(docs, 2), docs[0]);
});
