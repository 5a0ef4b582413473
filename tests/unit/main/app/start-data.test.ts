import { describe, expect, it } from 'vitest';
import { pageWithStartData } from '../../../../src/main/app/start-data';
import { testWizardCore } from '../../support/test-wizard-core';

describe('the Start page’s first answers written into the page', () => {
  const hostile = '</script><script>alert(1)</script><!-- \u2028';

  it('cannot end its own script element, whatever the answers hold, and reads back exactly', async () => {
    const { handlers } = testWizardCore('browser');
    const appInfo = await handlers['app:info'](undefined);
    const page = await pageWithStartData(Buffer.from('<!doctype html><head><title>w</title></head><body></body>'), {
      ...handlers,
      'app:info': () => ({ ...appInfo, version: hostile }),
    });
    const html = page.toString('utf8');
    // One script element, ending where the block ends, before the head's end.
    expect(html.match(/<\/script/gi)).toHaveLength(1);
    expect(html.match(/<!--/g)).toBeNull();
    const block = /id="wizard-start-data">(.*)<\/script><\/head>/s.exec(html);
    expect(block).not.toBeNull();
    expect(JSON.parse(block?.[1] ?? '')).toMatchObject({ 'app:info': { ok: true, value: { version: hostile } } });
  });

  it('carries a call that failed as its failure, for the page to show as it would the call’s', async () => {
    const { handlers } = testWizardCore('browser');
    const page = await pageWithStartData(Buffer.from('<!doctype html>'), {
      ...handlers,
      'runs:unfinished': () => {
        throw new Error('journal folder unreadable');
      },
    });
    const block = /id="wizard-start-data">(.*)<\/script>$/s.exec(page.toString('utf8'));
    expect(JSON.parse(block?.[1] ?? '')).toMatchObject({
      'runs:unfinished': { ok: false, error: { message: expect.stringContaining('journal folder unreadable') } },
    });
  });
});
