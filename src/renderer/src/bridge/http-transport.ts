import { BROWSER_EVENTS_PATH, BROWSER_INVOKE_PATH, BROWSER_TOKEN_HEADER } from '../../../shared/browser-protocol';
import type { Transport } from '../../../shared/api';
import type { Envelope, EventChannel } from '../../../shared/channels';

/** The transport used when the wizard is served by the browser host instead of Electron. */
export function createHttpTransport(token: string): Transport {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  const ensureStream = (channel: EventChannel) => {
    if (!source) source = new EventSource(`${BROWSER_EVENTS_PATH}?token=${encodeURIComponent(token)}`);
    source.addEventListener(channel, (event) => {
      const payload: unknown = JSON.parse((event as MessageEvent<string>).data);
      listeners.get(channel)?.forEach((listener) => listener(payload));
    });
  };

  return {
    async invoke(channel, payload) {
      let response: Response;
      try {
        response = await fetch(`${BROWSER_INVOKE_PATH}${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [BROWSER_TOKEN_HEADER]: token },
          body: JSON.stringify({ payload }),
        });
      } catch (error) {
        return {
          ok: false,
          error: {
            message: 'The wizard host is not answering. Is `npm run drill` still running?',
            details: String(error),
          },
        };
      }
      if (response.status === 403) {
        return {
          ok: false,
          error: { message: 'The wizard host refused this page: open the address it printed, with its token.' },
        };
      }
      return (await response.json()) as Envelope<unknown>;
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        ensureStream(channel);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
