/**
 * How the browser host speaks to the renderer: one POST per call, one server-sent event stream
 * for events. The token travels in a header (calls) or the query string (the event stream,
 * which EventSource cannot give headers to).
 */
export const BROWSER_TOKEN_HEADER = 'x-wizard-token';
export const BROWSER_INVOKE_PATH = '/api/invoke/';
export const BROWSER_EVENTS_PATH = '/api/events';
export const BROWSER_TOKEN_COOKIE = 'wizard_token';
