// Rule `helm-template`: a Helm chart's template gets one message at its first `{{ … }}` action
// instead of a YAML error per line; the file is left out of the simulation (see src/engine/helm.ts).
import type { Rule } from './rule';

export const helmTemplateRule: Rule = {
  id: 'helm-template',
  severity: 'warning',
  errors: (input, t) => {
    const at = input.helm;
    if (!at) return [];
    const text = input.lineText?.(at.line);
    const end = { line: at.line, column: text !== undefined ? text.trimEnd().length + 1 : at.column + 2 };
    return [
      {
        range: { file: at.file, start: { line: at.line, column: at.column }, end },
        message: t(
          'A Helm template: render it with `helm template` first. K8s Sim reads rendered manifests and leaves this file out of the simulation.',
        ),
      },
    ];
  },
};
