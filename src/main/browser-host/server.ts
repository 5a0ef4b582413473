import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BROWSER_EVENTS_PATH,
  BROWSER_INVOKE_PATH,
  BROWSER_TOKEN_HEADER,
  BROWSER_TOKEN_QUERY,
} from '../../shared/browser-protocol';
import type { EventChannel } from '../../shared/channels';
import { dispatch, type HandlerTable } from '../app/dispatch';
import { CONTENT_SECURITY_POLICY, contentTypeOf, resolveRendererFile } from '../app/renderer-files';
import { pageWithStartData } from '../app/start-data';
import { staticFiles } from './static-files';

/**
 * Serves the renderer and the handler table over HTTP on loopback, for drills, demos and
 * browser tests. Every call and the event stream must carry the random token printed at
 * start-up, in a header. The token is never set as a cookie (browsers send cookies for
 * 127.0.0.1 to every port, so any other local listener would receive it) and is accepted in no
 * URL but the printed address, which the page takes it from and then removes. The page's own
 * files are the renderer build, the same for everyone, and are served without it; only the page
 * the printed address loads also carries the Start page's first answers (app/start-data.ts).
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
  const rendererFile = staticFiles();
  const pagePath = resolveRendererFile(options.rendererDirectory, '/');

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
      if (!tokenMatches(headerToken(request))) return refuse(response, 'missing token');
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
      const channel = decodeChannel(url.pathname.slice(BROWSER_INVOKE_PATH.length));
      if (channel === null) {
        return send(
          response,
          400,
          'application/json',
          JSON.stringify({ ok: false, error: { message: 'Refused: the call’s name is not valid percent-encoding.' } }),
        );
      }
      const envelope = await dispatch(options.handlers, channel, payload);
      return send(response, 200, 'application/json', JSON.stringify(envelope));
    }

    if (url.pathname === BROWSER_EVENTS_PATH) {
      if (request.method !== 'GET') return send(response, 405, 'text/plain; charset=utf-8', 'GET only');
      if (!tokenMatches(headerToken(request))) return refuse(response, 'missing token');
      response.writeHead(200, {
        ...SAFE_HEADERS,
        'content-type': 'text/event-stream',
        connection: 'keep-alive',
      });
      response.write(': connected\n\n');
      eventClients.add(response);
      request.on('close', () => eventClients.delete(response));
      return;
    }

    if (request.method !== 'GET') return send(response, 405, 'text/plain; charset=utf-8', 'GET only');
    // An address with a token from an earlier start is refused at once, rather than at the page's first call.
    const fromAddress = url.searchParams.get(BROWSER_TOKEN_QUERY);
    if (fromAddress !== null && !tokenMatches(fromAddress)) return refuse(response, 'wrong token');
    const file = resolveRendererFile(options.rendererDirectory, url.pathname);
    if (!file) return send(response, 404, 'text/plain; charset=utf-8', 'Not found');
    // Past the check above, an address with a token has the right one.
    const content =
      fromAddress !== null && file === pagePath
        ? await pageWithStartData(readFileSync(file), options.handlers)
        : undefined;
    const served = rendererFile(file, url.pathname, request.headers['accept-encoding'], content);
    return send(response, 200, contentTypeOf(file), served.body, served.headers);
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
    url: `http://127.0.0.1:${port}/?${BROWSER_TOKEN_QUERY}=${token}`,
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

/** On every answer, the event stream's too: nothing is cached, sniffed, framed or referred elsewhere. */
const SAFE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': contentType, ...SAFE_HEADERS, ...headers });
  response.end(body);
}

function refuse(response: ServerResponse, reason: string): void {
  send(response, 403, 'text/plain; charset=utf-8', `Refused: ${reason}. Open the address that npm run drill printed.`);
}

function headerToken(request: IncomingMessage): string | undefined {
  const header = request.headers[BROWSER_TOKEN_HEADER];
  return typeof header === 'string' ? header : undefined;
}

function decodeChannel(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
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
