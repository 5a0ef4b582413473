import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BROWSER_EVENTS_PATH,
  BROWSER_INVOKE_PATH,
  BROWSER_TOKEN_COOKIE,
  BROWSER_TOKEN_HEADER,
} from '../../shared/browser-protocol';
import type { EventChannel } from '../../shared/channels';
import { dispatch, type HandlerTable } from '../app/dispatch';
import { CONTENT_SECURITY_POLICY, contentTypeOf, resolveRendererFile } from '../app/renderer-files';

/**
 * Serves the renderer and the handler table over HTTP on loopback, for drills, demos and
 * browser tests. Every request must carry the random token printed at start-up: the address
 * bar (first load, then an HttpOnly cookie for the page's own files), a header (calls) or the
 * query string (the event stream).
 */

const MAX_BODY_BYTES = 1024 * 1024;

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  broadcast(channel: EventChannel, payload: unknown): void;
  close(): Promise<void>;
}

export async function startBrowserHost(options: {
  rendererDirectory: string;
  handlers: HandlerTable;
  port?: number;
}): Promise<BrowserHost> {
  const token = randomBytes(24).toString('base64url');
  const eventClients = new Set<ServerResponse>();
  let port = 0;

  const tokenMatches = (candidate: string | undefined | null): boolean => {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      process.stderr.write(`browser host: ${String(error)}\n`);
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'Internal error');
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // A page on another origin that resolves its own name to 127.0.0.1 must not reach us.
    if (request.headers.host !== `127.0.0.1:${port}`) return refuse(response, 'unexpected Host header');
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname.startsWith(BROWSER_INVOKE_PATH)) {
      if (request.method !== 'POST') return send(response, 405, 'text/plain; charset=utf-8', 'POST only');
      const header = request.headers[BROWSER_TOKEN_HEADER];
      if (!tokenMatches(typeof header === 'string' ? header : undefined)) return refuse(response, 'missing token');
      const body = await readBody(request);
      if (body === null) return send(response, 413, 'text/plain; charset=utf-8', 'Request too large');
      let payload: unknown;
      try {
        payload = (JSON.parse(body || '{}') as { payload?: unknown }).payload;
      } catch {
        return send(
          response,
          400,
          'application/json',
          JSON.stringify({ ok: false, error: { message: 'Refused: the request is not JSON.' } }),
        );
      }
      const channel = decodeURIComponent(url.pathname.slice(BROWSER_INVOKE_PATH.length));
      const envelope = await dispatch(options.handlers, channel, payload);
      return send(response, 200, 'application/json', JSON.stringify(envelope));
    }

    if (url.pathname === BROWSER_EVENTS_PATH) {
      if (!tokenMatches(url.searchParams.get('token'))) return refuse(response, 'missing token');
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      response.write(': connected\n\n');
      eventClients.add(response);
      request.on('close', () => eventClients.delete(response));
      return;
    }

    if (request.method !== 'GET') return send(response, 405, 'text/plain; charset=utf-8', 'GET only');
    const fromQuery = url.searchParams.get('token');
    const fromCookie = readCookie(request, BROWSER_TOKEN_COOKIE);
    if (!tokenMatches(fromQuery) && !tokenMatches(fromCookie)) return refuse(response, 'missing token');
    const headers: Record<string, string> = {};
    if (tokenMatches(fromQuery)) {
      headers['set-cookie'] = `${BROWSER_TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    const file = resolveRendererFile(options.rendererDirectory, url.pathname);
    if (!file) return send(response, 404, 'text/plain; charset=utf-8', 'Not found');
    return send(response, 200, contentTypeOf(file), readFileSync(file), headers);
  }

  const heartbeat = setInterval(() => {
    for (const client of eventClients) client.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    broadcast(channel, payload) {
      const frame = `event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const client of eventClients) client.write(frame);
    },
    close: () =>
      new Promise<void>((resolvePromise) => {
        clearInterval(heartbeat);
        for (const client of eventClients) client.end();
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  extraHeaders: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    ...extraHeaders,
  });
  response.end(body);
}

function refuse(response: ServerResponse, reason: string): void {
  send(response, 403, 'text/plain; charset=utf-8', `Refused: ${reason}. Open the address that npm run drill printed.`);
}

function readCookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolvePromise(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
