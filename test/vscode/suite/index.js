// Extension-tests entry of the K8s Sim suite (run by `npm run test:vscode` and test/vscode/runTest.js).
/* global require, exports, __dirname */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports */
const { runFolder } = require('../mocha-run');

// A test's timeout catches a hang; it is generous so that a loaded machine does not fail the suite.
exports.run = () => runFolder(__dirname, { timeout: 120000 });
