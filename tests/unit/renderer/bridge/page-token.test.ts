import { describe, expect, it } from 'vitest';
import { takeTokenFromAddress, type PageHistory } from '../../../../src/renderer/src/bridge/page-token';

/** The page's history as the browser keeps it: each replaceState changes the current entry's address. */
function pageAt(href: string): { location: { href: string }; history: PageHistory; entries: string[] } {
  const entries = [href];
  const location = { href };
  const history: PageHistory = {
    state: { key: 'current' },
    replaceState(state, _unused, url) {
      expect(state).toEqual({ key: 'current' });
      location.href = new URL(url, location.href).href;
      entries[entries.length - 1] = location.href;
    },
  };
  return { location, history, entries };
}

describe('the page’s token', () => {
  it('is taken from the printed address, which is then rewritten without it', () => {
    const page = pageAt('http://127.0.0.1:5123/?token=Abc-123_xyz');
    expect(takeTokenFromAddress(page.location, page.history)).toBe('Abc-123_xyz');
    expect(page.location.href).toBe('http://127.0.0.1:5123/');
    expect(page.entries.join(' ')).not.toContain('Abc-123_xyz');
  });

  it('leaves the rest of the address as it was', () => {
    const page = pageAt('http://127.0.0.1:5123/index.html?mode=drill&token=t0k&x=1#/runs/7');
    expect(takeTokenFromAddress(page.location, page.history)).toBe('t0k');
    expect(page.location.href).toBe('http://127.0.0.1:5123/index.html?mode=drill&x=1#/runs/7');
  });

  it('is empty after a reload, and the address is left alone', () => {
    const page = pageAt('http://127.0.0.1:5123/#/runs/7');
    expect(takeTokenFromAddress(page.location, page.history)).toBe('');
    expect(page.location.href).toBe('http://127.0.0.1:5123/#/runs/7');
  });
});
