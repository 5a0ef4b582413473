import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../../src/main/app/renderer-files';
import {
  APP_ORIGIN,
  applySessionRestrictions,
  isTrustedUrl,
  restrictWebContents,
} from '../../../../src/main/electron/security-restrictions';

const { electron } = await vi.hoisted(() => import('../../support/electron-stand-in'));
vi.mock('electron', () => electron.module());

describe('isTrustedUrl', () => {
  it('trusts the wizard’s own pages, although Node gives app: URLs the origin "null"', () => {
    expect(new URL(`${APP_ORIGIN}/index.html`).origin).toBe('null');
    for (const url of ['app://wizard/index.html', 'app://wizard/', 'app://wizard/assets/app.js?v=1#/run']) {
      expect(isTrustedUrl(url), url).toBe(true);
    }
  });

  it('refuses every other scheme, host, port or user, and what is not a URL', () => {
    for (const url of [
      'app://other-host/index.html',
      'app://wizard.evil.example/index.html',
      'app://evil.example/wizard/index.html',
      'app://wizard:8080/index.html',
      'app://user@wizard/index.html',
      'app://wizard@evil/index.html',
      'app:wizard/index.html',
      'app:///index.html',
      'http://wizard/index.html',
      'https://example.com/',
      'file:///C:/wizard/index.html',
      'about:blank',
      'null',
      '',
      'not a url',
    ]) {
      expect(isTrustedUrl(url), url).toBe(false);
    }
  });
});

describe('the session', () => {
  beforeEach(async () => {
    electron.reset();
    await electron.app.becomeReady();
    applySessionRestrictions();
  });

  it('denies every permission a page asks for, and every silent permission check', async () => {
    const window = new electron.BrowserWindow();
    await window.loadURL('https://example.com/');
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'fileSystem',
    ]) {
      await expect(electron.session.defaultSession.requestPermission(window.webContents, permission)).resolves.toBe(
        false,
      );
      expect(electron.session.defaultSession.checkPermission(window.webContents, permission, APP_ORIGIN)).toBe(false);
    }
  });

  it('puts the content-security policy on every response and keeps its other headers', async () => {
    const received = await electron.session.defaultSession.receiveHeaders({
      url: 'https://example.com/',
      method: 'GET',
      resourceType: 'mainFrame',
      statusCode: 200,
      responseHeaders: { 'content-type': ['text/html'], 'x-served-by': ['cache'] },
    });
    expect(received.cancel).toBe(false);
    expect(received.headers).toEqual({
      'content-type': ['text/html'],
      'x-served-by': ['cache'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});

describe('the window’s contents', () => {
  beforeEach(async () => {
    electron.reset();
    await electron.app.becomeReady();
    electron.protocol.handle('app', () => new Response('<!doctype html>'));
    electron.app.on('web-contents-created', (_event: unknown, contents) => restrictWebContents(contents as never));
  });

  async function wizardWindow() {
    const window = new electron.BrowserWindow();
    await window.loadURL('app://wizard/index.html');
    return window;
  }

  it('lets the page move between the wizard’s own pages', async () => {
    const window = await wizardWindow();
    await expect(window.webContents.navigateFromPage('app://wizard/index.html#/run')).resolves.toBe(true);
    expect(window.webContents.getURL()).toBe('app://wizard/index.html#/run');
  });

  it('keeps the page from navigating anywhere else, another app:// host included', async () => {
    const window = await wizardWindow();
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://other-host/index.html']) {
      await expect(window.webContents.navigateFromPage(url), url).resolves.toBe(false);
      expect(window.webContents.getURL()).toBe('app://wizard/index.html');
    }
  });

  it('refuses a redirect away from the wizard', async () => {
    const window = await wizardWindow();
    expect(window.webContents.redirect('https://example.com/')).toBe(false);
    expect(window.webContents.redirect('app://wizard/index.html')).toBe(true);
  });

  it('opens no new window, not even one of the wizard’s own pages', async () => {
    const window = await wizardWindow();
    expect(window.webContents.openWindow('https://example.com/')).toBeNull();
    expect(window.webContents.openWindow('app://wizard/index.html')).toBeNull();
    expect(electron.BrowserWindow.getAllWindows()).toHaveLength(1);
  });

  it('refuses a <webview>', async () => {
    const window = await wizardWindow();
    expect(window.webContents.attachWebview('https://example.com/')).toBe(false);
  });

  it('shows what the stand-in does without the restrictions, so the refusals above are the wizard’s', async () => {
    electron.app.removeAllListeners('web-contents-created');
    const window = await wizardWindow();
    await expect(window.webContents.navigateFromPage('https://example.com/')).resolves.toBe(true);
    expect(window.webContents.openWindow('https://example.com/')).not.toBeNull();
    expect(window.webContents.attachWebview('https://example.com/')).toBe(true);
  });
});
