import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { NewSession } from '../accounts/index.ts';
import { sessionCookieName } from './session-middleware.ts';

/** The browser's session cookie: HttpOnly, SameSite=Lax, Secure over https, lasting as long as the session. */
export function setSessionCookie(c: Context, session: NewSession, now: number): void {
  setCookie(c, sessionCookieName, session.token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isHttps(c),
    maxAge: Math.floor((session.expiresAt.getTime() - now) / 1000)
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, sessionCookieName, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isHttps(c) });
}

/** Whether the browser reached us over https, directly or through a proxy that terminates TLS. */
export function isHttps(c: Context): boolean {
  return (
    new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https'
  );
}

/**
 * Sign-in and registration carry no CSRF token (there is no session yet), so a page on another site must not be
 * able to post to them: browsers send Origin (and Sec-Fetch-Site) on such posts, which settles it. `allowed`
 * lists origins besides the site's own that may post (e.g. the studio's dev server).
 */
export function isCrossSite(c: Context, allowed: ReadonlySet<string> = new Set()): boolean {
  const origin = c.req.header('origin');
  if (origin !== undefined && allowed.has(origin)) return false;
  if (c.req.header('sec-fetch-site') === 'cross-site') return true;
  if (origin === undefined) return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return true;
  }
  return host !== new URL(c.req.url).host;
}

export const crossSiteMessage = '请求来自其他网站，已拒绝。请直接在本站页面登录或注册。';
