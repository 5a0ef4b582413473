import { procedurePages } from '../../../shared/procedures';
import { checkAnswers } from '../../../shared/validation/answer-messages';
import type { Answers, FlowId, PageDescriptor } from '../../../shared/run-contract';
import { isFieldVisible, PAGE_PROBLEM, pageValues, type FieldErrors } from './flow-answers';

/**
 * Runs the same zod schema main applies, keeping the first message per visible field. The
 * schema sees every answer so far, because a rule on this page may depend on an earlier one. A
 * page without a schema is refused: nothing it holds could be checked before the plan is built.
 */
export function validatePage(flowId: FlowId, page: PageDescriptor, answers: Answers): FieldErrors {
  const schema = procedurePages[flowId].pageSchemas[page.id];
  if (!schema) {
    return {
      [PAGE_PROBLEM]: `The wizard has no rules for the answers of this page ("${page.title}", ${page.id}), so it cannot check them and Next stays unavailable. This is a defect of the wizard: report it with the procedure's name.`,
    };
  }
  const checked = checkAnswers(schema, { ...answers, ...pageValues(page, answers) });
  if (checked.ok) return {};
  const errors: FieldErrors = {};
  for (const problem of checked.problems) {
    const name = problem.field === '' ? (page.fields[0]?.name ?? '') : problem.field;
    const field = page.fields.find((candidate) => candidate.name === name);
    if (field && !isFieldVisible(field, answers)) continue;
    if (!(name in errors)) errors[name] = problem.message;
  }
  return errors;
}
