// Extension-host benchmark entry for `npm run bench` (same contract as the test suite).
// passed). The e2e harness runs it inside code-server and passes mocha's folder in
// K8S_SIM_E2E_MOCHA; under @vscode/test-electron plain 'mocha' resolves.
/* global require, exports, __dirname, process */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports */
const path = require('path');
const fs = require('fs');
const Mocha = require(process.env.K8S_SIM_E2E_MOCHA || 'mocha');

function run() {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120000 });
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
