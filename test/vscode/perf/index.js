// Extension-tests entry of the benchmarks measured inside VS Code (run by `npm run bench`).
/* global require, exports, __dirname */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports */
const { runFolder } = require('../mocha-run');

exports.run = () => runFolder(__dirname, { timeout: 120000 });
