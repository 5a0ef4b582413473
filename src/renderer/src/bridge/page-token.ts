import { BROWSER_TOKEN_QUERY } from '../../../shared/browser-protocol';

/** The parts of the page's `location` and `history` the token is taken with. */
export interface PageAddress {
  readonly href: string;
}
export interface PageHistory {
  readonly state: unknown;
  replaceState(state: unknown, unused: string, url: string): void;
}

/**
 * The browser host's token, taken from the address the host printed, which is then rewritten
 * without it: from here on the token is in no URL (address bar, history, Referer) and no cookie,
 * only in this page's memory. A reload therefore starts without it, and the page asks for the
 * printed address again.
 */
export function takeTokenFromAddress(location: PageAddress, history: PageHistory): string {
  const url = new URL(location.href);
  const token = url.searchParams.get(BROWSER_TOKEN_QUERY);
  if (token === null) return '';
  url.searchParams.delete(BROWSER_TOKEN_QUERY);
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return token;
}
