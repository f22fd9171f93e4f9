// Rule `yaml`: the file's YAML syntax errors (and why it could not be read), each on its line.
import type { InputError } from '../../../engine/manifest';
import type { Finding } from '../types';
import { findingsOf, type Report, type Rule } from './rule';

function yamlReports(
  errors: readonly InputError[],
  lineText?: (line: number) => string | undefined,
): Report[] {
  return errors.map((e) => {
    const start = { line: e.line, column: e.column };
    const line = lineText?.(e.line);
    const endColumn =
      line !== undefined && line.length >= e.column ? line.trimEnd().length + 1 : e.column + 1;
    return {
      range: { file: e.file, start, end: { line: e.line, column: Math.max(endColumn, e.column + 1) } },
      message: e.message,
    };
  });
}

export const yamlRule: Rule = {
  id: 'yaml',
  severity: 'error',
  errors: (input) => yamlReports(input.errors ?? [], input.lineText),
};

/** The findings of the `yaml` rule for parse errors. */
export function inputErrorFindings(
  errors: readonly InputError[],
  lineText?: (line: number) => string | undefined,
): Finding[] {
  return findingsOf(yamlRule, yamlReports(errors, lineText));
}
