import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { staticFiles } from '../../../../src/main/browser-host/static-files';
import { tempDirectory } from '../../support/harness';

describe('the renderer files the browser host sends', () => {
  const folder = tempDirectory('static-files');
  const script = join(folder, 'index-AbC123.js');
  const text = 'export const page = "start";\n'.repeat(500);
  writeFileSync(script, text);
  const page = join(folder, 'index.html');
  writeFileSync(page, '<!doctype html><title>wizard</title>');

  it('compresses with brotli, else gzip, else not at all, and each decodes to the file', () => {
    const serve = staticFiles();
    const br = serve(script, '/assets/index-AbC123.js', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(text);
    expect(br.body.length).toBeLessThan(text.length / 10);
    const gzip = serve(script, '/assets/index-AbC123.js', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(text);
    const plain = serve(script, '/assets/index-AbC123.js', undefined);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(text);
  });

  it('lets the browser keep hashed assets and never the page, which names the current build', () => {
    const serve = staticFiles();
    expect(serve(script, '/assets/index-AbC123.js', 'br').headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(serve(page, '/', 'br').headers['cache-control']).toBe('no-store');
  });
});
