import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, gzip, gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { parseAccept } from 'hono/utils/accept';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress';
import { etag } from 'hono/etag';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';

const gzipAsync = promisify(gzip);

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
      if (!c.res.ok) return;
      if (!c.res.headers.has('ETag')) {
        if (!worthTagging(c.res)) c.res.headers.set('ETag', untagged);
      } else if (c.res.headers.has('set-cookie') || /no-store/i.test(c.res.headers.get('cache-control') ?? '')) {
        // A route's own tag (a hall page's) on an answer that sets a cookie or is never kept: no 304 for it.
        c.res.headers.set('ETag', untagged);
      }
    });
    if (c.res.headers.get('ETag')?.endsWith(untagged)) c.res.headers.delete('ETag');
  };
}

/**
 * Bodies at least this long are compressed when kept by their tag (hono/compress's threshold): below it gzip's header
 * outweighs the gain.
 */
const compressFromBytes = 1024;
/**
 * An answer made for one request is compressed from this length. Below it gzip saves a TCP segment or two of a
 * first flight that carries up to 14 KB either way (an initial window of 10 segments, RFC 6928), so no round trip,
 * and it costs more than that is worth: a staff command's answer (2.5 KB of JSON, 1.2 KB gzipped) spent a twentieth
 * of the runtime's CPU a command in zlib (perf's cpu-clock samples of the first review through HTTP at 8
 * connections, the store bench's driver, 2026-12-05).
 * Hall pages drawn per request are longer than this, and still compressed.
 */
const compressPerRequestFromBytes = 4096;
/** Bodies longer than this are compressed on libuv's thread pool, so a big export does not hold the event loop. */
const compressInlineBytes = 256 * 1024;
/** A `Content-Length` above this is sent as it is: a file read from disk, not an answer made in memory. */
const compressAtMostBytes = 16 * 1024 * 1024;
/**
 * An answer compressed for one request takes zlib's fastest level (nginx's own default, gzip_comp_level 1): for the
 * runtime's answers, pages and JSON of 2-10 KB, it costs a sixth to a third less CPU than the default level for
 * 3-8 % more bytes (9 KB of JSON: 48 µs against 76, 3.0 KB out against 2.8). An answer kept by its tag is compressed
 * once and sent many times, so it takes zlib's default level, the smaller output.
 */
const perRequestLevel = constants.Z_BEST_SPEED;
const keptLevel = constants.Z_DEFAULT_COMPRESSION;
const noTransform = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
const varyEncoding = /(?:^|,)\s*accept-encoding\s*(?:,|$)/i;

/**
 * gzip for pages, JSON, scripts and styles the client accepts it for, with `Vary: Accept-Encoding` on all of them,
 * compressed or not. The runtime's answers are made in memory (strings and byte arrays; files come with their
 * length), so each is compressed in one call: zlib's one-shot gzip costs a sixth of the CPU of hono/compress's
 * CompressionStream, whose web streams and thread-pool hand-offs took a fifth of the runtime's time on the
 * command path (a CPU profile of the store bench's HTTP drive). Answers that carry an ETag (guide pages,
 * public hall pages, tagged JSON) are compressed once per tag and kept (least recently used first out, `maxBytes`
 * in all): a tag names the exact bytes. Left as they are: a HEAD, 204, 206 and 304, what is encoded already,
 * `Cache-Control: no-transform`, event streams and files (PDFs, images, archives), and bodies longer than
 * `compressAtMostBytes` by their `Content-Length`. A route that streams a compressible answer of unknown length
 * marks it `no-transform` (an event stream needs nothing: its type is not compressible).
 */
