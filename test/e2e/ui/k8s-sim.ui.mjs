// UI check of K8s Sim in a real VS Code (code-server 4.100.3 = VS Code 1.100.3, see ../README.md), on
// the course's manifests (run with --workspace test/vscode/workspace). The same script runs against
// the development folder (--ext .) and against the packaged extension (--vsix k8s-sim.vsix):
//
//   StatefulSet manifest → its three CodeLenses → "Simulate scale…" → 3 in the quick pick →
//   the timeline webview's lanes stateful-db-0..2 → the "Simulated Cluster" sidebar's pods →
//   the hover over `serviceName` → the piVersion typo's diagnostic → … → a node failure on the
//   timeline → Simulate This Change → the walkthrough.
//
// How it waits, hovers and clicks: workbench.mjs. Each stage leaves a screenshot in
// test-output/e2e/<run>/screenshots/. The same stages in Korean: k8s-sim-ko.ui.mjs.

/* global document, getComputedStyle -- page.evaluate bodies run in the page */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { exactly, STEP, WAIT, workbench } from './workbench.mjs';
/** The three lenses above a workload. */
const WORKLOAD_LENSES = ['Simulate', 'Simulate scale…', 'Simulate delete…'];

/**
 * The workspace copy becomes a git repository with one commit (git enabled for it), so that
 * "Simulate This Change" compares with HEAD as in a user's clone.
 */
export function prepare({ workspace }) {
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.name=K8s Sim e2e', '-c', 'user.email=e2e@k8s-sim.invalid', ...args], {
      cwd: workspace,
      stdio: 'pipe',
    });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'the course as committed');
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), '{ "git.enabled": true }\n');
}

