// A Helm chart's template is not a manifest: its `{{ … }}` actions are Go template code that
// `helm template` renders. Such a file gets one message instead of a YAML error per line, and is
// left out of the simulation. A `{{` inside an ordinary value (a Prometheus alert's
// `{{ $labels.pod }}`, an Argo parameter) does not make a file a template: only actions that use
// Helm's objects or functions, or that open a line at its first column.

/** Helm's built-in objects and the template functions charts call (Helm docs: Built-in Objects,
 * Template Function List). */
const HELM_WORDS =
  /(^|[\s(|])(\.Values|\.Release|\.Chart|\.Capabilities|\.Files|\.Template|include|template|define|toYaml|nindent|indent|tpl|required|default|quote)\b/;

/** What the CLI says of such a file (the editor's warning says the same in its own words). */
export const HELM_TEMPLATE_MESSAGE =
  'a Helm template: render it with `helm template` first (K8s Sim reads rendered manifests)';

export interface TemplateAction {
  /** 1-based, where the first Helm action starts. */
  line: number;
  column: number;
}

/** The first Helm template action of `text`, or null when the file is plain YAML. */
export function helmTemplateAction(text: string): TemplateAction | null {
  // Bounded work: the editor calls this on every parse of large files.
  let from = 0;
  for (let seen = 0; seen < 10_000; seen++) {
    const open = text.indexOf('{{', from);
    if (open < 0) return null;
    const close = text.indexOf('}}', open + 2);
    const body = text.slice(open + 2, close < 0 ? Math.min(text.length, open + 200) : close);
    const lineStart = text.lastIndexOf('\n', open - 1) + 1;
    const before = text.slice(lineStart, open);
    const inComment = /(^|\s)#/.test(before);
    // At the start of a line, where YAML has no place for it (`{{- if … }}`, `{{ define … }}`).
    const standsAlone = before === '';
    if (!inComment && (standsAlone || HELM_WORDS.test(body.replace(/^-?\s*/, ' ')))) {
      let line = 1;
      for (let i = text.indexOf('\n'); i >= 0 && i < open; i = text.indexOf('\n', i + 1)) line++;
      return { line, column: open - lineStart + 1 };
    }
    from = open + 2;
  }
  return null;
}
