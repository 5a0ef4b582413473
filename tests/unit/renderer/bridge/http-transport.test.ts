import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../../../src/main/browser-host/server';
import { createHttpTransport } from '../../../../src/renderer/src/bridge/http-transport';
import { createWizardApi } from '../../../../src/shared/api';
import { testBrowserHost } from '../../support/test-browser-host';

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the page’s transport against the browser host', () => {
  let host: BrowserHost;
  const origin = () => `http://127.0.0.1:${host.port}`;

  beforeAll(async () => {
    host = await testBrowserHost({ 'index.html': '<!doctype html>' });
  });
  afterAll(() => host.close());

  it('calls with the token in a header', async () => {
    const api = createWizardApi(createHttpTransport({ token: host.token, origin: origin() }));
    await expect(api.call('app:info')).resolves.toMatchObject({ host: 'browser' });
  });

  it('receives events over the stream it opened with the token in a header', async () => {
    const api = createWizardApi(createHttpTransport({ token: host.token, origin: origin() }));
    const received: unknown[] = [];
    const stop = api.on('run:event', (event) => received.push(event));
    try {
      // The stream is up once the host has a client to broadcast to: keep sending until one arrives.
      await until(() => {
        host.broadcast('run:event', { kind: 'probe' });
        return received.length > 0;
      }, 'an event');
      expect(received[0]).toEqual({ kind: 'probe' });
    } finally {
      stop();
    }
  });

  it('says the page was refused when the token is wrong', async () => {
    const api = createWizardApi(createHttpTransport({ token: 'wrong', origin: origin() }));
    await expect(api.call('app:info')).rejects.toThrow(/refused this page: open the address it printed/);
  });
});

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

/** An event stream that records each request and lets the test decide how each connection goes. */
describe('the page’s event stream when the connection breaks', () => {
  let server: Server;
  let seen: Seen[];
  let answer: (response: ServerResponse, connection: number) => void;
  let origin: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ url: request.url ?? '', headers: request.headers });
      answer(response, seen.length);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => server.closeAllConnections());
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const frame = (payload: unknown) => `event: run:event\ndata: ${JSON.stringify(payload)}\n\n`;

  it('opens the stream again and goes on delivering, with the token in a header and never in the URL', async () => {
    seen = [];
    answer = (response, connection) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(frame({ connection }));
      // The first connection breaks at once, as when the host restarts; the second stays open.
      if (connection === 1) response.end();
    };
    const transport = createHttpTransport({ token: 'T0ken', origin, reconnectDelayMs: 20 });
    const received: unknown[] = [];
    const stop = transport.subscribe('run:event', (payload) => received.push(payload));
    try {
      await until(() => received.length === 2, 'events on two connections');
      expect(received).toEqual([{ connection: 1 }, { connection: 2 }]);
      expect(seen.map((request) => request.url)).toEqual(['/api/events', '/api/events']);
      for (const request of seen) {
        expect(request.headers['x-wizard-token']).toBe('T0ken');
        expect(request.headers.cookie).toBeUndefined();
      }
    } finally {
      stop();
    }
  });

  it('stops asking once the host refuses the token', async () => {
    seen = [];
    answer = (response) => {
      response.writeHead(403);
      response.end();
    };
    const stop = createHttpTransport({ token: 'old', origin, reconnectDelayMs: 10 }).subscribe('run:event', () => {});
    await until(() => seen.length === 1, 'the first request');
    await new Promise((resolve) => setTimeout(resolve, 200));
    stop();
    expect(seen).toHaveLength(1);
  });

  it('closes the stream when the page stops listening', async () => {
    seen = [];
    let closed = false;
    answer = (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(': connected\n\n');
      response.on('close', () => (closed = true));
    };
    const stop = createHttpTransport({ token: 't', origin, reconnectDelayMs: 10 }).subscribe('run:event', () => {});
    await until(() => seen.length === 1, 'the stream');
    stop();
    await until(() => closed, 'the stream to close');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toHaveLength(1);
  });
});
