import type {
  Answers,
  FieldDescriptor,
  FlowDescription,
  FlowId,
  LookupResult,
  PageDescriptor,
} from '../../../shared/run-contract';

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

/** Whether a field shows: some only matter for one answer elsewhere (a restore, say). */
export function isFieldVisible(field: FieldDescriptor, answers: Answers): boolean {
  if (!field.visibleWhen) return true;
  const conditions = Array.isArray(field.visibleWhen) ? field.visibleWhen : [field.visibleWhen];
  return conditions.every((condition) => {
    const value = answers[condition.field] ?? false;
    if ('notEquals' in condition) return value !== condition.notEquals;
    return Array.isArray(condition.equals)
      ? typeof value === 'string' && condition.equals.includes(value)
      : value === condition.equals;
  });
}

/** Where FieldErrors holds a problem of the page itself: no field has an empty name. */
export const PAGE_PROBLEM = '';

type PageRules = typeof import('./page-rules');
let pageRules: PageRules | null = null;
let pageRulesLoading: Promise<void> | null = null;

/**
 * Loads the pages' rules once. They hold zod and every procedure's schemas, the largest part of
 * the renderer, and the Start page needs none of it: the pages after Start wait for this instead.
 */
export function loadPageRules(): Promise<void> {
  pageRulesLoading ??= import('./page-rules').then(
    (rules) => {
      pageRules = rules;
    },
    (error: unknown) => {
      // A later page asks again, instead of every page failing for one interrupted download.
      pageRulesLoading = null;
      throw error;
    },
  );
  return pageRulesLoading;
}

/** The page's problems by field (see page-rules); until the rules have loaded, the page is not valid yet. */
export function validatePage(flowId: FlowId, page: PageDescriptor, answers: Answers): FieldErrors {
  if (!pageRules) return { [PAGE_PROBLEM]: 'The wizard is still loading the rules for this page.' };
  return pageRules.validatePage(flowId, page, answers);
}

/**
 * The problems no visible field of the page shows: the page's own (no schema, no database chosen)
 * and those a rule of this page finds in an earlier page's answer.
 */
export function pageProblems(page: PageDescriptor, answers: Answers, errors: FieldErrors): string[] {
  const shown = new Set(page.fields.filter((field) => isFieldVisible(field, answers)).map((field) => field.name));
  return Object.entries(errors).flatMap(([name, message]) => (shown.has(name) ? [] : [message]));
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

/** A page lookup's last answer and the inputs it answered for (as a digest: some inputs are passwords). */
export interface LookupEntry {
  inputsKey: string;
  running: boolean;
  result: LookupResult | null;
}

/** FNV-1a over the inputs: enough to tell whether they changed, and it holds no password. */
export function lookupInputsKey(page: PageDescriptor, answers: Answers): string {
  const text = JSON.stringify((page.lookup?.inputs ?? []).map((name) => answers[name] ?? null));
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${text.length}:${hash.toString(16)}`;
}

/** The lookup's answer for the current inputs, or null when it has none yet. */
export function currentLookupResult(
  page: PageDescriptor,
  answers: Answers,
  entry: LookupEntry | undefined,
): LookupResult | null {
  if (!page.lookup || !entry || entry.running) return null;
  return entry.inputsKey === lookupInputsKey(page, answers) ? entry.result : null;
}

/** How the answer shows: a page that may go on but asks the operator to act first is a warning, not a success. */
export function lookupIntent(result: Pick<LookupResult, 'ok' | 'needsAttention'>): 'success' | 'warning' | 'error' {
  if (!result.ok) return 'error';
  return result.needsAttention === true ? 'warning' : 'success';
}

export function isLookupSatisfied(page: PageDescriptor, answers: Answers, entry: LookupEntry | undefined): boolean {
  if (!page.lookup?.required) return true;
  return currentLookupResult(page, answers, entry)?.ok === true;
}

/**
 * What the bottom bar says while Next waits for the page's lookup. A button's lookup waits for the
 * operator, and its message says which button. One that runs by itself says it is reading, which
 * is true only while it reads: after a failure the page shows why, and while an input it needs is
 * invalid the field shows what to change.
 */
export function lookupWaitHint(flowId: FlowId, page: PageDescriptor, answers: Answers, entry: LookupEntry | undefined) {
  const lookup = page.lookup;
  if (!lookup || isLookupSatisfied(page, answers, entry)) return '';
  if (entry?.running) return lookup.pendingMessage;
  if (lookup.buttonLabel !== undefined) {
    // The button stays disabled meanwhile: say which of this page's fields it waits for.
    const errors = validatePage(flowId, page, answers);
    const waitingFor = page.fields
      .filter((field) => lookup.inputs.includes(field.name) && field.name in errors)
      .map((field) => field.label);
    return waitingFor.length > 0 ? `${lookup.buttonLabel} waits for: ${waitingFor.join('; ')}.` : lookup.pendingMessage;
  }
  if (currentLookupResult(page, answers, entry)?.ok === false)
    return 'Next waits until what the page read above is put right.';
  return lookupInputsValid(flowId, page, answers) ? lookup.pendingMessage : '';
}

/** Whether every input of the lookup is itself valid, so asking the site makes sense. */
export function lookupInputsValid(flowId: FlowId, page: PageDescriptor, answers: Answers): boolean {
  const errors = validatePage(flowId, page, answers);
  return (page.lookup?.inputs ?? []).every((name) => !(name in errors));
}

/** What Next asks of a page: its answers pass its schema and its required lookup has answered ok for them. */
export function isPageReady(flowId: FlowId, page: PageDescriptor, answers: Answers, entry: LookupEntry | undefined) {
  return Object.keys(validatePage(flowId, page, answers)).length === 0 && isLookupSatisfied(page, answers, entry);
}

/**
 * The index of the first page Next would stop on, or -1 when every page is ready: the Summary
 * offer and the rail ask exactly what Next asks, page by page, so nothing is validated twice.
 */
export function firstPageNotReady(
  flowId: FlowId,
  pages: readonly PageDescriptor[],
  answers: Answers,
  entryOf: (page: PageDescriptor) => LookupEntry | undefined,
): number {
  return pages.findIndex((page) => !isPageReady(flowId, page, answers, entryOf(page)));
}
