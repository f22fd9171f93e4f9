// UI check for the fixture extension: YAML file → CodeLens → click → webview text; plus the
// harness's helpers (Quick Open on a nested file, a command from the command palette).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// Called by the harness before the workbench opens, so the files are in the explorer from the start.
export async function prepare({ workspace }) {
  await writeFile(
    join(workspace, 'sample.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n',
  );
  await mkdir(join(workspace, 'nested/dir'), { recursive: true });
  await writeFile(join(workspace, 'nested/dir/deep.yml'), 'kind: Secret\n');
}

export default async function ({ page, screenshot, step, vscode }) {
  await step('workbench shows the workspace file', async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sample.yaml' }).waitFor();
    await screenshot('01-workbench');
  });

  await step('YAML file opens in an editor tab', async () => {
    await vscode.openFile('sample.yaml');
    await screenshot('02-yaml-open');
  });

  const lens = page.locator('.codelens-decoration a', { hasText: 'Fixture: open webview' });
  await step('CodeLens is shown', async () => {
    await lens.waitFor();
    await screenshot('03-codelens');
  });

  await step('clicking the CodeLens opens the webview', async () => {
    await lens.click();
    const frame = vscode.webview();
    await frame.locator('#msg', { hasText: 'Hello from the fixture webview' }).waitFor();
    await frame.locator('#file', { hasText: 'sample.yaml' }).waitFor();
    await screenshot('04-webview');
  });

  await step('Quick Open finds a nested file (server-side ripgrep)', async () => {
    await vscode.openFile('nested/dir/deep.yml');
    const active = page.locator('.editor-group-container.active');
    await active.locator('.tab.active', { hasText: 'deep.yml' }).waitFor();
    await active.locator('.codelens-decoration a', { hasText: 'Fixture: open webview' }).waitFor();
    await screenshot('05-quick-open');
  });

  await step('command palette runs a fixture command', async () => {
    await vscode.runCommand('Fixture: Hello');
    await page.locator('.notification-toast', { hasText: 'Hello from the fixture' }).waitFor();
    await screenshot('06-command');
  });
}
