import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * The renderer's files as the browser host sends them: compressed when the browser accepts it,
 * and cached by the browser when their name carries their content's hash (the build's assets/),
 * so a reload compiles nothing again. The page itself is never cached: it names the current build.
 */

const HASHED_ASSETS = /^\/assets\//;
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt)$/i;
// A middle quality: each file is compressed once per start, on its first request.
const BROTLI_QUALITY = 5;

export interface StaticFile {
  body: Buffer;
  headers: Record<string, string>;
}

type Encoding = 'br' | 'gzip' | 'identity';

function chooseEncoding(acceptEncoding: string | undefined, file: string): Encoding {
  if (!COMPRESSIBLE.test(file)) return 'identity';
  const accepted = (acceptEncoding ?? '').toLowerCase();
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return 'identity';
}

export type ServeFile = (
  file: string,
  pathname: string,
  acceptEncoding: string | undefined,
  /** The file's content as this response sends it (the page with its start data), compressed but not kept. */
  content?: Buffer,
) => StaticFile;

function compress(raw: Buffer, encoding: Encoding): Buffer {
  if (encoding === 'br')
    return brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } });
  return encoding === 'gzip' ? gzipSync(raw) : raw;
}

export function staticFiles(): ServeFile {
  const cache = new Map<string, Buffer>();
  const bodyOf = (file: string, encoding: Encoding): Buffer => {
    const key = `${encoding}:${file}`;
    const known = cache.get(key);
    if (known) return known;
    const body = compress(readFileSync(file), encoding);
    cache.set(key, body);
    return body;
  };
  return (file, pathname, acceptEncoding, content) => {
    const encoding = chooseEncoding(acceptEncoding, file);
    return {
      body: content ? compress(content, encoding) : bodyOf(file, encoding),
      headers: {
        'cache-control': HASHED_ASSETS.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-store',
        vary: 'accept-encoding',
        ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
      },
    };
  };
}
