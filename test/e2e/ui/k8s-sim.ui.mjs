// UI check of K8s Sim in a real VS Code (code-server 4.100.3 = VS Code 1.100.3, see ../README.md), on
// the course's manifests (run with --workspace test/vscode/workspace). The same script runs against
// the development folder (--ext .) and against the packaged extension (--vsix k8s-sim.vsix):
//
//   StatefulSet manifest → its three CodeLenses → "Simulate scale…" → 3 in the quick pick →
//   the timeline webview's lanes stateful-db-0..2 → the "Simulated Cluster" sidebar's pods →
//   the hover over `serviceName` → the piVersion typo's diagnostic.
//
// Every wait is bounded (WAIT, and the harness's per-step timeout); each stage leaves a screenshot in
// test-output/e2e/<run>/screenshots/.

/** Bound of each wait for the workbench (ms); the harness's step timeout (30 s) bounds a whole step. */
const WAIT = 15_000;

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Exact text of an element, ignoring surrounding white space (and codicons, which have no text). */
const exactly = (s) => new RegExp(`^\\s*${escape(s)}\\s*$`);

export default async function ({ page, screenshot, step, vscode, log }) {
  const editorGroup = page.locator('.editor-group-container.active');
  const activeEditor = editorGroup.locator('.editor-instance .monaco-editor').first();

  /** Opens a workspace file and waits until it is the active group's active tab. */
  const open = async (rel) => {
    await vscode.openFile(rel);
    const name = rel.split('/').pop();
    await editorGroup.locator('.tab.active', { hasText: name }).waitFor({ timeout: WAIT });
    await activeEditor.locator('.view-lines').waitFor({ timeout: WAIT });
  };

  /** Moves the mouse onto the first token of the active editor with exactly this text. */
  const hoverToken = async (text) => {
    const token = activeEditor.locator('.view-line span span', { hasText: exactly(text) }).first();
    await token.waitFor({ timeout: WAIT });
    await page.mouse.move(0, 0); // leave any earlier hover first
    const box = await token.boundingBox();
    if (!box) throw new Error(`token ${text} has no box`);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).first();
    await hover.waitFor({ timeout: WAIT });
    return hover;
  };

  await step('workbench shows the course workspace', async () => {
    for (const folder of ['course', 'ingress', 'typo'])
      await page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: exactly(folder) })
        .waitFor({ timeout: WAIT });
  });

  await step('StatefulSet manifest course/stateful-db.yaml opens', async () => {
    await open('course/stateful-db.yaml');
    await activeEditor.locator('.view-line', { hasText: 'name: stateful-db' }).waitFor({ timeout: WAIT });
  });

  const lens = (title) => editorGroup.locator('.codelens-decoration a', { hasText: exactly(title) });
  await step('CodeLens visible: Simulate, Simulate scale…, Simulate delete…', async () => {
    // The extension activates on the YAML file; its lenses are resolved right after.
    for (const title of ['Simulate', 'Simulate scale…', 'Simulate delete…'])
      await lens(title).first().waitFor({ timeout: 20_000 });
    const play = editorGroup.locator('.codelens-decoration a', { has: page.locator('.codicon-play') });
    if ((await play.count()) < 1) throw new Error('the Simulate lens has no $(play) icon');
    await screenshot('01-codelens');
  });

  await step('"Simulate scale…" asks for the replicas; 3 is picked', async () => {
    await lens('Simulate scale…').first().click();
    const quickPick = page.locator('.quick-input-widget');
    await quickPick
      .locator('.quick-input-title', { hasText: 'StatefulSet stateful-db' })
      .waitFor({ timeout: WAIT });
    const rows = quickPick.locator('.quick-input-list .monaco-list-row');
    for (const n of ['0', '1', '3', '5'])
      await rows
        .filter({ hasText: exactly(n) })
        .first()
        .waitFor({ timeout: WAIT });
    await screenshot('02-scale-quick-pick');
    await rows
      .filter({ hasText: exactly('3') })
      .first()
      .click();
    await quickPick.waitFor({ state: 'hidden', timeout: WAIT });
  });

  await step('timeline shows stateful-db-0..2', async () => {
    await page
      .locator('.tabs-container .tab', { hasText: 'K8s Sim: StatefulSet stateful-db' })
      .first()
      .waitFor({ timeout: 20_000 });
    const frame = vscode.webview();
    for (const pod of ['stateful-db-0', 'stateful-db-1', 'stateful-db-2'])
      await frame
        .locator('.lane .label .name', { hasText: exactly(pod) })
        .first()
        .waitFor({ timeout: 20_000 });
    // Scaled to 3, not more.
    const extra = await frame.locator('.lane .label .name', { hasText: exactly('stateful-db-3') }).count();
    if (extra !== 0) throw new Error('a lane stateful-db-3 exists after scaling to 3');
    await screenshot('03-timeline-lanes');
  });

  await step('sidebar "Simulated Cluster" lists the pods', async () => {
    const entry = page.locator('.activitybar .action-item a[aria-label^="K8s Sim"]');
    await entry.waitFor({ timeout: WAIT });
    await entry.click();
    const sidebar = page.locator('.part.sidebar');
    // The container's only view: its header is hidden, the view name is in its aria-label.
    await sidebar
      .locator('.pane-header[aria-label^="Simulated Cluster"]')
      .waitFor({ state: 'attached', timeout: WAIT });
    const rows = sidebar.locator('.monaco-list-row');
    const nodes = rows.filter({ hasText: exactly('Nodes') }).first();
    await nodes.waitFor({ timeout: WAIT });
    if ((await nodes.getAttribute('aria-expanded')) === 'false') await nodes.click();
    for (const pod of ['stateful-db-0', 'stateful-db-1', 'stateful-db-2']) {
      const row = rows.filter({ has: page.locator('.label-name', { hasText: exactly(pod) }) }).first();
      await row.waitFor({ timeout: WAIT });
    }
    await page.mouse.move(700, 880); // away from the activity bar's tooltip
    log('tree rows: %s', (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ')).join(' | '));
    await screenshot('04-sidebar-pods');
  });

  await step('hover over serviceName shows stateful-pvc-0.stateful-headless', async () => {
    await open('course/stateful-pvc.yaml');
    const hover = await hoverToken('serviceName');
    await hover.filter({ hasText: 'stateful-pvc-0.stateful-headless' }).waitFor({ timeout: WAIT });
    await screenshot('05-hover-servicename');
    await page.mouse.move(0, 0);
  });

  await step('piVersion typo: error squiggle and hover "apiVersion not set"', async () => {
    await open('typo/request-pod.yaml');
    await activeEditor.locator('.squiggly-error').first().waitFor({ timeout: WAIT });
    // The status bar's Problems item counts it ("Errors: 1, Warnings: 0").
    const problems = page.locator('.statusbar-item[id="status.problems"]');
    for (let label = '', end = Date.now() + WAIT; !/Errors?: *[1-9]/.test(label);) {
      if (Date.now() > end) throw new Error(`status bar Problems item says "${label}", not an error`);
      label = (await problems.getAttribute('aria-label', { timeout: WAIT })) ?? '';
      if (!/Errors?: *[1-9]/.test(label)) await page.waitForTimeout(200);
    }
    const hover = await hoverToken('piVersion');
    await hover.filter({ hasText: 'apiVersion not set' }).waitFor({ timeout: WAIT });
    await screenshot('06-typo-diagnostic');
    await page.mouse.move(0, 0);
  });

  // With --vsix there is no extensionDevelopmentPath: everything above ran on the installed package.
  if (!page.url().includes('extensionDevelopmentPath')) {
    await step('Extensions view lists the installed K8s Sim package', async () => {
      await page.keyboard.press('Control+Shift+X');
      const viewlet = page.locator('.extensions-viewlet');
      await viewlet.waitFor({ timeout: WAIT });
      await viewlet.locator('.suggest-input-container').click();
      await page.keyboard.type('@installed K8s Sim');
      const item = viewlet.locator('.monaco-list-row .extension-list-item', {
        has: page.locator('.name', { hasText: 'K8s Sim' }),
      });
      await item.first().waitFor({ timeout: WAIT });
      log('installed: %s', (await item.first().innerText()).replace(/\s+/g, ' '));
      await screenshot('07-vsix-installed');
    });
  }
}
