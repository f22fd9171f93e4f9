// Runs the extension-host suite with @vscode/test-electron, which downloads VS Code: for machines
// with internet access (a contributor's laptop, public CI). On machines without it, `npm run
// test:vscode` runs the same suite inside code-server (test/e2e/harness.mjs).
/* global require, __dirname, process, console */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports */
const path = require('path');
const { runTests } = require('@vscode/test-electron');

async function main() {
  const root = path.resolve(__dirname, '..', '..');
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [path.join(__dirname, 'workspace'), '--disable-extensions'],
    });
  } catch (err) {
    console.error(`extension tests failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

main();
