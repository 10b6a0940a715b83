// Built web apps (the sign-in pages, the Console) served from memory: read once at start, compressed
// once in the background on libuv's threads (brotli at its best level takes ~0.5 s of CPU, too much to
// add to the cold start), hashed assets cached for a year, pages revalidated.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlib } from 'node:zlib';
import type { Context } from 'koa';

export type StaticFile = { body: Buffer; br: Promise<Buffer>; gzip: Promise<Buffer>; type: string; etag: string };

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Every file under `root`, keyed by its URL path under `urlPrefix` (which ends with `/`). */
export function loadStaticFiles(root: string, urlPrefix: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const full = path.join(directory, name);
      if (statSync(full).isDirectory()) {
        walk(full);
        continue;
      }
      const body = readFileSync(full);
      const urlPath = `${urlPrefix}${path.relative(root, full).split(path.sep).join('/')}`;
      files.set(urlPath, {
        body,
        br: brotli(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        gzip: gzipAsync(body, { level: 9 }),
        type: contentTypes[path.extname(name)] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      });
    }
  };
  walk(root);
  return files;
}

export async function sendStaticFile(ctx: Context, file: StaticFile, cacheControl: string): Promise<void> {
  ctx.set('Cache-Control', cacheControl);
  ctx.set('ETag', file.etag);
  ctx.set('Vary', 'Accept-Encoding');
  ctx.type = file.type;
  if (ctx.get('if-none-match') === file.etag) {
    ctx.status = 304;
    return;
  }
  // Our preference, not the client's list order: browsers list gzip first with the same weight,
  // and brotli is ~15% smaller here.
  const acceptEncoding = ctx.get('accept-encoding');
  const encoding = !acceptEncoding ? 'identity' : ctx.acceptsEncodings('br') ? 'br' : ctx.acceptsEncodings('gzip') ? 'gzip' : 'identity';
  ctx.status = 200;
  if (encoding === 'br') {
    ctx.set('Content-Encoding', 'br');
    ctx.body = await file.br;
  } else if (encoding === 'gzip') {
    ctx.set('Content-Encoding', 'gzip');
    ctx.body = await file.gzip;
  } else {
    ctx.body = file.body;
  }
}

