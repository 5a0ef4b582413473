/**
 * How the browser host speaks to the renderer: one POST per call, one server-sent event stream
 * for events, read with fetch so that both carry the token in a header. The token is in the
 * printed address only; the page takes it from there and removes it from the address bar.
 */
export const BROWSER_TOKEN_HEADER = 'x-wizard-token';
export const BROWSER_INVOKE_PATH = '/api/invoke/';
export const BROWSER_EVENTS_PATH = '/api/events';
export const BROWSER_TOKEN_QUERY = 'token';
