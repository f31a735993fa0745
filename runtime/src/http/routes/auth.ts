import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { sessionToken } from '../../web/session-middleware.ts';
import {
  LoginRequest,
  OrganisationRegistration,
  PersonRegistration,
  RegistrationCode,
  type ApplicantRegistration,
  confirmRegistration,
  startRegistration,
  changePassword,
  signIn,
  signOut,
  signOutEverywhere,
  revokeSession,
  Password
} from '../../accounts/index.ts';
import { clearSessionCookie, crossSiteMessage, isCrossSite, setSessionCookie } from '../../web/cookies.ts';
import { dateOf } from '@banshi/definition/calendar';
import type { Db } from '../../platform/db/db.ts';
import type { AppEnv } from '../../web/env.ts';
import { ApiError, unauthenticated } from '../../web/errors.ts';
import { jsonBody } from '../../web/validate.ts';
import { peerAddress } from '../../web/peer.ts';

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

/**
 * Sign-in, registration (the form, then the code sent by SMS), sign-out and who-am-I; mounted at `/api/auth` behind
 * `sessionMiddleware`. The work is in auth/sign-in.ts and auth/registration-codes.ts, which the hall's pages share.
 */
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
    return c.json(await startRegistration(db, input, { ip: clientIp(c), now: now() }), 202);
  };
  app.post('/register/person', c => register(c, PersonRegistration(dateOf(now()))));
  app.post('/register/organisation', c => register(c, OrganisationRegistration));
  app.post('/register/confirm', async c => {
    refuseCrossSite(c, allowed);
    const body = await jsonBody(c, RegistrationCode);
    const at = now();
    const { principal, session } = await confirmRegistration(db, body, { ip: clientIp(c), now: at });
    setSessionCookie(c, session, at);
    return c.json({ principal, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() }, 201);
  });

  app.post('/login', async c => {
    refuseCrossSite(c, allowed);
    const body = await jsonBody(c, LoginRequest);
    const at = now();
    const signedIn = await signIn(db, {
      login: body.login,
      password: body.password,
      newPassword: body.newPassword,
      ip: clientIp(c),
      now: at
    });
    const { principal, session } = signedIn;
    // Signing in again replaces the session this client had: the old token no longer signs anyone in.
    const previous = sessionToken(c)?.token;
    if (previous) await revokeSession(db, previous, at);
    const answer = { principal, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
    if (body.bearer) return c.json({ ...answer, token: session.token });
    setSessionCookie(c, session, at);
    return c.json(answer);
  });

  app.post('/logout', async c => {
    // The body is optional ({"everywhere": true}); anything else, or none, signs out this session only.
    const body: unknown = await c.req.json().catch(() => undefined);
    const everywhere =
      typeof body === 'object' && body !== null && (body as { everywhere?: unknown }).everywhere === true;
    const principal = c.get('principal');
    if (everywhere && principal) await signOutEverywhere(db, principal, { ip: clientIp(c), now: now() });
    else await signOut(db, principal, sessionToken(c)?.token, { ip: clientIp(c), now: now() });
    clearSessionCookie(c);
    return c.json({ signedOut: true, everywhere });
  });

  app.post('/password', async c => {
    const principal = c.get('principal');
    if (!principal) throw unauthenticated();
    const body = await jsonBody(c, PasswordChange);
    const at = now();
    const session = await changePassword(db, principal, body, { ip: clientIp(c), now: at });
    const bearer = sessionToken(c)?.via === 'bearer';
    if (!bearer) setSessionCookie(c, session, at);
    return c.json({
      changed: true,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
      ...(bearer ? { token: session.token } : {})
    });
  });

  app.get('/me', c => {
    const principal = c.get('principal');
    if (!principal) throw unauthenticated();
    return c.json({ principal, csrfToken: c.get('csrfToken') });
  });

  return app;
}

const PasswordChange = z
  .object({ current: z.string().min(1, '请填写当前密码').max(1024), password: Password })
  .strict();

/** Sign-in and registration carry no CSRF token: a post from another site is refused by its Origin instead. */
function refuseCrossSite(c: Context, allowed: ReadonlySet<string>): void {
  if (isCrossSite(c, allowed)) throw new ApiError(403, 'auth.cross-site', crossSiteMessage);
}
