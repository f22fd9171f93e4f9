// What the UI scripts share: locating and acting on the workbench once its layout is still. Every
// wait is for a condition, bounded generously (WAIT, and each step's timeout): none is a speed
// target. Every hover and click locates its target at the moment it acts, after the editor settled
// (lenses resolved, layout unchanged across animation frames), checks that the target is under the
// pointer, and checks its effect; a miss is retried (TRIES).

/* global document, requestAnimationFrame -- page.evaluate bodies run in the page */
/** Bound of each wait for the workbench (ms): a timeout for a condition, not a speed target. */
export const WAIT = 60_000;
/** Each step's bound (s); generous, since the machine may be loaded by other work. */
export const STEP = { timeout: 180 };
/** Attempts of a hover or click whose target moved or that showed something else. */
export const TRIES = 4;

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Exact text of an element, ignoring surrounding white space (and codicons, which have no text). */
export const exactly = (s) => new RegExp(`^\\s*${escape(s)}\\s*$`);

/** The helpers, bound to one page of the workbench. */
export function workbench({ page, vscode, log }) {
  const editorGroup = page.locator('.editor-group-container.active');
  const activeEditor = () => editorGroup.locator('.editor-instance .monaco-editor').first();
  const lens = (title) => editorGroup.locator('.codelens-decoration a', { hasText: exactly(title) });
  const visibleHover = () => page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).first();

  /** Two animation frames of the workbench: whatever layout was pending when this was called has run. */
  const frames = () =>
    page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );

  /** The active editor's layout: its box, its lines, its view zones (where CodeLenses sit) and lenses. */
  const editorLayout = () =>
    activeEditor()
      .evaluate((ed) => {
        const b = ed.getBoundingClientRect();
        const lines = [...ed.querySelectorAll('.view-lines .view-line')].map(
          (l) => `${l.style.top}:${l.textContent.length}`,
        );
        const zones = [...ed.querySelectorAll('.view-zones > *')].map(
          (z) => `${z.style.top}/${z.style.height}`,
        );
        const lenses = [...ed.querySelectorAll('.codelens-decoration')].map((c) => c.textContent);
        return [b.x, b.y, b.width, b.height, lines.join(','), zones.join(','), lenses.join(',')].join('|');
      })
      .catch(() => null);

  /**
   * Waits until the editor has settled and returns the target's box: the lenses expected in the
   * active editor are there, and the editor's layout and the target's box (located afresh each time)
   * are the same over three polls two animation frames apart.
   */
  const settled = async (locate, lenses = []) => {
    for (const title of lenses) await lens(title).first().waitFor({ timeout: WAIT });
    await locate().waitFor({ timeout: WAIT });
    const end = Date.now() + WAIT;
    let last = null;
    let same = 0;
    for (;;) {
      await frames();
      const box = await locate()
        .boundingBox({ timeout: 1000 })
        .catch(() => null);
      const layout = box && (await editorLayout());
      const now = box ? `${JSON.stringify(box)}|${layout}` : null;
      if (now !== null && now === last && box.width > 0) {
        if (++same >= 2) return box;
      } else same = 0;
      last = now;
      if (Date.now() > end) throw new Error(`the layout did not settle within ${WAIT} ms (${now})`);
    }
  };

  /**
   * Puts the pointer on the middle of what locate() finds once the layout is still; true when the
   * element under the pointer is (inside) that target, located again after the move.
   */
  const pointAt = async (locate, lenses) => {
    const box = await settled(locate, lenses);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y, { steps: 4 });
    return locate()
      .evaluate(
        (el, [px, py]) => {
          const hit = document.elementFromPoint(px, py);
          return !!hit && (hit === el || el.contains(hit));
        },
        [x, y],
      )
      .catch(() => false);
  };

  /**
   * Clicks what locate() finds at the moment of the click (settled, under the pointer), then waits
   * for `done` (a promise factory given a timeout); a click that missed or did nothing is retried.
   */
  const clickOn = async (what, locate, { lenses = [], done } = {}) => {
    for (let attempt = 1; ; attempt++) {
      const last = attempt === TRIES;
      // A click that took effect late must not be repeated (a second click toggles a tree row or
      // a view back): check the effect once more before clicking again.
      const tookEffect = () =>
        done(1000).then(
          () => true,
          () => false,
        );
      if (attempt > 1 && done && (await tookEffect())) return;
      if (await pointAt(locate, lenses)) {
        await page.mouse.down();
        await page.mouse.up();
        if (!done) return;
        try {
          await done(last ? WAIT : 20_000);
          return;
        } catch (err) {
          if (last) throw err;
          log('click on %s: no effect yet (try %d): %s', what, attempt, String(err.message).split('\n')[0]);
        }
      } else {
        if (last) throw new Error(`${what} moved away from the pointer ${TRIES} times`);
        log('click on %s: the target moved before the click (try %d)', what, attempt);
      }
    }
  };

  /** Moves the pointer off any hover (to the active editor's empty bottom-right area) and waits until none shows. */
  const leaveHover = async () => {
    const box = await activeEditor().boundingBox();
    if (box) await page.mouse.move(box.x + box.width - 30, box.y + box.height - 10);
    else await page.mouse.move(550, 780);
    await visibleHover()
      .waitFor({ state: 'hidden', timeout: 5000 })
      .catch(() => page.keyboard.press('Escape'));
  };

  /** Opens a workspace file and waits until it is the active group's active tab, with its lenses. */
  const open = async (rel, lenses = []) => {
    const t0 = Date.now();
    await vscode.openFile(rel);
    const opened = Date.now() - t0;
    const name = rel.split('/').pop();
    await editorGroup.locator('.tab.active', { hasText: name }).waitFor({ timeout: WAIT });
    await activeEditor().locator('.view-lines').waitFor({ timeout: WAIT });
    for (const title of lenses) await lens(title).first().waitFor({ timeout: WAIT });
    log('opened %s (Quick Open %d ms, editor and lenses %d ms more)', rel, opened, Date.now() - t0 - opened);
  };

  /**
   * Hovers the first token of the active editor with exactly this text and returns the hover once
   * it shows `shows` and names `field`. The token is located when the pointer moves (after the
   * editor settled: lenses resolved, layout still) and checked to be under the pointer; a hover
   * that shows another field (the text moved under the pointer) is left and tried again.
   */
  const hoverToken = async (text, { lenses = [], field, shows }) => {
    const token = () =>
      activeEditor()
        .locator('.view-line span span', { hasText: exactly(text) })
        .first();
    for (let attempt = 1; ; attempt++) {
      const last = attempt === TRIES;
      await leaveHover();
      if (!(await pointAt(token, lenses))) {
        if (last) throw new Error(`token ${text} moved away from the pointer ${TRIES} times`);
        log('hover over %s: the token moved before the pointer got there (try %d)', text, attempt);
        continue;
      }
      const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: shows }).first();
      try {
        await hover.waitFor({ timeout: last ? WAIT : 10_000 });
        const content = await hover.innerText();
        // The explanation's heading is the field's name ("serviceName · StatefulSet").
        const heading = content.trim().split('\n')[0];
        if (!field || heading.startsWith(field)) return hover;
        throw new Error(`the hover's heading "${heading}" does not name ${field}`);
      } catch (err) {
        const content = await visibleHover()
          .innerText({ timeout: 1000 })
          .catch(() => '(no hover)');
        const message = `hover over ${text} shows ${JSON.stringify(content.slice(0, 200))}, not "${shows}"`;
        if (last) throw new Error(`${message} (${TRIES} tries): ${err.message}`);
        log('%s (try %d); hovering again', message, attempt);
      }
    }
  };

  /** Back to a text editor (the first group's tab of that name): clickOn settles on an active one. */
  const backToEditor = async (tab) => {
    await page.locator('.editor-group-container').first().locator('.tab', { hasText: tab }).first().click();
    await activeEditor().waitFor({ timeout: WAIT });
  };

  /**
   * The course walkthrough, in the words of the display language: opens it, runs the lesson of
   * step `step` with its button, waits for the lesson's timeline, and checks that the step is then
   * complete. `shot(name)` is called with the walkthrough open and with the step done.
   */
  const walkthroughLesson = async ({ walkthrough, step, button, file, pod }, shot) => {
    await vscode.runCommand('Welcome: Open Walkthrough...');
    const palette = page.locator('.quick-input-widget');
    await palette.locator('.quick-input-box input').fill('K8s Sim');
    await palette
      .locator('.quick-input-list .monaco-list-row.focused', { hasText: walkthrough })
      .first()
      .waitFor({ timeout: WAIT });
    await page.keyboard.press('Enter');
    const lessonStep = page
      .locator('.gettingStartedContainer .getting-started-step', { hasText: step })
      .first();
    await lessonStep.waitFor({ timeout: WAIT });
    await lessonStep.click();
    await shot('walkthrough');
    await lessonStep.getByRole('button', { name: button }).first().click();
    await page.locator('.tabs-container .tab', { hasText: file }).first().waitFor({ timeout: WAIT });
    await vscode
      .webview()
      .locator('.lane .label .name', { hasText: exactly(pod) })
      .first()
      .waitFor({ timeout: WAIT });
    // Back on the walkthrough: the step shows as done.
    await page.locator('.tabs-container .tab', { hasText: 'Walkthrough' }).first().click();
    await lessonStep.locator('.codicon-pass-filled, .codicon.complete').first().waitFor({ timeout: WAIT });
    await shot('step-done');
  };

  return {
    backToEditor,
    walkthroughLesson,
    editorGroup,
    activeEditor,
    lens,
    visibleHover,
    frames,
    settled,
    pointAt,
    clickOn,
    leaveHover,
    open,
    hoverToken,
  };
}
