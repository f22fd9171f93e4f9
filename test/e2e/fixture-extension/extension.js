// Fixture extension for the e2e harness: one command, a CodeLens on YAML files, one webview.
/* global require, exports */
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vscode = require('vscode');

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('k8sSimFixture.hello', () => {
      void vscode.window.showInformationMessage('Hello from the fixture');
      return 'hello from the fixture';
    }),
    vscode.commands.registerCommand('k8sSimFixture.showWebview', (uri) => {
      const name = uri ? uri.path.split('/').pop() : '(no file)';
      const panel = vscode.window.createWebviewPanel(
        'k8sSimFixture',
        'Fixture Webview',
        vscode.ViewColumn.Beside,
        {
          enableScripts: false,
        },
      );
      panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';"></head>
<body><h1 id="msg">Hello from the fixture webview</h1><p id="file">File: ${name}</p></body></html>`;
      return name;
    }),
    vscode.languages.registerCodeLensProvider([{ language: 'yaml' }, { pattern: '**/*.{yaml,yml}' }], {
      provideCodeLenses(document) {
        const top = new vscode.Range(0, 0, 0, 0);
        return [
          new vscode.CodeLens(top, {
            title: 'Fixture: open webview',
            command: 'k8sSimFixture.showWebview',
            arguments: [document.uri],
          }),
        ];
      },
    }),
  );
}

function deactivate() {}

exports.activate = activate;
exports.deactivate = deactivate;
