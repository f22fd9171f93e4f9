// Runs inside the extension host, with mocha's BDD globals.
/* global require, describe, it, process */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports */
const assert = require('assert');
const vscode = require('vscode');

const ID = 'k8s-sim-test.e2e-fixture';

describe('fixture extension', () => {
  it('is present and activates', async () => {
    const ext = vscode.extensions.getExtension(ID);
    assert.ok(ext, `extension ${ID} not found`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('k8sSimFixture.hello'), 'k8sSimFixture.hello is not registered');
    assert.ok(commands.includes('k8sSimFixture.showWebview'), 'k8sSimFixture.showWebview is not registered');
  });

  it('runs the hello command', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('k8sSimFixture.hello'), 'hello from the fixture');
  });

  if (process.env.K8S_SIM_E2E_FIXTURE_FAIL) {
    it('fails on purpose (K8S_SIM_E2E_FIXTURE_FAIL is set)', () => {
      assert.strictEqual(1 + 1, 3);
    });
  }
});
