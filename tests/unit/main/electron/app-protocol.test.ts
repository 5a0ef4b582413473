import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../../src/main/app/renderer-files';
import { registerAppScheme, serveRenderer } from '../../../../src/main/electron/app-protocol';
import { tempDirectory } from '../../support/harness';
import { testWizardCore } from '../../support/test-wizard-core';

const { electron } = await vi.hoisted(() => import('../../support/electron-stand-in'));
vi.mock('electron', () => electron.module());

const SECRET = 'the file beside the renderer folder';

/** A renderer folder, with a file beside it that no URL may reach. */
function rendererFolder(): string {
  const parent = tempDirectory('app-protocol');
  const renderer = join(parent, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>wizard</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(parent, 'secret.txt'), SECRET);
  return renderer;
}

async function fetchApp(
  url: string,
): Promise<{ status: number; type: string | null; csp: string | null; body: string }> {
  const response = await electron.fetchFor(electron.canonicalUrl(url));
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    csp: response.headers.get('content-security-policy'),
    body: await response.text(),
  };
}

describe('the app:// scheme', () => {
  beforeEach(() => electron.reset());

  it('is registered before the app is ready as a standard, secure scheme with fetch, and nothing more', () => {
    registerAppScheme();
    expect(electron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('cannot be registered once the app is ready, as in Electron', async () => {
    await electron.app.becomeReady();
    expect(() => registerAppScheme()).toThrow(/before app is ready/);
  });
});

describe('serving the renderer', () => {
  beforeEach(async () => {
    electron.reset();
    registerAppScheme();
    await electron.app.becomeReady();
    serveRenderer(rendererFolder(), testWizardCore('electron').handlers);
  });

  it('serves the page and its files with their content types and the content-security policy', async () => {
    for (const url of ['app://wizard/', 'app://wizard/index.html']) {
      const page = await fetchApp(url);
      expect(page, url).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', csp: CONTENT_SECURITY_POLICY });
      expect(page.body).toContain('<title>wizard</title>');
    }
    // The page carries the answers to Start's first calls, read through the wizard's handlers.
    const page = await fetchApp('app://wizard/');
    const block = /<script type="application\/json" id="wizard-start-data">(.*?)<\/script>/s.exec(page.body)?.[1];
    expect(JSON.parse(block ?? 'null')).toMatchObject({ 'app:info': { ok: true, value: { host: 'electron' } } });
    const script = await fetchApp('app://wizard/assets/app.js?v=3');
    expect(script).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' });
  });

  it('answers 404 for a file that is not there and for a folder', async () => {
    expect((await fetchApp('app://wizard/missing.js')).status).toBe(404);
    expect((await fetchApp('app://wizard/assets')).status).toBe(404);
    expect((await fetchApp('app://wizard/assets/')).status).toBe(404);
  });

  it('never reaches outside the renderer folder, however the dots are written', async () => {
    for (const url of [
      'app://wizard/../secret.txt',
      'app://wizard/%2e%2e/secret.txt',
      'app://wizard/%2E%2E/secret.txt',
      'app://wizard/..%2fsecret.txt',
      'app://wizard/..%2Fsecret.txt',
      'app://wizard/assets/..%2f..%2fsecret.txt',
      'app://wizard/..%5csecret.txt',
      'app://wizard/%2e%2e%2fsecret.txt',
      'app://wizard/assets/%252e%252e/%252e%252e/secret.txt',
      'app://wizard/%',
    ]) {
      const reply = await fetchApp(url);
      expect(reply.status, url).toBe(404);
      expect(reply.body, url).not.toContain(SECRET);
    }
  });

  it('refuses every host but the wizard’s', async () => {
    for (const url of [
      'app://other-host/index.html',
      'app://wizard.evil.example/index.html',
      'app://wizard:8080/index.html',
    ]) {
      const reply = await fetchApp(url);
      expect(reply.status, url).toBe(403);
      expect(reply.body, url).not.toContain('<title>wizard</title>');
    }
  });

  it('takes the wizard’s host in any case, since Chromium lowers it before the handler sees it', async () => {
    expect((await fetchApp('app://WIZARD/index.html')).status).toBe(200);
  });

  it('cannot be handled twice, as in Electron', () => {
    expect(() => serveRenderer(rendererFolder(), testWizardCore('electron').handlers)).toThrow(
      /Failed to register protocol: app/,
    );
  });
});
