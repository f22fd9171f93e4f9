// The course chapter's lessons, in the order the walkthrough teaches them (no vscode import, so
// node tests check them against package.json and the bundled scenarios): each is one bundled
// scenario file of `scenarios/`, whose manifests are in `scenarios/manifests/`.

export interface Lesson {
  /** The walkthrough step's id; the context key `k8sSim.lesson.<id>` completes it. */
  id: string;
  /** The scenario file under `scenarios/`. */
  file: string;
  /** Its `metadata.name`: a run of that scenario, wherever it was opened from, completes the step. */
  scenario: string;
}

export const WALKTHROUGH_ID = 'course';
export const LESSON_FOLDER = 'scenarios';
export const LESSON_MANIFESTS = 'manifests';

export const LESSONS: readonly Lesson[] = [
  { id: 'names', file: '01-names-sequential-vs-random.yaml', scenario: 'names-sequential-vs-random' },
  { id: 'ordered', file: '02-scale-up-one-at-a-time.yaml', scenario: 'scale-up-one-at-a-time' },
  { id: 'recreate', file: '03-recreate-same-name.yaml', scenario: 'recreate-same-name' },
  { id: 'scaleToZero', file: '04-scale-to-zero.yaml', scenario: 'scale-to-zero' },
  { id: 'claims', file: '07-volumeclaimtemplates-survive.yaml', scenario: 'volumeclaimtemplates-survive' },
  { id: 'headlessDns', file: '10-headless-service-dns.yaml', scenario: 'headless-service-dns' },
  {
    id: 'ingressPaths',
    file: '11-ingress-service-loadbalancing.yaml',
    scenario: 'ingress-service-loadbalancing',
  },
  { id: 'canaryWeight', file: '12-canary-by-weight.yaml', scenario: 'canary-by-weight' },
  { id: 'canaryHeader', file: '13-canary-by-header.yaml', scenario: 'canary-by-header' },
  { id: 'https', file: '14-https-with-secret.yaml', scenario: 'https-with-secret' },
];

/** The context key whose becoming true completes a lesson's walkthrough step. */
export const lessonContextKey = (id: string): string => `k8sSim.lesson.${id}`;

export function lessonOfScenario(name: string): Lesson | undefined {
  return LESSONS.find((l) => l.scenario === name);
}
