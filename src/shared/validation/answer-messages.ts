import type { z } from 'zod';

/**
 * The words an operator reads when an answer is refused, wherever it is refused: under the field
 * on its page (the renderer), and when the plan is built (main). Schemas give their own message
 * where they have one; this map words what zod would otherwise say in its own terms ("Too big:
 * expected string to have <=128 characters"). No message quotes the value itself: a schema that
 * must quote one uses excerpt().
 */
export const answerErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null
        ? 'this answer is missing'
        : issue.expected === 'boolean'
          ? 'tick or clear the box'
          : 'enter text here';
    case 'too_big':
      return issue.origin === 'string'
        ? `at most ${String(issue.maximum)} characters`
        : `at most ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? 'enter a value'
        : `at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'invalid_value':
      return 'choose one of the answers offered';
    case 'invalid_format':
      return issue.format === 'url'
        ? 'enter a web address, e.g. http://server/ReportServer'
        : 'this is not in the form expected';
    case 'invalid_union':
      return 'enter text, or tick or clear the box';
    case 'unrecognized_keys':
      return 'the wizard does not know this answer';
    default:
      return 'this answer cannot be used';
  }
};

/** One refused answer: the field it belongs to (the first part of zod's path) and why. */
export interface AnswerProblem {
  field: string;
  message: string;
}

export type AnswerCheck<T> = { ok: true; value: T } | { ok: false; problems: AnswerProblem[] };

/** Parses answers in the operator's words, with one problem per field: the first its schema found. */
export function checkAnswers<T>(schema: z.ZodType<T>, answers: unknown): AnswerCheck<T> {
  const parsed = schema.safeParse(answers, { error: answerErrorMap });
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems: AnswerProblem[] = [];
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (!problems.some((problem) => problem.field === field)) problems.push({ field, message: issue.message });
  }
  return { ok: false, problems };
}

/**
 * The refusal of a set of answers as one sentence, each problem under the label its field has on
 * its page: "Key backup file: a Windows path cannot hold ...".
 */
export function describeAnswerProblems(problems: readonly AnswerProblem[], labelOf: (field: string) => string): string {
  return `These answers cannot be used. ${problems.map((problem) => `${labelOf(problem.field)}: ${problem.message}`).join('; ')}.`;
}
