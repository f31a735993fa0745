import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { deleteCookie, setCookie } from 'hono/cookie';
import { audit } from '../audit/audit.ts';
import { sessionCookieName, sessionToken } from '../auth/middleware.ts';
import { verifyNothing, verifyPassword } from '../auth/passwords.ts';
import type { Principal } from '../auth/principal.ts';
import { checkLoginThrottle, recordLoginFailure } from '../auth/rate-limit.ts';
import { LoginRequest, OrganisationRegistration, PersonRegistration, type ApplicantRegistration } from '../auth/registration.ts';
import { createSession, revokeSession, type NewSession } from '../auth/sessions.ts';
import { createApplicant, findByLogin } from '../auth/users.ts';
import { dateOf } from '../calendar/time.ts';
import type { Db } from '../store/db.ts';
import type { AppEnv } from './env.ts';
import { ApiError, unauthenticated } from './errors.ts';
import { jsonBody } from './validate.ts';
import { peerAddress } from './peer.ts';

export interface AuthRouteOptions {
  now?: () => number;
  /**
   * The client's address, for throttling and the audit log. By default the socket's peer (Node server); behind a
   * reverse proxy pass one that reads the header the proxy sets.
   */
  clientIp?: (c: Context) => string;
  /** Origins besides the site's own that may post to sign-in and registration (e.g. the studio's dev server). */
  allowedOrigins?: readonly string[];
}

const socketIp = (c: Context) => peerAddress(c) ?? 'unknown';

/** Sign-in, registration, sign-out and who-am-I; mounted at `/api/auth` behind `sessionMiddleware`. */
export function authRoutes(db: Db, options: AuthRouteOptions = {}): Hono<AppEnv> {
  const now = options.now ?? Date.now;
  const clientIp = options.clientIp ?? socketIp;
  const allowed = new Set(options.allowedOrigins ?? []);
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  const register = async (c: Context<AppEnv>, schema: z.ZodType<ApplicantRegistration>) => {
    refuseCrossSite(c, allowed);
    const input = await jsonBody(c, schema);
    const at = now();
    const ip = clientIp(c);
    const login = input.kind === 'person' ? input.idNumber : input.creditCode;
    try {
      const { principal, session } = await db.transaction(async tx => {
        const principal = await createApplicant(tx, input);
        const session = await createSession(tx, principal.id, at);
        await audit(tx, { actor: principal, action: 'auth.register', outcome: 'ok', target: login, ip });
        return { principal, session };
      });
      setSessionCookie(c, session, at);
      return c.json({ principal, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() }, 201);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'auth.exists') {
        await audit(db, { actor: undefined, action: 'auth.register', outcome: 'rejected', target: login, ip, detail: { reason: 'exists' } });
      }
      throw error;
    }
  };
  app.post('/register/person', c => register(c, PersonRegistration(dateOf(now()))));
  app.post('/register/organisation', c => register(c, OrganisationRegistration));

  app.post('/login', async c => {
    refuseCrossSite(c, allowed);
    const body = await jsonBody(c, LoginRequest);
    const at = now();
    const attempt = { login: body.login, ip: clientIp(c) };
    const user = await findByLogin(db, body.login);
    // What was typed as a login is recorded only when it names an account: it may be a password typed in the wrong box.
    const record = (outcome: 'denied' | 'rejected', reason: string, actor?: Principal) =>
      audit(db, { actor, action: 'auth.login', outcome, ip: attempt.ip, detail: { reason }, ...(user ? { target: body.login } : {}) });

    try {
      await checkLoginThrottle(db, attempt, at);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 429) throw error;
      await record('denied', 'throttled');
      return c.json(error.body(), 429, { 'Retry-After': String(error.details.retryAfterSeconds) });
    }

    const matches = user ? await verifyPassword(user.passwordHash, body.password) : await verifyNothing(body.password);
    if (!user || !matches) {
      await recordLoginFailure(db, attempt, at);
      await record('rejected', user ? 'wrong-password' : 'unknown-login');
      throw new ApiError(401, 'auth.invalid', '账号或密码不正确。');
    }
    // Only someone who knows the password learns that the account is disabled.
    if (user.disabled) {
      await record('denied', 'disabled', user.principal);
      throw new ApiError(403, 'auth.disabled', '该账号已停用，如有疑问请联系平台客服。');
    }

    const session = await db.transaction(async tx => {
      const session = await createSession(tx, user.principal.id, at);
      await audit(tx, { actor: user.principal, action: 'auth.login', outcome: 'ok', target: body.login, ip: attempt.ip });
      return session;
    });
    const answer = { principal: user.principal, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
    if (body.bearer) return c.json({ ...answer, token: session.token });
    setSessionCookie(c, session, at);
    return c.json(answer);
  });

  app.post('/logout', async c => {
    const principal = c.get('principal');
    const carried = sessionToken(c);
    if (principal && carried) {
      await revokeSession(db, carried.token, now());
      await audit(db, { actor: principal, action: 'auth.logout', outcome: 'ok', ip: clientIp(c) });
    }
    deleteCookie(c, sessionCookieName, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isHttps(c) });
    return c.json({ signedOut: true });
  });

  app.get('/me', c => {
    const principal = c.get('principal');
    if (!principal) throw unauthenticated();
    return c.json({ principal, csrfToken: c.get('csrfToken') });
  });

  return app;
}

function setSessionCookie(c: Context, session: NewSession, now: number): void {
  setCookie(c, sessionCookieName, session.token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isHttps(c),
    maxAge: Math.floor((session.expiresAt.getTime() - now) / 1000)
  });
}

/** Whether the browser reached us over https, directly or through a proxy that terminates TLS. */
function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/**
 * Sign-in and registration carry no CSRF token (there is no session yet), so a page on another site must not be
 * able to post to them: browsers send Origin (and Sec-Fetch-Site) on such posts, which settles it.
 */
function refuseCrossSite(c: Context, allowed: ReadonlySet<string>): void {
  const refuse = () => new ApiError(403, 'auth.cross-site', '请求来自其他网站，已拒绝。请直接在本站页面登录或注册。');
  const origin = c.req.header('origin');
  if (origin !== undefined && allowed.has(origin)) return;
  if (c.req.header('sec-fetch-site') === 'cross-site') throw refuse();
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw refuse();
  }
  if (host !== new URL(c.req.url).host) throw refuse();
}
