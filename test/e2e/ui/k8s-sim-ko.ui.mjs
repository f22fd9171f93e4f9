// The extension in Korean, in a real VS Code (run with --locale ko --workspace test/vscode/workspace,
// on the development folder or the packaged .vsix): VS Code hands the extension the ko locale (a
// stand-in language pack, see ../harness.mjs), so its contributions come from package.nls.ko.json
// and its messages from l10n/bundle.l10n.ko.json, while the workbench itself stays in English.
//
//   CodeLens titles → the scale quick pick → the timeline page (its words) → the hover over `serviceName` →
//   the failure commands in the palette → the walkthrough: a lesson opened, run and completed.
//
// How it waits, hovers and clicks: workbench.mjs. Screenshots: test-output/e2e/<run>/screenshots/.
import { exactly, STEP, WAIT, workbench } from './workbench.mjs';

/** The three lenses above a workload, in Korean. */
const LENSES = ['시뮬레이션', '스케일 시뮬레이션…', '삭제 시뮬레이션…'];

export default async function ({ page, screenshot, step, vscode, log }) {
  const { lens, settled, clickOn, leaveHover, open, hoverToken, walkthroughLesson } = workbench({
    page,
    vscode,
    log,
  });
  const palette = page.locator('.quick-input-widget');

  await step(
    'Korean: the lenses above the StatefulSet',
    async () => {
      await open('course/stateful-db.yaml', LENSES);
      await settled(() => lens('시뮬레이션').first(), LENSES);
      for (const english of ['Simulate', 'Simulate scale…'])
        if ((await lens(english).count()) > 0) throw new Error(`an English lens "${english}" shows`);
      await screenshot('ko-01-codelens');
    },
    STEP,
  );

  await step(
    'Korean: "스케일 시뮬레이션…" asks for the replicas (현재 = current); 3 is picked; the timeline, in Korean, shows 3 pods',
    async () => {
      const title = palette.locator('.quick-input-title', { hasText: 'StatefulSet stateful-db' });
      await clickOn('the "스케일 시뮬레이션…" lens', () => lens('스케일 시뮬레이션…').first(), {
        lenses: LENSES,
        done: (timeout) => title.waitFor({ timeout }),
      });
      const rows = palette.locator('.quick-input-list .monaco-list-row');
      const row = (n) => rows.filter({ has: page.locator('.label-name', { hasText: exactly(n) }) }).first();
      await row('3').waitFor({ timeout: WAIT });
      const current = await row('1').locator('.label-description').textContent();
      if (current?.trim() !== '현재') throw new Error(`row 1 is labelled "${current}", not 현재`);
      const placeholder = await palette.locator('.quick-input-box input').getAttribute('placeholder');
      if (!placeholder?.includes('숫자를 입력하세요')) throw new Error(`placeholder "${placeholder}"`);
      await screenshot('ko-02-scale-quick-pick');
      await clickOn('the quick pick row 3', () => row('3'), {
        done: (timeout) => palette.waitFor({ state: 'hidden', timeout }),
      });
      const frame = vscode.webview();
      for (const pod of ['stateful-db-0', 'stateful-db-1', 'stateful-db-2'])
        await frame
          .locator('.lane .label .name', { hasText: exactly(pod) })
          .first()
          .waitFor({ timeout: WAIT });
      // The page's own words in Korean too (the extension hands it its bundle); statuses stay.
      await frame
        .locator('section.tl-section h3', { hasText: exactly('타임라인') })
        .waitFor({ timeout: WAIT });
      await frame.locator('vscode-button.play', { hasText: '재생' }).waitFor({ timeout: WAIT });
      await screenshot('ko-03-timeline');
    },
    STEP,
  );

  await step(
    'Korean: the hover over serviceName explains it in Korean',
    async () => {
      await open('course/stateful-pvc.yaml', LENSES);
      await hoverToken('serviceName', {
        lenses: LENSES,
        field: 'serviceName',
        shows: 'Headless Service 의 이름입니다',
      });
      await screenshot('ko-04-hover-servicename');
      await leaveHover();
    },
    STEP,
  );

  await step(
    'Korean: the palette lists the failure commands in Korean',
    async () => {
      await page.keyboard.press('Control+Shift+P');
      const input = palette.locator('.quick-input-box input');
      await input.waitFor({ timeout: WAIT });
      await input.fill('>K8s Sim: ');
      for (const title of ['노드 장애 시뮬레이션…', '노드 복구 시뮬레이션…', '컨테이너 크래시 시뮬레이션…']) {
        await input.fill(`>K8s Sim: ${title}`);
        await palette
          .locator('.quick-input-list .monaco-list-row', { hasText: `K8s Sim: ${title}` })
          .first()
          .waitFor({ timeout: WAIT });
      }
      await input.fill('>K8s Sim: 노드');
      await screenshot('ko-05-palette');
      await page.keyboard.press('Escape');
      await palette.waitFor({ state: 'hidden', timeout: WAIT });
    },
    STEP,
  );

  await step(
    'Korean: the walkthrough opens a lesson, runs it, and the step is then complete',
    async () => {
      const lesson = {
        walkthrough: 'K8s Sim: StatefulSet, 볼륨, Ingress',
        step: '스케일 업: 하나씩 차례로',
        button: '실습 열고 실행',
        file: '02-scale-up-one-at-a-time.yaml',
        pod: 'stateful-db-2',
      };
      await walkthroughLesson(lesson, (at) =>
        screenshot(at === 'walkthrough' ? 'ko-06-walkthrough' : 'ko-07-walkthrough-step-done'),
      );
    },
    STEP,
  );
}
