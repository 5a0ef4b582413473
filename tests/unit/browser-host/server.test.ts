import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWizardCore } from '../../../src/main/app/wizard-core';
import { startBrowserHost, type BrowserHost } from '../../../src/main/browser-host/server';
import { SAMPLE_MANIFEST_PATH, tempDirectory } from '../support/harness';

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
    const renderer = tempDirectory('renderer');
    mkdirSync(join(renderer, 'assets'));
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>wizard</title>');
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
    const core = createWizardCore({
      host: 'browser',
      version: 'test',
      dataDirectory: tempDirectory('data'),
      drillManifestPath: SAMPLE_MANIFEST_PATH,
      drillSpeed: 1000,
      emit: () => undefined,
    });
    host = await startBrowserHost({ rendererDirectory: renderer, handlers: core.handlers });
  });
  afterAll(() => host.close());

  it('listens on loopback only and prints an address with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses the page, its files and calls without the token', async () => {
    expect((await call(host, '/')).status).toBe(403);
    expect((await call(host, '/?token=wrong')).status).toBe(403);
    expect((await call(host, '/assets/app.js')).status).toBe(403);
    expect((await call(host, '/api/invoke/app:info', { method: 'POST', body: '{}' })).status).toBe(403);
    expect((await call(host, '/api/events')).status).toBe(403);
  });

  it('serves the page with the token and sets a cookie for its own files', async () => {
    const page = await call(host, `/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const cookie = String(page.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie).toMatch(/^wizard_token=/);
    expect(String(page.headers['set-cookie'])).toContain('HttpOnly');
    const script = await call(host, '/assets/app.js', { headers: { cookie } });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toContain('text/javascript');
    expect((await call(host, '/..%2f..%2fetc%2fpasswd', { headers: { cookie } })).status).toBe(404);
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
});
