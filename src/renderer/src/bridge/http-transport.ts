import { BROWSER_EVENTS_PATH, BROWSER_INVOKE_PATH, BROWSER_TOKEN_HEADER } from '../../../shared/browser-protocol';
import type { Transport } from '../../../shared/api';
import type { Envelope, EventChannel } from '../../../shared/channels';
import { createEventStreamParser } from './event-stream';

export interface HttpTransportOptions {
  token: string;
  /** The browser host's address, e.g. http://127.0.0.1:5173. */
  origin: string;
  /** How long to wait before opening the event stream again after it broke. */
  reconnectDelayMs?: number;
}

const REFUSED_MESSAGE = 'The wizard host refused this page: open the address it printed, with its token.';

/**
 * The transport used when the wizard is served by the browser host instead of Electron. Calls and
 * the event stream both carry the token in a header; the stream is read with fetch and opened
 * again whenever it breaks (the host restarted, the connection dropped), as long as someone listens.
 */
export function createHttpTransport({ token, origin, reconnectDelayMs = 1000 }: HttpTransportOptions): Transport {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  let stream: AbortController | null = null;

  const listening = () => [...listeners.values()].some((set) => set.size > 0);

  const deliver = ({ event, data }: { event: string; data: string }) => {
    const set = listeners.get(event as EventChannel);
    if (!set || set.size === 0) return;
    const payload: unknown = JSON.parse(data);
    set.forEach((listener) => listener(payload));
  };

  const readStream = async (abort: AbortController) => {
    while (!abort.signal.aborted) {
      try {
        const response = await fetch(`${origin}${BROWSER_EVENTS_PATH}`, {
          headers: { [BROWSER_TOKEN_HEADER]: token, accept: 'text/event-stream' },
          signal: abort.signal,
        });
        // A refused token stays refused: only the printed address helps, and calls say so.
        if (response.status === 403) return;
        if (response.ok && response.body) {
          const parse = createEventStreamParser(deliver);
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            parse(value);
          }
        }
      } catch {
        // The host is not answering, or the stream was stopped: the loop decides whether to try again.
      }
      if (!abort.signal.aborted) await delay(reconnectDelayMs, abort.signal);
    }
  };

  const ensureStream = () => {
    if (stream) return;
    const abort = new AbortController();
    stream = abort;
    void readStream(abort);
  };

  const stopStreamIfUnused = () => {
    if (listening() || !stream) return;
    stream.abort();
    stream = null;
  };

  return {
    async invoke(channel, payload) {
      let response: Response;
      try {
        response = await fetch(`${origin}${BROWSER_INVOKE_PATH}${channel}`, {
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
      if (response.status === 403) return { ok: false, error: { message: REFUSED_MESSAGE } };
      return (await response.json()) as Envelope<unknown>;
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      ensureStream();
      return () => {
        set.delete(listener);
        stopStreamIfUnused();
      };
    },
  };
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
