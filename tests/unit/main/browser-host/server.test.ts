import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../../../src/main/browser-host/server';
import { testBrowserHost } from '../../support/test-browser-host';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(
  host: BrowserHost,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

describe('browser host', () => {
  let host: BrowserHost;
  beforeAll(async () => {
    host = await testBrowserHost({
      'index.html': '<!doctype html><title>wizard</title>',
      'assets/app.js': 'console.log(1)',
    });
  });
  afterAll(() => host.close());

  it('listens on loopback only and prints an address with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses calls and the event stream without the token in its header, and an address with a wrong token', async () => {
    expect((await call(host, '/?token=wrong')).status).toBe(403);
    expect((await call(host, '/api/invoke/app:info', { method: 'POST', body: '{}' })).status).toBe(403);
    expect((await call(host, '/api/events')).status).toBe(403);
    const wrong = { 'x-wizard-token': 'wrong' };
    expect((await call(host, '/api/invoke/app:info', { method: 'POST', headers: wrong, body: '{}' })).status).toBe(403);
    expect((await call(host, '/api/events', { headers: wrong })).status).toBe(403);
  });

  it('takes the token for calls and events from no URL and no cookie', async () => {
    const inQuery = `token=${host.token}`;
    expect((await call(host, `/api/invoke/app:info?${inQuery}`, { method: 'POST', body: '{}' })).status).toBe(403);
    expect((await call(host, `/api/events?${inQuery}`)).status).toBe(403);
    const cookie = `wizard_token=${host.token}`;
    expect((await call(host, '/api/invoke/app:info', { method: 'POST', headers: { cookie }, body: '{}' })).status).toBe(
      403,
    );
    expect((await call(host, '/api/events', { headers: { cookie } })).status).toBe(403);
  });

  it('serves the page and its files, which hold nothing secret, and sets no cookie', async () => {
    const page = await call(host, `/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['set-cookie']).toBeUndefined();
    // After the page removed the token from its address, a reload asks for the page without it.
    const reloaded = await call(host, '/');
    expect(reloaded.status).toBe(200);
    expect(reloaded.headers['set-cookie']).toBeUndefined();
    const script = await call(host, '/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toContain('text/javascript');
    expect(script.headers['set-cookie']).toBeUndefined();
    expect((await call(host, '/..%2f..%2fetc%2fpasswd')).status).toBe(404);
  });

  it('writes the Start page’s first answers into the page the printed address loads, and into no other', async () => {
    const page = await call(host, `/?token=${host.token}`);
    const block = /<script type="application\/json" id="wizard-start-data">(.*?)<\/script>/s.exec(page.body);
    expect(block).not.toBeNull();
    const answers = JSON.parse(block?.[1] ?? '') as Record<string, { ok: boolean; value?: unknown }>;
    expect(Object.keys(answers).sort()).toEqual(['app:info', 'flows:list', 'runs:unfinished', 'site:current']);
    expect(answers['app:info']).toMatchObject({ ok: true, value: { host: 'browser' } });
    expect(answers['flows:list']?.value).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'promote-management-server' })]),
    );
    // Without the token the page is the bare build: the answers are for whoever holds the address.
    expect((await call(host, '/')).body).toBe('<!doctype html><title>wizard</title>');
    expect((await call(host, '/index.html')).body).not.toContain('wizard-start-data');
  });

  it('refuses a request whose Host header is not this address (DNS rebinding)', async () => {
    const reply = await call(host, `/?token=${host.token}`, { headers: { host: 'evil.example:80' } });
    expect(reply.status).toBe(403);
  });

  it('answers calls through the same handler table and validation as Electron', async () => {
    const headers = { 'x-wizard-token': host.token, 'content-type': 'application/json' };
    const info = await call(host, '/api/invoke/app:info', { method: 'POST', headers, body: '{}' });
    expect(JSON.parse(info.body)).toMatchObject({ ok: true, value: { host: 'browser', realModeAvailable: false } });
    const bad = await call(host, '/api/invoke/run:get', { method: 'POST', headers, body: '{"payload":{"runId":"x"}}' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false });
  });

  it('answers 400, not 500, to a call whose name is broken percent-encoding', async () => {
    const headers = { 'x-wizard-token': host.token, 'content-type': 'application/json' };
    for (const channel of ['%', 'app%3Ainfo%', '%E0%A4%A', '%ZZ']) {
      const reply = await call(host, `/api/invoke/${channel}`, { method: 'POST', headers, body: '{}' });
      expect(reply.status, channel).toBe(400);
      expect(JSON.parse(reply.body), channel).toEqual({
        ok: false,
        error: { message: 'Refused: the call’s name is not valid percent-encoding.' },
      });
    }
    const encoded = await call(host, '/api/invoke/app%3Ainfo', { method: 'POST', headers, body: '{}' });
    expect(JSON.parse(encoded.body)).toMatchObject({ ok: true, value: { host: 'browser' } });
  });

  it('streams events to a client that sends the token in its header', async () => {
    const frames = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: '/api/events', headers: { 'x-wizard-token': host.token } },
        (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toBe('text/event-stream');
          expect(res.headers['x-content-type-options']).toBe('nosniff');
          expect(res.headers['cache-control']).toBe('no-store');
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (text.includes(': connected')) host.broadcast('run:event', { hello: 'world' });
            if (text.includes('event: run:event')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(frames).toContain('event: run:event\ndata: {"hello":"world"}\n\n');
  });

  it('opens the event stream for GET only, as the page asks for it', async () => {
    const headers = { 'x-wizard-token': host.token };
    for (const method of ['POST', 'PUT', 'DELETE']) {
      expect((await call(host, '/api/events', { method, headers })).status, method).toBe(405);
    }
  });
});
