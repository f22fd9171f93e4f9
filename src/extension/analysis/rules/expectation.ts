// Rule `expectation`: an expectation of a Scenario file that failed in the current run, reported
// on the step that holds it, so the editor says what the report and the timeline say.
import type { Rule } from './rule';

export const expectationRule: Rule = {
  id: 'expectation',
  severity: 'error',
  scenario: (facts, input, t) =>
    facts.steps.flatMap(({ at, failed }) => {
      const line = at.start.line;
      const text = input.lineText?.(line);
      const end = { line, column: text !== undefined ? text.length + 1 : at.start.column + 1 };
      return failed.map((expectation) => ({
        range: { file: at.file, start: at.start, end },
        message: t('Expectation failed: {0}', expectation),
      }));
    }),
};
