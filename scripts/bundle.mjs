// Bundles the CLI, the timeline page script and the VS Code extension, so that neither `npx k8s-sim`
// nor the packaged extension needs node_modules at run time.
import { build } from 'esbuild';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
chmodSync('dist/cli.js', 0o755);

// The timeline page script: inlined by `--html` (src/scenario/html.ts) and loaded as a file by the
// VS Code webview (src/extension/timeline.ts). It bundles only the vscode-elements components it
// imports (each from its own dist/<component>/index.js), and lit with them.
await build({
  entryPoints: ['src/webview/timeline/main.ts'],
  outfile: 'dist/webview.js',
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2020',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});

// The extension host entry, in two bundles: the editor's wiring (dist/extension.js, loaded on
// activation) and its heavy half (dist/extension-core.js: parser, engine, analysis), which
// src/extension/core-loader.ts requires on first use. `vscode` is provided by the editor.
const EXTENSION_ENTRY = 'src/extension/extension.ts';
const CORE_ENTRY = 'src/extension/core.ts';
const CORE_OUTFILE = 'extension-core.js';
/** Leaves core-loader's `require('./core')` to run time, as `require('./extension-core.js')`. */
const coreApart = {
  name: 'core-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/core$/ }, (args) =>
      args.importer.endsWith(join('src', 'extension', 'core-loader.ts'))
        ? { path: `./${CORE_OUTFILE}`, external: true }
        : undefined,
    );
  },
};
if (existsSync(EXTENSION_ENTRY)) {
  const shell = await build({
    entryPoints: [EXTENSION_ENTRY],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    plugins: [coreApart],
    metafile: true,
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // What activation loads, for the boundary test (test/core-split.test.ts) and the bench.
  writeFileSync('dist/extension.meta.json', JSON.stringify(shell.metafile));
  const core = await build({
    entryPoints: [CORE_ENTRY],
    outfile: `dist/${CORE_OUTFILE}`,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    metafile: true,
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  writeFileSync('dist/extension-core.meta.json', JSON.stringify(core.metafile));
  // The simulation worker (src/extension/worker/): the engine and the parser, run off the
  // extension host's thread; loaded from beside dist/extension.js.
  await build({
    entryPoints: ['src/extension/worker/sim-worker.ts'],
    outfile: 'dist/sim-worker.js',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
} else {
  console.log(`bundle: skipped the extension build: ${EXTENSION_ENTRY} does not exist yet`);
}
