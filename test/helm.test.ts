// Which files are Helm chart templates (one message, left out of the simulation) and which are
// plain YAML that happens to hold `{{` in a value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helmTemplateAction } from '../src/engine/helm';

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