export default async function ({ page, screenshot, step: runStep, vscode, log }) {
  // K8S_SIM_UI_ONLY=<words of a stage's title>: run only the stages whose title has them (to work on
  // one stage; stages that build on earlier ones may then fail).
  const only = process.env.K8S_SIM_UI_ONLY;
  const step = (title, fn, opts) =>
    only && !title.includes(only) ? Promise.resolve() : runStep(title, fn, opts);
  const ui = workbench({ page, vscode, log });
  const { backToEditor, editorGroup, activeEditor, lens, settled, clickOn, leaveHover, open, hoverToken } =
    ui;
  const { walkthroughLesson } = ui;

  await step(
    'workbench shows the course workspace',
    async () => {
      for (const folder of ['course', 'ingress', 'typo'])
        await page
          .locator('.explorer-folders-view .monaco-list-row', { hasText: exactly(folder) })
          .waitFor({ timeout: WAIT });
    },
    STEP,
  );

  await step(
    'StatefulSet manifest course/stateful-db.yaml opens',
    async () => {
      await open('course/stateful-db.yaml');
      await activeEditor().locator('.view-line', { hasText: 'name: stateful-db' }).waitFor({ timeout: WAIT });
    },
    STEP,
  );

  await step(
    'CodeLens visible: Simulate, Simulate scale…, Simulate delete…',
    async () => {
      // The extension activates on the YAML file; its lenses are resolved right after.
      for (const title of WORKLOAD_LENSES) await lens(title).first().waitFor({ timeout: WAIT });
      const play = editorGroup.locator('.codelens-decoration a', { has: page.locator('.codicon-play') });
      if ((await play.count()) < 1) throw new Error('the Simulate lens has no $(play) icon');
      await settled(() => lens('Simulate').first(), WORKLOAD_LENSES);
      await screenshot('01-codelens');
    },
    STEP,
  );

  await step(
    '"Simulate scale…" asks for the replicas; 3 is picked',
    async () => {
      const quickPick = page.locator('.quick-input-widget');
      const title = quickPick.locator('.quick-input-title', { hasText: 'StatefulSet stateful-db' });
      await clickOn('the "Simulate scale…" lens', () => lens('Simulate scale…').first(), {
        lenses: WORKLOAD_LENSES,
        done: (timeout) => title.waitFor({ timeout }),
      });
      const rows = quickPick.locator('.quick-input-list .monaco-list-row');
      const row = (n) => rows.filter({ has: page.locator('.label-name', { hasText: exactly(n) }) }).first();
      for (const n of ['0', '1', '3', '5']) await row(n).waitFor({ timeout: WAIT });
      // The current count is labelled; current + 2 is preselected, so a reflexive Enter never scales to 0.
      const current = await row('1').locator('.label-description').textContent();
      if (current?.trim() !== 'current') throw new Error(`row 1 is not labelled current: ${current}`);
      const focused = quickPick.locator('.quick-input-list .monaco-list-row.focused').first();
      const preselected = await focused.locator('.label-name').textContent();
      if (preselected?.trim() !== '3') throw new Error(`the preselected row is ${preselected}, not 3`);
      await screenshot('02-scale-quick-pick');
      // Any typed number is offered.
      const input = quickPick.locator('.quick-input-box input');
      await input.fill('7');
      await row('7').waitFor({ timeout: WAIT });
      await input.fill('');
      // The row under the pointer is checked to be "3" at the moment of the click.
      await clickOn('the quick pick row 3', () => row('3'), {
        done: (timeout) => quickPick.waitFor({ state: 'hidden', timeout }),
      });
    },
    STEP,
  );

  await step(
    'timeline shows stateful-db-0..2',
    async () => {
      await page
        .locator('.tabs-container .tab', { hasText: 'K8s Sim: StatefulSet stateful-db' })
        .first()
        .waitFor({ timeout: WAIT });
      const frame = vscode.webview();
      for (const pod of ['stateful-db-0', 'stateful-db-1', 'stateful-db-2'])
        await frame
          .locator('.lane .label .name', { hasText: exactly(pod) })
          .first()
          .waitFor({ timeout: WAIT });
      // Scaled to 3, not more.
      const extra = await frame.locator('.lane .label .name', { hasText: exactly('stateful-db-3') }).count();
      if (extra !== 0) throw new Error('a lane stateful-db-3 exists after scaling to 3');
      await screenshot('03-timeline-lanes');
    },
    STEP,
  );

  await step(
    'sidebar "Simulated Cluster" lists the pods',
    async () => {
      const sidebar = page.locator('.part.sidebar');
      // The container's only view: its header is hidden, the view name is in its aria-label.
      const header = sidebar.locator('.pane-header[aria-label^="Simulated Cluster"]');
      await clickOn(
        'the K8s Sim activity bar entry',
        () => page.locator('.activitybar .action-item a[aria-label^="K8s Sim"]').first(),
        { done: (timeout) => header.waitFor({ state: 'attached', timeout }) },
      );
      const rows = sidebar.locator('.monaco-list-row');
      const nodes = () => rows.filter({ hasText: exactly('Nodes') }).first();
      await nodes().waitFor({ timeout: WAIT });
      if ((await nodes().getAttribute('aria-expanded')) === 'false')
        await clickOn('the Nodes row', nodes, {
          done: (timeout) =>
            page.waitForFunction(
              () =>
                [...document.querySelectorAll('.part.sidebar .monaco-list-row')].some(
                  (r) => r.textContent.trim() === 'Nodes' && r.getAttribute('aria-expanded') === 'true',
                ),
              null,
              { timeout },
            ),
        });
      const podRow = (pod) =>
        rows.filter({ has: page.locator('.label-name', { hasText: exactly(pod) }) }).first();
      // One cursor: the timeline put it at the start of the scale step, so the sidebar shows the
      // cluster before the new pods; moving the timeline's cursor to the end shows them.
      await podRow('stateful-db-0').waitFor({ timeout: WAIT });
      const early = await podRow('stateful-db-2').count();
      if (early !== 0) throw new Error('stateful-db-2 is listed at the start of the scale step');
      const slider = vscode.webview().locator('input.scrub').first();
      await slider.focus();
      await slider.press('End');
      for (const pod of ['stateful-db-0', 'stateful-db-1', 'stateful-db-2'])
        await podRow(pod).waitFor({ timeout: WAIT });
      await page.mouse.move(550, 780); // away from the activity bar's tooltip
      log('tree rows: %s', (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ')).join(' | '));
      await screenshot('04-sidebar-pods');
    },
    STEP,
  );

  await step(
    'a window reload brings the simulation back: the timeline and the sidebar show the scale step',
    async () => {
      await page.mouse.move(550, 780);
      await vscode.runCommand('Developer: Reload Window');
      await page.locator('.monaco-workbench').waitFor({ timeout: WAIT });
      // The timeline panel is restored by VS Code; its run is replayed by the extension.
      await page
        .locator('.tabs-container .tab', { hasText: 'K8s Sim: StatefulSet stateful-db' })
        .first()
        .waitFor({ timeout: WAIT });
      await page
        .locator('.tabs-container .tab', { hasText: 'K8s Sim: StatefulSet stateful-db' })
        .first()
        .click();
      const frame = vscode.webview();
      await frame
        .locator('.lane .label .name', { hasText: exactly('stateful-db-2') })
        .first()
        .waitFor({ timeout: WAIT });
      const rows = page.locator('.part.sidebar .monaco-list-row');
      await rows
        .filter({ has: page.locator('.label-name', { hasText: exactly('StatefulSet/stateful-db') }) })
        .first()
        .waitFor({ timeout: WAIT });
      await screenshot('04b-after-reload');
    },
    STEP,
  );

  await step(
    'hover over serviceName shows stateful-pvc-0.stateful-headless',
    async () => {
      await open('course/stateful-pvc.yaml', WORKLOAD_LENSES);
      await hoverToken('serviceName', {
        lenses: WORKLOAD_LENSES,
        field: 'serviceName',
        shows: 'stateful-pvc-0.stateful-headless',
      });
      await screenshot('05-hover-servicename');
      await leaveHover();
    },
    STEP,
  );

  await step(
    'piVersion typo: error squiggle and hover "apiVersion not set"',
    async () => {
      await open('typo/request-pod.yaml'); // a Pod: no lenses
      await activeEditor().locator('.squiggly-error').first().waitFor({ timeout: WAIT });
      // The status bar's Problems item counts it ("Errors: 1, Warnings: 0").
      const problems = page.locator('.statusbar-item[id="status.problems"]');
      await page
        .waitForFunction(
          () =>
            /Errors?: *[1-9]/.test(
              document.querySelector('.statusbar-item[id="status.problems"]')?.getAttribute('aria-label') ??
                '',
            ),
          null,
          { timeout: WAIT },
        )
        .catch(async () => {
          const label = await problems.getAttribute('aria-label', { timeout: 1000 }).catch(() => '?');
          throw new Error(`status bar Problems item says "${label}", not an error`);
        });
      await hoverToken('piVersion', { shows: 'apiVersion not set' });
      await screenshot('06-typo-diagnostic');
      await leaveHover();
    },
    STEP,
  );

  await step(
    'a Helm template: one warning "render it with `helm template` first", no YAML errors, no lenses',
    async () => {
      await open('helm/templates/service.yaml');
      await activeEditor().locator('.squiggly-warning').first().waitFor({ timeout: WAIT });
      await vscode.runCommand('View: Focus Problems');
      const markers = page.locator('.markers-panel');
      const row = markers
        .locator('.monaco-list-row', { hasText: 'render it with `helm template` first' })
        .first();
      await row.waitFor({ timeout: WAIT });
      const text = await markers.innerText();
      if (/YAML|Nested mappings|Implicit keys/.test(text)) throw new Error(`YAML errors listed: ${text}`);
      if ((await activeEditor().locator('.squiggly-error').count()) > 0)
        throw new Error('the template has error squiggles');
      if ((await activeEditor().locator('.codelens-decoration a').count()) > 0)
        throw new Error('the template has lenses');
      await screenshot('06b-helm-template');
      await vscode.runCommand('View: Hide Panel');
      await page.locator('.tabs-container .tab', { hasText: 'service.yaml' }).first().click();
      await activeEditor().waitFor({ timeout: WAIT });
    },
    STEP,
  );

  await step(
    'the other theme (dark): the timeline follows it (dark body class, its own colours)',
    async () => {
      const tab = page
        .locator('.tabs-container .tab', { hasText: 'K8s Sim: StatefulSet stateful-db' })
        .first();
      await tab.click();
      const frame = vscode.webview();
      const colours = () =>
        frame
          .locator('body')
          .evaluate((b) => ({ cls: b.className, bg: getComputedStyle(b).backgroundColor }));
      const light = await colours();
      if (!light.cls.includes('vscode-light'))
        throw new Error(`the workbench starts light, not "${light.cls}"`);
      // The theme picker (Ctrl+K Ctrl+T); the palette's first row for its title is another command.
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+T');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill('Dark Modern');
      await page
        .locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Dark Modern' })
        .first()
        .waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      await frame.locator('body.vscode-dark').waitFor({ timeout: WAIT });
      const dark = await colours();
      if (light.bg === dark.bg) throw new Error(`the timeline kept its background ${light.bg} (${dark.cls})`);
      await frame
        .locator('.lane .label .name', { hasText: exactly('stateful-db-2') })
        .first()
        .waitFor();
      await screenshot('08-dark-theme-timeline');
      // Back to the text editor beside it, so the stages after this one find an active text editor.
      await page.locator('.editor-group-container').first().locator('.tab.active').first().click();
      await activeEditor().waitFor({ timeout: WAIT });
    },
    STEP,
  );

  await step(
    'Test Explorer lists the scenario file with its expect steps and runs it as k8s-sim run does',
    async () => {
      // The Testing view appears once the extension has registered its test controller (it starts
      // in a workspace with YAML files); its activity bar entry opens it.
      const testing = page.locator('.activitybar .action-item a[aria-label^="Testing"]').first();
      await testing.waitFor({ timeout: WAIT });
      await testing.click();
      const explorer = page.locator('.test-explorer');
      const row = (text) => explorer.locator('.monaco-list-row', { hasText: text }).first();
      const file = row('lesson.scenario.yaml');
      await file.waitFor({ timeout: WAIT });
      await vscode.runCommand('Test: Run All Tests');
      // The scenario's last expectation is wrong on purpose: the file fails, the first expect passes.
      await file.locator('.codicon-testing-failed-icon').waitFor({ timeout: WAIT });
      if ((await file.getAttribute('aria-expanded')) !== 'true') {
        await file.locator('.monaco-tl-twistie').click();
      }
      const held = row('expect ready');
      const wrong = row('expect pods');
      await held.locator('.codicon-testing-passed-icon').waitFor({ timeout: WAIT });
      await wrong.locator('.codicon-testing-failed-icon').waitFor({ timeout: WAIT });
      log('test explorer: %s', (await explorer.innerText()).replace(/\s+/g, ' '));
      await screenshot('09-test-explorer');
      // The failure is shown in the scenario at its expect line, actual against expected.
      await vscode.openFile('scenario/lesson.scenario.yaml');
      const editor = page
        .locator('.editor-instance .monaco-editor', { hasText: 'lesson-expectations' })
        .first();
      const widget = editor.locator('.test-error-content-widget', { hasText: '!= [stateful-db-0]' }).first();
      await widget.waitFor({ timeout: WAIT });
      const line = editor.locator('.view-line', { hasText: /^\s*-\s+expect:/ }).last();
      const [w, l] = [await widget.boundingBox(), await line.boundingBox()];
      if (!w || !l || Math.abs(w.y + w.height / 2 - (l.y + l.height / 2)) > l.height)
        throw new Error(`the failure is not on the second expect line (${JSON.stringify({ w, l })})`);
      await editor.locator('.glyph-margin-widgets .codicon-testing-passed-icon').first().waitFor();
      await screenshot('10-test-failure-in-editor');
    },
    STEP,
  );

  await step(
    'Simulate Node Failure from the palette: the node picked goes NotReady on its timeline lane',
    async () => {
      // The failure is added to the current simulation (the StatefulSet scaled to 3 above).
      await open('course/stateful-db.yaml', WORKLOAD_LENSES);
      const frame = vscode.webview();
      await vscode.runCommand('K8s Sim: Simulate Node Failure…');
      const quickPick = page.locator('.quick-input-widget');
      await quickPick
        .locator('.quick-input-title', { hasText: 'Which node fails (its kubelet stops)?' })
        .waitFor({ timeout: WAIT });
      await quickPick.locator('.quick-input-box input').fill('k8s-node1');
      await quickPick
        .locator('.quick-input-list .monaco-list-row.focused', { hasText: 'k8s-node1' })
        .first()
        .waitFor({ timeout: WAIT });
      await page.keyboard.press('Enter');
      await quickPick.waitFor({ state: 'hidden', timeout: WAIT });
      // The node's lane: Ready, then NotReady once the node lifecycle controller has given up on
      // its kubelet (node-monitor-grace-period), drawn as a failed segment.
      const lane = frame.locator('.lane[data-kind="Node"]', { hasText: 'k8s-node1' }).first();
      await lane.locator('.seg.s-failed', { hasText: 'NotReady' }).first().waitFor({ timeout: WAIT });
      await lane.scrollIntoViewIfNeeded();
      await screenshot('11a-node-failure');
      // Back to a text editor: the stages after this one settle on an active text editor.
      await backToEditor('stateful-db.yaml');
    },
    STEP,
  );

  await step(
    'Simulate This Change on a git workspace: HEAD first, then the saved edit applied (rollout, changed fields)',
    async () => {
      await vscode.openFile('course/stateful-db.yaml');
      const changeLens = 'Simulate this change';
      const editLine = async (line, typed) => {
        // Go to the line, select its last word and type over it.
        await page.keyboard.press('Control+G');
        await page.locator('.quick-input-widget input').waitFor();
        await page.keyboard.type(String(line));
        await page.keyboard.press('Enter');
        await page.keyboard.press('End');
        await page.keyboard.press('Control+Shift+ArrowLeft');
        await page.keyboard.type(typed);
      };
      await editLine(7, '3'); // replicas: 1 → 3
      await editLine(18, 'app:v2'); // image: kubetm/app → kubetm/app:v2
      // Saved: the file now equals its saved version, so only git HEAD can make the lens appear.
      await page.keyboard.press('Control+S');
      await editorGroup.locator('.tab.active:not(.dirty)').first().waitFor({ timeout: WAIT });
      // The lens sits above line 1: bring the top of the file into view (focus in the editor first:
      // saving may have moved it) and check that the first line shows.
      await activeEditor().locator('textarea').first().focus();
      await page.keyboard.press('Control+Home');
      await activeEditor()
        .locator('.view-line', { hasText: 'Course 1-2' })
        .first()
        .waitFor({ timeout: WAIT });
      const frame = vscode.webview();
      await clickOn('the "Simulate this change" lens', () => lens(changeLens).first(), {
        done: (timeout) =>
          frame
            .locator('.note.change', { hasText: 'StatefulSet/stateful-db changed' })
            .first()
            .waitFor({ timeout }),
      });
      const field = (p) =>
        frame.locator('.note.change .field', { has: frame.locator('.path', { hasText: exactly(p) }) });
      const replicas = (await field('spec.replicas').first().innerText()).replace(/\s+/g, ' ');
      if (!/1 → 3/.test(replicas)) throw new Error(`spec.replicas shown as "${replicas}"`);
      await field('spec.template.spec.containers[0].image').first().waitFor();
      await frame
        .locator('.lane .label .name', { hasText: exactly('stateful-db-2') })
        .first()
        .waitFor({ timeout: WAIT });
      await page
        .locator('.tabs-container .tab', { hasText: 'course/stateful-db.yaml: this change' })
        .first()
        .waitFor({ timeout: WAIT });
      await frame.locator('.note.change').first().scrollIntoViewIfNeeded();
      await screenshot('11-simulate-change');
      // Back to HEAD: the lens goes away.
      await backToEditor('stateful-db.yaml');
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Control+S');
      await lens(changeLens).first().waitFor({ state: 'detached', timeout: WAIT });
    },
    STEP,
  );

  await step(
    'the course walkthrough: a step opens its lesson, runs it, and is then complete',
    async () => {
      const lesson = {
        walkthrough: 'K8s Sim: StatefulSets',
        step: 'Scale up: one at a time',
        button: 'Open and run the lesson',
        file: '02-scale-up-one-at-a-time.yaml',
        pod: 'stateful-db-2',
      };
      await walkthroughLesson(lesson, (at) =>
        screenshot(at === 'walkthrough' ? '12-walkthrough' : '13-walkthrough-step-done'),
      );
      // Back to a text editor: the stages after this one settle on an active text editor.
      await page.locator('.tabs-container .tab', { hasText: lesson.file }).first().click();
      await activeEditor().waitFor({ timeout: WAIT });
    },
    STEP,
  );

  // With --vsix there is no extensionDevelopmentPath: everything above ran on the installed package.
  if (!page.url().includes('extensionDevelopmentPath')) {
    await step(
      'Extensions view lists the installed K8s Sim package',
      async () => {
        // The activity bar entry, not Ctrl+Shift+X: the focus may be in the timeline's webview
        // (and with a webview as the active editor there is no text editor for clickOn to settle on).
        const viewlet = page.locator('.extensions-viewlet');
        await page.locator('.activitybar .action-item a[aria-label^="Extensions"]').first().click();
        await viewlet.waitFor({ timeout: WAIT });
        const input = () => viewlet.locator('.suggest-input-container').first();
        await clickOn('the extensions search box', input, {
          done: (timeout) =>
            page.waitForFunction(
              () => !!document.activeElement?.closest('.extensions-viewlet .suggest-input-container'),
              null,
              { timeout },
            ),
        });
        await page.keyboard.type('@installed K8s Sim');
        const item = viewlet.locator('.monaco-list-row .extension-list-item', {
          has: page.locator('.name', { hasText: 'K8s Sim' }),
        });
        await item.first().waitFor({ timeout: WAIT });
        log('installed: %s', (await item.first().innerText()).replace(/\s+/g, ' '));
        await screenshot('07-vsix-installed');
      },
      STEP,
    );
  }
}
