// Extension-test entry (the @vscode/test-electron contract): run() resolves when every test passed.
// Mocha is not a dependency of the project: the e2e harness installs it in its cache and passes its
// folder in K8S_SIM_E2E_MOCHA; elsewhere (e.g. under @vscode/test-electron) plain 'mocha' is used.
/* global require, exports, __dirname, process */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports */
const path = require('path');
const fs = require('fs');
const Mocha = require(process.env.K8S_SIM_E2E_MOCHA || 'mocha');

function run() {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20000 });
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} tests failed.`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}

exports.run = run;
