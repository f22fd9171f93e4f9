// CAN-SVC-REUSE and CAN-ONE, said out loud: the course's practice file puts a weight canary and a header canary on
// the same host and path and the same Service; the first makes the Service's upstream, so the
// second never shapes traffic — the run warns, naming both, and traffic shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseScenarioText } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';
import { APP_V1_V2, CANARY_KR, CANARY_V2, INGRESS_APP, file } from './course-manifests';

/** Run a scenario over the manifest text `app`, with these steps, in a folder of its own. */
function runWith(app: string, steps = ''): ReturnType<typeof runScenario> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-sim-can-one-'));
  try {
    fs.writeFileSync(path.join(dir, 'app.yaml'), app);
    const text = `apiVersion: k8s-sim/v1
kind: Scenario
metadata: {name: two-canaries}
spec:
  manifests:
    - file: app.yaml
${steps ? `  steps:\n${steps}` : ''}`;
    return runScenario(parseScenarioText(text, 'two.yaml', dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('CAN-SVC-REUSE: the second canary of one Service is reported as ignored, and requests show it', () => {
  const run = runWith(
    file(APP_V1_V2, INGRESS_APP, CANARY_V2, CANARY_KR),
    '    - request: {url: "http://www.app.com/version", headers: {Accept-Language: kr}, count: 400}\n',
  );
  assert.deepEqual(run.result.warnings, [
    'canary Ingress default/canary-kr is ignored: ingress-nginx applies one canary per Service, and default/canary-v2 is applied — it made Service default/svc-v2 an upstream first (CAN-SVC-REUSE)',
  ]);
  const byService = run.result.steps[0].requests?.byService ?? {};
  assert.ok(
    (byService['svc-v1'] ?? 0) > 300,
    `the kr header does not pick svc-v2: ${JSON.stringify(byService)}`,
  );
  // The traffic's "why" says it too, whichever way the draw went.
  const reasons = run.result.steps[0].requests?.reasons ?? [];
  assert.ok(reasons.length > 0);
  for (const { reason } of reasons)
    assert.ok(
      reason.includes(
        '; canary Ingress default/canary-kr is ignored, default/canary-v2 is applied (CAN-SVC-REUSE); pod ',
      ),
      reason,
    );
});

test('CAN-ONE: two canaries with their own Services on one primary — only the first is consulted', () => {
  const run = runWith(
    file(APP_V1_V2, INGRESS_APP, CANARY_V2, CANARY_KR.replace(/svc-v2/g, 'svc-v3')),
    '    - request: {url: "http://www.app.com/version", count: 20}\n',
  );
  assert.deepEqual(run.result.warnings, [
    'canary Ingress default/canary-kr is ignored: ingress-nginx applies one canary per backend (Service default/svc-v1), and default/canary-v2 is applied (CAN-ONE)',
  ]);
  const reasons = run.result.steps[0].requests?.reasons ?? [];
  assert.ok(reasons.length > 0);
  for (const { reason } of reasons)
    assert.ok(
      reason.includes(
        '; canary Ingress default/canary-kr is ignored, default/canary-v2 is applied (CAN-ONE)',
      ),
      reason,
    );
});

test('CAN-PARSE, never silent: an annotation value the controller cannot parse is said with the default it uses', () => {
  const run = runWith(
    file(APP_V1_V2, INGRESS_APP, CANARY_V2.replace('canary-weight: "10"', 'canary-weight: "ten"')),
  );
  assert.deepEqual(run.result.warnings, [
    'Ingress default/canary-v2: annotation nginx.ingress.kubernetes.io/canary-weight "ten" is invalid, using 0',
  ]);
});
