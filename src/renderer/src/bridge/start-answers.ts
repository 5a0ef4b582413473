import { WizardCallError, type WizardApi } from '../../../shared/api';
import type { Envelope, InvokeChannel } from '../../../shared/channels';
import { START_CHANNELS, START_DATA_ID } from '../../../shared/start-data';

export type StartAnswers = Map<InvokeChannel, Envelope<unknown>>;

/** The parts of the page's `document` the answers are taken from. */
export interface PageDocument {
  getElementById(id: string): { readonly textContent: string | null; remove(): void } | null;
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const { ok } = value as { ok?: unknown };
  if (ok === true) return 'value' in value;
  if (ok !== false) return false;
  const { error } = value as { error?: { message?: unknown } };
  return typeof error?.message === 'string';
}

/**
 * The Start page's first answers that the host wrote into the page, taken out of it once: only
 * the channels it may answer this way, and only well-formed envelopes. A page without them, or
 * with a block that does not parse, just makes its calls.
 */
export function takeStartAnswers(document: PageDocument): StartAnswers {
  const answers: StartAnswers = new Map();
  const element = document.getElementById(START_DATA_ID);
  if (!element) return answers;
  element.remove();
  let parsed: unknown;
  try {
    parsed = JSON.parse(element.textContent ?? '');
  } catch {
    return answers;
  }
  if (typeof parsed !== 'object' || parsed === null) return answers;
  for (const channel of START_CHANNELS) {
    const envelope = (parsed as Record<string, unknown>)[channel];
    if (isEnvelope(envelope)) answers.set(channel, envelope);
  }
  return answers;
}

/** The API with each start answer serving the first call of its channel, as the host would have answered it. */
export function answeringFirstCalls(api: WizardApi, answers: StartAnswers): WizardApi {
  return {
    call(channel, ...payload) {
      const envelope = payload.length === 0 ? answers.get(channel) : undefined;
      if (!envelope) return api.call(channel, ...payload);
      answers.delete(channel);
      if (!envelope.ok) return Promise.reject(new WizardCallError(envelope.error.message, envelope.error.details));
      return Promise.resolve(envelope.value as never);
    },
    on: (channel, listener) => api.on(channel, listener),
  };
}
