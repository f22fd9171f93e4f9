// Extension-tests entry of the harness's fixture extension (proves the harness, not K8s Sim).
/* global require, exports, __dirname */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports */
const { runFolder } = require('../../../vscode/mocha-run');

exports.run = () => runFolder(__dirname, { ui: 'bdd', timeout: 20000 });
