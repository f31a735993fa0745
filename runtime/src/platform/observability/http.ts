import { createHash, randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress';
import { etag } from 'hono/etag';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';

const sha1 = (body: Uint8Array): ArrayBuffer => {
  const digest = createHash('sha1').update(body).digest();
  return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength) as ArrayBuffer;
};

/** Requests slower than this are logged as warnings. */
const slowSeconds = 1;

/**
 * Times every request, counts it by route pattern (`c.req.routePath`, so `/hall/cases/:id` and never an ID), and
 * logs it as one record carrying the request id (set before by hono/request-id and returned as X-Request-Id):
 * `info` normally, `warn` when slow, `error` for a 5xx.
 */
export function observeRequests(options: {
  log?: Logger;
  metrics?: Metrics;
}): MiddlewareHandler<{ Variables: { requestId: string } }> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const status = c.res.status;
    options.metrics?.observeRequest({ method: c.req.method, route: c.req.routePath, status, seconds });
    options.log?.({
      level: status >= 500 ? 'error' : seconds > slowSeconds ? 'warn' : 'info',
      msg: 'request',
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      route: c.req.routePath,
      status,
      ms: Math.round(seconds * 1000)
    });
  };
}

/**
 * hono/etag (weak tags, since compression changes the bytes) for what a browser may revalidate: JSON, pages and
 * scripts and styles. Left alone: event streams (hashing waits for a body that never ends), files and downloads
 * (hashing would hold the whole file before the first byte), answers that set a cookie (a 304 drops Set-Cookie),
 * and answers marked no-store (signed-in hall pages with their CSRF token) or immutable.
 */
export function revalidation(): MiddlewareHandler {
  // SHA-1 through node:crypto, at once: hono/etag's default (crypto.subtle) hands each body to a worker thread and
  // back, which cost more than the guide page itself (seen in a CPU profile of the bench's guide requests).
  const tag = etag({ weak: true, generateDigest: sha1 });
  // hono/etag takes an ETag already on the response instead of hashing; this one is taken off again below, and
  // no client can send it back since it is new in every process.
  const untagged = `"untagged-${randomUUID()}"`;
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    await tag(c, async () => {
      await next();
      // hono/etag looks at 2xx answers only; the rest (redirects, errors) pass as they are.
      if (c.res.ok && !c.res.headers.has('ETag') && !worthTagging(c.res)) c.res.headers.set('ETag', untagged);
    });
    if (c.res.headers.get('ETag')?.endsWith(untagged)) c.res.headers.delete('ETag');
  };
}

/**
 * `Vary: Accept-Encoding` on what hono/compress may compress, set on the response's headers before it looks: it
 * would add the header through `c.header`, which rebuilds a finished response around its body's stream and so takes
 * every answer off @hono/node-server's fast path, compressed or not. Goes right after compress().
 */
export function varyOnEncoding(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    if (headers.has('content-encoding') || !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(headers.get('content-type') ?? ''))
      return;
    const vary = headers.get('vary');
    if (vary === '*' || /(^|,)\s*accept-encoding\s*(,|$)/i.test(vary ?? '')) return;
    headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
  };
}

/** Pages, JSON, scripts and styles; not event streams, PDFs, images or archives. */
const revalidated = /^\s*(text\/(?!event-stream)|application\/([\w.-]+\+)?(json|javascript|xml)\b|image\/svg\+xml)/i;

function worthTagging(res: Response): boolean {
  const cacheControl = res.headers.get('cache-control') ?? '';
  return (
    revalidated.test(res.headers.get('content-type') ?? '') &&
    !/^\s*attachment/i.test(res.headers.get('content-disposition') ?? '') &&
    !res.headers.has('set-cookie') &&
    // no-store: never kept, so never revalidated; immutable: never revalidated while fresh.
    !/no-store|immutable/i.test(cacheControl) &&
    // Last: @hono/node-server answers a response whose body was never looked at straight from its string, and one
    // whose body was touched through web streams, several times slower (seen in a CPU profile of the guide page).
    res.body !== null
  );
}

/**
 * The weak ETag revalidation() would give `body`, for a route that has its answer as a string: set on the response,
 * it spares hono/etag cloning and hashing the body's stream.
 */
export const weakTag = (body: string): string => `W/"${createHash('sha1').update(body).digest('hex')}"`;
