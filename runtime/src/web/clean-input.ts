import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { ApiError } from './errors.ts';

/** NUL, and a UTF-16 surrogate without its pair: text PostgreSQL cannot store, so refused at the door. */
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasUnstorableText(value: unknown, depth = 0): boolean {
  if (depth > 64) return true;
  if (typeof value === 'string') return unstorable.test(value);
  if (Array.isArray(value)) return value.some(v => hasUnstorableText(v, depth + 1));
  if (value && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => unstorable.test(k) || hasUnstorableText(v, depth + 1));
  return false;
}

const refuse = () =>
  new ApiError(400, 'request.unstorable-text', '输入中含有无法保存的字符（如空字符），请删除后重试。');

/**
 * The same door for a multipart body, which `cleanInput` leaves to its route: every text field and every file's
 * name (security-audit §1.13: a NUL in the `material` field was a 500).
 */
export function refuseUnstorableFields(form: FormData): void {
  for (const [name, value] of form.entries()) {
    if (unstorable.test(name)) throw refuse();
    const text = typeof value === 'string' ? value : ((value as Blob & { name?: string }).name ?? '');
    if (unstorable.test(text)) throw refuse();
  }
}

/**
 * Refuses, for every route, a path, query or JSON body holding text the database cannot store, or JSON nested
 * deeper than any form needs, before a handler sees it.
 */
export const cleanInput: MiddlewareHandler<AppEnv> = async (c, next) => {
  // The path and query as sent: the request's URL is already absolute and normalised (@hono/node-server builds it),
  // so it is cut after the authority rather than parsed again on every request.
  const url = c.req.url;
  const start = url.indexOf('/', url.indexOf('//') + 2);
  let path = start < 0 ? '/' : url.slice(start);
  if (path.includes('%'))
    try {
      path = decodeURIComponent(path);
    } catch {
      throw new ApiError(400, 'request.bad-encoding', '地址中有无效的编码。');
    }
  if (unstorable.test(path)) throw refuse();
  const type = c.req.header('content-type') ?? '';
  // Routes read any non-multipart body as JSON, whatever type it claims: check them all.
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !type.includes('multipart/')) {
    const text = await c.req.text();
    if (text.includes('\\u') || text.includes('\u0000')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined; // the route says it is not JSON
      }
      if (parsed !== undefined && hasUnstorableText(parsed)) throw refuse();
    }
  }
  await next();
};
