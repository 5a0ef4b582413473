import { flowPageSchemas } from '../../../shared/flows';
import type { Answers, FieldDescriptor, FlowDescription, FlowId, PageDescriptor } from '../../../shared/run-contract';

export type FieldErrors = Record<string, string>;

function emptyValue(field: FieldDescriptor): string | boolean {
  return field.kind === 'checkbox' ? false : '';
}

/** Every field of the flow filled from its defaults, so each control starts controlled. */
export function initialAnswers(description: FlowDescription): Answers {
  const answers: Answers = {};
  for (const page of description.pages) {
    for (const field of page.fields) {
      answers[field.name] = description.defaults[field.name] ?? emptyValue(field);
    }
  }
  return answers;
}

export function pageValues(page: PageDescriptor, answers: Answers): Answers {
  const values: Answers = {};
  for (const field of page.fields) values[field.name] = answers[field.name] ?? emptyValue(field);
  return values;
}

/** Runs the same zod schema main applies, keeping the first message per field. */
export function validatePage(flowId: FlowId, page: PageDescriptor, answers: Answers): FieldErrors {
  const schema = flowPageSchemas[flowId][page.id];
  if (!schema) return {};
  const result = schema.safeParse(pageValues(page, answers));
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path[0];
    const name = typeof key === 'string' ? key : (page.fields[0]?.name ?? '');
    if (!(name in errors)) errors[name] = issue.message;
  }
  return errors;
}

/** Only the flow's own fields go to run:prepare, so nothing left from another flow leaks into a run. */
export function flowAnswers(description: FlowDescription, answers: Answers): Answers {
  const result: Answers = {};
  for (const page of description.pages) Object.assign(result, pageValues(page, answers));
  return result;
}

export function isSecretField(field: FieldDescriptor): boolean {
  return field.kind === 'password' || field.secret === true;
}
