import { readFileSync } from 'node:fs';
import { protocol } from 'electron';
import type { HandlerTable } from '../app/dispatch';
import { CONTENT_SECURITY_POLICY, contentTypeOf, resolveRendererFile } from '../app/renderer-files';
import { pageWithStartData } from '../app/start-data';
import { APP_SCHEME, isTrustedUrl } from './security-restrictions';

/**
 * Serves the renderer from a custom scheme instead of file:// (checklist 18), so the page has a
 * real origin that IPC sender checks can compare against.
 */

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** `handlers`: the page carries the answers to Start's first calls (app/start-data.ts), read through them. */
export function serveRenderer(rendererDirectory: string, handlers: HandlerTable): void {
  const pagePath = resolveRendererFile(rendererDirectory, '/');
  protocol.handle(APP_SCHEME, async (request) => {
    // A standard scheme hands every host to this handler: only the wizard's own host is served.
    if (!isTrustedUrl(request.url)) return plainResponse(403, 'Refused: not the wizard');
    const file = resolveRendererFile(rendererDirectory, new URL(request.url).pathname);
    if (!file) return plainResponse(404, 'Not found');
    const body = file === pagePath ? await pageWithStartData(readFileSync(file), handlers) : readFileSync(file);
    return new Response(body, { headers: { ...SECURITY_HEADERS, 'content-type': contentTypeOf(file) } });
  });
}

// Each response carries the policy itself, so it does not depend on the session's header hook
// reaching the responses of a custom protocol.
const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
};

function plainResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}
