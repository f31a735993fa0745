import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from './env.ts';
import { ApiError } from './errors.ts';
import type { Sql } from '../platform/db/db.ts';
import { resolveSession } from '../accounts/index.ts';

export const sessionCookieName = 'banshi_session';

/**
 * Unsafe requests that need no CSRF token even with a session cookie: signing in and registering start a new
 * session, and their routes (the API's and the hall's pages) refuse a cross-site Origin instead.
 */
export const csrfExemptPaths: readonly string[] = [
  '/api/auth/login',
  '/api/auth/register/person',
  '/api/auth/register/organisation',
  '/api/auth/register/confirm',
  '/hall/login',
  '/hall/register/person',
  '/hall/register/organisation',
  '/hall/register/code'
];

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const formTypes = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

export interface SessionOptions {
  now?: () => number;
  /** Paths (as `c.req.path`) that skip the CSRF check; `csrfExemptPaths` when absent. */
  csrfExempt?: readonly string[];
}

/** The session token a request carries: `Authorization: Bearer` (API clients) before the cookie (browsers). */
export function sessionToken(c: Context): { token: string; via: 'bearer' | 'cookie' } | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer) return { token: bearer, via: 'bearer' };
  const cookie = getCookie(c, sessionCookieName);
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

/**
 * Sets `principal` and `csrfToken` from the session, if any. A browser session (cookie) must send its CSRF token
 * with every unsafe request, in `X-CSRF-Token` or a form's `_csrf` field, or the request is a 403 `auth.csrf`: a
 * cookie rides along on cross-site requests, a header or a token in the page does not. A bearer token is never
 * sent by a browser on its own, so it needs none.
 */
export function sessionMiddleware(db: Sql, options: SessionOptions = {}): MiddlewareHandler<AppEnv> {
  const now = options.now ?? Date.now;
  const exempt = new Set(options.csrfExempt ?? csrfExemptPaths);
  return async (c, next) => {
    c.set('principal', undefined);
    c.set('csrfToken', undefined);
    const carried = sessionToken(c);
    const session = carried && (await resolveSession(db, carried.token, now()));
    if (carried && session) {
      if (
        carried.via === 'cookie' &&
        unsafeMethods.has(c.req.method) &&
        !exempt.has(c.req.path) &&
        !sameToken(await sentCsrfToken(c), session.csrfToken)
      ) {
        throw new ApiError(403, 'auth.csrf', '页面已过期，请刷新后重试。');
      }
      c.set('principal', session.principal);
      c.set('csrfToken', session.csrfToken);
    }
    await next();
  };
}

async function sentCsrfToken(c: Context): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  if (!formTypes.test(c.req.header('content-type') ?? '')) return undefined;
  try {
    const field = (await c.req.parseBody())['_csrf'];
    return typeof field === 'string' ? field : undefined;
  } catch {
    return undefined;
  }
}

function sameToken(sent: string | undefined, expected: string): boolean {
  if (!sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
