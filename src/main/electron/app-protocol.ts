import { readFileSync } from 'node:fs';
import { protocol } from 'electron';
import { contentTypeOf, resolveRendererFile } from '../app/renderer-files';
import { APP_SCHEME } from './security-restrictions';

/**
 * Serves the renderer from a custom scheme instead of file:// (checklist 18), so the page has a
 * real origin that IPC sender checks can compare against.
 */

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDirectory: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const file = resolveRendererFile(rendererDirectory, new URL(request.url).pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(readFileSync(file), { headers: { 'content-type': contentTypeOf(file) } });
  });
}