export function compression(options: { maxBytes?: number } = {}): MiddlewareHandler {
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const kept = new Map<string, Uint8Array>();
  let keptBytes = 0;
  const keep = (tag: string, gzipped: Uint8Array) => {
    if (gzipped.byteLength > maxBytes / 4) return;
    kept.set(tag, gzipped);
    keptBytes += gzipped.byteLength;
    for (const [oldest, bytes] of kept) {
      if (keptBytes <= maxBytes) break;
      kept.delete(oldest);
      keptBytes -= bytes.byteLength;
    }
  };
  return async (c, next) => {
    await next();
    const res = c.res;
    const headers = res.headers;
    if (headers.has('content-encoding') || !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(headers.get('content-type') ?? ''))
      return;
    // Set on the response's own headers: Hono's `c.header` would rebuild a finished response around its body's
    // stream, which takes it off @hono/node-server's fast path.
    const vary = headers.get('vary');
    if (vary !== '*' && !varyEncoding.test(vary ?? ''))
      headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const length = headers.get('content-length');
    if (
      c.req.method === 'HEAD' ||
      [204, 206, 304].includes(res.status) ||
      headers.has('transfer-encoding') ||
      (length !== null && (Number(length) < compressFromBytes || Number(length) > compressAtMostBytes)) ||
      noTransform.test(headers.get('cache-control') ?? '') ||
      !acceptsGzip(c.req.header('accept-encoding'))
    )
      return;
    // A tag is kept only for a GET's 200: other answers may share a route's tag without its bytes.
    const tag = c.req.method === 'GET' && res.status === 200 ? headers.get('etag') : null;
    let gzipped = tag ? kept.get(tag) : undefined;
    if (gzipped) {
      kept.delete(tag!);
      kept.set(tag!, gzipped);
    } else {
      const threshold = tag ? compressFromBytes : compressPerRequestFromBytes;
      // Too small to gain, and still as the route made it (a staff command's answer): left as it is, and the server
      // writes its length; nothing copied or rebuilt.
      const made = keptBody(res);
      if (made !== undefined && (typeof made === 'string' ? Buffer.byteLength(made) : made.byteLength) < threshold)
        return;
      const body = await bodyBytes(res, made);
      // Too small to gain: sent as it is, the bytes already read.
      if (body.byteLength < threshold) return answer(c, res, body);
      const level = tag ? keptLevel : perRequestLevel;
      gzipped = body.byteLength <= compressInlineBytes ? gzipSync(body, { level }) : await gzipAsync(body, { level });
      if (tag) keep(tag, gzipped);
    }
    return answer(c, res, gzipped, 'gzip');
  };
}

/**
 * The bytes of an answer's body. @hono/node-server's lightweight Response keeps a body given as a string or bytes as
 * it is, under a symbol it describes as "cache", and writes it straight from there; `arrayBuffer()` would first build
 * undici's Response and a web stream around the body (2 % of the runtime's CPU on staff commands). Any other
 * response, or a version of the server that keeps it otherwise, is read the standard way. A caller that has already
 * looked (`keptBody`) passes what it found.
 */
export async function bodyBytes(res: Response, kept = keptBody(res)): Promise<Uint8Array> {
  if (typeof kept === 'string') return Buffer.from(kept, 'utf8');
  if (kept) return kept;
  return new Uint8Array(await res.arrayBuffer());
}

/** The string or bytes @hono/node-server's lightweight Response keeps as its body (see bodyBytes), read without using it. */
export function keptBody(res: Response): string | Uint8Array | undefined {
  const key = Object.getOwnPropertySymbols(res).find(s => s.description === 'cache');
  const kept: unknown = key ? (res as unknown as Record<symbol, unknown[]>)[key]?.[1] : undefined;
  return typeof kept === 'string' || kept instanceof Uint8Array ? kept : undefined;
}

/** Whether an Accept-Encoding takes gzip: named with a q above 0, or left to a `*` above 0. */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  const accepts = parseAccept(header);
  const choice =
    accepts.find(a => ['gzip', 'x-gzip'].includes(a.type.toLowerCase())) ?? accepts.find(a => a.type === '*');
  return (choice?.q ?? 0) > 0;
}

/**
 * `res`'s status and headers with `body`; a strong ETag becomes weak when the bytes are compressed (they are no
 * longer the ones it named). Hono's `c.res = …` rebuilds the new response around its body's stream when one is
 * already set (which would take it off @hono/node-server's fast path); cleared first, it is taken as is.
 */
function answer(c: Context, res: Response, body: Uint8Array, encoding?: 'gzip'): void {
  const headers = new Headers(res.headers);
  headers.set('content-length', String(body.byteLength));
  if (encoding) {
    headers.set('content-encoding', encoding);
    const tag = headers.get('etag');
    if (tag && !tag.startsWith('W/')) headers.set('etag', `W/${tag}`);
  }
  c.res = undefined;
  c.res = new Response(body as BodyInit, { status: res.status, headers });
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
