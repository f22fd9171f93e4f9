// Which files are Helm chart templates (one message, left out of the simulation) and which are
// plain YAML that happens to hold `{{` in a value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HELM_TEMPLATE_MESSAGE, helmTemplateAction } from '../src/engine/helm';
import { HelmTemplateError, loadManifestText } from '../src/engine/loader';
import { InputErrorException } from '../src/engine/manifest';
import { parseScenarioText } from '../src/scenario/parse';

const cases: Array<{ name: string; text: string; at: [number, number] | null }> = [
  {
    name: 'a value from .Values',
    text: 'kind: Service\nspec:\n  type: {{ .Values.service.type }}\n',
    at: [3, 9],
  },
  {
    name: 'a control line at column 1',
    text: '{{- if .Values.ingress.enabled -}}\nkind: Ingress\n',
    at: [1, 1],
  },
  { name: 'a template comment at column 1', text: '{{/* helpers */}}\n', at: [1, 1] },
  {
    name: 'include piped to nindent',
    text: 'metadata:\n  labels:\n    {{- include "app.labels" . | nindent 4 }}\n',
    at: [3, 5],
  },
  { name: 'plain YAML', text: 'kind: Pod\nmetadata:\n  name: web\n', at: null },
  {
    name: "a Prometheus rule's template in a value",
    text: 'annotations:\n  summary: "{{ $labels.pod }} is down"\n',
    at: null,
  },
  { name: 'an Argo parameter', text: 'args: ["{{inputs.parameters.message}}"]\n', at: null },
  { name: 'in a comment', text: '# image: {{ .Values.image }}\nkind: Pod\n', at: null },
];

for (const c of cases) {
  test(`helm template detection: ${c.name}`, () => {
    const found = helmTemplateAction(c.text);
    assert.deepEqual(found ? [found.line, found.column] : null, c.at);
  });
}

/** The parser's error for `text`, or null when it parses. */
function parseError(parse: () => unknown): InputErrorException | null {
  try {
    parse();
    return null;
  } catch (e) {
    if (e instanceof InputErrorException) return e;
    throw e;
  }
}

test('a Helm template file is one error at its first action, marked as the whole file', () => {
  const e = parseError(() => loadManifestText(cases[0].text, 'chart/templates/svc.yaml'));
  assert.ok(e instanceof HelmTemplateError && e.wholeFile);
  assert.deepEqual(e.errors, [
    { file: 'chart/templates/svc.yaml', line: 3, column: 9, message: HELM_TEMPLATE_MESSAGE },
  ]);
});

test("a Helm template inlined in a scenario is an error at the action's place in the scenario file", () => {
  const scenario = `apiVersion: k8s-sim/v1
kind: Scenario
metadata: {name: helm-inline}
spec:
  manifests:
    - inline: |
        kind: Service
        spec:
          type: {{ .Values.service.type }}
  steps: []
`;
  const e = parseError(() => parseScenarioText(scenario, 'helm.scenario.yaml', '.'));
  assert.ok(e instanceof HelmTemplateError, 'the Helm message, not a YAML error');
  assert.equal(e.wholeFile, false, 'the scenario file itself is not a template');
  assert.deepEqual(
    e.errors.map((x) => [x.file, x.line, x.column, x.message]),
    [['helm.scenario.yaml', 9, 17, HELM_TEMPLATE_MESSAGE]],
  );
});

test('a scenario naming a Helm template file is refused with that file and position', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-sim-helm-'));
  try {
    fs.writeFileSync(path.join(dir, 'svc.yaml'), cases[1].text);
    const scenario = `apiVersion: k8s-sim/v1
kind: Scenario
metadata: {name: helm-file}
spec:
  manifests:
    - file: svc.yaml
  steps: []
`;
    const e = parseError(() => parseScenarioText(scenario, 'helm.scenario.yaml', dir));
    assert.ok(e, 'refused');
    assert.ok(
      e.errors.some((x) => x.message === HELM_TEMPLATE_MESSAGE && x.line === 1 && x.column === 1),
      JSON.stringify(e.errors),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
