import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../../../src/main/browser-host/server';
import { createHttpTransport } from '../../../../src/renderer/src/bridge/http-transport';
import { answeringFirstCalls, takeStartAnswers } from '../../../../src/renderer/src/bridge/start-answers';
import { createWizardApi } from '../../../../src/shared/api';
import { testBrowserHost } from '../../support/test-browser-host';

describe('the Start page’s first answers, carried by the page', () => {
  let host: BrowserHost;

  beforeAll(async () => {
    host = await testBrowserHost({ 'index.html': '<!doctype html><head></head>' });
  });
  afterAll(() => host.close());

  it('answers a first call from the answers the page carried, once, and asks the host after that', async () => {
    const page = await fetch(host.url).then((response) => response.text());
    const block = /id="wizard-start-data">(.*?)<\/script>/s.exec(page)?.[1] ?? '';
    let removed = false;
    const startAnswers = takeStartAnswers({
      getElementById: (id) =>
        id === 'wizard-start-data' ? { textContent: block, remove: () => (removed = true) } : null,
    });
    expect(removed).toBe(true);
    expect([...startAnswers.keys()].sort()).toEqual(['app:info', 'flows:list', 'runs:unfinished', 'site:current']);
    // A transport that cannot reach any host shows which calls were answered from the page.
    const api = answeringFirstCalls(
      createWizardApi(createHttpTransport({ token: host.token, origin: 'http://127.0.0.1:9' })),
      startAnswers,
    );
    await expect(api.call('app:info')).resolves.toMatchObject({ host: 'browser' });
    await expect(api.call('flows:list')).resolves.toEqual(expect.arrayContaining([expect.anything()]));
    await expect(api.call('app:info')).rejects.toThrow(/not answering/);
    await expect(api.call('runs:past')).rejects.toThrow(/not answering/);
  });

  it('makes its calls when the page carries no answers or a block that does not parse', () => {
    const element = (textContent: string) => ({ textContent, remove: () => undefined });
    expect(takeStartAnswers({ getElementById: () => null }).size).toBe(0);
    expect(takeStartAnswers({ getElementById: () => element('{"app:info": ') }).size).toBe(0);
    const odd = takeStartAnswers({
      getElementById: () =>
        element(
          JSON.stringify({
            'app:info': { ok: 'yes' },
            'flows:list': { ok: false },
            'run:get': { ok: true, value: 1 },
            'site:current': { ok: true, value: null },
          }),
        ),
    });
    expect([...odd.keys()]).toEqual(['site:current']);
  });

  it('gives a call the host had refused its refusal, as the call would have', async () => {
    const api = answeringFirstCalls(
      createWizardApi(createHttpTransport({ token: host.token, origin: 'http://127.0.0.1:9' })),
      new Map([['runs:unfinished', { ok: false, error: { message: 'journals unreadable', details: 'EACCES' } }]]),
    );
    await expect(api.call('runs:unfinished')).rejects.toMatchObject({
      name: 'WizardCallError',
      message: 'journals unreadable',
      details: 'EACCES',
    });
  });
});
