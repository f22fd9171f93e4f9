// The course as a walkthrough: every lesson is a bundled scenario that runs and holds its
// expectations, package.json's walkthrough lists the lessons in order with their completion
// events, and every title and description exists in English and Korean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { LESSONS, LESSON_FOLDER, lessonContextKey, WALKTHROUGH_ID } from '../src/extension/lessons';
import { parseScenarioFile } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents: string[];
}
interface Manifest {
  contributes: { walkthroughs: Array<{ id: string; title: string; steps: WalkthroughStep[] }> };
}

test('each lesson is a bundled scenario with that name, and it runs with all expectations held', () => {
  for (const lesson of LESSONS) {
    const file = path.join(ROOT, LESSON_FOLDER, lesson.file);
    const scenario = parseScenarioFile(file);
    assert.equal(scenario.name, lesson.scenario, lesson.file);
    assert.ok(
      scenario.steps.some((s) => s.type === 'expect'),
      `${lesson.file} checks something`,
    );
    assert.equal(runScenario(scenario).result.ok, true, `${lesson.file} holds`);
  }
});

test('the walkthrough lists the lessons in order; each completes on its context key', () => {
  const manifest = read('package.json') as Manifest;
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.equal(walkthrough.id, WALKTHROUGH_ID);
  assert.deepEqual(
    walkthrough.steps.map((s) => s.id),
    LESSONS.map((l) => l.id),
  );
  for (const step of walkthrough.steps) {
    assert.deepEqual(step.completionEvents, [`onContext:${lessonContextKey(step.id)}`]);
    assert.ok(step.media.markdown && fs.existsSync(path.join(ROOT, step.media.markdown)), step.id);
  }
});

test('titles and descriptions in English and Korean; each step has a button opening its lesson', () => {
  const manifest = read('package.json') as Manifest;
  const [walkthrough] = manifest.contributes.walkthroughs;
  for (const nls of ['package.nls.json', 'package.nls.ko.json']) {
    const strings = read(nls) as Record<string, string>;
    const text = (ref: string) => strings[ref.replace(/^%|%$/g, '')];
    assert.match(text(walkthrough.title), /^K8s Sim/, `${nls}: the title starts with K8s Sim`);
    for (const step of walkthrough.steps) {
      assert.ok(text(step.title), `${nls}: ${step.title}`);
      const description = text(step.description);
      const link = `(command:k8sSim.openLesson?${encodeURIComponent(JSON.stringify([step.id]))})`;
      assert.ok(description?.split('\n').at(-1)?.endsWith(link), `${nls}: ${step.id} ends with its button`);
    }
  }
});

test('the packaged extension ships the lessons (.vscodeignore keeps scenarios/)', () => {
  const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(!ignore.some((l) => l.trim().startsWith(`${LESSON_FOLDER}/`)), 'scenarios/ is not ignored');
});
