// Bundles the CLI, the timeline page script and the VS Code extension, so that neither `npx k8s-sim`
// nor the packaged extension needs node_modules at run time.
import { build } from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

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

// The extension host entry. `vscode` is provided by the editor at run time.
const EXTENSION_ENTRY = 'src/extension/extension.ts';
if (existsSync(EXTENSION_ENTRY)) {
  await build({
    entryPoints: [EXTENSION_ENTRY],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
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
