// Runs the `*.test.js` files of one folder with mocha inside the extension host: the body of every
// extension-tests entry (the @vscode/test-electron contract, run() resolves when all passed).
// The e2e harness passes mocha's folder in K8S_SIM_E2E_MOCHA (mocha is not a project dependency
// there); under @vscode/test-electron plain 'mocha' resolves.
/* global require, exports, process */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports */
const path = require('path');
const fs = require('fs');

function runFolder(dir, { ui = 'tdd', timeout = 30000 } = {}) {
  const Mocha = require(process.env.K8S_SIM_E2E_MOCHA || 'mocha');
  const mocha = new Mocha({ ui, color: false, timeout });
  for (const f of fs.readdirSync(dir).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(dir, f));
  }
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} tests failed.`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}

exports.runFolder = runFolder;
