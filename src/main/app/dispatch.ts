import type { z } from 'zod';
import { invokeChannels, type Envelope, type InvokeChannel, type ResponseOf } from '../../shared/channels';
import { describeError, OperatorError } from '../engine/errors';
import { HostError } from '../knowledge/failures';

export type HandlerTable = {
  [C in InvokeChannel]: (
    payload: z.output<(typeof invokeChannels)[C]['request']>,
  ) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

/**
 * The single door into main for Electron IPC and the browser host: unknown channels and
 * payloads that do not match the channel's schema are refused before any handler runs.
 */
export async function dispatch(handlers: HandlerTable, channel: string, payload: unknown): Promise<Envelope<unknown>> {
  if (!Object.prototype.hasOwnProperty.call(invokeChannels, channel)) {
    return { ok: false, error: { message: `Refused: "${channel}" is not a wizard call.` } };
  }
  const name = channel as InvokeChannel;
  const parsed = invokeChannels[name].request.safeParse(payload);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`)
      .join('; ');
    return { ok: false, error: { message: `Refused: the request for ${name} is not valid (${problems}).` } };
  }
  try {
    const handler = handlers[name] as (value: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    const { message, details } = describeError(error);
    if (error instanceof OperatorError || error instanceof HostError) return { ok: false, error: { message, details } };
    return { ok: false, error: { message: `Unexpected error in ${name}: ${message}`, details } };
  }
}
