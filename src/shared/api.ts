import type { Envelope, EventChannel, EventOf, InvokeChannel, RequestOf, ResponseOf } from './channels';

/**
 * Builds the renderer's API from a transport. Electron's preload and the browser host both call
 * this, so the renderer cannot tell them apart and every channel has one typed entry point.
 */

export interface Transport {
  invoke(channel: InvokeChannel, payload: unknown): Promise<Envelope<unknown>>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

export class WizardCallError extends Error {
  constructor(
    message: string,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'WizardCallError';
  }
}

export interface WizardApi {
  call<C extends InvokeChannel>(
    channel: C,
    ...payload: RequestOf<C> extends undefined ? [] : [RequestOf<C>]
  ): Promise<ResponseOf<C>>;
  on<C extends EventChannel>(channel: C, listener: (event: EventOf<C>) => void): () => void;
}

export function createWizardApi(transport: Transport): WizardApi {
  return {
    async call(channel, ...payload) {
      const envelope = await transport.invoke(channel, payload[0]);
      if (!envelope.ok) throw new WizardCallError(envelope.error.message, envelope.error.details);
      return envelope.value as never;
    },
    on(channel, listener) {
      return transport.subscribe(channel, (payload) => listener(payload as never));
    },
  };
}

export const API_GLOBAL_NAME = 'recoveryWizard';
